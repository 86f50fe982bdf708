import { ContractValidateError } from '../chain/chain.errors';
import { ASSET_ISSUE_FEE } from '../chain/chain-parameters';
import type { AccountRepository } from '../accounts/account-repository';
import { int64Of } from '../tx/contract-fields';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import type { Trc10Service } from './trc10.service';
import type { ContractValue } from '@tronpay/tron';

const MAX_ASSET_NAME_BYTES = 32;
const MAX_URL_BYTES = 256;
const MAX_DESCRIPTION_BYTES = 200;
const MAX_PRECISION = 6;

/** A `bytes` field of the contract: hex on the wire and in JSON. */
export function bytesOf(value: ContractValue, field: string): Buffer {
  const v = value[field];
  if (v === undefined || v === null || v === '') return Buffer.alloc(0);
  if (typeof v !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) throw new ContractValidateError(`${field} must be hex bytes`);
  return Buffer.from(v, 'hex');
}

/** TransactionUtil.validAssetName: 1-32 readable bytes (0x21-0x7e). */
function validReadable(bytes: Buffer, max: number): boolean {
  return bytes.length > 0 && bytes.length <= max && bytes.every((b) => b >= 0x21 && b <= 0x7e);
}

/**
 * AssetIssueContract (TRC10), with java-tron's AssetIssueActuator rules and messages under
 * allowSameTokenName = 1: the asset gets the next numeric id, the owner the whole supply (less
 * frozen supply, not modelled: refused), and 1,024 TRX (getAssetIssueFee) is burned.
 */
export class AssetIssueActuator implements Actuator {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly trc10: Trc10Service,
  ) {}

  validate(ctx: TxContext): void {
    const v = ctx.value;
    const name = bytesOf(v, 'name');
    if (!validReadable(name, MAX_ASSET_NAME_BYTES)) throw new ContractValidateError('Invalid assetName');
    if (name.toString('latin1').toLowerCase() === 'trx') throw new ContractValidateError("assetName can't be trx");
    const precision = int64Of(v, 'precision');
    if (precision < 0n || precision > BigInt(MAX_PRECISION)) throw new ContractValidateError('precision cannot exceed 6');
    const abbr = bytesOf(v, 'abbr');
    if (abbr.length > 0 && !validReadable(abbr, MAX_ASSET_NAME_BYTES)) throw new ContractValidateError('Invalid abbreviation for token');
    const url = bytesOf(v, 'url');
    if (url.length === 0 || url.length > MAX_URL_BYTES) throw new ContractValidateError('Invalid url');
    if (bytesOf(v, 'description').length > MAX_DESCRIPTION_BYTES) throw new ContractValidateError('Invalid description');
    const start = int64Of(v, 'start_time');
    const end = int64Of(v, 'end_time');
    if (start === 0n) throw new ContractValidateError('Start time should be not empty');
    if (end === 0n) throw new ContractValidateError('End time should be not empty');
    if (end <= start) throw new ContractValidateError('End time should be greater than start time');
    if (start <= BigInt(ctx.now)) throw new ContractValidateError('Start time should be greater than HeadBlockTime');
    if (int64Of(v, 'total_supply') <= 0n) throw new ContractValidateError('TotalSupply must greater than 0!');
    if (int64Of(v, 'trx_num') <= 0n) throw new ContractValidateError('TrxNum must greater than 0!');
    if (int64Of(v, 'num') <= 0n) throw new ContractValidateError('Num must greater than 0!');
    if (int64Of(v, 'public_free_asset_net_usage') !== 0n) throw new ContractValidateError('PublicFreeAssetNetUsage must be 0!');
    if (Array.isArray(v.frozen_supply) && v.frozen_supply.length > 0) {
      throw new ContractValidateError('frozen supply is not supported by the devnet');
    }
    const owner = this.accounts.find(ctx.owner);
    if (!owner) throw new ContractValidateError('Account not exists');
    if (owner.assetIssuedName !== undefined) throw new ContractValidateError('An account can only issue one asset');
    if (owner.balance < ASSET_ISSUE_FEE) throw new ContractValidateError('No enough balance for fee!');
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const v = ctx.value;
    const owner = this.accounts.get(ctx.owner);
    owner.balance -= ASSET_ISSUE_FEE;
    this.accounts.save(owner);
    const text = (field: string) => bytesOf(v, field).toString('utf8');
    const asset = this.trc10.issue({
      owner: ctx.owner,
      name: text('name'),
      abbr: text('abbr'),
      description: text('description'),
      url: text('url'),
      totalSupply: int64Of(v, 'total_supply'),
      precision: Number(int64Of(v, 'precision')),
      trxNum: Number(int64Of(v, 'trx_num')),
      num: Number(int64Of(v, 'num')),
      startTime: Number(int64Of(v, 'start_time')),
      endTime: Number(int64Of(v, 'end_time')),
      freeAssetNetLimit: Number(int64Of(v, 'free_asset_net_limit')),
      publicFreeAssetNetLimit: Number(int64Of(v, 'public_free_asset_net_limit')),
    });
    // TransactionInfo.assetIssueID, as java-tron's AssetIssueActuator sets it.
    return { fee: ASSET_ISSUE_FEE, extra: { assetIssueID: asset.id } };
  }
}
