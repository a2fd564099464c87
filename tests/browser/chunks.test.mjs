// The search index fetched on demand: a query fetches only the chunks it
// needs; a missing chunk is reported in the results area; a redeploy while
// the tab is open (a manifest naming a new build) is recovered from.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, launch, strictPage } from "./harness.mjs";

const SITE = process.env.SITE_DIR;
const OTHER = process.env.HOSTILE_DIR;
let browser;
const servers = [];
const copies = [];
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  servers.forEach((s) => s.close());
  await Promise.all(copies.map((d) => rm(d, { recursive: true, force: true })));
});

async function copy(from) {
  const dir = await mkdtemp(join(tmpdir(), "cardsite-chunks-"));
  copies.push(dir);
  await cp(from, dir, { recursive: true });
  const { server, url } = await serve(dir);
  servers.push(server);
  return { dir, url };
}

async function sizes(dir) {
  let total = 0;
  for (const f of await readdir(dir)) total += (await stat(join(dir, f))).size;
  return total;
}

async function statusAfter(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return /\d+ results?|No results|chunk|index|could not/i.test(s) && !/Loading/.test(s);
  }, null, { timeout: 20000 });
  return page.$eval("#search-status", (s) => s.textContent);
}

test("a query fetches the chunks holding its postings and documents, not the index", async () => {
  const manifest = JSON.parse(await readFile(join(SITE, "search/manifest.json"), "utf8"));
  const chunkCount = Object.values(manifest.index.files)
    .reduce((n, f) => n + Math.ceil(f.len / manifest.index.chunk_size), 0);
  assert.ok(chunkCount > 20, `the bundled index spans many chunks (${chunkCount})`);
  const { url } = await copy(SITE);
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  const fetched = [];
  const hot = [];
  page.on("requestfinished", (r) => {
    if (/\/search\/c\//.test(r.url())) fetched.push(r.url());
    if (/\/search\/v\d+-hot-/.test(r.url())) hot.push(r.url());
  });
  await page.goto(`${url}/search/?q=licensing`);
  const status = await statusAfter(page);
  assert.match(status, /\d+ results?/);
  const titles = await page.$$eval("#search-results > li a.result-link", (l) => l.map((a) => a.textContent));
  assert.ok(titles.includes("MedQA (USMLE)"), `${titles}`);
  assert.ok(fetched.length > 0, "chunks were fetched for the query");
  assert.ok(fetched.length < chunkCount / 3, `${fetched.length} of ${chunkCount} chunks fetched`);
  // A second query with another word fetches more chunks, on demand.
  const before = fetched.length;
  await page.fill("#search-q", "hallucination");
  await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > 0
    && /hallucination/i.test(document.getElementById("search-results").textContent), null, { timeout: 20000 });
  assert.ok(fetched.length > before, "the new word's chunks came when asked for");
  // The small hot file came inside the manifest.
  assert.ok(manifest.hot_inline, "the manifest carries the hot file");
  assert.deepEqual(hot, []);
  assert.deepEqual(page.problems.filter((p) => !/404/.test(p)), []);
});

test("a manifest without the hot file inline: the worker fetches the file", async () => {
  const { dir, url } = await copy(SITE);
  const path = join(dir, "search/manifest.json");
  const manifest = JSON.parse(await readFile(path, "utf8"));
  delete manifest.hot_inline;
  await writeFile(path, JSON.stringify(manifest));
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  const hot = [];
  page.on("requestfinished", (r) => { if (r.url().endsWith(`/search/${manifest.hot}`)) hot.push(r.url()); });
  await page.goto(`${url}/search/?q=licensing`);
  assert.match(await statusAfter(page), /\d+ results?/);
  assert.equal(hot.length, 1);
  assert.deepEqual(page.problems, []);
});

// Drives a fresh worker as the search box and the search page do. `plan`:
// the messages to post, in order, each with an `id`; one marked `settle` is
// answered before the next is posted. Returns the replies in plan order.
function driveWorker(page, plan) {
  return page.evaluate(async (plan) => {
    const ds = document.querySelector("[data-worker]").dataset;
    const w = new Worker(ds.worker, { type: "module" });
    const got = new Map();
    const wait = (pred) => new Promise((resolve) => {
      const check = () => (pred() ? resolve() : setTimeout(check, 20));
      check();
    });
    w.onmessage = ({ data }) => got.set(data.id ?? data.type, data);
    w.postMessage({ type: "init", glue: ds.glue, wasm: ds.wasm, manifest: ds.manifest });
    await wait(() => got.has("ready") || got.has("failed"));
    for (const { settle, ...message } of plan) {
      w.postMessage(message);
      if (settle) await wait(() => got.has(message.id));
    }
    await wait(() => plan.every((m) => got.has(m.id)));
    w.terminate();
    return plan.map((m) => got.get(m.id));
  }, plan);
}

