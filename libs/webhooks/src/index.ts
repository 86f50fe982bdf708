export {
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhook,
  verifyWebhookSignature,
  WebhookVerificationError,
} from './webhook-signature';
export type { VerifyOptions, WebhookEvent, WebhookVerificationCode } from './webhook-signature';
