#!/usr/bin/env bash
# Times importing and building ~5,000 Sokol et al. cards: the samples in
# ../shared/reference/sokol-cards replicated (with numbered names, so none is
# a near-duplicate of another) into a temporary directory. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
SAMPLES=../shared/reference/sokol-cards
[ -d "$SAMPLES" ] || { echo "skipping: $SAMPLES is absent"; exit 0; }
cargo build --release --quiet
BIN=$PWD/target/release/cardsite
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$SAMPLES" "$WORK/in" "$N" <<'PY'
import json, os, sys, glob
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out)
cards = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(src, "*.json")))]
for i in range(n):
    c = json.loads(json.dumps(cards[i % len(cards)]))
    bd = c["benchmark_details"]
    bd["name"] = f"{bd['name']} copy {i}"
    if bd.get("abbreviation") not in (None, "N/A"):
        bd["abbreviation"] = f"{bd['abbreviation']}-{i}"
    json.dump(c, open(os.path.join(out, f"card-{i:05d}.json"), "w"))
PY
mkdir -p "$WORK/site/cards"
/usr/bin/time -f "import: %e s, peak %M KB" "$BIN" import sokol "$WORK/in" --root "$WORK/site" | tail -1
/usr/bin/time -f "build: %e s, peak %M KB" "$BIN" build --root "$WORK/site" --output "$WORK/out" 2>&1 | tail -3
