// The memory snapshot's codecs (docs/calculators/snapshot-codec.mjs): a kept snapshot comes back byte for byte,
// and the WebAssembly's data segments go back where the build took them out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BLOCK, dataSegments, packZeros, unpackZeros, withDataSegments } from "../../docs/calculators/snapshot-codec.mjs";

test("a snapshot packed without its zero blocks unpacks to the same bytes, and is smaller", async () => {
  const bytes = new Uint8Array(BLOCK * 3 + 1000); // zero blocks, a block with one byte set, a short last block
  bytes[BLOCK + 5] = 7;
  bytes[BLOCK * 3 + 999] = 9;
  const packed = await packZeros(bytes).arrayBuffer();
  assert.ok(packed.byteLength < bytes.length / 2);
  assert.deepEqual(unpackZeros(packed), bytes);
});

test("anything but a packed snapshot is refused", () => {
  assert.throws(() => unpackZeros(new Uint32Array([1, 2, 3, 4]).buffer), /not a kept snapshot/);
});

/** A minimal module: a type section skipped, then a data section with active segments at i32.const offsets. */
function wasmWith(segments) {
  const data = [segments.length];
  for (const [offset, bytes] of segments) data.push(0, 0x41, offset, 0x0b, bytes.length, ...bytes);
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 1, 0, 11, data.length, ...data]);
}

test("the data segments are read from the data section, past the other sections", () => {
  const segments = dataSegments(wasmWith([[3, [1, 2]], [40, [9]]]));
  assert.deepEqual(segments.map(([offset, bytes]) => [offset, [...bytes]]), [[3, [1, 2]], [40, [9]]]);
});

test("the segments are XORed back into the memory image, which starts where the header's second word says", () => {
  const memoryAt = 16;
  const snapshot = new Uint8Array(64);
  new DataView(snapshot.buffer).setUint32(4, memoryAt, true);
  snapshot[memoryAt + 3] = 1 ^ 5; // the build XORed the segment's 1 with the running image's 5
  const restored = withDataSegments(snapshot, wasmWith([[3, [1, 2]]]));
  assert.deepEqual([...restored.subarray(memoryAt + 3, memoryAt + 5)], [5, 2]);
  assert.throws(() => withDataSegments(new Uint8Array(24), wasmWith([[30, [1]]])), /outside the snapshot's memory/);
});
