import { ContractValidateError } from '../chain/chain.errors';
import { CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT } from '../chain/chain-parameters';
import { addressOf, int64Of } from '../tx/contract-fields';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import { AccountRepository } from './account-repository';

/** TransferContract (TRX), with java-tron's TransferActuator messages. */
export class TransferActuator implements Actuator {
  constructor(private readonly accounts: AccountRepository) {}

  createsAccount(ctx: TxContext): boolean {
    const to = addressOf(ctx.value, 'to_address', 'Invalid toAddress!');
    return !this.accounts.exists(to);
  }

  validate(ctx: TxContext): void {
    const to = addressOf(ctx.value, 'to_address', 'Invalid toAddress!');
    const amount = int64Of(ctx.value, 'amount');
    if (to === ctx.owner) throw new ContractValidateError('Cannot transfer TRX to yourself.');
    const owner = this.accounts.find(ctx.owner);
    if (!owner) throw new ContractValidateError('Validate TransferContract error, no OwnerAccount.');
    if (amount <= 0n) throw new ContractValidateError('Amount must be greater than 0.');
    const receiver = this.accounts.find(to);
    if (receiver?.isContract) throw new ContractValidateError('Cannot transfer TRX to a smartContract.');
    const fee = receiver ? 0n : CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT;
    if (owner.balance < amount + fee) {
      throw new ContractValidateError('Validate TransferContract error, balance is not sufficient.');
    }
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const to = addressOf(ctx.value, 'to_address', 'Invalid toAddress!');
    const amount = int64Of(ctx.value, 'amount');
    const owner = this.accounts.get(ctx.owner);
    let receiver = this.accounts.find(to);
    let fee = 0n;
    if (!receiver) {
      receiver = this.accounts.create(to, ctx.now);
      fee = CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT;
    }
    owner.balance -= amount + fee;
    receiver.balance += amount;
    this.accounts.save(owner);
    this.accounts.save(receiver);
    return { fee };
  }
}
