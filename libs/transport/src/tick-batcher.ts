/**
 * Gathers the items added during one turn of the event loop and hands them to `run` as one
 * batch: many messages finish in the same turn, and one MGET or one MULTI for all of them
 * costs Redis and the socket far less than one per message.
 */
export class TickBatcher<I, O> {
  private items: I[] = [];
  private waiters: Array<{ resolve: (value: O) => void; reject: (err: unknown) => void }> = [];
  private scheduled = false;

  /**
   * `run` returns one result per item, in order. `tick` batches what is added before pending
   * I/O is looked at (cheapest latency); `immediate` also waits for the I/O callbacks of this
   * turn, which gathers more items when many complete together.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly schedule: 'tick' | 'immediate' = 'immediate',
  ) {}

  add(item: I): Promise<O> {
    this.items.push(item);
    const result = new Promise<O>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      if (this.schedule === 'tick') process.nextTick(() => void this.flush());
      else setImmediate(() => void this.flush());
    }
    return result;
  }

  private async flush(): Promise<void> {
    const { items, waiters } = this;
    this.items = [];
    this.waiters = [];
    this.scheduled = false;
    try {
      const results = await this.run(items);
      waiters.forEach((waiter, i) => waiter.resolve(results[i]));
    } catch (err) {
      for (const waiter of waiters) waiter.reject(err);
    }
  }
}
