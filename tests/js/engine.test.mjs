// The page's side of the engine (docs/assets/calculators/engine.js) with a stand-in Worker: every request
// settles, a refused download is said at once with a retry, the download line reads right, and the worker's
// background work waits for the first answer to be drawn.
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";

/** A Worker that records what the page posts; the test speaks for the worker through its handlers. */
class FakeWorker {
  static last = null;
  constructor(url, options) {
    this.type = options.type; // read, as a browser with module workers does
    this.posted = [];
    this.terminated = false;
    FakeWorker.last = this;
  }
  postMessage(message) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
}

globalThis.Worker = FakeWorker;
globalThis.document = { getElementById: () => null };
let fresh = 0;
const started = [];
// An engine that heard "ready" holds a timer for its background work: cleared, so that Node exits at once.
afterEach(() => started.splice(0).forEach((engine) => clearTimeout(engine.backgroundTimer)));

/** A fresh copy of engine.js (it starts one worker per page) and an engine on it, its handlers attached. */
async function startEngine() {
  const module = await import(`../../docs/assets/calculators/engine.js?copy=${fresh++}`);
  const fails = [];
  const ready = [];
  const engine = new module.Engine({
    onProgress() { /* not under test */ },
    onReady: (info) => ready.push(info),
    onFail: (message, reason) => fails.push({ message, reason }),
  });
  started.push(engine);
  await Promise.resolve(); // the engine takes the worker's messages from the next microtask
  const worker = FakeWorker.last;
  const say = (data) => worker.onmessage({ data });
  return { module, engine, worker, say, fails, ready };
}

test("a request settles when the worker dies after start-up, and later ones are refused at once", { timeout: 2000 },
  async () => {
    const { module, engine, worker, say, fails } = await startEngine();
    say({ type: "ready", mode: "plain", ms: 5, timings: {} });
    const asked = engine.run({ calculator: "land", input: {} });
    worker.onerror(new Error("the worker threw"));
    await assert.rejects(asked, { message: module.MESSAGES.crashed });
    assert.deepEqual(fails.map((fail) => fail.reason), ["crashed"]);
    await assert.rejects(engine.run({ calculator: "land", input: {} }), { message: module.MESSAGES.crashed });
  });

test("an answer resolves its own request", { timeout: 2000 }, async () => {
  const { engine, worker, say } = await startEngine();
  say({ type: "ready", mode: "plain", ms: 5, timings: {} });
  const asked = engine.run({ calculator: "land", input: {} });
  const { id } = worker.posted.find((message) => message.type === "run");
  say({ type: "result", id, response: '{"status": "pass"}' });
  assert.deepEqual(await asked, { status: "pass" });
});

test("the worker's background work is let go once the first answer is drawn, not at start-up", { timeout: 2000 },
  async () => {
    const { engine, worker, say } = await startEngine();
    const told = () => worker.posted.filter((message) => message.type === "background").length;
    say({ type: "ready", mode: "snapshot", ms: 5, timings: {} });
    const asked = engine.run({ calculator: "land", input: {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(told(), 0, "not beside the page's drawing of its first answer");
    const { id } = worker.posted.find((message) => message.type === "run");
    say({ type: "result", id, response: '{"status": "pass"}' });
    await asked;
    await new Promise((resolve) => setTimeout(resolve, 20)); // the frame that draws it (none here: a timer)
    assert.equal(told(), 1);
    say({ type: "result", id, response: '{"status": "pass"}' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(told(), 1, "once");
  });

test("a page that asks nothing lets the background work go BACKGROUND_MS after the start", { timeout: 2000 },
  async () => {
    // 项目整体自查 and 全文自查 open empty: no answer is drawn, yet the service worker must still be registered.
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const { module, worker, say } = await startEngine();
      const told = () => worker.posted.filter((message) => message.type === "background").length;
      say({ type: "ready", mode: "snapshot", ms: 5, timings: {} });
      mock.timers.tick(module.BACKGROUND_MS - 1);
      assert.equal(told(), 0, "not at start-up");
      mock.timers.tick(1);
      assert.equal(told(), 1);
    } finally {
      mock.timers.reset();
    }
  });

test("a refused download is said at once, in Chinese, and a retry starts a new worker", { timeout: 2000 }, async () => {
  const { module, engine, worker, say, fails, ready } = await startEngine();
  const asked = engine.run({ calculator: "land", input: {} }); // queued while the engine starts
  say({ type: "failed", reason: "download", detail: "pyodide.asm.wasm: TypeError: Failed to fetch" });
  assert.deepEqual(fails, [{ message: module.MESSAGES.download, reason: "download" }]);
  await assert.rejects(asked, { message: module.MESSAGES.download });
  assert.ok(worker.terminated);
  engine.restart();
  await Promise.resolve();
  assert.notEqual(FakeWorker.last, worker);
  FakeWorker.last.onmessage({ data: { type: "ready", mode: "plain", ms: 5, timings: {} } });
  assert.equal(ready.length, 1);
  assert.ok(engine.ready);
});

test("the download line: MB of MB with the time left, nothing once done or before the size is known", async () => {
  // The module alone: an Engine would hold its 60 s start-up timer, and Node would wait for it before exiting.
  const module = await import(`../../docs/assets/calculators/engine.js?copy=${fresh++}`);
  const left = (seconds) => ({ eta: () => seconds });
  assert.equal(module.downloadText({ loaded: 1.23e6, total: 3.5e6 }, left(5.2)), "已下载 1.2 / 3.5 MB，约还需 6 秒");
  assert.equal(module.downloadText({ loaded: 3.4e6, total: 3.5e6 }, left(0.4)), "已下载 3.4 / 3.5 MB，即将完成");
  assert.equal(module.downloadText({ loaded: 1e6, total: 3.5e6 }, left(null)), "已下载 1.0 / 3.5 MB");
  assert.equal(module.downloadText({ loaded: 3.5e6, total: 3.5e6 }, left(0)), "");
  assert.equal(module.downloadText(null, left(0)), "");
});
