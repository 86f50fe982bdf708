import { Inject, Injectable } from '@nestjs/common';
import { KeyStore } from '../keys/key-store';
import { VaultRepository } from '../vaults/vault.repository';
import { AuditRepository } from '../audit/audit.repository';

export interface RotationProgress {
  rewrapped: number;
  remaining: number;
}

/**
 * Re-wraps every vault's data key under the current KEK (WALLET_KEK), taking them from the
 * previous one (WALLET_KEK_PREVIOUS). Each vault is one committed update, so an interrupted
 * rotation leaves every vault readable (the store opens both) and a second run finishes it.
 */
@Injectable()
export class KekRotationService {
  constructor(
    private readonly vaults: VaultRepository,
    @Inject(KeyStore) private readonly keys: KeyStore,
    private readonly audit: AuditRepository,
  ) {}

  async rotate(options: { batchSize?: number; afterBatch?: (rewrapped: number) => void } = {}): Promise<RotationProgress> {
    const target = this.keys.currentKekId();
    let rewrapped = 0;
    for (;;) {
      const batch = await this.vaults.db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('vaults')
          .select(['id', 'kek_id', 'wrapped_dek'])
          .where('kek_id', '!=', target)
          .orderBy('id')
          .limit(options.batchSize ?? 100)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const row of rows) {
          const next = this.keys.rewrap(row.id, { kekId: row.kek_id, wrappedDek: row.wrapped_dek });
          await tx
            .updateTable('vaults')
            .set({ kek_id: next.kekId, wrapped_dek: next.wrappedDek, rewrapped_at: new Date() })
            .where('id', '=', row.id)
            .where('kek_id', '=', row.kek_id)
            .execute();
        }
        return rows.length;
      });
      if (batch === 0) break;
      rewrapped += batch;
      options.afterBatch?.(rewrapped);
    }
    await this.audit.append({ actor: 'operator', action: 'kek.rotate', outcome: 'ok', reason: `${rewrapped} vaults re-wrapped` });
    const remaining = Number(
      (await this.vaults.db.selectFrom('vaults').select((eb) => eb.fn.countAll<string>().as('n')).where('kek_id', '!=', target).executeTakeFirstOrThrow()).n,
    );
    return { rewrapped, remaining };
  }
}
