import { Counter, Gauge, Registry } from 'prom-client';

export type SendOutcome = 'accepted' | 'duplicate' | 'transient_error' | 'node_unreachable' | 'rejected';

export class BroadcasterMetrics {
  readonly sends: Counter<'outcome'>;
  readonly finished: Counter<'status'>;
  readonly inFlight: Gauge;

  constructor(registry: Registry) {
    this.sends = new Counter({
      name: 'tronpay_broadcasts_total',
      help: 'Sends of signed transactions to a node, by outcome (accepted, duplicate, transient_error, node_unreachable, rejected)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.finished = new Counter({
      name: 'tronpay_broadcast_transactions_finished_total',
      help: 'Transactions followed to a final state, by status (confirmed, failed, expired)',
      labelNames: ['status'],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'tronpay_broadcasts_in_flight',
      help: 'Transactions stored and not yet confirmed, failed or expired (as of the last follower round)',
      registers: [registry],
    });
  }
}
