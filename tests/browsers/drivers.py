"""Firefox ESR and WebKitGTK behind one small interface, so each smoke test is written once for both engines.

Playwright's own Firefox and WebKit builds cannot be downloaded here; Debian's browsers can (see
/work/shared/reference/stack.md, "Other engines"): Firefox through puppeteer-core (npm) over WebDriver BiDi,
WebKitGTK through Selenium and Debian's WebKitWebDriver, on an X server (Xvfb) the driver starts itself.

Each page records what went wrong in it: console errors and uncaught script errors, and the URLs it requested.
Firefox reports both from the first request on, Web Workers included. WebKitWebDriver offers neither a console
log nor network events, so the WebKit page installs listeners (errors, unhandled rejections, CSP violations,
console.error) as soon as each navigation has loaded, and takes the URLs from the page's Resource Timing list:
errors thrown while the page itself was still loading, and the worker's own requests, are not seen there.
MiniBrowser's window cannot be narrower than its toolbar (about 450 px), so a narrower WebKit page is shown in a
same-origin iframe of that width (its media queries see the iframe's width, as a phone's would see the screen's).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitetools import poll

ROOT = Path(__file__).resolve().parents[2]
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
# The browser WebKitWebDriver starts: the MiniBrowser of Debian's libwebkit2gtk-4.1-0 (pulled in by the driver).
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
XVFB = "/usr/bin/Xvfb"
WEBKIT_NARROWEST_WINDOW = 480  # px: below this a WebKit page is shown in an iframe of the asked width
BRIDGE = Path(__file__).with_name("firefox_bridge.mjs")
PUPPETEER = ROOT / "node_modules" / "puppeteer-core"
START_TIMEOUT = 120  # seconds: a browser start on a busy 2-core machine
COMMAND_TIMEOUT = 90


class EngineMissing(RuntimeError):
    """An engine cannot start because something is not installed; the message names what to install."""


class Page:
    """One browser window showing one page at a time (what the tests need of either engine)."""

    engine: str
    version: str

    def open(self, width: int, height: int) -> None:
        """A fresh page (tab) at this viewport size."""
        raise NotImplementedError

    def goto(self, url: str) -> None:
        raise NotImplementedError

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        raise NotImplementedError

    def fill(self, selector: str, value: str) -> None:
        """Replace the text of an input by typing, as a reader would."""
        raise NotImplementedError

    def click(self, selector: str) -> None:
        raise NotImplementedError

    def press(self, key: str) -> None:
        """Press a key in the focused element; key is a Puppeteer key name ("End", "Enter")."""
        raise NotImplementedError

    def screenshot(self, path: Path) -> None:
        raise NotImplementedError

    def take_log(self) -> tuple[list[str], list[str]]:
        """(errors, requested URLs) recorded since the last call, then forgotten."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def poll(self, expression: str, until, timeout: float) -> Any:
        """Evaluate until until(value) holds; returns the value (AssertionError naming the engine otherwise)."""
        try:
            return poll(self, expression, until, timeout)
        except AssertionError as problem:
            raise AssertionError(f"{self.engine}: {problem}") from None


def start(engine: str) -> Page:
    """Start an engine ("firefox" or "webkit"); EngineMissing names the package when one is not installed."""
    return {"firefox": FirefoxPage, "webkit": WebKitPage}[engine]()


