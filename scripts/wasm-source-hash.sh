#!/usr/bin/env bash
# The hash of everything the browser search engine is built from: the
# search crate (its manifest and sources) and the Cargo.lock entries of its
# dependency closure (parsed offline from Cargo.lock; no network needed).
# search/src/write.rs is left out: the index writer is native-only
# (`cfg(not(target_arch = "wasm32"))`), so it is not part of the engine.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  for f in search/Cargo.toml $(find search/src -type f -name '*.rs' ! -name write.rs | LC_ALL=C sort); do
    printf '%s\n' "$f"; cat "$f"
  done
  python3 - <<'PY'
import tomllib
lock = tomllib.load(open("Cargo.lock", "rb"))
packages = {}
for p in lock["package"]:
    packages.setdefault(p["name"], []).append(p)
seen, todo = set(), ["cardsite-search"]
while todo:
    spec = todo.pop().split(" ")
    for p in packages.get(spec[0], []):
        if len(spec) > 1 and p["version"] != spec[1]:
            continue
        key = (p["name"], p["version"])
        if key in seen:
            continue
        seen.add(key)
        todo.extend(p.get("dependencies", []))
for name, version in sorted(seen):
    print(name, version)
PY
} | sha256sum | cut -d' ' -f1
