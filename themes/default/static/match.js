// "Match my deployment": ranks benchmarks by how many of their assumptions
// hold for the reader's deployment. Mirrors src/model/matching.rs; state
// lives in the URL (?query_authorship=lay-users&...) so results can be shared.
(() => {
  const form = document.getElementById("match-form");
  const out = document.getElementById("match-results");
  if (!form || !out) return;
  document.getElementById("match-nojs").hidden = true;
  form.hidden = false;

  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  };

  const holds = (assumption, have, want) => {
    if (!have) return null;
    if (have === want) return true;
    const cat = assumption.categories.find((c) => c.id === have);
    return Boolean(cat && (cat.covers || []).includes(want));
  };

  const rank = (data, profile) => data.cards
    .map((card) => {
      const r = { card, holds: 0, fails: [], unknown: [] };
      for (const a of data.assumptions) {
        const want = profile[a.id];
        if (!want) continue;
        const answer = card.answers[a.id];
        const h = holds(a, answer && answer.category, want);
        if (h === true) r.holds += 1;
        else if (h === false) r.fails.push(a);
        else r.unknown.push(a);
      }
      return r;
    })
    .sort((x, y) => y.holds - x.holds || x.fails.length - y.fails.length ||
      (x.card.slug < y.card.slug ? -1 : x.card.slug > y.card.slug ? 1 : 0));

  const readProfile = () => {
    const p = {};
    for (const s of form.querySelectorAll("select")) if (s.value) p[s.name] = s.value;
    return p;
  };

  const show = (data) => {
    const profile = readProfile();
    const params = new URLSearchParams(profile);
    history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
    const asked = Object.keys(profile).length;
    out.replaceChildren();
    if (!asked) {
      out.append(el("p", {}, "Choose at least one answer to rank the benchmarks."));
      return;
    }
    const list = el("ol", { class: "match-list", id: "match-list" });
    for (const r of rank(data, profile)) {
      const li = el("li", { "data-slug": r.card.slug },
        el("a", { href: r.card.url }, r.card.title), ` — ${r.holds} of ${asked} hold`);
      if (r.fails.length) {
        const fails = el("ul", { class: "fails" });
        for (const a of r.fails) {
          const ans = r.card.answers[a.id];
          const cat = ans && a.categories.find((c) => c.id === ans.category);
          fails.append(el("li", {}, `${a.name} does not hold: the benchmark's answer is `,
            el("a", { href: `${r.card.url}#${a.id}` }, cat ? cat.label.toLowerCase() : "not categorised")));
        }
        li.append(fails);
      }
      if (r.unknown.length) li.append(el("p", { class: "muted" }, `Unknown: ${r.unknown.map((a) => a.name).join(", ")}`));
      list.append(li);
    }
    out.append(el("p", {}, `Ranked by fit to your answers (${asked} of ${data.assumptions.length} questions answered), not by quality.`), list);
  };

  // Share: the answers are in the URL, so the URL is the match.
  const share = document.getElementById("match-share");
  const shareStatus = document.getElementById("match-share-status");
  let shareTimer;
  if (share && shareStatus) share.addEventListener("click", async () => {
    const link = location.href;
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(link);
      shareStatus.textContent = "Copied: the link opens this match with your answers";
    } catch {
      shareStatus.textContent = `Copy this link to share the match: ${link}`;
    }
    clearTimeout(shareTimer);
    shareTimer = setTimeout(() => { shareStatus.textContent = ""; }, 8000);
  });

  fetch(form.dataset.src)
    .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then((data) => {
      const params = new URLSearchParams(location.search);
      for (const s of form.querySelectorAll("select")) {
        const v = params.get(s.name);
        if (v && [...s.options].some((o) => o.value === v)) s.value = v;
        s.addEventListener("change", () => show(data));
      }
      for (const b of form.querySelectorAll("button[data-profile]")) {
        b.addEventListener("click", () => {
          const ctx = data.contexts.find((c) => c.id === b.dataset.profile);
          for (const s of form.querySelectorAll("select")) s.value = (ctx && ctx.profile[s.name]) || "";
          show(data);
        });
      }
      show(data);
    })
    .catch(() => { out.textContent = "The benchmark data could not be loaded; see the heatmaps instead."; });
})();
