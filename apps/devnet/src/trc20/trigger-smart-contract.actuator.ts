import { ContractValidateError } from '../chain/chain.errors';
import { ENERGY_FEE, MAX_FEE_LIMIT } from '../chain/chain-parameters';
import type { AccountRepository } from '../accounts/account-repository';
import type { ResourceCalculator } from '../accounts/resource-calculator';
import { addressOf, int64Of } from '../tx/contract-fields';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import type { BuiltinContracts } from './builtin-contracts';

/**
 * TriggerSmartContract against the built-in contracts (TRC20s, multisenders). Energy comes from the caller's stake
 * first, then is bought at 100 SUN within fee_limit; needing more than that gives
 * OUT_OF_ENERGY with the whole limit consumed, as the TVM does.
 */
export class TriggerSmartContractActuator implements Actuator {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly resources: ResourceCalculator,
    private readonly contracts: BuiltinContracts,
  ) {}

  validate(ctx: TxContext): void {
    const contract = addressOf(ctx.value, 'contract_address', 'Invalid contract address');
    if (!this.contracts.exists(contract)) throw new ContractValidateError('No contract or not a smart contract');
    if (ctx.feeLimit < 0n || ctx.feeLimit > MAX_FEE_LIMIT) {
      throw new ContractValidateError(`feeLimit must be >= 0 and <= ${MAX_FEE_LIMIT}`);
    }
    const callValue = int64Of(ctx.value, 'call_value');
    if (callValue < 0n) throw new ContractValidateError('callValue must be >= 0');
    const owner = this.accounts.find(ctx.owner);
    if (!owner || owner.balance < callValue) throw new ContractValidateError('balance is not sufficient.');
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const contract = addressOf(ctx.value, 'contract_address', 'Invalid contract address');
    const data = typeof ctx.value.data === 'string' ? ctx.value.data : '';
    const owner = this.accounts.get(ctx.owner);
    const result = this.contracts.call(contract, ctx.owner, data, int64Of(ctx.value, 'call_value'));

    const staked = this.resources.energyLeft(owner, ctx.now);
    const affordable = (ctx.feeLimit < owner.balance ? ctx.feeLimit : owner.balance) / ENERGY_FEE;
    const energyLimit = staked + affordable;
    const outOfEnergy = BigInt(result.energy) > energyLimit;
    const used = outOfEnergy ? energyLimit : BigInt(result.energy);
    const fromStake = used < staked ? used : staked;
    const energyFee = (used - fromStake) * ENERGY_FEE;

    if (fromStake > 0n) {
      owner.energyUsage = this.resources.energyUsed(owner, ctx.now) + fromStake;
      owner.latestConsumeTimeForEnergy = ctx.now;
    }
    owner.balance -= energyFee;
    this.accounts.save(owner);

    const contractRet = outOfEnergy ? 'OUT_OF_ENERGY' : result.success ? 'SUCCESS' : 'REVERT';
    if (contractRet === 'SUCCESS') result.commit?.();
    const receipt = {
      energy_usage: Number(fromStake),
      energy_fee: Number(energyFee),
      energy_usage_total: Number(used),
      result: contractRet,
      // Out of energy, mainnet still reports the penalty's share of the energy burned.
      energy_penalty_total: outOfEnergy ? Number((BigInt(result.penalty) * used) / BigInt(result.energy)) : result.penalty,
    } as const;
    return {
      contractRet,
      fee: energyFee,
      receipt,
      contractResult: contractRet === 'SUCCESS' ? result.returnHex : '',
      contractAddress: contract,
      logs: contractRet === 'SUCCESS' ? result.logs.map((l) => ({ ...l, address: l.address ?? contract.slice(2) })) : undefined,
      resMessage: outOfEnergy
        ? `Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit[${energyLimit}], curOpEnergy[${result.energy}], penaltyEnergy[${result.penalty}], usedEnergy[${energyLimit}]`
        : contractRet === 'REVERT'
          ? 'REVERT opcode executed'
          : undefined,
    };
  }
}
