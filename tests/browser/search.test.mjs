// Search in a real browser: the header box, the /search/ page, keyboard
// navigation, filters and a failed engine load.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, strictPage, shot } from "./harness.mjs";

let server, url, browser;
before(async () => { ({ server, url } = await serve()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test("typing in the header box shows the expected card first; keyboard follows it", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/`);
  await page.focus("#site-q");
  await page.keyboard.type("medqa");
  await page.waitForFunction(() => {
    const first = document.querySelector("#search-popup li a");
    return first && first.textContent === "MedQA (USMLE)" && /All \d+ results/.test(document.querySelector("#search-popup").textContent);
  }, null, { timeout: 15000 });
  await shot(page, "search-popup");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "MedQA (USMLE)");
  await Promise.all([page.waitForURL(/\/benchmarks\/medqa\/$/), page.keyboard.press("Enter")]);
  assert.deepEqual(page.problems, []);
});

test("the search page reads ?q=, filters with counts, and highlights matches", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=licensing`);
  await page.waitForFunction(() => /\d+ results?/.test(document.getElementById("search-status").textContent), null, { timeout: 15000 });
  const top = await page.$$eval("#search-results > li a.result-link", (l) => l.slice(0, 5).map((a) => a.textContent));
  assert.ok(top.includes("MedQA (USMLE)"), `MedQA among the first results: ${top}`);
  assert.ok(await page.$("#search-results mark"), "highlighted snippet");
  const before = await page.$$eval("#search-results > li", (l) => l.length);
  await page.check("#search-filters input[value='/kind/page']");
  await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length < n, before);
  assert.match(page.url(), /[?&]kind=page\b/);
  // Keyboard only: from the box down through the results.
  await page.focus("#search-q");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.className);
  assert.equal(focused, "result-link");
  await shot(page, "search-page");
  assert.deepEqual(page.problems, []);
});

test("a failed engine load is explained, and title matches still show", async () => {
  const page = await strictPage(browser);
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto(`${url}/search/?q=medqa`);
  await page.waitForFunction(() => /could not load/.test(document.getElementById("search-status").textContent), null, { timeout: 15000 });
  page.problems = page.problems.filter((p) => !p.includes("Failed to load resource") && !p.includes("ERR_FAILED"));
  assert.deepEqual(page.problems, []);
});

test("each card result shows its verdict strip, cell for cell as its card.json says", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/search/?q=medqa`);
  await page.waitForFunction(() => document.querySelector("#search-results > li .result-strip"), null, { timeout: 15000 });
  const item = await page.$("#search-results > li[data-url='benchmarks/medqa/']");
  assert.ok(item, "MedQA among the results");
  const shown = await item.$$eval(".result-strip > li", (rows) => rows.map((r) => ({
    context: r.dataset.context,
    name: r.querySelector(".strip-ctx").textContent,
    cells: [...r.querySelectorAll(".hm-swatch")].map((c) => [c.className.replace("hm-swatch v-", ""), c.querySelector(".sr").textContent.trim()]),
  })));
  const card = await (await fetch(`${url}/benchmarks/medqa/card.json`)).json();
  const labels = JSON.parse(await page.$eval("#search-page", (p) => p.dataset.labels));
  const contexts = [...new Set(card.verdicts.map((v) => v.context))];
  assert.ok(contexts.length >= 1, "MedQA is assessed");
  assert.deepEqual(shown.map((r) => r.context).sort(), contexts.sort());
  for (const row of shown) {
    assert.equal(row.name, labels.contexts[row.context]);
    assert.equal(row.cells.length, labels.order.length);
    row.cells.forEach(([verdict, said], k) => {
      const id = labels.order[k];
      const v = card.verdicts.find((x) => x.context === row.context && x.assumption === id);
      assert.equal(verdict, v ? v.verdict : "none", `${row.context} ${id}`);
      assert.equal(said, `${labels.assumptions[id].name}: ${v ? labels.verdicts[v.verdict] : "not assessed"};`);
    });
  }
  // Content pages carry no strip.
  assert.equal(await page.$$eval("#search-results > li.kind-page .result-strip", (l) => l.length), 0);
  assert.deepEqual(page.problems, []);
});
