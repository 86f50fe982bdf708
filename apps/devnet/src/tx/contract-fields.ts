import { normalizeAddress, type ContractValue } from '@tronpay/tron';
import { ContractValidateError } from '../chain/chain.errors';

export function addressOf(value: ContractValue, field: string, message: string): string {
  const a = normalizeAddress(value[field]);
  if (!a) throw new ContractValidateError(message);
  return a;
}

export function optionalAddressOf(value: ContractValue, field: string, message: string): string | undefined {
  if (value[field] === undefined || value[field] === '') return undefined;
  return addressOf(value, field, message);
}

/** An int64 field as bigint (absent = 0, the proto3 default). */
export function int64Of(value: ContractValue, field: string): bigint {
  const v = value[field];
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'bigint') return v;
  throw new ContractValidateError(`${field} must be an integer`);
}

export function resourceOf(value: ContractValue): 'BANDWIDTH' | 'ENERGY' {
  const r = value.resource;
  if (r === undefined || r === 'BANDWIDTH' || r === 0) return 'BANDWIDTH';
  if (r === 'ENERGY' || r === 1) return 'ENERGY';
  throw new ContractValidateError('ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY]');
}

