"""Preview is known from the command: `build.py serve` hands MkDocs a config saying so (extra.preview), and only
then does the CSP hook admit the live-reload script; a build (no such setting, whatever the environment) never."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from sitegen.hooks import csp_hook

PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><script>x()</script></body>'


def script_sources(site: Path, extra: dict) -> str:
    """The script-src the hook gives a page of a site built with this `extra`."""
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    csp_hook.on_post_build({"site_dir": str(site), "extra": extra})
    text = (site / "index.html").read_text(encoding="utf-8")
    return text.split("script-src", 1)[1].split(";", 1)[0]


def test_serve_previews_and_a_build_does_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "'unsafe-inline'" in script_sources(tmp_path, build.PREVIEW)
    monkeypatch.setenv("SITE_PREVIEW", "1")  # the old switch: an environment variable no longer previews
    assert "'unsafe-inline'" not in script_sources(tmp_path, {})
