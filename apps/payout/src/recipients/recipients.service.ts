import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CreateRecipientRequest, RecipientView, UpdateRecipientRequest } from '@tronpay/models';
import { Address } from '@tronpay/tron';
import { TransportRpcError } from '@tronpay/transport';
import { PayoutError } from '../payout.errors';
import { recipientView } from './recipient.view';
import { ExternalIdTaken, RecipientsRepository } from './recipients.repository';

/** Each address once, in base58, checksums checked (the gateway checked too; a direct caller may not have). */
function addressesOf(input: string[]): string[] {
  const out: string[] = [];
  const bad: string[] = [];
  for (const a of input) {
    const parsed = Address.tryParse(a);
    if (!parsed) bad.push(a);
    else if (!out.includes(parsed.base58)) out.push(parsed.base58);
  }
  if (bad.length) {
    throw new TransportRpcError('validation_failed', 'Invalid payload: addresses', [{ property: 'addresses', constraints: { isTronAddress: `not valid TRON addresses (checksum?): ${bad.join(', ')}` } }]);
  }
  return out;
}

const taken = (externalId: string) => new PayoutError('recipient_conflict', `A recipient with externalId "${externalId}" exists already`);

/** Recipients of the KYC path: an external id, a KYC level (0-3) and the addresses they are known to use. */
@Injectable()
export class RecipientsService {
  constructor(private readonly repository: RecipientsRepository) {}

  async create(r: CreateRecipientRequest): Promise<RecipientView> {
    const addresses = addressesOf(r.addresses);
    const fingerprint = createHash('sha256').update(JSON.stringify([r.externalId, r.kycLevel, addresses, r.requestedBy])).digest('hex');
    try {
      const row = await this.repository.db.transaction().execute(async (tx) => {
        if (r.idempotencyKey) {
          await this.repository.lockKey(tx, r.idempotencyKey);
          const existing = await this.repository.byKey(tx, r.idempotencyKey);
          if (existing) {
            if (existing.fingerprint !== fingerprint) throw new PayoutError('idempotency_key_reused', 'This Idempotency-Key was used for another recipient');
            return existing;
          }
        }
        return this.repository.insert(tx, {
          external_id: r.externalId,
          kyc_level: r.kycLevel,
          addresses,
          idempotency_key: r.idempotencyKey ?? null,
          fingerprint,
          created_by: r.requestedBy,
        });
      });
      return recipientView(row);
    } catch (e) {
      if (e instanceof ExternalIdTaken) throw taken(r.externalId);
      throw e;
    }
  }

  async update(r: UpdateRecipientRequest): Promise<RecipientView> {
    const addresses = r.addresses === undefined ? undefined : addressesOf(r.addresses);
    try {
      const row = await this.repository.db.transaction().execute(async (tx) => {
        const current = await this.repository.findForUpdate(tx, r.id);
        const updated =
          current &&
          (await this.repository.update(tx, r.id, {
          ...(r.externalId !== undefined ? { external_id: r.externalId } : {}),
          ...(r.kycLevel !== undefined ? { kyc_level: r.kycLevel } : {}),
          ...(addresses !== undefined ? { addresses } : {}),
          }));
        if (!updated) throw new PayoutError('recipient_not_found', 'No such recipient');
        return updated;
      });
      return recipientView(row);
    } catch (e) {
      if (e instanceof ExternalIdTaken) throw taken(r.externalId ?? '');
      throw e;
    }
  }

  async get(id: string): Promise<RecipientView> {
    const row = await this.repository.find(this.repository.db, id);
    if (!row) throw new PayoutError('recipient_not_found', 'No such recipient');
    return recipientView(row);
  }
}
