import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import type { BroadcastOutcome, TxBroadcastReply, TxBroadcastRequest, TxEvent, TxFinalStatus, TxView } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { decodeTransaction, encodeSignedTransaction, hexToBase58, transactionSigners } from '@tronpay/tron';
import { NodePool } from '../nodes/node-pool.service';
import { classifyBroadcastAnswer } from './broadcast-answer';
import { BroadcastRepository, BroadcastRow, Finish, toView } from './broadcast.repository';
import { BroadcasterError } from './broadcaster.errors';
import { BroadcasterMetrics } from './broadcaster.metrics';
import { BROADCASTER_OPTIONS, BroadcasterOptions, resendDelayMs } from './broadcaster.options';

interface VerifiedTransaction {
  txId: string;
  rawDataHex: string;
  signatures: string[];
  contractType: string;
  owner: string;
  expiration: Date;
}

/**
 * Stores signed transactions, then sends them through the node pool; every send (the caller's and
 * the follower's) goes through `send`, which sends the stored bytes and records what the node said.
 */
@Injectable()
export class BroadcasterService {
  private readonly logger = new Logger('Broadcaster');
  readonly counts = { accepted: 0, duplicate: 0, transient_error: 0, node_unreachable: 0, rejected: 0, confirmed: 0, failed: 0, expired: 0 };
  /** Called after a final state committed (the follower publishes the outbox). */
  onFinished?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BROADCASTER_OPTIONS) private readonly options: BroadcasterOptions,
    private readonly pool: NodePool,
    private readonly repository: BroadcastRepository,
    private readonly metrics: BroadcasterMetrics,
  ) {}

  async broadcast(request: TxBroadcastRequest): Promise<TxBroadcastReply> {
    const tx = verify(request.transaction);
    // The bytes are stored before anything is sent: a crash after this line leaves them to the follower.
    await this.repository.insert({
      ...tx,
      reference: request.reference ?? null,
      requestedBy: request.requestedBy,
      leaseMs: this.options.claimLeaseMs,
    });
    const row = await this.repository.find(tx.txId);
    if (!row) throw new Error(`broadcast ${tx.txId} vanished after insert`);
    if (row.status !== 'pending' && row.status !== 'broadcast') return { ...toView(row), outcome: 'final' };
    // Stored and still open (this call's insert, or an earlier call's): send the stored bytes now.
    const outcome = await this.send(row);
    return { ...toView((await this.repository.find(tx.txId)) ?? row), outcome };
  }

  async get(txId: string): Promise<TxView> {
    const row = await this.repository.find(txId);
    if (!row) throw new BroadcasterError('tx_not_found', `no transaction ${txId.toLowerCase()} was handed to the broadcaster`);
    return toView(row);
  }

  /**
   * Sends the stored bytes once (`/wallet/broadcasthex` through the pool) and records the answer:
   * accepted or DUP -> `broadcast`; a transient refusal or no answer -> stays open, sent again after
   * a backoff; a permanent refusal -> `failed`, unless an earlier send may have reached a node (then
   * the chain decides: the follower ends it confirmed, failed or expired).
   */
  async send(row: BroadcastRow): Promise<BroadcastOutcome> {
    const attempt = await this.repository.startAttempt(row.tx_id);
    if (attempt === null) return 'final';
    const hex = encodeSignedTransaction(row.raw_data_hex, row.signatures).toString('hex');
    let answer;
    try {
      answer = classifyBroadcastAnswer(await this.pool.call('/wallet/broadcasthex', { transaction: hex }));
    } catch (e) {
      // No usable answer (timeouts, refused connections, 5xx): a node may have taken it all the same.
      this.count('node_unreachable');
      await this.repository.markRetry(row.tx_id, `no node answered: ${(e as Error).message}`, resendDelayMs(this.options, attempt), true);
      return 'retrying';
    }
    switch (answer.kind) {
      case 'accepted':
      case 'duplicate':
        this.count(answer.kind);
        await this.repository.markAccepted(row.tx_id, this.options.checkIntervalMs);
        return answer.kind;
      case 'transient':
        this.count('transient_error');
        await this.repository.markRetry(row.tx_id, describe(answer.code, answer.message), resendDelayMs(this.options, attempt), false);
        return 'retrying';
      case 'rejected': {
        this.count('rejected');
        const reason = describe(answer.code, answer.message);
        const failed = await this.finish(
          row.tx_id,
          { status: 'failed', reason, resultCode: answer.code, blockNumber: null, fee: null },
          { attempt },
        );
        if (failed) return 'rejected';
        // An earlier send may be on its way into a block: keep following, the chain decides.
        await this.repository.markRetry(row.tx_id, reason, resendDelayMs(this.options, attempt), false);
        return 'retrying';
      }
    }
  }

  /** Final state plus its event, once; true when this call made the change. */
  async finish(txId: string, f: Finish, onlyIfFirstSend?: { attempt: number }): Promise<boolean> {
    const row = await this.repository.finish(txId, f, (r) => this.eventOf(r, f.status), onlyIfFirstSend);
    if (!row) return false;
    this.counts[f.status] += 1;
    this.metrics.finished.inc({ status: f.status });
    if (f.status !== 'confirmed') this.logger.warn(`tx ${txId} ${f.status}: ${f.reason ?? ''}`);
    this.onFinished?.();
    return true;
  }

  private eventOf(row: BroadcastRow, status: TxFinalStatus): TxEvent {
    return {
      eventId: `tx.${status}:${row.tx_id}`,
      txId: row.tx_id,
      status,
      reference: row.reference,
      requestedBy: row.requested_by,
      blockNumber: row.block_number === null ? null : Number(row.block_number),
      reason: row.reason,
      resultCode: row.result_code,
      fee: row.fee,
      expiration: row.expiration.toISOString(),
      network: this.config.network.name,
      occurredAt: (row.finished_at ?? new Date()).toISOString(),
    };
  }

  private count(outcome: 'accepted' | 'duplicate' | 'transient_error' | 'node_unreachable' | 'rejected'): void {
    this.counts[outcome] += 1;
    this.metrics.sends.inc({ outcome });
  }
}

