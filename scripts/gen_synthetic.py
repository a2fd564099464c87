#!/usr/bin/env python3
"""Generate a synthetic cardsite site with N cards and three shared contexts.

Usage: gen_synthetic.py N OUT_DIR
Cards are written under OUT_DIR/cards (never into the repository's cards/).
Text is drawn from a Zipf-distributed vocabulary of real words (Debian's
wamerican list when installed, else generated words): about 3 KB of prose
per card, like the upstream corpus, so that a query does not match every
card. For upstream-format cards (inline verdicts, one warning per card) see
gen_upstream.py.
"""
import bisect
import itertools
import os
import random
import sys

ASSUMPTIONS = {
    "task": {
        "query_authorship": ["experts", "exam-boards", "lay-users", "synthetic", "mixed"],
        "information_completeness": ["complete", "partial", "incomplete"],
        "interaction_type": ["single-turn", "multi-turn", "both"],
    },
    "outcome": {
        "decision_mediation": ["llm-decides", "human-decides"],
        "outcome_validity": ["proxy", "clinical-outcome"],
    },
}
VERDICTS = ["Yes", "Partially", "No"]
WORDS = ("clinical triage diagnosis patient physician vignette dialogue exam licensing "
         "rubric accuracy disposition emergency pediatric oncology cardiology notes "
         "records outcome proxy conversation query answer model").split()


def _vocabulary():
    rng = random.Random(7)
    try:
        with open("/usr/share/dict/words", encoding="utf-8") as f:
            words = [w for w in f.read().split() if w.isalpha() and w.islower() and w.isascii()]
    except OSError:
        words = []
    if len(words) < 20000:
        words = ["".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(3, 10))) for _ in range(30000)]
    rng.shuffle(words)
    return WORDS + words[:30000]


VOCAB = _vocabulary()
# Zipf (s = 1): the k-th word has weight 1/k; the domain words come first.
CUM = list(itertools.accumulate(1.0 / (k + 1) for k in range(len(VOCAB))))


def word(rng):
    return VOCAB[bisect.bisect(CUM, rng.random() * CUM[-1])]


def sentence(rng, n=12):
    return " ".join(word(rng) for _ in range(n)).capitalize() + "."


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(42)
    cards = os.path.join(out, "cards")
    os.makedirs(os.path.join(cards, "contexts"), exist_ok=True)
    slugs = []
    for i in range(n):
        slug = f"bench-{i:05d}"
        slugs.append(slug)
        lines = [
            f'benchmark_name: "Synthetic benchmark {i}"',
            f'citation: "Author {i} et al. {2000 + i % 26}. {sentence(rng, 6)}"',
            f"year: {2000 + i % 26}",
            "added: 2026-01-01",
            f"domains: [Healthcare, {rng.choice(WORDS).capitalize()}]",
            "summary: |",
            f"  {sentence(rng, 120)}",
            "links:",
            f"  paper: https://example.org/papers/{i}",
            "intended_use_case:",
            f'  answer: "{sentence(rng)}"',
        ]
        for kind, items in ASSUMPTIONS.items():
            lines.append(f"{kind}:")
            for aid, cats in items.items():
                lines += [f"  {aid}:", f'    answer: "{sentence(rng, 60)}"', f"    category: {rng.choice(cats)}"]
        with open(os.path.join(cards, f"{slug}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
    for c in ["patients", "clinicians", "nurses"]:
        lines = [f'name: "Synthetic {c} deployment"', f'description: "{sentence(rng)}"', "assessments:"]
        for slug in slugs:
            lines.append(f"  {slug}:")
            for items in ASSUMPTIONS.values():
                for aid in items:
                    lines.append(f'    {aid}: "{rng.choice(VERDICTS)}. {sentence(rng, 8)}"')
        with open(os.path.join(cards, "contexts", f"{c}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
