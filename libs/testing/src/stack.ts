import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@tronpay/config';
import { DevnetProcess, DevnetProcessOptions, startDevnetProcess } from './devnet-process';
import { freePort, ServiceProcess, spawnApp, waitForStatus } from './service-process';

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** Which services to run, each in its own process from its real main.ts, as `npm start` does. */
  services: ServiceName[];
  /** Settings every service gets, after the stack's defaults. */
  env?: Record<string, string>;
  /** Settings of one service. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  devnet?: DevnetProcessOptions;
}

export interface Stack {
  devnet: DevnetProcess;
  usdt: string;
  adminKey: string;
  url(service: ServiceName): string;
  process(service: ServiceName): ServiceProcess;
  /** Starts (again) a service on the port it had, and waits until it is ready. */
  start(service: ServiceName): Promise<void>;
  /** Kills a service with a signal and waits for it to be gone. */
  stop(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

/**
 * The devnet and some services, each its own process on one database and Redis prefix: the
 * local stack of `npm start`, for end-to-end specs and benchmarks.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const devnet = await startDevnetProcess(options.devnet);
  const usdt = (await devnet.info()).usdtContract;
  const adminKey = `tp_admin_${randomBytes(18).toString('hex')}`;
  const common: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    TRON_NETWORK: 'devnet',
    TRON_NODE_URLS: devnet.url,
    USDT_CONTRACT: usdt,
    ADMIN_API_KEY: adminKey,
    TRON_SCANNER_POLL_MS: '100',
    TRON_NODE_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const own: Record<string, Record<string, string>> = {
    wallet: { WALLET_KEK: randomBytes(32).toString('hex') },
    gateway: { GATEWAY_SECRET_KEY: randomBytes(32).toString('hex') },
    // Without a staking service, USDT payouts burn TRX for energy (PAYOUT_ENERGY=lease would wait
    // for the energy manager's answer first); a spec that starts staking later says `lease`.
    payout: options.services.includes('staking') ? {} : { PAYOUT_ENERGY: 'burn' },
  };
  const ports = new Map<ServiceName, string>();
  const procs = new Map<ServiceName, ServiceProcess>();

  const start = async (service: ServiceName) => {
    if (!ports.has(service)) ports.set(service, String(await freePort()));
    const proc = await spawnApp(service, { ...common, ...own[service], ...options.serviceEnv?.[service], PORT: ports.get(service)! });
    procs.set(service, proc);
    await waitForStatus(proc, `${proc.url}/health/ready`, 200, 90_000);
  };
  const stop = async (service: ServiceName, signal: NodeJS.Signals = 'SIGTERM') => {
    const proc = procs.get(service);
    if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    proc.child.kill(signal);
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
    await proc.exited;
    clearTimeout(timer);
  };
  try {
    await Promise.all(options.services.map(start));
  } catch (e) {
    await Promise.all([...procs.keys()].map((s) => stop(s, 'SIGKILL')));
    await devnet.close();
    throw e;
  }
  return {
    devnet,
    usdt,
    adminKey,
    url: (service) => procs.get(service)!.url,
    process: (service) => procs.get(service)!,
    start,
    stop,
    close: async () => {
      await Promise.all([...procs.keys()].map((s) => stop(s)));
      await devnet.close();
    },
  };
}
