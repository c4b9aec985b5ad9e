"""No file the site serves names the folder it was built in: a builder's paths are nobody's business, and a file
that holds one differs between two checkouts of the same commit (the memory snapshot did: Emscripten keeps the
snapshot script's absolute path as the program's name)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_served_file_names_the_checkout_it_was_built_in(site_dir: Path) -> None:
    needle = str(ROOT).encode()
    holding = [
        p.relative_to(site_dir).as_posix()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file() and p.suffix not in {".br", ".gz"} and needle in p.read_bytes()
    ]
    assert not holding, f"these files name the checkout {ROOT}: {holding}"
