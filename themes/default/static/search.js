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
  let titles = null;
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
    if (!titles) {
      titles = fetch(ds.titles).then((r) => r.json()).catch(() => ({ docs: [], words: {} }));
    }
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

  function engineSearch(query, limit, filters, facets = false) {
    const id = ++seq;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ type: "search", id, query, limit, filters, facets });
    });
  }

  // First results from the quick index (words of titles and excerpts, a
  // few documents each); the last word also matches as a prefix.
  async function quick(query, limit) {
    const index = await titles;
    const terms = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
    if (!terms.length || !index.docs) return [];
    const keys = Object.keys(index.words);
    const postings = (term, prefix) => {
      if (!prefix) return new Set(index.words[term] || []);
      const s = new Set();
      for (const k of keys) if (k.startsWith(term)) for (const d of index.words[k]) s.add(d);
      return s;
    };
    let hits = null;
    terms.forEach((t, i) => {
      const p = postings(t, i === terms.length - 1 && !/\s$/.test(query));
      hits = hits === null ? p : new Set([...hits].filter((d) => p.has(d)));
    });
    return [...hits].slice(0, limit).map((d) => {
      const [title, url, kind] = index.docs[d];
      return { title, url, kind, snippet: { text: "", highlights: [] } };
    });
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

  function resultItem(h, withSnippet) {
    const a = el("a", { href: ds.base + h.url, class: "result-link" }, h.title);
    const li = el("li", { "data-url": h.url, class: `result kind-${h.kind}` }, a);
    if (withSnippet && h.snippet && h.snippet.text) li.append(snippetNode(h.snippet));
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
      const r = await engineSearch(query, 8, []);
      if (r.error) render([], r.error); else render(r.hits, null, r.total);
    } else {
      const onReady = () => { listeners.delete(onReady); if (query === lastQuery) popupSearch(); };
      listeners.add(onReady);
    }
  }

  input.addEventListener("focus", start, { once: true });
  input.addEventListener("input", popupSearch);
  document.addEventListener("click", (e) => { if (!form.contains(e.target)) popup.hidden = true; });
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 1500));
  window.addEventListener("load", () => idle(start));

  // ---- the /search/ page: full results, filters, ?q= in the URL
  const page = document.getElementById("search-page");
  if (!page) return;
  const box = page.querySelector("input[type=search]");
  const results = document.getElementById("search-results");
  const filterBox = document.getElementById("search-filters");
  const status = document.getElementById("search-status");
  keyboard(results, box);
  const params = new URLSearchParams(location.search);
  box.value = params.get("q") || "";
  const chosen = new Set(params.getAll("f"));
  document.getElementById("search-nojs").hidden = true;
  page.hidden = false;

  function facetLabel(f) {
    const parts = f.split("/").filter(Boolean);
    const root = { kind: "Type", domain: "Domain", year: "Year", category: "Category", verdict: "Verdict" }[parts[0]] || parts[0];
    return `${root}: ${parts.slice(1).join(" · ").replaceAll(":", " · ").replaceAll("_", " ")}`;
  }

  async function run() {
    const query = box.value;
    const p = new URLSearchParams();
    if (query) p.set("q", query);
    chosen.forEach((f) => p.append("f", f));
    history.replaceState(null, "", p.toString() ? `?${p}` : location.pathname);
    if (!query.trim() && !chosen.size) { results.replaceChildren(); status.textContent = "Type to search the catalogue."; return; }
    start();
    if (!ready) {
      if (failed) { status.textContent = `Search could not load: ${failed}.`; return; }
      const hits = await quick(query, 20);
      results.replaceChildren(...hits.map((h) => resultItem(h, false)));
      status.textContent = "Loading the search engine…";
      const onReady = () => { listeners.delete(onReady); run(); };
      listeners.add(onReady);
      return;
    }
    const r = await engineSearch(query, 50, [...chosen], true);
    if (query !== box.value) return;
    if (r.error) { status.textContent = r.error; results.replaceChildren(); return; }
    status.textContent = r.total ? `${r.total} result${r.total === 1 ? "" : "s"}` : `No results for “${query}”.`;
    results.replaceChildren(...r.hits.map((h) => resultItem(h, true)));
    const facets = r.facets.filter((f) => f.count > 0);
    filterBox.replaceChildren(...facets.map((f) => {
      const id = `f-${f.facet.replace(/[^a-z0-9]/gi, "-")}`;
      const cb = el("input", { type: "checkbox", id, value: f.facet });
      cb.checked = chosen.has(f.facet);
      cb.addEventListener("change", () => { cb.checked ? chosen.add(f.facet) : chosen.delete(f.facet); run(); });
      return el("li", {}, cb, el("label", { for: id }, `${facetLabel(f.facet)} (${f.count})`));
    }));
  }
  box.addEventListener("input", run);
  box.addEventListener("focus", start, { once: true });
  run();
})();
