"""Post-build step: a .br and a .gz copy beside every compressible file of the finished site.

A static host that serves precompressed files (nginx's brotli_static and gzip_static: deploy/nginx/) then sends
the smallest encoding the browser accepts without compressing anything per request, and at a level no host
would spend per request (brotli 11 makes the WebAssembly runtime 2.7 MB where on-the-fly gzip makes 3.5 MB).

Deterministic: gzip without a file name or time, brotli at fixed settings, so two builds are byte-identical.
Compressing the large files (the Pyodide runtime) at brotli 11 takes about a minute; their copies are kept in
the build cache (sitegen/cache.py, precompressed/) by content hash, shared by every build of this work tree.
A build that knows a large file early (the pinned WebAssembly, the traced standard library) starts its copies in
the background at once (`start_compressing`), beside the runtime's tracing, which uses one core: a cold build
then waits for none of them here (a cold build: 57 s → 38 s on 2 idle cores, 2026-12-06).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from threading import Lock

import brotli

from .cache import cache_dir, write_entry

# Formats that are text or WebAssembly; images, zips and .gz files are compressed already.
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".atom", ".csv", ".txt", ".map", ".wasm")
# A copy that saves less than this fraction is not worth a second file (nor a decompression).
MIN_SAVING = 0.05
MIN_SIZE = 512  # bytes; below this, compression headers eat the gain
CACHED_FROM = 256 * 1024  # files this large are cached by content hash (the small ones compress in milliseconds)


def _brotli(data: bytes) -> bytes:
    # The largest window (16 MB) finds more of the 31 MB memory snapshot's repeats (4.06 MB against 4.29 MB with
    # the default 4 MB); the 9.6 MB WebAssembly comes out smaller with the default (2.74 MB against 2.77 MB).
    window = 24 if len(data) > 16 * 2**20 else 22
    packed: bytes = brotli.compress(data, quality=11, lgwin=window)
    return packed


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, 9, mtime=0)  # no time in the header: the same bytes every build


ENCODINGS: dict[str, Callable[[bytes], bytes]] = {".br": _brotli, ".gz": _gzip}


def compressible(path: Path) -> bool:
    return path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE


# Copies of large inputs under way or made in this process, by cache entry: each is compressed once, whoever asks
# first; a later ask waits for it. Their own pool: write_precompressed's threads wait on these.
_BACKGROUND = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="precompress")
_STARTED: dict[Path, Future[bytes]] = {}
_STARTED_LOCK = Lock()


def _cached_copy(data: bytes, suffix: str, entry: Path) -> bytes:
    if entry.exists():
        return entry.read_bytes()
    packed = ENCODINGS[suffix](data)
    write_entry(entry, packed)
    return packed


def _copy_of(data: bytes, suffix: str) -> Future[bytes]:
    entry = cache_dir("precompressed") / (hashlib.sha256(data).hexdigest() + suffix)
    with _STARTED_LOCK:
        if entry not in _STARTED or (_STARTED[entry].done() and not entry.exists()):
            _STARTED[entry] = _BACKGROUND.submit(_cached_copy, data, suffix, entry)
        return _STARTED[entry]


def start_compressing(data: bytes) -> None:
    """Begin data's copies in every encoding in the background (into the cache); `compressed` collects them."""
    if len(data) >= CACHED_FROM:
        for suffix in ENCODINGS:
            _copy_of(data, suffix)


def compressed(data: bytes, suffix: str) -> bytes:
    """data compressed by the encoding of suffix (".br" or ".gz"), from the cache for large inputs."""
    if len(data) < CACHED_FROM:
        return ENCODINGS[suffix](data)
    return _copy_of(data, suffix).result()


def write_copy(path: Path, suffix: str) -> None:
    """Write path + suffix (".br" or ".gz") if that copy makes the file smaller."""
    data = path.read_bytes()
    packed = compressed(data, suffix)
    if len(packed) <= len(data) * (1 - MIN_SAVING):
        path.with_name(path.name + suffix).write_bytes(packed)


def write_precompressed(site: Path) -> None:
    """Write FILE.br and FILE.gz for every compressible FILE under site that they make smaller.

    One thread per core, largest file first: brotli and zlib release the GIL while they compress, and in a cold
    cache the memory snapshot's brotli copy alone takes most of the step (each copy depends on its file only, so
    the order changes no byte)."""
    files = sorted((p for p in site.rglob("*") if compressible(p)), key=lambda p: (-p.stat().st_size, p))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for done in [pool.submit(write_copy, path, suffix) for path in files for suffix in ENCODINGS]:
            done.result()  # re-raises a failed copy's error
