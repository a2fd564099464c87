// Warm query latency of the WASM engine under node, on a built site's
// published index with every chunk loaded (as a browser holds it once its
// chunks are cached). Half the queries ask for filter counts and narrow by
// a filter, as the search page does. Prints p50/p95/max in milliseconds.
// The same queries natively: search/examples/warm_queries.rs.
// Usage: node scripts/bench-query.mjs SITE_DIR [REPS]
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
const [site, reps = "20"] = process.argv.slice(2);
const dir = fileURLToPath(new URL("../themes/default/static/", import.meta.url));
const mod = await import(`${dir}cardsite_search.js`);
await mod.default({ module_or_path: readFileSync(`${dir}cardsite_search_bg.wasm`) });
const m = JSON.parse(readFileSync(`${site}/search/manifest.json`));
const t0 = performance.now();
const e = new mod.WasmEngine(JSON.stringify(m.index), readFileSync(`${site}/search/${m.hot}`));
const openMs = performance.now() - t0;
for (const f of readdirSync(`${site}/search/${m.chunks}`)) {
  e.add_chunk(f.replace(/\.bin$/, ""), readFileSync(`${site}/search/${m.chunks}/${f}`));
}
const QUERIES = ["triage", "clinical notes", "\"model records\"", "diag", "domains:healthcare", "patient -exam", "cardiology vignette", "rubric"];
const FILTER = "/domain/Healthcare";
const ask = (i, q) => {
  const r = JSON.parse(e.search(q, 10, i % 2 === 1 ? [FILTER] : [], i % 2 === 1));
  if (r.need || r.error) throw new Error(`${q}: ${JSON.stringify(r).slice(0, 200)}`);
};
// "Warm" means after the JIT has tiered the engine up, as the search worker
// does in idle time after loading; the first round (before) is reported apart.
const first = [];
QUERIES.forEach((q, i) => { const t = performance.now(); ask(i, q); first.push(performance.now() - t); });
for (let i = 0, busy = 0; busy < 500 && i < 2000; i++) {
  const t = performance.now();
  ask(i, QUERIES[i % QUERIES.length]);
  busy += performance.now() - t;
}
const times = [];
for (let r = 0; r < Number(reps); r++) QUERIES.forEach((q, i) => {
  const t = performance.now();
  ask(i + r, q);
  times.push(performance.now() - t);
});
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(JSON.stringify({ documents: m.documents, queries: times.length, open_ms: +openMs.toFixed(1), first_round_max_ms: +Math.max(...first).toFixed(2), p50_ms: +pct(0.5).toFixed(2), p95_ms: +pct(0.95).toFixed(2), max_ms: +times[times.length - 1].toFixed(2) }));
