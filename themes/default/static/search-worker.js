// Search worker: loads cardsite's tantivy engine (WASM) and the index files
// named in the manifest, then answers queries off the main thread.
let engine = null;
let loading = null;

async function load({ glue, wasm, manifest }) {
  const mod = await import(glue);
  await mod.default({ module_or_path: wasm });
  const response = await fetch(manifest);
  if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
  const m = await response.json();
  const base = new URL(".", new URL(manifest, self.location.href)).href;
  const e = new mod.WasmEngine();
  const files = await Promise.all(m.files.map(async (f) => {
    const r = await fetch(base + f.path);
    if (!r.ok) throw new Error(`${f.path}: HTTP ${r.status}`);
    return [f.name, new Uint8Array(await r.arrayBuffer())];
  }));
  for (const [name, bytes] of files) e.add_file(name, bytes);
  e.open();
  engine = e;
  setTimeout(warm, 0);
  return m.documents;
}

// The browser compiles WASM in tiers: until a function has run long enough,
// its quick first compilation is slow (queries take 2-10x longer, with
// pauses of ~5 ms). Run typical queries in idle slices until the engine has
// been busy for half a second, one query per task so a reader's query never
// waits behind more than one of them.
const WARM_UP = ["patient", "clinical questions", "\"medical exam\"", "diagnos", "question answer -exam", "domains:health", "triage"];
const WARM_MS = 500;
const WARM_MAX = 2000;
function warm(round = 0, busy = 0) {
  if (busy >= WARM_MS || round >= WARM_MAX) return;
  const started = performance.now();
  try { engine.search(WARM_UP[round % WARM_UP.length], 10, [], round % 2 === 1); } catch { return; }
  const spent = performance.now() - started;
  setTimeout(() => warm(round + 1, busy + spent), 0);
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    loading ??= load(data);
    try {
      const documents = await loading;
      self.postMessage({ type: "ready", documents });
    } catch (err) {
      self.postMessage({ type: "failed", message: String(err && err.message || err) });
    }
  } else if (data.type === "search") {
    try {
      await loading;
      const started = performance.now();
      const result = JSON.parse(engine.search(data.query, data.limit || 10, data.filters || [], Boolean(data.facets)));
      self.postMessage({ type: "results", id: data.id, ms: performance.now() - started, ...result });
    } catch (err) {
      self.postMessage({ type: "results", id: data.id, error: String(err && err.message || err) });
    }
  }
};
