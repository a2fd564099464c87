// The hostile fixture site (script payloads in every field) in a real
// browser: the text shows literally and no script runs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch } from "./harness.mjs";

let server, url, browser;
before(async () => { ({ server, url } = await serve(process.env.HOSTILE_DIR)); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test("no injected script runs on any page", async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__fired = [];
    for (const f of ["alert", "confirm", "prompt"]) window[f] = (m) => { window.__fired.push(String(m)); };
  });
  const page = await context.newPage();
  const dialogs = [];
  const violations = [];
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on("console", (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  for (const path of ["/", "/benchmarks/evil/", "/contexts/ctx/", "/about/", "/heatmaps/", "/heatmaps/ctx/", "/assumptions/query_authorship/", "/gaps/", "/match/"]) {
    await page.goto(url + path);
    await page.waitForLoadState("load");
    // Hover and click every link that stays on the page, to trip handlers.
    for (const a of await page.$$("main a[href^='#']")) await a.hover().catch(() => {});
    assert.deepEqual(await page.evaluate(() => window.__fired), [], path);
  }
  await page.goto(url + "/benchmarks/evil/");
  const text = await page.textContent("main");
  assert.ok(text.includes("<script>alert('answer')</script>"), "payload shown as text");
  assert.ok(text.includes("{{ site.title }}"), "template syntax shown as text");
  assert.equal(await page.$$eval("main script, main iframe, main svg[onload], main img[onerror]", (n) => n.length), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(violations, [], "nothing even tried to run");
});
