import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type NodeOutcome = 'ok' | 'timeout' | 'network_error' | 'http_error' | 'node_error' | 'bad_json' | 'incomplete' | 'rate_limited';

/** What the pool tells Prometheus, labelled by node (the URL's origin: never a key or a path). */
export class NodePoolMetrics {
  readonly requests: Counter<'node' | 'outcome'>;
  readonly duration: Histogram<'node'>;
  readonly head: Gauge<'node'>;
  readonly circuit: Gauge<'node'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'tronpay_node_requests_total',
      help: 'Requests to TRON nodes by outcome',
      labelNames: ['node', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'tronpay_node_request_duration_seconds',
      help: 'Duration of requests to TRON nodes',
      labelNames: ['node'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.head = new Gauge({
      name: 'tronpay_node_head_block',
      help: 'Head block number each node reported at its last health check',
      labelNames: ['node'],
      registers: [registry],
    });
    this.circuit = new Gauge({
      name: 'tronpay_node_circuit_state',
      help: 'Circuit breaker per node: 0 closed, 1 half-open, 2 open',
      labelNames: ['node'],
      registers: [registry],
    });
  }
}
