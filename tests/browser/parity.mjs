// Runs queries with the committed WASM engine under node and prints the
// results as JSON, for tests/cli/search.rs to compare with the CLI's.
// Usage: node tests/browser/parity.mjs SITE_DIR QUERIES_JSON
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [site, queriesJson] = process.argv.slice(2);
const staticDir = fileURLToPath(new URL("../../themes/default/static/", import.meta.url));
const mod = await import(`${staticDir}cardsite_search.js`);
await mod.default({ module_or_path: readFileSync(`${staticDir}cardsite_search_bg.wasm`) });
const manifest = JSON.parse(readFileSync(`${site}/search/manifest.json`));
const engine = new mod.WasmEngine();
for (const f of manifest.files) engine.add_file(f.name, readFileSync(`${site}/search/${f.path}`));
engine.open();
const out = {};
const times = [];
for (const q of JSON.parse(queriesJson)) {
  const t = performance.now();
  out[q] = JSON.parse(engine.search(q, 10, [], true));
  times.push(performance.now() - t);
}
console.log(JSON.stringify({ results: out, max_ms: Math.max(...times) }));
