import fc from 'fast-check';
import { utils } from 'tronweb';
import { Address } from './address.value';
import { TronValueError } from './tron-value.errors';

const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const USDT_HEX = '41a614f803b6fd780986a42c78ec9c7f77e6ded13c';
const body = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => Buffer.from(b).toString('hex'));

function reason(input: unknown): string {
  try {
    Address.parse(input);
  } catch (e) {
    expect(e).toBeInstanceOf(TronValueError);
    expect((e as TronValueError).code).toBe('invalid_address');
    return (e as Error).message;
  }
  throw new Error(`accepted ${String(input)}`);
}

describe('Address', () => {
  it('parses base58 and hex into the same address', () => {
    const a = Address.parse(USDT);
    const b = Address.parse(USDT_HEX.toUpperCase());
    expect([a.base58, a.hex, a.body]).toEqual([USDT, USDT_HEX, USDT_HEX.slice(2)]);
    expect(b.base58).toBe(USDT);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(USDT_HEX)).toBe(true);
    expect(a.equals('garbage')).toBe(false);
    expect(JSON.stringify({ a })).toBe(`{"a":"${USDT}"}`);
    expect(String(a)).toBe(USDT);
  });

  it('agrees with tronweb on every address, both ways', () => {
    fc.assert(
      fc.property(body, (b) => {
        const hex = '41' + b;
        const fromHex = Address.parse(hex);
        expect(fromHex.base58).toBe(utils.address.fromHex(hex));
        expect(Address.parse(fromHex.base58).hex).toBe(hex);
      }),
      { numRuns: 200 },
    );
  });

  it('catches every single-character typo of a base58 address (checksum)', () => {
    fc.assert(
      fc.property(body, fc.nat(32), fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'), (b, i, c) => {
        const good = Address.parse('41' + b).base58;
        const pos = i + 1;
        fc.pre(good[pos] !== c);
        const typo = good.slice(0, pos) + c + good.slice(pos + 1);
        expect(Address.tryParse(typo)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('says clearly what is wrong', () => {
    expect(reason('')).toMatch(/empty/);
    expect(reason(` ${USDT}`)).toMatch(/spaces/);
    expect(reason(USDT.slice(0, -1) + (USDT.endsWith('t') ? 'u' : 't'))).toMatch(/checksum/);
    expect(reason('0x' + USDT_HEX.slice(2))).toMatch(/not 0x/);
    expect(reason('42' + USDT_HEX.slice(2))).toMatch(/start with 41/);
    expect(reason(USDT.slice(0, -1) + '0')).toMatch(/outside base58/);
    expect(reason('TR7NHq')).toMatch(/34 base58 characters/);
    expect(reason(42)).toMatch(/expected a string/);
    expect(reason('x'.repeat(10_000)).length).toBeLessThan(200);
    expect(Address.isValid(USDT)).toBe(true);
    expect(Address.isValid(null)).toBe(false);
  });

  it('never throws anything but TronValueError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'T41abcdef0123456789xyzXYZ') })), (s) => {
        try {
          expect(Address.parse(s).equals(s)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(TronValueError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
