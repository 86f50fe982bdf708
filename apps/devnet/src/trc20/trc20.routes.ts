import { functionSelector, hexToBase58, sha256Hex } from '@tronpay/tron';
import { ApiError } from '../chain/chain.errors';
import type { Chain } from '../chain/chain.service';
import { toVisible } from '../chain/json-view';
import type { ApiRequest } from '../http/api-request';
import type { Router } from '../http/router';
import type { TransactionBuilder } from '../tx/transaction-builder';
import type { BuiltinContracts } from './builtin-contracts';

export interface Trc20Deps {
  chain: Chain;
  contracts: BuiltinContracts;
  builder: TransactionBuilder;
}

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** Call data from tronweb's arguments: `data`, or selector of `function_selector` plus `parameter`. */
function callData(req: ApiRequest): string {
  if (req.has('data')) return req.string('data').replace(/^0x/, '').toLowerCase();
  const signature = req.string('function_selector').replace(/\s+/g, '');
  const parameter = req.has('parameter') ? req.string('parameter').replace(/^0x/, '') : '';
  if (!/^[0-9a-fA-F]*$/.test(parameter)) throw new ApiError('parameter must be hex');
  return functionSelector(signature) + parameter.toLowerCase();
}

export function registerTrc20Routes(router: Router, d: Trc20Deps): void {
  const out = (req: ApiRequest, body: unknown) => (req.visible ? toVisible(body) : body);

  const triggerValue = (req: ApiRequest) => {
    const value: Record<string, unknown> = {
      owner_address: req.address('owner_address'),
      contract_address: req.address('contract_address'),
      data: callData(req),
    };
    const callValue = req.int('call_value', 0);
    if (callValue) value.call_value = callValue;
    const tokenValue = req.int('call_token_value', 0);
    if (tokenValue) value.call_token_value = tokenValue;
    const tokenId = req.int('token_id', 0);
    if (tokenId) value.token_id = tokenId;
    return value;
  };

  const notContract = () => ({ result: { code: 'CONTRACT_VALIDATE_ERROR', message: hex('Smart contract is not exist.') } });

  router.add('/wallet/triggersmartcontract', (req) => {
    const value = triggerValue(req);
    if (!d.contracts.exists(value.contract_address as string)) return notContract();
    const tx = d.builder.build('TriggerSmartContract', value, {
      permissionId: req.int('Permission_id', 0),
      feeLimit: req.int('fee_limit', 0),
    });
    return out(req, { result: { result: true }, transaction: tx });
  });

  const constantCall = (req: ApiRequest, estimate: boolean) => {
    const value = triggerValue(req);
    const contract = value.contract_address as string;
    if (!d.contracts.exists(contract, req.solid ? 'solid' : 'head')) return notContract();
    const result = d.contracts.call(contract, value.owner_address as string, value.data as string, BigInt(req.int('call_value', 0)), req.solid ? 'solid' : 'head');
    if (!result.success) {
      return { result: { code: 'CONTRACT_EXE_ERROR', message: hex('REVERT opcode executed') }, energy_used: result.energy, constant_result: [''] };
    }
    if (estimate) return { result: { result: true }, energy_required: result.energy };
    const tx = d.builder.buildUnchecked('TriggerSmartContract', value);
    return out(req, {
      result: { result: true },
      energy_used: result.energy,
      constant_result: [result.returnHex],
      transaction: { ret: [{}], ...tx },
    });
  };
  router.addRead('triggerconstantcontract', (req) => constantCall(req, false));
  router.addRead('estimateenergy', (req) => constantCall(req, true));

  const contractJson = (req: ApiRequest) => {
    const address = req.address('value');
    const meta = d.contracts.info(address, req.solid ? 'solid' : 'head');
    if (!meta) return undefined;
    return {
      bytecode: '',
      consume_user_resource_percent: 100,
      name: meta.name,
      origin_address: meta.owner,
      abi: { entrys: meta.abi },
      origin_energy_limit: 10_000_000,
      contract_address: meta.address,
      code_hash: sha256Hex(Buffer.from(`builtin-${meta.kind}:${hexToBase58(meta.address)}`, 'utf8')),
    };
  };
  router.addRead('getcontract', (req) => {
    const c = contractJson(req);
    return c ? out(req, c) : {};
  });
  router.addRead('getcontractinfo', (req) => {
    const c = contractJson(req);
    return c ? out(req, { runtimecode: '', smart_contract: c, contract_state: { energy_usage: 0, energy_factor: 34_000, update_cycle: 0 } }) : {};
  });
}
