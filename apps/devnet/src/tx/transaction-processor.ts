import { decodeRawData, hexToBase58, normalizeAddress, sha256Hex, type DecodedRawData } from '@tronpay/tron';
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
import type { SignaturePool } from './signature-pool';
import { Actuator, TxContext } from './tx-context';
import { addressOf } from './contract-fields';

export interface SignedInput {
  rawDataHex: string;
  signatures: string[];
}

/** A transaction parsed once: raw bytes, id and decoding, plus the signers a worker verified. */
interface Prepared {
  raw: Buffer;
  txID: string;
  decoded: DecodedRawData;
  /** Per signature, the address a worker verified it against (null: check on this thread). */
  signers?: ReadonlyArray<string | null>;
}

/** Bytes of raw data plus signatures serialized as a protocol.Transaction (fields 1 and 2), without serializing. */
function signedSize(rawBytes: number, signatures: readonly string[]): number {
  const field = (n: number) => 1 + varintSize(n) + n;
  return signatures.reduce((sum, s) => sum + field(Math.ceil(s.length / 2)), field(rawBytes));
}

function varintSize(n: number): number {
  let size = 1;
  for (let v = n; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}

/**
 * Accepts a signed transaction the way java-tron's Wallet.broadcastTransaction and
 * Manager.pushTransaction do: known txid first, then TaPoS, size and expiration, signatures,
 * bandwidth, then the contract's own rules, and runs it against the head state. Everything it
 * refuses throws a BroadcastError.
 */
export class TransactionProcessor {
  private readonly actuators = new Map<string, Actuator>();
  /** Settles when every earlier pushAsync has been applied: transactions apply in arrival order. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly chain: Chain,
    private readonly accounts: AccountRepository,
    private readonly signatures: SignatureChecker,
    private readonly bandwidth: BandwidthProcessor,
    private readonly pool?: SignaturePool,
  ) {}

  register(contractType: string, actuator: Actuator): void {
    this.actuators.set(contractType, actuator);
  }

  decode(rawData: string | Uint8Array): DecodedRawData {
    try {
      return decodeRawData(rawData);
    } catch (e) {
      throw new ApiError(`invalid transaction: ${(e as Error).message}`, 'java.lang.IllegalArgumentException');
    }
  }

  private prepare(rawDataHex: string): Prepared {
    // Buffer.from stops at the first non-hex character: a length check validates without a regex.
    const raw = Buffer.from(rawDataHex, 'hex');
    if (raw.length * 2 !== rawDataHex.length) {
      throw new ApiError(`invalid transaction: not a hex string: ${rawDataHex.slice(0, 20)}`, 'java.lang.IllegalArgumentException');
    }
    return { raw, txID: sha256Hex(raw), decoded: this.decode(raw) };
  }

  /**
   * push() with the signatures checked on the worker pool first (the broadcast endpoints' path).
   * Transactions still apply one at a time, in the order they arrived.
   */
  pushAsync(input: SignedInput): Promise<StoredTransaction> {
    let prepared: Prepared | undefined;
    let verification: Promise<ReadonlyArray<string | null> | undefined> = Promise.resolve(undefined);
    try {
      prepared = this.prepare(input.rawDataHex);
      const contract = prepared.decoded.rawData.contract[0];
      const owner = normalizeAddress(contract.parameter.value.owner_address);
      const permission = owner ? this.signatures.permissionFor(owner, contract.Permission_id ?? 0) : undefined;
      if (this.pool && permission && input.signatures.length) {
        verification = this.pool.verify(input.rawDataHex, input.signatures, permission.keys.map((k) => k.address));
      }
    } catch {
      // Malformed input: push() below reports it the way java-tron does.
      prepared = undefined;
    }
    const result = this.tail.then(() => verification).then((signers) => this.push(input, prepared && { ...prepared, signers }));
    this.tail = result.catch(() => undefined);
    return result;
  }

  push(input: SignedInput, prepared: Prepared = this.prepare(input.rawDataHex)): StoredTransaction {
    const { raw, txID, decoded } = prepared;
    const head = this.chain.head();
    const rd = decoded.rawData;

    // java-tron answers a repeated txid from its transaction-id cache, before any check, with no message.
    if (this.chain.hasTransaction(txID)) throw new BroadcastError('DUP_TRANSACTION_ERROR', '');
    if (!this.chain.taposMatches(rd.ref_block_bytes, rd.ref_block_hash)) {
      throw new BroadcastError('TAPOS_ERROR', 'Tapos check error');
    }
    const size = signedSize(raw.length, input.signatures);
    if (size > TRANSACTION_MAX_BYTE_SIZE) {
      throw new BroadcastError('TOO_BIG_TRANSACTION_ERROR', 'transaction size is too big');
    }
    const expiration = rd.expiration ?? 0;
    if (expiration <= head.timestamp || expiration > head.timestamp + MAX_EXPIRATION_MS) {
      throw new BroadcastError('TRANSACTION_EXPIRATION_ERROR', 'transaction expired');
    }
    if (decoded.contractCount !== 1) {
      throw new BroadcastError('CONTRACT_VALIDATE_ERROR', 'contract validate error : act size should be exactly 1, this is extend feature');
    }

    const contract = rd.contract[0];
    const actuator = this.actuators.get(decoded.contractType);
    const value = contract.parameter.value;
    let owner: string;
    try {
      owner = addressOf(value, 'owner_address', 'Invalid ownerAddress!');
    } catch (e) {
      throw validateError(e);
    }
    this.signatures.check(owner, decoded.contractType, contract.Permission_id ?? 0, raw, txID, input.signatures, prepared.signers);
    if (!actuator) {
      throw new BroadcastError('CONTRACT_VALIDATE_ERROR', `contract validate error : contract type ${decoded.contractType} is not supported by the devnet`);
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
    // BandwidthProcessor.consume, before the contract's own checks.
    if (!account) throw new BroadcastError('CONTRACT_VALIDATE_ERROR', `contract validate error : account [${hexToBase58(owner)}] does not exist`);

    // Bandwidth and the multi-sign and memo fees are charged before the contract validates,
    // as in java-tron, so a transfer of the whole balance fails for want of the fee; a refused
    // transaction leaves no trace, hence the snapshot of what those charges change.
    const snapshot = chargedFields(account);
    let charge;
    let extraFee = 0n;
    try {
      const bytes = BigInt(size + RESULT_SIZE_PER_CONTRACT);
      charge = this.bandwidth.consume(account, bytes, ctx.now, actuator.createsAccount?.(ctx) ?? false);
      if (input.signatures.length > 1) extraFee += this.burn(account, MULTI_SIGN_FEE);
      if (rd.data) extraFee += this.burn(account, MEMO_FEE);
      this.accounts.save(account);
      actuator.validate(ctx);
    } catch (e) {
      this.accounts.save(Object.assign(account, snapshot));
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
    if (account.balance < fee) throw new BroadcastError('BANDWITH_ERROR', 'AccountResourceInsufficient error');
    account.balance -= fee;
    return fee;
  }

}

/** The account fields bandwidth, multi-sign and memo fees change (restored when validation fails). */
function chargedFields(a: Account): Pick<Account, 'balance' | 'freeNetUsage' | 'latestConsumeFreeTime' | 'netUsage' | 'latestConsumeTime'> {
  return {
    balance: a.balance,
    freeNetUsage: a.freeNetUsage,
    latestConsumeFreeTime: a.latestConsumeFreeTime,
    netUsage: a.netUsage,
    latestConsumeTime: a.latestConsumeTime,
  };
}

function validateError(e: unknown): Error {
  if (e instanceof ContractValidateError) return new BroadcastError('CONTRACT_VALIDATE_ERROR', `contract validate error : ${e.message}`);
  return e as Error;
}
