import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestDevnet, mine, post, tronWebFor } from './devnet-test-kit';
import type { RunningDevnet } from '../devnet';

/**
 * The devnet's gettransactioninfobyid against published mainnet answers (fixtures/mainnet,
 * each naming its source): the same keys, nesting and JSON kinds; values differ.
 */
function fixture(name: string): Record<string, unknown> {
  const file = path.join(__dirname, 'fixtures', 'mainnet', `${name}.gettransactioninfobyid.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { response: Record<string, unknown> }).response;
}

/**
 * Keys whose presence depends on the values, not on the layout: java-tron's JSON printer leaves
 * a proto3 field out when it is 0, so the same kind of transaction shows them or not depending
 * on how it was paid for. They must have the fixture's kind when both sides have them.
 */
const VALUE_DEPENDENT: Record<string, string> = {
  'receipt.energy_usage': "energy taken from the caller's own stake; the devnet's senders have none staked, the mainnet OUT_OF_ENERGY sender had",
  'receipt.origin_energy_usage': "energy paid by the contract's deployer; USDT charged part of it to its deployer in 2021, today (and on the devnet) the caller pays all",
  'receipt.energy_penalty_total': 'the dynamic-energy penalty, charged on mainnet since 2023 (the 2021 USDT fixture predates it; the devnet includes it)',
  'receipt.net_usage': 'bandwidth paid from free or staked bandwidth; absent when it was burned instead (net_fee)',
  'receipt.net_fee': 'bandwidth paid by burning TRX; absent when free or staked bandwidth covered it (net_usage)',
};

type Kind = 'string:hex' | 'string:text' | 'number' | 'boolean' | 'null' | 'array' | 'object';

function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return /^[0-9a-f]*$/.test(v) ? 'string:hex' : 'string:text';
  return typeof v as Kind;
}

/** Differences in layout between a mainnet answer and the devnet's, as readable lines. */
function layoutDiff(mainnet: unknown, devnet: unknown, at = ''): string[] {
  const diffs: string[] = [];
  const km = kindOf(mainnet);
  const kd = kindOf(devnet);
  if (km !== kd) return [`${at || '(root)'}: mainnet ${km}, devnet ${kd}`];
  if (km === 'array') {
    const [m] = mainnet as unknown[];
    const [d] = devnet as unknown[];
    if (m !== undefined && d !== undefined) diffs.push(...layoutDiff(m, d, `${at}[]`));
    else if ((m === undefined) !== (d === undefined)) diffs.push(`${at}: mainnet has ${(mainnet as unknown[]).length} items, devnet ${(devnet as unknown[]).length}`);
  } else if (km === 'object') {
    const m = mainnet as Record<string, unknown>;
    const d = devnet as Record<string, unknown>;
    for (const key of new Set([...Object.keys(m), ...Object.keys(d)])) {
      const where = at ? `${at}.${key}` : key;
      if (key in m && key in d) diffs.push(...layoutDiff(m[key], d[key], where));
      else if (!(where in VALUE_DEPENDENT)) diffs.push(`${where}: only ${key in m ? 'mainnet' : 'the devnet'} has it`);
    }
  }
  return diffs;
}

describe('devnet gettransactioninfobyid has the layout of real mainnet answers', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet();
  });
  afterAll(() => devnet.close());

  const infoOf = async (txid: string) => post(devnet, '/wallet/gettransactioninfobyid', { value: txid });

  it('a USDT transfer: receipt, contractResult, contract_address and the Transfer log', async () => {
    const [alice, bob] = devnet.accounts;
    const usdt = await tronWebFor(devnet, alice.privateKey).contract().at(devnet.usdt.base58);
    const txid = await usdt.methods.transfer(bob.base58, 1_000_000).send({ feeLimit: 100_000_000 });
    await mine(devnet);
    expect(layoutDiff(fixture('usdt-transfer'), await infoOf(txid))).toEqual([]);
  });

  it('a TRX transfer that activates the receiver: fee and receipt.net_fee only', async () => {
    const [alice] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const fresh = await tw.createAccount();
    const sent = (await tw.trx.sendTransaction(fresh.address.base58, 1_000_000)) as unknown as { txid: string };
    await mine(devnet);
    const info = await infoOf(sent.txid);
    expect(layoutDiff(fixture('trx-activation'), info)).toEqual([]);
    expect(Object.keys(info.receipt as object)).toEqual(['net_fee']);
  });

  it('an OUT_OF_ENERGY USDT transfer: result FAILED, resMessage in hex, no log', async () => {
    const [, , carol, dave] = devnet.accounts;
    const usdt = await tronWebFor(devnet, carol.privateKey).contract().at(devnet.usdt.base58);
    const txid = await usdt.methods.transfer(dave.base58, 1_000_000).send({ feeLimit: 1_000_000 });
    await mine(devnet);
    const info = await infoOf(txid);
    expect(layoutDiff(fixture('out-of-energy'), info)).toEqual([]);
    expect(Buffer.from(String(info.resMessage), 'hex').toString()).toMatch(
      /^Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit\[\d+\], curOpEnergy\[\d+\], penaltyEnergy\[\d+\], usedEnergy\[\d+\]$/,
    );
  });

  it('reports what differs, key by key (the comparison itself)', () => {
    expect(layoutDiff({ a: 1, receipt: { net_fee: 1 }, log: [{ topics: ['00'] }] }, { a: 'x', receipt: { net_usage: 1 }, log: [{ topics: [1] }], b: 2 })).toEqual([
      'a: mainnet number, devnet string:text',
      'log[].topics[]: mainnet string:hex, devnet number',
      'b: only the devnet has it',
    ]);
  });
});
