import { Injectable } from '@nestjs/common';
import type { CombineSignaturesReply, CombineSignaturesRequest } from '@tronpay/models';
import { recoverSigner, txIdOf } from '@tronpay/tron';
import { AuditRepository } from '../audit/audit.repository';
import { WalletError } from '../wallet.errors';
import { SignerResolver } from './signer.resolver';

/**
 * Gathers a transaction's signatures from wherever they come (our `wallet.sign.v1`, a hardware
 * wallet, a co-signer): each must recover to a member of the wallet's permission, one per
 * member, and their weights are added up against the threshold.
 */
@Injectable()
export class MultisigService {
  constructor(
    private readonly signers: SignerResolver,
    private readonly audit: AuditRepository,
  ) {}

  async combine(request: CombineSignaturesRequest): Promise<CombineSignaturesReply> {
    const txId = txIdOf(request.transaction.raw_data_hex);
    if (txId !== request.transaction.txID.toLowerCase()) throw new WalletError('policy_refused', 'txID is not the hash of raw_data_hex');
    const { threshold, members } = await this.permissionOf(request.walletId);
    const seen = new Set<string>();
    const signatures: string[] = [];
    const rejected: CombineSignaturesReply['rejected'] = [];
    let weight = 0;
    for (const signature of request.signatures) {
      const signer = recoverSigner(txId, signature);
      if (!signer || !members.has(signer)) rejected.push({ signature, reason: 'not signed by a member of the permission' });
      else if (seen.has(signer)) rejected.push({ signature, reason: 'member already signed' });
      else {
        seen.add(signer);
        signatures.push(signature.toLowerCase());
        weight += members.get(signer) ?? 0;
      }
    }
    const complete = weight >= threshold;
    await this.audit.append({
      actor: request.requestedBy,
      action: 'multisig.combine',
      outcome: 'ok',
      walletId: request.walletId,
      txId,
      reason: `${signatures.length} signatures, weight ${weight}/${threshold}${rejected.length ? `, ${rejected.length} rejected` : ''}`,
    });
    return { txId, signatures, weight, threshold, complete, rejected };
  }

  /** A multisig wallet's members; a hardware wallet is a permission of one key (its own address). */
  private async permissionOf(walletId: string): Promise<{ threshold: number; members: Map<string, number> }> {
    const wallet = await this.signers.walletKind(walletId);
    if (wallet.kind === 'hardware') return { threshold: 1, members: new Map([[wallet.address, 1]]) };
    if (wallet.kind !== 'multisig') throw new WalletError('policy_refused', 'Only multisig and hardware wallets take outside signatures');
    const members = await this.signers.members(walletId);
    return { threshold: wallet.threshold ?? 1, members: new Map(members.map((m) => [m.address, m.weight])) };
  }
}
