"""The 无障碍 toolbar (templates/overrides/partials/a11y-toolbar.html, docs/assets/javascripts/a11y.js): on every
page; 高对比 with every text at 7:1 or more and 大字 passing WCAG 2.1 AA (axe); 大字 at phone width and at 1366 px
zoomed to 200 % without sideways scrolling or cut-off text; usable by keyboard alone; its state kept from page to
page, and for the page only where storage is refused; 朗读 speaking the clause's own words in zh-CN.

The browser checks share one context and page (start-up is not under test here); speechSynthesis is a stub that
records what it is asked to say (headless Chromium has no voices).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitetools import AXE, fill_example, poll

from ._calculators import VERDICTS, wait_for_status
from ._site import PAGE_TYPES, PageRecorder, calculator_name, html_files
from ._visits import PHONE

# Standalone views follow the page that embeds them or are printed as they are: no toolbar.
WITHOUT_TOOLBAR = ("embed/", "cards/")
NAMES = ["大字", "高对比", "行距", "大鼠标", "朗读", "重置"]
# Every page type but the standalone views; calculators built from one template are one page type (land), plus plan
# (the most statuses on one page) and the self-check, which has its own template.
TYPES = [
    name
    for name, url in PAGE_TYPES.items()
    if not url.startswith(WITHOUT_TOOLBAR)
    and not (calculator_name(url) and name not in ("calculator-land", "calculator-plan", "calculator-selfcheck"))
    and name != "selfcheck-forward"  # forwards to the self-check, checked as itself
]
ZOOMED = {"width": 683, "height": 384}  # 1366 × 768 at 200 % zoom: the CSS viewport the page lays out in

# Records what speechSynthesis is asked to say; window.__voices decides which voices the machine "has" (plain
# objects: a page cannot make a SpeechSynthesisVoice, so the utterance's voice stays unset and lang is checked).
_SPEECH_STUB = """
window.__spoken = [];
window.__voices = [{lang: "zh-CN", name: "stub 普通话", default: true, localService: true, voiceURI: "stub"}];
const stub = {
  speaking: false, paused: false, pending: false, current: null,
  getVoices() { return window.__voices; },
  speak(u) { this.current = u; this.speaking = true;
             window.__spoken.push({text: u.text, lang: u.lang}); },
  finish() { const u = this.current; this.current = null; this.speaking = false;
             if (u) u.dispatchEvent(new Event("end")); },
  cancel() { this.current = null; this.speaking = false; },
  pause() { this.paused = true; }, resume() { this.paused = false; },
  addEventListener() {}, removeEventListener() {},
};
Object.defineProperty(window, "speechSynthesis", {value: stub, configurable: true});
"""
# The 大字 step <html> carries when <body> begins: only the head script can have set it by then (no flash).
_AT_BODY = """new MutationObserver((_, observer) => { if (document.body) {
  window.__sizeAtBody = document.documentElement.getAttribute("data-a11y-size"); observer.disconnect(); } })
  .observe(document, {childList: true, subtree: true});"""
_REFUSE_STORAGE = """Object.defineProperty(window, "localStorage", {configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); }});"""

# Elements whose box leaves the viewport, scroll containers that scroll sideways, and boxes that cut their text
# off. Off-screen by design: the closed phone menu, the skip link, tooltips, the search overlay, the header title's
# ellipsis, anything visually hidden; and the obligations matrix, a two-dimensional table that scrolls in its own
# box (WCAG 1.4.10 excepts such content from reflow).
_OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth, found = [];
  const ignored = ".md-sidebar, .md-skip, [role=tooltip], .md-search, .md-header__title, .md-ellipsis, .print-only,"
    + " .matrix-wrap";
  const where = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  if (document.documentElement.scrollWidth > width + 1)
    found.push(`page ${document.documentElement.scrollWidth} px wide in a ${width} px viewport`);
  const clipped = (el) => { for (let at = el; at; at = at.parentElement) {
    const s = getComputedStyle(at); if (s.position === "absolute" && s.clip !== "auto") return true; } return false; };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(ignored) || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || clipped(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.height > 1 && (box.right > width + 1 || box.left < -1) && el.textContent.trim())
      found.push(`${where(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
        && ["auto", "scroll", "hidden", "clip"].includes(style.overflowX) && el.textContent.trim())
      found.push(`${where(el)} overflow-x ${style.overflowX}: ${el.scrollWidth} px in ${el.clientWidth} px`);
  }
  return found.slice(0, 8);
})()"""
_AXE_RUN = """axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  rules: {"color-contrast-enhanced": {enabled: true}}, resultTypes: ["violations"]}).then(r => r.violations.map(v =>
  `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + (n.any[0] || {}).message)
  .join(" | ")}`))"""
