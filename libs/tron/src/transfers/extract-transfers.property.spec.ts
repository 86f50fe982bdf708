import fc from 'fast-check';
import { hexToBase58 } from '../address';
import type { BlockJson, TransactionInfoJson } from '../chain-json.types';
import { eventTopic } from '../hash';
import { extractBlockTransfers } from './extract-transfers';
import { TRANSFER_TOPIC } from './transfer-log';

const hexOf = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
const address = hexOf(20);
const hexString = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF') });
const txId = hexOf(32);
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
const marker = fc.constantFrom('00', '41');

// Plausible pieces mixed with garbage, so that the generator reaches deep into the parser.
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.jsonValue());
const log = fc.record({
  address: maybe(address),
  topics: maybe(fc.array(maybe(fc.oneof(fc.constant(TRANSFER_TOPIC), hexOf(32))), { maxLength: 5 })),
  data: maybe(fc.oneof(hexOf(32), hexOf(96), hexString)),
});
const contract = fc.record({
  type: maybe(fc.constantFrom('TransferContract', 'TransferAssetContract', 'TriggerSmartContract')),
  parameter: maybe(fc.record({ value: maybe(fc.record({ owner_address: maybe(address.map((a) => '41' + a)), to_address: maybe(address.map((a) => '41' + a)), amount: maybe(fc.integer()), asset_name: maybe(hexString) })) })),
});
const transaction = fc.record({
  txID: maybe(txId),
  raw_data: maybe(fc.record({ contract: maybe(fc.array(maybe(contract), { maxLength: 2 })) })),
  ret: maybe(fc.array(fc.record({ contractRet: maybe(fc.constantFrom('SUCCESS', 'REVERT')) }), { maxLength: 2 })),
  visible: fc.oneof(fc.boolean(), fc.jsonValue()),
});
const info = fc.record({ id: maybe(txId), receipt: maybe(fc.record({ result: maybe(fc.constant('SUCCESS')) })), log: maybe(fc.array(maybe(log), { maxLength: 4 })), result: maybe(fc.constant('FAILED')) });
const block = fc.record({ block_header: maybe(fc.record({ raw_data: maybe(fc.record({ number: maybe(fc.nat()), timestamp: maybe(fc.nat()) })) })), transactions: maybe(fc.array(maybe(transaction), { maxLength: 4 })) });

describe('extractTransfers on arbitrary input', () => {
  it('uses the Transfer(address,address,uint256) topic', () => {
    expect(TRANSFER_TOPIC).toBe(eventTopic('Transfer(address,address,uint256)'));
  });

  it('never throws on any JSON, however shaped', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (b, i) => {
        extractBlockTransfers(b as BlockJson, i as TransactionInfoJson[]);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on near-valid blocks, and reports only well-formed transfers', () => {
    fc.assert(
      fc.property(block, fc.array(maybe(info), { maxLength: 4 }), (b, infos) => {
        const out = extractBlockTransfers(b as unknown as BlockJson, infos as unknown as TransactionInfoJson[]);
        for (const t of out.transfers) {
          expect(t.from).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
          expect(t.to).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
          expect(typeof t.amount).toBe('bigint');
          expect(t.amount >= 0n).toBe(true);
          expect(t.txId).toMatch(/^[0-9a-f]{64}$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gives back exactly what a Transfer log encodes, for any addresses (with or without the 41 byte) and any uint256', () => {
    fc.assert(
      fc.property(txId, address, address, address, uint256, marker, marker, (id, contract, from, to, amount, m1, m2) => {
        const word = (a: string, m: string) => '0'.repeat(22) + m + a;
        const b: BlockJson = {
          block_header: { raw_data: { number: 5, timestamp: 6 } },
          transactions: [{ txID: id, raw_data: { contract: [{ type: 'TriggerSmartContract', parameter: { value: {} } }] }, ret: [{ contractRet: 'SUCCESS' }] }],
        };
        const i: TransactionInfoJson = {
          id,
          receipt: { result: 'SUCCESS' },
          log: [{ address: contract, topics: [TRANSFER_TOPIC, word(from, m1), word(to, m2)], data: amount.toString(16).padStart(64, '0') }],
        };
        expect(extractBlockTransfers(b, [i])).toEqual({
          transfers: [{ txId: id, logIndex: 0, token: { kind: 'TRC20', contract: hexToBase58('41' + contract) }, from: hexToBase58('41' + from), to: hexToBase58('41' + to), amount, blockNumber: 5, blockTime: 6, status: 'SUCCESS' }],
          skipped: [],
        });
      }),
      { numRuns: 300 },
    );
  });
});
