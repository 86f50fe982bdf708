import { Inject, Injectable, Logger } from '@nestjs/common';
import { SIGNATURE_HEADER, signWebhook } from '@tronpay/webhooks';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { nextAttemptAt } from './webhook-retry';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook-sender';
import type { WebhooksMetrics } from './webhooks.metrics';

export const WEBHOOKS_METRICS = Symbol('WEBHOOKS_METRICS');

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

/** A job may run up to this early (clocks of replicas and the database differ a little). */
const EARLY_SLACK_MS = 1_000;

/** The body of a webhook: the stored event, exactly; these bytes are what is signed. */
export function webhookBody(event: { id: string; type: string; createdAt: Date; data: unknown }): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), data: event.data });
}

/**
 * One attempt of one delivery: sign, POST, log the attempt, and decide what comes next. The
 * database holds the state (the next attempt's time); the queue only runs what is due.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly repository: WebhookDeliveriesRepository,
    private readonly sender: WebhookSender,
    private readonly secrets: WebhookSecrets,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
    @Inject(WEBHOOKS_METRICS) private readonly metrics: WebhooksMetrics,
  ) {}

  async attempt(deliveryId: string, round: number): Promise<AttemptOutcome> {
    const task = await this.repository.load(deliveryId);
    if (!task || task.status !== 'pending' || task.round !== round) return 'skipped';
    if (task.nextAttemptAt.getTime() > Date.now() + EARLY_SLACK_MS) {
      await this.repository.release(task.id, task.round);
      return 'skipped';
    }
    if (task.endpoint.disabledAt) {
      await this.repository.fail(task.id, task.round, 'endpoint disabled');
      this.metrics.deliveries.inc({ outcome: 'failed' });
      return 'failed';
    }
    const claimed = await this.repository.claimAttempt(task);
    if (!claimed) return 'skipped';
    const { attempt, inRound } = claimed;

    const body = webhookBody(task.event);
    const startedAt = new Date();
    const sent = await this.sender.post(task.endpoint.url, body, {
      'Content-Type': 'application/json',
      'User-Agent': 'tronpay-webhooks/1',
      [SIGNATURE_HEADER]: signWebhook(this.secrets.secretOf(task.endpoint.id, task.endpoint.secretVersion), body, Math.floor(startedAt.getTime() / 1000)),
      'Tronpay-Event-Id': task.event.id,
      'Tronpay-Event-Type': task.event.type,
    });

    const w = this.settings.webhooks;
    const next =
      sent.result === 'success'
        ? null
        : nextAttemptAt(inRound, new Date(), task.roundStartedAt ?? task.event.createdAt, { baseMs: w.retryBaseMs, maxDelayMs: w.retryMaxDelayMs, windowMs: w.retryWindowMs });
    const outcome: AttemptOutcome = sent.result === 'success' ? 'delivered' : next ? 'retrying' : 'failed';
    await this.repository.recordAttempt({
      deliveryId: task.id,
      round: task.round,
      attempt,
      startedAt,
      statusCode: sent.statusCode,
      latencyMs: sent.latencyMs,
      error: sent.error,
      status: outcome === 'retrying' ? 'pending' : outcome,
      nextAttemptAt: next,
    });
    this.metrics.observe(outcome, sent.result, sent.latencyMs);
    if (outcome === 'failed') this.logger.warn(`delivery ${task.id} of event ${task.event.id} to endpoint ${task.endpoint.id} failed after ${attempt} attempts`);
    return outcome;
  }
}
