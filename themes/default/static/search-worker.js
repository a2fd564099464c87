// Search worker: loads cardsite's tantivy engine (WASM), the manifest and
// the hot chunks, then answers queries off the main thread. The index is
// fetched on demand: the engine answers a query or names the chunks it
// needs; those are fetched together (whole, content-named files, cached
// forever) and the query asked again. A query is superseded by a newer one
// on its channel (the header box, the search page): its fetches are
// aborted and it answers `{superseded: true}`, so the chunks of what a
// reader typed on the way ("p", "pa", …) do not hold up what they meant.
let engine = null;
let loading = null;
let current = null; // { manifest URL, base, build, documents }
let mod = null;

const MAX_ROUNDS = 24;

// Per channel: the newest query's id and the aborter of its fetches.
const latest = new Map();
const aborters = new Map();
class Superseded extends Error {}

async function bytes(url, what, signal) {
  let r;
  try {
    r = await fetch(url, { signal });
  } catch (err) {
    if (signal && signal.aborted) throw new Superseded();
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

// Opens the engine on the manifest at `url` (the hot chunks come with it),
// or on `manifest`, a promise of it already asked for.
async function open(url, manifest) {
  const m = await (manifest || readManifest(url));
  const base = new URL(".", new URL(url, self.location.href)).href;
  // A small hot file rides in the manifest (base64).
  const hot = m.hot_inline != null
    ? Uint8Array.from(atob(m.hot_inline), (c) => c.charCodeAt(0))
    : await bytes(base + m.hot, "search index (hot chunks)");
  const e = new mod.WasmEngine(JSON.stringify(m.index), hot);
  if (engine) engine.free();
  engine = e;
  current = { url, base, build: m.build, chunks: m.chunks, documents: m.documents };
  return m.documents;
}

async function load({ glue, wasm, manifest }) {
  // The manifest is fetched while the engine's code loads and compiles.
  const early = readManifest(manifest);
  early.catch(() => {});
  mod = await import(glue);
  await mod.default({ module_or_path: wasm });
  const documents = await open(manifest, early);
  setTimeout(warm, 0);
  return documents;
}

class MissingChunk extends Error {}

// Chunks on their way, by name: a query waits for a chunk a preload (or
// another query) already asked for instead of fetching it twice.
const inflight = new Map();

async function fetchChunks(names, signal) {
  const { base, chunks } = current;
  const target = engine;
  await Promise.all(names.map(async (name) => {
    let got = inflight.get(name);
    if (!got) {
      got = bytes(`${base}${chunks}/${name}.bin`, `search index chunk ${name}`, signal)
        .then((b) => { if (engine === target) engine.add_chunk(name, b); })
        .finally(() => inflight.delete(name));
      inflight.set(name, got);
    }
    try {
      await got;
    } catch (err) {
      if (signal && signal.aborted) throw new Superseded();
      // Another query's fetch was aborted: fetch it for this one.
      if (err instanceof Superseded) return fetchChunks([name], signal);
      throw new MissingChunk(err.message);
    }
  }));
}

// While the reader types, what they have typed so far fetches its words'
// dictionary entries and postings (never documents): a query asked after
// the pause then needs little more than its hits' documents. A few rounds
// of at most PRELOAD_MAX chunks each; a short prefix of many words waits
// for more letters. Never superseded (its chunks stay useful), only
// outdated: a newer preload stops the older one's next round.
const PRELOAD_MAX = 8;
const PRELOAD_ROUNDS = 4;
let preloading = null;
async function preload(data) {
  preloading = data;
  let fetched = 0;
  try {
    await loading;
    for (let round = 0; round < PRELOAD_ROUNDS && preloading === data; round++) {
      const need = JSON.parse(engine.preload(data.query, data.limit || 10));
      if (!need.length || need.length > PRELOAD_MAX) break;
      await fetchChunks(need);
      fetched += need.length;
    }
  } catch {
    // A preload only saves time; a failure shows in the query itself.
  }
  return fetched;
}

function attempt(data) {
  return JSON.parse(engine.search(data.query, data.limit || 10, data.filters || [], Boolean(data.facets)));
}

const superseded = (data) => latest.get(data.channel || "") !== data.id;

// Asks until the engine has every chunk the query needs.
async function answer(data, signal) {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = attempt(data);
    if (!r.need) return { ...r, rounds: round };
    if (superseded(data)) throw new Superseded();
    await fetchChunks(r.need, signal);
  }
  throw new Error("the search index kept asking for more chunks; reload the page");
}

// A chunk that cannot be fetched usually means the site was redeployed
// while this tab was open: read the manifest again and, if it names a new
// build, reopen and ask once more; otherwise say what is missing.
async function search(data, signal) {
  try {
    return await answer(data, signal);
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
      const r = await answer(data, signal);
      return { ...r, reloaded: true };
    } catch (again) {
      if (again instanceof Superseded) throw again;
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
  } else if (data.type === "preload") {
    if (!loading) return;
    const fetched = await preload(data);
    if (data.id != null) self.postMessage({ type: "preloaded", id: data.id, fetched });
  } else if (data.type === "search") {
    const channel = data.channel || "";
    latest.set(channel, data.id);
    if (aborters.has(channel)) aborters.get(channel).abort();
    const aborter = new AbortController();
    aborters.set(channel, aborter);
    try {
      await loading;
      if (superseded(data)) throw new Superseded();
      const started = performance.now();
      const result = await search(data, aborter.signal);
      self.postMessage({ type: "results", id: data.id, ms: performance.now() - started, ...result });
    } catch (err) {
      if (err instanceof Superseded) {
        self.postMessage({ type: "results", id: data.id, superseded: true });
      } else {
        self.postMessage({ type: "results", id: data.id, error: String(err && err.message || err) });
      }
    }
  }
};
