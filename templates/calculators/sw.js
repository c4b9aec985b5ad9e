// Service worker for the calculator pages (scope: calculators/), written by sitegen/runtime/service_worker.py.
// BUILD is a hash of every file it precaches, so each build gets its own cache and old ones are dropped.
// Files whose URL names their content (IMMUTABLE: hash-named, under the Pyodide version's folder, or a script or
// style sheet named by version, `engine.js?v=<hash>`, precached or not: VERSIONED): cache first. Everything else
// (pages, runtime.json, the theme's plain-named files): network first, the cached copy when offline (query strings
// ignored: shared links work offline) — so the first online visit after a redeploy runs the new page, which names
// the new scripts, with the new engine even while this (old) worker still controls it. Pages come by navigation
// preload where the host has them revalidated (pageResponse).
// Packed files (PACKED: the standard library and the memory snapshot, listed by their .gz) are kept in the form
// the page has just downloaded (from the HTTP cache), else in the smaller one: the raw form where the host encodes
// it (brotli), else the .gz. Their raw form is never served by this worker: a host that sends it unencoded must
// be cancellable by the page's worker after the headers (the page's worker looks in this cache itself).
// The memory snapshot (BACKGROUND) makes the next start fast but is 2.0–2.8 MB: it is fetched only on a link
// that allows it (no Save-Data, not 2g/3g), once per build; the worker uses it only once it is in this cache.
const BUILD = "__BUILD__";
const PRECACHE = __PRECACHE__;
const IMMUTABLE = __IMMUTABLE__;
const PACKED = __PACKED__;
const BACKGROUND = __BACKGROUND__;
const CACHE = `calculators-${BUILD}`;
const IMMUTABLE_URLS = new Set(IMMUTABLE.map((path) => new URL(path, self.location).href));
const VERSIONED = /\?v=[0-9a-f]{__VERSION_DIGITS__}$/; // sitegen/modules.py
const rawForm = (url) => url.replace(/\.gz$/, "");
const RAW_PACKED = new Set(PACKED.map((path) => rawForm(new URL(path, self.location).href)));

async function fetched(url, immutable) {
  return [url, await fetch(url, { cache: immutable ? "force-cache" : "default" })];
}

// [URL, response] of a packed file: the form the page has just downloaded, if it did (from the HTTP cache: it is
// never downloaded twice); otherwise the smaller one: the raw form where the host sends it encoded, else the .gz
// (url).
async function packedForm(url) {
  for (const form of [rawForm(url), url]) {
    const kept = await fromHttpCache(form);
    if (kept) return [form, kept];
  }
  const response = await fetch(rawForm(url), { cache: "force-cache" });
  if (response.ok && response.headers.get("Content-Encoding")) return [rawForm(url), response];
  await response.body?.cancel();
  return fetched(url, true);
}

async function fromHttpCache(url) {
  try {
    const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
    return response.ok ? response : null;
  } catch {
    return null;
  }
}

function linkAllowsPrefetch() {
  const link = self.navigator.connection;
  return !(link && (link.saveData || /(^|-)[23]g$/.test(link.effectiveType || "")));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const wanted = PRECACHE.filter((path) => !BACKGROUND.includes(path) || linkAllowsPrefetch());
    // Hash-named files never change: take them from the HTTP cache the page just filled.
    await Promise.all(wanted.map(async (path) => {
      const [url, response] = PACKED.includes(path) ? await packedForm(new URL(path, self.location).href)
        : await fetched(new URL(path, self.location).href, IMMUTABLE.includes(path));
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("calculators-") && name !== CACHE) await caches.delete(name);
    }
    const page = await (await caches.open(CACHE)).match(new URL("./", self.location).href);
    if (page) await preloadPages(revalidated(page));
    await self.clients.claim();
  })());
});

// The page lists what it loaded before this worker controlled it (theme CSS and JS): keep those too.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "cache-urls") return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const url of event.data.urls) {
      if (new URL(url).origin !== self.location.origin || (await cache.match(url))) continue;
      try {
        const response = await fetch(url);
        if (response.ok) await cache.put(url, response);
      } catch {
        /* offline already: nothing to add */
      }
    }
  })());
});

// Does the host have the browser revalidate this response before each use? Then a copy from the HTTP cache is
// the current one.
const REVALIDATED = /(^|,)\s*(no-cache|no-store|max-age=0)\s*(,|$)/i;
const revalidated = (response) => REVALIDATED.test(response.headers.get("Cache-Control") || "");

// A page's request. On a host that has pages revalidated (deploy/'s nginx), the browser's own request for it
// (navigation preload) is sent while this worker starts, sooner; this worker turns preload on when it activates
// if the pages it cached say so, and on or off as later pages say. Otherwise the page's URL is asked afresh (a
// navigation's own request takes no cache mode); a redirect goes back to the browser to follow.
async function pageResponse(request, preload) {
  const preloaded = await Promise.resolve(preload).catch(() => undefined); // offline: the fetch below says so
  if (preloaded && revalidated(preloaded)) return preloaded;
  const response = await fetch(request.url, { cache: "no-cache", redirect: "manual", credentials: "same-origin" });
  if (response.ok) preloadPages(revalidated(response)); // not awaited: the page does not wait for it
  return response;
}

// Best effort, never failing the page: a worker being replaced by a new build's may be refused (the page would
// then have come from this worker's cache, the old build's).
function preloadPages(on) {
  return Promise.resolve(self.registration.navigationPreload?.[on ? "enable" : "disable"]()).catch(() => { /* see above */ });
}

async function networkFirst(request, preload) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    // Revalidated even when the host sends no cache headers (a heuristic freshness would serve the old build):
    // pages too, since they carry runtime.json.
    response = await (request.mode === "navigate"
      ? pageResponse(request, preload)
      : fetch(request, { cache: "no-cache" }));
  } catch (error) {
    // Offline (only then: any other failure here would put the old build's copy before the host's answer).
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
  // Kept for offline use; a full cache does not cost the reader the host's answer.
  if (response.ok) await cache.put(request.url.split("?")[0], response.clone()).catch(() => { /* see above */ });
  return response;
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const foreign = new URL(request.url).origin !== self.location.origin;
  if (request.method !== "GET" || foreign || RAW_PACKED.has(request.url)) return;
  const immutable = IMMUTABLE_URLS.has(request.url) || VERSIONED.test(request.url);
  event.respondWith(immutable ? cacheFirst(request) : networkFirst(request, event.preloadResponse));
});
