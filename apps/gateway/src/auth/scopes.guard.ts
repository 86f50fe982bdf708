import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ApiScope } from '@tronpay/models';
import { GatewayError } from '../http/gateway.errors';
import { hasScope, isOpenPath } from './principal';
import { SCOPES_KEY } from './scopes.decorator';

/** 403 when the key lacks the route's scope. Authentication (401) already happened in the middleware. */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (isOpenPath(req.path)) return true;
    const principal = req.principal;
    if (!principal) throw new GatewayError(401, 'unauthorized', 'Missing API key: send Authorization: Bearer <key>');
    const needed =
      this.reflector.getAllAndOverride<ApiScope | 'any' | undefined>(SCOPES_KEY, [context.getHandler(), context.getClass()]) ?? 'admin';
    if (needed === 'any' || hasScope(principal, needed)) return true;
    throw new GatewayError(403, 'forbidden', `This API key lacks the ${needed} scope`);
  }
}
