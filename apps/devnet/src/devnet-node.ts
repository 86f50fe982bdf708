import { availableParallelism } from 'node:os';
import type { DevnetConfig } from '@tronpay/config';
import { SignatureVerifier, type TronAccount } from '@tronpay/tron';
import { AccountRepository } from './accounts/account-repository';
import { registerAccountRoutes } from './accounts/account.routes';
import { deriveAccount, deriveAccounts } from './accounts/genesis-accounts';
import { GlobalWeights } from './accounts/global-weights';
import { ResourceCalculator } from './accounts/resource-calculator';
import { TransferActuator } from './accounts/transfer.actuator';
import { registerAdminRoutes } from './admin/admin.routes';
import { AdminService } from './admin/admin.service';
import { SUN_PER_TRX } from './chain/chain-parameters';
import { registerChainRoutes } from './chain/chain.routes';
import { Chain } from './chain/chain.service';
import { StateStore } from './chain/state-store';
import { Router } from './http/router';
import { MultisenderMachine } from './multisender/multisender-machine';
import { MultisenderRepository } from './multisender/multisender.repository';
import { registerStakingRoutes } from './staking/staking.routes';
import { registerStakingActuators, StakingModule } from './staking/staking.module';
import { AssetIssueActuator } from './trc10/asset-issue.actuator';
import { TransferAssetActuator } from './trc10/transfer-asset.actuator';
import { Trc10Repository } from './trc10/trc10.repository';
import { registerTrc10Routes } from './trc10/trc10.routes';
import { Trc10Service } from './trc10/trc10.service';
import { BuiltinContracts } from './trc20/builtin-contracts';
import { Trc20Machine } from './trc20/trc20-machine';
import { Trc20Repository } from './trc20/trc20.repository';
import { registerTrc20Routes } from './trc20/trc20.routes';
import { Trc20Service } from './trc20/trc20.service';
import { TriggerSmartContractActuator } from './trc20/trigger-smart-contract.actuator';
import { BandwidthProcessor } from './tx/bandwidth-processor';
import { SignatureChecker } from './tx/signature-checker';
import { SignaturePool } from './tx/signature-pool';
import { TransactionBuilder } from './tx/transaction-builder';
import { TransactionProcessor } from './tx/transaction-processor';

export const WITNESS_COUNT = 27;

export interface DevnetNodeOptions {
  /** Worker threads checking broadcast signatures; default one per core but the event loop's (1 to 4); 0 = none. */
  signatureWorkers?: number;
}
const FAUCET_TRX = 1_000_000_000n;

/** The whole emulated node, wired by hand (no DI container on the hot path). */
export class DevnetNode {
  readonly state = new StateStore();
  readonly accounts = new AccountRepository(this.state);
  readonly weights = new GlobalWeights(this.state);
  readonly resources = new ResourceCalculator(this.weights);
  readonly verifier = new SignatureVerifier();
  readonly signaturePool: SignaturePool;
  readonly witnesses: TronAccount[];
  readonly prefunded: TronAccount[];
  /** Pays `/admin/fund` with real, signed transfers so that scanners see funding like any deposit. */
  readonly faucet: TronAccount;
  readonly chain: Chain;
  readonly tokens = new Trc20Repository(this.state);
  readonly trc20: Trc20Service;
  readonly machine = new Trc20Machine(this.tokens);
  readonly multisenders: MultisenderRepository;
  readonly contracts: BuiltinContracts;
  readonly trc10: Trc10Service;
  readonly processor: TransactionProcessor;
  readonly builder: TransactionBuilder;
  readonly staking: StakingModule;
  readonly admin: AdminService;
  readonly router = new Router();
  readonly usdt: string;

