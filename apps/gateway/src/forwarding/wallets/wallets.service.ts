import { Injectable } from '@nestjs/common';
import {
  AuditView,
  LockStateReply,
  Page,
  WALLET_AUDIT_LIST,
  WALLET_LOCK,
  WALLET_UNLOCK,
  WALLET_WALLETS_ARCHIVE,
  WALLET_WALLETS_BALANCE,
  WALLET_WALLETS_CREATE,
  WALLET_WALLETS_GET,
  WALLET_WALLETS_LIST,
  WALLET_WALLETS_UPDATE,
  WalletBalanceView,
  WalletView,
} from '@tronpay/models';
import { actorOf, Principal } from '../../auth/principal';
import { GatewayError } from '../../http/gateway.errors';
import { isUuid, ListQuery } from '../../http/pagination';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { Created, Forwarder } from '../forwarder.service';
import { routeId } from '../route-ids';
import { base58 } from '../tron-values';
import { publicErrorOf } from '../transport-errors';
import type { CreateWalletDto, UpdateWalletDto } from './wallets.dto';

export interface WalletDetail extends WalletView {
  /** TRX and USDT in whole units, energy and bandwidth available now; null when the chain cannot be read now. */
  balance: Omit<WalletBalanceView, 'walletId'> | null;
  /** Why `balance` is null. */
  balanceError?: { code: string; message: string };
}

const invalid = (message: string) => GatewayError.badRequest('validation_failed', message, [message]);

/** Wallets live in the wallet service; this checks what HTTP brings and forwards it with the requester. */
@Injectable()
export class WalletsService {
  constructor(private readonly forwarder: Forwarder) {}

  create(request: IdempotentRequest, dto: CreateWalletDto): Promise<Created<WalletView>> {
    const payload = { ...this.shape(dto), requestedBy: actorOf(request.principal) };
    return this.forwarder.create(request, WALLET_WALLETS_CREATE, payload);
  }

  list(query: ListQuery): Promise<Page<WalletView>> {
    if (query.cursor !== undefined && !isUuid(query.cursor)) throw GatewayError.badRequest('invalid_cursor', 'cursor is not one this API returned');
    return this.forwarder.request(WALLET_WALLETS_LIST, { limit: query.limit, cursor: query.cursor });
  }

  async get(rawId: string, refresh = false): Promise<WalletDetail> {
    const id = routeId(rawId, 'wallet');
    const [wallet, balance] = await Promise.all([
      this.forwarder.request<WalletView>(WALLET_WALLETS_GET, { id }),
      this.forwarder.request<WalletBalanceView>(WALLET_WALLETS_BALANCE, { id, refresh }).catch((e: unknown) => e),
    ]);
    if (balance instanceof GatewayError) {
      if (balance.getStatus() === 404) throw balance;
      return { ...wallet, balance: null, balanceError: publicErrorOf(balance) };
    }
    if (balance instanceof Error) throw balance;
    const { walletId: _, ...figures } = balance as WalletBalanceView;
    return { ...wallet, balance: figures };
  }

  update(principal: Principal, rawId: string, dto: UpdateWalletDto): Promise<WalletView> {
    const id = routeId(rawId, 'wallet');
    if (dto.label === undefined && dto.category === undefined && dto.owner === undefined) {
      throw invalid('body must set label, category or owner');
    }
    return this.forwarder.request(WALLET_WALLETS_UPDATE, { id, ...dto, requestedBy: actorOf(principal) });
  }

  archive(principal: Principal, rawId: string): Promise<WalletView> {
    return this.forwarder.request(WALLET_WALLETS_ARCHIVE, { id: routeId(rawId, 'wallet'), requestedBy: actorOf(principal) });
  }

  audit(rawId: string, query: ListQuery): Promise<Page<AuditView>> {
    const walletId = routeId(rawId, 'wallet');
    if (query.cursor !== undefined && !/^\d{1,19}$/.test(query.cursor)) throw GatewayError.badRequest('invalid_cursor', 'cursor is not one this API returned');
    return this.forwarder.request(WALLET_AUDIT_LIST, { walletId, limit: query.limit, cursor: query.cursor });
  }

  unlock(principal: Principal, passphrase: string): Promise<LockStateReply> {
    return this.forwarder.request(WALLET_UNLOCK, { passphrase, requestedBy: actorOf(principal) });
  }

  lock(principal: Principal): Promise<LockStateReply> {
    return this.forwarder.request(WALLET_LOCK, { requestedBy: actorOf(principal) });
  }

  /** What each kind needs, checked here so a client hears it as a 400 naming the field. */
  private shape(dto: CreateWalletDto) {
    if (dto.kind === 'hot' && dto.address !== undefined) throw invalid('address must not be given for a hot wallet: its key is derived here');
    if (dto.kind !== 'hot' && dto.address === undefined) throw invalid(`address is required for a ${dto.kind} wallet`);
    const multisig = dto.kind === 'multisig';
    if (multisig && (dto.threshold === undefined || !dto.signers?.length)) throw invalid('threshold and signers are required for a multisig wallet');
    if (!multisig && (dto.threshold !== undefined || dto.signers !== undefined || dto.permissionId !== undefined)) {
      throw invalid('threshold, signers and permissionId are for multisig wallets only');
    }
    return {
      label: dto.label,
      kind: dto.kind,
      ...(dto.address !== undefined ? { address: base58(dto.address) } : {}),
      ...(dto.category !== undefined ? { category: dto.category } : {}),
      ...(dto.owner !== undefined ? { owner: dto.owner } : {}),
      ...(multisig
        ? { threshold: dto.threshold, permissionId: dto.permissionId, signers: (dto.signers ?? []).map((s) => ({ address: base58(s.address), weight: s.weight ?? 1 })) }
        : {}),
    };
  }
}
