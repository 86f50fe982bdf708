import { Injectable } from '@nestjs/common';
import { Address } from '@tronpay/tron';
import { fromTransportError } from '../forwarding/transport-errors';
import { routeId } from '../forwarding/route-ids';
import { GatewayError } from '../http/gateway.errors';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, Page } from '../http/pagination';
import { SweepServices } from './sweep-clients';
import { SweepResponse, sweepView } from './sweep.view';
import { ListSweepsQuery, ListUnknownTokensQuery } from './sweeps.dto';
import { SweepsRepository } from './sweeps.repository';

const base58 = (input: string | undefined) => (input === undefined ? undefined : (Address.tryParse(input)?.base58 ?? input));

/** The operator's view of sweeps, and of what arrived at deposit addresses but is never swept. */
@Injectable()
export class SweepsService {
  constructor(
    private readonly repository: SweepsRepository,
    private readonly services: SweepServices,
  ) {}

  async get(rawId: string): Promise<SweepResponse> {
    const id = routeId(rawId, 'sweep');
    const sweep = await this.repository.byId(id);
    if (!sweep) throw GatewayError.notFound('sweep');
    return sweepView(sweep, await this.repository.legs(id), await this.repository.deposits(id));
  }

  async list(query: ListSweepsQuery): Promise<Page<SweepResponse>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.repository.page({ limit, status: query.status, address: base58(query.address), before: decodeCursor(query.cursor) });
    const page = rows.slice(0, limit);
    const data = await Promise.all(page.map(async (s) => sweepView(s, await this.repository.legs(s.id), await this.repository.deposits(s.id))));
    const last = page[page.length - 1];
    return { data, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
  }

  /** Transfers of tokens outside the registry to our addresses: not credited, not swept (the usdt service keeps them). */
  async unknownTokens(query: ListUnknownTokensQuery) {
    try {
      return await this.services.unknownTokens({ limit: query.limit, cursor: query.cursor, address: base58(query.address) });
    } catch (e) {
      throw fromTransportError(e, 'usdt');
    }
  }
}
