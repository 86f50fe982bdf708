import { Injectable } from '@nestjs/common';
import { actorOf } from '../auth/principal';
import { DEFAULT_LIMIT, decodeCursor, isUuid, Page, toPage } from '../http/pagination';
import { IdempotencyService, IdempotentRequest, Outcome, StorePolicy } from '../idempotency/idempotency.service';
import { SsrfGuard } from './ssrf-guard';
import { EndpointRow, WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { INITIAL_SECRET_VERSION, WebhookSecrets } from './webhook-secrets';
import { WebhookErrors, WebhookUrlRefusedError } from './webhooks.errors';

export interface EndpointView {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface EndpointWithSecret extends EndpointView {
  secret: string;
}

function view(row: EndpointRow): EndpointView {
  return { id: row.id, url: row.url, events: row.events, createdAt: row.createdAt.toISOString(), disabledAt: row.disabledAt?.toISOString() ?? null };
}

/** `*` subsumes every type; duplicates are dropped. */
function normaliseEvents(events: string[]): string[] {
  return events.includes('*') ? ['*'] : [...new Set(events)];
}

@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly repository: WebhookEndpointsRepository,
    private readonly guard: SsrfGuard,
    private readonly secrets: WebhookSecrets,
    private readonly idempotency: IdempotencyService,
  ) {}

  async create(request: IdempotentRequest, input: { url: string; events: string[] }): Promise<Outcome<EndpointWithSecret> & { replayed: boolean }> {
    const version = { value: INITIAL_SECRET_VERSION };
    return this.idempotency.run(
      request,
      async (tx) => {
        const url = await this.checkUrl(input.url);
        const row = await this.repository.insert(
          { url: url.href, events: normaliseEvents(input.events), secretVersion: INITIAL_SECRET_VERSION, createdBy: actorOf(request.principal) },
          tx,
        );
        return { status: 201, body: this.withSecret(row) };
      },
      this.secretPolicy(version),
    );
  }

  async list(limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<EndpointView>> {
    const rows = await this.repository.list(limit + 1, decodeCursor(cursor));
    return toPage(rows, limit, view);
  }

  async get(id: string): Promise<EndpointView> {
    return view(await this.existing(id));
  }

  async disable(id: string): Promise<EndpointView> {
    if (!isUuid(id)) throw WebhookErrors.endpointNotFound();
    const row = await this.repository.disable(id);
    if (!row) throw WebhookErrors.endpointNotFound();
    return view(row);
  }

  /** A new secret, valid at once; the old one stops verifying (receivers may accept both for a while). */
  async rotateSecret(request: IdempotentRequest, id: string): Promise<Outcome<EndpointWithSecret> & { replayed: boolean }> {
    if (!isUuid(id)) throw WebhookErrors.endpointNotFound();
    const version = { value: 0 };
    return this.idempotency.run(
      request,
      async (tx) => {
        const row = await this.repository.bumpSecretVersion(id, tx);
        if (!row) throw WebhookErrors.endpointNotFound();
        if (row.disabledAt) throw WebhookErrors.endpointDisabled();
        version.value = row.secretVersion;
        return { status: 200, body: this.withSecret(row) };
      },
      this.secretPolicy(version),
    );
  }

  private async existing(id: string): Promise<EndpointRow> {
    const row = isUuid(id) ? await this.repository.find(id) : null;
    if (!row) throw WebhookErrors.endpointNotFound();
    return row;
  }

  private async checkUrl(url: string): Promise<URL> {
    try {
      return await this.guard.check(url);
    } catch (e) {
      if (e instanceof WebhookUrlRefusedError) throw WebhookErrors.urlRefused(e.reason);
      throw e;
    }
  }

  private withSecret(row: EndpointRow): EndpointWithSecret {
    return { ...view(row), secret: this.secrets.secretOf(row.id, row.secretVersion) };
  }

  /** A replayed response shows the secret again, re-derived: the idempotency record keeps only its version. */
  private secretPolicy(version: { value: number }): StorePolicy<EndpointWithSecret> {
    return {
      store: ({ secret: _secret, ...rest }) => ({ ...rest, secretVersion: version.value }),
      replay: (stored) => {
        const { secretVersion, ...rest } = stored as EndpointView & { secretVersion: number };
        return { ...rest, secret: this.secrets.secretOf(rest.id, secretVersion) };
      },
    };
  }
}
