import { Controller, Inject, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PAYOUT_GET, PayoutForSigning, TRON_CLIENT_WATCH_ADD } from '@tronpay/models';
import { RedisStreamsServer, TransportRpcError } from '@tronpay/transport';

/** What the stand-ins were told, and how they should answer; specs read and set it. */
export interface StandInState {
  /** address -> kind, as tron-client's watched set would hold it */
  watched: Map<string, string>;
  /** answer watch requests with an error, as a tron-client that cannot reach a node */
  refuseWatch: boolean;
  /** payout id -> what the payout service says it is */
  payouts: Map<string, PayoutForSigning>;
}

const STATE = Symbol('STAND_IN_STATE');

@Controller()
class TronClientWatchStandIn {
  constructor(@Inject(STATE) private readonly state: StandInState) {}

  @MessagePattern(TRON_CLIENT_WATCH_ADD)
  add(@Payload() body: { addresses: string[]; kind: string }) {
    if (this.state.refuseWatch) throw new TransportRpcError('node_unavailable', 'tron-client cannot reach a node');
    for (const a of body.addresses) this.state.watched.set(a, body.kind);
    return { added: body.addresses.length, watched: this.state.watched.size };
  }
}

@Controller()
class PayoutStandIn {
  constructor(@Inject(STATE) private readonly state: StandInState) {}

  @MessagePattern(PAYOUT_GET)
  get(@Payload() body: { id: string }) {
    const payout = this.state.payouts.get(body.id);
    if (!payout) throw new TransportRpcError('payout_not_found', 'No such payout');
    return payout;
  }
}

async function serve(service: string, controller: new (...args: never[]) => unknown, state: StandInState, redis: { url: string; prefix: string }) {
  @Module({ controllers: [controller], providers: [{ provide: STATE, useValue: state }] })
  class StandInModule {}
  const app = await NestFactory.createMicroservice(StandInModule, {
    strategy: new RedisStreamsServer({ url: redis.url, prefix: redis.prefix, service, blockMs: 200 }),
    logger: false,
  });
  await app.listen();
  return app;
}

/**
 * The wallet's neighbours for its specs, over the real transport: tron-client's watch command
 * and the payout service's `payout.get.v1`, answering from `state`.
 */
export async function startStandIns(redis: { url: string; prefix: string }): Promise<StandInState & { close(): Promise<void> }> {
  const state: StandInState = { watched: new Map(), refuseWatch: false, payouts: new Map() };
  const apps: INestMicroservice[] = [
    await serve('tron-client', TronClientWatchStandIn, state, redis),
    await serve('payout', PayoutStandIn, state, redis),
  ];
  return Object.assign(state, { close: async () => void (await Promise.all(apps.map((a) => a.close()))) });
}
