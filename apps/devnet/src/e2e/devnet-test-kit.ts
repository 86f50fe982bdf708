import { createTronWeb, type TronWeb } from '@tronpay/tron';
import { startDevnet, type RunningDevnet } from '../devnet';

/** Helpers for specs: a manual-mining devnet and raw JSON calls. */
export async function startTestDevnet(overrides: Parameters<typeof startDevnet>[0] = {}): Promise<RunningDevnet> {
  return startDevnet({ blockMs: 0, solidLag: 2, ...overrides });
}

export async function post<T = Record<string, unknown>>(devnet: RunningDevnet, path: string, body?: unknown): Promise<T> {
  const res = await fetch(devnet.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

export async function get<T = Record<string, unknown>>(devnet: RunningDevnet, path: string): Promise<T> {
  const res = await fetch(devnet.url + path);
  return (await res.json()) as T;
}

export async function mine(devnet: RunningDevnet, blocks = 1, advanceMs = 0): Promise<void> {
  await post(devnet, '/admin/mine', { blocks, advanceMs });
}

export function tronWebFor(devnet: RunningDevnet, privateKey?: string): TronWeb {
  return createTronWeb(devnet.url, privateKey);
}
