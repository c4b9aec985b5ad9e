"""Render the nginx server configuration for a built site (deploy/nginx/site.conf.in).

    .venv/bin/python -m deploy.nginx_conf --site site --root /var/www/zxwyb --server-name example.org > zxwyb.conf

The Content-Security-Policy header of each page is read from the page's own <meta> tag (written by
sitegen/csp.py), so the header and the meta tag always agree; the header adds what a meta tag cannot carry,
frame-ancestors. Render again after every build you publish: the policies carry hashes of the pages' inline
scripts.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

from sitegen.modules import VERSION_DIGITS

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "site.conf.in"
_META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', re.IGNORECASE)
# Embed views are made to be framed by other sites (the embed code each clause page offers); nothing else is.
EMBED_PREFIX = "/embed/"
FRAMED_ANYWHERE = "frame-ancestors *"
FRAMED_NOWHERE = "frame-ancestors 'none'"
# Responses that are not pages: scripts run under it when they start a worker (the calculators' worker
# compiles WebAssembly, hence 'wasm-unsafe-eval'); nothing else in such a response executes.
NOT_A_PAGE = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'"


def page_policies(site: Path) -> dict[str, str]:
    """URI path of every HTML file under site → its Content-Security-Policy header value."""
    policies = {}
    for file in sorted(site.rglob("*.html")):
        uri = "/" + file.relative_to(site).as_posix()
        match = _META_RE.search(file.read_text(encoding="utf-8"))
        if match is None:
            raise ValueError(f"{file}: no Content-Security-Policy meta tag (was it built by build.py?)")
        frame = FRAMED_ANYWHERE if uri.startswith(EMBED_PREFIX) else FRAMED_NOWHERE
        policies[uri] = f"{unescape(match.group(1))}; {frame}"
    return policies


def _quoted(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text:
        raise ValueError(f"cannot quote for nginx: {text!r}")
    return f'"{text}"'


def render(site: Path, root: str, listen: str, server_name: str) -> str:
    """The configuration text for serving `site` (built) from the folder `root` on the server."""
    lines = [f"    default {_quoted(NOT_A_PAGE + '; ' + FRAMED_NOWHERE)};"]
    lines += [f"    {_quoted(uri)} {_quoted(value)};" for uri, value in page_policies(site).items()]
    values = {
        "@CSP_MAP@": "\n".join(lines),
        "@ROOT@": root,
        "@LISTEN@": listen,
        "@SERVER_NAME@": server_name,
        "@VERSION_DIGITS@": str(VERSION_DIGITS),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(key, value)
    return text


# A minimal main configuration around the server block, for running nginx as an ordinary process on loopback
# (tests, benchmarks): no daemon, every file it writes inside one temporary folder.
LOCAL_MAIN_CONF = """\
daemon off;
worker_processes 1;
{user}
pid {work}/nginx.pid;
error_log {work}/error.log warn;
{modules}
events {{ worker_connections 256; }}
http {{
    types_hash_max_size 2048;
    default_type application/octet-stream;
    # The request, its status and body bytes, and whether the browser sent it as a navigation preload.
    log_format local '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                     '"$http_service_worker_navigation_preload"';
    access_log {work}/access.log local;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    sendfile on;
    include {work}/site.conf;
}}
"""
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


class LocalNginx:
    """A running nginx serving a built site on loopback: its base URL, access log and process."""

    def __init__(self, url: str, work: Path, process: subprocess.Popen[bytes]) -> None:
        self.url = url
        self.work = work
        self.process = process

    def access_log(self) -> list[tuple[str, int, int]]:
        """The requests answered so far, oldest first: (request line "GET /path HTTP/1.1", status, body bytes)."""
        return [(request, status, sent) for request, status, sent, _ in self._log()]

    def preloaded(self) -> list[str]:
        """The request lines, oldest first, the browser sent as navigation preloads (for a service worker)."""
        return [request for request, _, _, preload in self._log() if preload == "true"]

    def _log(self) -> list[tuple[str, int, int, str]]:
        log = self.work / "access.log"
        if not log.exists():
            return []
        entries = []
        for line in log.read_text(encoding="utf-8").splitlines():
            # format "local": … "GET /path HTTP/1.1" 200 1234 "true" (the preload header, "-" when absent)
            _, request, rest, preload, _ = line.split('"')
            status, sent = rest.split()[:2]
            entries.append((request, int(status), int(sent), preload))
        return entries


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve_locally(site: Path, nginx: str = "nginx") -> Iterator[LocalNginx]:
    """Run nginx (Debian's) with this configuration for `site` on a free loopback port; stop it on exit."""
    binary = shutil.which(nginx)
    if binary is None:
        raise FileNotFoundError(
            "nginx is not installed (Debian: apt-get install nginx libnginx-mod-http-brotli-static)"
        )
    if not BROTLI_MODULE.exists():
        raise FileNotFoundError(f"{BROTLI_MODULE} is missing (Debian: apt-get install libnginx-mod-http-brotli-static)")
    with tempfile.TemporaryDirectory(prefix="nginx-") as folder:
        work = Path(folder)
        # As root, nginx's workers would run as `nobody` and could not read a private temporary build.
        user = "user root;" if os.geteuid() == 0 else ""
        for _attempt in range(5):  # the free port can be taken between probing and binding: try another
            port = _free_port()
            (work / "site.conf").write_text(render(site, str(site.resolve()), f"127.0.0.1:{port}", "localhost"))
            (work / "nginx.conf").write_text(
                LOCAL_MAIN_CONF.format(work=work, user=user, modules=f"load_module {BROTLI_MODULE};")
            )
            command = [binary, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")]
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if _wait_for_port(port, process):
                break
            process.wait(timeout=10)
        else:
            raise RuntimeError(f"nginx did not start: {process.stderr.read().decode(errors='replace')}")
        try:
            yield LocalNginx(f"http://127.0.0.1:{port}", work, process)
        finally:
            process.terminate()  # SIGTERM: fast shutdown of the master and its worker
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    process.terminate()
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site to read policies from")
    parser.add_argument("--root", help="where the site's files are on the server (default: --site, absolute)")
    parser.add_argument("--listen", default="80", help="nginx listen value, e.g. 80 or 127.0.0.1:8080")
    parser.add_argument("--server-name", default="_", help="nginx server_name")
    args = parser.parse_args(argv)
    root = args.root or str(args.site.resolve())
    sys.stdout.write(render(args.site, root, args.listen, args.server_name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
