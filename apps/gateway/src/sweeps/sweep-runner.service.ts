import { Inject, Injectable, Logger } from '@nestjs/common';
import { Address } from '@tronpay/tron';
import { TransportRpcError } from '@tronpay/transport';
import { SWEEP_CONFIG, SweepSettings } from './sweep.settings';
import { SweepServices } from './sweep-clients';
import { HotWallet, LegPlan, splitLegs, trxLegs } from './sweep-plan';
import { SweepRow, SweepsRepository } from './sweeps.repository';
import { SweepsMetrics, tokenLabel } from './sweeps.metrics';

type Outcome = { waitMs: number } | { again: true };
const AGAIN: Outcome = { again: true };
const MAX_STEPS = 20;

const param = (p: Record<string, number>, key: string, fallback: bigint) => (typeof p[key] === 'number' && p[key] >= 0 ? BigInt(p[key]) : fallback);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * One sweep's state machine, run by a queue job until it must wait:
 *   planned   -> the amount (the solidified balance) and the legs are fixed, once;
 *   preparing -> (TRC20) an energy lease for the legs, `waiting` while the energy manager says so;
 *   sending   -> each leg a usdt transfer, idempotent by `sweep:<id>:<leg>:<attempt>`, followed to its end;
 *   releasing -> the lease handed back (the energy manager reclaims the delegation);
 *   completed | failed | skipped.
 * Every external step is idempotent by a key stored here first, so a crash anywhere resumes where
 * it was: the same transfer key answers the same stored transaction, never a second sweep.
 */
@Injectable()
export class SweepRunner {
  private readonly logger = new Logger('Sweeps');
  private hot?: { address: string } | null;

  constructor(
    @Inject(SWEEP_CONFIG) private readonly settings: SweepSettings,
    private readonly repository: SweepsRepository,
    private readonly services: SweepServices,
    private readonly metrics: SweepsMetrics,
  ) {}

  /** How long a job holds its sweep; past it, the relay takes the job for lost. */
  get leaseMs(): number {
    return Math.max(10_000, 5 * this.settings.pollMs);
  }

  /** Runs the sweep until it has to wait; the delay before its next run, or null when it is over. */
  async run(id: string): Promise<number | null> {
    let sweep = await this.repository.begin(id, this.leaseMs);
    for (let i = 0; sweep && i < MAX_STEPS; i++) {
      let outcome: Outcome;
      try {
        outcome = await this.step(sweep);
      } catch (e) {
        // A service away or slow: nothing was decided, the next run asks again.
        const code = e instanceof TransportRpcError ? e.code : 'error';
        this.logger.warn(`sweep ${id} (${sweep.status}): ${code}: ${(e as Error).message}`);
        return this.settings.retryMs;
      }
      if ('waitMs' in outcome) return outcome.waitMs;
      sweep = await this.repository.byId(id);
      if (!sweep || !['planned', 'preparing', 'waiting', 'sending', 'releasing'].includes(sweep.status)) return null;
    }
    return sweep ? this.settings.pollMs : null;
  }

  private step(sweep: SweepRow): Promise<Outcome> {
    switch (sweep.status) {
      case 'planned':
        return this.plan(sweep);
      case 'preparing':
      case 'waiting':
        return this.energy(sweep);
      case 'sending':
        return this.send(sweep);
      case 'releasing':
        return this.release(sweep);
      default:
        return Promise.resolve({ waitMs: this.settings.pollMs });
    }
  }

  private async hotWallet(): Promise<{ address: string } | null> {
    if (this.hot !== undefined) return this.hot;
    this.hot = this.settings.hotWalletId ? { address: (await this.services.wallet(this.settings.hotWalletId)).address } : null;
    return this.hot;
  }

  private cold(): string {
    const a = Address.tryParse(this.settings.coldAddress);
    if (!a) throw new Error('WALLET_TREASURY_ADDRESS is not a TRON address');
    return a.base58;
  }

