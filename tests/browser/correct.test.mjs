// "Suggest a correction" beside every answer and verdict of a card page,
// when cardsite.toml names a repository: a prefilled issue naming the file
// that holds the field (the card, or the context file for its verdicts),
// the field and its current text, and the file's edit page. Without a
// repository there are no correction links at all.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { serve, launch, strictPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CARDS = JSON.parse(process.env.EXPECTED_CARDS || "{}");
const REPOSITORY = process.env.REPOSITORY;
const KIND = { query_authorship: "task", information_completeness: "task", interaction_type: "task", decision_mediation: "outcome", outcome_validity: "outcome" };

let repoSite, plainSite, browser;
before(async () => {
  repoSite = await serve(process.env.REPO_SITE_DIR);
  plainSite = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); repoSite?.server.close(); plainSite?.server.close(); });

/// Every correction link of a card page: the cell's field, the issue's
/// title and body, and the edit link.
async function corrections(page) {
  return page.$$eval("[data-fix]", (cells) => cells.map((cell) => {
    const issue = cell.querySelector(":scope > .fix a.fix-issue");
    const edit = cell.querySelector(":scope > .fix a.fix-edit");
    const u = issue && new URL(issue.href);
    return {
      field: cell.dataset.fix,
      assumption: cell.closest("tr").id,
      label: cell.dataset.label,
      issue: u && `${u.origin}${u.pathname}`,
      title: u && u.searchParams.get("title"),
      body: u && u.searchParams.get("body"),
      edit: edit && edit.href,
      name: issue && issue.textContent,
    };
  }));
}

test("each answer's and verdict's correction link names its file, field and current text", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  for (const slug of ["medqa", "healthbench", "demo-inline"]) {
    const card = CARDS[slug];
    await page.goto(`${repoSite.url}/benchmarks/${slug}/`);
    await page.waitForSelector(".fix a.fix-issue");
    const links = await corrections(page);
    const answers = links.filter((l) => l.field.endsWith(".answer"));
    const verdicts = links.filter((l) => !l.field.endsWith(".answer"));
    assert.equal(answers.length, await page.locator("td[data-label='Answer']").count(), slug);
    assert.equal(verdicts.length, await page.locator("td.verdict-cell").count(), slug);
    for (const l of links) {
      assert.equal(l.issue, `${REPOSITORY}/issues/new`);
      assert.ok(l.title.includes(card.title) && l.title.includes(l.field), l.title);
      assert.match(l.name, /^Suggest a correction to the (answer|verdict) on /);
    }
    for (const [aid, answer] of Object.entries(card.answers)) {
      const l = answers.find((x) => x.assumption === aid);
      assert.equal(l.field, `${KIND[aid]}.${aid}.answer`);
      assert.ok(l.body.includes(`File: \`${card.file}\``), l.body);
      assert.ok(l.body.includes(`Field: \`${l.field}\``), l.body);
      assert.ok(l.body.includes(`> ${answer.text.replace(/\s+/g, " ")}`), l.body);
      assert.equal(l.edit, `${REPOSITORY}/edit/main/${card.file}`);
    }
    for (const v of card.verdicts) {
      const l = verdicts.find((x) => x.assumption === v.assumption && x.label === `Holds at deployment? ${v.context_name}`);
      assert.ok(l, `${slug}: a link for ${v.context}/${v.assumption}`);
      const inline = v.file === card.file;
      assert.equal(l.field, inline ? `${KIND[v.assumption]}.${v.assumption}.holds_at_deployment` : `assessments.${slug}.${v.assumption}`);
      assert.ok(l.body.includes(`File: \`${v.file}\``), `${slug} ${v.context}: ${l.body}`);
      assert.ok(l.body.includes(`Verdict: ${v.label}`), l.body);
      if (v.reason) assert.ok(l.body.includes(v.reason.replace(/\s+/g, " ")), l.body);
      assert.equal(l.edit, `${REPOSITORY}/edit/main/${v.file}`);
    }
  }
  assert.ok(CARDS["demo-inline"].verdicts.some((v) => v.file === CARDS["demo-inline"].file), "the fixture has an inline verdict");
  assert.deepEqual(page.problems, []);
});

test("correction links are reached with the keyboard", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${repoSite.url}/benchmarks/medqa/`);
  await page.waitForSelector(".fix a.fix-issue");
  await page.focus("#query_authorship td[data-label='Assumption'] a");
  const reached = [];
  for (let i = 0; i < 12 && reached.length < 2; i++) {
    await page.keyboard.press("Tab");
    const cls = await page.evaluate(() => document.activeElement.className);
    if (/fix-(issue|edit)/.test(cls)) reached.push(cls);
  }
  assert.deepEqual(reached, ["fix-issue", "fix-edit"]);
  assert.deepEqual(page.problems, []);
});

test("card text reaches a correction link only as text", async () => {
  const { server, url } = await serve(process.env.HOSTILE_REPO_DIR);
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__fired = [];
    for (const f of ["alert", "confirm", "prompt"]) window[f] = (m) => { window.__fired.push(String(m)); };
  });
  const page = await context.newPage();
  await page.goto(`${url}/benchmarks/evil/`);
  await page.waitForSelector(".fix a.fix-issue");
  const links = await corrections(page);
  const answer = links.find((l) => l.field === "task.query_authorship.answer");
  assert.ok(answer.body.includes("> <script>alert('answer')</script>"), answer.body);
  assert.equal(await page.$$eval(".fix script, .fix img", (n) => n.length), 0);
  assert.deepEqual(await page.evaluate(() => window.__fired), []);
  await context.close();
  server.close();
});

test("without a repository a card page has no correction links", async () => {
  const page = await strictPage(browser);
  for (const slug of ["medqa", "healthbench"]) {
    await page.goto(`${plainSite.url}/benchmarks/${slug}/`);
    await page.waitForLoadState("load");
    assert.equal(await page.locator(".fix, [data-fix], [data-fix-repo], a[href*='/issues/new']").count(), 0, slug);
  }
  assert.deepEqual(page.problems, []);
});

test("a card page with correction links is axe clean and fits at phone and desktop widths", async () => {
  const found = [];
  for (const [label, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]]) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${repoSite.url}/benchmarks/healthbench/`);
      await page.waitForSelector(".fix a.fix-issue");
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      for (const v of result.violations.filter((v) => ["serious", "critical"].includes(v.impact))) {
        found.push(`${label}/${scheme}: ${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      }
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= width, `${label}: page ${scroll}px wide at ${width}px`);
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});
