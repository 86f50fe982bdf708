import { Injectable } from '@nestjs/common';
import type { DeliveryStatus } from '@tronpay/models';
import { DEFAULT_LIMIT, decodeCursor, isUuid, Page, toPage } from '../http/pagination';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { AttemptRow, EventRow, WebhookEventsRepository } from './webhook-events.repository';
import { WebhookErrors } from './webhooks.errors';

export interface EventView {
  id: string;
  type: string;
  createdAt: string;
  data: unknown;
}

export interface AttemptView {
  attempt: number;
  startedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface DeliveryView {
  id: string;
  endpoint: { id: string; url: string };
  status: DeliveryStatus;
  round: number;
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  attempts: AttemptView[];
}

export interface RedeliveryView {
  eventId: string;
  deliveries: Array<{ id: string; endpointId: string; round: number }>;
}

/** The same object a receiver gets as the body. */
const eventView = (e: EventRow): EventView => ({ id: e.id, type: e.type, createdAt: e.createdAt.toISOString(), data: e.data });

const attemptView = (a: AttemptRow): AttemptView => ({
  attempt: a.attempt,
  startedAt: a.startedAt.toISOString(),
  statusCode: a.statusCode,
  latencyMs: a.latencyMs,
  error: a.error,
});

/** The events API: every stored event, where it was delivered, each attempt, and redelivery. */
@Injectable()
export class WebhookEventsService {
  constructor(
    private readonly events: WebhookEventsRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async get(id: string): Promise<EventView> {
    return eventView(await this.existing(id));
  }

  async list(limit = DEFAULT_LIMIT, cursor?: string, type?: string): Promise<Page<EventView>> {
    const rows = await this.events.listEvents(limit + 1, decodeCursor(cursor), type);
    return toPage(rows, limit, eventView);
  }

  async deliveries(eventId: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<DeliveryView>> {
    await this.existing(eventId);
    const rows = await this.events.listDeliveries(eventId, limit + 1, decodeCursor(cursor));
    const attempts = new Map<string, AttemptView[]>();
    for (const a of await this.events.attemptsOf(rows.map((r) => r.id))) {
      const list = attempts.get(a.deliveryId) ?? [];
      list.push(attemptView(a));
      attempts.set(a.deliveryId, list);
    }
    return toPage(rows, limit, (r) => ({
      id: r.id,
      endpoint: { id: r.endpointId, url: r.endpointUrl },
      status: r.status,
      round: r.round,
      nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      lastStatusCode: r.lastStatusCode,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      attempts: attempts.get(r.id) ?? [],
    }));
  }

  /** Sends the event again to its endpoints (or one), as a new round of attempts with a fresh retry window. */
  async redeliver(eventId: string, endpointId?: string): Promise<RedeliveryView> {
    const event = await this.existing(eventId);
    if (endpointId !== undefined) {
      const endpoint = isUuid(endpointId) ? await this.endpoints.find(endpointId) : null;
      if (!endpoint) throw WebhookErrors.endpointNotFound();
      if (endpoint.disabledAt) throw WebhookErrors.endpointDisabled();
    }
    const deliveries = await this.events.redeliver(event, endpointId);
    if (endpointId !== undefined && deliveries.length === 0) throw WebhookErrors.endpointNotSubscribed();
    this.dispatcher.kick();
    return { eventId: event.id, deliveries };
  }

  private async existing(id: string): Promise<EventRow> {
    const row = isUuid(id) ? await this.events.findEvent(id) : null;
    if (!row) throw WebhookErrors.eventNotFound();
    return row;
  }
}
