"""The navigation (sitegen/pages/navigation.py): every page it names exists, or the build stops saying which."""

from __future__ import annotations

from pathlib import Path

import pytest

from calculators import CALCULATORS
from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy
from sitegen.pages.navigation import MissingPage, _pages, navigation

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def staged(tmp_path: Path, policy: Policy) -> Path:
    """A build/docs/ stand-in holding every page the navigation names."""
    for path in _pages(_expected(policy)):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("# page\n", encoding="utf-8")
    return tmp_path


def _expected(policy: Policy) -> list[object]:
    """The pages the site must show in its navigation: every hand-written page of docs/ and every generated one."""
    written = [path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").rglob("*.md")]
    clauses = [f"clauses/{c.id}.md" for c in policy.clauses]
    calculators = [f"calculators/{name}.md" for name in CALCULATORS]
    generated = ["index.md", "text/index.md", "clauses/index.md", "calculators/index.md", "obligations/index.md"]
    indexes = ["topics/index.md", "parties/index.md", "glossary/index.md", "documents/index.md", "regions/index.md"]
    review = "calculators/selfcheck/review.md"  # 审阅自查文件
    changes = "changes/index.md"  # 变更记录
    return [*written, *generated, *indexes, "data/index.md", changes, "findings.md", review, *clauses, *calculators]


def test_every_page_is_in_the_navigation(tmp_path: Path, policy: Policy) -> None:
    nav = navigation(policy, staged(tmp_path, policy))
    assert sorted(_pages(nav)) == sorted(_pages(_expected(policy)))


@pytest.mark.parametrize("page", ["obligations/index.md", "data/index.md", "calculators/far.md"])
def test_a_missing_generated_page_stops_the_build_naming_it(tmp_path: Path, policy: Policy, page: str) -> None:
    docs = staged(tmp_path, policy)
    (docs / page).unlink()
    with pytest.raises(MissingPage, match=page):
        navigation(policy, docs)
