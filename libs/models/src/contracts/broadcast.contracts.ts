// class-transformer's @Type reads decorator metadata: load the polyfill wherever contracts are.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export const TRON_CLIENT_TX_BROADCAST = 'tron-client.tx.broadcast.v1';
export const TRON_CLIENT_TX_GET = 'tron-client.tx.get.v1';

export const TX_CONFIRMED = 'tx.confirmed';
export const TX_FAILED = 'tx.failed';
export const TX_EXPIRED = 'tx.expired';
export const TX_EVENT_PATTERNS = [TX_CONFIRMED, TX_FAILED, TX_EXPIRED] as const;
export type TxEventPattern = (typeof TX_EVENT_PATTERNS)[number];

export const TX_STATUSES = ['pending', 'broadcast', 'confirmed', 'failed', 'expired'] as const;
export type TxStatus = (typeof TX_STATUSES)[number];
export type TxFinalStatus = 'confirmed' | 'failed' | 'expired';

const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * A signed transaction as tronweb and java-tron spell it. Only `raw_data_hex` (the signed bytes)
 * and `signature` count: `raw_data` and `visible` are accepted so a tronweb object can be passed
 * as is, and ignored (what the transaction does is read from the bytes).
 */
export class SignedTransactionDto {
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'txID must be 32 bytes of hex' })
  txID: string;

  // java-tron refuses transactions above 500 KB; the transport is not the place for those.
  @Matches(/^([0-9a-fA-F]{2}){1,65536}$/, { message: 'raw_data_hex must be hex (at most 64 KB)' })
  raw_data_hex: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'signature: a signed transaction has at least one signature' })
  @ArrayMaxSize(32)
  @Matches(/^[0-9a-fA-F]{130}$/, { each: true, message: 'each signature must be 65 bytes of hex' })
  signature: string[];

  @IsOptional()
  @IsObject()
  raw_data?: Record<string, unknown>;

  @IsOptional()
  @IsBoolean()
  visible?: boolean;
}

/**
 * `tron-client.tx.broadcast.v1`: store the signed transaction, then send it; idempotent by txID
 * (a second call answers the stored state, re-sending the same bytes while it is still open).
 */
export class TxBroadcastRequest {
  @ValidateNested()
  @Type(() => SignedTransactionDto)
  transaction: SignedTransactionDto;

  /** What the transaction is for (a payout id, a sweep id), echoed in every `tx.*` event. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'reference must be printable ASCII' })
  reference?: string;

  /** The calling service (for the record and the events). */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'requestedBy must be a service name' })
  requestedBy: string;
}

/** `tron-client.tx.get.v1`: the stored state of a transaction handed to the broadcaster. */
export class TxGetRequest {
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'txId must be 32 bytes of hex' })
  txId: string;
}

/** What one broadcast call did: sent and accepted, sent and the node already had it, will be re-sent, refused for good, or nothing (already final). */
export type BroadcastOutcome = 'accepted' | 'duplicate' | 'retrying' | 'rejected' | 'final';

/** The stored state of a transaction; amounts in SUN as decimal strings, times ISO-8601. */
export interface TxView {
  txId: string;
  status: TxStatus;
  contractType: string;
  /** base58 */
  owner: string;
  expiration: string;
  /** Why it failed or expired. */
  reason: string | null;
  /** java-tron's code: at broadcast (SIGERROR, CONTRACT_VALIDATE_ERROR, ...) or on chain (OUT_OF_ENERGY, REVERT, ...). */
  resultCode: string | null;
  /** The block that holds it, once solidified. */
  blockNumber: number | null;
  /** SUN burned, once solidified. */
  fee: string | null;
  attempts: number;
  lastError: string | null;
  reference: string | null;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  broadcastAt: string | null;
  finishedAt: string | null;
}

export interface TxBroadcastReply extends TxView {
  /** What this call did. */
  outcome: BroadcastOutcome;
}

/**
 * Payload of `tx.confirmed`, `tx.failed` and `tx.expired`: exactly one of them per transaction.
 * Delivery is at least once: consumers de-duplicate by `eventId` (`<pattern>:<txId>`).
 */
export class TxEvent {
  @IsString()
  eventId: string;

  @Matches(/^[0-9a-f]{64}$/)
  txId: string;

  @IsIn(['confirmed', 'failed', 'expired'])
  status: TxFinalStatus;

  @IsOptional()
  @IsString()
  reference: string | null;

  @IsString()
  requestedBy: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  blockNumber: number | null;

  @IsOptional()
  @IsString()
  reason: string | null;

  @IsOptional()
  @IsString()
  resultCode: string | null;

  /** SUN burned (null when it never reached a block). */
  @IsOptional()
  @Matches(/^(0|[1-9]\d*)$/)
  fee: string | null;

  @IsISO8601()
  expiration: string;

  @IsIn(['mainnet', 'nile', 'shasta', 'devnet'])
  network: string;

  @IsISO8601()
  occurredAt: string;
}
