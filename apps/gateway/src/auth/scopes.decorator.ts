import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiScope } from '@tronpay/models';
import type { Principal } from './principal';

export const SCOPES_KEY = 'tronpay:scopes';

/** The scope a route needs (admin always passes). A route without it needs `admin`: forgetting fails closed. */
export const RequireScope = (scope: ApiScope | 'any') => SetMetadata(SCOPES_KEY, scope);

/** The authenticated caller of the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<Request>().principal;
  if (!principal) throw new Error('route reached without a principal');
  return principal;
});
