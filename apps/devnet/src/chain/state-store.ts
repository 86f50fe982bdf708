/**
 * Key-value world state with two views: head (includes pending transactions, as java-tron's
 * `wallet/*` reads do) and solid (as of the solidified block, for `walletsolidity/*`).
 * Each sealed block keeps a copy of the values it changed; when the block solidifies that
 * write-set is applied to the solid view. Values must be replaced through set() (or marked
 * with touch()) after any mutation, never changed behind the store's back.
 */
export class StateStore {
  private readonly head = new Map<string, unknown>();
  private readonly solid = new Map<string, unknown>();
  private touched = new Set<string>();
  private readonly unsolidified: Array<{ number: number; writes: Map<string, unknown> }> = [];

  get<T>(key: string): T | undefined {
    return this.head.get(key) as T | undefined;
  }

  getSolid<T>(key: string): T | undefined {
    return this.solid.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.head.set(key, value);
    this.touched.add(key);
  }

  touch(key: string): void {
    this.touched.add(key);
  }

  delete(key: string): void {
    this.head.delete(key);
    this.touched.add(key);
  }

  /** Keys of the head view starting with a prefix (for small indexes such as the token list). */
  keysWithPrefix(prefix: string): string[] {
    return [...this.head.keys()].filter((k) => k.startsWith(prefix));
  }

  /** Freezes the changes since the last seal as block `number`'s write-set. */
  seal(number: number): void {
    const writes = new Map<string, unknown>();
    for (const key of this.touched) {
      const value = this.head.get(key);
      writes.set(key, value === undefined ? undefined : structuredClone(value));
    }
    this.touched = new Set();
    this.unsolidified.push({ number, writes });
  }

  /** Applies the write-sets of every sealed block up to `number` to the solid view. */
  solidify(number: number): void {
    while (this.unsolidified.length && this.unsolidified[0].number <= number) {
      const { writes } = this.unsolidified.shift() as { writes: Map<string, unknown> };
      for (const [key, value] of writes) {
        if (value === undefined) this.solid.delete(key);
        else this.solid.set(key, value);
      }
    }
  }

  /** Genesis state: visible to both views at once. */
  setGenesis(key: string, value: unknown): void {
    this.head.set(key, value);
    this.solid.set(key, structuredClone(value));
  }
}
