// class-transformer's @Type reads decorator metadata: load the polyfill wherever contracts are.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { RequestedByField } from './command-fields';
import { TRON_ADDRESS_FORM } from './tron-client-commands';
import { SignerRef } from './wallet-commands';

// Amounts on these internal contracts are base units (SUN, or the token's smallest unit) as
// decimal strings: tokens have different decimals, so whole units would be ambiguous here.

const ADDRESS = { message: 'must be a base58 (T...) or hex (41...) TRON address' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE_UNITS = /^[1-9]\d{0,77}$/;
const SUN = /^(0|[1-9]\d{0,17})$/;
const PRINTABLE = /^[\x20-\x7e]+$/;

export const USDT_TOKENS_ADD = 'usdt.tokens.add.v1';
export const USDT_TOKENS_LIST = 'usdt.tokens.list.v1';
export const USDT_TOKENS_GET = 'usdt.tokens.get.v1';
export const USDT_BALANCES_GET = 'usdt.balances.get.v1';
export const USDT_TRANSFERS_ESTIMATE = 'usdt.transfers.estimate.v1';
export const USDT_TRANSFERS_BUILD = 'usdt.transfers.build.v1';
export const USDT_TRANSFERS_SEND = 'usdt.transfers.send.v1';
export const USDT_TRANSFERS_GET = 'usdt.transfers.get.v1';
export const USDT_UNKNOWN_TOKENS_LIST = 'usdt.unknown-tokens.list.v1';

/**
 * `usdt.tokens.add.v1`: register a TRC20 contract. Its name, symbol and decimals are read from
 * the chain; when the operator states a symbol or decimals, they must match what the chain says.
 */
export class UsdtTokenAddRequest {
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  contract: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,16}$/, { message: 'symbol must be 1-16 of A-Z a-z 0-9 . _ -' })
  symbol?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(77)
  decimals?: number;

  @RequestedByField()
  requestedBy: string;
}

/** `usdt.tokens.get.v1`: a token's metadata, read from the chain (registered or not). */
export class UsdtTokenGetRequest {
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  contract: string;
}

export interface UsdtTokenView {
  /** base58 */
  contract: string;
  name: string | null;
  symbol: string | null;
  decimals: number | null;
  /** The network's canonical USDT. */
  canonical: boolean;
  /** In the registry: its transfers are credited. */
  registered: boolean;
  /** Base units, from `totalSupply()` (tokens.get only; null in lists). */
  totalSupply: string | null;
  addedAt: string | null;
  addedBy: string | null;
}

export interface UsdtTokenListReply {
  tokens: UsdtTokenView[];
}

/** `usdt.balances.get.v1`: TRX and every registry token of one address or one wallet (exactly one of the two). */
export class UsdtBalancesRequest {
  @IsOptional()
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  address?: string;

  @IsOptional()
  @Matches(UUID, { message: 'walletId must be a uuid' })
  walletId?: string;

  @IsOptional()
  @IsIn(['head', 'solid'])
  view?: 'head' | 'solid';
}

export interface UsdtBalancesView {
  /** base58 */
  address: string;
  walletId: string | null;
  /** SUN */
  trx: string;
  tokens: Array<{ contract: string; symbol: string; decimals: number; balance: string; amount: string }>;
  view: 'head' | 'solid';
}

/** `usdt.transfers.estimate.v1` and `usdt.transfers.build.v1`: a TRC20 `transfer(to, amount)` from `from`. */
export class UsdtTransferEstimateRequest {
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  from: string;

  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  to: string;

  /** Base units. */
  @Matches(BASE_UNITS, { message: 'amount must be base units as a positive decimal integer' })
  amount: string;

  /** A registry token; default the canonical USDT. */
  @IsOptional()
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  contract?: string;
}

export class UsdtTransferBuildRequest extends UsdtTransferEstimateRequest {
  /** Default: the estimate's energy at the energy price, plus USDT_FEE_LIMIT_MARGIN_BPS. */
  @IsOptional()
  @Matches(SUN, { message: 'feeLimitSun must be SUN as a decimal integer' })
  feeLimitSun?: string;
}

