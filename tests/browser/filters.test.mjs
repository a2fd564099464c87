// The search page's filters: groups with human labels, OR within a group
// and AND across groups, counts equal to `cardsite search --filter`, the
// state in the URL (back button, old f= links), and the sharded title
// index answering the first keystrokes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serve, launch, strictPage, SITE, shot } from "./harness.mjs";

let server, url, browser;
before(async () => { ({ server, url } = await serve()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const CLI = process.env.CARDSITE_BIN;
// What `cardsite search` answers over the same built site.
function cli(query, filters) {
  const args = ["search", query, "--root", process.cwd(), "--output", SITE, "--json", "--limit", "50"];
  for (const f of filters) args.push("--filter", f);
  return JSON.parse(execFileSync(CLI, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }));
}

// Waits until the status reads `expected`; a timeout says what it read.
async function statusBecomes(page, expected) {
  try {
    await page.waitForFunction((s) => document.getElementById("search-status").textContent === s
      && !document.getElementById("search-filters").hasAttribute("aria-busy"), expected);
  } catch (err) {
    const now = await page.$eval("#search-status", (s) => s.textContent);
    throw new Error(`status "${now}", expected "${expected}"; query "${await page.inputValue("#search-q")}", ${page.url()}; page problems: ${JSON.stringify(page.problems)}; ${err.message}`);
  }
}

async function settled(page) {
  // The results come first, then the filters' counts (the panel is busy
  // until they are in).
  await page.waitForFunction(() => /\d+ results?|No results/.test(document.getElementById("search-status").textContent)
    && document.querySelector("#search-filters details")
    && !document.getElementById("search-filters").hasAttribute("aria-busy"), null, { timeout: 20000 });
}

// The filter panel as shown: facet → count, and the chosen facets.
async function shown(page) {
  return page.$$eval("#search-filters input[type=checkbox]", (boxes) => boxes.map((b) => ({
    facet: b.value,
    count: Number(/\((\d+)\)/.exec(b.parentElement.querySelector(".count").textContent)[1]),
    checked: b.checked,
  })));
}

async function choose(page, facet) {
  const before = await page.$eval("#search-status", (s) => s.textContent);
  const box = page.locator(`#search-filters input[value="${facet}"]`);
  // The group may be folded, or the value behind "more".
  await box.evaluate((b) => {
    b.closest("details").open = true;
    const li = b.closest("li");
    if (li.hidden) li.closest("fieldset").querySelector(".filter-more").click();
  });
  await box.check();
  // The new answer is in when the status changes (it counts the filters,
  // so it always does); the box is checked at once, before the query runs,
  // so waiting for that let a slow answer land after the caller read it.
  await page.waitForFunction((s) => document.getElementById("search-status").textContent !== s, before);
  await settled(page);
}

function assertCountsMatch(dom, expected, chosen) {
  const want = new Map(expected.facets.filter((f) => f.count > 0).map((f) => [f.facet, f.count]));
  for (const f of chosen) if (!want.has(f)) want.set(f, 0);
  const got = new Map(dom.map((d) => [d.facet, d.count]));
  assert.deepEqual([...got.entries()].sort(), [...want.entries()].sort());
  assert.deepEqual(dom.filter((d) => d.checked).map((d) => d.facet).sort(), [...chosen].sort());
}

test("grouped filters: human labels, OR within a group, AND across groups, counts as the CLI's", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=questions`);
  await settled(page);
  const labels = await page.$eval("#search-page", (p) => JSON.parse(p.dataset.labels));
  // Groups: the catalogue's, design categories, verdicts per context, with
  // names, not ids.
  const groups = await page.$$eval("#search-filters details", (ds) => ds.map((d) => ({
    group: d.dataset.group, summary: d.querySelector("summary").textContent,
  })));
  const byGroup = new Map(groups.map((g) => [g.group, g.summary]));
  assert.equal(byGroup.get("/domain"), "Domain");
  const verdict = groups.find((g) => g.group.startsWith("/verdict/"));
  assert.ok(verdict, "verdict groups");
  const [ctx, a] = verdict.group.split("/")[2].split(":");
  assert.equal(verdict.summary, labels.assumptions[a].name);
  const headings = await page.$$eval("#search-filters h3", (h) => h.map((x) => x.textContent));
  assert.ok(headings.includes(`Verdicts: ${labels.contexts[ctx]}`), headings.join(" | "));
  assert.ok(headings.includes("Design categories"), headings.join(" | "));
  const category = groups.find((g) => g.group.startsWith("/category/"));
  assert.equal(category.summary, labels.assumptions[category.group.split("/")[2]].name);
  const verdictLabels = await page.$$eval(`details[data-group="${verdict.group}"] label`, (l) => l.map((x) => x.textContent));
  assert.ok(verdictLabels.every((t) => /^(Holds|Partially|Does not hold|Unknown) \(\d+\)$/.test(t)), verdictLabels.join(" | "));
  // Long groups show their top entries, the rest behind "more".
  const domainValues = await page.$$eval("details[data-group='/domain'] li", (l) => l.map((x) => !x.hidden));
  if (domainValues.length > 6) {
    assert.equal(domainValues.filter(Boolean).length, 6);
    const more = page.locator("details[data-group='/domain'] .filter-more");
    assert.equal(await more.getAttribute("aria-expanded"), "false");
    await more.click();
    assert.equal(await more.getAttribute("aria-expanded"), "true");
    assert.equal(await page.$$eval("details[data-group='/domain'] li:not([hidden])", (l) => l.length), domainValues.length);
  }
  assertCountsMatch(await shown(page), cli("questions", []), []);

  // Two domains: either (OR); their counts ignore the domain filter.
  const domains = (await shown(page)).filter((d) => d.facet.startsWith("/domain/")).sort((x, y) => y.count - x.count);
  const [d1, d2] = [domains[0].facet, domains[1].facet];
  await choose(page, d1);
  await choose(page, d2);
  const or = cli("questions", [d1, d2]);
  const one = cli("questions", [d1]);
  assert.ok(or.total >= one.total);
  assert.match(await page.$eval("#search-status", (s) => s.textContent), new RegExp(`^${or.total} results?`));
  assertCountsMatch(await shown(page), or, [d1, d2]);
  // And a year (AND across groups).
  const year = (await shown(page)).find((d) => d.facet.startsWith("/year/")).facet;
  await choose(page, year);
  const and = cli("questions", [d1, d2, year]);
  assert.ok(and.total <= or.total);
  assert.match(await page.$eval("#search-status", (s) => s.textContent), new RegExp(`^${and.total} results?|^No results`));
  assertCountsMatch(await shown(page), and, [d1, d2, year]);
  const urls = await page.$$eval("#search-results > li", (l) => l.map((x) => x.dataset.url));
  assert.deepEqual(urls, and.hits.slice(0, 20).map((h) => h.url));
  // The state is readable in the URL.
  const params = new URL(page.url()).searchParams;
  assert.deepEqual(params.getAll("domain").sort(), [d1, d2].map((d) => d.slice("/domain/".length)).sort());
  assert.deepEqual(params.getAll("year"), [year.slice("/year/".length)]);
  assert.equal(params.get("q"), "questions");
  await shot(page, "search-filters");
  assert.deepEqual(page.problems, []);
});

test("the URL holds the state: it round-trips, and the back button walks through it", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=questions`);
  await settled(page);
  const status0 = await page.$eval("#search-status", (s) => s.textContent);
  const verdict = (await shown(page)).find((d) => d.facet.startsWith("/verdict/"));
  await choose(page, verdict.facet);
  const [, , group, value] = verdict.facet.split("/");
  assert.deepEqual(new URL(page.url()).searchParams.getAll("verdict"), [`${group}:${value}`]);
  const status1 = await page.$eval("#search-status", (s) => s.textContent);
  // A pause in typing is a step too.
  await page.fill("#search-q", "patients");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "patients", null, { timeout: 5000 });
  await settled(page);
  const withQuery = page.url();
  // Back: the query, then the filter, come off.
  await page.goBack();
  await page.waitForFunction(() => document.getElementById("search-q").value === "questions");
  await statusBecomes(page, status1);
  assert.ok(await page.isChecked(`#search-filters input[value="${verdict.facet}"]`));
  await page.goBack();
  await statusBecomes(page, status0);
  assert.ok(!(await page.isChecked(`#search-filters input[value="${verdict.facet}"]`)));
  await page.goForward();
  await page.goForward();
  await page.waitForFunction(() => document.getElementById("search-q").value === "patients");
  // A fresh page on the same URL shows the same state.
  const again = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await again.goto(withQuery);
  await settled(again);
  assert.equal(await again.inputValue("#search-q"), "patients");
  assert.ok(await again.isChecked(`#search-filters input[value="${verdict.facet}"]`));
  assert.equal(again.url(), withQuery);
  assert.deepEqual([...page.problems, ...again.problems], []);
});

