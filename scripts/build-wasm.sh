#!/usr/bin/env bash
# Rebuilds the browser search engine (the cardsite-search crate compiled to
# WASM) into the default theme's static files, and records the hash of the
# sources it was built from (tests fail when the committed module is stale).
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen-cli matching the
# wasm-bindgen crate (0.2.130), and node/npm (for binaryen's wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."
STATIC=themes/default/static
cargo build -p cardsite-search --target wasm32-unknown-unknown --features wasm --profile wasm
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$OUT" target/wasm32-unknown-unknown/wasm/cardsite_search.wasm
# Debian's binaryen (108) is too old for Rust's reference-types output; use
# npm's binaryen unless WASM_OPT names another wasm-opt (>= 116).
if [ -z "${WASM_OPT:-}" ]; then
  [ -x node_modules/.bin/wasm-opt ] || npm install --no-save --no-audit --no-fund --silent binaryen@132
  WASM_OPT=node_modules/.bin/wasm-opt
fi
"$WASM_OPT" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue "$OUT/cardsite_search_bg.wasm" -o "$OUT/opt.wasm"
mv "$OUT/opt.wasm" "$OUT/cardsite_search_bg.wasm"
cp "$OUT/cardsite_search.js" "$STATIC/cardsite_search.js"
cp "$OUT/cardsite_search_bg.wasm" "$STATIC/cardsite_search_bg.wasm"
scripts/wasm-source-hash.sh > themes/default/wasm-source-hash
ls -l "$STATIC"/cardsite_search*
echo "source hash: $(cat themes/default/wasm-source-hash)"
