import fc from 'fast-check';
import { formatDecimal, formatTrx, MAX_UINT256, parseDecimal, parseTrx } from './decimal-amount';
import { TronValueError } from './tron-value.errors';

const decimals = fc.integer({ min: 0, max: 36 });
const units = fc.bigInt({ min: 0n, max: MAX_UINT256 });
const CANONICAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

describe('parseDecimal / formatDecimal', () => {
  it('parses whole units into base units exactly', () => {
    expect(parseDecimal('10', 6)).toBe(10_000_000n);
    expect(parseDecimal('0.000001', 6)).toBe(1n);
    expect(parseDecimal('12.5', 6)).toBe(12_500_000n);
    expect(parseDecimal('007.50', 6)).toBe(7_500_000n);
    expect(parseDecimal('123', 0)).toBe(123n);
    expect(parseDecimal('115792089237316195423570985008687907853269984665640564039457.584007913129639935', 18)).toBe(MAX_UINT256);
    expect(parseTrx('1.5')).toBe(1_500_000n);
  });

  it('formats canonically: no leading zeros, no trailing fractional zeros, "0" for zero', () => {
    expect(formatDecimal(0n, 6)).toBe('0');
    expect(formatDecimal(1n, 6)).toBe('0.000001');
    expect(formatDecimal(10_000_000n, 6)).toBe('10');
    expect(formatDecimal(10_500_000n, 6)).toBe('10.5');
    expect(formatDecimal(123n, 0)).toBe('123');
    expect(formatDecimal(-1_500_000n, 6)).toBe('-1.5');
    expect(formatTrx(1n)).toBe('0.000001');
  });

  it.each([
    ['', 'empty'],
    ['1e6', 'exponent'],
    ['1E-6', 'exponent'],
    ['-1', 'negative'],
    ['+1', 'sign'],
    [' 1', 'spaces'],
    ['1 ', 'spaces'],
    ['1 000', 'spaces'],
    ['1,5', 'comma'],
    ['1.0000001', 'decimal places'],
    ['.5', 'no whole part'],
    ['5.', 'no fraction after the point'],
    ['1.2.3', 'two points'],
    ['0x10', 'hex'],
    ['Infinity', 'not a number'],
    ['NaN', 'not a number'],
    ['１', 'non-ASCII digit'],
    ['9'.repeat(79), 'too many digits'],
    ['115792089237316195423570985008687907853269984665640564039457584007913129639936', 'past uint256'],
  ])('rejects %j (%s) with invalid_amount', (input) => {
    expect(() => parseDecimal(input, 6)).toThrow(TronValueError);
    try {
      parseDecimal(input, 6);
    } catch (e) {
      expect((e as TronValueError).code).toBe('invalid_amount');
    }
  });

  it('refuses numbers (a float has already lost digits) and bad decimals', () => {
    expect(() => parseDecimal(0.1, 6)).toThrow(/decimal string/);
    expect(() => parseDecimal('1', -1)).toThrow(RangeError);
    expect(() => parseDecimal('1', 1.5)).toThrow(RangeError);
    expect(() => formatDecimal(1n, 78)).toThrow(RangeError);
  });

  it('accepts a sign only when asked', () => {
    expect(parseDecimal('-1.25', 2, { allowNegative: true })).toBe(-125n);
    expect(() => parseDecimal('+1', 2, { allowNegative: true })).toThrow(/leading "-"/);
    expect(() => parseDecimal('-1', 2)).toThrow(/negative/);
  });

  it('parse(format(n)) == n for every n in [0, 2^256) and every decimals', () => {
    fc.assert(
      fc.property(units, decimals, (n, d) => {
        const text = formatDecimal(n, d);
        expect(text).toMatch(CANONICAL);
        expect(parseDecimal(text, d)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('format(parse(x)) is the canonical spelling of any accepted x (leading zeros and trailing zeros dropped)', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max });
    fc.assert(
      fc.property(decimals, digits(30), fc.option(digits(36)), (d, whole, fraction) => {
        const frac = fraction === null ? null : fraction.slice(0, d);
        const text = frac ? `${whole}.${frac}` : whole;
        const canonical = formatDecimal(parseDecimal(text, d), d);
        expect(canonical).toMatch(CANONICAL);
        const [w, f = ''] = canonical.split('.');
        expect(w).toBe(whole.replace(/^0+(?=\d)/, ''));
        expect(f).toBe((frac ?? '').replace(/0+$/, ''));
        expect(formatDecimal(parseDecimal(canonical, d), d)).toBe(canonical);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but TronValueError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), decimals, (s, d) => {
        try {
          const n = parseDecimal(s, d);
          expect(n >= 0n).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(TronValueError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