export interface UsdtTransferEstimate {
  contract: string;
  from: string;
  to: string;
  amount: string;
  /** Energy this transfer takes now (the recipient's holder status included). */
  energy: number;
  /** The recipient holds none of the token: the transfer creates its balance slot (about twice the energy). */
  newHolder: boolean;
  /** Energy of the same transfer to an address that holds none (the worst case, e.g. a hot wallet emptied meanwhile). */
  energyIfNewHolder: number;
  /** Bytes of bandwidth the signed transaction takes (result allowance included). */
  bandwidth: number;
  /** getEnergyFee: SUN per energy unit when burned. */
  energyPriceSun: string;
  /** SUN burned for energy when the sender has none. */
  burnSunWithoutEnergy: string;
  /** The fee_limit a transaction for this estimate carries. */
  feeLimitSun: string;
  /** The call would succeed (false: it would revert, e.g. more than the sender holds). */
  ok: boolean;
  error: string | null;
}

export interface UsdtTransferBuildReply {
  /** Unsigned, in tronweb's and java-tron's spelling. */
  transaction: { txID: string; raw_data_hex: string; raw_data: Record<string, unknown>; visible: false };
  estimate: UsdtTransferEstimate;
}

export const TRANSFER_PURPOSES = ['sweep', 'payout'] as const;
export type TransferPurpose = (typeof TRANSFER_PURPOSES)[number];

/**
 * `usdt.transfers.send.v1`: build, sign (wallet policy of `purpose`), store, broadcast and follow
 * one transfer. Idempotent by `key`: a second call answers the stored transfer, sending the same
 * bytes again while it is open. Nothing is broadcast that would run out of energy or bandwidth:
 * such a transfer is `refused` with the reason (`insufficient_energy`, `insufficient_bandwidth`).
 */
export class UsdtTransferSendRequest {
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'key must be printable ASCII' })
  key: string;

  /** 'TRX' or a registry token; default the canonical USDT. */
  @IsOptional()
  @Matches(/^(TRX|T[1-9A-HJ-NP-Za-km-z]{33}|41[0-9a-fA-F]{40})$/, { message: 'token must be TRX or a TRC20 contract address' })
  token?: string;

  @ValidateNested()
  @Type(() => SignerRef)
  signer: SignerRef;

  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  to: string;

  @Matches(BASE_UNITS, { message: 'amount must be base units as a positive decimal integer' })
  amount: string;

  @IsIn(TRANSFER_PURPOSES)
  purpose: TransferPurpose;

  /** For a payout its id (the wallet asks the payout service); for a sweep the sweep's id. */
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'reference must be printable ASCII' })
  reference: string;

  @IsOptional()
  @Matches(SUN, { message: 'feeLimitSun must be SUN as a decimal integer' })
  feeLimitSun?: string;

  /** Check energy as if the recipient held none (it may be emptied before the transfer runs). */
  @IsOptional()
  @IsBoolean()
  assumeNewHolder?: boolean;

  @RequestedByField()
  requestedBy: string;
}

/** `usdt.transfers.get.v1` */
export class UsdtTransferGetRequest {
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'key must be printable ASCII' })
  key: string;
}

export type UsdtTransferStatus = 'building' | 'signed' | 'broadcast' | 'confirmed' | 'failed' | 'expired' | 'refused';

export interface UsdtTransferView {
  id: string;
  key: string;
  /** 'TRX' or the contract (base58) */
  token: string;
  from: string;
  to: string;
  amount: string;
  purpose: TransferPurpose;
  reference: string;
  /** building -> signed (stored before broadcast) -> broadcast -> confirmed | failed | expired; refused: never broadcast. */
  status: UsdtTransferStatus;
  txId: string | null;
  feeLimitSun: string | null;
  energyEstimate: number | null;
  bandwidthEstimate: number | null;
  /** SUN burned, once solidified. */
  fee: string | null;
  resultCode: string | null;
  blockNumber: number | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** `usdt.unknown-tokens.list.v1`: TRC20 transfers to our addresses from contracts not in the registry (not credited, not swept). */
export class UsdtUnknownTokensRequest {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** An opaque cursor from a previous page. */
  @IsOptional()
  @Matches(/^[0-9]{1,19}$/, { message: 'cursor must come from a previous page' })
  cursor?: string;

  @IsOptional()
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  address?: string;
}

export interface UsdtUnknownTokenTransferView {
  contract: string;
  /** Read from the chain when first seen (null: the contract did not answer). */
  name: string | null;
  symbol: string | null;
  decimals: number | null;
  /** Our address that received it. */
  to: string;
  from: string;
  /** Base units. */
  amount: string;
  txId: string;
  logIndex: number;
  blockNumber: number;
  blockTime: string;
  seenAt: string;
}

export interface UsdtUnknownTokensPage {
  data: UsdtUnknownTokenTransferView[];
  nextCursor: string | null;
}
