// Accessibility (axe-core) in light and dark mode, and screenshots of each
// page at desktop and mobile width.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { serve, launch, shot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PAGES = [
  ["home", "/"],
  ["card", "/benchmarks/bean-2026/"],
  ["heatmap", "/heatmaps/patient-assistant/"],
  ["heatmaps", "/heatmaps/"],
  ["match", "/match/?query_authorship=lay-users&interaction_type=multi-turn"],
  ["search", "/search/?q=licensing"],
  ["gaps", "/gaps/"],
  ["cite", "/cite/"],
  ["releases", "/releases/"],
  ["vocabulary", "/vocabulary/"],
  ["browse", "/browse/"],
];

let server, url, browser;
before(async () => { ({ server, url } = await serve()); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function violations(page, name) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

test("release pages are axe clean (a site with tagged releases)", async () => {
  const { server: s, url: u } = await serve(process.env.RELEASE_SITE_DIR);
  try {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found = [];
    for (const [name, path] of [["releases", "/releases/"], ["release", "/releases/v1.0/"]]) {
      const r = await page.goto(u + path);
      assert.equal(r.status(), 200, path);
      found.push(...await violations(page, name));
    }
    assert.match(await page.textContent("h1"), /Release v1\.0/);
    await context.close();
    assert.deepEqual(found, []);
  } finally {
    s.close();
  }
});

for (const scheme of ["light", "dark"]) {
  test(`no serious or critical axe violations (${scheme})`, async () => {
    // axe is injected as a script, which the site's CSP would block.
    const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found = [];
    for (const [name, path] of PAGES) {
      await page.goto(url + path);
      await page.waitForLoadState("load");
      if (name === "search") await page.waitForSelector("#search-results li", { timeout: 15000 });
      if (name === "match") await page.waitForSelector("#match-list li", { timeout: 15000 });
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      for (const v of result.violations.filter((v) => ["serious", "critical"].includes(v.impact))) {
        found.push(`${name}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      }
    }
    await context.close();
    assert.deepEqual(found, []);
  });
}

test("screenshots at desktop and mobile width", async () => {
  for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["mobile", { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    for (const [name, path] of PAGES) {
      await page.goto(url + path);
      await page.waitForLoadState("load");
      await shot(page, `${name}-${label}`);
    }
    await context.close();
  }
});
