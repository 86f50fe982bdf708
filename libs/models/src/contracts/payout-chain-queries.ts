import 'reflect-metadata';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { TRON_ADDRESS_FORM } from './tron-client-commands';

// What the payout service asks tron-client beyond broadcasting: the chain facts a payout is built,
// reserved and checked with. tron-client serves them (apps/tron-client/src/queries/).

/** `tron-client.block.reference.v1` (no payload): the latest solidified block, for TaPoS (it cannot be replaced). */
export const TRON_CLIENT_BLOCK_REFERENCE = 'tron-client.block.reference.v1';

export interface ReferenceBlockReply {
  number: number;
  /** blockID, 64 hex digits */
  id: string;
  /** ms since epoch */
  timestamp: number;
}

/**
 * `tron-client.balance.solid.v1`: an account's TRX (and a TRC20's) balance on the solidified chain,
 * with the solidified height read before it, never from a cache: every transaction in a block
 * at or below `solidBlock` is reflected in the balances.
 */
export const TRON_CLIENT_BALANCE_SOLID = 'tron-client.balance.solid.v1';

export class SolidBalanceRequest {
  @Matches(TRON_ADDRESS_FORM, { message: 'address must be a base58 (T...) or hex (41...) TRON address' })
  address: string;

  @IsOptional()
  @Matches(TRON_ADDRESS_FORM, { message: 'contract must be a base58 (T...) or hex (41...) TRON address' })
  contract?: string;
}

export interface SolidBalanceReply {
  /** base58 */
  address: string;
  solidBlock: number;
  /** SUN */
  trx: string;
  /** The token's base units; null when no contract was asked for. */
  token: string | null;
}

/** `tron-client.contract.check.v1`: is there a smart contract at this address (`getcontract`, head view)? */
export const TRON_CLIENT_CONTRACT_CHECK = 'tron-client.contract.check.v1';

export class AddressRequest {
  @Matches(TRON_ADDRESS_FORM, { message: 'address must be a base58 (T...) or hex (41...) TRON address' })
  address: string;
}

export interface ContractCheckReply {
  address: string;
  isContract: boolean;
}

/**
 * `tron-client.energy.estimate.v1`: the energy a contract call would use now (`triggerconstantcontract`
 * by the owner), with what the owner has and what the chain charges, so the caller can price it.
 */
export const TRON_CLIENT_ENERGY_ESTIMATE = 'tron-client.energy.estimate.v1';

export class EnergyEstimateRequest {
  @Matches(TRON_ADDRESS_FORM, { message: 'owner must be a base58 (T...) or hex (41...) TRON address' })
  owner: string;

  @Matches(TRON_ADDRESS_FORM, { message: 'contract must be a base58 (T...) or hex (41...) TRON address' })
  contract: string;

  /** Call data (selector and ABI words), hex, at most 4 KB */
  @Matches(/^([0-9a-fA-F]{2}){4,4096}$/, { message: 'data must be hex call data' })
  data: string;
}

export interface EnergyEstimateReply {
  /** False when the call would revert (its energy is then meaningless). */
  ok: boolean;
  message: string | null;
  energyUsed: string;
  /** SUN per unit of energy burned (`getEnergyFee`). */
  energyPriceSun: string;
  /** SUN per byte of bandwidth burned (`getTransactionFee`). */
  bandwidthPriceSun: string;
  /** What the owner has now. */
  energyAvailable: string;
  bandwidthAvailable: string;
}

/** `tron-client.watch.lookup.v1`: which of these addresses are ours (watched: deposit addresses and wallets). */
export const TRON_CLIENT_WATCH_LOOKUP = 'tron-client.watch.lookup.v1';

export class WatchLookupRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(TRON_ADDRESS_FORM, { each: true, message: 'each address must be a base58 (T...) or hex (41...) TRON address' })
  addresses: string[];
}

export interface WatchLookupReply {
  /** base58, with the kind tron-client watches it as */
  watched: Array<{ address: string; kind: 'deposit' | 'wallet' }>;
}

/**
 * `tron-client.tx.chain-status.v1`: where a transaction is on chain right now, asked of the nodes
 * (not the broadcaster's record), so a caller can prove that a transaction refused at broadcast
 * can no longer land: not on the solidified chain, unknown to the head, and the solidified head
 * past its expiration.
 */
export const TRON_CLIENT_TX_CHAIN_STATUS = 'tron-client.tx.chain-status.v1';

export class TxChainStatusRequest {
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'txId must be 32 bytes of hex' })
  txId: string;
}

export interface TxChainStatusReply {
  txId: string;
  /** The solidified head, read first. */
  solidHead: { number: number; timestamp: number };
  /** The block holding it on the solidified chain; null: not solidified (or not on chain). */
  solidBlock: number | null;
  /** The receipt's result once solidified: `SUCCESS`, or why it failed (`OUT_OF_ENERGY`, `REVERT`, ...). */
  result: string | null;
  reason: string | null;
  /** SUN burned, once solidified. */
  fee: string | null;
  /** A head block or the node's pending pool holds it. */
  knownToHead: boolean;
}

/**
 * `tron-client.tx.sent-by.v1`: the transactions these accounts sent (`owner_address` of their
 * contract) in the solidified blocks `fromBlock`..`toBlock`, read from the blocks themselves. At
 * most 100 blocks a call, and never past the solidified head: the reply says which were read. With
 * no owners, only the last block's timestamp is read (to find a block by time). The payout service
 * asks it after a restore from a backup, for the transfers its hot wallets made since.
 */
export const TRON_CLIENT_TX_SENT_BY = 'tron-client.tx.sent-by.v1';
export const TX_SENT_BY_MAX_BLOCKS = 100;

export class TxSentByRequest {
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(TRON_ADDRESS_FORM, { each: true, message: 'each owner must be a base58 (T...) or hex (41...) TRON address' })
  owners: string[];

  @IsInt()
  @Min(0)
  fromBlock: number;

  @IsInt()
  @Min(0)
  toBlock: number;
}

export interface SentTransaction {
  txId: string;
  blockNumber: number;
  /** ms since epoch */
  blockTimestamp: number;
  /** base58 */
  owner: string;
  contractType: string;
  /** The block's receipt word (`SUCCESS`, `REVERT`, `OUT_OF_ENERGY`...); null when the node gave none. */
  contractRet: string | null;
  /** Its txID is the SHA-256 of these bytes (checked). */
  rawDataHex: string;
  signatures: string[];
}

export interface TxSentByReply {
  solidHead: { number: number; timestamp: number };
  /** The blocks read; `toBlock` < `fromBlock` when none of them is solidified yet. */
  fromBlock: number;
  toBlock: number;
  /** `toBlock`'s timestamp (ms); null when none was read. */
  toTimestamp: number | null;
  transactions: SentTransaction[];
}
