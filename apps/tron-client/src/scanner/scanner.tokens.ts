import type { BlockJson, NormalizedTransfer, TransactionInfoJson } from '@tronpay/tron';

/** Block + infos to transfers: libs/tron's extractor in production, a stub in unit specs. */
export type TransferExtractor = (block: BlockJson, infos: readonly TransactionInfoJson[]) => NormalizedTransfer[];
export const TRANSFER_EXTRACTOR = Symbol('TRANSFER_EXTRACTOR');

/** Publishes one event on the transport; resolves once it is stored. */
export interface EventPublisher {
  publish(pattern: string, payload: object): Promise<void>;
}
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');

export const SCANNER_REDIS = Symbol('SCANNER_REDIS');
