export { inboxMigration } from './db/migration';
export type { MigrationSet } from './db/migration';
export { migrationsFor } from './db/service-migrations';
export type { BaseSchema, InboxTable } from './db/tables';
export { tronClientMigrations } from './db/tron-client/tron-client.migrations';
export type {
  DepositStatus,
  DepositTable,
  OutboxTable,
  ScanCursorTable,
  ScannedBlockTable,
  TokenTable,
  TronClientSchema,
  WatchedAddressTable,
  WatchKind,
} from './db/tron-client/tron-client.tables';
export {
  DEPOSIT_CONFIRMED,
  DEPOSIT_DETECTED,
  DEPOSIT_EVENT_PATTERNS,
  DEPOSIT_REVERTED,
  DepositEvent,
} from './contracts/deposit-events';
export type { DepositEventPattern } from './contracts/deposit-events';
export {
  TokenAddRequest,
  TRON_ADDRESS_FORM,
  TRON_CLIENT_TOKENS_ADD,
  TRON_CLIENT_TOKENS_LIST,
  TRON_CLIENT_WATCH_ADD,
  WatchAddRequest,
} from './contracts/tron-client-commands';
export type { TokenAddReply, TokenListReply, WatchAddReply } from './contracts/tron-client-commands';
export type {
  AuditLogTable,
  DepositAddressTable,
  HdAccountTable,
  VaultTable,
  WalletSchema,
  WalletBalanceTable,
  WalletSignerTable,
  WalletTable,
} from './db/wallet/wallet.tables';
export {
  AuditListRequest,
  CombineSignaturesRequest,
  MultisigSigner,
  WALLET_MULTISIG_COMBINE,
  CreateWalletRequest,
  ListRequest,
  NextDepositAddressRequest,
  PAYOUT_GET,
  UpdateWalletRequest,
  WALLET_AUDIT_LIST,
  LockRequest,
  UnlockRequest,
  WALLET_LOCK,
  WALLET_UNLOCK,
  WALLET_WALLETS_ARCHIVE,
  WALLET_WALLETS_BALANCE,
  WalletBalanceRequest,
  WALLET_WALLETS_CREATE,
  WALLET_WALLETS_GET,
  WALLET_WALLETS_LIST,
  WALLET_WALLETS_UPDATE,
  WalletIdRequest,
  SignerRef,
  SignRequest,
  UnsignedTransaction,
  WALLET_DEPOSIT_ADDRESS_NEXT,
  WALLET_SIGN,
} from './contracts/wallet-commands';
export type { AuditView, CombineSignaturesReply, LockStateReply, NextDepositAddressReply, Page, PayoutForSigning, SignReply, WalletBalanceView, WalletView } from './contracts/wallet-commands';
export { broadcastMigrations } from './db/tron-client/broadcast.migrations';
export { OPEN_BROADCAST_STATUSES } from './db/tron-client/broadcast.tables';
export type { BroadcastSchema, BroadcastStatus, BroadcastTable } from './db/tron-client/broadcast.tables';
export {
  SignedTransactionDto,
  TRON_CLIENT_TX_BROADCAST,
  TRON_CLIENT_TX_GET,
  TX_CONFIRMED,
  TX_EVENT_PATTERNS,
  TX_EXPIRED,
  TX_FAILED,
  TX_STATUSES,
  TxBroadcastRequest,
  TxEvent,
  TxGetRequest,
} from './contracts/broadcast.contracts';
export type { BroadcastOutcome, TxBroadcastReply, TxEventPattern, TxFinalStatus, TxStatus, TxView } from './contracts/broadcast.contracts';
export {
  AccountGetRequest,
  TokenBalanceGetRequest,
  TRON_CLIENT_ACCOUNT_GET,
  TRON_CLIENT_CHAIN_PARAMETERS_GET,
  TRON_CLIENT_NETWORK_GET,
  TRON_CLIENT_TOKEN_BALANCE_GET,
} from './contracts/queries.contracts';
export type { AccountReply, ChainParametersReply, ChainView, NetworkReply, TokenBalanceReply } from './contracts/queries.contracts';
export { gatewayMigrations } from './db/gateway/gateway.migrations';
export { API_SCOPES, INVOICE_STATUSES } from './db/gateway/gateway.tables';
export type {
  ApiKeyTable,
  ApiScope,
  DeliveryStatus,
  EventTable,
  GatewaySchema,
  IdempotencyKeyTable,
  InvoiceCurrency,
  InvoicePaymentTable,
  InvoiceStatus,
  InvoiceTable,
  PaymentStatus,
  WebhookAttemptTable,
  WebhookDeliveryTable,
  WebhookEndpointTable,
} from './db/gateway/gateway.tables';
export { PAYOUT_EVENT_TYPES, PAYOUT_STATUS_EVENT, PayoutStatusEvent, WEBHOOK_EVENT_TYPES } from './contracts/webhook-events';
export type { WebhookEventType } from './contracts/webhook-events';
export {
  ApprovePayoutRequest,
  BatchPayoutRequest,
  CancelPayoutRequest,
  CreatePayoutRequest,
  CreateRecipientRequest,
  KYC_LEVELS,
  ListPayoutsRequest,
  PAYOUT_BATCH_MAX,
  PAYOUT_CURRENCIES,
  PAYOUT_PAYOUTS_APPROVE,
  PAYOUT_PAYOUTS_BATCH,
  PAYOUT_PAYOUTS_CANCEL,
  PAYOUT_PAYOUTS_CREATE,
  PAYOUT_PAYOUTS_GET,
  PAYOUT_PAYOUTS_LIST,
  PAYOUT_RECIPIENTS_CREATE,
  PAYOUT_RECIPIENTS_GET,
  PAYOUT_RECIPIENTS_UPDATE,
  PAYOUT_STATUSES,
  PayoutIdRequest,
  PayoutItem,
  RecipientIdRequest,
  UpdateRecipientRequest,
  WHOLE_UNITS_AMOUNT_FORM,
} from './contracts/payout-commands';
export type { PayoutApproval, PayoutBatchReply, PayoutCurrency, PayoutStatus, PayoutView, RecipientView } from './contracts/payout-commands';
export {
  DelegateRequest,
  MAX_LOCK_PERIOD_BLOCKS,
  MAX_VOTES,
  STAKE_RESOURCES,
  StakeRequest,
  STAKING_CLAIM_REWARDS,
  STAKING_DELEGATE,
  STAKING_FREEZE,
  STAKING_GET,
  STAKING_UNDELEGATE,
  STAKING_UNFREEZE,
  STAKING_VOTE,
  STAKING_WITHDRAW,
  StakingCommand,
  StakingGetRequest,
  UndelegateRequest,
  VoteRequest,
  WalletStakingRequest,
  WitnessVote,
} from './contracts/staking-commands';
export type { StakeResource, StakingOperationKind, StakingOperationView, StakingView } from './contracts/staking-commands';
export { LIVE_TX_STATUSES } from './db/payout/payout.tables';
export type {
  PayoutApprovalTable,
  PayoutOutboxTable,
  PayoutRoute,
  PayoutRowStatus,
  PayoutSchema,
  PayoutTable,
  PayoutTransactionTable,
  PayoutTxStatus,
  RecipientTable,
} from './db/payout/payout.tables';
export { PAYOUT_FAILURE_REASONS } from './contracts/payout-commands';
export type { PayoutFailureReason, PayoutTransactionView } from './contracts/payout-commands';
export {
  AddressRequest,
  EnergyEstimateRequest,
  SolidBalanceRequest,
  TRON_CLIENT_BALANCE_SOLID,
  TRON_CLIENT_BLOCK_REFERENCE,
  TRON_CLIENT_CONTRACT_CHECK,
  TRON_CLIENT_ENERGY_ESTIMATE,
  TRON_CLIENT_TX_CHAIN_STATUS,
  TRON_CLIENT_WATCH_LOOKUP,
  TxChainStatusRequest,
  WatchLookupRequest,
} from './contracts/payout-chain-queries';
export type {
  ContractCheckReply,
  EnergyEstimateReply,
  ReferenceBlockReply,
  SolidBalanceReply,
  TxChainStatusReply,
  WatchLookupReply,
} from './contracts/payout-chain-queries';
export { STAKING_CANCEL_UNFREEZES, STAKING_OPERATIONS_LIST, StakingOperationsListRequest } from './contracts/staking-commands';
export { ContractCallRequest, StakeGetRequest, TRON_CLIENT_CONTRACT_CALL, TRON_CLIENT_HEAD_BLOCK_GET, TRON_CLIENT_STAKE_GET } from './contracts/staking-chain-queries';
export type { ChainResource, ContractCallReply, HeadBlockReply, StakeReply } from './contracts/staking-chain-queries';
export { DEPOSIT_UNREGISTERED_TOKEN } from './contracts/usdt-events';
export {
  TRANSFER_PURPOSES,
  USDT_BALANCES_GET,
  USDT_TOKENS_ADD,
  USDT_TOKENS_GET,
  USDT_TOKENS_LIST,
  USDT_TRANSFERS_BUILD,
  USDT_TRANSFERS_ESTIMATE,
  USDT_TRANSFERS_GET,
  USDT_TRANSFERS_SEND,
  USDT_UNKNOWN_TOKENS_LIST,
  UsdtBalancesRequest,
  UsdtTokenAddRequest,
  UsdtTokenGetRequest,
  UsdtTransferBuildRequest,
  UsdtTransferEstimateRequest,
  UsdtTransferGetRequest,
  UsdtTransferSendRequest,
  UsdtUnknownTokensRequest,
} from './contracts/usdt-commands';
export type {
  TransferPurpose,
  UsdtBalancesView,
  UsdtTokenListReply,
  UsdtTokenView,
  UsdtTransferBuildReply,
  UsdtTransferEstimate,
  UsdtTransferStatus,
  UsdtTransferView,
  UsdtUnknownTokensPage,
  UsdtUnknownTokenTransferView,
} from './contracts/usdt-commands';
export { EnergyAcquireRequest, EnergyLeaseRequest, STAKING_ENERGY_ACQUIRE, STAKING_ENERGY_GET, STAKING_ENERGY_RELEASE } from './contracts/energy-commands';
export type { EnergyLeaseStatus, EnergyLeaseView } from './contracts/energy-commands';
export type { UnknownTokenTable, UnknownTokenTransferTable, UsdtSchema, UsdtTokenTable, UsdtTransferStatusColumn, UsdtTransferTable } from './db/usdt/usdt.tables';
export type {
  DelegationTable,
  EnergyLeaseStatusColumn,
  EnergyLeaseTable,
  OperationKindColumn,
  OperationOrigin,
  OperationStatusColumn,
  StakingOperationTable,
  StakingSchema,
  TrackedWalletTable,
  UnfreezeStatus,
  UnfreezeTable,
} from './db/staking/staking.tables';
export { OPEN_SWEEP_STATUSES } from './db/gateway/gateway.tables';
export type { SweepDepositTable, SweepLegStatus, SweepLegTable, SweepStatus, SweepTable } from './db/gateway/gateway.tables';
export { TRON_CLIENT_TX_SENT_BY, TX_SENT_BY_MAX_BLOCKS, TxSentByRequest } from './contracts/payout-chain-queries';
export type { SentTransaction, TxSentByReply } from './contracts/payout-chain-queries';
export type { PayoutEnergyLeaseTable, PayoutRestoreTable, PayoutRestoreTransactionTable } from './db/payout/payout.tables';
