// The page's side of the calculators worker: start it as early as the page allows (boot.js, from the page's
// head), show progress, say in Chinese at once when the start fails (a download refused, a dead worker; a
// timeout only for a start that hangs), offer a retry, and run requests (JSON text in, JSON text out) once Python
// is ready. Every request settles: a worker that dies rejects what it was asked.

// A CSP without 'wasm-unsafe-eval' can make the start hang rather than fail. (Overridable for the tests.)
const START_TIMEOUT_MS = globalThis.CALCULATORS_START_TIMEOUT_MS ?? 60000;

// The worker script lives in calculators/, under the calculators' service worker (its scope).
const WORKER_URL = new URL("../../calculators/worker.mjs", import.meta.url);
// runtime.json as the page carries it (templates/overrides/main.html): the page is always revalidated, so it names
// this build's engine.
const MANIFEST_ID = "calculators-runtime";
/** @type {FailedMessage} the worker script failed to load or threw */
const WORKER_ERROR = { type: "failed", reason: "worker-error" };

export const MESSAGES = {
  noWasm: "此浏览器无法运行 WebAssembly，计算器不能在本页运行。请换用较新版本的 Chrome、Edge、Firefox、Safari 或国产浏览器的极速模式。",
  noWorker: "此浏览器不支持模块化 Web Worker，计算器不能在本页运行。请换用较新版本的浏览器。",
  blocked: "浏览器或网站的安全策略禁止运行 WebAssembly，计算器无法启动。请联系网站管理员（需要 'wasm-unsafe-eval'）。",
  timeout: "计算引擎启动超时。可能是网络较慢，或浏览器、网站的安全策略阻止了 WebAssembly。请刷新页面重试；条文内容不受影响。",
  failed: "计算引擎启动失败，请点“重试”或刷新页面。",
  download: "计算引擎的文件未能下载：网络中断，或网络的代理、防火墙拦截了引擎文件（.wasm 等）。请检查网络后点“重试”；条文内容不受影响。",
  crashed: "计算引擎意外停止，结果未能算出。请点“重试”重新启动；已填写的内容不受影响。",
};

// A failure a new start may cure (a download, a hang, a dead worker); the browser's limits and a CSP stay.
const RETRYABLE = new Set(["timeout", "download", "start", "worker-error", "crashed"]);


const STEP_TEXT = {
  runtime: "正在加载计算引擎的运行环境…",
  start: "正在启动计算引擎…",
  ready: "计算引擎已就绪",
};

