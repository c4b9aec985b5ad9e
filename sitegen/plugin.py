"""Stage 4, the project's MkDocs plugin: what the site adds to MkDocs' own build of the staged pages.

Built as mkdocs-material builds its plugins: a `BasePlugin` typed by its `Config`, registered under the
`mkdocs.plugins` entry point (pyproject.toml: `sitegen`, installed by `make install`) and listed under `plugins:` in
mkdocs.yml. Its events:
- every page's Markdown: the lines it breaks inside a Chinese sentence joined (sitegen/han.py: Markdown would show
  each break as a space, a gap in Chinese);
- the theme's templates get `module_imports` (what boot.js imports, preloaded), `runtime_manifest` (the staged
  runtime.json, which the pages that run the engine carry and hand the worker: no round trip for it);
- every rendered page that the notice's own entries do not cover adds its sections to the staged search index
  (sitegen/search/pages.py);
- every HTML file MkDocs wrote gets its Content-Security-Policy (sitegen/csp.py), the preview policy only when the
  command previews: MkDocs says which command runs (`on_startup`), `serve` for `build.py serve`.
The build's state (the command, the rendered pages) lives on the plugin object, which MkDocs keeps for one
command: a `serve` rebuilds with the same object, and `build.py` starts and shuts it down around each build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import csp
from .han import join_wrapped_lines
from .modules import module_imports
from .runtime.pyodide_runtime import MANIFEST_PATH
from .search.index import INDEX_PATH, dump
from .search.pages import page_entries

# The name mkdocs.yml lists it by, as pyproject.toml registers it under `mkdocs.plugins`.
NAME = "sitegen"


class Flag(config_options.Type[bool]):
    """A yes/no option whose error says what YAML should hold (MkDocs' own names Python types)."""

    def __init__(self, default: bool) -> None:
        super().__init__(bool, default=default)

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise base.ValidationError(f"write true or false, not {value!r}")


# MkDocs types its classes but not their `__init_subclass__`, which every subclass calls.
class SitegenConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in mkdocs.yml (`plugins: - sitegen: {pages_only: false}`)."""

    # A build of the pages alone (`build.py pages`, which sets it): no runtime is staged, so the pages that run the
    # engine carry `null` and their worker fetches runtime.json. In any other build a missing runtime.json stops it.
    pages_only = Flag(default=False)


class SitegenPlugin(BasePlugin[SitegenConfig]):  # type: ignore[no-untyped-call]
    """The site's additions to MkDocs (see the module's docstring)."""

    def __init__(self) -> None:
        self.preview = False  # the command previews (MkDocs' serve): the CSP admits the live-reload script
        self.pages: list[tuple[str, str, str]] = []  # (url, title, content HTML) of this build's pages

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """MkDocs' validation, each problem also naming the file and where in it the option is set."""
        errors, warnings = super().load_config(options, config_file_path)
        where = f" (in {config_file_path or 'mkdocs.yml'}, under plugins: - {NAME}:)"
        return [(key, f"{error}{where}") for key, error in errors], [(key, f"{w}{where}") for key, w in warnings]

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Preview only for `serve` (MkDocs calls this once per command; build.py does for each build)."""
        self.preview = command == "serve"

    def on_shutdown(self) -> None:
        """MkDocs keeps this object for the process: a later build that skips on_startup must not preview."""
        self.preview = False

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.pages = []

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page's Markdown, its wrapped Chinese lines joined."""
        return join_wrapped_lines(markdown)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep the page's content HTML (unchanged) for the search index, written after the build."""
        self.pages.append((page.url, page.title or "", html))
        return html

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Give the theme's templates `module_imports` and `runtime_manifest`."""
        manifest = self.runtime_manifest(Path(config["docs_dir"]))
        env.globals["module_imports"] = module_imports
        env.globals["runtime_manifest"] = lambda: manifest
        return env

    def runtime_manifest(self, docs: Path) -> Markup:
        """The staged runtime.json on one line, safe inside <script type="application/json"> (no "<" can close it);
        `null` in a build of the pages alone, where the worker fetches it."""
        staged = docs / MANIFEST_PATH
        if self.config.pages_only:
            manifest = None
        elif staged.exists():
            manifest = json.loads(staged.read_text(encoding="utf-8"))
        else:
            raise PluginError(f"{staged} missing: the runtime step (sitegen/runtime/pyodide_runtime.py) did not run")
        return Markup(json.dumps(manifest, separators=(",", ":")).replace("<", "\\u003c"))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The CSP on every HTML file MkDocs wrote (Markdown pages, theme templates such as 404.html, standalone
        views copied from the stage alike); then the rendered pages' sections into the search index."""
        site = Path(config["site_dir"])
        csp.apply_tree(site, preview=self.preview)
        self.complete_search_index(site)

    def complete_search_index(self, site: Path) -> None:
        """Add the pages' sections to the staged index; pages the notice's entries already cover are skipped."""
        target = site / INDEX_PATH
        if not target.exists():
            raise PluginError(f"{target} missing: the stage step sitegen.search.index.write_policy_index did not run")
        index = json.loads(target.read_text(encoding="utf-8"))
        covered = {e["url"].split("#")[0] for e in index["entries"]}
        for url, title, html in sorted(self.pages):
            if url not in covered:
                index["entries"] += page_entries(url, title, html)
        target.write_text(dump(index), encoding="utf-8")


def plugin_of(config: MkDocsConfig) -> SitegenPlugin:
    """This configuration's sitegen plugin; an error naming the file when mkdocs.yml does not list it."""
    plugin = config.plugins.get(NAME)
    if not isinstance(plugin, SitegenPlugin):
        raise PluginError(f"{config.config_file_path}: plugins: must list `{NAME}` (sitegen/plugin.py)")
    return plugin
