export { fromHex, isHexString, toHex } from './hex';
export { eventTopic, functionSelector, keccak256, sha256, sha256Hex } from './hash';
export { addressFromPublicKey, base58ToHex, hexToBase58, isTronAddress, normalizeAddress } from './address';
export { accountFromPrivateKey, generateAccount, isValidPrivateKey } from './keys';
export type { TronAccount } from './keys';
export { recoverPublicKey, recoverSigner, signDigest, SignatureVerifier } from './signature';
export {
  CONTRACT_TYPES,
  decodeRawData,
  decodeSignedTransaction,
  encodeRawData,
  encodeSignedTransaction,
  txIdOf,
} from './transaction-codec';
export type { ContractValue, DecodedRawData, EncodedRawData, RawDataJson } from './transaction-codec';
export { blockIdOf, encodeBlockHeaderRaw, merkleRoot } from './block-header';
export type { BlockHeaderRaw } from './block-header';
export { decodeParams, encodeParams } from './abi';
export { createTronWeb } from './tronweb-factory';
export type { TronWeb } from './tronweb-factory';
export { extractBlockTransfers, extractTransfers } from './transfers/extract-transfers';
export { TRANSFER_TOPIC, addressFromWord, decodeTransferLog } from './transfers/transfer-log';
export type { DecodedTransferLog } from './transfers/transfer-log';
export { transactionStatus } from './transfers/transaction-status';
export type { NormalizedTransfer, SkippedTransfer, SkipReason, TokenRef, TransferExtraction } from './transfers/transfer.types';
export type { BlockJson, ContractJson, LogJson, TransactionInfoJson, TransactionJson } from './chain-json.types';
export { Address } from './values/address.value';
export { formatDecimal, formatTrx, MAX_UINT256, parseDecimal, parseTrx, SUN_PER_TRX, TRX_DECIMALS } from './values/decimal-amount';
export type { ParseDecimalOptions, Sun } from './values/decimal-amount';
export { TronValueError } from './values/tron-value.errors';
export type { TronValueErrorCode } from './values/tron-value.errors';
export { buildTransaction, DEFAULT_EXPIRATION_MS, referenceBlockOf } from './builders/build-transaction';
export type { BuildContext, ReferenceBlock, SignedTransaction, UnsignedTransaction } from './builders/build-transaction';
export { buildTrc20Transfer, buildTrxTransfer, trc20TransferData } from './builders/transfer.builders';
export type { Trc20TransferInput, TrxTransferInput } from './builders/transfer.builders';
export {
  buildCancelAllUnfreeze,
  buildDelegate,
  buildFreeze,
  buildUndelegate,
  buildUnfreeze,
  buildVote,
  buildWithdrawExpireUnfreeze,
  buildWithdrawRewards,
} from './builders/staking.builders';
export type { DelegateInput, Resource, StakeInput, VoteInput } from './builders/staking.builders';
export { buildAccountPermissionUpdate, operationsMask } from './builders/permission.builders';
export type { ActivePermissionInput, PermissionInput, PermissionKeyInput, PermissionUpdateInput } from './builders/permission.builders';
export { decodeTransaction, signTransaction, toBroadcastHex, transactionSigners, verifyTransactionSignatures } from './builders/transaction-signing';
export { TransactionBuildError } from './builders/transaction-build.errors';