  /** Fixes what moves where: never more than the solidified balance (a reorg cannot take it back), nor than the head shows. */
  private async plan(sweep: SweepRow): Promise<Outcome> {
    const cold = this.cold();
    const hotAddress = (await this.hotWallet())?.address ?? null;
    let legs: LegPlan[];
    if (sweep.token === 'TRX') {
      const [solid, head, params] = await Promise.all([this.services.account(sweep.address, 'solid'), this.services.account(sweep.address, 'head'), this.services.chainParameters()]);
      const balance = min(BigInt(solid.balance), BigInt(head.balance));
      const hot: HotWallet | null = hotAddress && this.settings.hotCap.trx > 0n ? { address: hotAddress, balance: BigInt((await this.services.account(hotAddress)).balance), cap: this.settings.hotCap.trx } : null;
      const destinations = [cold, ...(hot ? [hot.address] : [])];
      const activated = new Set<string>();
      for (const d of destinations) if ((await this.services.account(d)).activated) activated.add(d);
      const bw = head.resources.bandwidth;
      const p = params.parameters;
      legs = trxLegs(balance, cold, hot, this.settings.threshold.trx, {
        freeBandwidth: BigInt(bw.freeLimit) - BigInt(bw.freeUsed),
        stakedBandwidth: BigInt(bw.stakedLimit) - BigInt(bw.stakedUsed),
        bytePrice: param(p, 'getTransactionFee', 1_000n),
        createAccountFee: param(p, 'getCreateNewAccountFeeInSystemContract', 1_000_000n) + param(p, 'getCreateAccountFee', 100_000n),
        activated,
      });
      if (!legs.length) return this.skip(sweep, `nothing worth moving: ${balance} SUN would not pay for its own transfer`);
    } else {
      const [solid, head] = await Promise.all([this.services.tokenBalance(sweep.address, sweep.token, 'solid'), this.services.tokenBalance(sweep.address, sweep.token, 'head')]);
      const amount = min(BigInt(solid.balance), BigInt(head.balance));
      if (amount === 0n) return this.skip(sweep, 'nothing to sweep: the balance is 0 (an earlier sweep took these deposits)');
      const hot = hotAddress && this.settings.hotCap.usdt > 0n ? { address: hotAddress, balance: BigInt((await this.services.tokenBalance(hotAddress, sweep.token)).balance), cap: this.settings.hotCap.usdt } : null;
      legs = splitLegs(amount, cold, hot, this.settings.threshold.usdt);
    }
    const amount = legs.reduce((s, l) => s + l.amount, 0n);
    await this.repository.fixLegs(sweep.id, amount, legs, sweep.token === 'TRX' ? 'sending' : 'preparing');
    return AGAIN;
  }

  private async skip(sweep: SweepRow, reason: string): Promise<Outcome> {
    await this.repository.update(sweep.id, { status: 'skipped', amount: '0', reason, completed_at: new Date() });
    this.metrics.finished.inc({ status: 'skipped', token: tokenLabel(sweep.token) });
    return AGAIN;
  }

  /** The energy (and bandwidth, activation) its legs need, from the energy manager. */
  private async energy(sweep: SweepRow): Promise<Outcome> {
    const key = `sweep:${sweep.id}:${sweep.round}`;
    const legs = (await this.repository.legs(sweep.id)).filter((l) => l.status !== 'confirmed');
    let energy = 0;
    let bandwidth = 0;
    // Once the lease exists its key is enough: the figures of the first ask are the lease's.
    for (const leg of sweep.lease_key === key ? [] : legs) {
      const e = await this.services.estimate({ from: sweep.address, to: leg.to_address, amount: leg.amount, contract: sweep.token });
      if (!e.ok) return this.fail(sweep, `the transfer to ${leg.to_address} would fail on chain: ${e.error ?? 'reverted'}`);
      // A hot wallet may be emptied by payouts before the sweep runs: priced as a new holder.
      energy += leg.destination === 'hot' ? e.energyIfNewHolder : e.energy;
      bandwidth += e.bandwidth;
    }
    const lease = await this.services.acquire({ key, address: sweep.address, energy, bandwidth });
    switch (lease.status) {
      case 'ready':
        await this.repository.update(sweep.id, { status: 'sending', lease_key: key, reason: null });
        return AGAIN;
      case 'preparing':
        await this.repository.update(sweep.id, { status: 'preparing', lease_key: key, reason: null });
        return { waitMs: this.settings.pollMs };
      case 'waiting': {
        const reason = (lease.reason ?? 'waiting').split(':')[0];
        if (sweep.status !== 'waiting' || sweep.reason !== `energy: ${lease.reason}`) this.metrics.waits.inc({ reason });
        await this.repository.update(sweep.id, { status: 'waiting', lease_key: key, reason: `energy: ${lease.reason}` });
        this.logger.warn(`sweep ${sweep.id} waits: ${lease.reason}`);
        return { waitMs: this.settings.retryMs };
      }
      default:
        // The lease failed, or was reclaimed before we used it: a new one next time.
        this.metrics.waits.inc({ reason: 'lease_ended' });
        await this.repository.update(sweep.id, { status: 'waiting', round: sweep.round + 1, reason: `energy lease ${lease.status}: ${lease.reason ?? ''}`.trim() });
        return { waitMs: this.settings.retryMs };
    }
  }

