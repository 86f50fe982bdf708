// class-transformer's @Type reads decorator metadata: load the polyfill wherever contracts are.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TRON_ADDRESS_FORM } from './tron-client-commands';
import { IdempotencyKeyField, RequestedByField } from './command-fields';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * An amount in whole units, canonical as API.md writes it: no sign, no leading zeros, no trailing
 * fractional zeros, at most 6 decimals (`"10"`, `"10.5"`, `"0.000001"`). The gateway normalizes
 * before it forwards, so the owning service parses exactly one spelling of each amount.
 */
export const WHOLE_UNITS_AMOUNT_FORM = /^(0|[1-9]\d{0,29})(\.\d{0,5}[1-9])?$/;

export const PAYOUT_PAYOUTS_CREATE = 'payout.payouts.create.v1';
export const PAYOUT_PAYOUTS_BATCH = 'payout.payouts.batch.v1';
export const PAYOUT_PAYOUTS_GET = 'payout.payouts.get.v1';
export const PAYOUT_PAYOUTS_LIST = 'payout.payouts.list.v1';
export const PAYOUT_PAYOUTS_APPROVE = 'payout.payouts.approve.v1';
export const PAYOUT_PAYOUTS_CANCEL = 'payout.payouts.cancel.v1';
export const PAYOUT_RECIPIENTS_CREATE = 'payout.recipients.create.v1';
export const PAYOUT_RECIPIENTS_UPDATE = 'payout.recipients.update.v1';
export const PAYOUT_RECIPIENTS_GET = 'payout.recipients.get.v1';

export const PAYOUT_CURRENCIES = ['TRX', 'USDT'] as const;
export type PayoutCurrency = (typeof PAYOUT_CURRENCIES)[number];

/** API.md's statuses, plus `signed` (stored, not yet broadcast) and `cancelled` (before broadcast). */
export const PAYOUT_STATUSES = ['pending_approval', 'queued', 'signed', 'broadcast', 'confirmed', 'failed', 'rejected', 'cancelled'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const PAYOUT_BATCH_MAX = 500;
export const KYC_LEVELS = [0, 1, 2, 3] as const;

/** One payout as asked for: the body of `POST /v1/payouts` and each item of a batch. */
export class PayoutItem {
  @IsIn(PAYOUT_CURRENCIES)
  currency: PayoutCurrency;

  @Matches(WHOLE_UNITS_AMOUNT_FORM, { message: 'amount must be a canonical decimal string of whole units' })
  amount: string;

  /** base58 */
  @Matches(TRON_ADDRESS_FORM, { message: 'to must be a TRON address' })
  to: string;

  @IsOptional()
  @Matches(UUID, { message: 'recipientId must be a uuid' })
  recipientId?: string;

  /** The merchant's own reference (an order or withdrawal id). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'reference must be printable ASCII' })
  reference?: string;
}

/** `payout.payouts.create.v1` */
export class CreatePayoutRequest extends PayoutItem {
  /** `api-key:<id>` of the creating key: the maker of maker-checker, who may not approve it. */
  @RequestedByField()
  requestedBy: string;

  /**
   * `<api key id>:<Idempotency-Key>` when the client sent one: the payout service keeps one payout
   * per key, so a retry after a lost reply does not pay twice.
   */
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

/** `payout.payouts.batch.v1`: each item routed and executed on its own; item i's key is `<idempotencyKey>:<i>`. */
export class BatchPayoutRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PAYOUT_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => PayoutItem)
  items: PayoutItem[];

  @RequestedByField()
  requestedBy: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

/** `payout.payouts.get.v1` (the gateway's view; `payout.get.v1` is the wallet's signing look-up) */
export class PayoutIdRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;
}

/** `payout.payouts.list.v1`: newest first. */
export class ListPayoutsRequest {
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;

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

/**
 * `payout.payouts.approve.v1`: the payout service refuses an approval whose `requestedBy` is the
 * payout's creator's, or a second one by the same key.
 */
export class ApprovePayoutRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;

  /** The approving API key's id (`admin` for the bootstrap key); it holds `payouts:approve`. */
  @IsString()
  @MaxLength(100)
  approverKeyId: string;

  /** `api-key:<approverKeyId>` */
  @RequestedByField()
  requestedBy: string;
}

/** `payout.payouts.cancel.v1`: only before broadcast. */
export class CancelPayoutRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(PRINTABLE, { message: 'reason must be printable ASCII' })
  reason?: string;

  @RequestedByField()
  requestedBy: string;
}

