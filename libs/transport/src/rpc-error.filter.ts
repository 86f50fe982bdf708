import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { toWireError, WireError } from './transport.errors';

/**
 * Turns whatever a handler (or a pipe, guard, interceptor) threw into the wire error
 * `{code, message, details}`. Nest's default RPC filter keeps only RpcException payloads;
 * this one also keeps module errors that carry a public `code`, and flattens the rest to
 * `internal` after logging them, so no stack or internal message reaches the caller.
 * Register with `app.useGlobalFilters(new RpcErrorFilter())` or `@UseFilters(...)`.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown, WireError> {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const { wire, known } = toWireError(exception);
    if (!known) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return throwError(() => wire);
  }
}