  private async send(sweep: SweepRow): Promise<Outcome> {
    const legs = await this.repository.legs(sweep.id);
    for (const leg of legs) {
      if (leg.status === 'confirmed') continue;
      const t = await this.services.send({
        key: `sweep:${sweep.id}:${leg.idx}:${leg.attempt}`,
        token: sweep.token,
        from: sweep.address,
        to: leg.to_address,
        amount: leg.amount,
        reference: `sweep:${sweep.id}`,
        assumeNewHolder: sweep.token !== 'TRX' && leg.destination === 'hot',
      });
      switch (t.status) {
        case 'building':
        case 'signed':
        case 'broadcast':
          await this.repository.updateLeg(sweep.id, leg.idx, { status: 'sending', tx_id: t.txId });
          return { waitMs: this.settings.pollMs };
        case 'confirmed':
          await this.repository.updateLeg(sweep.id, leg.idx, { status: 'confirmed', tx_id: t.txId, fee: t.fee ?? '0' });
          continue;
        case 'expired':
          // No block took it and none can now: the same leg as a new transfer.
          await this.repository.updateLeg(sweep.id, leg.idx, { status: 'pending', attempt: leg.attempt + 1, tx_id: null, failure_reason: t.failureReason });
          return AGAIN;
        case 'refused': {
          const why = t.failureReason ?? 'refused';
          if (sweep.token !== 'TRX' && /^(insufficient_energy|insufficient_bandwidth|sender_not_activated)/.test(why)) {
            // The energy it was given is gone (reclaimed, used): ask for a lease again, nothing was sent.
            await this.repository.updateLeg(sweep.id, leg.idx, { status: 'pending', attempt: leg.attempt + 1, failure_reason: why });
            await this.repository.update(sweep.id, { status: 'preparing', round: sweep.round + 1, reason: why });
            return AGAIN;
          }
          await this.repository.updateLeg(sweep.id, leg.idx, { status: 'failed', failure_reason: why });
          return this.fail(sweep, `not sent: ${why}`);
        }
        case 'failed':
          await this.repository.updateLeg(sweep.id, leg.idx, { status: 'failed', tx_id: t.txId, fee: t.fee, failure_reason: t.failureReason });
          return this.fail(sweep, `transfer ${t.txId} failed on chain: ${t.failureReason ?? t.resultCode ?? 'failed'}`);
      }
    }
    const fee = legs.reduce((s, l) => s + BigInt(l.fee ?? 0), 0n);
    await this.repository.update(sweep.id, { status: 'releasing', fee: fee.toString() });
    return AGAIN;
  }

  /** Ends it, handing back every lease it had (the energy manager takes the delegations back). */
  private async fail(sweep: SweepRow, reason: string): Promise<Outcome> {
    this.logger.warn(`sweep ${sweep.id} failed: ${reason}`);
    await this.repository.update(sweep.id, { status: 'releasing', reason: `failed: ${reason}` });
    return AGAIN;
  }

  private async release(sweep: SweepRow): Promise<Outcome> {
    if (sweep.token !== 'TRX') {
      for (let round = 0; round <= sweep.round; round++) {
        try {
          await this.services.release(`sweep:${sweep.id}:${round}`);
        } catch (e) {
          if (!(e instanceof TransportRpcError && e.code === 'lease_not_found')) throw e;
        }
      }
    }
    const failed = sweep.reason?.startsWith('failed:') ?? false;
    const legs = await this.repository.legs(sweep.id);
    const fee = legs.reduce((s, l) => s + BigInt(l.fee ?? 0), 0n);
    await this.repository.update(sweep.id, { status: failed ? 'failed' : 'completed', fee: fee.toString(), completed_at: new Date() });
    const token = tokenLabel(sweep.token);
    this.metrics.finished.inc({ status: failed ? 'failed' : 'completed', token });
    if (!failed) {
      this.metrics.moved.inc({ token }, Number(sweep.amount ?? 0));
      this.metrics.feeSun.inc({ token }, Number(fee));
      this.logger.log(`swept ${sweep.amount} ${token} base units from ${sweep.address} (${legs.length} transfer(s), ${fee} SUN burned)`);
    }
    return AGAIN;
  }
}