class FirefoxPage(Page):
    """Debian's firefox-esr, driven by puppeteer-core through firefox_bridge.mjs (one Node process per browser)."""

    engine = "firefox"

    def __init__(self) -> None:
        if not Path(FIREFOX).exists():
            raise EngineMissing(f"{FIREFOX} is missing: install Debian's firefox-esr package (.ci/run does)")
        if shutil.which("node") is None:
            raise EngineMissing("node is missing: install Debian's nodejs package (.ci/run does)")
        if not PUPPETEER.exists():
            raise EngineMissing(f"{PUPPETEER} is missing: run npm ci (make test does)")
        self._process = subprocess.Popen(
            ["node", str(BRIDGE), FIREFOX],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._answers: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.version = self._call("launch", timeout=START_TIMEOUT)
        except AssertionError as problem:
            self.close()
            raise EngineMissing(f"firefox-esr did not start ({problem}): check Debian's firefox-esr package") from None

    def _read(self) -> None:
        for line in self._process.stdout:
            self._answers.put(line)

    def _call(self, command: str, timeout: float = COMMAND_TIMEOUT, **args: Any) -> Any:
        self._process.stdin.write(json.dumps({"command": command, "args": args}) + "\n")
        self._process.stdin.flush()
        try:
            answer = json.loads(self._answers.get(timeout=timeout))
        except queue.Empty:
            raise AssertionError(f"firefox: no answer to {command} within {timeout} s") from None
        if not answer["ok"]:
            raise AssertionError(f"firefox: {command} failed: {answer['error']}")
        return answer["value"]

    def open(self, width: int, height: int) -> None:
        self._call("open", width=width, height=height)

    def goto(self, url: str) -> None:
        self._call("goto", url=url)

    def evaluate(self, expression: str) -> Any:
        return self._call("evaluate", expression=expression)

    def fill(self, selector: str, value: str) -> None:
        self._call("fill", selector=selector, value=value)

    def click(self, selector: str) -> None:
        self._call("click", selector=selector)

    def press(self, key: str) -> None:
        self._call("press", key=key)

    def screenshot(self, path: Path) -> None:
        self._call("screenshot", path=str(path))

    def take_log(self) -> tuple[list[str], list[str]]:
        log = self._call("log")
        return log["errors"], log["requests"]

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._call("close", timeout=30)
                self._process.stdin.close()
            except (AssertionError, BrokenPipeError, OSError):
                pass
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()


# Installed after each navigation: WebKitWebDriver has no console log to read.
_RECORDER = """if (!window.__smokeLog) {
  const log = window.__smokeLog = [];
  addEventListener("error", (e) => log.push(`uncaught: ${e.message}`));
  addEventListener("unhandledrejection", (e) => log.push(`unhandled rejection: ${e.reason}`));
  document.addEventListener("securitypolicyviolation", (e) => log.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
  const original = console.error;
  console.error = (...parts) => { log.push(`console.error: ${parts.join(" ")}`); original.apply(console, parts); };
}"""
_TAKE_LOG = """const errors = (window.__smokeLog || []).splice(0);
const requests = [location.href, ...performance.getEntriesByType("resource").map((entry) => entry.name)];
performance.clearResourceTimings();
return [errors, requests];"""
# A same-origin page's body replaced by one iframe of the asked size, for widths MiniBrowser's window cannot take.
_FRAME = """const [url, width, height] = arguments;
const frame = document.createElement("iframe");
Object.assign(frame.style, {position: "fixed", top: "0", left: "0", border: "0", zIndex: "10"});
frame.width = width;
frame.height = height;
frame.id = "smoke-frame";
frame.src = url;
document.body.replaceChildren(frame);"""


class WebKitPage(Page):
    """Debian's WebKitGTK (MiniBrowser) driven by Selenium through WebKitWebDriver, on its own Xvfb display."""

    engine = "webkit"

    def __init__(self) -> None:
        for path, package in (
            (WEBKIT_DRIVER, "webkit2gtk-driver"),
            (MINIBROWSER, "libwebkit2gtk-4.1-0"),
            (XVFB, "xvfb"),
        ):
            if not Path(path).exists():
                raise EngineMissing(f"{path} is missing: install Debian's {package} package (.ci/run does)")
        try:
            from selenium import webdriver
            from selenium.common.exceptions import WebDriverException
            from selenium.webdriver.webkitgtk.options import Options
            from selenium.webdriver.webkitgtk.service import Service
        except ImportError:
            raise EngineMissing("the selenium Python package is missing: pip install -r requirements.txt") from None
        self._xvfb = None
        self._frame: tuple[int, int] | None = None
        self.driver = None
        env = dict(os.environ)
        if not env.get("DISPLAY"):
            self._xvfb, env["DISPLAY"] = _start_xvfb()
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        try:
            with warnings.catch_warnings():  # selenium 4.51's WebKitGTK driver passes an argument it deprecates itself
                warnings.simplefilter("ignore", DeprecationWarning)
                self.driver = webdriver.WebKitGTK(
                    options=options,
                    service=Service(executable_path=WEBKIT_DRIVER, env=env, log_output=subprocess.DEVNULL),
                )
        except WebDriverException as problem:
            self.close()
            raise EngineMissing(
                f"WebKitWebDriver did not start ({problem}): check Debian's webkit2gtk-driver"
            ) from None
        self.driver.set_script_timeout(COMMAND_TIMEOUT)
        self.driver.set_page_load_timeout(COMMAND_TIMEOUT)
        self.version = f"WebKitGTK {self.driver.capabilities.get('browserVersion')}"

    def open(self, width: int, height: int) -> None:
        self.driver.switch_to.default_content()
        self.driver.get("about:blank")
        self._frame = (width, height) if width < WEBKIT_NARROWEST_WINDOW else None
        self.driver.set_window_size(max(width, WEBKIT_NARROWEST_WINDOW * 2), height + 200 if self._frame else height)

    def goto(self, url: str) -> None:
        if self._frame is None:
            self.driver.get(url)
        else:
            self.driver.switch_to.default_content()
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
            self.driver.get(f"{origin}/404.html")
            self.driver.execute_script(_FRAME, url, *self._frame)
            self.driver.switch_to.frame(self.driver.find_element("id", "smoke-frame"))
            self.poll("document.readyState === 'complete' && location.href", bool, COMMAND_TIMEOUT)
        self.driver.execute_script(_RECORDER)

    def evaluate(self, expression: str) -> Any:
        return self.driver.execute_script(f"return ({expression});")

    def fill(self, selector: str, value: str) -> None:
        element = self.driver.find_element("css selector", selector)
        element.clear()
        element.send_keys(value)

    def click(self, selector: str) -> None:
        self.driver.find_element("css selector", selector).click()

    def press(self, key: str) -> None:
        from selenium.webdriver.common.keys import Keys

        self.driver.switch_to.active_element.send_keys(getattr(Keys, key.upper()))

    def screenshot(self, path: Path) -> None:
        if self._frame is None:
            self.driver.save_screenshot(str(path))
            return
        # The whole window, frame at its top left: WebKit's element screenshot of the frame paints its header black.
        self.driver.switch_to.default_content()
        self.driver.save_screenshot(str(path))
        self.driver.switch_to.frame(self.driver.find_element("id", "smoke-frame"))

    def take_log(self) -> tuple[list[str], list[str]]:
        errors, requests = self.driver.execute_script(_TAKE_LOG)
        return list(errors), list(requests)

    def close(self) -> None:
        if self.driver is not None:
            self.driver.quit()
            self.driver = None
        if self._xvfb is not None:
            self._xvfb.terminate()
            self._xvfb.wait(timeout=10)
            self._xvfb = None


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb on a free display number (Xvfb picks it and writes it to a pipe: -displayfd)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        raise EngineMissing(f"{XVFB} did not start: check Debian's xvfb package")
    return server, f":{number}"
