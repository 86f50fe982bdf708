import type { ContractValue, DecodedRawData } from '@tronpay/tron';
import type { ExecutionResult } from '../chain/chain.types';

/** What an actuator sees of the transaction it runs. */
export interface TxContext {
  txID: string;
  decoded: DecodedRawData;
  value: ContractValue;
  owner: string;
  /** Chain time: the head block's timestamp, as java-tron uses for every time rule. */
  now: number;
  /** The number of the block this transaction will be in. */
  blockNumber: number;
  feeLimit: bigint;
}

/** What an actuator adds to the transaction's result besides bandwidth. */
export type ActuatorOutcome = Partial<Omit<ExecutionResult, 'fee' | 'receipt'>> & {
  /** Fee charged by the contract itself (account creation, permission update), SUN. */
  fee?: bigint;
  receipt?: ExecutionResult['receipt'];
};

/** One system contract type, as java-tron's actuators split it: validate() throws, execute() cannot fail. */
export interface Actuator {
  validate(ctx: TxContext): void;
  execute(ctx: TxContext): ActuatorOutcome;
  /** Whether running the contract creates an account (bandwidth is then charged as account creation). */
  createsAccount?(ctx: TxContext): boolean;
}
