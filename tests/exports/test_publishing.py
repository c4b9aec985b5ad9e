"""Publishing addresses: a build whose site_url is a placeholder is a preview and says so on every QR code, card
and reuse box; `build.py dist` (make dist) refuses to make a release without a real SITE_URL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen import urls
from sitegen.exports.qr import clause_qr_svg
from sitegen.exports.views import render_view
from sitegen.loading.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
REAL = "https://xwqy.example-province.cn/zxwyb/"  # a made-up but non-reserved address


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://zxwyb-2022-3.example.org/", True),
        ("https://example.com/x/", True),
        ("http://127.0.0.1:8000/", True),
        ("https://site.test/", True),
        ("https://localhost/", True),
        (REAL, False),
        ("https://www.zj.gov.cn/", False),
        ("https://notexample.org/", False),
    ],
)
def test_reserved_and_loopback_hosts_are_placeholders(url: str, placeholder: bool) -> None:
    assert urls.is_placeholder(url) is placeholder


def _dist(env_site_url: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    if env_site_url is not None:
        env["SITE_URL"] = env_site_url
    return subprocess.run(
        [sys.executable, "build.py", "dist"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("value", [None, "", "https://zxwyb-2022-3.example.org/", "zxwyb.gov.cn"])
def test_dist_refuses_without_a_real_site_url(value: str | None) -> None:
    result = _dist(value)
    assert result.returncode == 2, result.stderr
    assert "SITE_URL" in result.stderr


def test_release_problem_accepts_a_real_address() -> None:
    assert urls.release_problem({"SITE_URL": REAL}) is None


@pytest.fixture
def served_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str | None], None]]:
    """Set SITE_URL for the URL helpers (their answer is cached per process)."""

    def use(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("SITE_URL", raising=False)
        else:
            monkeypatch.setenv("SITE_URL", value)
        urls.site_url.cache_clear()

    yield use
    monkeypatch.delenv("SITE_URL", raising=False)
    urls.site_url.cache_clear()


def test_preview_marks_qr_codes_and_cards_and_a_release_does_not(served_at) -> None:
    policy = load_policy()
    clause = policy.clause_by_number(8)
    served_at(None)
    assert urls.is_preview()
    assert "预览" in clause_qr_svg(policy, clause)
    assert 'class="preview"' in render_view(policy, clause, "card")
    served_at(REAL)
    assert not urls.is_preview()
    svg = clause_qr_svg(policy, clause)
    assert "预览" not in svg and f"{REAL}clauses/clause-08/" in svg
    card = render_view(policy, clause, "card")
    assert 'class="preview"' not in card and "xwqy.example-province.cn/zxwyb/clauses/clause-08/" in card
