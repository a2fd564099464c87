#!/usr/bin/env python3
"""Shares a directory's files out between two lists of about equal bytes
(largest first, each to the lighter list), for scripts/bench.sh's
two-writer floor. Usage: split-by-size.py DIR OUT0 OUT1 (paths relative to DIR)."""
import os
import sys

root, outs = sys.argv[1], sys.argv[2:4]
files = []
for d, _, names in os.walk(root):
    for n in names:
        p = os.path.join(d, n)
        files.append((os.path.getsize(p), os.path.relpath(p, root)))
files.sort(reverse=True)
bins = [[0, []], [0, []]]
for size, path in files:
    lighter = min(bins, key=lambda b: b[0])
    lighter[0] += size
    lighter[1].append(path)
for out, (_, paths) in zip(outs, bins):
    with open(out, "w") as f:
        f.write("".join(p + "\n" for p in paths))
