"""Phone-first details in Chromium: embeds on slides and in frames without embed-resize.js, WeChat's in-app
browser, the 跳到正文 skip link, and the floating buttons at 200 % zoom.

Screenshots go to $SCREENSHOT_DIR when it is set (none are made otherwise); look at them after a change.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sitegen.exports.views import embed_height
from sitegen.loading.policy import load_policy
from sitetools import MIN_TAP, Shots, fill_example, poll, serve_folder

WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 "
    "Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64"
)
HINT = "请点右上角，在浏览器中打开"
LONGEST = "clause-01"  # the longest clause text (150 characters)
# The frames a slide and a narrow column without embed-resize.js give the embed: (id, width, height, query).
FRAMES = [("slide", 960, 540, ""), ("asked", 640, 360, "?size=slide"), ("narrow", 320, 0, ""), ("short", 320, 180, "")]


@pytest.fixture(scope="module")
def host(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A slide deck's page on another origin that embeds the longest clause with no script of ours."""
    clause = next(c for c in load_policy().clauses if c.id == LONGEST)
    folder = tmp_path_factory.mktemp("slides")
    frames = "".join(
        f'<iframe id="{name}" src="{base_url}/embed/{LONGEST}/{query}" width="{w}" height="{h or embed_height(clause)}"'
        f' style="border:0;display:block;margin:0 0 16px" title="第一条"></iframe>'
        for name, w, h, query in FRAMES
    )
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>课件</title><body style="margin:0">{frames}',
        encoding="utf-8",
    )
    server, url = serve_folder(folder)
    yield url
    server.shutdown()


FRAME_STATE = """() => {
    const whole = (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight + 0.5; };
    const text = document.querySelector('.text');
    return {size: document.documentElement.dataset.size || '', font: parseFloat(getComputedStyle(text).fontSize),
            citation: whole(document.querySelector('cite')), link: whole(document.querySelector('a.more')),
            scrolls: text.scrollHeight > text.clientHeight + 1,
            page: document.documentElement.scrollHeight > innerHeight};
}"""


def test_embeds_fill_a_slide_with_large_type_and_never_clip_the_citation_without_our_script(
    new_page, host: str, shots: Shots
) -> None:
    page = new_page({"width": 1000, "height": 1400})
    try:
        page.goto(host + "/index.html", wait_until="load")
        state = {name: page.frame_locator(f"#{name}").locator("html").evaluate(FRAME_STATE) for name, *_ in FRAMES}
        for name in ("slide", "asked"):  # by frame size, and asked for
            assert state[name]["size"] == "slide", state
        assert state["slide"]["font"] >= 28 and not state["slide"]["scrolls"], state  # projected, whole
        assert state["asked"]["font"] >= 20, state
        assert state["narrow"]["size"] == "" and state["narrow"]["font"] <= 16, state
        for name, *_ in FRAMES:
            assert state[name]["citation"] and state[name]["link"], f"{name}: citation or link clipped: {state}"
            assert not state[name]["page"], f"{name}: the frame scrolls: {state}"
        shots.take(page.locator("#slide"), "embed-slide-960x540.png")
        shots.take(page.locator("#narrow"), "embed-320-no-script.png")
        shots.take(page.locator("#short"), "embed-320x180-no-script.png")
    finally:
        page.close()


def test_wechat_shows_how_to_open_a_browser_beside_downloads_print_and_files(
    new_page, base_url: str, shots: Shots
) -> None:
    phone = {"width": 390, "height": 844}
    page, plain = new_page(phone, user_agent=WECHAT), new_page(phone)
    try:
        for url, actions in (
            ("clauses/clause-08/", ".reuse-actions"),
            ("data/", ".downloads"),
            ("calculators/land/", ".calc-actions"),
        ):
            page.goto(f"{base_url}/{url}")
            hint = page.locator(f"{actions} >> xpath=preceding-sibling::*[1][contains(@class, 'wechat-hint')]")
            assert HINT in hint.first.text_content(), url
        page.locator(".calc-actions").scroll_into_view_if_needed()
        shots.take(page, "wechat-calculator-390.png")
        plain.goto(f"{base_url}/data/")
        assert plain.locator(".wechat-hint").count() == 0, "the hint shows outside WeChat"
    finally:
        page.close()
        plain.close()


SKIP_PAGES = ["", "clauses/clause-08/", "about/", "data/", "calculators/selfcheck/review/"]


