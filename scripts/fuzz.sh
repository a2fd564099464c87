#!/usr/bin/env bash
# Fuzzes card parsing and validation for a bounded time (default 300 s),
# seeded with the bundled cards, the broken-card fixtures and, when present,
# the paper authors' reference cards. Not part of CI.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); stable Rust works through
# RUSTC_BOOTSTRAP=1 (cargo-fuzz uses nightly-only sanitizer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-300}
CORPUS=fuzz/corpus/card
mkdir -p "$CORPUS"
for f in cards/*.yaml cards/contexts/*.yaml tests/fixtures/*/cards/*.yaml tests/fixtures/*/cards/*/*.yaml ../shared/reference/upstream-cards/*.yaml; do
  [ -f "$f" ] && cp "$f" "$CORPUS/seed-$(echo "$f" | tr '/' '_')"
done
RUSTC_BOOTSTRAP=1 cargo fuzz run card "$CORPUS" -- -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048 2>&1 | tee target/fuzz.log | tail -n 20
