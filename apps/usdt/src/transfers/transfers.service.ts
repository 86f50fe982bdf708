import { Injectable, Logger } from '@nestjs/common';
import type { StakeReply, TxView, UsdtTransferSendRequest, UsdtTransferView } from '@tronpay/models';
import { TransportRpcError } from '@tronpay/transport';
import { SignedTx, SignerRefInput, UsdtChain, UsdtWallets } from '../chain/usdt-chain';
import { parseContract, TokenRegistry } from '../tokens/token-registry.service';
import { UsdtError } from '../usdt.errors';
import { BuiltTransfer, TransferBuilder } from './transfer-builder.service';
import { checkResources, ResourceVerdict, SenderResources } from './transfer-resources';
import { TransfersMetrics } from './transfers.metrics';
import { TransferRow, TransfersRepository, transferView } from './transfers.repository';

/** A sender's resources as the chain has them right now. */
export function senderResources(s: StakeReply): SenderResources {
  const b = s.resources.bandwidth;
  const left = (limit: string, used: string) => (BigInt(limit) > BigInt(used) ? BigInt(limit) - BigInt(used) : 0n);
  return {
    activated: s.activated,
    balance: BigInt(s.balance),
    energyAvailable: BigInt(s.resources.energy.available),
    freeBandwidthAvailable: left(b.freeLimit, b.freeUsed),
    stakedBandwidthAvailable: left(b.stakedLimit, b.stakedUsed),
  };
}

/**
 * Executes transfers: build, check the sender can pay for it (never a transfer that would fail
 * for want of energy or bandwidth), sign under the wallet's policy, store the signed bytes,
 * broadcast through tron-client, and follow to the end. Idempotent by the caller's key.
 */
@Injectable()
export class TransfersService {
  private readonly logger = new Logger('Transfers');

  constructor(
    private readonly repository: TransfersRepository,
    private readonly builder: TransferBuilder,
    private readonly chain: UsdtChain,
    private readonly wallets: UsdtWallets,
    private readonly registry: TokenRegistry,
    private readonly metrics: TransfersMetrics,
  ) {}

  async send(request: UsdtTransferSendRequest): Promise<UsdtTransferView> {
    const signer = request.signer;
    if ((signer.walletId === undefined) === (signer.depositAddress === undefined)) {
      throw new UsdtError('invalid_request', 'signer: give exactly one of walletId and depositAddress');
    }
    const token = request.token === 'TRX' ? 'TRX' : (await this.registry.resolve(request.token)).contract;
    const to = parseContract(request.to, 'to').base58;
    const existing = await this.repository.byKey(request.key);
    const from = existing?.from_address ?? (await this.senderOf(signer));
    if (from === to) throw new UsdtError('invalid_request', 'to: a transfer to the sender moves nothing');
    const ref: SignerRefInput = signer.walletId ? { walletId: signer.walletId.toLowerCase() } : { depositAddress: from };
    const { row, created } = await this.repository.insert({
      key: request.key,
      token,
      from,
      signer: ref as Record<string, unknown>,
      to,
      amount: BigInt(request.amount),
      purpose: request.purpose,
      reference: request.reference,
      assumeNewHolder: request.assumeNewHolder ?? false,
      requestedFeeLimit: request.feeLimitSun === undefined ? null : BigInt(request.feeLimitSun),
      requestedBy: request.requestedBy,
    });
    if (!created) {
      const same = row.token === token && row.to_address === to && row.amount === BigInt(request.amount).toString() && row.purpose === request.purpose && row.from_address === from;
      if (!same) throw new UsdtError('idempotency_key_reused', `transfer ${request.key} exists with other terms`);
    }
    return this.progress(row);
  }

  /** The transfer under a key; an open one is looked up with tron-client first. */
  async get(key: string): Promise<UsdtTransferView> {
    const row = await this.repository.byKey(key);
    if (!row) throw new UsdtError('transfer_not_found', `no transfer ${key}`);
    if (row.status === 'broadcast') return transferView((await this.follow(row)) ?? row);
    return transferView(row);
  }

  private async senderOf(signer: SignerRefInput): Promise<string> {
    if (signer.depositAddress) return parseContract(signer.depositAddress, 'signer.depositAddress').base58;
    return (await this.wallets.get(signer.walletId as string)).address;
  }

  private async progress(row: TransferRow): Promise<UsdtTransferView> {
    if (row.status === 'building') return this.build(row);
    if (row.status === 'signed') return transferView(await this.broadcast(row));
    // Accepted already: tron-client re-sends it when needed; a caller asking again only looks.
    if (row.status === 'broadcast') return transferView((await this.follow(row)) ?? row);
    return transferView(row);
  }