// Preloads each prefix of `word` from two letters on when `typed` (each
// answered before the next, as for a slow typist), then asks for `word`;
// returns [preload replies, answer].
async function typeThenSearch(page, word, typed) {
  const plan = [];
  for (let i = 2; typed && i <= word.length; i++) {
    plan.push({ type: "preload", id: plan.length + 1, query: word.slice(0, i), limit: 8, settle: true });
  }
  plan.push({ type: "search", id: plan.length + 1, query: word, limit: 8, filters: [], facets: false, channel: "box" });
  const replies = await driveWorker(page, plan);
  return [replies.slice(0, -1), replies[replies.length - 1]];
}

test("typing preloads the words' index entries: the query then needs one round, for its documents", async () => {
  const { url } = await copy(SITE);
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/about/`);
  // Without preloading: the dictionary, then the postings, then the documents.
  const [, cold] = await typeThenSearch(page, "hallucination", false);
  assert.ok(cold.total > 0 && cold.rounds >= 3, JSON.stringify(cold).slice(0, 200));
  // Typed a letter at a time, each prefix preloaded (as the box does).
  const [preloads, warm] = await typeThenSearch(page, "hallucination", true);
  assert.ok(preloads.some((p) => p.fetched > 0), JSON.stringify(preloads));
  assert.equal(warm.rounds, 1, JSON.stringify(warm).slice(0, 200));
  assert.deepEqual(warm.hits, cold.hits);
  assert.equal(warm.total, cold.total);
  assert.deepEqual(page.problems, []);
});

test("a missing chunk is reported in the results area; nothing hangs", async () => {
  const { dir, url } = await copy(SITE);
  await rm(join(dir, "search/c"), { recursive: true });
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=licensing`);
  const status = await statusAfter(page);
  assert.match(status, /search index chunk \S+: HTTP 404/);
  assert.match(status, /incomplete/);
});

test("a redeploy while the tab is open: the new manifest is read and the query answered", async () => {
  const { dir, url } = await copy(SITE);
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=licensing`);
  assert.match(await statusAfter(page), /\d+ results?/);
  // Another build replaces the search folder: its chunks have other names.
  await rm(join(dir, "search"), { recursive: true });
  await cp(join(OTHER, "search"), join(dir, "search"), { recursive: true });
  const { keys } = JSON.parse(await readFile(join(OTHER, "search/titles/index.json"), "utf8"));
  const words = [];
  for (const k of keys) words.push(...Object.keys(JSON.parse(await readFile(join(OTHER, `search/titles/${k}.json`), "utf8")).words));
  const word = words.find((w) => /^[a-z]{5,}$/.test(w) && !/^(script|onerror|alert)$/.test(w));
  assert.ok(word, "a word of the other build");
  await page.fill("#search-q", word);
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return /\d+ results?/.test(s) && document.querySelectorAll("#search-results > li").length > 0;
  }, null, { timeout: 20000 });
  const status = await page.$eval("#search-status", (s) => s.textContent);
  assert.doesNotMatch(status, /chunk|incomplete/);
  assert.ok(await sizes(join(dir, "search")) > 0);
});

test("a newer query on the same channel supersedes one still fetching its chunks", async () => {
  const { url } = await copy(SITE);
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/about/`);
  // 1 and 2 share a channel: 2 supersedes 1 while 1 waits for its chunks.
  // 3, on another channel, is not affected.
  const search = { type: "search", limit: 5, filters: [], facets: false };
  const replies = await driveWorker(page, [
    { ...search, id: 1, query: "licensing", channel: "box" },
    { ...search, id: 2, query: "hallucination", channel: "box" },
    { ...search, id: 3, query: "licensing", channel: "page" },
  ]);
  const [first, second, third] = replies;
  assert.deepEqual(first, { type: "results", id: 1, superseded: true });
  assert.ok(second.total > 0 && second.rounds > 0, JSON.stringify(second).slice(0, 300));
  assert.ok(second.hits.some((h) => /hallucination/i.test(h.title + h.snippet.text)), "the newer query's own results");
  assert.ok(third.total > 0 && !third.superseded, JSON.stringify(third).slice(0, 300));
  assert.deepEqual(page.problems, []);
});
