import { DevnetConfigError, loadDevnetConfig } from '@tronpay/config';
import { startDevnet } from '../devnet';
import { runClientCommand, CLIENT_COMMANDS } from './client-commands';

/** `serve` (default) runs the node until SIGTERM/SIGINT; the other commands talk to a running one. */
export async function run(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (command && CLIENT_COMMANDS.includes(command)) return runClientCommand(command, rest);
  if (command === 'help' || command === '--help') {
    console.log(usage());
    return 0;
  }
  const serveArgs = command === 'serve' ? rest : argv;
  let config;
  try {
    config = loadDevnetConfig(undefined, serveArgs);
  } catch (e) {
    if (e instanceof DevnetConfigError) {
      console.error(`devnet: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const devnet = await startDevnet({ ...config, log: (line) => console.error(line) });
  if (!config.quiet) console.log(banner(devnet.url, devnet.node.admin.accountsJson().accounts, devnet.usdt.base58, config));
  const stop = (signal: string) => {
    console.log(`devnet: ${signal}, shutting down`);
    devnet.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return undefined;
}

function banner(
  url: string,
  accounts: Array<{ address: string; privateKey: string }>,
  usdt: string,
  config: { blockMs: number; solidLag: number; accountTrx: number; accountUsdt: number },
): string {
  const lines = [
    `TRON devnet listening on ${url}`,
    `blocks: ${config.blockMs ? `every ${config.blockMs} ms` : 'manual (POST /admin/mine)'}, solidified = head - ${config.solidLag}`,
    `USDT (TRC20): ${usdt}`,
    '',
    `Available accounts (${config.accountTrx} TRX and ${config.accountUsdt} USDT each)`,
    ...accounts.map((a, i) => `(${i}) ${a.address}`),
    '',
    'Private keys',
    ...accounts.map((a, i) => `(${i}) ${a.privateKey}`),
    '',
  ];
  return lines.join('\n');
}

export function usage(): string {
  return [
    'usage: npm run devnet -- [serve] [--port N] [--block-ms MS] [--solid-lag N] [--replay FILE]',
    '       npm run devnet -- info',
    '       npm run devnet -- mine [BLOCKS]',
    '       npm run devnet -- fund ADDRESS [--trx AMOUNT] [--usdt AMOUNT]',
    '       npm run devnet -- pay ADDRESS AMOUNT [--token usdt|trx] [--from INDEX]',
    'client commands talk to --url (default http://127.0.0.1:<DEVNET_PORT or 9090>)',
  ].join('\n');
}
