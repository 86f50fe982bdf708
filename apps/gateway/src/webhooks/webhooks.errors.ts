import { GatewayError } from '../http/gateway.errors';

/** Why a webhook URL may not be called; `reason` is safe to show (it never holds the URL's query). */
export class WebhookUrlRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
    this.name = 'WebhookUrlRefusedError';
  }
}

/** The webhooks feature's public errors. */
export const WebhookErrors = {
  urlRefused: (reason: string) => GatewayError.badRequest('webhook_url_refused', `The webhook URL is refused: ${reason}`, [{ reason }]),
  endpointNotFound: () => GatewayError.notFound('webhook_endpoint'),
  eventNotFound: () => GatewayError.notFound('event'),
  endpointDisabled: () => GatewayError.unprocessable('webhook_endpoint_disabled', 'The webhook endpoint is disabled'),
  endpointNotSubscribed: () =>
    GatewayError.unprocessable('webhook_endpoint_not_subscribed', 'The webhook endpoint has no delivery of this event and is not subscribed to its type'),
};
