import { IsOptional, IsString, MaxLength } from 'class-validator';

const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

/** `requestedBy`: who asks (`api-key:<id>` or a service), for audit trails and maker-checker. */
export const RequestedByField = () => all(IsString(), MaxLength(100));

/**
 * `idempotencyKey`: `<api key id>:<Idempotency-Key>` when the client sent one, so that the owning
 * service keeps one effect per key and a retry after a lost reply does not act twice.
 */
export const IdempotencyKeyField = () => all(IsOptional(), IsString(), MaxLength(400));
