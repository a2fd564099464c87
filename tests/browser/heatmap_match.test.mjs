// Heatmaps and "match my deployment" in a real browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, strictPage, shot } from "./harness.mjs";

let server, url, browser;
before(async () => { ({ server, url } = await serve()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test("heatmap page shows every assessed cell with letter and class, linking the card's row with the reason", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/heatmaps/patient-assistant/`);
  const cells = await page.$$eval("table.heatmap td.hm", (tds) => tds.map((td) => ({
    cls: td.className, letter: td.querySelector("[aria-hidden]").textContent, title: td.querySelector("a").title,
    href: td.querySelector("a").getAttribute("href"),
  })));
  const rows = await page.$$eval("table.heatmap tbody tr", (trs) => trs.length);
  assert.equal(cells.length, rows * 5);
  const letters = { "v-yes": "Y", "v-partially": "P", "v-no": "N", "v-unknown": "?", "v-none": "–" };
  for (const c of cells) {
    const v = c.cls.split(" ").find((x) => x.startsWith("v-"));
    assert.equal(c.letter, letters[v], c.cls);
    assert.ok(["Holds", "Partially", "Does not hold", "Unknown", "Not assessed"].includes(c.title), `tooltip names the verdict: ${c.title}`);
    assert.match(c.href, /\/benchmarks\/[a-z0-9-]+\/#[a-z_]+$/, "links the card's row");
  }
  // Following a "does not hold" cell reaches the card's row, which gives the reason.
  const no = cells.find((c) => c.cls.includes("v-no"));
  await page.goto(url + no.href);
  const id = no.href.split("#")[1];
  const reason = await page.$eval(`tr[id='${id}'] .verdict-cell .reason`, (e) => e.textContent);
  assert.ok(reason.length > 10, "the card's row gives the reason");
  await shot(page, "heatmap-patient-assistant");
  assert.deepEqual(page.problems, []);
});

test("match page ranks benchmarks like the Rust ranking and keeps state in the URL", async () => {
  const expected = JSON.parse(process.env.EXPECTED_MATCH);
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/match/`);
  await page.waitForSelector("#match-form:not([hidden])");
  assert.equal(await page.isVisible("#match-nojs"), false);
  await page.click(`button[data-profile="${expected.context}"]`);
  await page.waitForSelector("#match-list li");
  const order = await page.$$eval("#match-list > li", (lis) => lis.map((li) => li.dataset.slug));
  assert.deepEqual(order, expected.order);
  const first = await page.textContent("#match-list > li");
  assert.match(first, new RegExp(`${expected.top_holds} of \\d+ hold`));
  const shared = page.url();
  assert.match(shared, /query_authorship=lay-users/);
  await shot(page, "match-patient-assistant");
  // A shared URL restores the same ranking.
  const again = await strictPage(browser);
  await again.goto(shared);
  await again.waitForSelector("#match-list li");
  assert.deepEqual(await again.$$eval("#match-list > li", (lis) => lis.map((li) => li.dataset.slug)), expected.order);
  assert.deepEqual(page.problems, []);
});

test("without JavaScript the match page explains itself", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url}/match/`);
  assert.equal(await page.isVisible("#match-nojs"), true);
  assert.equal(await page.isVisible("#match-form"), false);
  assert.ok(await page.$("#match-nojs a[href$='/heatmaps/']"));
});
