import { CHAIN_PARAMETERS } from '../chain/chain-parameters';
import type { Chain } from '../chain/chain.service';
import { toVisible } from '../chain/json-view';
import type { ApiRequest } from '../http/api-request';
import type { Router } from '../http/router';
import type { TransactionBuilder } from '../tx/transaction-builder';
import { accountJson, accountNetJson, accountResourceJson } from './account-json';
import type { AccountRepository } from './account-repository';
import type { GlobalWeights } from './global-weights';
import type { ResourceCalculator } from './resource-calculator';

export interface AccountDeps {
  chain: Chain;
  accounts: AccountRepository;
  resources: ResourceCalculator;
  weights: GlobalWeights;
  builder: TransactionBuilder;
}

/** Chain time of the view a request reads: the head block's, or the solidified block's. */
export function viewTime(chain: Chain, req: ApiRequest): number {
  return req.solid ? (chain.blockByNumber(chain.solidNumber())?.timestamp ?? 0) : chain.head().timestamp;
}

export function registerAccountRoutes(router: Router, d: AccountDeps): void {
  const out = (req: ApiRequest, body: unknown) => (req.visible ? toVisible(body) : body);
  const find = (req: ApiRequest, field = 'address') => d.accounts.find(req.address(field), req.solid ? 'solid' : 'head');

  router.addRead('getaccount', (req) => {
    const a = find(req);
    return a ? out(req, accountJson(a, d.resources, viewTime(d.chain, req))) : {};
  });

  router.addRead('getaccountnet', (req) => {
    const a = find(req);
    return a ? out(req, accountNetJson(a, d.resources, d.weights, viewTime(d.chain, req), req.solid ? 'solid' : 'head')) : { freeNetLimit: 600, TotalNetLimit: 43_200_000_000, TotalNetWeight: Number(d.weights.totalWeight('BANDWIDTH')) };
  });

  router.addRead('getaccountresource', (req) => {
    const a = find(req);
    return a ? out(req, accountResourceJson(a, d.resources, d.weights, viewTime(d.chain, req), req.solid ? 'solid' : 'head')) : {};
  });

  router.addRead('getchainparameters', () => ({ chainParameter: CHAIN_PARAMETERS }));

  router.add('/wallet/createtransaction', (req) => {
    const value = {
      owner_address: req.address('owner_address'),
      to_address: req.address('to_address'),
      amount: req.int('amount'),
    };
    return out(req, d.builder.build('TransferContract', value, { permissionId: req.int('Permission_id', 0), visible: req.visible }));
  });
}
