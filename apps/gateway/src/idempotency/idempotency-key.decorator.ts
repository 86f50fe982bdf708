import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { IdempotentRequest } from './idempotency.service';

/** The parts of a creating POST that its Idempotency-Key covers. */
export const IdempotentReq = createParamDecorator((_: unknown, ctx: ExecutionContext): IdempotentRequest => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const header = req.headers['idempotency-key'];
  if (!req.principal) throw new Error('route reached without a principal');
  return {
    principal: req.principal,
    key: Array.isArray(header) ? header.join(',') : header,
    method: req.method,
    path: req.path,
    body: req.body,
  };
});
