import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadDevnetConfig, DevnetConfigError } from '@tronpay/config';
import { startTestDevnet, get, post } from '../e2e/devnet-test-kit';
import { runClientCommand } from './client-commands';

describe('devnet configuration and CLI', () => {
  it('reads DEVNET_* defaults and lets --flags override them', () => {
    expect(loadDevnetConfig({})).toMatchObject({ port: 9090, host: '0.0.0.0', blockMs: 3000, solidLag: 18, unfreezeDelayDays: 14 });
    const c = loadDevnetConfig({ DEVNET_PORT: '9100', DEVNET_BLOCK_MS: '500' }, ['--port', '9200', '--solid-lag=4', '--replay', 'chain.jsonl']);
    expect(c).toMatchObject({ port: 9200, blockMs: 500, solidLag: 4, replayFile: 'chain.jsonl' });
    expect(() => loadDevnetConfig({ DEVNET_BLOCK_MS: 'soon' })).toThrow(DevnetConfigError);
  });

  it('funds, pays 10 USDT from a pre-funded account and mines through the client commands', async () => {
    const devnet = await startTestDevnet();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const target = 'TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC';
      expect(await runClientCommand('fund', [target, '--trx', '25', '--url', devnet.url])).toBe(0);
      expect(await runClientCommand('pay', [target, '10', '--url', devnet.url])).toBe(0);
      expect(await runClientCommand('mine', ['2', '--url', devnet.url])).toBe(0);
      const account = await get(devnet, `/wallet/getaccount?address=${target}&visible=true`);
      expect(account).toMatchObject({ address: target, balance: 25_000_000 });
      const { constant_result } = await post<{ constant_result: string[] }>(devnet, '/wallet/triggerconstantcontract', {
        owner_address: target,
        contract_address: devnet.usdt.base58,
        function_selector: 'balanceOf(address)',
        parameter: '000000000000000000000000' + '5cd0fb0ab3ce40f3051414c604b27756e69e43db',
        visible: true,
      });
      expect(BigInt('0x' + constant_result[0])).toBe(10_000_000n);
    } finally {
      log.mockRestore();
      await devnet.close();
    }
  });

  it('info prints GET /admin/info as JSON (USDT address, heights, accounts); a dead URL rejects', async () => {
    const devnet = await startTestDevnet();
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await post(devnet, '/admin/mine', { blocks: 3 });
      expect(await runClientCommand('info', ['--url', devnet.url])).toBe(0);
      const info = JSON.parse(lines.join('\n')) as Record<string, unknown>;
      expect(info).toMatchObject({
        network: 'devnet',
        usdtContract: devnet.usdt.base58,
        usdtContractHex: devnet.usdt.hex,
        blockMs: 0,
        solidLag: 2,
        headBlock: devnet.node.chain.head().number,
        solidBlock: devnet.node.chain.head().number - 2,
        pendingTransactions: 0,
        replay: false,
        accounts: devnet.accounts.map((a) => a.base58),
      });
      expect(info.chainId).toMatch(/^0x[0-9a-f]{8}$/);
    } finally {
      log.mockRestore();
      await devnet.close();
    }
    await expect(runClientCommand('info', ['--url', 'http://127.0.0.1:1'])).rejects.toThrow();
  });

  it('boots with node -r @swc-node/register, serves, and exits 0 on SIGTERM', async () => {
    const root = path.resolve(__dirname, '../../../..');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/devnet/src/main.ts', '--port', '0', '--block-ms', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m[1]);
        }
      });
    });
    expect(out).toContain('Private keys');
    const ready = await (await fetch(url + '/health/ready')).json();
    expect(ready).toEqual({ status: 'ok' });
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 30_000);
});