test("an old ?f= link still filters, and reads back in the new keys", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=licensing&f=%2Fkind%2Fbenchmark`);
  await settled(page);
  const expected = cli("licensing", ["/kind/benchmark"]);
  assert.match(await page.$eval("#search-status", (s) => s.textContent), new RegExp(`^${expected.total} results?`));
  assert.ok(await page.isChecked("#search-filters input[value='/kind/benchmark']"));
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get("kind"), "benchmark");
  assert.equal(params.get("f"), null);
  assert.deepEqual(page.problems, []);
});

test("the first keystrokes fetch one small title shard, and quick results appear", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  // Hold the engine back: the title index must answer alone.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\.wasm$/, async (route) => { await held; await route.continue(); });
  const titles = [];
  page.on("response", (r) => {
    // Recorded at once (the body is read later), so no response is missed.
    if (r.url().includes("/search/titles")) titles.push({ url: r.url(), body: r.body() });
  });
  await page.goto(`${url}/`);
  await page.focus("#site-q");
  await page.keyboard.type("medq");
  await page.waitForFunction(() => {
    const first = document.querySelector("#search-popup li a");
    // "All results" without a count: the title index answered, not the engine.
    const all = document.querySelector("#search-popup .all-results");
    return first && first.textContent === "MedQA (USMLE)" && all && all.textContent === "All results";
  }, null, { timeout: 15000 });
  const names = titles.map((t) => new URL(t.url).pathname.replace(/^.*\/search\//, ""));
  assert.ok(names.includes("titles/index.json"), names.join(" "));
  assert.ok(names.includes("titles/me.json") || names.some((n) => /^titles\/me\w*\.json$/.test(n)), names.join(" "));
  assert.ok(!names.includes("titles.json"));
  const bodies = await Promise.all(titles.map((t) => t.body));
  const bytes = bodies.reduce((n, b) => n + b.length, 0);
  assert.ok(bytes < 24 * 1024, `${bytes} bytes of title index`);
  release();
  await page.waitForFunction(() => /All \d+ results/.test(document.getElementById("search-popup").textContent), null, { timeout: 15000 });
  assert.deepEqual(page.problems, []);
});

test("the search page shows 20 results, then 20 more at a time, ranked as the CLI ranks them", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=patients`);
  await settled(page);
  const all = cli("patients", []);
  assert.ok(all.total > 40, `the query needs more than two pages of results: ${all.total}`);
  const listed = () => page.$$eval("#search-results > li", (l) => l.map((x) => x.dataset.url));
  assert.deepEqual(await listed(), all.hits.slice(0, 20).map((h) => h.url));
  const more = page.locator("#search-more");
  assert.equal(await more.textContent(), `Show 20 more (20 of ${all.total} shown)`);
  // The next page comes without a new filter panel and focus moves to its
  // first result, so the keyboard goes on from there.
  await page.focus("#search-more");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length === 40);
  assert.deepEqual(await listed(), all.hits.slice(0, 40).map((h) => h.url));
  assert.equal(await page.evaluate(() => document.activeElement.closest("li")?.dataset.url), all.hits[20].url);
  assert.match(await more.textContent(), new RegExp(`\\(40 of ${all.total} shown\\)$`));
  // A new query starts again from its first page.
  await page.fill("#search-q", "licensing");
  await page.waitForFunction(() => !/\b40 of\b/.test(document.getElementById("search-more").textContent)
    && document.querySelectorAll("#search-results > li").length <= 20
    && /\d+ results?/.test(document.getElementById("search-status").textContent), null, { timeout: 20000 });
  const licensing = cli("licensing", []);
  assert.deepEqual(await listed(), licensing.hits.slice(0, 20).map((h) => h.url));
  assert.equal(await more.isHidden(), licensing.total <= 20);
  assert.deepEqual(page.problems, []);
});

