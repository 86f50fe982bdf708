import { isPublicErrorCode, serviceOfPattern, TransportRpcError } from '@tronpay/transport';
import { GatewayError } from '../http/gateway.errors';

const unavailable = (service: string, why: string) =>
  new GatewayError(503, 'service_unavailable', `The ${service} service ${why}; retry shortly`, [{ service }]);

/** The service a timeout is about: a nested call's deadline names its own pattern (wallet waiting on tron-client). */
function timedOutService(error: TransportRpcError, fallback: string): string {
  const pattern = (error.details as { pattern?: unknown } | undefined)?.pattern;
  if (typeof pattern !== 'string') return fallback;
  try {
    return serviceOfPattern(pattern);
  } catch {
    return fallback;
  }
}

/**
 * The one translation of an owning service's transport error into the public API's error, so
 * every forwarded route answers alike. Dependency trouble is a 503, a missing feature a 501,
 * a refused business rule a 422 with the service's own code; never a 500 and never a stack.
 */
export function fromTransportError(error: unknown, service: string): GatewayError {
  if (!(error instanceof TransportRpcError)) {
    return new GatewayError(502, 'upstream_error', `The ${service} service answered in a way the gateway cannot read`);
  }
  const { code } = error;
  const details = Array.isArray(error.details) ? error.details : undefined;
  if (code === 'validation_failed') return GatewayError.badRequest('validation_failed', error.message, details ?? []);
  if (code === 'timeout') return unavailable(timedOutService(error, service), 'did not answer in time');
  if (code === 'client_closed') return unavailable(service, 'could not be asked: the gateway is shutting down');
  if (code === 'unavailable') return unavailable(service, 'cannot be reached');
  if (code === 'no_handler') return new GatewayError(501, 'not_implemented', `The ${service} service does not serve this yet`, [{ service }]);
  if (code === 'locked') return new GatewayError(503, 'wallet_locked', 'The wallet service is locked: an operator must unlock it (POST /v1/wallets/unlock)');
  if (code === 'internal' || !isPublicErrorCode(code)) return new GatewayError(502, 'upstream_error', `The ${service} service failed to handle this request`);
  const publicCode = code.replace(/[.-]/g, '_');
  if (publicCode.endsWith('_not_found')) return new GatewayError(404, publicCode, error.message);
  if (publicCode === 'idempotency_key_reused' || publicCode.endsWith('_conflict')) return new GatewayError(409, publicCode, error.message);
  // A dependency of the owning service is away (`nodes_unavailable`): its own message may name hosts, so it stays behind.
  if (publicCode.endsWith('_unavailable')) return new GatewayError(503, publicCode, `A dependency of the ${service} service is unavailable; retry shortly`, [{ service }]);
  return new GatewayError(422, publicCode, error.message, details);
}

/** The `{code, message}` a GatewayError answers with (its own `message` is HttpException's generic one). */
export function publicErrorOf(error: GatewayError): { code: string; message: string } {
  const { code, message } = (error.getResponse() as { error: { code: string; message: string } }).error;
  return { code, message };
}
