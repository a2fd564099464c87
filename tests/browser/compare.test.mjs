// The compare page: benchmarks side by side from their card.json, the set in
// the URL (?b=a,b), "Compare" links on listings, cards and search results
// adding to it, Back restoring the comparison before, unknown and surplus
// benchmarks explained, card text shown as text, axe clean; without
// JavaScript the page explains itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { serve, launch, strictPage, shot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CARDS = JSON.parse(process.env.EXPECTED_CARDS || "{}");
const DESKTOP = { viewport: { width: 1280, height: 900 } };

let server, url, browser;
before(async () => { ({ server, url } = await serve()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const compared = (page) => page.$$eval("#compare-answers thead th a", (as) => as.map((a) => a.textContent));
const query = (page) => new URL(page.url()).searchParams.get("b");
// Waits until `columns` benchmarks are drawn and `chosen` listed.
const settle = (page, columns, chosen = columns) => page.waitForFunction(([n, m]) =>
  document.querySelectorAll("#compare-answers thead th a").length === n && document.querySelectorAll("#compare-chosen li").length === m, [columns, chosen]);

test("?b= shows the benchmarks' answers and verdicts, read from the card sources", async () => {
  const page = await strictPage(browser, DESKTOP);
  await page.goto(`${url}/compare/?b=medqa,healthbench`);
  await settle(page, 2);
  assert.deepEqual(await compared(page), [CARDS.medqa.title, CARDS.healthbench.title]);
  for (const slug of ["medqa", "healthbench"]) {
    for (const [aid, answer] of Object.entries(CARDS[slug].answers)) {
      const cell = `#compare-answers tr[data-assumption="${aid}"] td[data-slug="${slug}"] .answer-text`;
      assert.equal(await page.textContent(cell), answer.text, `${slug} ${aid}`);
    }
    for (const v of CARDS[slug].verdicts) {
      const cell = page.locator(`#compare-ctx-${v.context} tr[data-assumption="${v.assumption}"] td[data-slug="${slug}"]`);
      assert.equal(await cell.locator(".badge").getAttribute("class"), `badge v-${v.verdict}`);
      assert.match(await cell.locator(".badge").textContent(), new RegExp(`${v.label}$`));
      if (v.reason) assert.equal(await cell.locator(".reason").textContent(), v.reason);
    }
  }
  assert.match(await page.textContent("#compare-ctx-patient-assistant-h"), /Patient/);
  assert.deepEqual(page.problems, []);
});

test("Compare links add to the comparison in the URL, and Back restores the one before", async () => {
  const page = await strictPage(browser, DESKTOP);
  await page.goto(`${url}/compare/?b=medqa,healthbench`);
  await settle(page, 2);
  // From a listing row.
  await page.goto(`${url}/browse/`);
  await page.click('a.compare-link[href$="?add=agentclinic"]');
  await page.waitForURL(/\/compare\/\?b=/);
  await settle(page, 3);
  assert.equal(query(page), "medqa,healthbench,agentclinic");
  assert.equal((await compared(page))[2], CARDS.agentclinic.title);
  // From a card page.
  await page.goto(`${url}/benchmarks/k-qa/`);
  await page.click(".card-actions a.compare-link");
  await page.waitForURL(/\/compare\/\?b=/);
  await settle(page, 4);
  assert.equal(query(page), "medqa,healthbench,agentclinic,k-qa");
  // Removing pushes a history entry; Back brings the benchmark back.
  await page.click('#compare-chosen button[data-remove="healthbench"]');
  await settle(page, 3);
  assert.equal(query(page), "medqa,agentclinic,k-qa");
  assert.ok(!(await compared(page)).includes(CARDS.healthbench.title));
  await page.goBack();
  await settle(page, 4);
  assert.equal(query(page), "medqa,healthbench,agentclinic,k-qa");
  assert.ok((await compared(page)).includes(CARDS.healthbench.title));
  await page.goForward();
  await settle(page, 3);
  // Adding by short name pushes too.
  await page.fill("#compare-slug", "bean-2026");
  await page.press("#compare-slug", "Enter");
  await settle(page, 4);
  assert.equal(query(page), "medqa,agentclinic,k-qa,bean-2026");
  assert.ok(await page.$("#compare-stages .compare-stages li"), "bean-2026's staged evaluation");
  assert.match(await page.textContent("#compare-stages"), /Total drop \d+\.\d pp/);
  await page.goBack();
  await settle(page, 3);
  assert.equal(query(page), "medqa,agentclinic,k-qa");
  // A shared link opens the same comparison in a fresh browser.
  const other = await strictPage(browser, DESKTOP);
  await other.goto(page.url());
  await settle(other, 3);
  assert.deepEqual(await compared(other), await compared(page));
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
});

test("search results offer Compare for benchmarks", async () => {
  const page = await strictPage(browser, DESKTOP);
  await page.goto(`${url}/compare/?b=medqa`);
  await settle(page, 1);
  await page.goto(`${url}/search/?q=pubmedqa`);
  const link = page.locator('#search-results a.compare-link[href$="?add=pubmedqa"]').first();
  await link.waitFor({ timeout: 15000 });
  await link.click();
  await page.waitForURL(/\/compare\/\?b=/);
  await settle(page, 2);
  assert.equal(query(page), "medqa,pubmedqa");
  assert.deepEqual(page.problems, []);
});

test("unknown benchmarks get a clear message; more than six are capped with one", async () => {
  const page = await strictPage(browser, DESKTOP);
  await page.goto(`${url}/compare/?b=medqa,no-such-card,Not%20A%20Slug`);
  await settle(page, 1, 3);
  const said = await page.textContent("#compare-messages");
  assert.match(said, /No benchmark “no-such-card” in this catalogue/);
  assert.match(said, /“not a slug” is not a benchmark's short name/);
  assert.ok(await page.$("#compare-messages a[href='/browse/']"), "points to the listing");
  assert.deepEqual(await compared(page), [CARDS.medqa.title]);
  const seven = ["medqa", "healthbench", "pubmedqa", "k-qa", "bean-2026", "medmcqa", "amie", "mediq"];
  await page.goto(`${url}/compare/?b=${seven.join(",")}`);
  await settle(page, 6);
  assert.match(await page.textContent("#compare-messages"), /Only 6 benchmarks can be compared at once; left out: amie, mediq/);
  assert.equal(query(page), seven.slice(0, 6).join(","));
  // Chromium logs the missing card.json's 404; nothing else may go wrong.
  assert.deepEqual(page.problems.filter((p) => !/status of 404/.test(p)), []);
});

test("card text is shown as text on the compare page", async () => {
  const { server: hs, url: hurl } = await serve(process.env.HOSTILE_DIR);
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__fired = [];
    for (const f of ["alert", "confirm", "prompt"]) window[f] = (m) => { window.__fired.push(String(m)); };
  });
  const page = await context.newPage();
  await page.goto(`${hurl}/compare/?b=evil`);
  await page.waitForSelector("#compare-answers thead th a");
  const text = await page.textContent("#compare-results");
  assert.ok(text.includes("<script>alert('answer')</script>"), "payload shown as text");
  assert.ok(text.includes("<script>alert('stage')</script>"));
  assert.equal(await page.$$eval("#compare-results script, #compare-results img, #compare-results svg[onload]", (n) => n.length), 0);
  assert.deepEqual(await page.evaluate(() => window.__fired), []);
  await context.close();
  hs.close();
});

test("without JavaScript the compare page explains itself and links the listing", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url}/compare/?b=medqa,healthbench`);
  assert.ok(await page.isVisible("#compare-nojs"));
  assert.equal(await page.isVisible("#compare-page"), false);
  assert.match(await page.textContent("#compare-nojs"), /JavaScript/);
  assert.ok(await page.$("#compare-nojs a[href='/browse/']"));
  await context.close();
});

test("the compare page is axe clean (light, dark, phone) and fits a phone", async () => {
  const found = [];
  for (const [label, options] of [
    ["light", { colorScheme: "light", ...DESKTOP }],
    ["dark", { colorScheme: "dark", ...DESKTOP }],
    ["phone", { viewport: { width: 390, height: 844 } }],
  ]) {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}/compare/?b=medqa,healthbench,bean-2026,no-such-card`);
    await settle(page, 3, 4);
    await shot(page, `compare-${label}`);
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations.filter((v) => ["serious", "critical"].includes(v.impact))) {
      found.push(`${label}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    }
    if (label === "phone") {
      const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(width[0] <= width[1], `page ${width[0]}px wide at ${width[1]}px`);
    }
    await context.close();
  }
  assert.deepEqual(found, []);
});
