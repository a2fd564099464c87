#!/usr/bin/env bash
# Build benchmark: times `cardsite build` on synthetic catalogues of 1,000 and
# 10,000 cards (three shared contexts), with repetitions, medians and peak
# RSS, and reports ratios against baselines measured in the same run:
#   - `cardsite check` (load + validate only) on the same cards, and
#   - growth from 1k to 10k (goal: linear, <= 11x).
# Usage: scripts/bench-build.sh [REPS]   (not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
cargo build --release --quiet
BIN=$PWD/target/release/cardsite
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # measure CMD... -> prints "seconds maxrss_kb" medians over REPS
  local times=() rss=()
  for _ in $(seq "$REPS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/t" "$@" >/dev/null 2>&1
    read -r t m < "$WORK/t"; times+=("$t"); rss+=("$m")
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${rss[@]}" | median)"
}

printf '%-8s %12s %12s %12s %14s\n' cards build_s check_s build/check peak_rss_MB
declare -A B
for N in 1000 10000; do
  python3 scripts/gen_synthetic.py "$N" "$WORK/site-$N"
  read -r bt brss < <(measure "$BIN" build --quiet --root "$WORK/site-$N" --output "$WORK/out-$N")
  read -r ct _ < <(measure "$BIN" check --root "$WORK/site-$N" --format json)
  B[$N]=$bt
  printf '%-8s %12s %12s %12.2f %14.1f\n' "$N" "$bt" "$ct" "$(echo "$bt / $ct" | bc -l)" "$(echo "$brss / 1024" | bc -l)"
done
printf 'growth 1k -> 10k: %.2fx (goal <= 11x)\n' "$(echo "${B[10000]} / ${B[1000]}" | bc -l)"
