#!/usr/bin/env bash
# The hash of everything the browser search engine is built from: the
# search crate (its manifest and sources) and Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
{ echo search/Cargo.toml; find search/src -type f -name '*.rs' | LC_ALL=C sort; echo Cargo.lock; } \
  | while read -r f; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -d' ' -f1
