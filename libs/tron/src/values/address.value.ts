import { base58ToHex } from '../address';
import { hexAddressToBase58 } from '../transfers/base58-address';
import { preview, TronValueError } from './tron-value.errors';

const HEX_ADDRESS = /^41[0-9a-fA-F]{40}$/;
const BASE58_CHARS = /^[1-9A-HJ-NP-Za-km-z]+$/;

function invalid(input: unknown, why: string): TronValueError {
  return new TronValueError('invalid_address', `${preview(input)} is not a TRON address: ${why}`);
}

/**
 * A TRON account or contract address, validated once: base58check `T...` (checksum checked) or
 * hex `41...`. `0x...` is refused on purpose: that is how an Ethereum address gets pasted by mistake.
 */
export class Address {
  private constructor(
    /** Lower-case `41...` hex, 21 bytes. */
    readonly hex: string,
    /** Base58check `T...`. */
    readonly base58: string,
  ) {}

  static parse(input: unknown): Address {
    if (typeof input !== 'string') throw invalid(input, 'expected a string');
    if (input === '') throw invalid(input, 'empty');
    if (input.trim() !== input) throw invalid(input, 'surrounding spaces');
    if (HEX_ADDRESS.test(input)) {
      const hex = input.toLowerCase();
      return new Address(hex, hexAddressToBase58(hex));
    }
    if (/^0x/i.test(input)) throw invalid(input, 'use base58 (T...) or hex with the 41 prefix, not 0x');
    if (/^[0-9a-fA-F]+$/.test(input) && input.length === 42) throw invalid(input, 'hex addresses start with 41');
    if (input.length !== 34) throw invalid(input, `expected 34 base58 characters (T...) or 42 hex digits (41...), got ${input.length} characters`);
    if (!BASE58_CHARS.test(input)) throw invalid(input, 'contains characters outside base58 (0, O, I and l are not used)');
    if (input[0] !== 'T') throw invalid(input, 'TRON base58 addresses start with T');
    const hex = base58ToHex(input);
    if (hex === null) throw invalid(input, 'checksum mismatch (a mistyped character?)');
    if (!hex.startsWith('41')) throw invalid(input, 'not a TRON (0x41) address');
    return new Address(hex, input);
  }

  /** The address, or null for anything that is not one. */
  static tryParse(input: unknown): Address | null {
    try {
      return Address.parse(input);
    } catch {
      return null;
    }
  }

  static isValid(input: unknown): boolean {
    return Address.tryParse(input) !== null;
  }

  /** The 20 bytes without TRON's 41 prefix, as hex: what ABI words and log addresses carry. */
  get body(): string {
    return this.hex.slice(2);
  }

  equals(other: Address | string): boolean {
    if (other instanceof Address) return other.hex === this.hex;
    const parsed = Address.tryParse(other);
    return parsed !== null && parsed.hex === this.hex;
  }

  toString(): string {
    return this.base58;
  }

  toJSON(): string {
    return this.base58;
  }
}
