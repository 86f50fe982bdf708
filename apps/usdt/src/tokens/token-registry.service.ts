import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import type { UsdtTokenAddRequest, UsdtTokenView } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { Address } from '@tronpay/tron';
import { UsdtChain } from '../chain/usdt-chain';
import { UsdtError } from '../usdt.errors';
import { decodeDecimals, decodeText, decodeUint, TokenMetadata } from './token-metadata';
import { TokenRow, TokensRepository } from './tokens.repository';

/** tron-client's registry takes symbols of this form. */
const SYMBOL = /^[A-Za-z0-9._-]{1,16}$/;
const SYNC_MS = 5_000;

export function parseContract(input: string, field = 'contract'): Address {
  const a = Address.tryParse(input);
  if (!a) throw new UsdtError('invalid_address', `${field} is not a valid TRON address (checksum?)`);
  return a;
}

function view(row: TokenRow, totalSupply: bigint | null = null): UsdtTokenView {
  return {
    contract: row.contract,
    name: row.name,
    symbol: row.symbol,
    decimals: row.decimals,
    canonical: row.canonical,
    registered: true,
    totalSupply: totalSupply === null ? null : totalSupply.toString(),
    addedAt: row.addedAt.toISOString(),
    addedBy: row.addedBy,
  };
}

/**
 * The operator-facing TRC20 registry: the network's canonical USDT from the start, plus tokens the
 * operator adds, each with its name, symbol and decimals read from the chain (and checked against
 * what the operator says). Every row is pushed to tron-client's registry, which credits only
 * those; a push that fails is retried until tron-client has it.
 */
