"""The site's MkDocs plugin (sitegen/plugin.py), as MkDocs finds it: by its entry point, listed in mkdocs.yml.

Preview is known from the command MkDocs runs: `serve` (as `build.py serve` runs it) admits the live-reload script,
a build never, whatever the environment; a bad option or a missing runtime stops the build naming what is wrong.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Literal

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import build
from sitegen.plugin import plugin_of
from sitetools import ROOT

PAGE = "# 标题\n\n第一行\n第二行\n"


def tiny_site(tmp_path: Path, command: Literal["build", "serve"], pages_only: bool = True, page: str = PAGE) -> Path:
    """Build one Markdown page (and the staged search index the plugin completes) with mkdocs.yml, as `command`."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "search").mkdir(parents=True)
    (docs / "index.md").write_text(page, encoding="utf-8")
    (docs / "search" / "index.json").write_text(json.dumps({"entries": []}), encoding="utf-8")
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), nav=[{"首页": "index.md"}])
    plugin_of(config).config.pages_only = pages_only
    config.plugins.on_startup(command=command, dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return site


def script_sources(site: Path) -> str:
    html = (site / "index.html").read_text(encoding="utf-8")
    return html.split('http-equiv="Content-Security-Policy"', 1)[1].split("script-src", 1)[1].split(";", 1)[0]


def test_serve_previews_and_a_build_does_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "'unsafe-inline'" in script_sources(tiny_site(tmp_path / "serve", "serve"))
    monkeypatch.setenv("SITE_PREVIEW", "1")  # an old switch: the environment never previews
    assert "'unsafe-inline'" not in script_sources(tiny_site(tmp_path / "build", "build"))


def test_the_plugin_joins_chinese_lines_and_indexes_the_page(tmp_path: Path) -> None:
    site = tiny_site(tmp_path, "build")
    assert "第一行第二行" in (site / "index.html").read_text(encoding="utf-8")
    entries = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))["entries"]
    assert [e["title"] for e in entries] == ["首页"] and "第一行第二行" in entries[0]["text"]


def test_a_full_build_without_a_staged_runtime_stops(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(Abort):
        tiny_site(tmp_path, "build", pages_only=False)
    assert "assets/calculators/py/runtime.json missing" in caplog.text


def test_a_bad_option_names_the_file_and_the_option(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        # docs_dir given: mkdocs.yml names the staging folder, which a fresh clone has not made yet.
        load_config(
            str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), plugins=[{"sitegen": {"pages_only": "yes please"}}]
        )
    where = f"(in {ROOT / 'mkdocs.yml'}, under plugins: - sitegen:)"
    assert f"option 'pages_only': write true or false, not 'yes please' {where}" in caplog.text


def test_build_py_names_the_warning_that_stops_a_strict_build(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    handler = build.show_mkdocs_problems()
    try:
        with pytest.raises(Abort, match="1 warnings in strict mode"):
            tiny_site(tmp_path, "build", page="[条款](missing.md)\n")
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert "MkDocs WARNING: Doc file 'index.md' contains a link 'missing.md'" in capfd.readouterr().err


def test_without_the_project_installed_the_build_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "entry_points", lambda **_: ())
    with pytest.raises(build.PluginMissing, match="run `make install`"):
        build.mkdocs_config(None, ROOT / "docs", ROOT / "site")  # type: ignore[arg-type]
