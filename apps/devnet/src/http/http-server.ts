import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApiError } from '../chain/chain.errors';
import { ApiRequest } from './api-request';
import { Router } from './router';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

function serialize(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    return JSON.stringify(body, bigintSafe);
  }
}

function javaError(e: unknown): { Error: string } {
  if (e instanceof ApiError) return { Error: `class ${e.javaClass} : ${e.message}` };
  return { Error: `class java.lang.Exception : ${(e as Error)?.message ?? String(e)}` };
}

/**
 * Plain node:http rather than Nest/Express: the devnet must accept thousands of broadcasts a
 * second and every layer between socket and handler costs (docs/decisions/0004-devnet.md).
 */
export function createHttpServer(router: Router, log: (line: string) => void): Server {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooBig) return send(res, 413, { Error: 'class java.lang.IllegalArgumentException : request body too large' });
      handle(router, req, res, Buffer.concat(chunks).toString('utf8'), log);
    });
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

function handle(router: Router, req: IncomingMessage, res: ServerResponse, body: string, log: (line: string) => void): void {
  // Most calls carry no query string: split by hand rather than build a URL object per request.
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  const route = router.resolve(pathname);
  if (!route) return send(res, 404, { Error: `class java.lang.IllegalArgumentException : no such endpoint ${pathname}` });
  const params: Record<string, unknown> = q < 0 ? {} : Object.fromEntries(new URLSearchParams(target.slice(q + 1)));
  if (body.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      return send(res, 200, { Error: `class com.alibaba.fastjson.JSONException : ${(e as Error).message}` });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return send(res, 200, { Error: 'class com.alibaba.fastjson.JSONException : request body must be a JSON object' });
    }
    Object.assign(params, parsed);
  }
  const request = new ApiRequest(req.method ?? 'GET', pathname, params, route.solid);
  try {
    const result = route.handler(request);
    if (result instanceof Promise) {
      result.then(
        (value) => send(res, 200, value),
        (e: unknown) => fail(res, e, log),
      );
    } else {
      send(res, 200, result);
    }
  } catch (e) {
    fail(res, e, log);
  }
}

function fail(res: ServerResponse, e: unknown, log: (line: string) => void): void {
  if (!(e instanceof ApiError)) log(`devnet: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
  send(res, 200, javaError(e));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  // Encoded once: Buffer.byteLength plus end(string) would walk the text twice.
  const bytes = Buffer.from(typeof body === 'string' ? body : serialize(body ?? {}), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
  res.end(bytes);
}
