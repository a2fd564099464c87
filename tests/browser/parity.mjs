// Runs queries with the committed WASM engine under node and prints the
// results as JSON, for tests/cli/search.rs to compare with the CLI's.
// Chunks are read from the built site as the engine asks for them.
// Usage: node tests/browser/parity.mjs SITE_DIR QUERIES_JSON
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [site, queriesJson] = process.argv.slice(2);
const staticDir = fileURLToPath(new URL("../../themes/default/static/", import.meta.url));
const mod = await import(`${staticDir}cardsite_search.js`);
await mod.default({ module_or_path: readFileSync(`${staticDir}cardsite_search_bg.wasm`) });
const manifest = JSON.parse(readFileSync(`${site}/search/manifest.json`));
const engine = new mod.WasmEngine(JSON.stringify(manifest.index), readFileSync(`${site}/search/${manifest.hot}`));
// As the worker does: ask, add the chunks the engine names, ask again.
let rounds = 0;
let fetched = 0;
function search(q) {
  for (;;) {
    const r = JSON.parse(engine.search(q, 10, [], true));
    if (!r.need) return r;
    rounds += 1;
    for (const name of r.need) {
      const bytes = readFileSync(`${site}/search/${manifest.chunks}/${name}.bin`);
      fetched += bytes.length;
      engine.add_chunk(name, bytes);
    }
  }
}
const out = {};
const times = [];
for (const q of JSON.parse(queriesJson)) {
  const t = performance.now();
  out[q] = search(q);
  times.push(performance.now() - t);
}
console.log(JSON.stringify({ results: out, max_ms: Math.max(...times), rounds, fetched }));
