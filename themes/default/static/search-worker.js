// Search worker: loads cardsite's tantivy engine (WASM), the manifest and
// the hot chunks, then answers queries off the main thread. The index is
// fetched on demand: the engine answers a query or names the chunks it
// needs; those are fetched together (whole, content-named files, cached
// forever) and the query asked again.
let engine = null;
let loading = null;
let current = null; // { manifest URL, base, build, documents }
let mod = null;

const MAX_ROUNDS = 24;

async function bytes(url, what) {
  let r;
  try {
    r = await fetch(url);
  } catch (err) {
    throw new Error(`${what}: ${err && err.message || "network error"}`);
  }
  if (!r.ok) {
    const e = new Error(`${what}: HTTP ${r.status}`);
    e.status = r.status;
    throw e;
  }
  return new Uint8Array(await r.arrayBuffer());
}

async function readManifest(url) {
  const r = await fetch(url, { cache: "no-cache" });
  if (!r.ok) throw new Error(`manifest: HTTP ${r.status}`);
  return r.json();
}

// Opens the engine on the manifest at `url` (the hot chunks come with it).
async function open(url) {
  const m = await readManifest(url);
  const base = new URL(".", new URL(url, self.location.href)).href;
  const hot = await bytes(base + m.hot, "search index (hot chunks)");
  const e = new mod.WasmEngine(JSON.stringify(m.index), hot);
  if (engine) engine.free();
  engine = e;
  current = { url, base, build: m.build, chunks: m.chunks, documents: m.documents };
  return m.documents;
}

async function load({ glue, wasm, manifest }) {
  mod = await import(glue);
  await mod.default({ module_or_path: wasm });
  const documents = await open(manifest);
  setTimeout(warm, 0);
  return documents;
}

class MissingChunk extends Error {}

async function fetchChunks(names) {
  const { base, chunks } = current;
  await Promise.all(names.map(async (name) => {
    let b;
    try {
      b = await bytes(`${base}${chunks}/${name}.bin`, `search index chunk ${name}`);
    } catch (err) {
      throw new MissingChunk(err.message);
    }
    engine.add_chunk(name, b);
  }));
}

function attempt(data) {
  return JSON.parse(engine.search(data.query, data.limit || 10, data.filters || [], Boolean(data.facets)));
}

// Asks until the engine has every chunk the query needs.
async function answer(data) {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = attempt(data);
    if (!r.need) return { ...r, rounds: round };
    await fetchChunks(r.need);
  }
  throw new Error("the search index kept asking for more chunks; reload the page");
}

// A chunk that cannot be fetched usually means the site was redeployed
// while this tab was open: read the manifest again and, if it names a new
// build, reopen and ask once more; otherwise say what is missing.
async function search(data) {
  try {
    return await answer(data);
  } catch (err) {
    if (!(err instanceof MissingChunk)) throw err;
    let fresh;
    try {
      fresh = await readManifest(current.url);
    } catch {
      throw new Error(`${err.message}, and the manifest could not be read again`);
    }
    if (fresh.build === current.build) {
      throw new Error(`${err.message}: the published search index is incomplete`);
    }
    await open(current.url);
    try {
      const r = await answer(data);
      return { ...r, reloaded: true };
    } catch (again) {
      throw new Error(`after a new build was published: ${again.message}`);
    }
  }
}

// The browser compiles WASM in tiers: until a function has run long enough,
// its quick first compilation is slow. Run typical queries in idle slices
// (on the chunks already here: a query that needs more stops early and
// fetches nothing) until the engine has been busy for a moment.
const WARM_UP = ["patient", "clinical questions", "\"medical exam\"", "diagnos", "question answer -exam", "triage"];
const WARM_MS = 300;
const WARM_MAX = 400;
function warm(round = 0, busy = 0) {
  if (busy >= WARM_MS || round >= WARM_MAX) return;
  const started = performance.now();
  try { engine.search(WARM_UP[round % WARM_UP.length], 10, [], false); } catch { return; }
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
      const result = await search(data);
      self.postMessage({ type: "results", id: data.id, ms: performance.now() - started, ...result });
    } catch (err) {
      self.postMessage({ type: "results", id: data.id, error: String(err && err.message || err) });
    }
  }
};
