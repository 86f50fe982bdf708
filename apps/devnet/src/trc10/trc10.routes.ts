import { toVisible, omitDefaults } from '../chain/json-view';
import type { ApiRequest } from '../http/api-request';
import type { Router } from '../http/router';
import type { TransactionBuilder } from '../tx/transaction-builder';
import type { Trc10Repository } from './trc10.repository';
import type { Trc10Asset } from './trc10.types';

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** protocol.AssetIssueContract as getassetissuebyid prints it (texts as hex bytes; plain with visible=true). */
export function assetJson(a: Trc10Asset, visible: boolean): Record<string, unknown> {
  const text = (t: string) => (visible ? t : hex(t));
  const json = omitDefaults({
    id: a.id,
    owner_address: a.owner,
    name: text(a.name),
    abbr: text(a.abbr),
    total_supply: a.totalSupply,
    trx_num: a.trxNum,
    precision: a.precision,
    num: a.num,
    start_time: a.startTime,
    end_time: a.endTime,
    description: text(a.description),
    url: text(a.url),
    free_asset_net_limit: a.freeAssetNetLimit,
    public_free_asset_net_limit: a.publicFreeAssetNetLimit,
  });
  return visible ? (toVisible(json) as Record<string, unknown>) : json;
}

/** A `bytes` parameter: hex as sent, or UTF-8 text with visible=true (the servlets' JsonFormat). */
function bytesParam(req: ApiRequest, name: string): string | undefined {
  if (!req.has(name)) return undefined;
  const v = req.string(name);
  return req.visible ? hex(v) : v.replace(/^0x/, '');
}

export function registerTrc10Routes(router: Router, assets: Trc10Repository, builder: TransactionBuilder): void {
  const out = (req: ApiRequest, body: unknown) => (req.visible ? toVisible(body) : body);
  const opts = (req: ApiRequest) => ({ permissionId: req.int('Permission_id', 0), visible: req.visible });

  router.add('/wallet/createassetissue', (req) => {
    const value: Record<string, unknown> = { owner_address: req.address('owner_address') };
    for (const f of ['name', 'abbr', 'description', 'url']) {
      const b = bytesParam(req, f);
      if (b !== undefined) value[f] = b;
    }
    for (const f of ['total_supply', 'trx_num', 'num', 'start_time', 'end_time', 'precision', 'free_asset_net_limit', 'public_free_asset_net_limit']) {
      const n = req.int(f, 0);
      if (n) value[f] = n;
    }
    return out(req, builder.build('AssetIssueContract', value, opts(req)));
  });

  router.add('/wallet/transferasset', (req) => {
    const value = {
      owner_address: req.address('owner_address'),
      to_address: req.address('to_address'),
      asset_name: bytesParam(req, 'asset_name') ?? '',
      amount: req.int('amount'),
    };
    return out(req, builder.build('TransferAssetContract', value, opts(req)));
  });

  router.addRead('getassetissuebyid', (req) => {
    const a = assets.find(String(req.params.value ?? ''), req.solid ? 'solid' : 'head');
    return a ? assetJson(a, req.visible) : {};
  });

  router.addRead('getassetissuelist', (req) => {
    const list = assets.all().map((a) => assetJson(a, req.visible));
    return list.length ? { assetIssue: list } : {};
  });
}