  private async build(row: TransferRow): Promise<UsdtTransferView> {
    const amount = BigInt(row.amount);
    const [prices, sender] = await Promise.all([this.builder.prices(), this.chain.resources(row.from_address)]);
    const permissionId = await this.permissionOf(row.signer as SignerRefInput);
    let built: BuiltTransfer;
    let verdict: ResourceVerdict;
    let energy: number | null = null;
    let feeLimit: bigint | null = null;
    if (row.token === 'TRX') {
      const receiver = await this.chain.account(row.to_address);
      built = await this.builder.buildTrx({ from: row.from_address, to: row.to_address, amount, permissionId });
      verdict = checkResources({ kind: 'trx', sender: senderResources(sender), prices, bytes: built.bytes, amount, receiverActivated: receiver.activated });
    } else {
      const estimate = await this.builder.estimate({ from: row.from_address, to: row.to_address, amount, contract: row.token, assumeNewHolder: row.assume_new_holder });
      if (!estimate.ok) return this.refuse(row, 'would_revert', `the transfer would fail on chain: ${estimate.error ?? 'reverted'}`);
      energy = row.assume_new_holder ? estimate.energyIfNewHolder : estimate.energy;
      feeLimit = row.requested_fee_limit !== null ? BigInt(row.requested_fee_limit) : this.builder.feeLimitFor(energy, prices);
      built = await this.builder.buildTrc20({ from: row.from_address, to: row.to_address, amount, contract: row.token, feeLimit, permissionId });
      verdict = checkResources({ kind: 'trc20', sender: senderResources(sender), prices, bytes: built.bytes, energy: BigInt(energy), feeLimit });
    }
    if (!verdict.ok) return this.refuse(row, verdict.code, verdict.reason);

    const tx = built.transaction;
    let signatures: string[];
    try {
      const reply = await this.wallets.sign({
        signer: row.signer as SignerRefInput,
        transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
        purpose: row.purpose,
        reference: row.reference,
        requestedBy: 'usdt',
      });
      signatures = reply.signatures;
    } catch (e) {
      // The policy says no: this transfer will never be signed. Anything else (locked, away) is retried.
      if (e instanceof TransportRpcError && e.code === 'policy_refused') return this.refuse(row, 'policy_refused', e.message);
      throw e;
    }
    const stored = await this.repository.storeSigned(row.id, {
      txId: tx.txID,
      transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex, raw_data: tx.raw_data, signature: signatures },
      expiration: built.expiration,
      feeLimit,
      energy,
      bandwidth: built.bytes,
    });
    // Another call with this key stored its own bytes first: that transaction is the one.
    if (!stored) return this.progress((await this.repository.byKey(row.key)) as TransferRow);
    return transferView(await this.broadcast(stored));
  }

  private async refuse(row: TransferRow, code: string, reason: string): Promise<UsdtTransferView> {
    this.metrics.refuse(code);
    this.logger.warn(`transfer ${row.key} refused before broadcast: ${code}: ${reason}`);
    const refused = await this.repository.refuse(row.id, `${code}: ${reason}`);
    return transferView(refused ?? ((await this.repository.byKey(row.key)) as TransferRow));
  }

  /** A multisig wallet signs under its active permission (the wallet's default, 2). */
  private async permissionOf(signer: SignerRefInput): Promise<number | undefined> {
    if (!signer.walletId) return undefined;
    const wallet = await this.wallets.get(signer.walletId);
    return wallet.kind === 'multisig' ? 2 : undefined;
  }

  /** Sends the stored bytes (again): tron-client is idempotent by txID, so the chain can take them once. */
  async broadcast(row: TransferRow): Promise<TransferRow> {
    const reply = await this.chain.broadcast(row.transaction as unknown as SignedTx, `usdt:${row.key}`);
    return (await this.apply(row, reply)) ?? row;
  }

  /** Looks the transaction up with tron-client and records where it is. */
  async follow(row: TransferRow): Promise<TransferRow | undefined> {
    if (row.status === 'signed') return this.broadcast(row);
    return this.apply(row, await this.chain.tx(row.tx_id as string));
  }

  private async apply(row: TransferRow, tx: TxView): Promise<TransferRow | undefined> {
    const fields = { fee: tx.fee, resultCode: tx.resultCode, blockNumber: tx.blockNumber };
    let moved: TransferRow | undefined;
    switch (tx.status) {
      case 'pending':
      case 'broadcast':
        moved = row.status === 'signed' ? await this.repository.move(row.id, ['signed'], 'broadcast') : undefined;
        return moved ?? row;
      case 'confirmed':
        moved = await this.repository.move(row.id, ['signed', 'broadcast'], 'confirmed', fields);
        break;
      case 'failed':
        moved = await this.repository.move(row.id, ['signed', 'broadcast'], 'failed', { ...fields, failureReason: tx.reason ?? tx.resultCode ?? 'failed' });
        break;
      case 'expired':
        moved = await this.repository.move(row.id, ['signed', 'broadcast'], 'expired', { ...fields, failureReason: tx.reason ?? 'expired before any block held it' });
        break;
    }
    if (moved) this.metrics.finished.inc({ status: moved.status, token: moved.token === 'TRX' ? 'TRX' : 'TRC20' });
    return moved ?? (await this.repository.byKey(row.key));
  }
}
