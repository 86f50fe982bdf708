export { MetricsService } from './metrics.service';
export type { HandlerOutcome } from './metrics.service';
export { HttpMetricsInterceptor } from './http-metrics.interceptor';
export { loggerParams, REDACTED_PATHS } from './logging';
export { withDeadline } from './ping';