_FONT = "parseFloat(getComputedStyle(document.querySelector('[data-clause-text]')).fontSize)"


def test_every_page_but_the_standalone_views_has_the_toolbar(site_dir: Path) -> None:
    """Each page carries the six named buttons and the script; an embed or card carries none (it follows its host)."""
    missing = []
    for file in html_files(site_dir):
        relative = file.relative_to(site_dir).as_posix()
        html = file.read_text(encoding="utf-8")
        bar = re.search(r'<div class="a11y-bar".*?</div>\s*</div>\s*</div>', html, re.S)
        if relative.startswith(WITHOUT_TOOLBAR):
            assert bar is None, f"{relative}: a standalone view carries the toolbar"
            continue
        names = re.findall(r'<button type="button" class="a11y-button"[^>]*>([^<]+)', bar.group(0)) if bar else []
        if not set(NAMES) <= set(names) or "assets/javascripts/a11y.js" not in html:
            missing.append(relative)
    assert not missing, f"pages without the whole toolbar: {missing[:10]} ({len(missing)})"


@pytest.fixture(scope="module")
def tab(browser, base_url: str) -> Iterator[object]:
    """One page for the module's browser checks, speech stubbed, foreign requests refused and recorded."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    context.add_init_script(_SPEECH_STUB)
    context.add_init_script(_AT_BODY)
    page = context.new_page()
    page.foreign = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    origin = base_url.split("//", 1)[1]

    def guard(route) -> None:
        if route.request.url.split("//", 1)[-1].startswith(origin) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.foreign.append(route.request.url)  # type: ignore[attr-defined]
            route.abort()

    context.route("**/*", guard)
    page.goto(f"{base_url}/")
    yield page
    context.close()


def _open(page, base_url: str, name: str, state: dict | None = None) -> None:
    """Open a page type with a saved toolbar state (None: keep what is saved); calculators wait for a verdict."""
    if state is not None:
        page.evaluate(f"localStorage.setItem('a11y', {json.dumps(json.dumps(state))})")
    url = PAGE_TYPES[name]
    response = page.goto(f"{base_url}/{url}", wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    if calculator_name(url):
        fill_example(page)  # the pages that start empty (项目整体自查, 全文自查) at their fullest: the example
    elif name == "selfcheck-review":
        page.wait_for_load_state("networkidle")
    # The phone menu closes its open section at load (phone-nav.js) with a transition: measure once it has ended.
    poll(page, "document.getAnimations().filter(a => a.playState === 'running').length", lambda n: n == 0, 10)


def _axe(page) -> list[str]:
    """WCAG 2.1 A and AA, plus color-contrast-enhanced (7:1), in the page as it is."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return list(page.evaluate(_AXE_RUN))


