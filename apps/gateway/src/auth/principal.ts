import type { ApiScope } from '@tronpay/models';

/** Who made a request: an API key (or the bootstrap admin key) and what it may do. */
export interface Principal {
  /** The key's id; `admin` for the bootstrap key from ADMIN_API_KEY. */
  keyId: string;
  name: string;
  scopes: readonly ApiScope[];
}

export function hasScope(principal: Principal, scope: ApiScope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}

/** What the audit trails of other services record as the requester. */
export function actorOf(principal: Principal): string {
  return `api-key:${principal.keyId}`;
}

/** Paths open without a key (API.md: only /health/* and /metrics). */
export function isOpenPath(path: string): boolean {
  return path === '/metrics' || path.startsWith('/health/');
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
