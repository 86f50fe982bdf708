/** Lower-case hex without a 0x prefix; the one spelling java-tron uses on the wire. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string): Buffer {
  const clean = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error(`not a hex string: ${hex.slice(0, 20)}`);
  return Buffer.from(clean, 'hex');
}

export function isHexString(value: unknown): value is string {
  return typeof value === 'string' && value.length % 2 === 0 && /^(0x)?[0-9a-fA-F]*$/.test(value);
}