@pytest.mark.parametrize("name", TYPES)
def test_large_text_and_high_contrast_reflow_and_keep_7_to_1(name: str, tab, base_url: str) -> None:
    """大字 (largest step), 高对比 and 行距 on, at 390 px and at 1366 px zoomed to 200 %: nothing leaves the
    viewport, scrolls sideways or is cut off; axe finds no WCAG 2.1 AA violation and no text below 7:1."""
    tab.set_viewport_size(PHONE)
    _open(tab, base_url, name, {"size": 2, "contrast": True, "spacing": True})
    assert tab.evaluate("document.documentElement.hasAttribute('data-a11y-contrast')"), "高对比 not applied"
    problems = [f"390 px: {p}" for p in tab.evaluate(_OVERFLOW)] + _axe(tab)
    tab.set_viewport_size(ZOOMED)
    problems += [f"1366 px at 200 %: {p}" for p in tab.evaluate(_OVERFLOW)]
    assert not problems, "\n".join(problems)
    assert not tab.foreign, f"requests to another origin: {tab.foreign}"
    assert not tab.errors, tab.errors


def test_review_table_with_a_file_reflows_and_keeps_7_to_1(tab, base_url: str, tmp_path: Path) -> None:
    """The review page showing a file (the self-check's worked example): its table of answers and findings, with
    大字, 高对比 and 行距, at 390 px and at 1366 px zoomed to 200 %."""
    from calculators import selfcheck

    request = tmp_path / "selfcheck.json"
    request.write_text(json.dumps(selfcheck.EXAMPLE, ensure_ascii=False), encoding="utf-8")
    tab.set_viewport_size(PHONE)
    _open(tab, base_url, "selfcheck-review", {"size": 2, "contrast": True, "spacing": True})
    tab.set_input_files("#sc-open", str(request))
    wait_for_status(tab, VERDICTS)
    assert tab.locator(".sc-report-item").count(), "the review shows no answers"
    problems = [f"390 px: {p}" for p in tab.evaluate(_OVERFLOW)] + _axe(tab)
    tab.set_viewport_size(ZOOMED)
    problems += [f"1366 px at 200 %: {p}" for p in tab.evaluate(_OVERFLOW)]
    assert not problems, "\n".join(problems)


def test_high_contrast_at_desktop_width_and_the_check_can_fail(tab, base_url: str) -> None:
    """高对比 at 1366 px (the sidebars show): no text below 7:1; then grey text (#767676, 4.5:1, enough for AA) is
    reported, so the gate can fail."""
    tab.set_viewport_size({"width": 1366, "height": 900})
    _open(tab, base_url, "clause", {"contrast": True})
    assert not _axe(tab)
    tab.evaluate(
        "document.querySelector('h1').insertAdjacentHTML('afterend', '<p id=grey>灰色文字</p>');"
        "document.getElementById('grey').style.setProperty('color', '#767676', 'important')"
    )
    assert any(v.startswith("color-contrast-enhanced") for v in _axe(tab))


def test_large_text_makes_clause_text_half_as_large_again(tab, base_url: str) -> None:
    """At 390 px the clause text with 大字 (two steps) is at least 1.5× its standard size, one step in between;
    printing keeps the print view's own size whatever the step."""
    tab.set_viewport_size(PHONE)
    sizes, printed = [], []
    for step in (0, 1, 2):
        _open(tab, base_url, "clause", {"size": step})
        sizes.append(tab.evaluate(_FONT))
        tab.emulate_media(media="print")
        printed.append(tab.evaluate(_FONT))
        tab.emulate_media(media="screen")
    assert sizes[0] < sizes[1] < sizes[2], sizes
    assert sizes[2] >= 1.5 * sizes[0], sizes
    assert len(set(printed)) == 1, f"the printed clause changes size with 大字: {printed}"


def test_large_pointer_is_a_same_origin_image(tab, base_url: str) -> None:
    """大鼠标: the pointer over text and over links is one of the site's own cursor images, and it loads."""
    _open(tab, base_url, "clause", {"cursor": True})
    text, link = tab.evaluate("""[getComputedStyle(document.querySelector('[data-clause-text]')).cursor,
                                  getComputedStyle(document.querySelector('.md-content a[href]')).cursor]""")
    images = [re.search(r'url\("([^"]+)"\)', cursor) for cursor in (text, link)]
    assert all(images), (text, link)
    urls = [m.group(1) for m in images if m]
    assert urls[0] != urls[1] and all(u.startswith(base_url + "/assets/images/") for u in urls), urls
    for url in urls:
        assert tab.request.get(url).ok, url


