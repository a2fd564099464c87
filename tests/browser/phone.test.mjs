// Pages that read on a phone: at 390 px nothing overflows sideways except
// a heatmap's own scroll box, the card's table becomes one block per
// assumption with labelled cells, listings are one column; axe clean at
// phone width too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { serve, launch, shot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PHONE = { width: 390, height: 844 };

let server, url, browser;
before(async () => { ({ server, url } = await serve()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/// Elements wider than the viewport that are not inside a scroll box of their own.
async function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      let p = el.parentElement, scrolled = false;
      while (p && p !== document.body) {
        const s = getComputedStyle(p);
        if (["auto", "scroll"].includes(s.overflowX) && p.getBoundingClientRect().right <= width + 1) { scrolled = true; break; }
        p = p.parentElement;
      }
      if (!scrolled) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}px`);
    }
    return { page: document.documentElement.scrollWidth, width, out: out.slice(0, 5) };
  });
}

for (const [name, path] of [
  ["card", "/benchmarks/healthbench/"],
  ["home", "/"],
  ["listing", "/browse/"],
  ["heatmap", "/heatmaps/patient-assistant/"],
]) {
  test(`${name} page has no horizontal overflow at 390 px`, async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(url + path);
    await page.waitForLoadState("load");
    const o = await overflowing(page);
    await shot(page, `phone-${name}`);
    await context.close();
    assert.ok(o.page <= o.width, `page ${o.page}px wide at ${o.width}px: ${o.out.join(", ")}`);
    assert.deepEqual(o.out, []);
  });
}

test("the card's table is one labelled block per assumption on a phone, a table on a desktop", async () => {
  for (const [viewport, blocks] of [[PHONE, true], [{ width: 1280, height: 900 }, false]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(url + "/benchmarks/healthbench/");
    const rows = await page.$$eval("table.benchmarkcard tbody tr", (trs) => trs.map((tr) => ({
      display: getComputedStyle(tr).display,
      answerWidth: tr.querySelector("td[data-label='Answer']").getBoundingClientRect().width,
      rowWidth: tr.getBoundingClientRect().width,
      label: getComputedStyle(tr.querySelector("td[data-label='Answer']"), "::before").content,
    })));
    await context.close();
    assert.equal(rows.length, 5);
    for (const r of rows) {
      if (blocks) {
        assert.equal(r.display, "block");
        assert.ok(r.answerWidth > 0.8 * r.rowWidth, `answer ${r.answerWidth}px of ${r.rowWidth}px`);
        assert.equal(r.label, '"Answer"');
      } else {
        assert.equal(r.display, "table-row");
      }
    }
  }
});

test("no serious or critical axe violations at phone width", async () => {
  const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
  const page = await context.newPage();
  const found = [];
  for (const path of ["/", "/benchmarks/healthbench/", "/browse/", "/heatmaps/patient-assistant/"]) {
    await page.goto(url + path);
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations.filter((v) => ["serious", "critical"].includes(v.impact))) {
      found.push(`${path}: ${v.id} ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(" | ")}`);
    }
  }
  await context.close();
  assert.deepEqual(found, []);
});
