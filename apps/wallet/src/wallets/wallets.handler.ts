import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuditListRequest,
  CreateWalletRequest,
  ListRequest,
  UpdateWalletRequest,
  WALLET_AUDIT_LIST,
  WALLET_WALLETS_ARCHIVE,
  WALLET_WALLETS_BALANCE,
  WalletBalanceRequest,
  WALLET_WALLETS_CREATE,
  WALLET_WALLETS_GET,
  WALLET_WALLETS_LIST,
  WALLET_WALLETS_UPDATE,
  WalletIdRequest,
} from '@tronpay/models';
import { BalanceService } from '../balances/balance.service';
import { WalletsService } from './wallets.service';

@Controller()
export class WalletsHandler {
  constructor(
    private readonly wallets: WalletsService,
    private readonly balances: BalanceService,
  ) {}

  @MessagePattern(WALLET_WALLETS_CREATE)
  create(@Payload() request: CreateWalletRequest) {
    return this.wallets.create(request);
  }

  @MessagePattern(WALLET_WALLETS_UPDATE)
  update(@Payload() request: UpdateWalletRequest) {
    return this.wallets.update(request);
  }

  @MessagePattern(WALLET_WALLETS_ARCHIVE)
  archive(@Payload() request: WalletIdRequest) {
    return this.wallets.archive(request.id, request.requestedBy ?? 'unknown');
  }

  @MessagePattern(WALLET_WALLETS_GET)
  get(@Payload() request: WalletIdRequest) {
    return this.wallets.get(request.id);
  }

  @MessagePattern(WALLET_WALLETS_LIST)
  list(@Payload() request: ListRequest) {
    return this.wallets.list(request.limit, request.cursor);
  }

  @MessagePattern(WALLET_AUDIT_LIST)
  audit(@Payload() request: AuditListRequest) {
    return this.wallets.auditTrail(request.walletId, request.limit, request.cursor);
  }

  @MessagePattern(WALLET_WALLETS_BALANCE)
  balance(@Payload() request: WalletBalanceRequest) {
    return this.balances.get(request.id, request.refresh ?? false);
  }
}
