import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const TRON_CLIENT_WATCH_ADD = 'tron-client.watch.add.v1';
export const TRON_CLIENT_TOKENS_ADD = 'tron-client.tokens.add.v1';

/** Base58 (`T...`, 34 chars) or hex (`41...`, 42 chars); the checksum is checked by the service. */
export const TRON_ADDRESS_FORM = /^(T[1-9A-HJ-NP-Za-km-z]{33}|41[0-9a-fA-F]{40})$/;

/** `tron-client.watch.add.v1`: watch these addresses; returns once the scanner will credit them. */
export class WatchAddRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @Matches(TRON_ADDRESS_FORM, { each: true, message: 'each address must be a base58 (T...) or hex (41...) TRON address' })
  addresses: string[];

  @IsIn(['deposit', 'wallet'])
  kind: 'deposit' | 'wallet';

  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
}

export interface WatchAddReply {
  /** Addresses newly watched by this call (base58). */
  added: number;
  watched: number;
}

/** `tron-client.tokens.add.v1`: credit transfers of this TRC20 contract. */
export class TokenAddRequest {
  @Matches(TRON_ADDRESS_FORM, { message: 'contract must be a base58 (T...) or hex (41...) TRON address' })
  contract: string;

  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,16}$/)
  symbol: string;

  @IsInt()
  @Min(0)
  @Max(77)
  decimals: number;
}

export interface TokenAddReply {
  contract: string;
  symbol: string;
  decimals: number;
  added: boolean;
}

/** `tron-client.tokens.list.v1` (empty payload): the registry, canonical USDT first. */
export const TRON_CLIENT_TOKENS_LIST = 'tron-client.tokens.list.v1';

export interface TokenListReply {
  tokens: Array<{ contract: string; symbol: string; decimals: number; canonical: boolean }>;
}
