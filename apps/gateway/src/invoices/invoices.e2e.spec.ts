import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEPOSIT_CONFIRMED, DEPOSIT_DETECTED, DEPOSIT_REVERTED, DepositEvent } from '@tronpay/models';
import { generateAccount } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { RedisStreamsClient } from '@tronpay/transport';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';
import { startNeighbours } from '../testing/wallet-stand-in';
import { InvoiceExpiryService } from './invoice-expiry.service';
import type { InvoiceView } from './invoice.view';

const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const hex32 = () => randomBytes(32).toString('hex');

async function eventually<T>(fn: () => Promise<T | false | undefined | null>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The invoice state machine end to end over the real transport and PostgreSQL, with deposit
// events emitted as tron-client emits them (the devnet spec proves the scanner produces them).
describe('invoices (real PostgreSQL, Redis transport, deposit events)', () => {
  jest.setTimeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let neighbours: Awaited<ReturnType<typeof startNeighbours>>;
  let client: RedisStreamsClient;
  let pg: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    neighbours = await startNeighbours(redis, USDT);
    gw = await startGateway({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      env: { TRON_NETWORK: 'mainnet', GATEWAY_EXPIRY_GRACE_SECONDS: '0', GATEWAY_EXPIRY_INTERVAL_MS: '600000' },
    });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix });
    await client.connect();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await client?.close();
    await gw?.close();
    await neighbours?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const create = async (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gw.request<InvoiceView>('POST', '/v1/invoices', { body, headers });
  const get = async (id: string) => (await gw.request<InvoiceView>('GET', `/v1/invoices/${id}`)).body;
  const deposit = (to: string, amount: bigint, extra: Partial<DepositEvent> = {}): DepositEvent => ({
    eventId: randomUUID(),
    txId: hex32(),
    logIndex: 0,
    token: USDT,
    from: generateAccount().base58,
    to,
    amount: amount.toString(),
    blockNumber: 1000,
    blockHash: hex32(),
    blockTime: new Date().toISOString(),
    network: 'mainnet',
    ...extra,
  });
  const emit = async (pattern: string, event: DepositEvent) => {
    await client.emit(pattern, event).toPromise();
  };
  const until = (id: string, ok: (i: InvoiceView) => boolean, what: string) =>
    eventually(async () => {
      const i = await get(id);
      return ok(i) && i;
    }, what);
  const eventTypes = async (invoiceId: string) =>
    (await pg.query<{ type: string }>("select type from gateway.events where data->'invoice'->>'id' = $1 order by created_at, type", [invoiceId])).rows.map(
      (r) => r.type,
    );

  it('creates a USDT invoice with its own fresh address and a tron: payment URI', async () => {
    const r = await create({ currency: 'USDT', amount: '10.50', orderId: 'order-1', metadata: { cart: 7 } });
    expect(r.status).toBe(201);
    const inv = r.body;
    expect(inv).toMatchObject({
      currency: 'USDT',
      amount: '10.5',
      amountReceived: '0',
      overpaidAmount: '0',
      status: 'pending',
      orderId: 'order-1',
      metadata: { cart: 7 },
      tokenContract: USDT,
      payments: [],
      paidAt: null,
      confirmedAt: null,
    });
    expect(inv.address).toBe(neighbours.issued[neighbours.issued.length - 1].address);
    expect(inv.paymentUri).toBe(`tron:${inv.address}?amount=10.5&token=${USDT}`);
    const ttl = new Date(inv.expiresAt).getTime() - new Date(inv.createdAt).getTime();
    expect(ttl).toBeGreaterThanOrEqual(899_000);
    expect(ttl).toBeLessThanOrEqual(901_000);
    expect(await get(inv.id)).toEqual(inv);
  });

  it('refuses malformed invoices with 400 and the error shape', async () => {
    const bad: Array<Record<string, unknown>> = [
      { currency: 'USDT', amount: '10.1234567' },
      { currency: 'USDT', amount: '-1' },
      { currency: 'USDT', amount: '0' },
      { currency: 'USDT', amount: 10 },
      { currency: 'USDT', amount: '1e3' },
      { currency: 'BTC', amount: '1' },
      { currency: 'TRX', amount: '1', expiresInSeconds: 59 },
      { currency: 'TRX', amount: '1', expiresInSeconds: 86_401 },
      { currency: 'TRX', amount: '1', metadata: { blob: 'x'.repeat(5000) } },
      { currency: 'TRX', amount: '1', metadata: [1, 2] },
      { currency: 'TRX', amount: '1', surprise: true },
      { amount: '1' },
    ];
    for (const body of bad) {
      const r = await create(body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
      expect(r.body).toEqual({ error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String), details: expect.any(Array) } });
    }
    expect((await gw.request('GET', '/v1/invoices/not-a-uuid')).status).toBe(404);
    expect((await gw.request('GET', `/v1/invoices/${randomUUID()}`)).status).toBe(404);
  });

  it('gives 20 concurrent requests with one Idempotency-Key one invoice; another body with that key is a 409', async () => {
    const issuedBefore = neighbours.issued.length;
    const headers = { 'idempotency-key': `inv-${randomUUID()}` };
    const body = { currency: 'TRX', amount: '3', orderId: 'idem' };
    const replies = await Promise.all(Array.from({ length: 20 }, () => create(body, headers)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(neighbours.issued.length - issuedBefore).toBe(1);
    const rows = await pg.query("select count(*)::int as n from gateway.invoices where order_id = 'idem'");
    expect(rows.rows[0].n).toBe(1);

    const other = await create({ ...body, amount: '4' }, headers);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    // Another API key may use the same key string for its own request.
    const key = await gw.mintKey(['invoices:write']);
    const theirs = await gw.request<InvoiceView>('POST', '/v1/invoices', { body, headers, key });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(replies[0].body.id);
  });

  it('pays exactly: paid in a head block, confirmed when solidified; duplicates change nothing', async () => {
    const inv = (await create({ currency: 'USDT', amount: '25' })).body;
    const d = deposit(inv.address, 25_000_000n);
    await emit(DEPOSIT_DETECTED, d);
    await emit(DEPOSIT_DETECTED, { ...d, eventId: randomUUID() });
    const paid = await until(inv.id, (i) => i.status === 'paid', 'paid');
    expect(paid).toMatchObject({ amountReceived: '25', overpaidAmount: '0', confirmedAt: null });
    expect(paid.paidAt).not.toBeNull();
    expect(paid.payments).toEqual([{ txId: d.txId, logIndex: 0, from: d.from, amount: '25', blockNumber: 1000, confirmed: false, late: false, reverted: false }]);

    await emit(DEPOSIT_CONFIRMED, d);
    await emit(DEPOSIT_CONFIRMED, d);
    const confirmed = await until(inv.id, (i) => i.status === 'confirmed', 'confirmed');
    expect(confirmed.payments[0].confirmed).toBe(true);
    expect(confirmed.amountReceived).toBe('25');
    expect(await eventTypes(inv.id)).toEqual(['invoice.paid', 'invoice.confirmed']);
  });

  it('adds up two partial payments, records an overpayment, and only after both solidify confirms', async () => {
    const inv = (await create({ currency: 'USDT', amount: '10' })).body;
    const first = deposit(inv.address, 4_000_000n);
    await emit(DEPOSIT_DETECTED, first);
    await until(inv.id, (i) => i.status === 'partially_paid' && i.amountReceived === '4', 'partially paid');
    const second = deposit(inv.address, 7_500_000n, { logIndex: 3 });
    await emit(DEPOSIT_DETECTED, second);
    const paid = await until(inv.id, (i) => i.status === 'paid', 'paid');
    expect(paid).toMatchObject({ amountReceived: '11.5', overpaidAmount: '1.5' });
    await emit(DEPOSIT_CONFIRMED, first);
    await until(inv.id, (i) => i.payments.filter((p) => p.confirmed).length === 1, 'first confirmed');
    expect((await get(inv.id)).status).toBe('paid');
    await emit(DEPOSIT_CONFIRMED, second);
    await until(inv.id, (i) => i.status === 'confirmed', 'confirmed');
    expect(await eventTypes(inv.id)).toEqual(['invoice.partially_paid', 'invoice.paid', 'invoice.confirmed']);
  });

  it('undoes a payment whose head block was replaced, and counts it again when included in another block', async () => {
    const inv = (await create({ currency: 'USDT', amount: '5' })).body;
    const d = deposit(inv.address, 5_000_000n);
    await emit(DEPOSIT_DETECTED, d);
    await until(inv.id, (i) => i.status === 'paid', 'paid');
    await emit(DEPOSIT_REVERTED, d);
    const undone = await until(inv.id, (i) => i.status === 'pending', 'back to pending');
    expect(undone).toMatchObject({ amountReceived: '0', paidAt: null });
    expect(undone.payments[0].reverted).toBe(true);

    // A stale revert (of the old block) after the re-inclusion changes nothing.
    const again = { ...d, eventId: randomUUID(), blockNumber: 1001, blockHash: hex32() };
    await emit(DEPOSIT_DETECTED, again);
    await until(inv.id, (i) => i.status === 'paid', 'paid again');
    await emit(DEPOSIT_REVERTED, d);
    await emit(DEPOSIT_CONFIRMED, again);
    const final = await until(inv.id, (i) => i.status === 'confirmed', 'confirmed');
    expect(final.payments).toHaveLength(1);
    expect(final.payments[0]).toMatchObject({ blockNumber: 1001, confirmed: true, reverted: false });
    expect(await eventTypes(inv.id)).toEqual(['invoice.paid', 'invoice.payment_reverted', 'invoice.paid', 'invoice.confirmed']);
  });

  it('does not count a detection that arrives after its own revert', async () => {
    const inv = (await create({ currency: 'USDT', amount: '5' })).body;
    const d = deposit(inv.address, 5_000_000n);
    await emit(DEPOSIT_REVERTED, d);
    await eventually(async () => (await pg.query('select 1 from gateway.invoice_payments where tx_id = $1', [d.txId])).rowCount === 1, 'tombstone');
    await emit(DEPOSIT_DETECTED, d);
    const other = (await create({ currency: 'USDT', amount: '1' })).body;
    await emit(DEPOSIT_DETECTED, deposit(other.address, 1_000_000n));
    await until(other.id, (i) => i.status === 'paid', 'a later event handled');
    expect(await get(inv.id)).toMatchObject({ status: 'pending', amountReceived: '0' });
  });

  it('counts only the invoice currency: USDT to a TRX invoice, another token to a USDT invoice change nothing', async () => {
    const trx = (await create({ currency: 'TRX', amount: '2' })).body;
    const usdt = (await create({ currency: 'USDT', amount: '2' })).body;
    await emit(DEPOSIT_DETECTED, deposit(trx.address, 2_000_000n));
    await emit(DEPOSIT_DETECTED, deposit(usdt.address, 2_000_000n, { token: generateAccount().base58 }));
    await emit(DEPOSIT_DETECTED, deposit(trx.address, 2_000_000n, { token: 'TRX', logIndex: -1 }));
    await until(trx.id, (i) => i.status === 'paid', 'TRX invoice paid in TRX');
    expect((await get(trx.id)).payments).toHaveLength(1);
    expect(await get(usdt.id)).toMatchObject({ status: 'pending', payments: [] });
  });

  it('confirms an invoice whose confirmation overtook its detection, announcing paid first', async () => {
    const inv = (await create({ currency: 'TRX', amount: '1' })).body;
    const d = deposit(inv.address, 1_000_000n, { token: 'TRX', logIndex: -1 });
    await emit(DEPOSIT_CONFIRMED, d);
    await until(inv.id, (i) => i.status === 'confirmed', 'confirmed');
    await emit(DEPOSIT_DETECTED, d);
    const other = (await create({ currency: 'TRX', amount: '1' })).body;
    await emit(DEPOSIT_DETECTED, deposit(other.address, 1_000_000n, { token: 'TRX', logIndex: -1 }));
    await until(other.id, (i) => i.status === 'paid', 'a later event handled');
    expect(await eventTypes(inv.id)).toEqual(['invoice.confirmed', 'invoice.paid'].sort());
  });

  it('expires on schedule and records a later payment as late without reviving the invoice', async () => {
    const inv = (await create({ currency: 'USDT', amount: '10' })).body;
    await emit(DEPOSIT_DETECTED, deposit(inv.address, 3_000_000n));
    await until(inv.id, (i) => i.status === 'partially_paid', 'partially paid');
    await pg.query("update gateway.invoices set expires_at = now() - interval '1 second' where id = $1", [inv.id]);
    expect(await gw.service.app.get(InvoiceExpiryService).runOnce()).toBeGreaterThanOrEqual(1);
    expect(await get(inv.id)).toMatchObject({ status: 'expired', amountReceived: '3' });

    await emit(DEPOSIT_DETECTED, deposit(inv.address, 7_000_000n));
    const late = await until(inv.id, (i) => i.payments.length === 2, 'late payment recorded');
    expect(late).toMatchObject({ status: 'expired', amountReceived: '3' });
    expect(late.payments[1]).toMatchObject({ amount: '7', late: true });
    expect(await eventTypes(inv.id)).toEqual(['invoice.partially_paid', 'invoice.expired', 'invoice.late_payment']);
    expect(await gw.service.app.get(InvoiceExpiryService).runOnce()).toBe(0);
  });

  it('expires from the database on any gateway that runs, so a restart loses no expiry', async () => {
    const inv = (await create({ currency: 'TRX', amount: '1' })).body;
    await pg.query("update gateway.invoices set expires_at = now() - interval '1 second' where id = $1", [inv.id]);
    // This suite's gateway runs its schedule every 10 minutes: a fresh one (a restarted replica) does the expiry.
    const fresh = await startGateway({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      env: { TRON_NETWORK: 'mainnet', GATEWAY_EXPIRY_GRACE_SECONDS: '0', GATEWAY_EXPIRY_INTERVAL_MS: '200', ADMIN_API_KEY: gw.adminKey },
    });
    try {
      await until(inv.id, (i) => i.status === 'expired', 'expired by the fresh gateway');
      expect(await eventTypes(inv.id)).toEqual(['invoice.expired']);
    } finally {
      await fresh.close();
    }
  });

  it('goes by chain time: a payment in a block after expiresAt is late even before the expiry round', async () => {
    const inv = (await create({ currency: 'USDT', amount: '1', expiresInSeconds: 60 })).body;
    const after = new Date(new Date(inv.expiresAt).getTime() + 1000).toISOString();
    await emit(DEPOSIT_DETECTED, deposit(inv.address, 1_000_000n, { blockTime: after }));
    const late = await until(inv.id, (i) => i.payments.length === 1, 'recorded');
    expect(late).toMatchObject({ status: 'expired', amountReceived: '0' });
    expect(late.payments[0].late).toBe(true);
  });

  it('lists invoices newest first with a cursor and filters', async () => {
    const orderId = `list-${randomUUID()}`;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await create({ currency: 'TRX', amount: String(i + 1), orderId })).body.id);
    const seen: string[] = [];
    type InvoicePage = { data: InvoiceView[]; nextCursor: string | null };
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : '';
      const page: InvoicePage = (await gw.request<InvoicePage>('GET', `/v1/invoices?orderId=${orderId}&limit=2${after}`)).body;
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const expired = (await gw.request<{ data: InvoiceView[] }>('GET', '/v1/invoices?status=expired&limit=100')).body.data;
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((i) => i.status === 'expired')).toBe(true);
    expect((await gw.request('GET', '/v1/invoices?limit=0')).status).toBe(400);
    expect((await gw.request('GET', '/v1/invoices?cursor=bogus!')).status).toBe(400);
    expect((await gw.request('GET', '/v1/invoices?status=lost')).status).toBe(400);
  });
});
