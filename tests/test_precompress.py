"""Build-time precompression (sitegen/precompress.py): every compressible file of the built site has .br and .gz
copies that decode to exactly its bytes, so a host serving them never sends a reader a stale or broken file."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from sitegen.precompress import compressible


def test_every_compressible_file_has_br_and_gz_copies_of_its_exact_bytes(site_dir: Path) -> None:
    files = [p for p in sorted(site_dir.rglob("*")) if compressible(p)]
    wasm = next(site_dir.glob("assets/pyodide/*/pyodide.asm.wasm"))
    assert wasm in files and any(p.suffix == ".html" for p in files)
    for path in files:
        data = path.read_bytes()
        br, gz = path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")
        if len(data) > 4096:  # anything this large compresses well: both copies must exist
            assert br.exists() and gz.exists(), path
        if br.exists():
            assert brotli.decompress(br.read_bytes()) == data, br
        if gz.exists():
            assert gzip.decompress(gz.read_bytes()) == data, gz
    # Precompressed copies are smaller than their source, or not written at all.
    assert wasm.with_name(wasm.name + ".br").stat().st_size < 0.35 * wasm.stat().st_size
