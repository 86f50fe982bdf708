import type { Response } from 'express';
import type { Outcome } from './idempotency.service';

/** Writes an outcome's status (the first request's, on a replay) and marks replays. */
export function respond<T>(res: Response, outcome: Outcome<T> & { replayed: boolean }): T {
  res.status(outcome.status);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return outcome.body;
}
