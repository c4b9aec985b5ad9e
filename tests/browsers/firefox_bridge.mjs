// Firefox ESR for the Python tests: puppeteer-core drives Debian's firefox-esr over WebDriver BiDi (no geckodriver),
// and this script relays one JSON command per stdin line to it, answering one JSON line per command on stdout.
// tests/browsers/drivers.py (FirefoxPage) is the only caller; the commands mirror its methods.
//
// Everything the page does is recorded from the first request on: console errors, uncaught script errors and
// every request URL (the calculator's Web Worker included), handed over and cleared by the "log" command.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const [executablePath] = process.argv.slice(2);
let browser = null;
let page = null;
const log = { errors: [], requests: [] };

function watch(target) {
  target.on("console", (message) => {
    if (message.type() === "error") log.errors.push(`console.error: ${message.text()}`);
  });
  target.on("pageerror", (error) => log.errors.push(`uncaught: ${error.message ?? error}`));
  target.on("request", (request) => log.requests.push(request.url()));
}

const commands = {
  async launch() {
    browser = await puppeteer.launch({ browser: "firefox", executablePath, headless: true });
    return browser.version();
  },
  async open({ width, height }) {
    if (page) await page.close();
    page = await browser.newPage();
    watch(page);
    await page.setViewport({ width, height });
    return null;
  },
  async goto({ url }) {
    await page.goto(url, { waitUntil: "load" });
    return null;
  },
  async evaluate({ expression }) {
    return page.evaluate(expression);
  },
  async fill({ selector, value }) {
    await page.locator(selector).fill(value);
    return null;
  },
  async click({ selector }) {
    await page.locator(selector).click();
    return null;
  },
  async press({ key }) {
    await page.keyboard.press(key);
    return null;
  },
  async screenshot({ path }) {
    await page.screenshot({ path, fullPage: true });
    return null;
  },
  async log() {
    const taken = { errors: log.errors.splice(0), requests: log.requests.splice(0) };
    return taken;
  },
  async close() {
    if (browser) await browser.close();
    browser = null;
    return null;
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { command, args } = JSON.parse(line);
  let answer;
  try {
    answer = { ok: true, value: (await commands[command](args ?? {})) ?? null };
  } catch (error) {
    answer = { ok: false, error: String(error?.stack ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
  if (command === "close") break;
}
if (browser) await browser.close();
process.exit(0); // an open stdin would otherwise keep Node running