@Injectable()
export class TokenRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TokenRegistry');
  private canonical: string | null;
  private tokens = new Map<string, TokenRow>();
  private timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  lastSyncError: string | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: TokensRepository,
    private readonly chain: UsdtChain,
  ) {
    this.canonical = config.network.usdtContract;
  }

  onApplicationBootstrap(): void {
    // tron-client may start after us: the canonical token is registered as soon as it answers.
    void this.sync();
    this.timer = setInterval(() => void this.sync(), SYNC_MS);
    this.timer.unref();
  }

  /** A sync in flight may wait on tron-client; it changes nothing worth waiting for (the next start syncs again). */
  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Registers the canonical USDT when it is not yet, pushes what tron-client lacks, reloads the rows. */
  sync(): Promise<void> {
    this.syncing ??= this.syncOnce()
      .then(() => {
        this.lastSyncError = null;
      })
      .catch((e: Error) => {
        if (this.lastSyncError !== e.message) this.logger.warn(`token registry sync: ${e.message}`);
        this.lastSyncError = e.message;
      })
      .finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const usdt = await this.canonicalUsdt();
    if (!(await this.repository.find(usdt))) {
      const meta = await this.metadata(usdt);
      if (meta.decimals !== 6) this.logger.error(`the canonical USDT ${usdt} says it has ${meta.decimals} decimals, not 6: check USDT_CONTRACT`);
      await this.repository.add({
        contract: usdt,
        name: meta.name ?? 'Tether USD',
        symbol: meta.symbol && SYMBOL.test(meta.symbol) ? meta.symbol : 'USDT',
        decimals: meta.decimals ?? 6,
        canonical: true,
        addedBy: 'usdt:network',
      });
    }
    for (const row of await this.repository.unpushed()) await this.push(row);
    await this.reload();
  }

  private async reload(): Promise<void> {
    this.tokens = new Map((await this.repository.all()).map((r) => [r.contract, r]));
  }

  private async push(row: TokenRow): Promise<void> {
    // tron-client knows the canonical USDT itself; the others it learns from here.
    if (!row.canonical) await this.chain.addToken({ contract: row.contract, symbol: row.symbol, decimals: row.decimals });
    await this.repository.markPushed(row.contract);
  }

  /** The canonical USDT (base58): from the configuration, else (the devnet deploys its own) from tron-client. */
  async canonicalUsdt(): Promise<string> {
    if (this.canonical) return this.canonical;
    const reply = await this.chain.listTokens();
    const usdt = reply.tokens.find((t) => t.canonical);
    if (!usdt) throw new UsdtError('usdt_unknown', 'The USDT contract of this network is not known yet');
    this.canonical = usdt.contract;
    return usdt.contract;
  }

  /** A registry token, or the canonical USDT when none is named; refused when not registered. */
  async resolve(contract?: string): Promise<TokenRow> {
    const c = contract ? parseContract(contract).base58 : await this.canonicalUsdt();
    let row = this.tokens.get(c);
    if (!row) {
      await this.sync();
      row = this.tokens.get(c) ?? (await this.repository.find(c)) ?? undefined;
    }
    if (!row) throw new UsdtError('token_not_registered', `${c} is not in the token registry`);
    return row;
  }

  async add(request: UsdtTokenAddRequest): Promise<UsdtTokenView> {
    const contract = parseContract(request.contract).base58;
    const known = await this.repository.find(contract);
    const meta = await this.metadata(contract);
    if (meta.decimals === null || meta.symbol === null) {
      throw new UsdtError('not_a_token', `${contract} does not answer decimals() and symbol() as a TRC20 token`);
    }
    const mismatch: string[] = [];
    if (request.symbol !== undefined && request.symbol !== meta.symbol) mismatch.push(`symbol: the chain says ${meta.symbol}, not ${request.symbol}`);
    if (request.decimals !== undefined && request.decimals !== meta.decimals) mismatch.push(`decimals: the chain says ${meta.decimals}, not ${request.decimals}`);
    if (mismatch.length) throw new UsdtError('token_metadata_mismatch', mismatch.join('; '), mismatch);
    if (!SYMBOL.test(meta.symbol)) throw new UsdtError('not_a_token', `${contract}'s symbol ${JSON.stringify(meta.symbol)} is not 1-16 of A-Z a-z 0-9 . _ -`);
    if (known) return view(known, meta.totalSupply);
    const { row } = await this.repository.add({
      contract,
      name: meta.name ?? meta.symbol,
      symbol: meta.symbol,
      decimals: meta.decimals,
      canonical: false,
      addedBy: request.requestedBy,
    });
    try {
      await this.push(row);
    } catch (e) {
      this.logger.warn(`${contract} is registered here; tron-client will be told on the next sync (${(e as Error).message})`);
    }
    await this.reload();
    return view(row, meta.totalSupply);
  }

  async list(): Promise<UsdtTokenView[]> {
    await this.reload();
    return [...this.tokens.values()].map((r) => view(r));
  }

  /** A token's metadata as the chain has it, registered or not. */
  async get(contract: string): Promise<UsdtTokenView> {
    const c = parseContract(contract).base58;
    const row = await this.repository.find(c);
    const meta = await this.metadata(c);
    if (row) return view(row, meta.totalSupply);
    const usdt = await this.canonicalUsdt().catch(() => null);
    return { contract: c, name: meta.name, symbol: meta.symbol, decimals: meta.decimals, canonical: c === usdt, registered: false, totalSupply: meta.totalSupply?.toString() ?? null, addedAt: null, addedBy: null };
  }

  /** name(), symbol(), decimals(), totalSupply() from the chain; a field the contract does not answer is null. */
  async metadata(contract: string): Promise<TokenMetadata> {
    const [name, symbol, decimals, totalSupply] = await Promise.all(
      ['name()', 'symbol()', 'decimals()', 'totalSupply()'].map((selector) => this.chain.call({ contract, selector })),
    );
    if (!decimals.exists) throw new UsdtError('token_not_found', `there is no contract at ${contract}`);
    const ok = (r: typeof name) => (r.ok ? r.result : '');
    return { name: decodeText(ok(name)), symbol: decodeText(ok(symbol)), decimals: decodeDecimals(ok(decimals)), totalSupply: decodeUint(ok(totalSupply)) };
  }

  /** The registry's rows, read again (another replica may have added one). */
  async rows(): Promise<TokenRow[]> {
    await this.reload();
    return [...this.tokens.values()];
  }

  /** The rows as last read (no database round trip). */
  registered(): TokenRow[] {
    return [...this.tokens.values()];
  }
}
