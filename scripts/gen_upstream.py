#!/usr/bin/env python3
"""Generate N upstream-format cards (the shape of the paper authors' cards and
of `cardsite import` output): inline `holds_at_deployment` verdicts whose
`deployment_context` prose names one of three shared deployments, `question:`
fields, `version`, and an `interaction_type` answer outside the upstream enum
(one `upstream-enum` warning per card). Text is drawn from a Zipf-distributed
vocabulary of real words (Debian's wamerican list when present), about 3 KB of
prose per card like the upstream corpus.

Usage: gen_upstream.py N OUT_DIR   (cards go to OUT_DIR/cards)
"""
import bisect
import itertools
import os
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261203)
try:
    vocab = [w for w in open("/usr/share/dict/words", encoding="utf-8").read().split() if w.isalpha() and w.islower()]
except OSError:
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10))) for _ in range(30000)]
rng.shuffle(vocab)
vocab = vocab[:30000]
# Zipf weights (s = 1): word k has weight 1/k.
cum = list(itertools.accumulate(1.0 / (k + 1) for k in range(len(vocab))))


def words(k):
    return " ".join(vocab[bisect.bisect(cum, rng.random() * cum[-1])] for _ in range(k))


CONTEXTS = [
    "A patient-facing chatbot that answers lay users' health questions at home.",
    "Clinicians using an assistant for differential diagnosis in primary care.",
    "A triage tool used by nurses in an emergency department.",
]
os.makedirs(os.path.join(out, "cards"), exist_ok=True)
for i in range(n):
    lines = [
        f'benchmark_name: "Upstream benchmark {i}"',
        f'citation: "{words(14)}"',
        'version: "1.0"',
        "intended_use_case:",
        f'  answer: "{words(40)}"',
        f'  deployment_context: "{CONTEXTS[i % 3]}"',
        "task:",
    ]
    for a in ("query_authorship", "information_completeness", "interaction_type"):
        answer = "Conversations with simulated patients" if a == "interaction_type" else words(70)
        verdict = rng.choice(["Yes", "No", "Partially"])
        lines += [f"  {a}:", f'    question: "{words(9)}?"', f'    answer: "{answer}"',
                  f'    holds_at_deployment: "{verdict}. {words(25)}"']
    lines.append("outcome:")
    for a in ("decision_mediation", "outcome_validity"):
        verdict = rng.choice(["Yes", "No", "Partially"])
        lines += [f"  {a}:", f'    question: "{words(9)}?"', f'    answer: "{words(70)}"',
                  f'    holds_at_deployment: "{verdict}. {words(25)}"']
    lines.append(f'notes: "{words(60)}"')
    with open(os.path.join(out, "cards", f"u{i:05d}.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
