import { createHash } from 'node:crypto';
import { utils } from 'tronweb';
import { fromHex } from './hex';

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** keccak-256 (not NIST SHA3): Ethereum/TVM selectors, topics and addresses. */
export function keccak256(data: Uint8Array): Buffer {
  return fromHex(utils.ethersUtils.keccak256(data));
}

/** The 4-byte selector of a function signature such as `transfer(address,uint256)`, as 8 hex digits. */
export function functionSelector(signature: string): string {
  return keccak256(Buffer.from(signature, 'utf8')).subarray(0, 4).toString('hex');
}

/** The topic of an event signature such as `Transfer(address,address,uint256)`, as 64 hex digits. */
export function eventTopic(signature: string): string {
  return keccak256(Buffer.from(signature, 'utf8')).toString('hex');
}
