import type { BlockJson, TransactionInfoJson, TransferExtraction } from '@tronpay/tron';

/** Block + infos to transfers and what was skipped (counted, never silently lost): libs/tron's extractor, or a stand-in in specs. */
export type TransferExtractor = (block: BlockJson, infos: readonly TransactionInfoJson[]) => TransferExtraction;
export const TRANSFER_EXTRACTOR = Symbol('TRANSFER_EXTRACTOR');

/** Publishes one event on the transport; resolves once it is stored. */
export interface EventPublisher {
  publish(pattern: string, payload: object): Promise<void>;
}
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');

export const SCANNER_REDIS = Symbol('SCANNER_REDIS');
