// Site search: the header box on every page and the full /search/ page.
// The tantivy engine runs in a Web Worker, loaded when the box gets focus and
// prefetched when the browser is idle; until it is ready, a tiny title index
// answers the first keystrokes.
(() => {
  const form = document.querySelector("form.site-search");
  if (!form) return;
  const input = form.querySelector("input[type=search]");
  const ds = form.dataset;
  let worker = null;
  let ready = false;
  let failed = null;
  let seq = 0;
  const pending = new Map();
  const listeners = new Set();

  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) if (c != null) e.append(c);
    return e;
  };

  function start() {
    if (worker) return;
    titleKeys();
    try {
      worker = new Worker(ds.worker, { type: "module" });
    } catch (err) {
      failed = String(err);
      return;
    }
    worker.onmessage = ({ data }) => {
      if (data.type === "ready") {
        ready = true;
        listeners.forEach((f) => f());
      } else if (data.type === "failed") {
        failed = data.message;
        listeners.forEach((f) => f());
      } else if (data.type === "results") {
        const resolve = pending.get(data.id);
        pending.delete(data.id);
        if (resolve) resolve(data);
      }
    };
    worker.onerror = (e) => { failed = e.message || "the search engine could not start"; listeners.forEach((f) => f()); };
    worker.postMessage({ type: "init", glue: ds.glue, wasm: ds.wasm, manifest: ds.manifest });
  }

  // The engine is asked after a pause in typing, so the chunks of what a
  // reader types on the way ("p", "pa", …) are not fetched at all.
  // The pause is counted from the last keystroke: a query held for the
  // engine to load does not wait again once it is ready.
  const TYPING_PAUSE = 120;
  let lastKey = 0;
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.max(0, lastKey + TYPING_PAUSE - performance.now())));

  // Each keystroke lets the worker fetch, at once, the index entries of
  // the words typed so far (see search-worker.js), so the query asked
  // after the pause finds most of what it needs already here.
  function preload(query, limit) {
    if (worker && query.trim()) worker.postMessage({ type: "preload", query, limit });
  }

  // `channel`: a newer query on the same channel supersedes this one (it
  // then resolves to {superseded: true}, which callers ignore).
  function engineSearch(query, limit, filters, facets, channel) {
    const id = ++seq;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ type: "search", id, query, limit, filters, facets, channel });
    });
  }

  // The title index, sharded by the first letters of each word (see
  // src/search_index/titles.rs): index.json lists the two-letter shards, a
  // split shard its longer keys; a word's shard is the longest key its
  // letters start with.
  const titleBase = ds.titles.replace(/[^/]*$/, "");
  const shards = new Map();
  let keys = null;
  const getJson = (u) => fetch(u).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  function titleKeys() {
    keys ??= getJson(ds.titles).then((j) => new Set((j && j.keys) || []));
    return keys;
  }
  const keyOf = (w) => Array.from(w).map((c) => (/^[a-z0-9]$/.test(c) ? c : "_")).join("");
  const shard = (key) => {
    if (!shards.has(key)) shards.set(key, getJson(`${titleBase}${key}.json`));
    return shards.get(key);
  };
  async function shardOf(term) {
    const k = keyOf(term);
    let key = k.slice(0, 2);
    if (!(await titleKeys()).has(key)) return [null, null];
    let s = await shard(key);
    // A split shard names its longer keys.
    while (s && s.split && k.length > key.length && s.split.includes(k.slice(0, key.length + 1))) {
      key = k.slice(0, key.length + 1);
      s = await shard(key);
    }
    return [key, s];
  }

  // A word's documents; the last word also matches as a prefix (a split
  // shard answers its own prefix from its `top` list).
  async function postings(term, prefix) {
    const [key, s] = await shardOf(term);
    if (!s) return [];
    let ids = [];
    if (!prefix) ids = s.words[term] || [];
    else if (s.top && keyOf(term) === key) ids = s.top;
    else for (const [w, p] of Object.entries(s.words)) if (w.startsWith(term)) ids.push(...p);
    return ids.map((i) => s.docs[i]);
  }

  // First results from the quick index (words of titles and excerpts, a
  // few documents each).
  async function quick(query, limit) {
    const terms = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
    if (!terms.length) return [];
    const lists = await Promise.all(terms.map((t, i) => postings(t, i === terms.length - 1 && !/\s$/.test(query))));
    let hits = null;
    for (const list of lists) {
      const urls = new Set(list.map((d) => d[1]));
      hits = hits === null ? list : hits.filter((d) => urls.has(d[1]));
    }
    const seen = new Set();
    return hits.filter((d) => !seen.has(d[1]) && seen.add(d[1])).slice(0, limit)
      .map(([title, url, kind]) => ({ title, url, kind, snippet: { text: "", highlights: [] } }));
  }

  function snippetNode(s) {
    const p = el("p", { class: "snippet" });
    let at = 0;
    const bytes = new TextEncoder().encode(s.text);
    const dec = new TextDecoder();
    for (const [a, b] of s.highlights) {
      p.append(dec.decode(bytes.slice(at, a)), el("mark", {}, dec.decode(bytes.slice(a, b))));
      at = b;
    }
    p.append(dec.decode(bytes.slice(at)));
    return p;
  }

  // A card's verdict strip under its result: one row per context, one cell
  // per assumption (the page's labels name them; set by the search page).
  let stripLabels = null;
  const CELL = { y: ["yes", "Y"], p: ["partially", "P"], n: ["no", "N"], u: ["unknown", "?"], "-": ["none", "–"] };
  function stripNode(strip) {
    const L = stripLabels;
    const rows = strip.split(" ").filter((p) => p.includes("=")).map((part) => {
      const i = part.indexOf("=");
      const ctx = part.slice(0, i);
      const cells = [...part.slice(i + 1)].map((c, k) => {
        const id = (L.order || [])[k] || "";
        const name = ((L.assumptions || {})[id] || {}).name || id;
        const [v, letter] = CELL[c] || CELL["-"];
        const said = v === "none" ? "not assessed" : (L.verdicts || {})[v] || v;
        return el("span", { class: `hm-swatch v-${v}`, title: `${name}: ${said}` },
          el("span", { "aria-hidden": "true" }, letter), el("span", { class: "sr" }, ` ${name}: ${said};`));
      });
      return el("li", { "data-context": ctx }, el("span", { class: "strip-ctx" }, (L.contexts || {})[ctx] || ctx), " ", ...cells);
    });
    return el("ul", { class: "result-strip", "aria-label": "Holds at deployment" }, ...rows);
  }

  function resultItem(h, withSnippet) {
    const a = el("a", { href: ds.base + h.url, class: "result-link" }, h.title);
    const li = el("li", { "data-url": h.url, class: `result kind-${h.kind}` }, a);
    if (withSnippet && h.snippet && h.snippet.text) li.append(snippetNode(h.snippet));
    if (withSnippet && h.strip && stripLabels) li.append(stripNode(h.strip));
    // A benchmark on the results page can be added to the comparison.
    const card = withSnippet && h.kind === "benchmark" && /^benchmarks\/([a-z0-9-]+)\/$/.exec(h.url);
    if (card) {
      li.append(" ", el("a", { href: `${ds.base}compare/?add=${card[1]}`, class: "compare-link" },
        "Compare", el("span", { class: "sr" }, ` ${h.title}`)));
    }
    return li;
  }

  // Arrow keys move between result links; Escape returns to the box.
  function keyboard(container, box) {
    const links = () => [...container.querySelectorAll("a.result-link")];
    box.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
    });
    container.addEventListener("keydown", (e) => {
      const all = links();
      const i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i >= 0) { e.preventDefault(); (all[i + 1] || all[i]).focus(); }
      if (e.key === "ArrowUp" && i >= 0) { e.preventDefault(); (i === 0 ? box : all[i - 1]).focus(); }
      if (e.key === "Escape") { box.focus(); }
    });
  }

  // ---- header box: a popup of the best matches
  const popup = el("div", { class: "search-popup", id: "search-popup", hidden: "" });
  form.append(popup);
  keyboard(popup, input);
  let lastQuery = "";

  async function popupSearch() {
    const query = input.value;
    lastQuery = query;
    if (!query.trim()) { popup.hidden = true; return; }
    start();
    const render = (hits, note, total) => {
      if (query !== lastQuery) return;
      const list = el("ul", {}, ...hits.map((h) => resultItem(h, false)));
      const more = el("a", { href: `${ds.base}search/?q=${encodeURIComponent(query)}`, class: "all-results" },
        total != null ? `All ${total} results` : "All results");
      popup.replaceChildren(...(hits.length ? [list] : [el("p", {}, note || `No results for “${query}”.`)]), more);
      popup.hidden = false;
    };
    if (!ready && !failed) render(await quick(query, 8), "Loading search…");
    if (failed) { render(await quick(query, 8), `Search could not load (${failed}); showing title matches.`); return; }
    if (ready) {
      await pause();
      if (query !== lastQuery) return;
      const r = await engineSearch(query, 8, [], false, "popup");
      if (r.superseded) return;
      if (r.error) render([], r.error); else render(r.hits, null, r.total);
    } else {
      const onReady = () => { listeners.delete(onReady); if (query === lastQuery) popupSearch(); };
      listeners.add(onReady);
    }
  }

  input.addEventListener("focus", start, { once: true });
  input.addEventListener("input", () => { lastKey = performance.now(); preload(input.value, 8); popupSearch(); });
  document.addEventListener("click", (e) => { if (!form.contains(e.target)) popup.hidden = true; });
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 1500));
  window.addEventListener("load", () => idle(start));

  // ---- the /search/ page: full results and grouped filters; the query
  // and filters live in the URL (?q=…&domain=…&verdict=ctx:assumption:no),
  // pushed on filter changes and after a pause in typing.
  const page = document.getElementById("search-page");
  if (!page) return;
  const box = page.querySelector("input[type=search]");
  const results = document.getElementById("search-results");
  const filterBox = document.getElementById("search-filters");
  const status = document.getElementById("search-status");
  const chosenBar = document.getElementById("search-chosen");
  const labels = JSON.parse(page.dataset.labels || "{}");
  stripLabels = labels;
  const assumptions = labels.assumptions || {};
  const contexts = labels.contexts || {};
  keyboard(results, box);
  document.getElementById("search-nojs").hidden = true;
  page.hidden = false;

  // Facets ↔ readable URL parameters.
  const FLAT = ["kind", "domain", "tag", "year"];
  function toParam(facet) {
    const [root, ...rest] = facet.split("/").slice(1);
    if (FLAT.includes(root) && rest.length === 1) return [root, rest[0]];
    if (root === "category" && rest.length === 2) return ["category", rest.join(":")];
    if (root === "verdict" && rest.length === 2) return ["verdict", rest.join(":")];
    return ["f", facet];
  }
  function fromParams(params) {
    const out = new Set(params.getAll("f").filter((f) => f.startsWith("/")));
    for (const k of FLAT) for (const v of params.getAll(k)) out.add(`/${k}/${v}`);
    for (const v of params.getAll("category")) {
      const i = v.indexOf(":");
      if (i > 0) out.add(`/category/${v.slice(0, i)}/${v.slice(i + 1)}`);
    }
    for (const v of params.getAll("verdict")) {
      const i = v.lastIndexOf(":");
      if (i > 0) out.add(`/verdict/${v.slice(0, i)}/${v.slice(i + 1)}`);
    }
    return out;
  }
  const ORDER = ["q", "kind", "domain", "tag", "year", "category", "verdict", "f"];
  function urlOf(query, facets) {
    const p = new URLSearchParams();
    if (query) p.set("q", query);
    const pairs = [...facets].map(toParam).sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]) || a[1].localeCompare(b[1]));
    for (const [k, v] of pairs) p.append(k, v);
    const s = p.toString();
    return s ? `?${s}` : location.pathname;
  }

  let chosen = new Set();
  function readUrl() {
    const params = new URLSearchParams(location.search);
    box.value = params.get("q") || "";
    chosen = fromParams(params);
  }
  function commit(push) {
    const next = urlOf(box.value, chosen);
    const now = location.search || location.pathname;
    if (next === now) return;
    history[push ? "pushState" : "replaceState"](null, "", next);
  }

  // Groups: a facet's parent (/domain, /verdict/<context>:<assumption>).
  const groupOf = (facet) => facet.slice(0, facet.lastIndexOf("/"));
  const valueOf = (facet) => facet.slice(facet.lastIndexOf("/") + 1);
  const nice = (s) => s.replaceAll("_", " ");
  const aName = (id) => (assumptions[id] && assumptions[id].name) || nice(id);
  function groupInfo(group) {
    const [root, sub] = group.split("/").slice(1);
    const ids = Object.keys(assumptions);
    if (root === "category") {
      return { section: "Design categories", label: aName(sub), order: 10 + ids.indexOf(sub) / 1000 };
    }
    if (root === "verdict") {
      const [ctx, a] = sub.split(":");
      const c = Object.keys(contexts).indexOf(ctx);
      return { section: `Verdicts: ${contexts[ctx] || nice(ctx)}`, label: aName(a), order: 20 + c + ids.indexOf(a) / 1000 };
    }
    const names = { kind: "Type", domain: "Domain", tag: "Tag", year: "Year" };
    return { section: "Catalogue", label: names[root] || nice(root), order: ["kind", "domain", "tag", "year"].indexOf(root) };
  }
  function valueLabel(facet) {
    const [root, sub] = facet.split("/").slice(1);
    const v = valueOf(facet);
    if (root === "category") return (assumptions[sub] && assumptions[sub].categories[v]) || nice(v);
    if (root === "verdict") return (labels.verdicts || {})[v] || nice(v);
    if (root === "kind") return { benchmark: "Benchmark card", page: "Page" }[v] || v;
    return v;
  }

  // What the reader opened or typed in the filter panel, kept across
  // re-renders.
  const TOP = 6;
  const expanded = new Set();
  const narrowed = new Map();
  const opened = new Map();
  const ids = new Map();
  const idOf = (key) => { if (!ids.has(key)) ids.set(key, `sf-${ids.size}`); return ids.get(key); };

  function applyVisibility(group, list, more) {
    const q = (narrowed.get(group) || "").trim().toLowerCase();
    const items = [...list.children];
    let hiddenCount = 0;
    items.forEach((li, i) => {
      const show = li.dataset.chosen === "1" || (q ? li.dataset.label.toLowerCase().includes(q) : (expanded.has(group) || i < TOP));
      li.hidden = !show;
      if (!show && !q) hiddenCount++;
    });
    if (more) {
      const open = expanded.has(group);
      more.hidden = Boolean(q) || items.length <= TOP;
      more.textContent = open ? "Show fewer" : `Show ${hiddenCount} more`;
      more.setAttribute("aria-expanded", String(open));
    }
  }

  function renderFilters(facets) {
    const focused = document.activeElement && document.activeElement.id;
    const counts = new Map(facets.filter((f) => f.count > 0).map((f) => [f.facet, f.count]));
    for (const f of chosen) if (!counts.has(f)) counts.set(f, 0);
    const groups = new Map();
    for (const [facet, count] of counts) {
      const g = groupOf(facet);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push({ facet, count, label: valueLabel(facet) });
    }
    const sorted = [...groups.entries()].map(([g, values]) => ({ g, values, ...groupInfo(g) }))
      .sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
    const nodes = [];
    let section = null;
    for (const { g, values, section: sec, label } of sorted) {
      if (sec !== section) { nodes.push(el("h3", {}, sec)); section = sec; }
      values.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, undefined, { numeric: true }));
      if (g === "/year") values.sort((a, b) => b.count - a.count || b.label.localeCompare(a.label));
      const anyChosen = values.some((v) => chosen.has(v.facet));
      const listId = idOf(`list ${g}`);
      const list = el("ul", { id: listId });
      for (const v of values) {
        const id = idOf(v.facet);
        const cb = el("input", { type: "checkbox", id, value: v.facet });
        cb.checked = chosen.has(v.facet);
        cb.addEventListener("change", () => {
          if (cb.checked) chosen.add(v.facet); else chosen.delete(v.facet);
          commit(true);
          run();
        });
        const li = el("li", { "data-label": v.label, "data-chosen": cb.checked ? "1" : "0" }, cb, " ",
          el("label", { for: id }, v.label, " ", el("span", { class: "count" }, `(${v.count})`)));
        list.append(li);
      }
      const fieldset = el("fieldset", { class: "filter-group", "data-group": g }, el("legend", { class: "sr" }, `${sec === "Catalogue" ? "" : `${sec} — `}${label}`));
      let more = null;
      if (values.length > TOP * 2) {
        const fid = idOf(`narrow ${g}`);
        const narrow = el("input", { type: "search", id: fid, class: "filter-narrow", placeholder: `Find a ${label.toLowerCase()}`, autocomplete: "off" });
        narrow.value = narrowed.get(g) || "";
        narrow.addEventListener("input", () => { narrowed.set(g, narrow.value); applyVisibility(g, list, more); });
        fieldset.append(el("label", { for: fid, class: "sr" }, `Find among ${values.length} ${label} values`), narrow);
      }
      fieldset.append(list);
      if (values.length > TOP) {
        more = el("button", { type: "button", id: idOf(`more ${g}`), class: "filter-more", "aria-controls": listId });
        more.addEventListener("click", () => {
          if (expanded.has(g)) expanded.delete(g); else expanded.add(g);
          applyVisibility(g, list, more);
        });
        fieldset.append(more);
      }
      applyVisibility(g, list, more);
      const details = el("details", { class: "filter-details", "data-group": g },
        el("summary", {}, label, anyChosen ? el("span", { class: "sr" }, " (filtered)") : null), fieldset);
      const open = opened.has(g) ? opened.get(g) : (anyChosen || section === "Catalogue");
      if (open) details.setAttribute("open", "");
      details.addEventListener("toggle", () => opened.set(g, details.open));
      nodes.push(details);
    }
    filterBox.replaceChildren(...nodes);
    chosenBar.hidden = chosen.size === 0;
    if (focused && focused.startsWith("sf-")) document.getElementById(focused)?.focus();
  }

  // The first PAGE hits, then "More results" asks for PAGE more (the same
  // ranking, a longer list) and adds them. Each hit needs its block of the
  // document store, so a short first page shows sooner on a large
  // catalogue.
  const PAGE = 20;
  const moreButton = document.getElementById("search-more");
  function showMore(total) {
    const left = total - results.children.length;
    moreButton.hidden = left <= 0;
    moreButton.disabled = false;
    moreButton.textContent = `Show ${Math.min(PAGE, left)} more (${results.children.length} of ${total} shown)`;
  }

  let runs = 0;
  async function run() {
    const mine = ++runs;
    const query = box.value;
    moreButton.hidden = true;
    if (!query.trim() && !chosen.size) {
      results.replaceChildren(); filterBox.replaceChildren(); filterBox.removeAttribute("aria-busy"); chosenBar.hidden = true;
      status.textContent = "Type to search the catalogue."; return;
    }
    start();
    if (!ready) {
      if (failed) { status.textContent = `Search could not load: ${failed}.`; return; }
      const hits = await quick(query, 20);
      if (mine !== runs) return;
      results.replaceChildren(...hits.map((h) => resultItem(h, false)));
      // The engine may have loaded or failed while the titles came in: its
      // news went to listeners registered before, so look again.
      if (ready || failed) { run(); return; }
      status.textContent = "Loading the search engine…";
      const onReady = () => { listeners.delete(onReady); if (mine === runs) run(); };
      listeners.add(onReady);
      return;
    }
    // The hits first, then the filters' counts: the counts read every
    // matching card's facets (at 50,000 cards, hundreds of chunks), the
    // hits only their documents. Asked at once, the counts' chunks held
    // the browser's few connections and the hits waited behind them. The
    // filter panel is busy until its counts are in.
    const filters = [...chosen];
    filterBox.setAttribute("aria-busy", "true");
    // Until the counts are in, the panel says so (the last counts, if any,
    // stay, dimmed, and can still be ticked).
    if (!filterBox.querySelector("details")) filterBox.replaceChildren(el("p", { class: "filter-loading" }, "Counting the filters…"));
    const r = await engineSearch(query, PAGE, filters, false, "page");
    if (mine !== runs || r.superseded) return;
    if (r.error) {
      status.textContent = r.error; results.replaceChildren();
      filterBox.removeAttribute("aria-busy"); filterBox.querySelector(".filter-loading")?.remove();
      return;
    }
    const n = chosen.size ? ` with ${chosen.size} filter${chosen.size === 1 ? "" : "s"}` : "";
    status.textContent = r.total ? `${r.total} result${r.total === 1 ? "" : "s"}${n}` : (query.trim() ? `No results for “${query}”${n}.` : `No results${n}.`);
    results.replaceChildren(...r.hits.map((h) => resultItem(h, true)));
    showMore(r.total);
    // One hit: the counts' query needs none, and each reads its document.
    const c = await engineSearch(query, 1, filters, true, "page-counts");
    if (mine !== runs || c.superseded) return;
    filterBox.removeAttribute("aria-busy");
    if (c.error) filterBox.replaceChildren(el("p", { class: "filter-error" }, `Filters could not be counted: ${c.error}`));
    else renderFilters(c.facets);
  }

  moreButton.addEventListener("click", async () => {
    const mine = runs;
    moreButton.disabled = true;
    moreButton.textContent = "Loading more results…";
    const r = await engineSearch(box.value, results.children.length + PAGE, [...chosen], false, "page");
    if (mine !== runs || r.superseded) return;
    if (r.error) { status.textContent = r.error; moreButton.hidden = true; return; }
    const added = r.hits.slice(results.children.length).map((h) => resultItem(h, true));
    results.append(...added);
    showMore(r.total);
    // Keyboard and screen-reader users go on from the first new result.
    added[0]?.querySelector("a.result-link")?.focus();
  });

  // Typing runs the query after a pause (TYPING_PAUSE); a filter change
  // at once.
  let typing = null;
  let typed = null;
  box.addEventListener("input", () => {
    preload(box.value, PAGE);
    clearTimeout(typing);
    typing = setTimeout(() => commit(true), 800);
    clearTimeout(typed);
    typed = setTimeout(run, TYPING_PAUSE);
  });
  box.addEventListener("focus", start, { once: true });
  document.getElementById("search-clear").addEventListener("click", () => {
    chosen.clear();
    commit(true);
    run();
    box.focus();
  });
  window.addEventListener("popstate", () => {
    clearTimeout(typing);
    readUrl();
    run();
  });
  readUrl();
  commit(false);
  run();
})();
