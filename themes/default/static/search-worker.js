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
  return m.documents;
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
