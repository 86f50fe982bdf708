import { BASE_VOTES_PER_WITNESS, MAX_UNFREEZING } from '../chain/chain-parameters';
import { ApiError } from '../chain/chain.errors';
import { toVisible, omitDefaults } from '../chain/json-view';
import { ApiRequest } from '../http/api-request';
import type { Router } from '../http/router';
import type { TransactionBuilder } from '../tx/transaction-builder';
import { viewTime } from '../accounts/account.routes';
import { canDelegateMax } from './delegate.actuators';
import type { StakingModule } from './staking.module';
import type { DelegationRecord } from './staking.types';

const MAINTENANCE_MS = 21_600_000;

function resourceParam(req: ApiRequest, field = 'resource'): string | undefined {
  const r = req.params[field];
  if (r === undefined || r === 'BANDWIDTH' || r === 0 || r === '0') return undefined;
  if (r === 'ENERGY' || r === 1 || r === '1') return 'ENERGY';
  return String(r);
}

function delegationJson(r: DelegationRecord): Record<string, unknown> {
  return omitDefaults({
    from: r.from,
    to: r.to,
    frozen_balance_for_bandwidth: r.amount.BANDWIDTH,
    frozen_balance_for_energy: r.amount.ENERGY,
    expire_time_for_bandwidth: r.expire.BANDWIDTH,
    expire_time_for_energy: r.expire.ENERGY,
  });
}

export function registerStakingRoutes(router: Router, staking: StakingModule, builder: TransactionBuilder): void {
  const out = (req: ApiRequest, body: unknown) => (req.visible ? toVisible(body) : body);
  const viewOf = (req: ApiRequest) => (req.solid ? 'solid' : 'head');
  const opts = (req: ApiRequest) => ({ permissionId: req.int('Permission_id', 0) });

  router.addRead('listwitnesses', (req) => {
    const witnesses = staking
      .witnesses(viewOf(req))
      .map((w) =>
        omitDefaults({
          address: w.address,
          voteCount: w.votes + BASE_VOTES_PER_WITNESS,
          url: w.url,
          totalProduced: w.totalProduced,
          latestBlockNum: w.latestBlockNum,
          latestSlotNum: w.latestSlotNum,
          isJobs: true,
        }),
      )
      .sort((a, b) => Number(b.voteCount ?? 0) - Number(a.voteCount ?? 0));
    return out(req, { witnesses });
  });

  router.addRead('getReward', (req) => {
    const a = staking.accounts.find(req.address('address'), viewOf(req));
    return a ? { reward: Number(a.allowance + staking.unsettledReward(a, viewOf(req))) } : {};
  });
  router.addRead('getBrokerage', () => ({ brokerage: 20 }));
  router.addRead('getnextmaintenancetime', () => {
    const now = staking.chain.head().timestamp;
    return { num: now - (now % MAINTENANCE_MS) + MAINTENANCE_MS };
  });

  router.addRead('getdelegatedresourcev2', (req) => {
    const from = req.address('fromAddress');
    const to = req.address('toAddress');
    const records = [false, true]
      .map((locked) => staking.delegation(from, to, locked, viewOf(req)))
      .filter((r): r is DelegationRecord => !!r)
      .map(delegationJson);
    return records.length ? out(req, { delegatedResource: records }) : {};
  });

  router.addRead('getdelegatedresourceaccountindexv2', (req) => {
    const address = req.address('value');
    const index = staking.index(address, viewOf(req));
    return out(req, omitDefaults({ account: address, fromAccounts: index.from, toAccounts: index.to }));
  });

  router.addRead('getcandelegatedmaxsize', (req) => {
    const type = req.int('type', 0);
    const max = canDelegateMax(staking, req.address('owner_address'), type === 1 ? 'ENERGY' : 'BANDWIDTH', viewTime(staking.chain, req));
    return omitDefaults({ max_size: max });
  });

  router.addRead('getcanwithdrawunfreezeamount', (req) => {
    const a = staking.accounts.find(req.address('owner_address'), viewOf(req));
    const at = req.int('timestamp', viewTime(staking.chain, req));
    const amount = (a?.unfrozen ?? []).filter((u) => u.expireTime <= at).reduce((s, u) => s + u.amount, 0n);
    return omitDefaults({ amount });
  });

  router.addRead('getavailableunfreezecount', (req) => {
    const a = staking.accounts.find(req.address('owner_address'), viewOf(req));
    const now = viewTime(staking.chain, req);
    const pending = (a?.unfrozen ?? []).filter((u) => u.expireTime > now).length;
    return omitDefaults({ count: MAX_UNFREEZING - pending });
  });

  const build = (req: ApiRequest, type: string, value: Record<string, unknown>) => out(req, builder.build(type, omitDefaults(value), opts(req)));

  router.add('/wallet/freezebalancev2', (req) =>
    build(req, 'FreezeBalanceV2Contract', {
      owner_address: req.address('owner_address'),
      frozen_balance: req.int('frozen_balance'),
      resource: resourceParam(req),
    }),
  );
  router.add('/wallet/unfreezebalancev2', (req) =>
    build(req, 'UnfreezeBalanceV2Contract', {
      owner_address: req.address('owner_address'),
      unfreeze_balance: req.int('unfreeze_balance'),
      resource: resourceParam(req),
    }),
  );
  router.add('/wallet/withdrawexpireunfreeze', (req) =>
    build(req, 'WithdrawExpireUnfreezeContract', { owner_address: req.address('owner_address') }),
  );
  router.add('/wallet/cancelallunfreezev2', (req) =>
    build(req, 'CancelAllUnfreezeV2Contract', { owner_address: req.address('owner_address') }),
  );
  router.add('/wallet/delegateresource', (req) =>
    build(req, 'DelegateResourceContract', {
      owner_address: req.address('owner_address'),
      resource: resourceParam(req),
      balance: req.int('balance'),
      receiver_address: req.address('receiver_address'),
      lock: req.bool('lock'),
      lock_period: req.int('lock_period', 0),
    }),
  );
  router.add('/wallet/undelegateresource', (req) =>
    build(req, 'UnDelegateResourceContract', {
      owner_address: req.address('owner_address'),
      resource: resourceParam(req),
      balance: req.int('balance'),
      receiver_address: req.address('receiver_address'),
    }),
  );
  router.add('/wallet/votewitnessaccount', (req) => {
    const votes = Array.isArray(req.params.votes) ? (req.params.votes as Array<Record<string, unknown>>) : [];
    // tronweb's encoder cannot encode a VoteWitnessContract without votes, so answer what VoteWitnessActuator would.
    if (votes.length === 0) throw new ApiError('VoteNumber must more than 0', 'org.tron.core.exception.ContractValidateException');
    const sub = (v: Record<string, unknown>) => new ApiRequest(req.method, req.path, v, false);
    return build(req, 'VoteWitnessContract', {
      owner_address: req.address('owner_address'),
      votes: votes.map((v) => ({ vote_address: sub(v).address('vote_address'), vote_count: sub(v).int('vote_count') })),
    });
  });
  router.add('/wallet/withdrawbalance', (req) => build(req, 'WithdrawBalanceContract', { owner_address: req.address('owner_address') }));
  router.add('/wallet/accountpermissionupdate', (req) => {
    const value = {
      owner_address: req.address('owner_address'),
      owner: req.params.owner,
      witness: req.params.witness,
      actives: req.params.actives,
    };
    return build(req, 'AccountPermissionUpdateContract', value);
  });
}
