// Cold-cache time from first keystroke to first result, and bytes fetched,
// for cardsite's search and Pagefind's default UI over the same built site,
// in headless Chromium with throttling (150 ms RTT, 1.6 Mbit/s down, gzip).
// Usage: node scripts/bench-search-browser.mjs SITE_DIR_WITH_PAGEFIND [REPS] [QUERY]
import { createServer } from "node:http";
import { readFile, stat, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

const [site, reps = "3", query = "triage"] = process.argv.slice(2);
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
await writeFile(join(site, "pf-search.html"), `<!doctype html><html><head><meta charset="utf-8"><link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head><body><div id="search"></div><script>window.addEventListener('DOMContentLoaded',()=>{new PagefindUI({element:"#search",showSubResults:false});});</script></body></html>`);
const server = createServer(async (req, res) => {
  let file = normalize(join(site, decodeURIComponent(new URL(req.url, "http://x").pathname)));
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    let body = await readFile(file);
    const headers = { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-store" };
    if (/gzip/.test(req.headers["accept-encoding"] || "") && !/\.pf_/.test(file)) { body = gzipSync(body); headers["content-encoding"] = "gzip"; }
    res.writeHead(200, headers); res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });

async function measure(path, input, result, delayBeforeTyping) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  // Counted per request from Playwright (which sees the search worker's
  // fetches too; the page's CDP session does not).
  let bytes = 0, counting = true;
  const pending = [];
  page.on("requestfinished", (r) => {
    if (counting) pending.push(r.sizes().then((s) => { bytes += s.responseBodySize + s.responseHeadersSize; }).catch(() => {}));
  });
  await page.goto(url + path, { waitUntil: "load" });
  await page.waitForTimeout(delayBeforeTyping);
  await page.click(input);
  const t0 = Date.now();
  await page.keyboard.type(query, { delay: 80 });
  await page.waitForSelector(result, { timeout: 60000 });
  const first = Date.now() - t0;
  counting = false;
  await Promise.all(pending);
  await context.close();
  return { first, bytes };
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
for (const [name, path, input, result] of [
  ["cardsite", "/", "#site-q", "#search-popup li a"],
  ["cardsite (engine results)", "/", "#site-q", "#search-popup >> text=/All \\d+ results/"],
  ["pagefind", "/pf-search.html", ".pagefind-ui__search-input", ".pagefind-ui__result"],
]) {
  for (const delay of [0, 1500]) {
    const runs = [];
    for (let i = 0; i < Number(reps); i++) runs.push(await measure(path, input, result, delay));
    out[`${name}, typing after ${delay} ms`] = { first_result_ms: median(runs.map((r) => r.first)), bytes: median(runs.map((r) => r.bytes)) };
  }
}
console.log(JSON.stringify(out, null, 1));
await browser.close();
server.close();
