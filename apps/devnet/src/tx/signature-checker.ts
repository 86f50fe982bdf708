import { CONTRACT_TYPES, hexToBase58, SignatureVerifier } from '@tronpay/tron';
import { BroadcastError } from '../chain/chain.errors';
import { MAX_SIGNATURES } from '../chain/chain-parameters';
import { AccountRepository } from '../accounts/account-repository';
import { activePermissionsOf, ownerPermissionOf, Permission } from '../accounts/account.types';

const TYPE_NUMBERS = new Map(Object.entries(CONTRACT_TYPES).map(([n, name]) => [name, Number(n)]));

function sigError(message: string): BroadcastError {
  return new BroadcastError('SIGERROR', `validate signature error ${message}`);
}

/** java-tron's TransactionCapsule.validateSignature: the signers' weights must reach the permission's threshold. */
export class SignatureChecker {
  constructor(
    private readonly accounts: AccountRepository,
    readonly verifier: SignatureVerifier,
  ) {}

  permissionFor(owner: string, permissionId: number): Permission | undefined {
    const account = this.accounts.find(owner) ?? { address: owner };
    if (permissionId === 0) return ownerPermissionOf(account);
    return activePermissionsOf(account).find((p) => p.id === permissionId);
  }

  /** Throws SIGERROR unless the signatures satisfy the permission; returns the distinct signers. */
  check(
    owner: string,
    contractType: string,
    permissionId: number,
    raw: Uint8Array,
    txID: string,
    signatures: string[],
    /** Per signature, the signer a SignaturePool worker already verified (null or absent: verify here). */
    verified?: ReadonlyArray<string | null>,
  ): string[] {
    if (signatures.length === 0) throw sigError('miss sig or contract');
    if (signatures.length > MAX_SIGNATURES) throw sigError('too many signatures');
    const permission = this.permissionFor(owner, permissionId);
    if (!permission) throw sigError("permission isn't exit");
    if (permissionId !== 0) {
      if (permission.type !== 'Active') throw sigError('Permission type is error');
      if (!operationAllowed(permission, contractType)) throw sigError('Permission denied');
    }
    if (signatures.length > permission.keys.length) {
      throw sigError(`Signature count is ${signatures.length} more than key counts of permission : ${permission.keys.length}`);
    }
    const candidates = permission.keys.map((k) => k.address);
    const signers: string[] = [];
    let weight = 0;
    for (const [i, sig] of signatures.entries()) {
      if (sig.length < 130) throw sigError(`Signature size is ${sig.length / 2}`);
      const signer = verified?.[i] ?? this.verifier.signer(raw, txID, sig.slice(0, 130), candidates);
      if (!signer) throw sigError('Signature is invalid');
      const key = permission.keys.find((k) => k.address === signer);
      if (!key) throw sigError(`${txID} is signed by ${hexToBase58(signer)} but it is not contained of permission.`);
      if (signers.includes(signer)) throw sigError(`${hexToBase58(signer)} has signed twice!`);
      signers.push(signer);
      weight += key.weight;
    }
    if (weight < permission.threshold) throw sigError('sig error');
    return signers;
  }
}

function operationAllowed(permission: Permission, contractType: string): boolean {
  const n = TYPE_NUMBERS.get(contractType);
  if (n === undefined || !permission.operations) return false;
  const ops = Buffer.from(permission.operations, 'hex');
  return ((ops[n >> 3] ?? 0) & (1 << (n & 7))) !== 0;
}
