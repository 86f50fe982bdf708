import { Injectable } from '@nestjs/common';
import {
  STAKING_CANCEL_UNFREEZES,
  STAKING_CLAIM_REWARDS,
  STAKING_DELEGATE,
  STAKING_FREEZE,
  STAKING_GET,
  STAKING_UNDELEGATE,
  STAKING_UNFREEZE,
  STAKING_VOTE,
  STAKING_WITHDRAW,
  StakingOperationView,
  StakingView,
} from '@tronpay/models';
import { actorOf } from '../../auth/principal';
import { GatewayError } from '../../http/gateway.errors';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { Created, Forwarder } from '../forwarder.service';
import { routeId } from '../route-ids';
import { base58, canonicalAmount } from '../tron-values';
import type { DelegateDto, StakeDto, StakingWalletDto, UndelegateDto, VotesDto } from './staking.dto';

type Operation = Promise<Created<StakingOperationView>>;

/** Stake 2.0 operations belong to the staking service; each one is a creating command under the request's key. */
@Injectable()
export class StakingService {
  constructor(private readonly forwarder: Forwarder) {}

  freeze(request: IdempotentRequest, dto: StakeDto): Operation {
    return this.send(request, STAKING_FREEZE, this.stake(dto));
  }

  unfreeze(request: IdempotentRequest, dto: StakeDto): Operation {
    return this.send(request, STAKING_UNFREEZE, this.stake(dto));
  }

  withdraw(request: IdempotentRequest, dto: StakingWalletDto): Operation {
    return this.send(request, STAKING_WITHDRAW, { walletId: dto.walletId.toLowerCase() });
  }

  cancelUnfreezes(request: IdempotentRequest, dto: StakingWalletDto): Operation {
    return this.send(request, STAKING_CANCEL_UNFREEZES, { walletId: dto.walletId.toLowerCase() });
  }

  delegate(request: IdempotentRequest, dto: DelegateDto): Operation {
    const lock = dto.lockPeriodBlocks !== undefined ? { lockPeriodBlocks: dto.lockPeriodBlocks } : {};
    return this.send(request, STAKING_DELEGATE, { ...this.stake(dto), receiver: base58(dto.receiver), ...lock });
  }

  undelegate(request: IdempotentRequest, dto: UndelegateDto): Operation {
    return this.send(request, STAKING_UNDELEGATE, { ...this.stake(dto), receiver: base58(dto.receiver) });
  }

  vote(request: IdempotentRequest, dto: VotesDto): Operation {
    const votes = dto.votes.map((v) => ({ witness: base58(v.witness), count: v.count }));
    if (new Set(votes.map((v) => v.witness)).size !== votes.length) {
      throw GatewayError.badRequest('validation_failed', 'each witness may appear once in votes', ['each witness may appear once in votes']);
    }
    return this.send(request, STAKING_VOTE, { walletId: dto.walletId.toLowerCase(), votes });
  }

  claimRewards(request: IdempotentRequest, dto: StakingWalletDto): Operation {
    return this.send(request, STAKING_CLAIM_REWARDS, { walletId: dto.walletId.toLowerCase() });
  }

  get(rawWalletId: string): Promise<StakingView> {
    return this.forwarder.request(STAKING_GET, { walletId: routeId(rawWalletId, 'wallet') });
  }

  private stake(dto: StakeDto) {
    return { walletId: dto.walletId.toLowerCase(), amount: canonicalAmount(dto.amount), resource: dto.resource };
  }

  private send(request: IdempotentRequest, pattern: string, payload: object): Operation {
    return this.forwarder.create(request, pattern, { ...payload, requestedBy: actorOf(request.principal) });
  }
}
