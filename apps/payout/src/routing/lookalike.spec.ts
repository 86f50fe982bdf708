import { generateAccount } from '@tronpay/tron';
import { lookalikeOf } from './lookalike';

describe('the address-poisoning look-alike', () => {
  const known = 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy';

  it('is a different address with the same first 4 and last 4 characters', () => {
    const poisoned = 'TLsVxxxxxxxxxxxxxxxxxxxxxxxxxxhUzy';
    expect(lookalikeOf(poisoned, [generateAccount().base58, known])).toBe(known);
  });

  it('is not the known address itself, nor one that differs at either end', () => {
    expect(lookalikeOf(known, [known])).toBeNull();
    expect(lookalikeOf('TLsWxxxxxxxxxxxxxxxxxxxxxxxxxxhUzy', [known])).toBeNull();
    expect(lookalikeOf('TLsVxxxxxxxxxxxxxxxxxxxxxxxxxxhUzz', [known])).toBeNull();
    expect(lookalikeOf(generateAccount().base58, [])).toBeNull();
  });
});
