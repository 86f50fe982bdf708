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

/**
 * Bandwidth a transaction costs by java-tron's rule, computed here rather than asked of the
 * devnet: the serialized protocol.Transaction (raw_data as field 1, each signature as field 2,
 * no ret) plus 64 bytes per contract (MAX_RESULT_SIZE_IN_TX).
 */
export function bandwidthBytes(tx: { raw_data_hex: string; signature?: string[] }): number {
  const field = (bytes: number) => 1 + varintSize(bytes) + bytes;
  const signatures = (tx.signature ?? []).reduce((sum, s) => sum + field(s.length / 2), 0);
  return field(tx.raw_data_hex.length / 2) + signatures + 64;
}

function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : 3;
}
