import { Client } from 'pg';
import { createTronWeb, generateAccount, TronWeb } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetAccount, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import type { InvoiceView } from '../invoices/invoice.view';
import { WebhookReceiver } from './webhook-receiver';

async function eventually<T>(fn: () => Promise<T | false | undefined | null>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Delivery {
  status: string;
  attempts: Array<{ statusCode: number | null; error: string | null }>;
}

// The Proof of the gateway issue on the devnet: the devnet, tron-client, wallet and gateway each
// in its own process (as `npm start` runs them) on real PostgreSQL and Redis; a merchant's
// receiver that verifies every signature; transfers made with unmodified tronweb.
describe('invoices end to end on the devnet, all services running', () => {
  jest.setTimeout(300_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let receiver: WebhookReceiver;
  let accounts: DevnetAccount[];
  let pg: Client;
  const SOLID_LAG = 3;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['tron-client', 'wallet', 'gateway'],
      devnet: { solidLag: SOLID_LAG },
      serviceEnv: {
        gateway: {
          WEBHOOK_RETRY_BASE_MS: '200',
          WEBHOOK_RETRY_MAX_DELAY_MS: '1000',
          WEBHOOK_RELAY_INTERVAL_MS: '300',
          GATEWAY_EXPIRY_INTERVAL_MS: '300',
          GATEWAY_EXPIRY_GRACE_SECONDS: '0',
        },
      },
    });
    accounts = await stack.devnet.accounts();
    receiver = new WebhookReceiver();
    const url = await receiver.start();
    const endpoint = await api<{ secret: string }>('POST', '/v1/webhook-endpoints', { url, events: ['*'] });
    receiver.secret = endpoint.body.secret;
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await receiver?.close();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${stack.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  const invoice = async (currency: 'TRX' | 'USDT', amount: string) => {
    const r = await api<InvoiceView>('POST', '/v1/invoices', { currency, amount });
    expect(r.status).toBe(201);
    return r.body;
  };
  const get = async (id: string) => (await api<InvoiceView>('GET', `/v1/invoices/${id}`)).body;
  const until = (id: string, ok: (i: InvoiceView) => boolean, what: string) =>
    eventually(async () => {
      const i = await get(id);
      return ok(i) && i;
    }, what);
  const hook = (invoiceId: string, type: string, timeoutMs?: number) =>
    eventually(async () => receiver.about(invoiceId, type)[0], `${type} webhook for ${invoiceId}`, timeoutMs);
  const tw = (i: number): TronWeb => createTronWeb(stack.devnet.url, accounts[i].privateKey);
  const sendTrx = async (from: number, to: string, sun: number) => ((await tw(from).trx.sendTransaction(to, sun)) as unknown as { txid: string }).txid;
  const sendToken = async (from: number, contract: string, to: string, amount: bigint | number) => {
    const c = await tw(from).contract().at(contract);
    return (await c.methods.transfer(to, amount).send({ feeLimit: 100_000_000 })) as string;
  };
  const mine = (n = 1) => stack.devnet.mine(n);

  it('USDT invoice paid exactly: invoice.paid with a valid signature, then invoice.confirmed after the solidification lag', async () => {
    const inv = await invoice('USDT', '10');
    expect(inv.paymentUri).toBe(`tron:${inv.address}?amount=10&token=${stack.usdt}`);
    const txId = await sendToken(1, stack.usdt, inv.address, 10_000_000n);
    await mine();
    const paid = await until(inv.id, (i) => i.status === 'paid', 'paid');
    expect(paid.payments).toEqual([expect.objectContaining({ txId, from: accounts[1].address, amount: '10', confirmed: false, late: false })]);
    const paidHook = await hook(inv.id, 'invoice.paid');
    expect(paidHook.verified).toBe(true);
    expect(receiver.about(inv.id, 'invoice.confirmed')).toHaveLength(0);

    await mine(SOLID_LAG);
    const confirmed = await until(inv.id, (i) => i.status === 'confirmed', 'confirmed');
    expect(confirmed.payments[0].confirmed).toBe(true);
    const confirmedHook = await hook(inv.id, 'invoice.confirmed');
    expect(confirmedHook.verified).toBe(true);
    expect((confirmedHook.event.data['invoice'] as InvoiceView).status).toBe('confirmed');
  });

  it('TRX invoice paid exactly: paid, then confirmed, each announced', async () => {
    const inv = await invoice('TRX', '12.5');
    const txId = await sendTrx(2, inv.address, 12_500_000);
    await mine();
    const paid = await until(inv.id, (i) => i.status === 'paid', 'paid');
    expect(paid.payments).toEqual([expect.objectContaining({ txId, logIndex: -1, amount: '12.5' })]);
    expect((await hook(inv.id, 'invoice.paid')).verified).toBe(true);
    await mine(SOLID_LAG);
    await until(inv.id, (i) => i.status === 'confirmed', 'confirmed');
    expect((await hook(inv.id, 'invoice.confirmed')).verified).toBe(true);
  });

  it('two partial payments that together reach the amount, then an overpayment', async () => {
    const inv = await invoice('USDT', '10');
    await sendToken(3, stack.usdt, inv.address, 4_000_000n);
    await mine();
    await until(inv.id, (i) => i.status === 'partially_paid' && i.amountReceived === '4', 'partially paid');
    expect((await hook(inv.id, 'invoice.partially_paid')).verified).toBe(true);
    await sendToken(4, stack.usdt, inv.address, 6_000_000n);
    await mine();
    const paid = await until(inv.id, (i) => i.status === 'paid', 'paid');
    expect(paid).toMatchObject({ amountReceived: '10', overpaidAmount: '0' });
    await hook(inv.id, 'invoice.paid');

    const over = await invoice('TRX', '5');
    await sendTrx(5, over.address, 7_250_000);
    await mine();
    expect(await until(over.id, (i) => i.status === 'paid', 'overpaid')).toMatchObject({ amountReceived: '7.25', overpaidAmount: '2.25' });
  });

  it('a payment after expiry is recorded as late and announced, and never revives the invoice', async () => {
    const inv = await invoice('TRX', '3');
    await pg.query("update gateway.invoices set expires_at = now() - interval '1 second' where id = $1", [inv.id]);
    await until(inv.id, (i) => i.status === 'expired', 'expired by the schedule');
    expect((await hook(inv.id, 'invoice.expired')).verified).toBe(true);
    await sendTrx(6, inv.address, 3_000_000);
    await mine();
    const late = await until(inv.id, (i) => i.payments.length === 1, 'late payment recorded');
    expect(late).toMatchObject({ status: 'expired', amountReceived: '0', paidAt: null });
    expect(late.payments[0]).toMatchObject({ amount: '3', late: true });
    expect((await hook(inv.id, 'invoice.late_payment')).verified).toBe(true);
    await mine(SOLID_LAG);
    await until(inv.id, (i) => i.payments[0].confirmed, 'late payment solidified');
    expect((await get(inv.id)).status).toBe('expired');
    expect(receiver.about(inv.id, 'invoice.paid')).toHaveLength(0);
  });

  it('a fake "USDT" and a REVERTed transfer to the invoice address change nothing', async () => {
    const inv = await invoice('USDT', '10');
    const canary = await invoice('USDT', '1');
    const fake = await stack.devnet.createToken({ name: 'Tether USD', symbol: 'USDT', decimals: 6, owner: accounts[7].address });
    await mine();
    await sendToken(7, fake, inv.address, 10_000_000n);
    // More than the sender holds: included in the block with contractRet REVERT.
    const poor = generateAccount();
    await stack.devnet.fund(poor.base58, { trx: '200', usdt: '1' });
    await mine();
    const revert = await createTronWeb(stack.devnet.url, poor.privateKey).contract().at(stack.usdt);
    const revertTx = (await revert.methods.transfer(inv.address, 10_000_000n).send({ feeLimit: 100_000_000 })) as string;
    await sendToken(8, stack.usdt, canary.address, 1_000_000n);
    await mine();
    await until(canary.id, (i) => i.status === 'paid', 'the canary in the same block paid');
    const info = (await (await fetch(`${stack.devnet.url}/wallet/gettransactioninfobyid`, { method: 'POST', body: JSON.stringify({ value: revertTx }) })).json()) as {
      receipt?: { result?: string };
    };
    expect(info.receipt?.result).toBe('REVERT');
    expect(await get(inv.id)).toMatchObject({ status: 'pending', amountReceived: '0', payments: [] });
  });

  it('retries and logs deliveries while the receiver is down, then delivers once it is back', async () => {
    receiver.down = true;
    const inv = await invoice('TRX', '1');
    await sendTrx(9, inv.address, 1_000_000);
    await mine();
    await until(inv.id, (i) => i.status === 'paid', 'paid');
    const eventId = await eventually(async () => {
      const r = await pg.query<{ id: string }>("select id from gateway.events where type = 'invoice.paid' and data->'invoice'->>'id' = $1", [inv.id]);
      return r.rows[0]?.id;
    }, 'the stored event');
    await eventually(async () => {
      const d = (await api<{ data: Delivery[] }>('GET', `/v1/events/${eventId}/deliveries`)).body.data;
      return d[0]?.attempts.length >= 2 && d;
    }, 'two failed attempts');
    receiver.down = false;
    const delivered = await eventually(async () => {
      const d = (await api<{ data: Delivery[] }>('GET', `/v1/events/${eventId}/deliveries`)).body.data;
      return d[0]?.status === 'delivered' && d[0];
    }, 'delivered');
    const codes = delivered.attempts.map((a) => a.statusCode);
    expect(codes.slice(0, -1).every((c) => c === 503)).toBe(true);
    expect(codes[codes.length - 1]).toBe(200);
    expect(receiver.about(inv.id, 'invoice.paid').map((r) => r.event.id)).toEqual([eventId]);
  });

  it('the gateway killed right after a state change still delivers the webhook once it is back', async () => {
    receiver.down = true;
    const inv = await invoice('USDT', '2');
    await sendToken(1, stack.usdt, inv.address, 2_000_000n);
    await mine();
    await until(inv.id, (i) => i.status === 'paid', 'paid');
    await stack.stop('gateway', 'SIGKILL');
    receiver.down = false;
    await stack.start('gateway');
    // A delivery job the kill caught in flight stays locked for its lock duration (the webhook
    // timeout + 30 s) before BullMQ hands it out again: up to about 70 s here.
    const received = await hook(inv.id, 'invoice.paid', 120_000);
    expect(received.verified).toBe(true);
    // At-least-once delivery of one event: every copy carries the same id.
    expect(new Set(receiver.about(inv.id, 'invoice.paid').map((r) => r.event.id)).size).toBe(1);
  });
});
