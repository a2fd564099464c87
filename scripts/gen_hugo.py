#!/usr/bin/env python3
"""Turn a synthetic cardsite site (from gen_synthetic.py, or the upstream
shape from gen_upstream.py) into an equivalent Hugo site: one page per card
rendering the same BenchmarkCard table (question, answers and every
context's verdict with its reason) and summary, plus a list page.

Usage: gen_hugo.py CARDSITE_DIR HUGO_DIR
Reads the YAML with a tiny line parser that understands only those
generators' output (no third-party modules needed). A site without
cards/contexts/ is read as the upstream shape: each answer's inline
`holds_at_deployment` is its card's verdict for the card's
`deployment_context`.
"""
import json
import os
import sys

LAYOUT_BASEOF = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="/style.css"></head><body><header><a href="/">Cards</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
LAYOUT_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.year }} {{ delimit .Params.domains ", " }}</p>
{{ .Content }}
<table><thead><tr><th>Question</th><th>Assumption</th><th>Answer</th>{{ range .Params.contexts }}<th>{{ . }}</th>{{ end }}</tr></thead><tbody>
{{ range .Params.rows }}<tr id="{{ .id }}"><th>{{ .question }}</th><td>{{ .kind }}</td><td>{{ .answer }} <span>{{ .category }}</span></td>{{ range .cells }}<td class="v-{{ .verdict }}">{{ .verdict }} {{ .reason }}</td>{{ end }}</tr>{{ end }}
</tbody></table><p>{{ .Params.citation }}</p><a href="{{ .Params.paper }}">Paper</a></article>{{ end }}
"""
LAYOUT_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><table><tbody>{{ range .Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ .Summary }}</td><td>{{ .Params.year }}</td></tr>{{ end }}</tbody></table>{{ end }}
"""


def parse_card(path):
    card = {"answers": {}}
    section = aid = None
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("summary: |"):
            card["summary"] = lines[i + 1].strip()
            i += 2
            continue
        if not line.startswith(" "):
            key, _, val = line.partition(":")
            val = val.strip()
            section = key if val == "" else None
            if val:
                card[key] = val.strip('"')
        elif line.startswith("    ") and section in ("task", "outcome"):
            key, _, val = line.strip().partition(":")
            card["answers"].setdefault(aid, {"kind": section})[key] = val.strip().strip('"')
        elif line.startswith("  ") and section in ("task", "outcome"):
            aid = line.strip().rstrip(":")
        elif line.startswith("  ") and section == "links":
            card["paper"] = line.split(": ", 1)[1]
        i += 1
    return card


def parse_context(path):
    name, verdicts, slug = None, {}, None
    with open(path) as f:
        for line in f:
            if line.startswith("name:"):
                name = line.split(":", 1)[1].strip().strip('"')
            elif line.startswith("  ") and not line.startswith("    "):
                slug = line.strip().rstrip(":")
            elif line.startswith("    "):
                aid, _, text = line.strip().partition(": ")
                text = text.strip('"')
                verdicts.setdefault(slug, {})[aid] = (text.split(".")[0].lower(), text.split(". ", 1)[-1])
    return name, verdicts


def unquote(v):
    v = v.strip()
    return json.loads(v) if v.startswith('"') else v


def parse_upstream(path):
    """An upstream-shape card: answers with `question`, `answer` and an
    inline `holds_at_deployment` ("Yes. reason"), one deployment context."""
    card = {"answers": {}}
    section = aid = None
    with open(path) as f:
        for line in f.read().splitlines():
            key, _, val = line.strip().partition(":")
            if not line.startswith(" "):
                section = key if not val.strip() else None
                if val.strip():
                    card[key] = unquote(val)
            elif line.startswith("    ") and section in ("task", "outcome"):
                card["answers"].setdefault(aid, {"kind": section})[key] = unquote(val)
            elif line.startswith("  ") and section in ("task", "outcome"):
                aid = key
            elif line.startswith("  ") and section == "intended_use_case":
                card[f"use_{key}"] = unquote(val)
    return card


def upstream_rows(c):
    rows = []
    for aid, a in c["answers"].items():
        said = a.get("holds_at_deployment", "")
        verdict, _, reason = said.partition(". ")
        rows.append({"id": aid, "question": a.get("question", aid.replace("_", " ")), "kind": a["kind"],
                     "answer": a.get("answer", ""), "category": a.get("category", ""),
                     "cells": [{"verdict": verdict.lower() or "none", "reason": reason}]})
    return rows


def main():
    src, out = sys.argv[1], sys.argv[2]
    cards_dir = os.path.join(src, "cards")
    upstream = not os.path.isdir(os.path.join(cards_dir, "contexts"))
    contexts = [] if upstream else [parse_context(os.path.join(cards_dir, "contexts", f)) for f in sorted(os.listdir(os.path.join(cards_dir, "contexts")))]
    for d in ["content/benchmarks", "layouts/_default", "static"]:
        os.makedirs(os.path.join(out, d), exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({"baseURL": "/", "title": "Cards", "disableKinds": ["taxonomy", "term", "RSS", "sitemap"]}, f)
    for name, text in [("baseof.html", LAYOUT_BASEOF), ("single.html", LAYOUT_SINGLE), ("list.html", LAYOUT_LIST)]:
        with open(os.path.join(out, "layouts/_default", name), "w") as f:
            f.write(text)
    with open(os.path.join(out, "static/style.css"), "w") as f:
        f.write("body{font-family:sans-serif}\n")
    for fname in sorted(os.listdir(cards_dir)):
        if not fname.endswith(".yaml"):
            continue
        slug = fname[:-5]
        if upstream:
            c = parse_upstream(os.path.join(cards_dir, fname))
            front = {"title": c.get("benchmark_name", slug), "year": 0, "domains": ["Healthcare"],
                     "citation": c.get("citation", ""), "paper": "", "contexts": [c.get("use_deployment_context", "")],
                     "rows": upstream_rows(c)}
            with open(os.path.join(out, "content/benchmarks", f"{slug}.md"), "w") as f:
                f.write(json.dumps(front) + "\n\n" + c.get("notes", "") + "\n")
            continue
        c = parse_card(os.path.join(cards_dir, fname))
        rows = []
        for aid, a in c["answers"].items():
            rows.append({"id": aid, "question": aid.replace("_", " "), "kind": a["kind"], "answer": a.get("answer", ""),
                         "category": a.get("category", ""),
                         "cells": [{"verdict": v.get(slug, {}).get(aid, ("none", ""))[0], "reason": v.get(slug, {}).get(aid, ("", ""))[1]} for _, v in contexts]})
        front = {"title": c.get("benchmark_name", slug), "year": int(c.get("year", 0)), "domains": ["Healthcare"],
                 "citation": c.get("citation", ""), "paper": c.get("paper", ""), "contexts": [n for n, _ in contexts], "rows": rows}
        with open(os.path.join(out, "content/benchmarks", f"{slug}.md"), "w") as f:
            f.write(json.dumps(front) + "\n\n" + c.get("summary", "") + "\n")
    with open(os.path.join(out, "content/benchmarks/_index.md"), "w") as f:
        f.write('{"title": "Benchmarks"}\n')


if __name__ == "__main__":
    main()
