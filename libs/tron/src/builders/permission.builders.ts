import { CONTRACT_TYPES } from '../transaction-codec';
import type { Address } from '../values/address.value';
import { buildTransaction, fail, hexOf, type BuildContext, type UnsignedTransaction } from './build-transaction';

export interface PermissionKeyInput {
  address: Address | string;
  weight: number;
}

export interface PermissionInput {
  name: string;
  threshold: number;
  keys: readonly PermissionKeyInput[];
}

export interface ActivePermissionInput extends PermissionInput {
  /** Contract types this permission may sign, e.g. ['TransferContract', 'TriggerSmartContract']. */
  operations: readonly string[];
}

export interface PermissionUpdateInput {
  owner: Address | string;
  ownerPermission: PermissionInput;
  actives: readonly ActivePermissionInput[];
}

const TYPE_NUMBERS = new Map(Object.entries(CONTRACT_TYPES).map(([n, name]) => [name, Number(n)]));
const MAX_KEYS = 5;
const MAX_ACTIVES = 8;

/** The 32-byte bitmap java-tron checks an active permission against: bit n = contract type n. */
export function operationsMask(contractTypes: readonly string[]): string {
  const mask = Buffer.alloc(32);
  for (const name of contractTypes) {
    const n = TYPE_NUMBERS.get(name);
    if (n === undefined) fail(`operations: unknown contract type ${name}`);
    mask[n >> 3] |= 1 << (n & 7);
  }
  return mask.toString('hex');
}

function permission(input: PermissionInput, field: string): Record<string, unknown> {
  if (!input.name || input.name.length > 32) fail(`${field}.name: 1 to 32 characters`);
  if (input.keys.length === 0 || input.keys.length > MAX_KEYS) fail(`${field}.keys: 1 to ${MAX_KEYS} keys`);
  const keys = input.keys.map((k, i) => {
    if (!Number.isSafeInteger(k.weight) || k.weight <= 0) fail(`${field}.keys[${i}].weight: a positive integer`);
    return { address: hexOf(k.address, `${field}.keys[${i}].address`), weight: k.weight };
  });
  if (new Set(keys.map((k) => k.address)).size !== keys.length) fail(`${field}.keys: each address once`);
  const total = keys.reduce((sum, k) => sum + k.weight, 0);
  if (!Number.isSafeInteger(input.threshold) || input.threshold <= 0 || input.threshold > total) {
    fail(`${field}.threshold: from 1 to the keys' total weight (${total})`);
  }
  return { permission_name: input.name, threshold: input.threshold, keys };
}

/**
 * AccountPermissionUpdateContract: replaces the owner and active permissions (multisig).
 * Costs 100 TRX on mainnet; the owner permission's keys must still be able to sign afterwards.
 */
export function buildAccountPermissionUpdate(input: PermissionUpdateInput, ctx: BuildContext): UnsignedTransaction {
  if (input.actives.length === 0 || input.actives.length > MAX_ACTIVES) fail(`actives: 1 to ${MAX_ACTIVES} permissions`);
  const value = {
    owner_address: hexOf(input.owner, 'owner'),
    owner: permission(input.ownerPermission, 'ownerPermission'),
    actives: input.actives.map((a, i) => ({
      type: 'Active',
      id: i + 2,
      ...permission(a, `actives[${i}]`),
      operations: operationsMask(a.operations),
    })),
  };
  return buildTransaction('AccountPermissionUpdateContract', value, ctx);
}
