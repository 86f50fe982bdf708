import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyWebhook, WebhookEvent } from '@tronpay/webhooks';

export interface Received {
  event: WebhookEvent<Record<string, unknown>>;
  /** The signature checked out (verifyWebhook with the endpoint's secret and 5 min tolerance). */
  verified: boolean;
}

/**
 * A merchant's webhook endpoint on 127.0.0.1 that verifies every delivery as the README tells
 * merchants to: raw body, Tronpay-Signature, the endpoint's secret. `down` answers 503.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  secret = '';
  down = false;
  /** Requests answered 503 while down. */
  refused = 0;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req).then((status) => res.writeHead(status).end()));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.down) {
      this.refused++;
      return 503;
    }
    const raw = Buffer.concat(chunks);
    try {
      this.received.push({ event: verifyWebhook(raw, req.headers[SIGNATURE_HEADER.toLowerCase()], this.secret), verified: true });
      return 200;
    } catch {
      this.received.push({ event: JSON.parse(raw.toString('utf8')), verified: false });
      return 400;
    }
  }

  /** Deliveries of one type about one invoice. */
  about(invoiceId: string, type: string): Received[] {
    return this.received.filter((r) => r.event.type === type && (r.event.data['invoice'] as { id?: string } | undefined)?.id === invoiceId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
