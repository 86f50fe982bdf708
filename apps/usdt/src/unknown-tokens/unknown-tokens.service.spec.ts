import { DepositEvent, migrationsFor } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { createTestDatabase, TestDatabase } from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { TransportRpcError } from '@tronpay/transport';
import type { TokenRegistry } from '../tokens/token-registry.service';
import { UsdtError } from '../usdt.errors';
import { UnknownTokensRepository } from './unknown-tokens.repository';
import { UnknownTokensService } from './unknown-tokens.service';

// What an unknown token claims to be is read from the chain; a read that fails for a moment (the
// node or tron-client away) must not leave it undescribed for good. Real PostgreSQL; the chain
// read is a stub of the registry's metadata call.
describe('UnknownTokensService (real PostgreSQL)', () => {
  let testDb: TestDatabase;
  let database: Database;
  let service: UnknownTokensService;
  const answers: Array<() => Promise<{ name: string | null; symbol: string | null; decimals: number | null }>> = [];
  const registry = { metadata: () => (answers.shift() ?? (() => Promise.reject(new Error('no answer scripted'))))() } as unknown as TokenRegistry;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = new Database({ url: testDb.url, schema: 'usdt', poolSize: 2, applicationName: 'spec' });
    await database.migrate(migrationsFor('usdt'));
    service = new UnknownTokensService(new UnknownTokensRepository(database), registry);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const event = (token: string, to: string, n: number): DepositEvent => ({
    eventId: `e${n}`,
    txId: n.toString(16).padStart(64, '0'),
    logIndex: 0,
    token,
    from: generateAccount().base58,
    to,
    amount: '5000000',
    blockNumber: 100 + n,
    blockHash: 'ab'.repeat(32),
    blockTime: new Date().toISOString(),
    network: 'devnet',
  });

  it('a failed read fails the event (to be delivered again) but keeps the transfer; the next read describes it', async () => {
    const fake = generateAccount().base58;
    const to = generateAccount().base58;
    answers.push(() => Promise.reject(new TransportRpcError('timeout', 'tron-client did not answer')));
    await expect(service.seen(event(fake, to, 1))).rejects.toMatchObject({ code: 'timeout' });
    // Listed at once, without a description yet; the listing tries the read again, and it answers.
    answers.push(() => Promise.reject(new TransportRpcError('timeout', 'still away')));
    const first = await service.list({ address: to });
    expect(first.data).toEqual([expect.objectContaining({ contract: fake, name: null, symbol: null, decimals: null, amount: '5000000' })]);
    answers.push(() => Promise.resolve({ name: 'Tether USD', symbol: 'USDT', decimals: 6 }));
    const second = await service.list({ address: to });
    expect(second.data).toEqual([expect.objectContaining({ contract: fake, name: 'Tether USD', symbol: 'USDT', decimals: 6 })]);
    // The event delivered again: the same transfer once, described once (no read asked for).
    await service.seen(event(fake, to, 1));
    expect((await service.list({ address: to })).data).toHaveLength(1);
    expect(answers).toHaveLength(0);
  });

  it('a contract that is not there is described as nothing, once, and the event succeeds', async () => {
    const gone = generateAccount().base58;
    const to = generateAccount().base58;
    answers.push(() => Promise.reject(new UsdtError('token_not_found', 'there is no contract')));
    await service.seen(event(gone, to, 2));
    expect((await service.list({ address: to })).data).toEqual([expect.objectContaining({ contract: gone, name: null, symbol: null, decimals: null })]);
    expect(answers).toHaveLength(0);
  });
});
