import { Inject, Injectable } from '@nestjs/common';
import { Chain } from '../chain/chain.port';
import { DependencyError } from '../chain/dependency.errors';
import { WalletPort } from '../chain/wallet.port';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { PayoutError } from '../payout.errors';

export interface DestinationFacts {
  /** One of the system's own addresses: a deposit address, a wallet, the hot wallet, an operator-blocked address. */
  own: boolean;
  /** A smart contract lives there (asked of the chain). */
  contract: boolean;
}

const CONTRACT_CHECKS_AT_ONCE = 16;

async function eachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  });
  await Promise.all(workers);
}

/** What the chain, tron-client and the wallet say about destinations, asked once per distinct address. */
@Injectable()
export class DestinationChecks {
  constructor(
    private readonly chain: Chain,
    private readonly wallet: WalletPort,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  async facts(destinations: string[]): Promise<Map<string, DestinationFacts>> {
    const unique = [...new Set(destinations)];
    try {
      const [watched, wallets, hot] = await Promise.all([this.chain.watched(unique), this.wallet.walletAddresses(), this.wallet.hotWallet()]);
      const out = new Map<string, DestinationFacts>();
      const own = (d: string) => watched.has(d) || wallets.has(d) || this.settings.blocked.has(d) || hot?.address === d;
      await eachLimited(unique, CONTRACT_CHECKS_AT_ONCE, async (d) => {
        out.set(d, { own: own(d), contract: own(d) ? false : await this.chain.isContract(d) });
      });
      return out;
    } catch (e) {
      if (e instanceof DependencyError) {
        throw new PayoutError(e.service === 'wallet' ? 'wallet_unavailable' : 'tron_client_unavailable', `The destination checks need the ${e.service} service, which did not answer; retry shortly`);
      }
      throw e;
    }
  }
}
