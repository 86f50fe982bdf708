import { ColumnType, Generated } from 'kysely';
import type { BaseSchema } from '../tables';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** numeric(78,0): read as a decimal string (pg's default for numeric), written from a bigint's string. */
type Numeric = ColumnType<string, string, string>;

export type ApiScope =
  | 'invoices:read'
  | 'invoices:write'
  | 'payouts:read'
  | 'payouts:write'
  | 'payouts:approve'
  | 'wallets:read'
  | 'wallets:write'
  | 'staking:write'
  | 'webhooks:write'
  | 'admin';

export const API_SCOPES: readonly ApiScope[] = [
  'invoices:read',
  'invoices:write',
  'payouts:read',
  'payouts:write',
  'payouts:approve',
  'wallets:read',
  'wallets:write',
  'staking:write',
  'webhooks:write',
  'admin',
];

/** API keys minted by an admin; only the SHA-256 of a key is stored. */
export interface ApiKeyTable {
  id: Generated<string>;
  name: string;
  /** The key's first characters, so an operator can tell keys apart; not enough to use it. */
  key_prefix: string;
  key_hash: string;
  scopes: ApiScope[];
  created_by: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

/**
 * One row per (caller, Idempotency-Key): written in the transaction that does the work, so the
 * key and the effect commit together and a concurrent duplicate waits on the row lock.
 */
export interface IdempotencyKeyTable {
  owner: string;
  key: string;
  fingerprint: string;
  response_status: number;
  response_body: unknown;
  created_at: CreatedAt;
}

export type InvoiceCurrency = 'TRX' | 'USDT';
export type InvoiceStatus = 'pending' | 'partially_paid' | 'paid' | 'confirmed' | 'expired';
export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['pending', 'partially_paid', 'paid', 'confirmed', 'expired'];

export interface InvoiceTable {
  id: string;
  order_id: string | null;
  currency: InvoiceCurrency;
  /** 'TRX', or the TRC20 contract (base58) whose Transfer logs count. */
  token: string;
  amount: Numeric;
  amount_received: ColumnType<string, string | undefined, string>;
  /** base58; one invoice per address, never shared. */
  address: string;
  address_index: number;
  status: InvoiceStatus;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  paid_at: Date | null;
  confirmed_at: Date | null;
  expired_at: Date | null;
  metadata: unknown;
  created_by: string;
}

export type PaymentStatus = 'detected' | 'confirmed' | 'reverted';

/** Every transfer seen to an invoice's address in its currency, counted or late. */
export interface InvoicePaymentTable {
  id: Generated<string>;
  invoice_id: string;
  tx_id: string;
  /** -1 for a TRX transfer */
  log_index: number;
  token: string;
  from_address: string;
  amount: Numeric;
  block_number: ColumnType<string, number | string, number | string>;
  block_hash: string;
  block_time: Date;
  status: PaymentStatus;
  /** Counted toward the invoice (false: it arrived after expiry). */
  counted: boolean;
  late: boolean;
  detected_at: CreatedAt;
  confirmed_at: Date | null;
  reverted_at: Date | null;
}

/** The outbox: every webhook event, stored in the transaction of the change it reports. */
export interface EventTable {
  id: string;
  type: string;
  data: unknown;
  created_at: CreatedAt;
}

export interface WebhookEndpointTable {
  id: Generated<string>;
  url: string;
  events: string[];
  /** The signing secret is derived from GATEWAY_SECRET_KEY, the id and this version; never stored. */
  secret_version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  disabled_at: Date | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event to one endpoint; its attempts are in webhook_attempts. */
export interface WebhookDeliveryTable {
  id: Generated<string>;
  event_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  /** Bumped by a redelivery, so that its job id is new. */
  round: Generated<number>;
  /** When the current round began (creation or redelivery): its retry window counts from here. */
  round_started_at: Date | null;
  /** Attempts within the current round (the backoff restarts with each round). */
  round_attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  /** When a job was last handed to the queue; the relay re-enqueues what the queue lost. */
  enqueued_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface WebhookAttemptTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  started_at: Date;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

export type SweepStatus = 'planned' | 'preparing' | 'waiting' | 'sending' | 'releasing' | 'completed' | 'failed' | 'skipped';
export const OPEN_SWEEP_STATUSES: readonly SweepStatus[] = ['planned', 'preparing', 'waiting', 'sending', 'releasing'];

/** A sweep of one address's confirmed balance of one token to the treasury (hot wallet up to its cap, the rest cold). */
export interface SweepTable {
  id: string;
  address: string;
  /** 'TRX' or the TRC20 contract (base58) */
  token: string;
  status: SweepStatus;
  /** What the attached deposits add up to (base units). */
  deposits_total: Numeric;
  /** What is moved: the address's solidified balance when the legs were fixed (null before). */
  amount: ColumnType<string | null, string | null | undefined, string | null>;
  /** Bumped each time an energy lease is asked for again (its key is `sweep:<id>:<round>`). */
  round: ColumnType<number, number | undefined, number>;
  lease_key: string | null;
  /** Why it waits, failed or was skipped. */
  reason: string | null;
  /** SUN its transfers burned. */
  fee: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  enqueued_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  completed_at: Date | null;
}

/** A confirmed deposit to an invoice address, attached to the sweep that moves it. */
export interface SweepDepositTable {
  id: Generated<string>;
  tx_id: string;
  log_index: number;
  address: string;
  token: string;
  from_address: string;
  amount: Numeric;
  block_number: ColumnType<string, number | string, never>;
  recorded_at: CreatedAt;
  sweep_id: string | null;
}

export type SweepLegStatus = 'pending' | 'sending' | 'confirmed' | 'failed';

/** One transfer of a sweep; `attempt` is bumped when a transfer expired unmined (a new transfer key). */
export interface SweepLegTable {
  sweep_id: string;
  idx: number;
  destination: 'hot' | 'cold';
  to_address: string;
  amount: Numeric;
  attempt: ColumnType<number, number | undefined, number>;
  status: SweepLegStatus;
  tx_id: string | null;
  fee: ColumnType<string | null, string | null | undefined, string | null>;
  failure_reason: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface GatewaySchema extends BaseSchema {
  api_keys: ApiKeyTable;
  idempotency_keys: IdempotencyKeyTable;
  invoices: InvoiceTable;
  invoice_payments: InvoicePaymentTable;
  events: EventTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  sweeps: SweepTable;
  sweep_deposits: SweepDepositTable;
  sweep_legs: SweepLegTable;
}
