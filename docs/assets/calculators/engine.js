// The page's side of the calculators worker: start it at once, show progress, time out with a message,
// and run requests (JSON text in, JSON text out) once Python is ready.

// A CSP without 'wasm-unsafe-eval' can make the start hang rather than fail. (Overridable for the tests.)
const START_TIMEOUT_MS = globalThis.CALCULATORS_START_TIMEOUT_MS ?? 60000;

export const MESSAGES = {
  noWasm: "此浏览器无法运行 WebAssembly，计算器不能在本页运行。请换用较新版本的 Chrome、Edge、Firefox、Safari 或国产浏览器的极速模式。",
  noWorker: "此浏览器不支持模块化 Web Worker，计算器不能在本页运行。请换用较新版本的浏览器。",
  blocked: "浏览器或网站的安全策略禁止运行 WebAssembly，计算器无法启动。请联系网站管理员（需要 'wasm-unsafe-eval'）。",
  timeout: "计算引擎启动超时。可能是网络较慢，或浏览器、网站的安全策略阻止了 WebAssembly。请刷新页面重试；条文内容不受影响。",
  failed: "计算引擎启动失败，请刷新页面重试。",
};

const STEP_TEXT = {
  runtime: "正在加载计算引擎的运行环境…",
  snapshot: "正在下载计算引擎…",
  package: "正在下载计算引擎…",
  start: "正在启动计算引擎…",
  ready: "计算引擎已就绪",
};

export function webAssemblySupported() {
  try {
    return typeof WebAssembly === "object"
      && WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch {
    return false;
  }
}

/** Starts the worker and reports through callbacks: onProgress(text, fraction), onReady(info), onFail(message). */
/**
 * Start the engine and show its start-up in a page's status line: `runtime` (its data-state), `bar` (a progress
 * element) and `text`. The page's own onReady(info) / onFail(message, reason) run after the line is updated.
 */
export function startWithStatus(workerUrl, { runtime, bar, text }, { onReady = () => {}, onFail = () => {} } = {}) {
  return new Engine(workerUrl, {
    onProgress(message, fraction) {
      bar.value = Math.round(fraction * 100);
      if (text.textContent !== message) text.textContent = message; // a status region re-announces every write
    },
    onReady(info) {
      runtime.dataset.state = "ready";
      bar.value = 100;
      text.textContent = `计算引擎已就绪（${(info.pageMs / 1000).toFixed(1)} 秒）`;
      onReady(info);
    },
    onFail(message, reason) {
      runtime.dataset.state = "failed";
      runtime.dataset.reason = reason;
      bar.hidden = true;
      text.textContent = message;
      onFail(message, reason);
    },
  });
}

export class Engine {
  constructor(workerUrl, { onProgress, onReady, onFail }) {
    this.pending = new Map();
    this.nextId = 1;
    this.ready = false;
    this.onProgress = onProgress;
    this.onReady = onReady;
    this.onFail = onFail;
    if (!webAssemblySupported()) {
      onFail(MESSAGES.noWasm, "no-wasm");
      return;
    }
    // A browser without module workers never reads the `type` option (and would run the file classically).
    let readsType = false;
    const options = { get type() { readsType = true; return "module"; } };
    this.startedAt = performance.now();
    try {
      this.worker = new Worker(workerUrl, options);
    } catch {
      readsType = false;
    }
    if (!readsType) {
      this.worker?.terminate();
      this.worker = null;
      onFail(MESSAGES.noWorker, "no-worker");
      return;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = () => this.fail(MESSAGES.failed, "worker-error");
    this.timer = setTimeout(() => this.fail(MESSAGES.timeout, "timeout"), START_TIMEOUT_MS);
  }

  fail(message, reason) {
    clearTimeout(this.timer);
    if (!this.ready) this.onFail(message, reason);
  }

  receive(message) {
    if (message.type === "progress") {
      this.onProgress(STEP_TEXT[message.step] || STEP_TEXT.runtime, message.fraction);
    } else if (message.type === "ready") {
      clearTimeout(this.timer);
      this.ready = true;
      this.onReady({ mode: message.mode, workerMs: message.ms, timings: message.timings,
                     pageMs: Math.round(performance.now() - this.startedAt) });
    } else if (message.type === "failed") {
      this.fail(message.reason === "wasm-blocked" ? MESSAGES.blocked : MESSAGES.failed, message.reason);
    } else if (message.type === "result") {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (resolve) resolve(message.response);
    }
  }

  /** Run one request (an object); resolves with the parsed response. Queued in the worker until ready. */
  run(request) {
    if (!this.worker) return Promise.reject(new Error("engine unavailable"));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (text) => resolve(JSON.parse(text)));
      this.worker.postMessage({ type: "run", id, request: JSON.stringify(request) });
    });
  }
}
