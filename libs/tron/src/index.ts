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
