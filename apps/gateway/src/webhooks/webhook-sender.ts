import * as http from 'node:http';
import * as https from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { SsrfGuard } from './ssrf-guard';
import { WebhookUrlRefusedError } from './webhooks.errors';

export type SendResult = 'success' | 'http_error' | 'timeout' | 'network_error' | 'refused';

export interface SendOutcome {
  result: SendResult;
  statusCode: number | null;
  /** For the attempt log: never the URL (its query may hold a token) nor a header. */
  error: string | null;
  latencyMs: number;
}

const MAX_ERROR_LENGTH = 300;
/** The receiver's answer is not used; read this much of it at most. */
const MAX_RESPONSE_BYTES = 64 * 1024;

function describe(err: Error): string {
  const text = err.message || err.name || 'request failed';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}...` : text;
}

/**
 * One POST to a receiver with node:http(s), not fetch: only it takes a `lookup`, which is how
 * the SSRF guard decides the address the socket connects to. No redirect is followed, no
 * connection is reused, and the whole exchange has one deadline.
 */
@Injectable()
export class WebhookSender {
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(
    private readonly guard: SsrfGuard,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {}

  post(target: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
    const started = Date.now();
    const outcome = (result: SendResult, statusCode: number | null, error: string | null): SendOutcome => ({
      result,
      statusCode,
      error,
      latencyMs: Date.now() - started,
    });
    // A redirect is not followed: it counts as a failed attempt like any other non-2xx.
    const answered = (code: number) => (code >= 200 && code < 300 ? outcome('success', code, null) : outcome('http_error', code, `HTTP ${code}`));
    let url: URL;
    try {
      url = this.guard.parse(target);
    } catch (e) {
      return Promise.resolve(outcome('refused', null, describe(e as Error)));
    }
    const timeoutMs = this.settings.webhooks.timeoutMs;
    return new Promise<SendOutcome>((resolve) => {
      let done = false;
      let status: number | null = null;
      const finish = (value: SendOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.inFlight.delete(request);
        resolve(value);
      };
      const request = (url.protocol === 'https:' ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: this.guard.lookup,
        agent: false,
      });
      const timer = setTimeout(() => {
        // A receiver that answered but is slow to finish its body still answered.
        if (status !== null) finish(answered(status));
        else finish(outcome('timeout', null, `timed out after ${timeoutMs} ms`));
        request.destroy();
      }, timeoutMs);
      request.on('error', (err) => {
        if (status !== null) return;
        finish(outcome(err instanceof WebhookUrlRefusedError ? 'refused' : 'network_error', null, describe(err)));
      });
      request.on('response', (res) => {
        status = res.statusCode ?? 0;
        const code = status;
        let seen = 0;
        const settle = () => finish(answered(code));
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) {
            settle();
            request.destroy();
          }
        });
        res.on('end', settle);
        res.on('close', settle);
        res.on('error', settle);
      });
      this.inFlight.add(request);
      request.end(body);
    });
  }

  /** Ends the requests in flight as failed attempts (retried later): a stopping gateway does not wait out slow receivers. */
  abortAll(reason: string): void {
    for (const request of this.inFlight) request.destroy(new Error(reason));
  }
}
