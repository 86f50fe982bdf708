// Just enough protobuf wire format for messages tronweb ships no class for (the block header).

export function varint(value: bigint | number): Buffer {
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n;
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

export function varintField(field: number, value: bigint | number): Buffer {
  return Buffer.concat([varint((field << 3) | 0), varint(value)]);
}

export function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
}