function webAssemblySupported() {
  try {
    return typeof WebAssembly === "object"
      && WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch {
    return false;
  }
}

/**
 * Start the engine (or take the one boot.js started) and show its start-up in the page's status line: the
 * elements `<prefix>-runtime` (its data-state, and data-mode/data-timings once up), `<prefix>-progress` and
 * `<prefix>-runtime-text`. The page's own onReady(info) / onFail(message, reason) run after the line is updated.
 */
export function startWithStatus(prefix, { onReady = noop, onFail = noop } = {}) {
  const runtime = document.getElementById(`${prefix}-runtime`);
  const bar = /** @type {HTMLProgressElement} */ (document.getElementById(`${prefix}-progress`));
  const text = document.getElementById(`${prefix}-runtime-text`);
  const rate = new Rate();
  const engine = new Engine({
    onProgress(message, fraction, bytes) {
      bar.value = Math.round(fraction * 100);
      const line = message + downloadText(bytes, rate);
      if (text.textContent !== line) text.textContent = line; // a status region re-announces every write
    },
    onReady(info) {
      runtime.dataset.state = "ready";
      runtime.dataset.mode = info.mode;
      runtime.dataset.timings = JSON.stringify({ ...info.timings, page: info.pageMs });
      bar.value = 100;
      text.textContent = `计算引擎已就绪（${(info.pageMs / 1000).toFixed(1)} 秒）`;
      onReady(info);
    },
    onFail(message, reason) {
      runtime.dataset.state = "failed";
      runtime.dataset.reason = reason;
      bar.hidden = true;
      text.textContent = message;
      if (RETRYABLE.has(reason)) {
        const retry = document.createElement("button");
        retry.type = "button";
        retry.className = "md-button calc-retry";
        retry.textContent = "重试";
        retry.addEventListener("click", () => {
          retry.remove();
          runtime.dataset.state = "loading";
          delete runtime.dataset.reason;
          bar.hidden = false;
          bar.value = 0;
          text.textContent = STEP_TEXT.runtime;
          engine.restart();
        });
        text.after(retry);
      }
      onFail(message, reason);
    },
  });
  return engine;
}

// Background work waits this long after the start for the page's first answer to be drawn (Engine.background).
export const BACKGROUND_MS = 3000;

/** Run `callback` just after the next frame (the one that draws what the page does now); at once in a hidden page,
 * which draws no frames. */
function afterNextFrame(callback) {
  const later = () => setTimeout(callback, 0);
  if (typeof requestAnimationFrame === "function" && !document.hidden) requestAnimationFrame(later);
  else later();
}

/** @type {(...args: any[]) => void} */
const noop = () => { /* a page that has nothing to add to the status line */ };

const MB = 1e6;

/** Bytes per second over the download so far, from the first bytes counted (so the wait for the first response
 * does not count as a slow link). */
class Rate {
  constructor() {
    this.start = null;
  }

  eta(loaded, total) {
    const now = performance.now();
    if (this.start === null || loaded < this.start.loaded) this.start = { at: now, loaded };
    const seconds = (now - this.start.at) / 1000;
    const speed = (loaded - this.start.loaded) / seconds;
    if (seconds < 1 || !(speed > 0)) return null; // not enough seen to estimate
    return (total - loaded) / speed;
  }
}

/** "已下载 1.2 / 3.5 MB，约还需 5 秒" while the runtime downloads; "" before its size is known or once done. */
export function downloadText(bytes, rate) {
  if (!bytes || !bytes.total || bytes.loaded >= bytes.total) return "";
  const mb = (n) => (n / MB).toFixed(1);
  const left = rate.eta(bytes.loaded, bytes.total);
  const time = left === null ? "" : left < 1 ? "，即将完成" : `，约还需 ${Math.ceil(left)} 秒`;
  return `已下载 ${mb(bytes.loaded)} / ${mb(bytes.total)} MB${time}`;
}

/**
 * Once the engine is up, let the calculators' service worker (beside the worker script) keep this page and the
 * runtime for offline use and a warm next start. Files loaded before it controlled the page (theme CSS/JS) are
 * handed to it to keep as well.
 */
function registerServiceWorker(url) {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(url).then(async () => {
    const registration = await navigator.serviceWorker.ready;
    const page = location.origin + location.pathname;
    const urls = [page, ...performance.getEntriesByType("resource").map((entry) => entry.name)]
      .filter((href) => href.startsWith(location.origin));
    registration.active?.postMessage({ type: "cache-urls", urls });
  }).catch(() => { /* no service worker (preview server, file://, storage refused): the page works online */ });
}

let booted = null;

/** The runtime.json the page carries, or null (then the worker fetches it). */
function pageManifest() {
  try {
    return JSON.parse(document.getElementById(MANIFEST_ID)?.textContent ?? "null");
  } catch {
    return null;
  }
}

/**
 * Start the worker, once per page. boot.js calls this from the page's head, so that Python loads while the theme
 * and the page's own scripts are still arriving; the page's Engine then takes the same worker. What the worker
 * says before anyone listens is kept, in order. Returns {worker, startedAt, backlog} or {failure: {message, reason}}.
 */
export function bootWorker(again = false) {
  if (booted && !again) return booted;
  if (!webAssemblySupported()) return (booted = { failure: { message: MESSAGES.noWasm, reason: "no-wasm" } });
  // A browser without module workers never reads the `type` option (and would run the file classically).
  let readsType = false;
  const options = { get type() { readsType = true; return "module"; } };
  const startedAt = performance.now();
  let worker = null;
  try {
    worker = new Worker(WORKER_URL, /** @type {WorkerOptions} */ (options));
  } catch {
    readsType = false;
  }
  if (!readsType) {
    worker?.terminate();
    return (booted = { failure: { message: MESSAGES.noWorker, reason: "no-worker" } });
  }
  const backlog = [];
  worker.onmessage = (event) => backlog.push(event.data);
  worker.onerror = () => backlog.push(WORKER_ERROR);
  worker.postMessage({ type: "manifest", manifest: pageManifest() });
  return (booted = { worker, startedAt, backlog });
}

/** The engine of a page: its worker, its start-up, its requests. */
export class Engine {
  constructor({ onProgress, onReady, onFail }) {
    /** @type {Map<number, {resolve: (response: object) => void, reject: (error: Error) => void}>} */
    this.pending = new Map();
    this.nextId = 1;
    this.onProgress = onProgress;
    this.onReady = onReady;
    this.onFail = onFail;
    this.backgroundStarted = false; // Engine.background
    this.backgroundTimer = null;
    this.attach(bootWorker());
  }

  /** Take a started worker (or its failure to start) and listen to it. */
  attach({ worker = null, startedAt = 0, backlog = [], failure = null }) {
    this.ready = false;
    this.failure = null;
    this.worker = worker;
    this.startedAt = startedAt;
    if (failure) {
      this.fail(failure.message, failure.reason);
      return;
    }
    this.timer = setTimeout(() => this.fail(MESSAGES.timeout, "timeout"), START_TIMEOUT_MS);
    // Replayed once the page's script has its engine in hand (a message is a task: none can come in between).
    queueMicrotask(() => {
      if (this.worker !== worker) return; // failed meanwhile
      for (const message of backlog.splice(0)) this.receive(message);
      worker.onmessage = (event) => this.receive(event.data);
      worker.onerror = () => this.receive(WORKER_ERROR);
    });
  }

  /** A new worker after a failure (the status line's 重试). */
  restart() {
    this.attach(bootWorker(true));
  }

  /** Say once why the engine stopped, and settle every request it holds: nothing waits on a dead worker. */
  fail(message, reason) {
    clearTimeout(this.timer);
    const error = Object.assign(new Error(message), { reason });
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    if (this.failure) return;
    this.failure = error;
    this.ready = false;
    this.worker?.terminate();
    this.onFail(message, reason);
  }

  /** @param {WorkerOut} message */
  receive(message) {
    if (this.failure) return;
    if (message.type === "progress") {
      const bytes = message.total ? { loaded: message.loaded, total: message.total } : null;
      this.onProgress(STEP_TEXT[message.step] || STEP_TEXT.runtime, message.fraction, bytes);
    } else if (message.type === "ready") {
      clearTimeout(this.timer);
      this.ready = true;
      this.backgroundTimer = setTimeout(() => this.background(), BACKGROUND_MS); // a page that asks nothing
      this.onReady({ mode: message.mode, workerMs: message.ms, timings: message.timings,
                     pageMs: Math.round(performance.now() - this.startedAt) });
    } else if (message.type === "failed") {
      const reason = this.ready ? "crashed" : message.reason;
      const text = { "wasm-blocked": MESSAGES.blocked, download: MESSAGES.download, crashed: MESSAGES.crashed };
      this.fail(text[reason] || MESSAGES.failed, reason);
    } else if (message.type === "result") {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      waiting?.resolve(JSON.parse(message.response));
      if (!this.backgroundStarted) afterNextFrame(() => this.background());
    }
  }

  /** Once the page has drawn its first answer (in the next frame: calculator.js), or BACKGROUND_MS after the
   * start: the work that need not compete with that drawing for a phone's CPU starts, the service worker's
   * registration (it then keeps the page and the runtime) and the worker's storing of the unpacked snapshot. */
  background() {
    if (this.backgroundStarted) return;
    this.backgroundStarted = true;
    clearTimeout(this.backgroundTimer);
    registerServiceWorker(new URL("sw.js", WORKER_URL));
    /** @type {WorkerIn} */
    const message = { type: "background" };
    this.worker?.postMessage(message);
  }

  /** Run one request (an object); resolves with the parsed response, rejects (an Error with the Chinese message
   * the status line shows) when the engine cannot answer. Queued in the worker until ready.
   * @returns {Promise<any>} a verdict (types/engine.d.ts Verdict) or, for the self-check, a Report */
  run(request) {
    if (this.failure || !this.worker) return Promise.reject(this.failure || new Error(MESSAGES.failed));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      /** @type {WorkerIn} */
      const message = { type: "run", id, request: JSON.stringify(request) };
      this.worker.postMessage(message);
    });
  }
}
