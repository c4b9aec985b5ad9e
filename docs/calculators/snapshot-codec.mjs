// The memory snapshot's two byte codecs, pure functions (tests/js/snapshot-codec.test.mjs runs them in Node):
// - the form a start keeps the unpacked snapshot in (`packZeros`/`unpackZeros`): half of it is zeros (the stack
//   and the free heap), so its all-zero 64 kB blocks are left out: half as much to read back;
// - the WebAssembly's data segments put back into the shipped snapshot (`withDataSegments`), which the build took
//   out of it (sitegen/runtime/snapshot_delta.py: XOR, so unchanged bytes became zeros and compress away).

export const BLOCK = 65536;
const PACKED_MAGIC = 0x5a4b4350; // "PCKZ"

/** [magic, length, block count] (32-bit words), one byte per block (1: kept), then the kept blocks. */
export function packZeros(bytes) {
  const blocks = Math.ceil(bytes.length / BLOCK);
  const kept = new Uint8Array(blocks);
  const parts = [new Uint32Array([PACKED_MAGIC, bytes.length, blocks]), kept];
  for (let block = 0; block < blocks; block++) {
    const part = bytes.subarray(block * BLOCK, (block + 1) * BLOCK);
    const words = new Uint32Array(part.buffer, part.byteOffset, part.length >> 2);
    let zero = part.length % 4 === 0;
    for (let i = 0; zero && i < words.length; i++) zero = words[i] === 0;
    if (!zero) {
      kept[block] = 1;
      parts.push(part);
    }
  }
  return new Blob(parts);
}

/** The snapshot from packZeros's form (throws on anything else). */
export function unpackZeros(buffer) {
  const [magic, length, blocks] = new Uint32Array(buffer, 0, 3);
  if (magic !== PACKED_MAGIC || blocks !== Math.ceil(length / BLOCK)) throw new Error("not a kept snapshot");
  const kept = new Uint8Array(buffer, 12, blocks);
  const bytes = new Uint8Array(length);
  let at = 12 + blocks;
  for (let block = 0; block < blocks; block++) {
    if (!kept[block]) continue;
    const size = Math.min(BLOCK, length - block * BLOCK);
    bytes.set(new Uint8Array(buffer, at, size), block * BLOCK);
    at += size;
  }
  return bytes;
}

/** The WebAssembly's active data segments, [memory offset, bytes], as instantiation writes them into memory: the
 * same walk as sitegen/runtime/snapshot_delta.py, which took them out of the snapshot (XOR: unchanged bytes
 * became zeros). Throws on any other form of segment (then a plain start). */
export function dataSegments(wasm) {
  let at = 8;
  const unsigned = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < wasm.length) {
    const section = wasm[at++];
    const size = unsigned();
    if (section !== 11) { // not the data section
      at += size;
      continue;
    }
    const segments = [];
    for (let count = unsigned(); count > 0; count--) {
      if (unsigned() !== 0 || wasm[at++] !== 0x41) throw new Error("a data segment without an i32.const offset");
      const offset = unsigned();
      if (wasm[at - 1] & 0x40 || wasm[at++] !== 0x0b) throw new Error("a data segment offset that is not plain");
      const length = unsigned();
      segments.push([offset, wasm.subarray(at, at + length)]);
      at += length;
    }
    return segments;
  }
  return [];
}

/** The shipped snapshot with the WebAssembly's data segments XORed back into its memory image (which starts
 * where the snapshot's header says: its second 32-bit word). */
export function withDataSegments(snapshot, wasm) {
  const memory = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  for (const [offset, segment] of dataSegments(wasm)) {
    const target = snapshot.subarray(memory + offset, memory + offset + segment.length);
    if (target.length !== segment.length) throw new Error("a data segment lies outside the snapshot's memory");
    for (let i = 0; i < segment.length; i++) target[i] ^= segment[i];
  }
  return snapshot;
}
