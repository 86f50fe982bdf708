import { loadDevnetConfig } from '@tronpay/config';
import { createTronWeb, isTronAddress } from '@tronpay/tron';

export const CLIENT_COMMANDS = ['info', 'mine', 'fund', 'pay'];

interface Parsed {
  positional: string[];
  flags: Record<string, string>;
}

function parse(args: string[]): Parsed {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      flags[k] = inline ?? args[++i] ?? '';
    } else positional.push(a);
  }
  return { positional, flags };
}

async function call(url: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (json.Error || json.code) throw new Error(String(json.Error ?? `${json.code}: ${json.message}`));
  return json;
}

/** Decimal whole units to base units without floats. */
function toBase(amount: string, decimals: number): bigint {
  if (!/^\d+(\.\d+)?$/.test(amount)) throw new Error(`not an amount: ${amount}`);
  const [w, f = ''] = amount.split('.');
  if (f.length > decimals) throw new Error(`too many decimals: ${amount}`);
  return BigInt(w) * 10n ** BigInt(decimals) + BigInt(f.padEnd(decimals, '0') || '0');
}

export async function runClientCommand(command: string, args: string[]): Promise<number> {
  const { positional, flags } = parse(args);
  const url = flags.url ?? `http://127.0.0.1:${loadDevnetConfig().port}`;
  switch (command) {
    case 'info':
      console.log(JSON.stringify(await call(url, '/admin/info'), null, 2));
      return 0;
    case 'mine': {
      const blocks = Number(positional[0] ?? flags.blocks ?? 1);
      const r = await call(url, '/admin/mine', { blocks });
      console.log(`mined to block ${r.headBlock} (solid ${r.solidBlock})`);
      return 0;
    }
    case 'fund': {
      const address = positional[0];
      if (!isTronAddress(address)) throw new Error('usage: fund ADDRESS [--trx AMOUNT] [--usdt AMOUNT]');
      const body: Record<string, string> = { address };
      if (flags.trx) body.trx = flags.trx;
      if (flags.usdt) body.usdt = flags.usdt;
      if (!flags.trx && !flags.usdt) body.trx = '1000';
      const r = await call(url, '/admin/fund', body);
      console.log(`funded ${r.address}: ${(r.txids as string[]).join(', ')}`);
      return 0;
    }
    case 'pay': {
      const [to, amount] = positional;
      if (!isTronAddress(to) || !amount) throw new Error('usage: pay ADDRESS AMOUNT [--token usdt|trx] [--from INDEX]');
      const token = (flags.token ?? 'usdt').toLowerCase();
      const keys = (await call(url, '/admin/accounts-json')).privateKeys as string[];
      const key = keys[Number(flags.from ?? 0)];
      if (!key) throw new Error(`no pre-funded account ${flags.from}`);
      const tronWeb = createTronWeb(url, key);
      let txid: string;
      if (token === 'trx') {
        const r = (await tronWeb.trx.sendTransaction(to, Number(toBase(amount, 6)))) as unknown as { txid?: string; code?: string; message?: string };
        if (!r.txid || r.code) throw new Error(`refused: ${r.code}`);
        txid = r.txid;
      } else {
        const info = await call(url, '/admin/info');
        const contract = await tronWeb.contract().at(String(info.usdtContract));
        txid = (await contract.methods.transfer(to, toBase(amount, 6).toString()).send({ feeLimit: 100_000_000 })) as string;
      }
      console.log(`paid ${amount} ${token.toUpperCase()} to ${to}: ${txid}`);
      return 0;
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
}