def test_the_first_tab_on_every_kind_of_page_is_the_skip_link_to_the_content(new_page, base_url: str) -> None:
    page = new_page({"width": 1366, "height": 900})
    try:
        for url in SKIP_PAGES:
            page.goto(f"{base_url}/{url}")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文", url
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            inside = "Boolean(document.activeElement.closest('.md-content'))"
            assert page.evaluate(inside), f"{url}: the next Tab after 跳到正文 is not in the content"
    finally:
        page.close()


BUTTONS = """() => [...document.querySelectorAll('.md-top, .calc-jump')].filter((e) => {
    const style = getComputedStyle(e);
    return style.display !== 'none' && style.opacity !== '0' && !e.hidden;
}).map((e) => { const r = e.getBoundingClientRect(); return {cls: e.className, top: r.top, bottom: r.bottom,
    left: r.left, right: r.right}; })"""
FOCUSED_BOTTOM = "document.activeElement.getBoundingClientRect().bottom"
BAND = 48  # px: the bottom band the floating buttons share


def test_at_200_percent_zoom_floating_buttons_sit_in_a_bottom_band_never_over_what_is_read(
    new_page, base_url: str, shots: Shots
) -> None:
    # 1366 × 768 at 200 %: a 683 × 384 CSS-pixel viewport at twice the pixel density.
    page = new_page({"width": 683, "height": 384}, device_scale_factor=2, reduced_motion="reduce")
    try:
        for url in ("clauses/clause-08/", "calculators/land/"):
            page.goto(f"{base_url}/{url}")
            page.mouse.move(300, 200)
            page.mouse.wheel(0, 1200)
            poll(page, "scrollY", lambda y: y > 600, 10)
            page.mouse.wheel(0, -200)  # scrolling up brings 回到页面顶部
            shown = poll(page, BUTTONS, lambda buttons: any("md-top" in b["cls"] for b in buttons), 10)
            assert any("md-top" in b["cls"] for b in shown), f"{url}: 回到页面顶部 not shown: {shown}"
            for button in shown:
                assert button["top"] >= 384 - BAND and button["bottom"] <= 384.5, f"{url}: floats over text: {button}"
            if len(shown) == 2:
                first, second = sorted(shown, key=lambda b: b["left"])
                assert first["right"] <= second["left"] + 0.5, f"{url}: the buttons overlap: {shown}"
            shots.take(page, f"zoom200-{url.strip('/').replace('/', '-')}.png")
            # Every field reached by Tab is scrolled above the band, never under it.
            page.evaluate("window.scrollTo(0, 0)")
            for _ in range(25):
                page.keyboard.press("Tab")
                if page.evaluate("Boolean(document.activeElement.closest('.md-content'))"):
                    assert page.evaluate(FOCUSED_BOTTOM) <= 384 - BAND + 4, f"{url}: a focused field is under the band"
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            last = page.evaluate("document.querySelector('.md-footer').getBoundingClientRect().bottom")
            assert last <= 384 - 2.4 * 20 + 1, f"{url}: the page's end stays under the band"
    finally:
        page.close()


SECTIONS = """() => [...document.querySelectorAll('details.calc-section')].map((part) => ({
    key: part.dataset.section, open: part.open,
    count: part.querySelector('.calc-section-count').textContent,
    status: part.querySelector('.calc-section-count').dataset.status}))"""


