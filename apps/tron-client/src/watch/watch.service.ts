import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { WatchAddReply, WatchAddRequest } from '@tronpay/models';
import { hexToBase58, normalizeAddress } from '@tronpay/tron';
import { WatchError } from './watch.errors';
import { WatchRepository, WatchWatermark } from './watch.repository';

/**
 * The watched addresses, in memory for O(1) membership while scanning (about 110 bytes an
 * address: 1,000,000 base58 strings measured at ~110 MB of heap). The table is the truth; memory
 * is loaded at boot and topped up before each batch of blocks the scanner filters with the rows
 * committed since the last look (by transaction id against PostgreSQL's snapshot, not by time:
 * see WatchRepository.unseenSince). The transport delivers `watch.add` to one replica, so this
 * re-read, not a broadcast, is how the others learn of an address.
 */
@Injectable()
export class WatchService implements OnApplicationBootstrap {
  private readonly logger = new Logger('WatchService');
  private readonly set = new Set<string>();
  private watermark: WatchWatermark | null = null;
  private loading?: Promise<void>;

  constructor(private readonly repository: WatchRepository) {}

  /** Every replica loads at boot, in the background: millions of rows must not hold up readiness. */
  onApplicationBootstrap(): void {
    this.ensureLoaded().catch((e: Error) => this.logger.error(`loading the watched set failed (retried on next use): ${e.message}`));
  }

  /** Full load (once; later calls wait for the same load). */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.load().catch((e: unknown) => {
      this.loading = undefined;
      throw e;
    });
    return this.loading;
  }

  /** Persists first, then remembers: once this resolves, the leader's next block sees the addresses. */
  async add(request: WatchAddRequest): Promise<WatchAddReply> {
    const invalid: string[] = [];
    const addresses = new Set<string>();
    for (const a of request.addresses) {
      const hex = normalizeAddress(a);
      if (hex === null) invalid.push(a);
      else addresses.add(hexToBase58(hex));
    }
    if (invalid.length) throw new WatchError('invalid_address', `not TRON addresses (bad checksum or form): ${invalid.length}`, invalid.slice(0, 20));
    await this.ensureLoaded();
    const added = await this.repository.add([...addresses], request.kind, request.label ?? null);
    for (const a of addresses) this.set.add(a);
    return { added: added.length, watched: this.set.size };
  }

  /** Picks up what other replicas committed since the last look; returns how many rows it read. */
  async refresh(): Promise<number> {
    await this.ensureLoaded();
    // Set by the load, which ensureLoaded has just awaited.
    const since = this.watermark as WatchWatermark;
    const { addresses, watermark } = await this.repository.unseenSince(since);
    for (const a of addresses) this.set.add(a);
    this.watermark = watermark;
    return addresses.length;
  }

  has(base58: string): boolean {
    return this.set.has(base58);
  }

  get size(): number {
    return this.set.size;
  }

  private async load(): Promise<void> {
    // Watermark first: rows committed during (or after) the load are re-read by the next refresh.
    this.watermark = await this.repository.watermark();
    const started = Date.now();
    for await (const page of this.repository.all()) for (const a of page) this.set.add(a);
    this.logger.log(`watching ${this.set.size} addresses (loaded in ${Date.now() - started} ms)`);
  }
}
