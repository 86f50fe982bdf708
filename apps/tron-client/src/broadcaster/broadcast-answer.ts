/**
 * What java-tron's broadcast answer means for a transaction (GrpcAPI.Return.response_code,
 * printed by BroadcastServlet / BroadcastHexServlet as `{result: true, txid}` or
 * `{code, message (hex), txid}`).
 *
 * java-tron checks, in this order: SERVER_BUSY / NO_CONNECTION / NOT_ENOUGH_EFFECTIVE_CONNECTION /
 * BLOCK_UNSOLIDIFIED (the node's own state), DUP_TRANSACTION_ERROR from its recent-txid cache,
 * then Manager.processTransaction: TAPOS_ERROR, TOO_BIG_TRANSACTION_ERROR and
 * TRANSACTION_EXPIRATION_ERROR, DUP_TRANSACTION_ERROR from the transaction store, SIGERROR,
 * BANDWITH_ERROR, CONTRACT_VALIDATE_ERROR, CONTRACT_EXE_ERROR; anything unexpected is OTHER_ERROR.
 */
export type BroadcastAnswer =
  | { kind: 'accepted' }
  | { kind: 'duplicate' }
  /** Worth sending the same bytes again later. */
  | { kind: 'transient'; code: string; message: string }
  /** The bytes will never be accepted. */
  | { kind: 'rejected'; code: string; message: string };

/**
 * The node's state, not the transaction's: another node, or the same one a little later, may
 * accept the same bytes.
 * - SERVER_BUSY (too many pending), NO_CONNECTION / NOT_ENOUGH_EFFECTIVE_CONNECTION (no peers),
 *   BLOCK_UNSOLIDIFIED (the node's solidification lags): the node's condition.
 * - TAPOS_ERROR: the reference block is not in this node's recent blocks, which is what a node a
 *   block or two behind answers for a transaction built on the newest head. A reference block
 *   that is truly off chain never becomes valid: the transaction then ends `expired`.
 * - OTHER_ERROR: an unexpected exception inside the node.
 * Unknown codes are treated as transient too: the worst outcome is `expired`, never a wrong `failed`.
 */
const TRANSIENT = new Set(['SERVER_BUSY', 'NO_CONNECTION', 'NOT_ENOUGH_EFFECTIVE_CONNECTION', 'BLOCK_UNSOLIDIFIED', 'TAPOS_ERROR', 'OTHER_ERROR']);

/**
 * The transaction's own fault; the same bytes get the same answer from every honest node.
 * - SIGERROR: signatures do not satisfy the owner's permission.
 * - CONTRACT_VALIDATE_ERROR / CONTRACT_EXE_ERROR: the contract is invalid against the chain state
 *   (balance too low, account missing, ...).
 * - BANDWITH_ERROR: neither bandwidth nor TRX left for the bandwidth (or memo, multisig,
 *   account-creation) fee. State-dependent like a low balance; reported now rather than after
 *   minutes of re-sending, so the caller can top up and build anew (after the expiration).
 * - TOO_BIG_TRANSACTION_ERROR, TRANSACTION_EXPIRATION_ERROR: properties of the bytes (the latter
 *   at the node's head time, which only moves forward).
 */
const PERMANENT = new Set([
  'SIGERROR',
  'CONTRACT_VALIDATE_ERROR',
  'CONTRACT_EXE_ERROR',
  'BANDWITH_ERROR',
  'TOO_BIG_TRANSACTION_ERROR',
  'TRANSACTION_EXPIRATION_ERROR',
]);

/** Listed for the record: anything not PERMANENT is re-sent, these and codes java-tron may add later. */
export const TRANSIENT_CODES: ReadonlySet<string> = TRANSIENT;

/** java-tron hex-encodes the bytes of its message; decoded when it is printable UTF-8. */
export function decodeNodeMessage(message: unknown): string {
  if (typeof message !== 'string' || message === '') return '';
  if (!/^([0-9a-fA-F]{2})+$/.test(message)) return message.slice(0, 500);
  const text = Buffer.from(message, 'hex').toString('utf8');
  // eslint-disable-next-line no-control-regex
  return /^[^\x00-\x08\x0e-\x1f\ufffd]*$/.test(text) ? text.slice(0, 500) : message.slice(0, 500);
}

export function classifyBroadcastAnswer(body: unknown): BroadcastAnswer {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { result?: unknown; code?: unknown; message?: unknown };
  if (b.result === true) return { kind: 'accepted' };
  const code = typeof b.code === 'string' && b.code ? b.code : 'OTHER_ERROR';
  if (code === 'SUCCESS') return { kind: 'accepted' };
  if (code === 'DUP_TRANSACTION_ERROR') return { kind: 'duplicate' };
  const message = decodeNodeMessage(b.message);
  return PERMANENT.has(code) ? { kind: 'rejected', code, message } : { kind: 'transient', code, message };
}
