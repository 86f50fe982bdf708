import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export interface PublicError {
  error: { code: string; message: string; details?: unknown[] };
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'service_unavailable',
};

interface BodyParserError {
  status?: number;
  type?: string;
  expose?: boolean;
}

/** Gives every HTTP failure the public error shape; never a stack trace, never a 500 for bad input. */
export function toPublicError(exception: unknown): { status: number; body: PublicError } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    if (typeof res === 'object' && res !== null && 'error' in res && typeof (res as PublicError).error === 'object') {
      return { status, body: res as PublicError };
    }
    const message =
      typeof res === 'string' ? res : Array.isArray((res as { message?: unknown }).message) ? 'Invalid request' : exception.message;
    const details = typeof res === 'object' && Array.isArray((res as { message?: unknown }).message) ? (res as { message: unknown[] }).message : undefined;
    const code = details ? 'validation_failed' : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request'));
    return { status, body: { error: { code, message, ...(details ? { details } : {}) } } };
  }
  const bp = exception as BodyParserError;
  if (typeof bp?.status === 'number' && bp.status >= 400 && bp.status < 500 && bp.expose) {
    const code = bp.type === 'entity.parse.failed' ? 'invalid_json' : (CODE_BY_STATUS[bp.status] ?? 'bad_request');
    const message = bp.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Bad request';
    return { status: bp.status, body: { error: { code, message } } };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { error: { code: 'internal', message: 'Internal error' } } };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const { status, body } = toPublicError(exception);
    if (status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(`unhandled ${(exception as Error)?.name ?? 'error'}: ${(exception as Error)?.message ?? String(exception)}`);
    }
    const res = host.switchToHttp().getResponse<Response>();
    if (!res.headersSent) res.status(status).json(body);
  }
}

/** Express error middleware for what fails before Nest routes a request (the body parser). */
export function bodyErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const bp = err as BodyParserError;
  if (typeof bp?.status === 'number' && typeof bp.type === 'string' && bp.expose) {
    const { status, body } = toPublicError(err);
    res.status(status).json(body);
    return;
  }
  next(err);
}
