export interface HotWallet {
  id: string;
  /** base58 */
  address: string;
}

export interface Signature {
  txId: string;
  signatures: string[];
}

/** The wallet service, as the payout service uses it; swapped in specs. */
export abstract class WalletPort {
  /** The configured hot wallet, else the oldest active one; null when there is none. */
  abstract hotWallet(): Promise<HotWallet | null>;
  /** Every hot wallet the wallet service holds, archived ones too (they may have sent payouts). */
  abstract hotWallets(): Promise<HotWallet[]>;
  /** Every address of every wallet the wallet service holds (hot, cold, multisig, watch), base58. */
  abstract walletAddresses(): Promise<Set<string>>;
  /** `wallet.sign.v1` with purpose `payout` and the payout id as reference: the wallet checks it against `payout.get.v1`. */
  abstract sign(walletId: string, tx: { txId: string; rawDataHex: string }, payoutId: string): Promise<Signature>;
}
