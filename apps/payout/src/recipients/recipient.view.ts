import type { Selectable } from 'kysely';
import type { RecipientTable, RecipientView } from '@tronpay/models';

export type RecipientRow = Selectable<RecipientTable>;

export function recipientView(r: RecipientRow): RecipientView {
  return {
    id: r.id,
    externalId: r.external_id,
    kycLevel: r.kyc_level,
    addresses: r.addresses,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
