/**
 * Deliveries in flight per endpoint in this replica, so that one slow receiver holds at most
 * `limit` of the worker's slots; a job over the limit is postponed, not left waiting in a slot.
 */
export class EndpointGate {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly limit: number) {}

  tryEnter(endpointId: string): boolean {
    const n = this.inFlight.get(endpointId) ?? 0;
    if (n >= this.limit) return false;
    this.inFlight.set(endpointId, n + 1);
    return true;
  }

  leave(endpointId: string): void {
    const n = (this.inFlight.get(endpointId) ?? 0) - 1;
    if (n > 0) this.inFlight.set(endpointId, n);
    else this.inFlight.delete(endpointId);
  }

  stats(): { inFlight: number; endpoints: number } {
    let total = 0;
    for (const n of this.inFlight.values()) total += n;
    return { inFlight: total, endpoints: this.inFlight.size };
  }
}
