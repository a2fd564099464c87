// Cold-cache time from first keystroke to first result, and bytes fetched,
// for cardsite's search and Pagefind's default UI over the same built site,
// in headless Chromium with throttling (150 ms RTT, 1.6 Mbit/s down, gzip).
// Two cold cases: "nothing cached", and "module cached" (the engine's code —
// cardsite's WASM module, its glue and its worker, Pagefind's WASM and scripts — was
// fetched by an earlier visit and is served cacheable forever, as both
// name it by hash; everything else is fetched anew).
// Usage: node scripts/bench-search-browser.mjs SITE_DIR_WITH_PAGEFIND [REPS] [QUERIES]
//   QUERIES: comma-separated (default "triage"); DELAYS="0,1500" (ms between
//   page load and typing); CASES="nothing,module"; TOOLS (a regular
//   expression over "cardsite (title matches)", "cardsite (engine results)",
//   "cardsite (search page)", "cardsite (search page counts)", "pagefind").
import { createServer } from "node:http";
import { readFile, stat, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

const [site, reps = "3", queries = "triage"] = process.argv.slice(2);
const DELAYS = (process.env.DELAYS || "0,1500").split(",").map(Number);
const CASES = (process.env.CASES || "nothing,module").split(",");
// TOOLS: a regular expression over the tool names below (default: all).
const TOOLS = new RegExp(process.env.TOOLS || ".");
// TRACE=1: print every request of each measured run (start and end in ms
// from the first keystroke, bytes, path) to stderr.
const TRACE = !!process.env.TRACE;
// The engine's code: cacheable in the "module cached" case. cardsite's is
// the WASM module, its glue and the worker that loads them (all named by
// hash, served immutable); Pagefind's, its WASM and its scripts.
const MODULE = /(cardsite_search[^/]*\.(wasm|js)|search-worker\.[0-9a-f]+\.js|pagefind\/(wasm\.[^/]*|pagefind[^/]*\.js|pagefind-ui\.(js|css)))$/;
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
await writeFile(join(site, "pf-search.html"), `<!doctype html><html><head><meta charset="utf-8"><link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head><body><div id="search"></div><script>window.addEventListener('DOMContentLoaded',()=>{new PagefindUI({element:"#search",showSubResults:false});});</script></body></html>`);
const server = createServer(async (req, res) => {
  let file = normalize(join(site, decodeURIComponent(new URL(req.url, "http://x").pathname)));
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    let body = await readFile(file);
    const cache = MODULE.test(file) ? "public, max-age=31536000, immutable" : "no-store";
    const headers = { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": cache };
    if (/gzip/.test(req.headers["accept-encoding"] || "") && !/\.pf_/.test(file)) { body = gzipSync(body); headers["content-encoding"] = "gzip"; }
    res.writeHead(200, headers); res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });

async function measure(path, input, result, shown, delayBeforeTyping, query, moduleCached) {
  const context = await browser.newContext();
  if (moduleCached) {
    // An earlier visit fetched the engine's code (and only that is kept).
    const warm = await context.newPage();
    await warm.goto(url + path, { waitUntil: "load" });
    await warm.click(input);
    await warm.keyboard.type(query, { delay: 20 });
    await warm.waitForSelector(result, { timeout: 60000 });
    await warm.close();
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  if (!moduleCached) await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  // Counted per request from Playwright (which sees the search worker's
  // fetches too; the page's CDP session does not). Bytes of the engine's
  // code are counted apart, and only when fetched (not from the cache).
  // `searchBytes`: the part of `bytes` under /search/ or /pagefind/ (the
  // rest is the page itself: cardsite's is a catalogue page with its CSS
  // and scripts, Pagefind's a bare page with its UI).
  let bytes = 0, moduleBytes = 0, searchBytes = 0, counting = true, t0 = 0;
  const pending = [], trace = [];
  if (TRACE) page.on("request", (r) => { r._t = Date.now(); });
  if (TRACE) page.on("console", (m) => { const x = m.text(); if (x.startsWith("TRACE")) console.error("  " + x.replace(/at (\d+)$/, (_, t) => `at ${Math.round(Number(t) - t0)} ms`)); });
  page.on("requestfinished", (r) => {
    if (!counting) return;
    pending.push(r.response().then(async (resp) => {
      if (resp && resp.fromServiceWorker()) return;
      const s = await r.sizes();
      const n = s.responseBodySize + s.responseHeadersSize;
      const path = new URL(r.url()).pathname;
      if (MODULE.test(path)) moduleBytes += n;
      else {
        bytes += n;
        if (/^\/(search|pagefind)\//.test(path)) searchBytes += n;
      }
      if (TRACE) trace.push([r._t - t0, Date.now() - t0, n, new URL(r.url()).pathname]);
    }).catch(() => {}));
  });
  await page.goto(url + path, { waitUntil: "load" });
  await page.waitForTimeout(delayBeforeTyping);
  await page.click(input);
  // Timed in the page, from the first key down to the first DOM change
  // that shows the result (a MutationObserver): Playwright's own waiting
  // polls ever more slowly (up to every 500 ms), which blurred results by
  // up to half a second.
  await page.evaluate((shown) => {
    const seen = new Function(`return (${shown})();`);
    window.__bench = {};
    document.addEventListener("keydown", () => { window.__bench.start ??= performance.now(); }, { capture: true });
    const check = () => { if (window.__bench.start != null && window.__bench.end == null && seen()) window.__bench.end = performance.now(); };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  }, shown);
  t0 = Date.now();
  await page.keyboard.type(query, { delay: 80 });
  await page.waitForSelector(result, { timeout: 60000 });
  const { start, end } = await page.evaluate(() => window.__bench);
  const first = Math.round(end - start);
  counting = false;
  await Promise.all(pending);
  if (TRACE) for (const [a, b, n, p] of trace.sort((x, y) => x[0] - y[0])) console.error(`  ${a}..${b} ms ${n} B ${p}`);
  await context.close();
  return { first, bytes, searchBytes, moduleBytes };
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
for (const query of queries.split(",")) {
  // [name, page, input, Playwright selector of the result, the same as a
  // page-side test]
  for (const [name, path, input, result, shown] of [
    ["cardsite (title matches)", "/", "#site-q", "#search-popup li a",
      "() => !!document.querySelector('#search-popup:not([hidden]) li a')"],
    ["cardsite (engine results)", "/", "#site-q", "#search-popup >> text=/All \\d+ results/",
      "() => /All \\d+ results/.test(document.querySelector('#search-popup:not([hidden]) .all-results')?.textContent || '')"],
    // The search page: its first results with their snippets.
    ["cardsite (search page)", "/search/", "#search-q", "#search-results > li .snippet",
      "() => /\\d+ results?/.test(document.getElementById('search-status').textContent) && !!document.querySelector('#search-results > li .snippet')"],
    // The search page's filter counts, which come after its results.
    ["cardsite (search page counts)", "/search/", "#search-q", "#search-filters details",
      "() => !!document.querySelector('#search-filters details') && !document.getElementById('search-filters').hasAttribute('aria-busy')"],
    // Pagefind's UI draws each result as a grey placeholder (an empty
    // `.pagefind-ui__result`) until its fragment arrives; the result is shown
    // when its title link is, as cardsite's when its titles are.
    ["pagefind", "/pf-search.html", ".pagefind-ui__search-input", ".pagefind-ui__result-link",
      "() => !!document.querySelector('.pagefind-ui__result-link')"],
  ]) {
    if (!TOOLS.test(name)) continue;
    for (const c of CASES) {
      for (const delay of DELAYS) {
        const runs = [];
        for (let i = 0; i < Number(reps); i++) runs.push(await measure(path, input, result, shown, delay, query, c === "module"));
        const ms = runs.map((r) => r.first);
        out[`${query} | ${name} | ${c} cached | typing after ${delay} ms`] = {
          first_result_ms: median([...ms]), runs_ms: ms,
          index_bytes: median(runs.map((r) => r.bytes)), search_bytes: median(runs.map((r) => r.searchBytes)),
          module_bytes: median(runs.map((r) => r.moduleBytes)),
        };
        console.error(query, name, c, delay, ms.join(" "));
      }
    }
  }
}
console.log(JSON.stringify(out, null, 1));
await browser.close();
server.close();