def test_the_plan_folds_by_part_each_counting_what_is_filled_and_naming_its_worst_finding(
    new_page, base_url: str, shots: Shots
) -> None:
    import calculators
    from calculators import plan, registry
    from calculators.findings import STATUS_LABELS, STATUS_ORDER

    parts = [part.NAME for part in registry.in_plan()]
    page = new_page({"width": 390, "height": 844})
    try:
        page.goto(f"{base_url}/calculators/plan/")  # the plan's worked example: land falls short, far too
        fill_example(page)  # the page starts empty: its 填入示例 button gives the plan's worked example
        sections = poll(page, SECTIONS, lambda found: all(s["count"] for s in found), 20)
        assert [s["key"] for s in sections][: len(parts)] == parts
        for found in sections:
            own = [
                f
                for f in page.evaluate("JSON.parse(document.getElementById('calc-spec').textContent).fields")
                if f["type"] != "object" and f["key"].startswith(found["key"] + ".")
            ]
            assert found["count"].startswith("已填 ") and found["count"].split()[1].endswith(f"/{len(own)}"), found
            assert found["open"], "parts start open"
        verdict = calculators.run("plan", plan.EXAMPLE)  # the page opens on the plan's worked example
        for found in sections:
            own = [f["status"] for f in verdict["findings"] if f["check"].split(".")[0] == found["key"]]
            worst = min(own, key=STATUS_ORDER.index) if own else ""
            assert found["status"] == worst, found
            assert not worst or found["count"].endswith(STATUS_LABELS[worst]), found
        page.locator("details[data-section='land'] > summary").click()  # fold a part with one tap
        assert not page.evaluate(SECTIONS)[0]["open"]
        shots.take(page, "plan-folded-390.png")
        # A mistake typed into a folded part opens it: no message hidden.
        page.evaluate("""() => { const area = document.querySelector("[name='land.area']"); area.value = 'x';
            area.dispatchEvent(new Event('input', {bubbles: true})); }""")
        land = poll(page, SECTIONS, lambda found: found[0]["status"] == "error", 30)[0]
        assert land["open"] and "处需修改" in land["count"], land
    finally:
        page.close()


# Where a control is on the screen, and whether a tap there reaches it (nothing drawn over it).
TAPPABLE = """(selector) => { const node = document.querySelector(selector); const r = node.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {top: r.top, bottom: r.bottom, width: r.width, height: r.height,
            reached: node === hit || node.contains(hit)};
}"""
STICKY = ["#calc-sticky-verdict", "#calc-sticky-export", "#calc-sticky-print"]


def test_on_a_phone_the_self_checks_verdict_export_and_print_are_one_tap_from_the_top_and_from_anywhere(
    new_page, base_url: str, shots: Shots
) -> None:
    """One role's self-check at 390 px: only that role's sentences are on the page, folded by clause, each clause
    counting its answers; the summary at the top names the verdict and offers export and print, in view and
    reachable wherever the reader has scrolled to; its 看结论 lands on the report's verdict, 打印 prints."""
    from calculators import labels, run, selfcheck

    page = new_page({"width": 390, "height": 844}, has_touch=True)
    try:
        page.goto(f"{base_url}/calculators/selfcheck/?role=party-developer")
        fill_example(page)
        report = run("selfcheck", selfcheck.EXAMPLE)
        drawn = page.eval_on_selector_all(".sc-item", "(items) => items.map((i) => i.dataset.provision)")
        assert drawn == [item["id"] for item in report["items"]], "only the chosen role's sentences are drawn"
        counts = page.locator("details.sc-clause .calc-section-count").all_inner_texts()
        assert len(counts) == len({item["clause"] for item in report["items"]}) and all("已答" in c for c in counts)
        assert not page.locator(".sc-item:visible").count(), "the clauses start folded"
        page.evaluate("window.print = () => { window.printed = (window.printed || 0) + 1; }")
        for where in ("top", "questions", "plan"):
            page.evaluate(
                {
                    "top": "scrollTo(0, 0)",
                    "questions": "document.querySelectorAll('details.sc-clause')[3].scrollIntoView()",
                    "plan": "document.getElementById('sc-plan').scrollIntoView()",
                }[where]
            )
            for selector in STICKY:
                box = page.evaluate(TAPPABLE, selector)
                assert box["top"] >= 0 and box["bottom"] <= 844, f"{where}: {selector} off the screen: {box}"
                assert box["reached"] and box["width"] >= MIN_TAP and box["height"] >= MIN_TAP, f"{where}: {box}"
        shots.take(page, "selfcheck-sticky-390.png")
        verdict = labels()["status"][report["status"]]
        assert page.locator("#calc-sticky-verdict").text_content() == f"看结论：{verdict}"
        page.locator("#calc-sticky-verdict").tap()
        poll(page, "document.getElementById('calc-result').getBoundingClientRect().top", lambda t: 0 <= t < 844, 5)
        title = page.evaluate(TAPPABLE, ".sc-report-title")
        assert title["reached"] and title["bottom"] <= 844, (
            f"the verdict is under the summary or off the screen: {title}"
        )
        page.locator("#calc-sticky-print").tap()
        assert page.evaluate("window.printed"), "打印 did not print"  # (a tap here gives two clicks, any button)
        with page.expect_download() as download:
            page.locator("#calc-sticky-export").tap()
        assert download.value.suggested_filename.endswith(".json")
    finally:
        page.close()
