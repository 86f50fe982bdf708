import { HttpException } from '@nestjs/common';

/**
 * An error of the public API: status and code as API.md lists them. Thrown by services and
 * translated by the runtime's HTTP filter into `{error: {code, message, details}}`.
 */
export class GatewayError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super({ error: { code, message, ...(details ? { details } : {}) } }, status);
    this.name = 'GatewayError';
  }

  static badRequest(code: string, message: string, details?: unknown[]) {
    return new GatewayError(400, code, message, details);
  }

  static notFound(what: string) {
    return new GatewayError(404, `${what}_not_found`, `No such ${what.replace(/_/g, ' ')}`);
  }

  static conflict(code: string, message: string) {
    return new GatewayError(409, code, message);
  }

  static unprocessable(code: string, message: string) {
    return new GatewayError(422, code, message);
  }

  static unavailable(code: string, message: string) {
    return new GatewayError(503, code, message);
  }
}