test("the last page of results hides the button", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  const all = cli("licensing", []);
  assert.ok(all.total > 20 && all.total <= 50, `between one and three pages: ${all.total}`);
  await page.goto(`${url}/search/?q=licensing`);
  await settled(page);
  const more = page.locator("#search-more");
  while (await more.isVisible()) {
    const n = await page.$$eval("#search-results > li", (l) => l.length);
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, n);
  }
  assert.deepEqual(await page.$$eval("#search-results > li", (l) => l.map((x) => x.dataset.url)), all.hits.map((h) => h.url));
  assert.deepEqual(page.problems, []);
});

test("the results come before the filters' counts, and the panel says it is counting", async () => {
  // The counts read the facet column (the segment's `.fast` file); the
  // hits of a query without filters never do. Hold that file's chunks.
  const manifest = JSON.parse(readFileSync(join(SITE, "search/manifest.json"), "utf8"));
  const [, fast] = Object.entries(manifest.index.files).find(([name]) => name.endsWith(".fast"));
  let release;
  const held = new Promise((r) => { release = r; });
  let holding = 0;
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.route((u) => u.pathname.includes(`/search/${manifest.chunks}/${fast.hash}-`), async (route) => {
    holding += 1;
    await held;
    await route.continue();
  });
  await page.goto(`${url}/search/?q=patients`);
  await page.waitForFunction(() => /\d+ results?/.test(document.getElementById("search-status").textContent)
    && document.querySelectorAll("#search-results > li .snippet").length > 0, null, { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector("#search-filters .filter-loading"));
  assert.equal(await page.$eval("#search-filters", (f) => f.getAttribute("aria-busy")), "true");
  assert.equal(await page.textContent("#search-filters .filter-loading"), "Counting the filters…");
  // The counts ask for the facet column once the results are shown.
  for (let waited = 0; !holding && waited < 10000; waited += 50) await page.waitForTimeout(50);
  assert.ok(holding > 0, "the counts asked for the facet column");
  assert.equal(await page.$eval("#search-filters", (f) => f.getAttribute("aria-busy")), "true");
  release();
  await settled(page);
  assert.equal(await page.$("#search-filters .filter-loading"), null);
  assertCountsMatch(await shown(page), cli("patients", []), []);
  assert.deepEqual(page.problems, []);
});
