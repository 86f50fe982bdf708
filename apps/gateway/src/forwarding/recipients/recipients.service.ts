import { Injectable } from '@nestjs/common';
import { PAYOUT_RECIPIENTS_CREATE, PAYOUT_RECIPIENTS_GET, PAYOUT_RECIPIENTS_UPDATE, RecipientView } from '@tronpay/models';
import { actorOf, Principal } from '../../auth/principal';
import { GatewayError } from '../../http/gateway.errors';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { Created, Forwarder } from '../forwarder.service';
import { routeId } from '../route-ids';
import { base58 } from '../tron-values';
import type { CreateRecipientDto, UpdateRecipientDto } from './recipients.dto';

/** Each address once, in base58: hex and base58 spellings of one address are one address. */
const distinct = (addresses: string[]) => [...new Set(addresses.map(base58))];

/** Recipients (the KYC path) belong to the payout service. */
@Injectable()
export class RecipientsService {
  constructor(private readonly forwarder: Forwarder) {}

  create(request: IdempotentRequest, dto: CreateRecipientDto): Promise<Created<RecipientView>> {
    const payload = { externalId: dto.externalId, kycLevel: dto.kycLevel, addresses: distinct(dto.addresses), requestedBy: actorOf(request.principal) };
    return this.forwarder.create(request, PAYOUT_RECIPIENTS_CREATE, payload);
  }

  update(principal: Principal, rawId: string, dto: UpdateRecipientDto): Promise<RecipientView> {
    const id = routeId(rawId, 'recipient');
    if (dto.externalId === undefined && dto.kycLevel === undefined && dto.addresses === undefined) {
      throw GatewayError.badRequest('validation_failed', 'body must set externalId, kycLevel or addresses', ['body must set externalId, kycLevel or addresses']);
    }
    return this.forwarder.request(PAYOUT_RECIPIENTS_UPDATE, {
      id,
      ...(dto.externalId !== undefined ? { externalId: dto.externalId } : {}),
      ...(dto.kycLevel !== undefined ? { kycLevel: dto.kycLevel } : {}),
      ...(dto.addresses !== undefined ? { addresses: distinct(dto.addresses) } : {}),
      requestedBy: actorOf(principal),
    });
  }

  get(rawId: string): Promise<RecipientView> {
    return this.forwarder.request(PAYOUT_RECIPIENTS_GET, { id: routeId(rawId, 'recipient') });
  }
}
