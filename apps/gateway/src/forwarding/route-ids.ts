import { GatewayError } from '../http/gateway.errors';
import { isUuid } from '../http/pagination';

/** An id from the path, lower-cased; anything but a uuid names nothing, so it is a 404 without asking the owner. */
export function routeId(raw: string, what: string): string {
  const id = raw.toLowerCase();
  if (!isUuid(id)) throw GatewayError.notFound(what);
  return id;
}
