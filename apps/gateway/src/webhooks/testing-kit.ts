import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { Client } from 'pg';
import type { WebhookEventType } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { EventsService } from '../events/events.service';
import { gatewayDb } from '../gateway.database';
import type { GatewayHarness } from '../testing/gateway-harness';
import { WebhookDispatcher } from './webhook-dispatcher';

// Helpers for the webhook specs only: real receivers on 127.0.0.1, events recorded as a feature would.

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers to its n-th request (0-based): a status, or hold the request open. */
export type Responder = (request: ReceivedRequest, index: number) => number | 'hang';

export interface Receiver {
  port: number;
  url: string;
  requests: ReceivedRequest[];
  /** Requests held open by a 'hang' answer. */
  hanging(): number;
  listen(): Promise<void>;
  close(): Promise<void>;
}

export async function freeLocalPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An HTTP receiver; `listen: false` leaves its port closed (connection refused) until listen(). */
export async function startReceiver(options: { respond?: Responder; listen?: boolean; path?: string } = {}): Promise<Receiver> {
  const respond = options.respond ?? (() => 200);
  const requests: ReceivedRequest[] = [];
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = requests.push(received) - 1;
      const answer = respond(received, index);
      if (answer === 'hang') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  const port = await freeLocalPort();
  let listening = false;
  const receiver: Receiver = {
    port,
    url: `http://127.0.0.1:${port}${options.path ?? '/hooks'}`,
    requests,
    hanging: () => held.size,
    async listen() {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      listening = false;
    },
  };
  if (options.listen !== false) await receiver.listen();
  return receiver;
}

/** A TCP port on 127.0.0.1 that counts the connections made to it (and closes them). */
export async function startConnectionCounter(): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `check` returns a value other than undefined/false; the deadline only bounds a failing spec. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, deadlineMs = 30_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Records an event as a feature does: in a transaction, then kicks the dispatcher after the commit. */
export async function recordEvent(gw: GatewayHarness, type: WebhookEventType, data: Record<string, unknown>, options: { kick?: boolean } = {}): Promise<string> {
  const events = gw.service.app.get(EventsService);
  const db = gatewayDb(gw.service.app.get(Database));
  const { id } = await db.transaction().execute((tx) => events.record(tx, type, data));
  if (options.kick !== false) gw.service.app.get(WebhookDispatcher).kick();
  return id;
}

/** Runs a query on the spec's database with its own connection. */
export async function query<R = Record<string, unknown>>(databaseUrl: string, text: string, values: unknown[] = []): Promise<R[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    return (await pg.query(text, values)).rows as R[];
  } finally {
    await pg.end();
  }
}

/** Every row of every table in the database (all schemas but the catalogs), as one string. */
export async function dumpAllRows(databaseUrl: string): Promise<string> {
  const tables = await query<{ schema: string; name: string }>(
    databaseUrl,
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const t of tables) {
    const rows = await query(databaseUrl, `select * from "${t.schema}"."${t.name}"`);
    parts.push(`${t.schema}.${t.name}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}