function describe(code: string, message: string): string {
  return message ? `${code}: ${message}` : code;
}

/** txID = sha256(raw_data_hex), one contract, an expiration, and every signature recovers to a signer. */
function verify(t: { txID: string; raw_data_hex: string; signature: string[] }): VerifiedTransaction {
  const rawDataHex = t.raw_data_hex.toLowerCase();
  const txId = t.txID.toLowerCase();
  const signatures = t.signature.map((s) => s.toLowerCase());
  let decoded;
  try {
    decoded = decodeTransaction({ txID: txId, raw_data_hex: rawDataHex });
  } catch (e) {
    throw new BroadcasterError('invalid_transaction', (e as Error).message);
  }
  if (decoded.contractCount !== 1) throw new BroadcasterError('invalid_transaction', `a transaction holds exactly one contract, this one ${decoded.contractCount}`);
  const expiration = decoded.rawData.expiration;
  if (!expiration) throw new BroadcasterError('invalid_transaction', 'raw_data has no expiration');
  const signers = transactionSigners({ txID: txId, raw_data_hex: rawDataHex, signature: signatures });
  const bad = signers.flatMap((s, i) => (s === null ? [i] : []));
  if (bad.length) throw new BroadcasterError('invalid_signature', `signature ${bad.join(', ')} does not recover to a signer of ${txId}`, { invalid: bad });
  const ownerHex = decoded.rawData.contract[0].parameter.value.owner_address;
  return {
    txId,
    rawDataHex,
    signatures,
    contractType: decoded.contractType,
    owner: typeof ownerHex === 'string' && /^41[0-9a-f]{40}$/i.test(ownerHex) ? hexToBase58(ownerHex.toLowerCase()) : '',
    expiration: new Date(expiration),
  };
}
