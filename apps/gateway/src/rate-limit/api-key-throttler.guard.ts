import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import type { Request } from 'express';
import { isOpenPath } from '../auth/principal';
import { GatewayError } from '../http/gateway.errors';

/**
 * Rate limits per API key, across every route and every gateway replica (the counters live in
 * Redis). A key past its limit gets 429 with `Retry-After`; open paths are not counted.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    return isOpenPath(req.path) || !req.principal;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (req as unknown as Request).principal!.keyId;
  }

  /** One bucket per key, not per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new GatewayError(429, 'rate_limited', `Rate limit of ${detail.limit} requests per ${detail.ttl} ms for this API key exceeded`);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (e) {
      if (e instanceof GatewayError) throw e;
      this.log.warn(`rate limiter unavailable: ${(e as Error).message}`);
      throw GatewayError.unavailable('service_unavailable', 'The rate limiter cannot be reached; retry shortly');
    }
  }
}
