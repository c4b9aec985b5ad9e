"""The site navigation, generated from policy/ so that clause titles and order live in one place.

build.py passes `navigation(policy, staging)` to MkDocs as `nav`; every path is relative to build/docs/, and a
page it names that the stage steps did not write stops the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import escape

from ..loading.model import Policy

NavEntry = str | dict[str, Any]  # a page, or {title: page or list of entries}


def _title(text: str) -> str:
    """A nav title from policy data: MkDocs prints nav titles as HTML, so text must arrive escaped."""
    return str(escape(text))


def clause_entries(policy: Policy) -> list[NavEntry]:
    """The clauses grouped by section: {"一、加强规划和设计": [{"（一）…": "clauses/clause-01.md"}, …]}."""
    by_id = {c.id: c for c in policy.clauses}
    return [
        {
            _title(f"{section.label}、{section.title}"): [
                {_title(f"{by_id[cid].label}{by_id[cid].title}"): f"clauses/{cid}.md"} for cid in section.clauses
            ]
        }
        for section in policy.sections
    ]


def calculator_entries() -> list[NavEntry]:
    """自查计算: the overview, then one entry per calculator in the engine's order, titled as the engine names it."""
    from calculators import CALCULATORS

    return [
        "calculators/index.md",
        *({_title(module.TITLE): f"calculators/{name}.md"} for name, module in CALCULATORS.items()),
    ]


def _pages(item: NavEntry | list[Any] | str) -> list[str]:
    """Every page path a nav entry names, however deeply nested."""
    if isinstance(item, str):
        return [item]
    children = item.values() if isinstance(item, dict) else item
    return [path for child in children for path in _pages(child)]


class MissingPage(RuntimeError):
    """The navigation names a page no build step wrote: the build stops instead of leaving a section out."""


def navigation(policy: Policy, docs_dir: Path) -> list[NavEntry]:
    """The whole nav: home, 原文, the clauses by section, the indexes, the tools, about.

    Every page it names must exist in docs_dir (build/docs/): a missing one raises MissingPage.
    """
    nav: list[NavEntry] = [
        {"首页": "index.md"},
        {"原文": "text/index.md"},
        {"条款": ["clauses/index.md", *clause_entries(policy)]},
        {
            "索引": [
                {"主题索引": "topics/index.md"},
                {"对象索引": "parties/index.md"},
                {"术语表": "glossary/index.md"},
                {"引用文件": "documents/index.md"},
                {"地区名录": "regions/index.md"},
            ]
        },
        {"自查计算": calculator_entries()},
        {"审阅自查文件": "calculators/selfcheck/review.md"},
        {"义务清单": "obligations/index.md"},
        {"数据下载": "data/index.md"},
        {"变更记录": "changes/index.md"},
        # about.md opens the section (navigation.indexes); the pages about how the site is measured sit under it.
        {
            "关于本站": [
                "about.md",
                {"纠错": "feedback.md"},
                {"无障碍说明": "accessibility.md"},
                {"性能测量": "performance.md"},
                {"质量检查": "quality.md"},
                {"结论代码": "findings.md"},
            ]
        },
    ]
    missing = [path for path in _pages(nav) if not (docs_dir / path).is_file()]
    if missing:
        raise MissingPage(
            f"the navigation names {', '.join(missing)}, but {docs_dir} has no such file: "
            "a stage step (sitegen/steps.py) should have written it, or docs/ should hold it"
        )
    return nav
