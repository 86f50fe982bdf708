import { decodeRawData, encodeSignedTransaction, txIdOf, type DecodedRawData } from '@tronpay/tron';
import { Chain } from '../chain/chain.service';
import { ApiError, BroadcastError, ContractValidateError } from '../chain/chain.errors';
import {
  MAX_EXPIRATION_MS,
  MEMO_FEE,
  MULTI_SIGN_FEE,
  RESULT_SIZE_PER_CONTRACT,
  TRANSACTION_MAX_BYTE_SIZE,
} from '../chain/chain-parameters';
import type { StoredTransaction } from '../chain/chain.types';
import { AccountRepository } from '../accounts/account-repository';
import type { Account } from '../accounts/account.types';
import { BandwidthProcessor } from './bandwidth-processor';
import { SignatureChecker } from './signature-checker';
import { Actuator, TxContext } from './tx-context';
import { addressOf } from './contract-fields';

export interface SignedInput {
  rawDataHex: string;
  signatures: string[];
}

/**
 * Accepts a signed transaction the way java-tron's Manager.pushTransaction does: TaPoS,
 * size and expiration, duplicates, signatures, bandwidth, then the contract's own rules,
 * and runs it against the head state. Everything it refuses throws a BroadcastError.
 */
export class TransactionProcessor {
  private readonly actuators = new Map<string, Actuator>();

  constructor(
    private readonly chain: Chain,
    private readonly accounts: AccountRepository,
    private readonly signatures: SignatureChecker,
    private readonly bandwidth: BandwidthProcessor,
  ) {}

  register(contractType: string, actuator: Actuator): void {
    this.actuators.set(contractType, actuator);
  }

  decode(rawDataHex: string): DecodedRawData {
    try {
      return decodeRawData(rawDataHex);
    } catch (e) {
      throw new ApiError(`invalid transaction: ${(e as Error).message}`, 'java.lang.IllegalArgumentException');
    }
  }

  push(input: SignedInput): StoredTransaction {
    const txID = txIdOf(input.rawDataHex);
    const decoded = this.decode(input.rawDataHex);
    const head = this.chain.head();
    const rd = decoded.rawData;

    if (!this.chain.taposMatches(rd.ref_block_bytes, rd.ref_block_hash)) {
      throw new BroadcastError('TAPOS_ERROR', 'Tapos check error');
    }
    const signed = encodeSignedTransaction(input.rawDataHex, input.signatures);
    if (signed.length > TRANSACTION_MAX_BYTE_SIZE) {
      throw new BroadcastError('TOO_BIG_TRANSACTION_ERROR', 'Transaction size is too big.');
    }
    const expiration = rd.expiration ?? 0;
    if (expiration <= head.timestamp || expiration > head.timestamp + MAX_EXPIRATION_MS) {
      throw new BroadcastError('TRANSACTION_EXPIRATION_ERROR', 'Transaction expired');
    }
    if (decoded.contractCount !== 1) {
      throw new BroadcastError('CONTRACT_VALIDATE_ERROR', 'Contract validate error : act size should be exactly 1, this is extend feature');
    }
    if (this.chain.hasTransaction(txID)) throw new BroadcastError('DUP_TRANSACTION_ERROR', 'Dup transaction.');

    const contract = rd.contract[0];
    const actuator = this.actuators.get(decoded.contractType);
    const value = contract.parameter.value;
    let owner: string;
    try {
      owner = addressOf(value, 'owner_address', 'Invalid ownerAddress!');
    } catch (e) {
      throw validateError(e);
    }
    this.signatures.check(owner, decoded.contractType, contract.Permission_id ?? 0, input.rawDataHex, txID, input.signatures);
    if (!actuator) {
      throw new BroadcastError('CONTRACT_VALIDATE_ERROR', `Contract validate error : contract type ${decoded.contractType} is not supported by the devnet`);
    }

    const ctx: TxContext = {
      txID,
      decoded,
      value,
      owner,
      now: head.timestamp,
      blockNumber: head.number + 1,
      feeLimit: BigInt(rd.fee_limit ?? 0),
    };
    const account = this.accounts.find(owner);
    if (!account) throw new BroadcastError('CONTRACT_VALIDATE_ERROR', 'Contract validate error : account not exists');

    // Bandwidth and the multi-sign and memo fees are charged before the contract validates,
    // as in java-tron, so a transfer of the whole balance fails for want of the fee; a refused
    // transaction leaves no trace, hence the snapshot.
    const snapshot = structuredClone(account);
    let charge;
    let extraFee = 0n;
    try {
      const bytes = BigInt(signed.length + RESULT_SIZE_PER_CONTRACT);
      charge = this.bandwidth.consume(account, bytes, ctx.now, actuator.createsAccount?.(ctx) ?? false);
      if (input.signatures.length > 1) extraFee += this.burn(account, MULTI_SIGN_FEE);
      if (rd.data) extraFee += this.burn(account, MEMO_FEE);
      this.accounts.save(account);
      actuator.validate(ctx);
    } catch (e) {
      this.accounts.save(snapshot);
      throw validateError(e);
    }
    const outcome = actuator.execute(ctx);
    const fee = charge.netFee + extraFee + (outcome.fee ?? 0n);
    const tx: StoredTransaction = {
      txID,
      rawData: rd,
      rawDataHex: input.rawDataHex,
      signatures: input.signatures,
      result: {
        ...outcome,
        contractRet: outcome.contractRet ?? 'SUCCESS',
        fee,
        receipt: { ...outcome.receipt, net_usage: Number(charge.netUsage), net_fee: Number(charge.netFee) },
      },
    };
    this.chain.addPending(tx);
    return tx;
  }

  /** Runs only the contract's own validation (what java-tron's builders do before answering). */
  validateOnly(rawDataHex: string, txID: string): void {
    const decoded = this.decode(rawDataHex);
    const contractType = decoded.contractType;
    const actuator = this.actuators.get(contractType);
    if (!actuator) throw new ContractValidateError(`contract type ${contractType} is not supported by the devnet`);
    const value = decoded.rawData.contract[0].parameter.value;
    const owner = addressOf(value, 'owner_address', 'Invalid ownerAddress!');
    const head = this.chain.head();
    actuator.validate({
      txID,
      decoded,
      value,
      owner,
      now: head.timestamp,
      blockNumber: head.number + 1,
      feeLimit: BigInt(decoded.rawData.fee_limit ?? 0),
    });
  }

  private burn(account: Account, fee: bigint): bigint {
    if (account.balance < fee) throw new BroadcastError('BANDWITH_ERROR', 'Account resource insufficient error.');
    account.balance -= fee;
    return fee;
  }

}

function validateError(e: unknown): Error {
  if (e instanceof ContractValidateError) return new BroadcastError('CONTRACT_VALIDATE_ERROR', `Contract validate error : ${e.message}`);
  return e as Error;
}
