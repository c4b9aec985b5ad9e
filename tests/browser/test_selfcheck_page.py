"""全文自查 in real Chromium: each role's questions are policy/'s provisions, answers survive a reload, the exported
file is the engine's request and `python -m calculators selfcheck` gives the browser's report, the review page
flags an edited verdict and filters, the printed report fits two A4 pages with the summary on page 1, the short
address and the 义务清单 lead to it, and the review page with a flagged file passes axe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from quality._visits import axe_violations

from sitetools import ROOT, poll

PAGE = "/calculators/selfcheck/"
REVIEW = "/calculators/selfcheck/review/"
START_TIMEOUT = 90  # seconds: a cold Pyodide start on a busy 2-core machine
VOCABULARY = yaml.safe_load((ROOT / "policy" / "vocabularies.yaml").read_text(encoding="utf-8"))
CLAUSES = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((ROOT / "policy" / "clauses").glob("*.yaml"))]
STRENGTH_NAMES = {s["id"]: s["name"].split("（")[0] for s in VOCABULARY["strengths"]}


def report_status(page, accept=lambda s: s not in ("pending", None)) -> str:
    return poll(page, "document.getElementById('calc-result').dataset.status", accept, START_TIMEOUT)


def answers_seen(page) -> int:
    return int(page.evaluate("document.getElementById('calc-result').dataset.answers || 0"))


def settle(page, before: int) -> None:
    """Wait until the engine has answered after a change (the report is redrawn at least once more)."""
    poll(page, "Number(document.getElementById('calc-result').dataset.answers || 0)", lambda n: n > before, 30)


def expected(party: str) -> list[dict]:
    return [p for clause in CLAUSES for p in clause["provisions"] if party in [d["party"] for d in p["duties"]]]


@pytest.mark.parametrize("party", [party["id"] for party in VOCABULARY["parties"]])
def test_each_roles_questions_are_its_provisions_once_verbatim_with_their_strength(page, base_url, party) -> None:
    page.goto(f"{base_url}{PAGE}?role={party}")
    shown = page.locator(".sc-item:visible")
    want = expected(party)
    assert [shown.nth(i).get_attribute("data-provision") for i in range(shown.count())] == [p["id"] for p in want]
    for index, provision in enumerate(want):
        item = shown.nth(index)
        assert item.locator(".sc-text").inner_text().removesuffix(" 原文") == provision["text"]
        strength = next(d["strength"] for d in provision["duties"] if d["party"] == party)  # the role's own
        assert item.locator(".strength-chip:visible").inner_text() == STRENGTH_NAMES[strength]
        labels = item.locator(".sc-answer").all_inner_texts()
        binding = next(s for s in VOCABULARY["strengths"] if s["id"] == strength)["binding"]
        assert ("不符合" in labels) is binding and any(label.startswith("未") for label in labels) is not binding
    assert page.is_checked(f'input[name="role"][value="{party}"]')


def test_answers_are_saved_as_one_types_and_survive_a_reload(page, base_url) -> None:
    page.goto(f"{base_url}{PAGE}?role=party-tenant")
    assert report_status(page) == "review"  # nothing answered yet: 未作答
    assert not page.locator("#calc-example-note").is_visible(), "an empty form: no note on what it holds"
    before = answers_seen(page)
    page.locator('#q-clause-10-p2 input[value="no"]').check()
    page.locator("#n-clause-10-p2").press_sequentially("3 号楼 201 室转租")
    settle(page, before)
    assert report_status(page, lambda s: s == "fail") == "fail"
    first = poll(page, "document.querySelector('.sc-attention li')?.innerText || ''", lambda t: "转租）" in t, 20)
    assert "不符合" in first and "（十）" in first and "3 号楼 201 室转租" in first
    page.reload()
    assert "已恢复" in page.locator("#calc-example-note").inner_text(), "the note says the answers are the saved ones"
    assert page.is_checked('#q-clause-10-p2 input[value="no"]')
    assert page.input_value("#n-clause-10-p2") == "3 号楼 201 室转租"
    assert report_status(page) == "fail"


def test_a_first_visit_shows_the_worked_example_and_says_so(page, base_url) -> None:
    page.goto(f"{base_url}{PAGE}")
    assert report_status(page) == "fail"
    assert page.locator("#calc-example-note").is_visible()
    assert page.is_checked('input[name="role"][value="party-developer"]')
    # 不符合 first, by clause: the room height developers 应 design for (（四）) before the price over the cap (（八）);
    # the buy-back (（十）), which developers are only encouraged to do, is no 不符合.
    items = page.locator(".sc-attention li").all_inner_texts()
    failing = [text for text in items if text.startswith("不符合")]
    assert items[: len(failing)] == failing and "（四）" in failing[0] and "1-201" in failing[1]
    assert not [text for text in failing if "（十）" in text]


def export(page, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.click("#sc-export")
    target = tmp_path / "selfcheck.json"
    download.value.save_as(target)
    return target


def cli(file: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "calculators", "selfcheck"],
        cwd=ROOT,
        input=file.read_bytes(),
        capture_output=True,
        check=False,
    )
    return json.loads(result.stdout)


def test_the_export_is_the_engines_request_and_the_command_line_gives_the_same_report(
    browser, base_url, tmp_path
) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base_url}{PAGE}")
    report_status(page, lambda s: s == "fail")
    file = export(page, tmp_path)
    saved = json.loads(file.read_text(encoding="utf-8"))
    assert saved["role"] == "party-developer" and saved["plan"]["land"]["county"] == "淳安县"
    again = cli(file)
    assert again["verification"] == {"status": "match", "differences": []}
    assert {**again, "verification": None} == {**saved["report"], "verification": None}
    context.close()
    # Imported into a fresh browser, the same answers give the same report.
    other = browser.new_context(locale="zh-CN")
    fresh = other.new_page()
    fresh.goto(f"{base_url}{PAGE}?role=party-tenant")
    report_status(fresh)
    fresh.set_input_files("#sc-import", str(file))
    poll(fresh, "document.querySelector('input[name=role]:checked')?.value", lambda v: v == "party-developer", 10)
    assert report_status(fresh, lambda s: s == "fail") == "fail"
    assert fresh.input_value("#n-clause-10-p2") == saved["answers"]["clause-10-p2"]["note"]
    poll(fresh, "document.querySelector('.sc-summary').innerText", lambda t: "不符合 1 句" in t, 20)
    other.close()


def test_the_review_page_recomputes_flags_an_edited_verdict_and_filters(page, base_url, tmp_path) -> None:
    page.goto(f"{base_url}{PAGE}")
    report_status(page, lambda s: s == "fail")
    clean = export(page, tmp_path)
    data = json.loads(clean.read_text(encoding="utf-8"))
    for finding in data["report"]["findings"]:
        if finding["check"] == "prices.sale":
            finding["status"] = "pass"  # someone made the price over the cap look compliant
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page.goto(f"{base_url}{REVIEW}")
    page.set_input_files("#sc-open", str(tampered))
    assert report_status(page) == "fail"  # recomputed, not the file's word
    box = page.locator(".sc-verification")
    assert box.get_attribute("data-verification") == "mismatch" and box.get_attribute("role") == "alert"
    assert "prices.sale" in box.inner_text() and "不符合" in box.inner_text()
    assert not page.locator("#calc-form").count()  # read-only: nothing to answer
    page.select_option("#sc-filter-outcome", "no")
    visible = page.locator(".sc-report-item:visible")
    assert visible.count() == 1 and visible.first.get_attribute("data-provision") == "clause-04-p2"
    assert "应根据园区产业定位" in visible.first.inner_text()  # the words that bind developers, quoted
    page.select_option("#sc-filter-outcome", "")
    page.select_option("#sc-filter-clause", "4")
    clauses = {visible.nth(i).get_attribute("data-clause") for i in range(visible.count())}
    assert clauses == {"4"} and visible.count() == len([p for p in expected("party-developer") if "04" in p["id"]])
    assert not axe_violations(page)
    # The untouched file matches.
    page.goto(f"{base_url}{REVIEW}")
    page.set_input_files("#sc-open", str(clean))
    report_status(page)
    poll(page, "document.querySelector('.sc-verification')?.dataset.verification", lambda v: v == "match", 20)


def test_the_printed_report_is_at_most_two_a4_pages_with_the_summary_first(page, base_url, tmp_path) -> None:
    page.goto(f"{base_url}{PAGE}")
    report_status(page, lambda s: s == "fail")
    page.emulate_media(media="print")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= 2, pages
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for text in (
        "全文自查报告",
        "示例小微企业园（一期）",
        "开发单位",
        "2026-11-30",
        "有不符合的事项",
        "需要处理的事项",
    ):
        assert text in first.replace(" ", ""), text
    assert "逐句自查" not in first  # the questions themselves are not printed, only the report
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # each clause's address beside its QR code (a narrow column may break it anywhere before "/clause-10/")
    assert "/clause-10/" in whole.replace("\n", "")


def test_the_short_address_and_the_obligations_list_open_the_self_check(page, base_url) -> None:
    page.goto(f"{base_url}/selfcheck/?role=party-operator#q-clause-13-p1")
    page.wait_for_url("**/calculators/selfcheck/?role=party-operator#q-clause-13-p1")
    assert page.is_checked('input[name="role"][value="party-operator"]')
    page.goto(f"{base_url}/obligations/")
    links = page.locator(".reuse-selfcheck a")
    assert links.count() == len(VOCABULARY["parties"])
    page.locator('tr[data-provision="clause-10-p2"] a.check-link').click()
    page.wait_for_url("**/calculators/selfcheck/?role=party-tenant#q-clause-10-p2")
    assert page.locator("#q-clause-10-p2").is_visible()


def test_a_share_link_carries_the_answers(browser, base_url) -> None:
    context = browser.new_context(locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}{PAGE}?role=party-tenant")
    report_status(page)
    page.locator('#q-clause-10-p2 input[value="na"]').check()
    page.click("#sc-copy-link")
    poll(page, "document.getElementById('sc-action-note').textContent", lambda t: "已复制" in t, 10)
    link = page.evaluate("navigator.clipboard.readText()")
    assert "#data=" in link
    context.close()
    other = browser.new_context(locale="zh-CN")
    fresh = other.new_page()
    fresh.goto(link)
    assert report_status(fresh) == "not_applicable"
    assert fresh.is_checked('#q-clause-10-p2 input[value="na"]')
    assert "链接中的内容" in fresh.locator("#calc-example-note").inner_text(), "the note says the answers came by link"
    other.close()
