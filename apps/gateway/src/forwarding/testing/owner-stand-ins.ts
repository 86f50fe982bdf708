import { randomUUID } from 'node:crypto';
import { Controller, Inject, INestMicroservice, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApprovePayoutRequest,
  BatchPayoutRequest,
  CancelPayoutRequest,
  CreatePayoutRequest,
  CreateRecipientRequest,
  DelegateRequest,
  ListPayoutsRequest,
  PAYOUT_PAYOUTS_APPROVE,
  PAYOUT_PAYOUTS_BATCH,
  PAYOUT_PAYOUTS_CANCEL,
  PAYOUT_PAYOUTS_CREATE,
  PAYOUT_PAYOUTS_GET,
  PAYOUT_PAYOUTS_LIST,
  PAYOUT_RECIPIENTS_CREATE,
  PAYOUT_RECIPIENTS_GET,
  PAYOUT_RECIPIENTS_UPDATE,
  PayoutIdRequest,
  PayoutItem,
  PayoutView,
  RecipientIdRequest,
  StakeRequest,
  STAKING_CANCEL_UNFREEZES,
  STAKING_CLAIM_REWARDS,
  STAKING_DELEGATE,
  STAKING_FREEZE,
  STAKING_GET,
  STAKING_UNDELEGATE,
  STAKING_UNFREEZE,
  STAKING_VOTE,
  STAKING_WITHDRAW,
  StakingGetRequest,
  UndelegateRequest,
  UpdateRecipientRequest,
  VoteRequest,
  WalletStakingRequest,
} from '@tronpay/models';
import { RedisStreamsServer, RpcErrorFilter, RpcValidationPipe } from '@tronpay/transport';

export interface ReceivedCommand {
  pattern: string;
  /** The payload as the handler got it, after the contract's own validation (whitelist, forbid unknown). */
  payload: Record<string, unknown>;
}

/** What the stand-ins received, and how a spec wants one pattern answered (throw to answer an error). */
export interface OwnerStandInState {
  received: ReceivedCommand[];
  answers: Map<string, (payload: Record<string, unknown>) => unknown>;
  /** The received commands of one pattern. */
  of(pattern: string): Array<Record<string, unknown>>;
}

const STATE = Symbol('OWNER_STAND_IN_STATE');

