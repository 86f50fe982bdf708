import fc from 'fast-check';
import { PAYOUT_STATUSES, PayoutRowStatus } from '@tronpay/models';
import { canMove, EVENT_OF, isFinal, TRANSITIONS } from './payout-state';

describe('the payout state machine', () => {
  it('has exactly the issue\'s final states, and no way out of them', () => {
    expect(PAYOUT_STATUSES.filter(isFinal).sort()).toEqual(['cancelled', 'confirmed', 'failed', 'rejected']);
    for (const s of PAYOUT_STATUSES.filter(isFinal)) for (const t of PAYOUT_STATUSES) expect(canMove(s, t)).toBe(false);
  });

  it('cancels only before a signed transaction exists', () => {
    expect(PAYOUT_STATUSES.filter((s) => canMove(s, 'cancelled')).sort()).toEqual(['pending_approval', 'queued']);
  });

  it('goes back to queued (a new transaction) only from signed or broadcast, and is confirmed only after signing', () => {
    expect(PAYOUT_STATUSES.filter((s) => canMove(s, 'queued')).sort()).toEqual(['broadcast', 'pending_approval', 'signed']);
    expect(PAYOUT_STATUSES.filter((s) => canMove(s, 'confirmed')).sort()).toEqual(['broadcast', 'signed']);
  });

  it('announces the five payout webhooks of API.md and nothing else', () => {
    expect(Object.values(EVENT_OF).sort()).toEqual(['payout.broadcast', 'payout.confirmed', 'payout.failed', 'payout.pending_approval', 'payout.rejected']);
  });

  it('every walk of allowed moves ends, and once final stays final (property)', () => {
    const statuses = [...PAYOUT_STATUSES] as PayoutRowStatus[];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...statuses), { maxLength: 40 }), (wanted) => {
        let s: PayoutRowStatus = 'pending_approval';
        let finalSeen = false;
        for (const next of wanted) {
          if (canMove(s, next)) {
            expect(finalSeen).toBe(false);
            s = next;
          }
          if (isFinal(s)) finalSeen = true;
        }
        expect(TRANSITIONS[s].every((t) => statuses.includes(t))).toBe(true);
      }),
    );
  });
});
