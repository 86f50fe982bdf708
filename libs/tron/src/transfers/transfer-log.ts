/** keccak256("Transfer(address,address,uint256)"): TRC20's (and ERC-20's) Transfer event. */
export const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

export type DecodedTransferLog =
  | { kind: 'transfer'; contract: string; from: string; to: string; amount: bigint }
  | { kind: 'other' }
  /** `to`: the recipient (`41...` hex) when the log still names a readable one, so a skipped deposit can be flagged. */
  | { kind: 'skip'; reason: 'malformed-log' | 'not-fungible'; to?: string };

const WORD = /^[0-9a-f]{64}$/;
const HEX = /^[0-9a-f]*$/;
const ZERO_PREFIX = '0'.repeat(22);

function stripHex(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = (value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value).toLowerCase();
  return HEX.test(s) ? s : null;
}

/**
 * An ABI address word as `41...` hex. Solidity writes 12 zero bytes then the 20-byte address;
 * some TVM contracts keep TRON's `41` prefix in byte 12, which is the same address, not garbage.
 * Any other non-zero high byte means the word is not an address.
 */
export function addressFromWord(word: string): string | null {
  if (!WORD.test(word) || !word.startsWith(ZERO_PREFIX)) return null;
  const marker = word.slice(22, 24);
  return marker === '00' || marker === '41' ? '41' + word.slice(24) : null;
}

/** java-tron writes a log's contract without the 41 prefix; tolerate `41...` and `0x...` too. */
export function contractFromLogAddress(address: unknown): string | null {
  const hex = stripHex(address);
  if (hex === null) return null;
  if (hex.length === 40) return '41' + hex;
  if (hex.length === 42 && hex.startsWith('41')) return hex;
  return null;
}

/** The recipient word of a Transfer log whatever else is wrong with it: topic 2, or the second data word of an old-style log. */
function recipientOf(topics: unknown[], payload: string | null): string | null {
  if (topics.length >= 3) {
    const word = stripHex(topics[2]);
    return word === null ? null : addressFromWord(word);
  }
  return topics.length === 1 && payload !== null && payload.length >= 128 ? addressFromWord(payload.slice(64, 128)) : null;
}

function skipLog(reason: 'malformed-log' | 'not-fungible', topics: unknown[], payload: string | null): DecodedTransferLog {
  const to = recipientOf(topics, payload);
  return to === null ? { kind: 'skip', reason } : { kind: 'skip', reason, to };
}

/**
 * Reads one log as a fungible Transfer. Standard tokens index from and to (3 topics, the amount in
 * data); old-style tokens index nothing (1 topic, from/to/amount in data); 4 topics is a TRC721
 * Transfer (a token id, not an amount). Never throws: garbage comes back as `skip`.
 */
export function decodeTransferLog(log: unknown): DecodedTransferLog {
  if (typeof log !== 'object' || log === null) return { kind: 'skip', reason: 'malformed-log' };
  const { address, topics, data } = log as Record<string, unknown>;
  if (!Array.isArray(topics) || topics.length === 0) return { kind: 'other' };
  const topic0 = stripHex(topics[0]);
  if (topic0 !== TRANSFER_TOPIC) return { kind: 'other' };

  const contract = contractFromLogAddress(address);
  const payload = data === undefined || data === null ? '' : stripHex(data);
  if (contract === null || payload === null) return skipLog('malformed-log', topics, payload);

  let fromWord: string | null;
  let toWord: string | null;
  let amountWord: string;
  if (topics.length === 3 && payload.length === 64) {
    fromWord = stripHex(topics[1]);
    toWord = stripHex(topics[2]);
    amountWord = payload;
  } else if (topics.length === 1 && payload.length === 192) {
    fromWord = payload.slice(0, 64);
    toWord = payload.slice(64, 128);
    amountWord = payload.slice(128);
  } else if (topics.length === 4) {
    return skipLog('not-fungible', topics, payload);
  } else {
    return skipLog('malformed-log', topics, payload);
  }
  const from = fromWord === null ? null : addressFromWord(fromWord);
  const to = toWord === null ? null : addressFromWord(toWord);
  if (from === null || to === null) return skipLog('malformed-log', topics, payload);
  return { kind: 'transfer', contract, from, to, amount: BigInt('0x' + amountWord) };
}
