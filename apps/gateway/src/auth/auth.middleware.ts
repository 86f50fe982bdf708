import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Logger } from '@nestjs/common';
import type { ApiKeysService } from './api-keys.service';
import { isOpenPath } from './principal';

const logger = new Logger('Auth');

function presentedKey(header: string | undefined, allowBasic: boolean): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = allowBasic ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (basic) {
    // Browsers ask for Basic credentials natively: the API key is the password, the user is ignored.
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

function refuse(res: Response, status: number, code: string, message: string, docs: boolean): void {
  res.setHeader('WWW-Authenticate', docs ? 'Basic realm="tronpay", charset="UTF-8"' : 'Bearer realm="tronpay"');
  res.status(status).json({ error: { code, message } });
}

/**
 * Authenticates every request but `/health/*` and `/metrics`, before any route (so an unknown
 * path without a key is a 401, not a 404 that maps the API). `/docs` also takes Basic auth.
 */
export function authMiddleware(keys: ApiKeysService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isOpenPath(req.path)) return next();
    const docs = req.path === '/docs' || req.path.startsWith('/docs/') || req.path.startsWith('/docs-');
    const key = presentedKey(req.headers.authorization, docs);
    if (!key) return refuse(res, 401, 'unauthorized', 'Missing API key: send Authorization: Bearer <key>', docs);
    keys.authenticate(key).then(
      (principal) => {
        if (!principal) return refuse(res, 401, 'invalid_api_key', 'The API key is unknown or revoked', docs);
        req.principal = principal;
        next();
      },
      (err: Error) => {
        logger.warn(`key lookup failed: ${err.message}`);
        res.status(503).json({ error: { code: 'service_unavailable', message: 'Cannot check the API key now; retry shortly' } });
      },
    );
  };
}
