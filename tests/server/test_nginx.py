"""The production nginx configuration (deploy/) serving the built site: headers, types, caching, the 404 page, and
the calculators working through it (a verdict from its encoded files, offline, warm starts). What a calculator page
does whatever serves it is tests/browser's, checked once there."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

from deploy.nginx_conf import LocalNginx
from sitegen.modules import VERSION_DIGITS
from sitegen.runtime.pyodide_runtime import pyodide_version
from sitetools import (
    DONE_WHEN,
    SNAPSHOT_KEPT,
    poll,
    review_after_opening,
    start_mode,
    stop_service_workers,
    throttle,
    wait_for_service_worker_control,
    wait_status,
)

PYODIDE = f"/assets/pyodide/{pyodide_version()}"
META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def get(nginx: LocalNginx, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One GET to nginx; status, headers (lower-case names) and the body exactly as sent (not decoded)."""
    connection = http.client.HTTPConnection(urlsplit(nginx.url).netloc, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def page_path(site: Path, file: Path) -> str:
    """The address a reader uses for an HTML file: folders end with /, index.html is implied."""
    rel = file.relative_to(site).as_posix()
    return "/" + (rel.removesuffix("index.html"))


def test_every_page_sends_its_own_policy_as_a_header_and_only_embeds_may_be_framed(
    nginx: LocalNginx, site_dir: Path
) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 30
    for file in pages:
        path = page_path(site_dir, file)
        status, headers, _ = get(nginx, path)
        assert status == 200, path
        meta = unescape(META_CSP.search(file.read_text(encoding="utf-8")).group(1))
        framing = "frame-ancestors *" if path.startswith("/embed/") else "frame-ancestors 'none'"
        assert headers["content-security-policy"] == f"{meta}; {framing}", path
        assert "unsafe-inline" not in headers["content-security-policy"]
        runs_pyodide = path.startswith("/calculators/") and path != "/calculators/"
        assert ("'wasm-unsafe-eval'" in headers["content-security-policy"]) == runs_pyodide, path


def test_an_embed_shows_inside_another_site_and_a_clause_page_does_not(browser, nginx: LocalNginx, tmp_path) -> None:
    from sitetools import serve_folder

    (tmp_path / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>课件</title>'
        f'<iframe id="embed" src="{nginx.url}/embed/clause-08/"></iframe>'
        f'<iframe id="page" src="{nginx.url}/clauses/clause-08/"></iframe>',
        encoding="utf-8",
    )
    server, host = serve_folder(tmp_path)
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(host + "/index.html")
        page.wait_for_load_state("load")
        embed = page.frame_locator("#embed")
        assert "第（八）条" in embed.locator("body").inner_text(timeout=10000)
        # frame-ancestors 'none': Chromium replaces the framed clause page by its error page; no text of it shows.
        blocked = page.locator("#page").element_handle().content_frame()
        assert "（八）" not in blocked.evaluate("document.body ? document.body.innerText : ''")
        assert not blocked.url.startswith(nginx.url), blocked.url
    finally:
        context.close()
        server.shutdown()


def test_webassembly_and_modules_are_served_with_the_types_browsers_require(nginx: LocalNginx) -> None:
    expected = {
        f"{PYODIDE}/pyodide.asm.wasm": "application/wasm",
        "/calculators/worker.mjs": "text/javascript; charset=utf-8",
        f"{PYODIDE}/pyodide.mjs": "text/javascript; charset=utf-8",
        "/data/clauses.csv": "text/csv; charset=utf-8",
        "/data/notice.json": "application/json; charset=utf-8",
        "/changes/feed.atom": "application/atom+xml; charset=utf-8",  # feed readers go by the type
    }
    for path, content_type in expected.items():
        status, headers, _ = get(nginx, path)
        assert (status, headers["content-type"]) == (200, content_type), path
        assert headers["x-content-type-options"] == "nosniff"


def test_hashed_files_are_cached_for_a_year_and_pages_are_revalidated(nginx: LocalNginx, site_dir: Path) -> None:
    py = site_dir / "assets" / "calculators" / "py"
    hashed = [f"/assets/calculators/py/{f.name}" for f in py.iterdir() if re.search(r"-[0-9a-f]{12}\.", f.name)]
    hashed += [
        "/" + f.relative_to(site_dir).as_posix() for f in (site_dir / "assets" / "javascripts").glob("bundle.*.min.js")
    ]
    hashed += [f"{PYODIDE}/pyodide.asm.wasm", f"{PYODIDE}/pyodide.mjs"]  # the version in the path names the content
    # A URL that names a version of the content, as every page names its style sheets (sitegen/modules.py).
    style = rf'href="\.\./\.\.(/assets/stylesheets/site\.css\?v=[0-9a-f]{{{VERSION_DIGITS}}})"'
    hashed += sorted(set(re.findall(style, clause_page(site_dir))))
    assert len(hashed) >= 5
    for path in hashed:
        status, headers, _ = get(nginx, path)
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable", path
    for path in (
        "/",
        "/assets/stylesheets/site.css",
        "/clauses/clause-08/",
        "/calculators/land/",
        "/calculators/sw.js",
        "/calculators/worker.mjs",
        "/assets/calculators/py/runtime.json",
    ):
        status, headers, _ = get(nginx, path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["cache-control"] == "no-cache", path
        again, _, body = get(nginx, path, **{"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
        assert (again, body) == (304, b""), f"{path}: a revalidation costs no body"


def clause_page(site_dir: Path) -> str:
    return (site_dir / "clauses" / "clause-08" / "index.html").read_text(encoding="utf-8")


def test_a_missing_page_gets_the_sites_own_404_page(nginx: LocalNginx, site_dir: Path) -> None:
    status, headers, body = get(nginx, "/clauses/clause-99/")
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == (site_dir / "404.html").read_bytes()
    assert re.search("[\u4e00-\u9fff]", body.decode("utf-8")), "the 404 page is in Chinese"


def test_a_calculator_served_by_nginx_works_offline_after_one_visit(browser, nginx: LocalNginx) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{nginx.url}/calculators/land/")
        wait_status(page)
        wait_for_service_worker_control(page)
        poll(page, "(async () => (await caches.keys()).length)()", lambda n: n >= 1, 60)
        poll(
            page,
            """(async () => { const name = (await caches.keys()).find((n) => n.startsWith('calculators-'));
                 return Boolean(name) && (await (await caches.open(name)).keys()).some(r => r.url.endsWith('.wasm'));
              })()""",
            bool,
            60,
        )
        context.set_offline(True)
        review_after_opening(page, nginx.url + DONE_WHEN)
    finally:
        context.close()


def test_precompressed_copies_are_what_nginx_sends(nginx: LocalNginx, site_dir: Path) -> None:
    """The build's .br and .gz copies go out as they are (no per-request compression), by what the browser accepts."""
    for path in (f"{PYODIDE}/pyodide.asm.wasm", "/calculators/land/", "/search/index.json"):
        file = site_dir / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        for accept, encoding, suffix in (("br, gzip", "br", ".br"), ("gzip", "gzip", ".gz")):
            status, headers, body = get(nginx, path, **{"Accept-Encoding": accept})
            assert (status, headers.get("content-encoding")) == (200, encoding), (path, accept)
            assert body == file.with_name(file.name + suffix).read_bytes(), (path, accept)
            assert headers["vary"] == "Accept-Encoding"
        status, headers, body = get(nginx, path)
        assert "content-encoding" not in headers and body == file.read_bytes()


def snapshot_files(site_dir: Path) -> tuple[str, dict[str, int]]:
    """The snapshot's URL path (its raw name) and the sizes runtime.json gives for its forms."""
    manifest = json.loads((site_dir / "assets" / "calculators" / "py" / "runtime.json").read_text(encoding="utf-8"))
    return f"/assets/calculators/py/{manifest['snapshot']}", manifest["sizes"]


def sent(nginx: LocalNginx, since: int, path: str) -> list[int]:
    """Bytes nginx sent for path (each time it was sent) after the first `since` log entries."""
    log = nginx.access_log()[since:]
    return [size for request, status, size in log if request.split()[1] == path and status == 200]


@contextmanager
def first_visit(
    browser, nginx: LocalNginx, bits: float, latency: int, route=None, service_workers: str = "allow"
) -> Iterator[tuple[Page, int]]:
    """A first visit to the land calculator through a throttled link, its verdict shown: (page, log entries before).
    service_workers="block": the log holds the page's own downloads only (the calculators' service worker, started
    once the verdict shows, precaches the snapshot off the page's throttled link, so whether the log has it yet when
    the test reads it is a race)."""
    before = len(nginx.access_log())
    context = browser.new_context(locale="zh-CN", service_workers=service_workers)
    if route:
        context.route(*route)
    try:
        page = context.new_page()
        throttle(page, bits, latency)
        review_after_opening(page, nginx.url + DONE_WHEN)
        yield page, before
    finally:
        context.close()


# A link on which the first visit starts from the snapshot whatever the machine's load: at 20 Mbit/s its extra bytes
# take 0.6 s of the 1 s of CPU they save (worker.mjs linkIsFast), and on a busy machine the worker, reading the
# download late, once measured a slower link there and started plainly.
OFFICE_LINK = (100e6, 10)


def test_from_a_host_that_encodes_the_snapshot_comes_once_as_brotli(browser, nginx: LocalNginx, site_dir: Path) -> None:
    """On an office line the first visit starts from the snapshot: nginx sends its brotli copy (2.0 MB,
    not the 2.8 MB .gz), and the service worker keeps that very download (from the HTTP cache) for the next start
    and offline."""
    path, sizes = snapshot_files(site_dir)
    name = path.rsplit("/", 1)[1]
    with first_visit(browser, nginx, *OFFICE_LINK) as (page, before):
        assert start_mode(page) == "snapshot"
        kept = poll(page, SNAPSHOT_KEPT, bool, 60)
        assert kept == [nginx.url + path], "the service worker keeps the form the page fetched"
        assert sent(nginx, before, path) == [sizes[f"{name}.br"]], "sent once, as its brotli copy"
        assert sent(nginx, before, f"{path}.gz") == [], "the 3.6 MB .gz is not fetched as well"


def test_on_a_slow_link_the_standard_library_comes_once_as_brotli_and_the_snapshot_not_at_all(
    browser, nginx: LocalNginx, site_dir: Path
) -> None:
    """On a weak phone link (4 Mbit/s) the first visit starts plainly: the compiled standard library is stored in its
    zip, so nginx's brotli copy (0.9 MB, not the 1.3 MB .gz) is what crosses the link, once; the snapshot does not
    hold up the first verdict."""
    manifest = json.loads((site_dir / "assets" / "calculators" / "py" / "runtime.json").read_text("utf-8"))
    stdlib = f"/assets/calculators/py/{manifest['stdlib']}"
    snapshot, _ = snapshot_files(site_dir)
    with first_visit(browser, nginx, 4e6, 150, service_workers="block") as (page, before):
        assert start_mode(page) == "plain"
        assert sent(nginx, before, stdlib) == [manifest["sizes"][manifest["stdlib"] + ".br"]]
        assert sent(nginx, before, stdlib + ".gz") == [] and sent(nginx, before, snapshot) == []


def test_a_host_that_sends_the_snapshot_unencoded_gets_the_gz(browser, nginx: LocalNginx, site_dir: Path) -> None:
    """A host may compress the WebAssembly but not an unknown type: the worker sees the raw snapshot come unencoded
    (31 MB), cancels it and starts from the .gz."""
    path, sizes = snapshot_files(site_dir)
    tried: list[str] = []
    unencoded = (f"**{path}", lambda route: tried.append(path) or route.fulfill(status=200, body=b"\0" * 1_000_000))
    with first_visit(browser, nginx, *OFFICE_LINK, route=unencoded) as (page, before):
        assert tried, "the raw form was asked for"
        assert start_mode(page) == "snapshot"
        assert sent(nginx, before, f"{path}.gz") == [sizes[path.rsplit("/", 1)[1] + ".gz"]]


def controlled_visit(context, nginx: LocalNginx) -> Page:
    """The Done-when link opened once in a browser profile, until the calculators' service worker controls it."""
    page = context.new_page()
    review_after_opening(page, nginx.url + DONE_WHEN)
    wait_for_service_worker_control(page)
    return page


def test_a_warm_start_asks_the_host_for_no_engine_script(browser, nginx: LocalNginx) -> None:
    """Once the service worker holds the calculators, a second visit asks the host for the page (revalidated, so a
    redeploy shows at once) but not for runtime.json, which the page carries, nor for any of the engine's scripts:
    they are named by version."""
    context = browser.new_context(locale="zh-CN")
    try:
        controlled_visit(context, nginx)
        before = len(nginx.access_log())
        second = context.new_page()
        review_after_opening(second, nginx.url + DONE_WHEN)
        asked = [request.split()[1] for request, _, _ in nginx.access_log()[before:]]
        assert any(path.startswith("/calculators/land/") for path in asked), asked
        assert not any(path.startswith("/assets/calculators/py/runtime.json") for path in asked), asked
        # (calculators/sw.js is asked for: the browser checks the service worker for updates on each visit.)
        engine = re.compile(r"/(assets/calculators|assets/selfcheck|calculators)/(?!sw\.js)[^/]+\.m?js")
        scripts = [path for path in asked if engine.match(path)]
        assert not scripts, f"engine scripts fetched from the host on a warm start: {scripts}"
    finally:
        context.close()


def test_a_later_visit_asks_for_the_page_as_it_navigates(browser, nginx: LocalNginx) -> None:
    """nginx has pages revalidated, so on a later visit (the service worker stopped by then) the browser asks for the
    page while the worker starts (navigation preload) and the worker uses that answer: on a 150 ms link the page
    came one round trip sooner (responseStart 318 → 164 ms). The page is asked for once (without preload, Chromium
    sent its own request beside the worker's: twice)."""
    context = browser.new_context(locale="zh-CN")
    try:
        stop_service_workers(controlled_visit(context, nginx))
        before = len(nginx.access_log())
        second = context.new_page()
        review_after_opening(second, nginx.url + DONE_WHEN)
        pages = [r for r, _, _ in nginx.access_log()[before:] if r.split()[1].startswith("/calculators/land/")]
        assert len(pages) == 1, f"the page is asked for once: {pages}"
        assert pages[0] in nginx.preloaded(), "the page was asked for by the worker, not as the browser navigated"
    finally:
        context.close()
