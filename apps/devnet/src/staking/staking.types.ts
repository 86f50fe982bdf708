import type { ResourceCode } from '../accounts/account.types';

export interface WitnessRecord {
  address: string;
  url: string;
  /** Votes from devnet accounts; the simulated network adds BASE_VOTES_PER_WITNESS. */
  votes: bigint;
  totalProduced: number;
  latestBlockNum: number;
  latestSlotNum: number;
}

export interface DelegationRecord {
  from: string;
  to: string;
  locked: boolean;
  amount: Record<ResourceCode, bigint>;
  expire: Record<ResourceCode, number>;
}

export interface DelegationIndex {
  from: string[];
  to: string[];
}