def _focused(page) -> dict:
    return page.evaluate("""(() => { const el = document.activeElement, s = getComputedStyle(el);
      return {name: el.textContent.trim(), pressed: el.getAttribute("aria-pressed"),
              ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== "none"}; })()""")


def test_toolbar_by_keyboard_alone_and_state_kept_across_pages(tab, base_url: str) -> None:
    """Tab reaches the buttons (after the skip link) with a visible focus; Space and Enter work them; the state
    holds on the next page (applied before <body> begins) and after a reload; 重置 clears it."""
    tab.set_viewport_size({"width": 1366, "height": 900})
    _open(tab, base_url, "clause", {})
    reached = []
    for _ in range(12):
        tab.keyboard.press("Tab")
        reached.append(_focused(tab))
        if reached[-1]["name"] == "重置":
            break
    names = [f["name"] for f in reached]
    assert [n for n in names if n.rstrip("+") in NAMES] == NAMES, names
    assert all(f["ring"] for f in reached), f"no visible focus: {[f for f in reached if not f['ring']]}"
    for _ in range(len(NAMES) - 1):
        tab.keyboard.press("Shift+Tab")
    assert _focused(tab)["name"] == "大字"
    tab.keyboard.press("Space")
    tab.keyboard.press("Enter")
    assert _focused(tab) == {"name": "大字++", "pressed": "true", "ring": True}
    tab.keyboard.press("Tab")
    tab.keyboard.press("Space")
    assert _focused(tab)["pressed"] == "true"
    state = (
        "[document.documentElement.getAttribute('data-a11y-size'), "
        "document.documentElement.hasAttribute('data-a11y-contrast')]"
    )
    assert tab.evaluate(state) == ["2", True]
    assert "高对比" in tab.inner_text(".a11y-status")
    tab.click("text=条款列表 >> nth=0")
    tab.wait_for_load_state("load")
    assert tab.evaluate(state) == ["2", True], "the state was not kept on the next page"
    assert tab.evaluate("window.__sizeAtBody") == "2", "大字 was applied after the page began to show"
    assert tab.get_attribute("[data-a11y-action=contrast]", "aria-pressed") == "true"
    tab.reload()
    assert tab.evaluate(state) == ["2", True], "the state was not kept after a reload"
    tab.focus("[data-a11y-action=reset]")
    tab.keyboard.press("Enter")
    assert tab.evaluate(state) == [None, False]
    tab.reload()
    assert tab.evaluate(state) == [None, False], "重置 was not kept"


def _wait(page, script: str) -> None:
    """Poll (a string wait_for_function is refused by the page's CSP) until script is true."""
    poll(page, script, bool, timeout=10)


def _spoken(page) -> list[dict]:
    return list(page.evaluate("window.__spoken"))


