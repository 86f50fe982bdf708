import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventCommits } from '../events/event-commits';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookQueue } from './webhook-queue';

const BATCH = 500;
/** Rounds one relay pass may run before it yields to the next interval. */
const MAX_BATCHES = 20;
/** Calls to kick() within this time make one relay pass. */
const KICK_DEBOUNCE_MS = 10;

/**
 * The relay from the outbox to the queue. Every `relayIntervalMs`, and soon after a kick(), it
 * hands due pending deliveries to BullMQ. It also re-enqueues deliveries handed over longer
 * than a grace period ago: Redis may have lost them (it keeps nothing on disk here), and a job
 * still in the queue has the same id, so adding it again does nothing.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('WebhookRelay');
  private readonly graceMs: number;
  private loop?: Promise<void>;
  private stopped = true;
  private wake?: () => void;
  private kickTimer?: NodeJS.Timeout;
  private kicked = false;
  private relayed = 0;
  private lastRunAt: Date | null = null;
  private lastError: string | null = null;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
    private readonly repository: WebhookDeliveriesRepository,
    private readonly queue: WebhookQueue,
    commits: EventCommits,
  ) {
    // Longer than a job can wait behind the endpoint limit and run, so that a live job is rarely re-added.
    this.graceMs = Math.max(60_000, 3 * settings.webhooks.timeoutMs);
    // Features that cannot import this module (it would be a cycle) announce their commits there.
    commits.onCommitted(() => this.kick());
  }

  /** Deliver what was just committed without waiting for the next interval. Call it after the commit. */
  kick(): void {
    if (this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = undefined;
      this.kicked = true;
      this.wake?.();
    }, KICK_DEBOUNCE_MS);
  }

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops after the pass in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.kickTimer);
    this.kickTimer = undefined;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  stats() {
    return { running: !this.stopped, relayed: this.relayed, lastRunAt: this.lastRunAt?.toISOString() ?? null, lastError: this.lastError };
  }

  /** One pass: claim due deliveries in batches and enqueue them. */
  async relayOnce(): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES && !this.stopped; i++) {
      const claimed = await this.repository.claimDue(BATCH, this.graceMs);
      if (!claimed.length) break;
      try {
        await this.queue.add(claimed);
      } catch (e) {
        await this.repository.unclaim(claimed.map((d) => d.id));
        throw e;
      }
      total += claimed.length;
      if (claimed.length < BATCH) break;
    }
    this.relayed += total;
    return total;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.kicked = false;
      try {
        await this.relayOnce();
        this.lastRunAt = new Date();
        this.lastError = null;
      } catch (e) {
        this.lastError = (e as Error).message;
        this.logger.warn(`relay pass failed: ${this.lastError}`);
      }
      if (this.stopped) break;
      if (!this.kicked) await this.sleep(this.settings.webhooks.relayIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
