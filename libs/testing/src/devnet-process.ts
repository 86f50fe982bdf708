import { spawn } from 'node:child_process';
import { processEnv } from '@tronpay/config';
import { freePort, ServiceProcess, waitForStatus, WORKSPACE_ROOT } from './service-process';

export interface DevnetProcessOptions {
  /** 0 (default): blocks only when mined by hand. */
  blockMs?: number;
  solidLag?: number;
  port?: number;
  /** Serve this recorded chain (JSON lines) instead of producing blocks. */
  replayFile?: string;
  /** How long to wait for `/health/ready` (a large replay takes a while to load). */
  readyTimeoutMs?: number;
  /** Stake 2.0 unfreeze delay in seconds (default: the devnet's 14 days). */
  unfreezeDelaySeconds?: number;
}

export interface DevnetAccount {
  address: string;
  hex: string;
  privateKey: string;
}

export interface DevnetInfo {
  usdtContract: string;
  usdtContractHex: string;
  headBlock: number;
  solidBlock: number;
}

export interface DevnetProcess {
  url: string;
  port: number;
  process: ServiceProcess;
  info(): Promise<DevnetInfo>;
  accounts(): Promise<DevnetAccount[]>;
  mine(blocks?: number): Promise<{ headBlock: number; solidBlock: number }>;
  /** `POST /admin/fund` (whole units as decimal strings); returns the funding txids. */
  fund(address: string, amounts: { trx?: string; usdt?: string }): Promise<string[]>;
  /** `POST /admin/trc20`: a new TRC20 (e.g. a fake "USDT"); returns its base58 address. */
  createToken(token: { name: string; symbol: string; decimals?: number; supply?: string; owner?: string }): Promise<string>;
  /** `POST /admin/trc10`: a TRC10 asset (supply in whole units) held by `owner`; returns its numeric id. */
  createAsset(asset: { name: string; abbr?: string; precision?: number; supply?: string; owner?: string }): Promise<string>;
  /** `POST /admin/multisender`: a built-in `multiTransfer(address,address[],uint256[])` contract; returns its base58 address. */
  deployMultisender(): Promise<string>;
  /** SIGTERM, then SIGKILL if it lingers. */
  close(): Promise<void>;
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as T & { Error?: string; code?: string; message?: string };
  if (!res.ok || json.Error || (json.code && json.message)) throw new Error(`${url}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * The devnet (apps/devnet) in a child process, from source: apps may not import another app, so
 * their specs run it like an outside node. Manual mining by default.
 */
export async function startDevnetProcess(options: DevnetProcessOptions = {}): Promise<DevnetProcess> {
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--host', '127.0.0.1', '--block-ms', String(options.blockMs ?? 0), '--solid-lag', String(options.solidLag ?? 2)];
  if (options.replayFile) args.push('--replay', options.replayFile);
  if (options.unfreezeDelaySeconds !== undefined) args.push('--unfreeze-delay-seconds', String(options.unfreezeDelaySeconds));
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '-r', '@swc-node/register', 'apps/devnet/src/main.ts', ...args], {
    cwd: WORKSPACE_ROOT,
    env: { ...processEnv(), DEVNET_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${port}`;
  const proc: ServiceProcess = { child, url, output: () => out, exited };
  await waitForStatus(proc, `${url}/health/ready`, 200, options.readyTimeoutMs ?? 30_000);

  return {
    url,
    port,
    process: proc,
    info: async () => (await (await fetch(`${url}/admin/info`)).json()) as DevnetInfo,
    accounts: async () => ((await (await fetch(`${url}/admin/accounts-json`)).json()) as { accounts: DevnetAccount[] }).accounts,
    mine: (blocks = 1) => post(`${url}/admin/mine`, { blocks }),
    fund: async (address, amounts) => (await post<{ txids: string[] }>(`${url}/admin/fund`, { address, ...amounts })).txids,
    createToken: async (token) => (await post<{ contractAddress: string }>(`${url}/admin/trc20`, token)).contractAddress,
    createAsset: async (asset) => (await post<{ assetId: string }>(`${url}/admin/trc10`, asset)).assetId,
    deployMultisender: async () => (await post<{ contractAddress: string }>(`${url}/admin/multisender`, {})).contractAddress,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
