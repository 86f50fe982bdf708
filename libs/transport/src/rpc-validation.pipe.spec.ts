import { Controller, Inject, UsePipes } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { createTestRedis, TestRedis } from '@tronpay/testing';
import { Type } from 'class-transformer';
import { IsNumberString, IsString, Length, ValidateNested } from 'class-validator';
import { closeAll, createClient, HandledCall, Replica, REPLICA, ReplicaInfo, startReplica } from './fixtures/transport-test.harness';
import { RedisStreamsClient } from './redis-streams.client';
import { RedisStreamsContext } from './redis-streams.context';
import { RpcErrorFilter } from './rpc-error.filter';
import { RpcValidationPipe, ValidationIssue } from './rpc-validation.pipe';
import { TransportRpcError } from './transport.errors';

class MemoDto {
  @IsString()
  @Length(1, 64)
  text: string;
}

class TransferDto {
  @IsString()
  @Length(34, 34)
  to: string;

  @IsNumberString({ no_symbols: true })
  amount: string;

  @ValidateNested()
  @Type(() => MemoDto)
  memo: MemoDto;
}

@Controller()
class TransferController {
  constructor(@Inject(REPLICA) private readonly replica: ReplicaInfo) {}

  @MessagePattern('payments.transfer.v1')
  @UsePipes(new RpcValidationPipe())
  transfer(@Payload() dto: TransferDto, @Ctx() ctx: RedisStreamsContext) {
    return this.record(dto, ctx);
  }

  /** Validated only by a global pipe. */
  @MessagePattern('payments.quote.v1')
  quote(@Payload() dto: TransferDto, @Ctx() ctx: RedisStreamsContext) {
    return this.record(dto, ctx);
  }

  private record(dto: TransferDto, ctx: RedisStreamsContext) {
    this.replica.log.push({ replica: this.replica.name, pattern: ctx.getPattern(), data: dto });
    return { isDto: dto instanceof TransferDto, memoIsDto: dto.memo instanceof MemoDto, amount: dto.amount };
  }
}

const GOOD = { to: 'T'.repeat(34), amount: '1500000', memo: { text: 'rent' } };
const BAD = { to: 'short', amount: '-1.5e3', memo: { text: '' }, admin: true };

describe('RpcValidationPipe over the transport', () => {
  let redis: TestRedis;
  let log: HandledCall[];
  let replica: Replica | undefined;
  let caller: RedisStreamsClient;

  beforeEach(async () => {
    redis = await createTestRedis();
    log = [];
    caller = createClient({ url: redis.url, prefix: redis.prefix });
  });

  afterEach(async () => {
    await closeAll([caller, replica?.app]);
    replica = undefined;
    await redis.cleanup();
  });

  const expectValidationFailure = async (pattern: string) => {
    const error = await caller.request(pattern, BAD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportRpcError);
    const { code, details } = error as TransportRpcError;
    expect(code).toBe('validation_failed');
    const issues = details as ValidationIssue[];
    const byProperty = Object.fromEntries(issues.map((issue) => [issue.property, Object.keys(issue.constraints)]));
    expect(byProperty).toEqual({
      to: ['isLength'],
      amount: ['isNumberString'],
      'memo.text': ['isLength'],
      admin: ['whitelistValidation'],
    });
    expect(log).toHaveLength(0);
  };

  it('rejects a bad payload with validation_failed before the handler runs (pipe on the handler)', async () => {
    replica = await startReplica({
      name: 'r',
      log,
      controllers: [TransferController],
      server: { url: redis.url, prefix: redis.prefix, service: 'payments' },
    });
    await expectValidationFailure('payments.transfer.v1');
    await expect(caller.request('payments.transfer.v1', [1, 2])).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(caller.request('payments.transfer.v1', GOOD)).resolves.toEqual({ isDto: true, memoIsDto: true, amount: '1500000' });
    expect(log).toHaveLength(1);
  });

  it('works as a global pipe together with RpcErrorFilter', async () => {
    replica = await startReplica({
      name: 'r',
      log,
      controllers: [TransferController],
      server: { url: redis.url, prefix: redis.prefix, service: 'payments' },
      configure: (app) => {
        app.useGlobalPipes(new RpcValidationPipe());
        app.useGlobalFilters(new RpcErrorFilter());
      },
    });
    await expectValidationFailure('payments.quote.v1');
    await expect(caller.request('payments.quote.v1', GOOD)).resolves.toEqual({ isDto: true, memoIsDto: true, amount: '1500000' });
  });
});
