// class-transformer's @Type reads decorator metadata: load the polyfill wherever contracts are.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { TRON_ADDRESS_FORM } from './tron-client-commands';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const WALLET_DEPOSIT_ADDRESS_NEXT = 'wallet.deposit-address.next.v1';

/** `wallet.deposit-address.next.v1`: a fresh HD deposit address, watched by tron-client before it is returned. */
export class NextDepositAddressRequest {
  /** What the address is for (an invoice id), kept with it and in the audit log. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x20-\x7e]*$/, { message: 'reference must be printable ASCII' })
  reference?: string;
}

export interface NextDepositAddressReply {
  /** base58 */
  address: string;
  index: number;
}

export const WALLET_SIGN = 'wallet.sign.v1';
export const PAYOUT_GET = 'payout.get.v1';

export class SignerRef {
  @IsOptional()
  @Matches(UUID, { message: 'walletId must be a uuid' })
  walletId?: string;

  @IsOptional()
  @Matches(TRON_ADDRESS_FORM, { message: 'depositAddress must be a TRON address' })
  depositAddress?: string;
}

export class UnsignedTransaction {
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'txID must be 32 bytes of hex' })
  txID: string;

  @Matches(/^([0-9a-fA-F]{2}){1,4096}$/, { message: 'raw_data_hex must be hex (at most 4 KB)' })
  raw_data_hex: string;
}

/** `wallet.sign.v1`: sign a transaction if, and only if, it does what the purpose and reference say. */
export class SignRequest {
  @ValidateNested()
  @Type(() => SignerRef)
  signer: SignerRef;

  @ValidateNested()
  @Type(() => UnsignedTransaction)
  transaction: UnsignedTransaction;

  /** `fee`: the energy manager's TRX top-up of one of our deposit addresses (activation, bandwidth, burned energy). */
  @IsIn(['payout', 'sweep', 'stake', 'delegate', 'vote', 'permission', 'fee'])
  purpose: 'payout' | 'sweep' | 'stake' | 'delegate' | 'vote' | 'permission' | 'fee';

  /** For a payout, its id (the payout service is asked what it is); otherwise what asked for it. */
  @IsString()
  @MaxLength(200)
  reference: string;

  /** Who asks (service or API key id), for the audit log. */
  @IsString()
  @MaxLength(100)
  requestedBy: string;
}

export interface SignReply {
  txId: string;
  /** 65 bytes hex: r || s || v */
  signature: string;
  /** base58: the signing key's address (for a multisig wallet, the first of our member keys) */
  signer: string;
  /** For a multisig wallet: one signature per member key held here, up to the threshold. */
  signatures: string[];
}

/** What `payout.get.v1` answers about a payout, as far as signing needs it. */
export interface PayoutForSigning {
  to: string;
  /** base units, decimal string */
  amount: string;
  currency: 'TRX' | 'USDT';
}

export const WALLET_WALLETS_CREATE = 'wallet.wallets.create.v1';
export const WALLET_WALLETS_UPDATE = 'wallet.wallets.update.v1';
export const WALLET_WALLETS_ARCHIVE = 'wallet.wallets.archive.v1';
export const WALLET_WALLETS_GET = 'wallet.wallets.get.v1';
export const WALLET_WALLETS_LIST = 'wallet.wallets.list.v1';
export const WALLET_AUDIT_LIST = 'wallet.audit.list.v1';


export class MultisigSigner {
  @Matches(TRON_ADDRESS_FORM, { message: 'signer address must be a TRON address' })
  address: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  weight?: number;
}

export class CreateWalletRequest {
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'label must not be blank' })
  label: string;

  @IsIn(['hot', 'cold', 'watch', 'multisig', 'hardware'])
  kind: 'hot' | 'cold' | 'watch' | 'multisig' | 'hardware';

  /** Required for every kind but `hot` (whose key is derived here). */
  @IsOptional()
  @Matches(TRON_ADDRESS_FORM, { message: 'address must be a TRON address' })
  address?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  category?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  owner?: string;

  /** multisig: the permission's threshold */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  threshold?: number;

  /** multisig: the permission id our keys sign under (default 2, the first active permission) */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  permissionId?: number;

  /** multisig: every key of the permission (ours and external) with its weight */
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => MultisigSigner)
  signers?: MultisigSigner[];

  @IsString()
  @MaxLength(100)
  requestedBy: string;

  /** `<api key id>:<Idempotency-Key>`: the same key gives the same wallet, never a second one. */
  @IsOptional()
  @IsString()
  @MaxLength(400)
  idempotencyKey?: string;
}

export class UpdateWalletRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'label must not be blank' })
  label?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  category?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  owner?: string;

  @IsString()
  @MaxLength(100)
  requestedBy: string;
}

export class WalletIdRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  requestedBy?: string;
}

export class ListRequest {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class AuditListRequest extends ListRequest {
  @Matches(UUID, { message: 'walletId must be a uuid' })
  walletId: string;
}

export const WALLET_MULTISIG_COMBINE = 'wallet.multisig.combine.v1';

/** `wallet.multisig.combine.v1`: add outside signatures (co-signers, hardware wallets) to a transaction; only members' count. */
export class CombineSignaturesRequest {
  @Matches(UUID, { message: 'walletId must be a uuid' })
  walletId: string;

  @ValidateNested()
  @Type(() => UnsignedTransaction)
  transaction: UnsignedTransaction;

  @Matches(/^[0-9a-fA-F]{130}$/, { each: true, message: 'each signature must be 65 bytes of hex' })
  signatures: string[];

  @IsString()
  @MaxLength(100)
  requestedBy: string;
}

export interface CombineSignaturesReply {
  txId: string;
  /** Valid member signatures, one per member, in the order given (ours first). */
  signatures: string[];
  weight: number;
  threshold: number;
  complete: boolean;
  /** Signatures dropped, and why. */
  rejected: Array<{ signature: string; reason: string }>;
}

export interface WalletView {
  id: string;
  label: string;
  kind: 'hot' | 'cold' | 'watch' | 'multisig' | 'hardware';
  /** base58 */
  address: string;
  category: string | null;
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  threshold?: number;
  signers?: Array<{ address: string; weight: number }>;
}

export interface AuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  outcome: string;
  purpose: string | null;
  reference: string | null;
  txId: string | null;
  reason: string | null;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const WALLET_WALLETS_BALANCE = 'wallet.wallets.balance.v1';

export class WalletBalanceRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;

  /** Ask the chain now instead of answering from the last scheduled refresh. */
  @IsOptional()
  @IsBoolean()
  refresh?: boolean;
}

/** Whole units as decimal strings (TRX, USDT); energy and bandwidth available now, in their own units. */
export interface WalletBalanceView {
  walletId: string;
  trx: string;
  usdt: string | null;
  energy: string;
  bandwidth: string;
  refreshedAt: string;
}

export const WALLET_UNLOCK = 'wallet.unlock.v1';
export const WALLET_LOCK = 'wallet.lock.v1';

/** `wallet.unlock.v1`: the operator's passphrase (passphrase mode only); every replica unlocks. */
export class UnlockRequest {
  @IsString()
  @MinLength(12, { message: 'passphrase must be at least 12 characters' })
  @MaxLength(1024)
  passphrase: string;

  @IsString()
  @MaxLength(100)
  requestedBy: string;
}

export class LockRequest {
  @IsString()
  @MaxLength(100)
  requestedBy: string;
}

export interface LockStateReply {
  locked: boolean;
}
