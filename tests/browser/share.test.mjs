// Copying: "Share this match" copies the match's URL (its answers are in
// it), and a card page's copy buttons copy its citations and badge
// snippets; each says so in a role=status element. Without JavaScript the
// copy buttons stay hidden and the text is there to select.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, strictPage } from "./harness.mjs";

let server, url, browser;
before(async () => { ({ server, url } = await serve()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const CLIPBOARD = { viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] };

test("Share copies the match's URL, which restores the match, and says Copied", async () => {
  const page = await strictPage(browser, CLIPBOARD);
  await page.goto(`${url}/match/`);
  await page.waitForSelector("#match-form:not([hidden])");
  await page.selectOption("#m-query_authorship", "lay-users");
  await page.selectOption("#m-interaction_type", "multi-turn");
  await page.waitForSelector("#match-list li");
  const order = await page.$$eval("#match-list > li", (lis) => lis.map((li) => li.dataset.slug));
  assert.equal(await page.textContent("#match-share-status"), "");
  await page.click("#match-share");
  await page.waitForFunction(() => document.getElementById("match-share-status").textContent.startsWith("Copied"));
  assert.equal(await page.getAttribute("#match-share-status", "role"), "status");
  assert.ok(await page.isVisible("#match-share-status"));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  assert.match(copied, /query_authorship=lay-users/);
  assert.match(copied, /interaction_type=multi-turn/);
  // The copied link opens the same match.
  const other = await strictPage(browser);
  await other.goto(copied);
  await other.waitForSelector("#match-list li");
  assert.equal(await other.inputValue("#m-query_authorship"), "lay-users");
  assert.deepEqual(await other.$$eval("#match-list > li", (lis) => lis.map((li) => li.dataset.slug)), order);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
});

test("a card page's copy buttons copy its citations and badge snippets", async () => {
  const page = await strictPage(browser, CLIPBOARD);
  await page.goto(`${url}/benchmarks/medqa/`);
  const buttons = await page.$$eval("button[data-copy]", (bs) => bs.map((b) => ({ target: b.dataset.copy, hidden: b.hidden })));
  assert.ok(buttons.length >= 6, "BibTeX and CSL-JSON twice, Markdown and HTML per badge");
  assert.ok(buttons.every((b) => !b.hidden), "shown once the script runs");
  for (const target of ["cite-benchmark-bib", "cite-card-csl", "badge-md"]) {
    await page.click(`button[data-copy="${target}"]`);
    const status = page.locator(`button[data-copy="${target}"] + [role=status]`);
    await status.filter({ hasText: "Copied" }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.textContent(`#${target}`), target);
  }
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^\[!\[.*\]\(.*\/benchmarks\/medqa\/badge\.svg\)\]\(.*\/benchmarks\/medqa\/\)$/);
  // The badges load as images.
  const sizes = await page.$$eval("section.badges img", (imgs) => imgs.map((i) => i.complete && i.naturalWidth));
  assert.ok(sizes.length >= 1 && sizes.every((w) => w > 0), `badges load: ${sizes}`);
  assert.deepEqual(page.problems, []);
});

test("without JavaScript the copy buttons stay hidden and the text is there", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url}/benchmarks/medqa/`);
  assert.equal(await page.isVisible("button[data-copy]"), false);
  assert.match(await page.textContent("#cite-benchmark-bib"), /^@(article|misc)\{medqa,/);
  await page.goto(`${url}/match/`);
  assert.equal(await page.isVisible("#match-share"), false);
  await context.close();
});
