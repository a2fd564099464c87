#!/usr/bin/env bash
# The hash of everything the browser search engine is built from: the
# search crate (its manifest and sources) and the exact versions Cargo.lock
# resolves for its dependencies on the wasm target.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  for f in search/Cargo.toml $(find search/src -type f -name '*.rs' | LC_ALL=C sort); do
    printf '%s\n' "$f"; cat "$f"
  done
  cargo tree --locked --offline -q -p cardsite-search --target wasm32-unknown-unknown --features wasm -e normal --prefix none \
    | sed -E 's/ \(\/[^)]*\)//; s/ \(\*\)//' | LC_ALL=C sort -u
} | sha256sum | cut -d' ' -f1
