#!/usr/bin/env bash
# Growth of `check` and `build` on upstream-format cards, 2,000 vs 20,000
# (a bench, not a timed test): 10x the cards should cost about 10x the time.
# Prints the ratios and flags super-linear growth (ratio over 13x).
# Usage: scripts/bench-growth.sh [REPS]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
cargo build --release --quiet
BIN=$PWD/target/release/cardsite
WORK=$(mktemp -d -p "${BENCH_TMP:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$WORK"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A T
for N in 2000 20000; do
  python3 scripts/gen_upstream.py "$N" "$WORK/s$N"
  for cmd in check build; do
    T[$cmd$N]=$(for r in $(seq "$REPS"); do
      if [ "$cmd" = check ]; then
        /usr/bin/time -f "%e" -o "$WORK/t" "$BIN" check --root "$WORK/s$N" >/dev/null 2>&1 || true
      else
        /usr/bin/time -f "%e" -o "$WORK/t" "$BIN" build --root "$WORK/s$N" --output "$WORK/o$N-$r" -q >/dev/null 2>&1
      fi
      cat "$WORK/t"
    done | median)
  done
done
echo "| command | 2,000 cards (s) | 20,000 cards (s) | growth | verdict |"
echo "|---|---|---|---|---|"
for cmd in check build; do
  awk -v c="$cmd" -v a="${T[${cmd}2000]}" -v b="${T[${cmd}20000]}" \
    'BEGIN { g = b / a; printf "| %s | %.2f | %.2f | %.1fx | %s |\n", c, a, b, g, (g > 13 ? "SUPER-LINEAR" : "linear") }'
done
