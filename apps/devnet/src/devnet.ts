import type { AddressInfo } from 'node:net';
import { loadDevnetConfig, type DevnetConfig } from '@tronpay/config';
import type { TronAccount } from '@tronpay/tron';
import { DevnetNode, type DevnetNodeOptions } from './devnet-node';
import { createHttpServer } from './http/http-server';
import { loadReplay } from './replay/replay-loader';

export interface DevnetOptions extends Partial<DevnetConfig>, DevnetNodeOptions {
  log?: (line: string) => void;
}

export interface RunningDevnet {
  url: string;
  port: number;
  node: DevnetNode;
  accounts: TronAccount[];
  /** Canonical USDT, base58 and hex. */
  usdt: { base58: string; hex: string };
  mine(blocks?: number, advanceMs?: number): void;
  close(): Promise<void>;
}

/** Starts a devnet in this process. Defaults: env/config values, except port 0 (a free port) and quiet. */
export async function startDevnet(options: DevnetOptions = {}): Promise<RunningDevnet> {
  const { log = () => undefined, signatureWorkers, ...overrides } = options;
  const config: DevnetConfig = { ...loadDevnetConfig({}), port: 0, host: '127.0.0.1', quiet: true, ...overrides };
  const node = new DevnetNode(config, { signatureWorkers });
  if (config.replayFile) loadReplay(node, config.replayFile);

  const server = createHttpServer(node.router, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      try {
        node.mine(1);
      } catch (e) {
        log(`devnet: block production failed: ${(e as Error).stack}`);
      }
      schedule();
    }, config.blockMs);
    timer.unref();
  };
  if (config.blockMs > 0 && !config.replayFile) schedule();

  const info = node.admin.info();
  return {
    url: `http://${host}:${port}`,
    port,
    node,
    accounts: node.prefunded,
    usdt: { base58: info.usdtContract, hex: node.usdt },
    mine: (blocks = 1, advanceMs = 0) => void node.mine(blocks, advanceMs),
    close: async () => {
      if (timer) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await node.close();
    },
  };
}
