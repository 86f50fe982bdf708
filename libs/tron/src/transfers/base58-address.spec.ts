import fc from 'fast-check';
import { utils } from 'tronweb';
import { hexToBase58 } from '../address';
import { hexAddressToBase58 } from './base58-address';

describe('hexAddressToBase58', () => {
  it('matches tronweb and the general coder for every address, including the extremes', () => {
    const extremes = ['41' + '00'.repeat(20), '41' + 'ff'.repeat(20), '41a614f803b6fd780986a42c78ec9c7f77e6ded13c'];
    for (const hex of extremes) expect(hexAddressToBase58(hex)).toBe(utils.address.fromHex(hex));
    expect(hexAddressToBase58('41' + '00'.repeat(20))).toBe('T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const hex = '41' + Buffer.from(bytes).toString('hex');
        expect(hexAddressToBase58(hex)).toBe(hexToBase58(hex));
      }),
      { numRuns: 2000 },
    );
  });
});
