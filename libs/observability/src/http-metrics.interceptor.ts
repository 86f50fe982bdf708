import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { MetricsService } from './metrics.service';

interface HttpRequestLike {
  method: string;
  route?: { path?: string };
}
interface HttpResponseLike {
  statusCode: number;
}

/** Times every HTTP request by its route template (not its raw URL, which would explode label cardinality). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<HttpRequestLike>();
    const started = process.hrtime.bigint();
    const record = (status: number) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpDuration.observe(
        { method: req.method, route: req.route?.path ?? 'unmatched', status: String(status) },
        seconds,
      );
    };
    return next.handle().pipe(
      tap({
        next: () => record(http.getResponse<HttpResponseLike>().statusCode),
        error: (err: { getStatus?: () => number }) => record(typeof err?.getStatus === 'function' ? err.getStatus() : 500),
      }),
    );
  }
}
