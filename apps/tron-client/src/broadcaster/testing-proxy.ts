import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BroadcastFailure = 'http_503' | 'server_busy';

/**
 * A node in front of the devnet that fails broadcasts on demand (for specs only): queued
 * failures are used once each, `alwaysBusy` answers SERVER_BUSY to every broadcast; every other
 * request is proxied unchanged.
 */
export class FlakyNodeProxy {
  readonly failures: BroadcastFailure[] = [];
  alwaysBusy = false;
  broadcasts = 0;
  /** The `transaction` hex of every broadcasthex request, in order (what was actually sent). */
  readonly sent: string[] = [];
  private server?: Server;
  url = '';

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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.url?.startsWith('/wallet/broadcast')) {
      this.broadcasts += 1;
      this.sent.push(sentHex(body));
      const failure = this.failures.shift() ?? (this.alwaysBusy ? 'server_busy' : undefined);
      if (failure === 'http_503') {
        res.writeHead(503).end('unavailable');
        return;
      }
      if (failure === 'server_busy') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'SERVER_BUSY', message: Buffer.from('Server busy.').toString('hex') }));
        return;
      }
    }
    try {
      const upstream = await fetch(this.target + (req.url ?? '/'), {
        method: req.method,
        headers: { 'content-type': 'application/json' },
        body: req.method === 'GET' ? undefined : body,
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(await upstream.text());
    } catch {
      res.writeHead(502).end();
    }
  }
}

function sentHex(body: string): string {
  try {
    const t = (JSON.parse(body) as { transaction?: unknown }).transaction;
    return typeof t === 'string' ? t : body;
  } catch {
    return body;
  }
}
