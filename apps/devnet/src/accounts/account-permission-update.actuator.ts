import { normalizeAddress } from '@tronpay/tron';
import { ContractValidateError } from '../chain/chain.errors';
import { UPDATE_ACCOUNT_PERMISSION_FEE } from '../chain/chain-parameters';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import type { AccountRepository } from './account-repository';
import type { Permission } from './account.types';

const MAX_KEYS = 5;
const MAX_ACTIVES = 8;

function parsePermission(raw: unknown, kind: 'Owner' | 'Active', id: number): Permission {
  const p = (raw ?? {}) as Record<string, unknown>;
  const keysRaw = Array.isArray(p.keys) ? (p.keys as Array<Record<string, unknown>>) : [];
  const name = kind === 'Owner' ? 'Owner' : 'Active';
  if (keysRaw.length === 0) throw new ContractValidateError(`key's count should be greater than 0`);
  if (keysRaw.length > MAX_KEYS) throw new ContractValidateError(`number of keys in permission should not be greater than ${MAX_KEYS}`);
  const keys = keysRaw.map((k) => {
    const address = normalizeAddress(k.address);
    if (!address) throw new ContractValidateError('key is not a validate address');
    const weight = typeof k.weight === 'number' ? k.weight : 0;
    if (weight <= 0) throw new ContractValidateError(`key's weight should be greater than 0`);
    return { address, weight };
  });
  if (new Set(keys.map((k) => k.address)).size !== keys.length) {
    throw new ContractValidateError(`address should be distinct in permission ${name}`);
  }
  const threshold = typeof p.threshold === 'number' ? p.threshold : 0;
  if (threshold <= 0) throw new ContractValidateError(`permission's threshold should be greater than 0`);
  if (keys.reduce((s, k) => s + k.weight, 0) < threshold) {
    throw new ContractValidateError(`sum of all key's weight should not be less than threshold in permission ${name}`);
  }
  const permission: Permission = {
    type: kind,
    id,
    permission_name: typeof p.permission_name === 'string' && p.permission_name ? p.permission_name : kind.toLowerCase(),
    threshold,
    keys,
  };
  if (kind === 'Active') {
    const ops = typeof p.operations === 'string' ? p.operations.toLowerCase() : '';
    if (!/^[0-9a-f]{64}$/.test(ops)) throw new ContractValidateError('operations size must 32');
    permission.operations = ops;
  }
  return permission;
}

/** AccountPermissionUpdateContract: owner and active permissions for multisig; costs 100 TRX. */
export class AccountPermissionUpdateActuator implements Actuator {
  constructor(private readonly accounts: AccountRepository) {}

  private parse(ctx: TxContext): { owner: Permission; actives: Permission[] } {
    if (!ctx.value.owner) throw new ContractValidateError('owner permission is missed');
    const activesRaw = Array.isArray(ctx.value.actives) ? ctx.value.actives : [];
    if (activesRaw.length === 0) throw new ContractValidateError('active permission is missed');
    if (activesRaw.length > MAX_ACTIVES) throw new ContractValidateError('active permission is too many');
    return {
      owner: parsePermission(ctx.value.owner, 'Owner', 0),
      actives: activesRaw.map((a, i) => parsePermission(a, 'Active', i + 2)),
    };
  }

  validate(ctx: TxContext): void {
    const account = this.accounts.find(ctx.owner);
    if (!account) throw new ContractValidateError('ownerAddress account does not exist');
    this.parse(ctx);
    if (account.balance < UPDATE_ACCOUNT_PERMISSION_FEE) throw new ContractValidateError('balance is not sufficient');
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const account = this.accounts.get(ctx.owner);
    const { owner, actives } = this.parse(ctx);
    account.ownerPermission = owner;
    account.activePermissions = actives;
    account.balance -= UPDATE_ACCOUNT_PERMISSION_FEE;
    this.accounts.save(account);
    return { fee: UPDATE_ACCOUNT_PERMISSION_FEE };
  }
}