def test_read_aloud_speaks_the_clause_sentence_by_sentence_in_chinese(tab, base_url: str, notice: dict) -> None:
    """朗读 on a clause page speaks the clause's own words (no 注 marks), one sentence at a time in zh-CN, the
    sentence being read highlighted; 暂停 pauses and resumes; 停止 ends it and the highlight goes."""
    clause = next(c for c in notice["clauses"] if c["id"] == "clause-08")
    tab.set_viewport_size({"width": 1366, "height": 900})
    _open(tab, base_url, "clause", {})
    tab.click("[data-a11y-action=read]")
    _wait(tab, "window.__spoken.length === 1")
    highlighted = tab.evaluate("[...CSS.highlights.get('a11y-reading')][0].toString()")
    # The highlight spans the sentence on the page, the 注 marks inside it included; they are not spoken.
    assert re.sub(r"注\d+|\s", "", highlighted) == re.sub(r"\s", "", _spoken(tab)[0]["text"])
    assert tab.is_visible("[data-a11y-action=stop]") and tab.is_visible("[data-a11y-action=pause]")
    tab.click("[data-a11y-action=pause]")
    assert tab.evaluate("speechSynthesis.paused") and tab.inner_text("[data-a11y-action=pause]") == "继续"
    tab.click("[data-a11y-action=pause]")
    assert not tab.evaluate("speechSynthesis.paused") and tab.inner_text("[data-a11y-action=pause]") == "暂停"
    while not tab.evaluate("window.__spoken.length > 5 || !speechSynthesis.current"):
        count = len(_spoken(tab))
        tab.evaluate("speechSynthesis.finish()")
        if len(_spoken(tab)) == count:
            break
    spoken = _spoken(tab)
    assert {s["lang"] for s in spoken} == {"zh-CN"}, spoken
    assert len(spoken) == clause["text"].count("。"), spoken
    words = re.sub(r"\s", "", "".join(s["text"] for s in spoken))
    assert words.removesuffix(clause["text"]) in (clause["label"], clause["source_label"]), words
    assert "注" not in words
    assert tab.get_attribute("[data-a11y-action=read]", "aria-pressed") == "false", "reading did not end"
    assert "朗读结束" in tab.inner_text(".a11y-status")
    # Stop part way through: the highlight goes and nothing more is said.
    tab.evaluate("window.__spoken = []")
    tab.click("[data-a11y-action=read]")
    _wait(tab, "window.__spoken.length === 1")
    tab.click("[data-a11y-action=stop]")
    tab.evaluate("speechSynthesis.finish()")
    assert len(_spoken(tab)) == 1
    assert not tab.evaluate("CSS.highlights.has('a11y-reading')")
    assert tab.is_hidden("[data-a11y-action=stop]")


def test_read_aloud_reads_the_selection_and_says_when_there_is_no_chinese_voice(tab, base_url: str) -> None:
    """With text selected, 朗读 reads that text only; where the machine has no Chinese voice, it says so."""
    _open(tab, base_url, "clause", {})
    tab.evaluate("""(() => { const p = document.querySelector(".clause-kicker"), r = document.createRange();
      r.selectNodeContents(p); getSelection().removeAllRanges(); getSelection().addRange(r); })()""")
    expected = tab.evaluate("getSelection().toString().trim()")
    tab.click("[data-a11y-action=read]")
    _wait(tab, "window.__spoken.length === 1")
    assert _spoken(tab)[0]["text"] == expected
    tab.click("[data-a11y-action=stop]")
    tab.evaluate("window.__spoken = []; window.__voices = [{lang: 'en-US', name: 'English'}]")
    tab.click("[data-a11y-action=read]")
    _wait(tab, "document.querySelector('.a11y-status').textContent.includes('中文语音')")
    assert _spoken(tab) == [], "spoke without a Chinese voice"
    tab.evaluate("window.__voices = [{lang: 'zh-CN', name: 'stub'}]")


def test_storage_refused_works_for_the_page_only(browser, base_url: str) -> None:
    """With localStorage throwing, the page loads without a script error, 大字 works on the page, and the next
    page opens at the standard size."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_init_script(_REFUSE_STORAGE)
    try:
        page = context.new_page()
        recorder = PageRecorder(page)
        recorder.visit(f"{base_url}/{PAGE_TYPES['clause']}")
        page.click("[data-a11y-action=size]")
        assert page.get_attribute("html", "data-a11y-size") == "1"
        assert page.get_attribute("[data-a11y-action=size]", "aria-pressed") == "true"
        recorder.visit(f"{base_url}/{PAGE_TYPES['clause-list']}")
        assert page.get_attribute("html", "data-a11y-size") is None
        assert not recorder.page_errors, recorder.page_errors
        assert not [m for m in recorder.console_errors if "localStorage" in m or "a11y" in m]
    finally:
        context.close()