function payoutOf(item: PayoutItem): PayoutView {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    currency: item.currency,
    amount: item.amount,
    to: item.to,
    recipientId: item.recipientId ?? null,
    reference: item.reference ?? null,
    route: item.recipientId ? 'kyc' : 'v0',
    status: 'queued',
    txId: null,
    fee: null,
    failureReason: null,
    approvals: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** Records each command, then answers as the spec says or with a plausible default reply. */
abstract class Recorder {
  constructor(@Inject(STATE) protected readonly state: OwnerStandInState) {}

  protected answer(pattern: string, payload: object, fallback: () => unknown): unknown {
    const plain = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
    this.state.received.push({ pattern, payload: plain });
    const custom = this.state.answers.get(pattern);
    return custom ? custom(plain) : fallback();
  }
}

@Controller()
class PayoutsStandIn extends Recorder {
  @MessagePattern(PAYOUT_PAYOUTS_CREATE)
  create(@Payload() r: CreatePayoutRequest) {
    return this.answer(PAYOUT_PAYOUTS_CREATE, r, () => payoutOf(r));
  }

  @MessagePattern(PAYOUT_PAYOUTS_BATCH)
  batch(@Payload() r: BatchPayoutRequest) {
    return this.answer(PAYOUT_PAYOUTS_BATCH, r, () => ({ data: r.items.map(payoutOf) }));
  }

  @MessagePattern(PAYOUT_PAYOUTS_GET)
  get(@Payload() r: PayoutIdRequest) {
    return this.answer(PAYOUT_PAYOUTS_GET, r, () => ({ ...payoutOf({ currency: 'TRX', amount: '1', to: 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy' }), id: r.id }));
  }

  @MessagePattern(PAYOUT_PAYOUTS_LIST)
  list(@Payload() r: ListPayoutsRequest) {
    return this.answer(PAYOUT_PAYOUTS_LIST, r, () => ({ data: [], nextCursor: null }));
  }

  @MessagePattern(PAYOUT_PAYOUTS_APPROVE)
  approve(@Payload() r: ApprovePayoutRequest) {
    return this.answer(PAYOUT_PAYOUTS_APPROVE, r, () => ({ id: r.id, status: 'queued', approvals: [{ by: r.requestedBy, at: new Date().toISOString() }] }));
  }

  @MessagePattern(PAYOUT_PAYOUTS_CANCEL)
  cancel(@Payload() r: CancelPayoutRequest) {
    return this.answer(PAYOUT_PAYOUTS_CANCEL, r, () => ({ id: r.id, status: 'cancelled' }));
  }
}

@Controller()
class RecipientsStandIn extends Recorder {
  @MessagePattern(PAYOUT_RECIPIENTS_CREATE)
  create(@Payload() r: CreateRecipientRequest) {
    const now = new Date().toISOString();
    return this.answer(PAYOUT_RECIPIENTS_CREATE, r, () => ({ id: randomUUID(), externalId: r.externalId, kycLevel: r.kycLevel, addresses: r.addresses, createdAt: now, updatedAt: now }));
  }

  @MessagePattern(PAYOUT_RECIPIENTS_UPDATE)
  update(@Payload() r: UpdateRecipientRequest) {
    return this.answer(PAYOUT_RECIPIENTS_UPDATE, r, () => ({ id: r.id, externalId: r.externalId ?? 'x', kycLevel: r.kycLevel ?? 0, addresses: r.addresses ?? [] }));
  }

  @MessagePattern(PAYOUT_RECIPIENTS_GET)
  get(@Payload() r: RecipientIdRequest) {
    return this.answer(PAYOUT_RECIPIENTS_GET, r, () => ({ id: r.id, externalId: 'x', kycLevel: 0, addresses: [] }));
  }
}

@Controller()
class StakingStandIn extends Recorder {
  private operation(kind: string, r: object) {
    const now = new Date().toISOString();
    return { id: randomUUID(), kind, status: 'pending', txId: null, failureReason: null, createdAt: now, updatedAt: now, ...r };
  }

  @MessagePattern(STAKING_FREEZE)
  freeze(@Payload() r: StakeRequest) {
    return this.answer(STAKING_FREEZE, r, () => this.operation('freeze', r));
  }

  @MessagePattern(STAKING_UNFREEZE)
  unfreeze(@Payload() r: StakeRequest) {
    return this.answer(STAKING_UNFREEZE, r, () => this.operation('unfreeze', r));
  }

  @MessagePattern(STAKING_WITHDRAW)
  withdraw(@Payload() r: WalletStakingRequest) {
    return this.answer(STAKING_WITHDRAW, r, () => this.operation('withdraw', r));
  }

  @MessagePattern(STAKING_CANCEL_UNFREEZES)
  cancelUnfreezes(@Payload() r: WalletStakingRequest) {
    return this.answer(STAKING_CANCEL_UNFREEZES, r, () => this.operation('cancel-unfreezes', r));
  }

  @MessagePattern(STAKING_DELEGATE)
  delegate(@Payload() r: DelegateRequest) {
    return this.answer(STAKING_DELEGATE, r, () => this.operation('delegate', r));
  }

  @MessagePattern(STAKING_UNDELEGATE)
  undelegate(@Payload() r: UndelegateRequest) {
    return this.answer(STAKING_UNDELEGATE, r, () => this.operation('undelegate', r));
  }

  @MessagePattern(STAKING_VOTE)
  vote(@Payload() r: VoteRequest) {
    return this.answer(STAKING_VOTE, r, () => this.operation('vote', r));
  }

  @MessagePattern(STAKING_CLAIM_REWARDS)
  claimRewards(@Payload() r: WalletStakingRequest) {
    return this.answer(STAKING_CLAIM_REWARDS, r, () => this.operation('claim-rewards', r));
  }

  @MessagePattern(STAKING_GET)
  get(@Payload() r: StakingGetRequest) {
    return this.answer(STAKING_GET, r, () => ({ walletId: r.walletId, frozen: { energy: '0', bandwidth: '0' }, delegated: [], pendingUnfreezes: [], votes: [] }));
  }
}

export const OWNER_STAND_INS = { payouts: PayoutsStandIn, recipients: RecipientsStandIn, staking: StakingStandIn } as const;

export interface OwnerStandIn extends OwnerStandInState {
  close(): Promise<void>;
}

/**
 * A service that is not written yet, as a Nest microservice on the real Redis Streams transport,
 * validating each payload against its contract class as the real service will.
 */
export async function startOwnerStandIn(
  service: 'payout' | 'staking',
  controllers: Array<Type<unknown>>,
  redis: { url: string; prefix: string },
): Promise<OwnerStandIn> {
  const received: ReceivedCommand[] = [];
  const state: OwnerStandInState = { received, answers: new Map(), of: (pattern) => received.filter((r) => r.pattern === pattern).map((r) => r.payload) };
  @Module({ controllers, providers: [{ provide: STATE, useValue: state }] })
  class StandInModule {}
  const app: INestMicroservice = await NestFactory.createMicroservice(StandInModule, {
    strategy: new RedisStreamsServer({ url: redis.url, prefix: redis.prefix, service, blockMs: 200 }),
    logger: false,
  });
  app.useGlobalPipes(new RpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  await app.listen();
  return Object.assign(state, { close: () => app.close() });
}
