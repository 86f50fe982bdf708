import { encodeRawData, type ContractValue, type RawDataJson } from '@tronpay/tron';
import { ApiError, ContractValidateError } from '../chain/chain.errors';
import type { Chain } from '../chain/chain.service';
import type { TransactionProcessor } from './transaction-processor';

const EXPIRATION_MS = 60_000;

export interface BuildOptions {
  permissionId?: number;
  feeLimit?: number;
  visible?: boolean;
}

/** The server-side builders java-tron still serves: unsigned transactions on the current head, validated first. */
export class TransactionBuilder {
  constructor(
    private readonly chain: Chain,
    private readonly processor: TransactionProcessor,
  ) {}

  build(contractType: string, value: ContractValue, options: BuildOptions = {}): Record<string, unknown> {
    return this.create(contractType, value, options, true);
  }

  /** For constant calls: the transaction java-tron would have built, without contract validation. */
  buildUnchecked(contractType: string, value: ContractValue, options: BuildOptions = {}): Record<string, unknown> {
    return this.create(contractType, value, options, false);
  }

  private create(contractType: string, value: ContractValue, options: BuildOptions, validate: boolean): Record<string, unknown> {
    const head = this.chain.head();
    const contract: RawDataJson['contract'][number] = {
      parameter: { value, type_url: `type.googleapis.com/protocol.${contractType}` },
      type: contractType,
    };
    if (options.permissionId) contract.Permission_id = options.permissionId;
    const rawData: RawDataJson = {
      contract: [contract],
      ref_block_bytes: head.blockID.slice(12, 16),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: head.timestamp + EXPIRATION_MS,
    };
    if (options.feeLimit) rawData.fee_limit = options.feeLimit;
    rawData.timestamp = head.timestamp;
    let encoded;
    try {
      encoded = encodeRawData(rawData);
    } catch (e) {
      throw new ApiError(`cannot encode ${contractType}: ${(e as Error).message}`);
    }
    try {
      if (validate) this.processor.validateOnly(encoded.rawDataHex, encoded.txID);
    } catch (e) {
      if (e instanceof ContractValidateError) throw new ApiError(e.message, 'org.tron.core.exception.ContractValidateException');
      throw e;
    }
    return { visible: false, txID: encoded.txID, raw_data: rawData, raw_data_hex: encoded.rawDataHex };
  }
}
