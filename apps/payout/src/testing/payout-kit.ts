import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { decodeRawData, decodeSignedTransaction, hexToBase58, txIdOf } from '@tronpay/tron';

// Helpers for the payout specs only (no @tronpay/testing here: its helpers stay in the spec files).

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` gives a truthy value; the deadline only turns a hang into a failure, it asserts nothing. */
export async function eventually<T>(fn: () => Promise<T | false | undefined | null>, what: string, timeoutMs = 60_000, everyMs = 150): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Two valid addresses with the same first 4 and last 4 characters: the address-poisoning pair.
 * The first bytes are fixed (so the first characters agree) and the checksum's characters are
 * left to a birthday search over random bodies (about 5,000 tries for a match on the last 4).
 */
export function lookalikePair(): [string, string] {
  const head = randomBytes(6);
  const seen = new Map<string, string>();
  for (;;) {
    const body = Buffer.concat([Buffer.from([0x41]), head, randomBytes(14)]);
    const address = hexToBase58(body.toString('hex'));
    const key = address.slice(0, 4) + address.slice(-4);
    const other = seen.get(key);
    if (other && other !== address) return [other, address];
    seen.set(key, address);
  }
}

export type BroadcastFault =
  /** Forwarded and accepted by the node, but the answer never comes back within the client's deadline. */
  | 'timeout-after-accept'
  /** Forwarded, then answered DUP_TRANSACTION_ERROR (a node that had it already). */
  | 'dup-after-forward'
  /** Not forwarded; answered DUP_TRANSACTION_ERROR (a node that lies: it never had it). */
  | 'dup-without-forward'
  /** Not forwarded; answered TAPOS_ERROR (a node a block behind). */
  | 'tapos'
  /** Forwarded and accepted, yet answered TRANSACTION_EXPIRATION_ERROR. */
  | 'expiration-after-forward'
  /** Not forwarded; answered TRANSACTION_EXPIRATION_ERROR. */
  | 'expiration-without-forward'
  /** Not forwarded; answered CONTRACT_VALIDATE_ERROR, balance is not sufficient (a node whose state says so). */
  | 'balance-refused';

export interface SeenBroadcast {
  txId: string;
  /** base58 */
  to: string;
  fault: BroadcastFault | null;
  forwarded: boolean;
}

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/**
 * A node in front of the devnet whose broadcasts fail on demand, per destination: each broadcast of
 * a transaction paying `to` takes the next fault queued for `to`; everything else is proxied as is.
 */
export class FaultyNodeProxy {
  readonly faults = new Map<string, BroadcastFault[]>();
  readonly seen: SeenBroadcast[] = [];
  /** How long a 'timeout-after-accept' answer is held (past the client's node timeout). */
  holdMs = 3_000;
  url = '';
  private server?: Server;

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  inject(to: string, ...faults: BroadcastFault[]): void {
    this.faults.set(to, [...(this.faults.get(to) ?? []), ...faults]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let fault: BroadcastFault | null = null;
    let seen: SeenBroadcast | null = null;
    if (req.url?.startsWith('/wallet/broadcasthex')) {
      const decoded = decodeSignedTransaction((JSON.parse(body) as { transaction: string }).transaction);
      const value = decodeRawData(decoded.rawDataHex).rawData.contract[0].parameter.value as { to_address?: string; data?: string };
      // A TRC20 transfer's destination is the first ABI word of its call data.
      const toHex = value.to_address ?? (value.data ? '41' + value.data.slice(8 + 24, 8 + 64) : '');
      const to = toHex ? hexToBase58(toHex) : '';
      fault = this.faults.get(to)?.shift() ?? null;
      seen = { txId: txIdOf(decoded.rawDataHex), to, fault, forwarded: false };
      this.seen.push(seen);
      const answer = (code: string, message: string) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code, message: hex(message), txid: seen?.txId }));
      };
      if (fault === 'dup-without-forward') return answer('DUP_TRANSACTION_ERROR', 'Dup transaction.');
      if (fault === 'tapos') return answer('TAPOS_ERROR', 'Tapos check error');
      if (fault === 'expiration-without-forward') return answer('TRANSACTION_EXPIRATION_ERROR', 'Transaction expired');
      if (fault === 'balance-refused') return answer('CONTRACT_VALIDATE_ERROR', 'Validate TransferContract error, balance is not sufficient.');
    }
    try {
      const upstream = await fetch(this.target + (req.url ?? '/'), { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'GET' ? undefined : body });
      const text = await upstream.text();
      if (seen) seen.forwarded = true;
      if (fault === 'timeout-after-accept') {
        await sleep(this.holdMs);
        res.destroy();
        return;
      }
      if (fault === 'dup-after-forward') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'DUP_TRANSACTION_ERROR', message: hex('Dup transaction.') }));
        return;
      }
      if (fault === 'expiration-after-forward') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'TRANSACTION_EXPIRATION_ERROR', message: hex('Transaction expired') }));
        return;
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(text);
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
    }
  }
}

export interface Delivery {
  body: string;
  signature: string | undefined;
}

/** A merchant's webhook endpoint on 127.0.0.1 that keeps every delivery as received. */
export class WebhookSink {
  readonly deliveries: Delivery[] = [];
  url = '';
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['tronpay-signature'] as string | undefined });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
