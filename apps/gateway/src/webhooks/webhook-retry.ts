export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  windowMs: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): base x 2^(attempt-1), capped, spread by
 * +/-20% so that the deliveries of one outage do not all come back in the same instant.
 */
export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const nominal = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** exponent);
  return Math.round(Math.min(policy.maxDelayMs, nominal * (0.8 + 0.4 * random())));
}

/**
 * When the next attempt is due after a failed one, or null when the delivery's window (from
 * its event, or from the redelivery that began its round) has closed and it has failed.
 */
export function nextAttemptAt(
  attempt: number,
  failedAt: Date,
  windowStart: Date,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Date | null {
  const next = new Date(failedAt.getTime() + retryDelayMs(attempt, policy, random));
  return next.getTime() > windowStart.getTime() + policy.windowMs ? null : next;
}
