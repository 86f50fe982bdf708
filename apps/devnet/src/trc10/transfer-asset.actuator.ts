import { ContractValidateError } from '../chain/chain.errors';
import { CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT } from '../chain/chain-parameters';
import type { AccountRepository } from '../accounts/account-repository';
import { addressOf, int64Of } from '../tx/contract-fields';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import { bytesOf } from './asset-issue.actuator';
import { credit, type Trc10Service } from './trc10.service';

const MAX_INT64 = 2n ** 63n - 1n;

/** TransferAssetContract (TRC10) with java-tron's TransferAssetActuator rules; asset_name is the token id's bytes. */
export class TransferAssetActuator implements Actuator {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly trc10: Trc10Service,
  ) {}

  private fields(ctx: TxContext) {
    const to = addressOf(ctx.value, 'to_address', 'Invalid toAddress');
    const id = bytesOf(ctx.value, 'asset_name').toString('latin1');
    return { to, id, amount: int64Of(ctx.value, 'amount') };
  }

  createsAccount(ctx: TxContext): boolean {
    return !this.accounts.exists(this.fields(ctx).to);
  }

  validate(ctx: TxContext): void {
    const { to, id, amount } = this.fields(ctx);
    if (amount <= 0n) throw new ContractValidateError('Amount must be greater than 0.');
    if (to === ctx.owner) throw new ContractValidateError('Cannot transfer asset to yourself.');
    const owner = this.accounts.find(ctx.owner);
    if (!owner) throw new ContractValidateError('No owner account!');
    if (!this.trc10.assets.find(id)) throw new ContractValidateError('No asset!');
    if (!owner.assetV2 || Object.keys(owner.assetV2).length === 0) throw new ContractValidateError('Owner has no asset!');
    const balance = this.trc10.balance(owner, id);
    if (balance <= 0n) throw new ContractValidateError('assetBalance must be greater than 0.');
    if (amount > balance) throw new ContractValidateError('assetBalance is not sufficient.');
    const receiver = this.accounts.find(to);
    if (receiver) {
      if (receiver.isContract) throw new ContractValidateError('Cannot transfer asset to smartContract.');
      if (this.trc10.balance(receiver, id) + amount > MAX_INT64) throw new ContractValidateError('long overflow');
    } else if (owner.balance < CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT) {
      throw new ContractValidateError('Validate TransferAssetActuator error, insufficient fee.');
    }
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const { to, id, amount } = this.fields(ctx);
    const owner = this.accounts.get(ctx.owner);
    let receiver = this.accounts.find(to);
    let fee = 0n;
    if (!receiver) {
      receiver = this.accounts.create(to, ctx.now);
      fee = CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT;
      owner.balance -= fee;
    }
    credit(owner, id, -amount);
    credit(receiver, id, amount);
    this.accounts.save(owner);
    this.accounts.save(receiver);
    return { fee };
  }
}
