"""Helpers the tests share (importable: pyproject puts tests/ on the path); fixtures live in conftest.py."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Flags measured on this machine: without the background-networking ones Chromium tries to reach Google.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free loopback port; returns the server and its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def first_number_field(name: str) -> str:
    """The JSON key (dotted inside a plan) of a calculator's first visible number input: the field tests break."""
    import calculators

    def walk(fields: list[dict], prefix: str = "") -> list[str]:
        keys = []
        for field in fields:
            if field["type"] == "object":
                keys += walk(field["fields"], f"{prefix}{field['key']}.")
            elif field["type"] == "number":
                keys.append(prefix + field["key"])
        return keys

    return walk(calculators.describe()[name]["fields"])[0]
