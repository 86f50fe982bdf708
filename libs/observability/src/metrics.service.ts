import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type HandlerOutcome = 'ok' | 'error' | 'expired' | 'duplicate';

const NON_COUNTER_TOTALS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One Prometheus registry per service instance (not prom-client's global one), so that several
 * services or replicas can live in one process, as they do in tests.
 */
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly handlerDuration: Histogram<'pattern' | 'kind' | 'outcome'>;
  readonly deadLetters: Counter<'pattern'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    // prom-client names these gauges' totals *_total, the suffix Prometheus keeps for counters
    // (promtool check metrics refuses them); the per-type gauges beside them sum to the same.
    for (const name of NON_COUNTER_TOTALS) this.registry.removeSingleMetric(name);
    this.httpDuration = new Histogram({
      name: 'tronpay_http_request_duration_seconds',
      help: 'HTTP requests served, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.handlerDuration = new Histogram({
      name: 'tronpay_transport_handler_duration_seconds',
      help: 'Transport messages handled, by pattern, kind (command or event) and outcome',
      labelNames: ['pattern', 'kind', 'outcome'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.deadLetters = new Counter({
      name: 'tronpay_transport_dead_letters_total',
      help: 'Events moved to the dead-letter stream after their last allowed attempt failed, by pattern',
      labelNames: ['pattern'],
      registers: [this.registry],
    });
  }

  observeHandler(pattern: string, kind: 'command' | 'event', outcome: HandlerOutcome, durationMs: number): void {
    this.handlerDuration.observe({ pattern, kind, outcome }, durationMs / 1000);
  }

  /** An event this service gave up on: it waits in the dead-letter stream for a replay. */
  countDeadLetter(pattern: string): void {
    this.deadLetters.inc({ pattern });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
