import { IsIn, IsInt, IsISO8601, IsString, Matches, Min } from 'class-validator';

export const DEPOSIT_DETECTED = 'deposit.detected';
export const DEPOSIT_CONFIRMED = 'deposit.confirmed';
export const DEPOSIT_REVERTED = 'deposit.reverted';
export const DEPOSIT_EVENT_PATTERNS = [DEPOSIT_DETECTED, DEPOSIT_CONFIRMED, DEPOSIT_REVERTED] as const;
export type DepositEventPattern = (typeof DEPOSIT_EVENT_PATTERNS)[number];

const BASE58 = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

/**
 * Payload of `deposit.detected`, `deposit.confirmed` and `deposit.reverted`. Delivery is at
 * least once: consumers de-duplicate by `eventId`, which is the same on every re-publication.
 */
export class DepositEvent {
  @IsString()
  eventId: string;

  @Matches(/^[0-9a-f]{64}$/)
  txId: string;

  /** Index of the TRC20 `Transfer` log in the transaction; -1 for a TRX transfer. */
  @IsInt()
  @Min(-1)
  logIndex: number;

  /** 'TRX' or the TRC20 contract (base58). */
  @Matches(/^(TRX|T[1-9A-HJ-NP-Za-km-z]{33})$/)
  token: string;

  @Matches(BASE58)
  from: string;

  @Matches(BASE58)
  to: string;

  /** Base units (SUN, or the token's smallest unit) as a decimal string. */
  @Matches(/^[1-9]\d{0,77}$/)
  amount: string;

  @IsInt()
  @Min(0)
  blockNumber: number;

  @Matches(/^[0-9a-f]{64}$/)
  blockHash: string;

  @IsISO8601()
  blockTime: string;

  @IsIn(['mainnet', 'nile', 'shasta', 'devnet'])
  network: string;
}
