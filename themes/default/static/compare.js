// Compare: up to six benchmarks side by side, drawn from each card's
// card.json. The comparison lives in the URL (?b=medqa,healthbench); adding
// or removing a benchmark pushes a history entry, so Back restores the one
// before. "Compare" links on cards, listings and search results open
// ?add=<slug>, which adds to the comparison last seen here (kept in
// localStorage). Card text only ever enters the page as text, never as HTML.
(() => {
  const page = document.getElementById("compare-page");
  if (!page) return;
  const data = JSON.parse(page.dataset.compare);
  const MAX = data.max;
  const STORE = "cardsite-compare";
  const SLUG = /^[a-z0-9-]{1,200}$/;
  const results = document.getElementById("compare-results");
  const messages = document.getElementById("compare-messages");
  const chosen = document.getElementById("compare-chosen");
  const empty = document.getElementById("compare-empty");
  const form = document.getElementById("compare-add");
  const input = document.getElementById("compare-slug");
  const pageTitle = document.title;
  document.getElementById("compare-nojs").hidden = true;
  page.hidden = false;

  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) if (c != null) e.append(c);
    return e;
  };
  const cardUrl = (slug) => page.dataset.card.replace("SLUG", slug);
  const browseLink = () => el("a", { href: page.dataset.browse }, "list of all benchmarks");

  const stored = () => {
    try { return (JSON.parse(localStorage.getItem(STORE)) || []).filter((s) => SLUG.test(s)); } catch { return []; }
  };
  const store = (slugs) => { try { localStorage.setItem(STORE, JSON.stringify(slugs)); } catch { /* private mode */ } };
  const addressOf = (slugs) => (slugs.length ? `?b=${slugs.join(",")}` : location.pathname);
  const clean = (list) => [...new Set(list.map((s) => s.trim().toLowerCase()).filter(Boolean))];

  // Each card's record, fetched once: { card, verdicts }, null when there
  // is no such card, or { failed } when it could not be fetched.
  const cache = new Map();
  const load = (slug) => {
    if (!SLUG.test(slug)) return Promise.resolve(null);
    if (!cache.has(slug)) {
      cache.set(slug, fetch(page.dataset.json.replace("SLUG", slug))
        .then((r) => (r.ok ? r.json() : r.status === 404 ? null : { failed: `HTTP ${r.status}` }))
        .catch((e) => ({ failed: String(e.message || e) })));
    }
    return cache.get(slug);
  };

  let seq = 0;
  async function render(slugs, notes = []) {
    const token = ++seq;
    const records = await Promise.all(slugs.map(load));
    if (token !== seq) return;
    const found = [];
    const shown = [];
    records.forEach((rec, i) => {
      if (rec && rec.card) found.push(rec);
      else if (rec && rec.failed) notes.push(`“${slugs[i]}” could not be loaded (${rec.failed}); reload the page to try again.`);
      else notes.push(unknown(slugs[i]));
      shown.push([slugs[i], rec && rec.card]);
    });
    messages.replaceChildren(...notes.map((n) => el("p", { class: "notice" }, ...[].concat(n))));
    chosen.replaceChildren(...shown.map(([slug, card]) => el("li", { "data-slug": slug },
      card ? el("a", { href: cardUrl(slug) }, card.title) : el("span", {}, `${slug} (not shown)`), " ",
      el("button", { type: "button", "data-remove": slug }, "Remove", el("span", { class: "sr" }, ` ${card ? card.title : slug}`)))));
    empty.hidden = slugs.length > 0;
    store(slugs.filter((s) => SLUG.test(s)));
    document.title = found.length
      ? `Compare: ${found.map((r) => r.card.title).join(", ")} — ${pageTitle.split(" — ").pop()}`
      : pageTitle;
    results.replaceChildren(...(found.length ? tables(found) : []));
  }

  const unknown = (slug) => SLUG.test(slug)
    ? [`No benchmark “${slug}” in this catalogue: the address may be mistyped, or the card renamed or removed. Find it in the `, browseLink(), "."]
    : [`“${slug}” is not a benchmark's short name (lower-case letters, digits and hyphens). Find the benchmark in the `, browseLink(), "."];

  const head = (cards, first) => el("thead", {}, el("tr", {}, el("th", { scope: "col" }, first),
    ...cards.map((r) => el("th", { scope: "col" }, el("a", { href: cardUrl(r.card.slug) }, r.card.title)))));

  const table = (id, title, caption, cards, first, rows) => {
    const h = el("h2", { id: `${id}-h` }, title);
    const t = el("table", { class: "compare-table", id }, el("caption", {}, caption), head(cards, first), el("tbody", {}, ...rows));
    return [h, el("div", { class: "compare-scroll", role: "region", "aria-labelledby": `${id}-h`, tabindex: "0" }, t)];
  };

  const assumptionHeader = (a) => el("th", { scope: "row" }, a.name, " ",
    el("span", { class: `kind kind-${a.kind}` }, a.kind), el("span", { class: "question" }, a.question));

  function tables(cards) {
    const out = [];
    const facts = [
      el("tr", {}, el("th", { scope: "row" }, "Review"), ...cards.map((r) => {
        const tier = r.card.review && r.card.review.status;
        return el("td", {}, el("span", { class: `tier tier-${tier}` }, data.tiers[tier] || tier || ""));
      })),
      el("tr", {}, el("th", { scope: "row" }, "Year"), ...cards.map((r) => el("td", {}, r.card.year != null ? String(r.card.year) : "—"))),
      el("tr", {}, el("th", { scope: "row" }, "Intended use"), ...cards.map((r) => el("td", {}, r.card.intended_use || "—"))),
    ];
    const answers = data.assumptions.map((a) => el("tr", { "data-assumption": a.id }, assumptionHeader(a),
      ...cards.map((r) => {
        const ans = r.card.answers && r.card.answers[a.id];
        if (!ans) return el("td", { "data-slug": r.card.slug }, el("span", { class: "muted" }, "Not answered."));
        const cat = ans.category ? el("span", { class: "category" }, a.categories[ans.category] || ans.category) : null;
        return el("td", { "data-slug": r.card.slug }, el("span", { class: "answer-text" }, ans.text), cat ? el("br") : null, cat);
      })));
    out.push(...table("compare-answers", "Answers", "Each benchmark's answer to the assumption questions, and its category", cards, "Assumption", [...facts, ...answers]));

    for (const ctx of data.contexts) {
      const has = cards.some((r) => (r.verdicts || []).some((v) => v.context === ctx.id));
      if (!has) continue;
      const rows = data.assumptions.map((a) => el("tr", { "data-assumption": a.id }, assumptionHeader(a),
        ...cards.map((r) => {
          const v = (r.verdicts || []).find((x) => x.context === ctx.id && x.assumption === a.id);
          return el("td", { "data-slug": r.card.slug, class: "verdict-cell" }, ...verdict(v));
        })));
      out.push(...table(`compare-ctx-${ctx.id}`, `Holds at deployment? ${ctx.name}`,
        `Whether each assumption holds in the deployment context “${ctx.name}”, and why`, cards, "Assumption", rows));
    }

    const staged = cards.some((r) => (r.card.measurements || []).length);
    if (staged) {
      const row = el("tr", {}, el("th", { scope: "row" }, "Stages"), ...cards.map((r) => el("td", { "data-slug": r.card.slug }, ...stages(r.card.measurements || []))));
      out.push(...table("compare-stages", "Staged evaluation", "Performance as the benchmark's assumptions are relaxed towards deployment", cards, "Measurement", [row]));
    } else {
      out.push(el("h2", {}, "Staged evaluation"), el("p", { class: "muted" }, "None of these benchmarks records a staged evaluation."));
    }
    return out;
  }

  function verdict(v) {
    if (!v) return [el("span", { class: "badge v-none" }, el("span", { "aria-hidden": "true" }, "–"), " Not assessed")];
    const label = data.verdicts[v.verdict] || { label: v.verdict, letter: "?" };
    const parts = [el("span", { class: `badge v-${v.verdict}` }, el("span", { "aria-hidden": "true" }, label.letter), ` ${label.label}`)];
    if (v.assessor) parts.push(" ", el("span", { class: `assessor assessor-${v.assessor}` }, `${data.assessors[v.assessor] || v.assessor}${v.locator ? `, ${v.locator}` : ""}`));
    if (v.reason) parts.push(el("span", { class: "reason" }, v.reason));
    return parts;
  }

  // Staged measurements: a bar per stage and each drop, attributed to the
  // kind of the assumptions relaxed (as the card page's gap chart does).
  function stages(ms) {
    if (!ms.length) return [el("span", { class: "muted" }, "No staged evaluation recorded.")];
    const kindOf = (id) => (data.assumptions.find((a) => a.id === id) || {}).kind;
    const nameOf = (id) => (data.assumptions.find((a) => a.id === id) || { name: id }).name;
    const sums = { task: 0, outcome: 0, other: 0 };
    const list = el("ol", { class: "compare-stages" }, ...ms.map((m, i) => {
      const bar = el("span", { class: "compare-bar", "aria-hidden": "true" }, el("span"));
      bar.firstChild.style.width = `${Math.max(0, Math.min(100, m.value))}%`;
      const li = el("li", {}, bar, el("strong", {}, `${m.value.toFixed(1)}%`), ` ${m.label}`);
      const relaxes = m.relaxes || [];
      if (relaxes.length) li.append(" ", el("span", { class: "muted" }, `(relaxes ${relaxes.map(nameOf).join(", ")})`));
      if (i > 0) {
        const d = ms[i - 1].value - m.value;
        const kinds = new Set(relaxes.map(kindOf).filter(Boolean));
        const kind = !kinds.size ? "unattributed" : kinds.size > 1 ? "mixed" : [...kinds][0];
        sums[kind === "task" || kind === "outcome" ? kind : "other"] += d;
        li.append(" ", el("span", { class: `drop-key drop-${kind}` }, `−${d.toFixed(1)} pp (${kind})`));
      }
      return li;
    }));
    if (ms.length < 2) return [list];
    const total = ms[0].value - ms[ms.length - 1].value;
    return [list, el("p", {}, `Total drop ${total.toFixed(1)} pp: task ${sums.task.toFixed(1)} pp, outcome ${sums.outcome.toFixed(1)} pp` +
      (Math.abs(sums.other) > 1e-9 ? `, unattributed or mixed ${sums.other.toFixed(1)} pp.` : "."))];
  }

  const current = () => clean((new URLSearchParams(location.search).get("b") || "").split(","));
  const change = (slugs, notes = []) => {
    if (slugs.length > MAX) {
      notes.push(`Only ${MAX} benchmarks can be compared at once; left out: ${slugs.slice(MAX).join(", ")}. Remove one to add another.`);
      slugs = slugs.slice(0, MAX);
    }
    return { slugs, notes };
  };

  chosen.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-remove]");
    if (!b) return;
    const { slugs } = change(current().filter((s) => s !== b.dataset.remove));
    history.pushState({ slugs }, "", addressOf(slugs));
    render(slugs);
    input.focus();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const m = text.match(/benchmarks\/([^/?#]+)/);
    const slug = (m ? m[1] : text).toLowerCase();
    const before = current();
    if (before.includes(slug)) { render(before, [`“${slug}” is already compared.`]); return; }
    const { slugs, notes } = change([...before, slug]);
    if (slugs.length !== before.length) history.pushState({ slugs }, "", addressOf(slugs));
    input.value = "";
    render(slugs, notes);
  });
  window.addEventListener("popstate", () => { const { slugs, notes } = change(current()); render(slugs, notes); });

  // First view: ?b= as given, or ?add=<slug> joined to the last comparison.
  const params = new URLSearchParams(location.search);
  let first = current();
  const add = params.get("add");
  if (add != null) {
    if (!params.has("b")) first = stored();
    first = clean([...first, add]);
  }
  const { slugs, notes } = change(first);
  history.replaceState({ slugs }, "", addressOf(slugs));
  render(slugs, notes);
})();