export interface PayoutApproval {
  /** `api-key:<id>` */
  by: string;
  at: string;
}

/** A payout as `GET /v1/payouts/:id` shows it (API.md). Amounts in whole units, canonical. */
export interface PayoutView {
  id: string;
  currency: PayoutCurrency;
  amount: string;
  /** base58 */
  to: string;
  recipientId: string | null;
  reference: string | null;
  route: 'v0' | 'kyc';
  status: PayoutStatus;
  txId: string | null;
  /** TRX burned or paid for the transfer, whole units; null until known. */
  fee: string | null;
  failureReason: string | null;
  approvals: PayoutApproval[];
  createdAt: string;
  updatedAt: string;
  /** Approvals it needs in all (0, 1 or 2) before it is queued. */
  approvalsRequired?: number;
  /** Why it is held for an approval though its route needs none: `address_lookalike`, `destination_is_contract`. */
  warnings?: string[];
  /** Why a queued payout waits (`velocity_cap`, `insufficient_balance`, `no_hot_wallet`, `wallet_locked`, ...). */
  holdReason?: string | null;
  /** A sentence about `failureReason` (which limit, how much), for people. */
  failureDetail?: string | null;
  /** Every transaction built for it, oldest first: a new one only after the previous one expired off chain. */
  transactions?: PayoutTransactionView[];
  batchId?: string | null;
}

export interface PayoutTransactionView {
  txId: string;
  status: 'built' | 'signed' | 'sent' | 'refused' | 'confirmed' | 'failed' | 'expired' | 'abandoned';
  expiration: string;
  blockNumber: number | null;
  createdAt: string;
}

/** Why a payout was rejected or failed: stable codes (`failureReason`), with `failureDetail` for people. */
export const PAYOUT_FAILURE_REASONS = [
  'v0_amount_limit',
  'v0_daily_limit_recipient',
  'v0_daily_limit_destination',
  'kyc_amount_limit',
  'kyc_daily_limit',
  'velocity_cap',
  'insufficient_balance',
  'unknown_recipient',
  'own_address',
  'destination_is_contract',
  'fee_above_cap',
  'out_of_energy',
  'contract_reverted',
  'failed_on_chain',
  'rejected_by_chain',
  'signing_refused',
  'held_too_long',
] as const;
export type PayoutFailureReason = (typeof PAYOUT_FAILURE_REASONS)[number];

export interface PayoutBatchReply {
  data: PayoutView[];
}

/** `payout.recipients.create.v1` */
export class CreateRecipientRequest {
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e][\x20-\x7e]*$/, { message: 'externalId must be printable ASCII, not starting with a space' })
  externalId: string;

  @IsIn(KYC_LEVELS)
  kycLevel: number;

  /** base58, each once */
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(TRON_ADDRESS_FORM, { each: true, message: 'each address must be a TRON address' })
  addresses: string[];

  @RequestedByField()
  requestedBy: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

/** `payout.recipients.update.v1`: only the fields given change; `addresses` replaces the list. */
export class UpdateRecipientRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e][\x20-\x7e]*$/, { message: 'externalId must be printable ASCII, not starting with a space' })
  externalId?: string;

  @IsOptional()
  @IsIn(KYC_LEVELS)
  kycLevel?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(TRON_ADDRESS_FORM, { each: true, message: 'each address must be a TRON address' })
  addresses?: string[];

  @RequestedByField()
  requestedBy: string;
}

/** `payout.recipients.get.v1` */
export class RecipientIdRequest {
  @Matches(UUID, { message: 'id must be a uuid' })
  id: string;
}

export interface RecipientView {
  id: string;
  externalId: string;
  kycLevel: number;
  /** base58 */
  addresses: string[];
  createdAt: string;
  updatedAt: string;
}