  constructor(
    readonly config: DevnetConfig,
    options: DevnetNodeOptions = {},
  ) {
    const workers = options.signatureWorkers ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    this.signaturePool = new SignaturePool(workers, (address) => this.verifier.publicKey(address));
    this.witnesses = deriveAccounts(config.seed, 'witness', WITNESS_COUNT);
    this.prefunded = deriveAccounts(config.seed, 'account', config.accounts);
    this.faucet = deriveAccount(config.seed, 'faucet', 0);
    for (const a of [...this.witnesses, ...this.prefunded, this.faucet]) this.verifier.remember(a.address, a.publicKey);

    this.chain = new Chain(this.state, this.witnesses, config.solidLag, config.blockMs > 0 ? config.blockMs : undefined);
    const signatures = new SignatureChecker(this.accounts, this.verifier);
    this.processor = new TransactionProcessor(this.chain, this.accounts, signatures, new BandwidthProcessor(this.resources), this.signaturePool);
    this.builder = new TransactionBuilder(this.chain, this.processor);
    this.trc20 = new Trc20Service(config.seed, this.tokens, this.accounts);
    this.multisenders = new MultisenderRepository(this.state, config.seed);
    this.contracts = new BuiltinContracts(this.tokens, this.machine, this.multisenders, new MultisenderMachine(this.tokens));
    this.trc10 = new Trc10Service(new Trc10Repository(this.state), this.accounts);
    this.staking = new StakingModule(this.state, this.chain, this.accounts, this.resources, this.weights, this.witnesses, config);

    this.processor.register('TransferContract', new TransferActuator(this.accounts));
    this.processor.register(
      'TriggerSmartContract',
      new TriggerSmartContractActuator(this.accounts, this.resources, this.contracts),
    );
    this.processor.register('AssetIssueContract', new AssetIssueActuator(this.accounts, this.trc10));
    this.processor.register('TransferAssetContract', new TransferAssetActuator(this.accounts, this.trc10));
    registerStakingActuators(this.processor, this.staking);

    this.usdt = this.genesis();
    // tronweb reads the head's number for TaPoS and java-tron omits a zero number, so a head
    // at genesis would break every client: block 1 is produced at once (not when replaying).
    if (!config.replayFile) this.chain.mine(1);
    this.admin = new AdminService(this);

    registerChainRoutes(this.router, this.chain, this.processor);
    registerAccountRoutes(this.router, this);
    registerTrc20Routes(this.router, this);
    registerTrc10Routes(this.router, this.trc10.assets, this.builder);
    registerStakingRoutes(this.router, this.staking, this.builder);
    registerAdminRoutes(this.router, this.admin);
    this.router.add('/health/live', () => ({ status: 'ok' }));
    this.router.add('/health/ready', () => ({ status: 'ok' }));
  }

  /** Genesis state: witnesses, pre-funded accounts, the faucet and the canonical USDT. Returns USDT's address. */
  private genesis(): string {
    const genesis = (address: string, balance: bigint) => {
      const account = this.accounts.create(address, 0);
      account.balance = balance;
      this.accounts.createGenesis(account);
    };
    for (const w of this.witnesses) genesis(w.address, 0n);
    for (const a of this.prefunded) genesis(a.address, BigInt(this.config.accountTrx) * SUN_PER_TRX);
    genesis(this.faucet.address, FAUCET_TRX * SUN_PER_TRX);
    this.staking.genesis();

    const perAccount = BigInt(this.config.accountUsdt) * 1_000_000n;
    const treasury = 10_000_000_000n * 1_000_000n;
    const usdt = this.trc20.create(
      { name: 'Tether USD', symbol: 'USDT', decimals: 6, supply: treasury + perAccount * BigInt(this.prefunded.length), owner: this.faucet.address },
      0,
      true,
    );
    for (const a of this.prefunded) this.tokens.setBalance(usdt.address, a.address, perAccount);
    this.tokens.setBalance(usdt.address, this.faucet.address, treasury);
    this.chain.createGenesis();
    // Genesis writes are part of block 0 and visible to both views.
    this.state.seal(0);
    this.state.solidify(0);
    return usdt.address;
  }

  mine(blocks = 1, advanceMs = 0) {
    return this.chain.mine(blocks, advanceMs);
  }

  /** Stops the signature workers. */
  close(): Promise<void> {
    return this.signaturePool.close();
  }
}
