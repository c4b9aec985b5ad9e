"""The memory snapshot as shipped: what the WebAssembly does not already hold.

A Pyodide memory snapshot is a header followed by the interpreter's whole memory (31 MB). About 3.2 MB of that
memory is the WebAssembly's data segments (libpython's constants, type objects, strings), written there by
instantiation and left 99.8 % unchanged by the interpreter's start. The browser downloads the WebAssembly anyway,
so the site ships the snapshot with those segments XORed out: unchanged bytes become zeros (on the snapshot of
commit 0f5f6ac this cut its brotli-9 copy from 4.70 to 3.50 MB and its gzip from 6.18 to 4.72 MB). The worker
XORs the segments of the WebAssembly it has just downloaded back in before handing the snapshot to Pyodide
(docs/calculators/worker.mjs, `withDataSegments`; the same walk as here). XOR is its own inverse:
`xor_data_segments` both makes and restores a shipped snapshot.
"""

from __future__ import annotations

import struct

WASM_MAGIC = b"\0asm\x01\0\0\0"
DATA_SECTION = 11
ACTIVE_MEMORY_0 = 0  # segment flags: active, memory 0, offset given by a constant expression
I32_CONST, END = 0x41, 0x0B
SNAPSHOT_HEADER = struct.Struct("<II")  # magic, then where the memory starts in the snapshot


def _unsigned(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def data_segments(wasm: bytes) -> list[tuple[int, bytes]]:
    """The WebAssembly's data segments as (memory offset, bytes). Raises ValueError on a form this does not read
    (the worker's walk reads the same forms only, so the build stops rather than ship what the worker cannot
    restore)."""
    if not wasm.startswith(WASM_MAGIC):
        raise ValueError("not a WebAssembly module")
    at = len(WASM_MAGIC)
    while at < len(wasm):
        section = wasm[at]
        size, at = _unsigned(wasm, at + 1)
        if section != DATA_SECTION:
            at += size
            continue
        count, at = _unsigned(wasm, at)
        segments = []
        for _ in range(count):
            flags, at = _unsigned(wasm, at)
            if flags != ACTIVE_MEMORY_0 or wasm[at] != I32_CONST:
                raise ValueError(f"data segment with flags {flags} / opcode {wasm[at]:#x}: not an i32.const offset")
            offset, at = _unsigned(wasm, at + 1)
            if wasm[at - 1] & 0x40 or wasm[at] != END:  # a negative or non-constant offset
                raise ValueError("data segment offset is not a plain positive constant")
            length, at = _unsigned(wasm, at + 1)
            segments.append((offset, wasm[at : at + length]))
            at += length
        return segments
    return []


def xor_data_segments(snapshot: bytes, wasm: bytes) -> bytes:
    """The snapshot with the WebAssembly's data segments XORed into its memory image (ships a full snapshot as
    its delta, and turns the delta back into the snapshot)."""
    _magic, memory_start = SNAPSHOT_HEADER.unpack_from(snapshot, 0)
    out = bytearray(snapshot)
    for offset, segment in data_segments(wasm):
        at = memory_start + offset
        if at + len(segment) > len(out):
            raise ValueError("a data segment lies outside the snapshot's memory")
        mixed = int.from_bytes(out[at : at + len(segment)], "little") ^ int.from_bytes(segment, "little")
        out[at : at + len(segment)] = mixed.to_bytes(len(segment), "little")
    return bytes(out)
