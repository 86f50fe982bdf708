import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';

/** The version a new endpoint's secret starts at; rotation bumps it. */
export const INITIAL_SECRET_VERSION = 1;

/**
 * Each endpoint's signing secret is derived, never stored: HMAC-SHA256 of `<id>:<version>` under
 * GATEWAY_SECRET_KEY. A database dump therefore holds no secret, and rotation is a version bump.
 */
@Injectable()
export class WebhookSecrets {
  constructor(@Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings) {}

  secretOf(endpointId: string, version: number): string {
    return `whsec_${createHmac('sha256', this.settings.secretKey).update(`${endpointId}:${version}`).digest('base64url')}`;
  }
}
