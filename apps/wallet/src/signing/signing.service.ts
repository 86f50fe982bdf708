import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig, WalletConfig } from '@tronpay/config';
import type { SignReply, SignRequest } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { accountFromPrivateKey, decodeRawData, DecodedRawData, hexToBase58, normalizeAddress, signDigest, txIdOf } from '@tronpay/tron';
import { AuditRepository } from '../audit/audit.repository';
import { VaultRepository } from '../vaults/vault.repository';
import { WalletError } from '../wallet.errors';
import { PayoutLookup } from './payout-lookup';
import { checkPolicy, PolicyContext } from './signing-policy';
import { ResolvedSigner, SignerResolver } from './signer.resolver';

export const WALLET_CONFIG = Symbol('WALLET_CONFIG');

@Injectable()
export class SigningService {
  private readonly logger = new Logger(SigningService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(WALLET_CONFIG) private readonly config: WalletConfig,
    private readonly signers: SignerResolver,
    private readonly payouts: PayoutLookup,
    private readonly vaults: VaultRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Signs only what the purpose and reference account for; every signature, refusal and failure is audited. */
  async sign(request: SignRequest): Promise<SignReply> {
    const txId = txIdOf(request.transaction.raw_data_hex);
    const base = { actor: request.requestedBy, action: 'sign', purpose: request.purpose, reference: request.reference, txId };
    this.logger.debug(`sign request ${request.purpose} ${txId} from ${request.requestedBy} (reference ${request.reference})`);
    const asked = { walletId: request.signer.walletId, address: request.signer.depositAddress };
    const refuse = async (reason: string, signer?: ResolvedSigner): Promise<never> => {
      this.logger.warn(`refused ${request.purpose} ${txId}: ${reason}`);
      const where = signer ? { walletId: signer.walletId, address: hexToBase58(signer.address) } : asked;
      await this.audit.append({ ...base, outcome: 'refused', reason, ...where });
      throw new WalletError('policy_refused', `Refused: ${reason}`);
    };
    // Errors that stop a signature (no such signer, a keyless wallet, locked, wrong KEK) are audited too, then passed on unchanged.
    const audited = async (outcome: 'refused' | 'failed', error: unknown, signer?: ResolvedSigner): Promise<never> => {
      const reason = error instanceof WalletError ? `${error.code}: ${error.message}` : 'internal error';
      this.logger.warn(`${outcome} ${request.purpose} ${txId}: ${reason}`);
      const where = signer ? { walletId: signer.walletId, address: hexToBase58(signer.address) } : asked;
      await this.audit.append({ ...base, outcome, reason, ...where });
      throw error;
    };
    if (txId !== request.transaction.txID.toLowerCase()) await refuse('txID is not the hash of raw_data_hex');

    const signer = await this.signers.resolve(request.signer).catch((e: unknown) => audited('refused', e));
    let decoded: DecodedRawData;
    try {
      decoded = decodeRawData(request.transaction.raw_data_hex);
    } catch (e) {
      return refuse(`undecodable transaction (${(e as Error).message})`, signer);
    }
    const verdict = checkPolicy(decoded, await this.policyContext(request, decoded, signer));
    if (!verdict.ok) return refuse(verdict.reason, signer);

    const signatures = await this.signWithKeys(signer, txId).catch((e: unknown) => audited('failed', e, signer));
    const address = hexToBase58(signer.keys[0].address);
    await this.audit.append({ ...base, outcome: 'ok', walletId: signer.walletId, address: hexToBase58(signer.address) });
    this.logger.debug(`signed ${request.purpose} ${txId} for ${hexToBase58(signer.address)} (${signatures.length} signatures)`);
    return { txId, signature: signatures[0], signer: address, signatures };
  }

  /** A multisig wallet signs with each member key held here until the permission's weight is reached. */
  private async signWithKeys(signer: ResolvedSigner, txId: string): Promise<string[]> {
    const signatures: string[] = [];
    let weight = 0;
    for (const key of signer.keys) {
      signatures.push(
        await this.signers.withPrivateKey(key, (privateKey) => {
          // The derived key must be the one on record: a mismatch means a corrupted record, never sign with it.
          if (accountFromPrivateKey(privateKey).address !== key.address) {
            throw new WalletError('key_integrity', 'Derived key does not match the address');
          }
          return signDigest(txId, privateKey);
        }),
      );
      weight += key.weight;
      if (weight >= (signer.threshold ?? 1)) break;
    }
    return signatures;
  }

  private async policyContext(request: SignRequest, decoded: DecodedRawData, signer: ResolvedSigner): Promise<PolicyContext> {
    const hotWallets = await this.vaults.db.selectFrom('wallets').select('address').where('kind', '=', 'hot').where('archived_at', 'is', null).execute();
    const sweepDestinations = [this.config.signing.treasury, ...hotWallets.map((w) => w.address)]
      .map((a) => normalizeAddress(a))
      .filter((a): a is string => a !== null);
    const receiver = normalizeAddress(decoded.rawData.contract[0].parameter.value['receiver_address']);
    const delegationReceivers = new Set<string>();
    if (request.purpose === 'delegate' && receiver && (await this.isOurs(receiver))) delegationReceivers.add(receiver);
    const topUpReceivers = new Set<string>();
    const to = normalizeAddress(decoded.rawData.contract[0].parameter.value['to_address']);
    if (request.purpose === 'fee' && to && (await this.isDepositAddress(to))) topUpReceivers.add(to.toLowerCase());
    return {
      purpose: request.purpose,
      signer: signer.address,
      permissionId: signer.permissionId,
      sweepDestinations,
      usdtContract: normalizeAddress(this.app.network.usdtContract),
      delegationReceivers,
      topUpReceivers,
      depositAddress: !signer.walletId,
      permissionKeys: request.purpose === 'permission' ? await this.permissionKeys(signer) : new Set(),
      feeLimitCeilingSun: this.config.signing.feeLimitCeilingSun,
      nowMs: Date.now(),
      maxExpirationMs: this.config.signing.maxExpirationMs,
      payout: request.purpose === 'payout' ? ((await this.payouts.find(request.reference)) ?? undefined) : undefined,
    };
  }

  /** Keys a permission update may name: our hot wallets' and this signer's, and a multisig wallet's recorded members. */
  private async permissionKeys(signer: ResolvedSigner): Promise<Set<string>> {
    const hot = await this.vaults.db.selectFrom('wallets').select('address').where('kind', '=', 'hot').where('archived_at', 'is', null).execute();
    const members = signer.permissionId !== undefined && signer.walletId ? await this.signers.members(signer.walletId) : [];
    return new Set(
      [...hot.map((w) => w.address), ...signer.keys.map((k) => k.address), ...members.map((m) => m.address)]
        .map((a) => normalizeAddress(a)?.toLowerCase())
        .filter((a): a is string => a !== undefined),
    );
  }

  private async isDepositAddress(hex: string): Promise<boolean> {
    const hit = await this.vaults.db.selectFrom('deposit_addresses').select('address').where('address', '=', hexToBase58(hex)).executeTakeFirst();
    return hit !== undefined;
  }

  private async isOurs(hex: string): Promise<boolean> {
    const base58 = hexToBase58(hex);
    const hit =
      (await this.vaults.db.selectFrom('deposit_addresses').select('address').where('address', '=', base58).executeTakeFirst()) ??
      (await this.vaults.db.selectFrom('wallets').select('address').where('address', 'in', [base58, hex]).where('archived_at', 'is', null).executeTakeFirst());
    return hit !== undefined;
  }
}
