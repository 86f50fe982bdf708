import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code, plain JavaScript so that it needs no TypeScript loader: it only checks
 * ECDSA signatures (r || s) over raw data against public keys it is sent once per address.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
const GROUP = 4;
parentPort.on('message', (msg) => {
  for (const [address, der] of msg.keys) keys.set(address, createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }));
  // Answers in small groups, so that the event loop applies the first while later ones are checked.
  for (let from = 0; from < msg.jobs.length; from += GROUP) {
    const results = msg.jobs.slice(from, from + GROUP).map((job) => {
      const raw = Buffer.from(job.raw, 'hex');
      return job.sigs.map((sigHex) => {
        const sig = Buffer.from(sigHex, 'hex');
        for (const candidate of job.candidates) {
          const key = keys.get(candidate);
          if (key && verify('sha256', raw, { key, dsaEncoding: 'ieee-p1363' }, sig)) return candidate;
        }
        return null;
      });
    });
    parentPort.postMessage({ id: msg.id, from, results, done: from + GROUP >= msg.jobs.length });
  }
});
`;

/** Hex strings rather than Buffers: a pooled Buffer would post its whole 8 KB slab. */
interface Job {
  raw: string;
  sigs: string[];
  candidates: string[];
  resolve: (signers: Array<string | null>) => void;
}

interface Lane {
  worker: Worker;
  sentKeys: Set<string>;
  batches: Map<number, Job[]>;
  outstanding: number;
}

/**
 * Checks transaction signatures on worker threads, as java-tron checks them on its
 * validate-signature thread pool before pushTransaction. An OpenSSL secp256k1 verification
 * costs ~0.3 ms, most of a broadcast's cost, so moving it off the event loop lets the devnet
 * accept several thousand transactions a second. The answer per signature is the candidate
 * address whose key verified it, or null (unknown key or invalid); the caller then falls back
 * to SignatureVerifier (public-key recovery) on its own thread, so results never differ.
 */
export class SignaturePool {
  private readonly lanes: Lane[] = [];
  private readonly ders = new Map<string, Buffer>();
  private queue: Job[] = [];
  private flushing = false;
  private nextId = 0;
  private closed = false;
  private failures = 0;

  constructor(
    readonly size: number,
    private readonly keyOf: (address: string) => KeyObject | undefined,
  ) {}

  /** Per signature (hex, r || s || v), the candidate whose key verifies it over the raw data (hex), or null. */
  verify(rawDataHex: string, signatures: readonly string[], candidates: readonly string[]): Promise<Array<string | null>> {
    const known = candidates.filter((c) => this.der(c) !== undefined);
    const wellFormed = signatures.every((s) => /^[0-9a-fA-F]{130}/.test(s));
    if (this.closed || this.size <= 0 || known.length === 0 || !wellFormed) {
      return Promise.resolve(signatures.map(() => null));
    }
    return new Promise((resolve) => {
      this.queue.push({ raw: rawDataHex, sigs: signatures.map((s) => s.slice(0, 128)), candidates: known, resolve });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const lanes = this.lanes.splice(0);
    for (const lane of lanes) this.abandon(lane);
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  }

  private der(address: string): Buffer | undefined {
    let der = this.ders.get(address);
    if (!der) {
      const key = this.keyOf(address);
      if (!key) return undefined;
      der = key.export({ format: 'der', type: 'spki' });
      this.ders.set(address, der);
    }
    return der;
  }

  /** Sends what the event loop gathered in one turn, split over the lanes. */
  private flush(): void {
    this.flushing = false;
    const jobs = this.queue;
    this.queue = [];
    if (this.closed || this.failures > 3) return jobs.forEach((j) => j.resolve(j.sigs.map(() => null)));
    while (this.lanes.length < this.size) this.lanes.push(this.spawn());
    const per = Math.ceil(jobs.length / this.lanes.length);
    const lanes = [...this.lanes].sort((a, b) => a.outstanding - b.outstanding);
    for (let i = 0; i * per < jobs.length; i++) this.send(lanes[i], jobs.slice(i * per, (i + 1) * per));
  }

  private send(lane: Lane, jobs: Job[]): void {
    const keys: Array<[string, Buffer]> = [];
    for (const job of jobs) {
      for (const c of job.candidates) {
        if (!lane.sentKeys.has(c)) {
          lane.sentKeys.add(c);
          keys.push([c, this.der(c) as Buffer]);
        }
      }
    }
    const id = this.nextId++;
    lane.batches.set(id, jobs);
    if (lane.outstanding++ === 0) lane.worker.ref();
    lane.worker.postMessage({ id, keys, jobs: jobs.map(({ raw, sigs, candidates }) => ({ raw, sigs, candidates })) });
  }

  private spawn(): Lane {
    // No inherited -r loaders (swc): the worker is plain JavaScript.
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    const lane: Lane = { worker, sentKeys: new Set(), batches: new Map(), outstanding: 0 };
    worker.unref();
    worker.on('message', (msg: { id: number; from: number; results: Array<Array<string | null>>; done: boolean }) => {
      const jobs = lane.batches.get(msg.id);
      msg.results.forEach((signers, i) => jobs?.[msg.from + i].resolve(signers));
      if (msg.done) {
        lane.batches.delete(msg.id);
        if (--lane.outstanding === 0) worker.unref();
      }
    });
    // A worker that dies only costs speed: its jobs fall back to verification on the caller's thread.
    const lost = () => {
      const at = this.lanes.indexOf(lane);
      if (at >= 0) this.lanes.splice(at, 1);
      this.abandon(lane);
    };
    worker.on('error', () => {
      this.failures++;
      lost();
    });
    worker.on('exit', lost);
    return lane;
  }

  private abandon(lane: Lane): void {
    for (const jobs of lane.batches.values()) for (const job of jobs) job.resolve(job.sigs.map(() => null));
    lane.batches.clear();
    lane.outstanding = 0;
  }
}
