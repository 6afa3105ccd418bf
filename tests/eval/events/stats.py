"""Check the event gold against the article texts and print the counts tables of README.md.

usage (from the repository root):  python tests/eval/events/stats.py

Checks, for every gold file: the article id still matches the text, every span lies inside the text,
every *_text key equals the text it points at, types/modes/codes/modalities are well formed.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from annotate_events import MODALITIES, TYPES, codebook_modes, cameo_table, load  # noqa: E402

SPLITS = ("dev", "heldout", "seed")


def verify(gold: dict) -> list[str]:
    problems = []
    article = load(gold["file"], gold["published"])
    text = article.text
    if article.id != gold["article_id"]:
        problems.append(f"{gold['file']}: article id {article.id} != {gold['article_id']}")
    modes, table = codebook_modes(), cameo_table()
    for i, e in enumerate(gold["events"]):
        where = f"{gold['file']} event {i}"
        for key in ("trigger", "actor", "target", "reported_by"):
            span = e[key]
            if span is None:
                if key == "trigger":
                    problems.append(f"{where}: no trigger")
                continue
            if not (0 <= span[0] < span[1] <= len(text)):
                problems.append(f"{where}: {key} {span} outside the text")
            elif f"{key}_text" in e and e[f"{key}_text"] != text[span[0]:span[1]]:
                problems.append(f"{where}: {key}_text differs from the text")
        if e["type"] not in TYPES or (e["mode"] and e["mode"] not in modes[e["type"]]):
            problems.append(f"{where}: bad type/mode {e['type']}/{e['mode']}")
        if e["cameo"] not in table or not re.fullmatch(r"\d{3,4}", e["cameo"]):
            problems.append(f"{where}: bad CAMEO code {e['cameo']}")
        if e["modality"] not in MODALITIES:
            problems.append(f"{where}: bad modality {e['modality']}")
        ps = e["place_span"]
        if (e["place"] is None) != (ps is None) or (ps is not None and text[ps[0]:ps[1]] != e["place"]):
            problems.append(f"{where}: place {e['place']!r} does not match place_span {ps}")
    return problems


def row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main() -> int:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / "gold").glob("*.json"))]
    problems = [p for g in golds for p in verify(g)]
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    by_split = {s: [g for g in golds if g["split"] == s] for s in SPLITS}

    print(row(["split", "articles", "events", "asserted", "negated", "hypothetical", "future",
               "reported_by", "symmetric", "actor null", "target null", "with date", "with place"]))
    print(row(["---"] * 13))
    total = Counter()
    for s in SPLITS:
        evs = [e for g in by_split[s] for e in g["events"]]
        c = Counter(e["modality"] for e in evs)
        cells = [len(by_split[s]), len(evs), c["asserted"], c["negated"], c["hypothetical"], c["future"],
                 sum(e["reported_by"] is not None for e in evs), sum(e["symmetric"] for e in evs),
                 sum(e["actor"] is None for e in evs), sum(e["target"] is None for e in evs),
                 sum(e["date"] is not None for e in evs), sum(e["place"] is not None for e in evs)]
        print(row([s] + cells))
        for k, v in enumerate(cells):
            total[k] += v
    print(row(["total"] + [total[k] for k in range(12)]))

    print()
    print(row(["PLOVER type"] + list(SPLITS) + ["total"]))
    print(row(["---"] * (len(SPLITS) + 2)))
    counts = {s: Counter(e["type"] for g in by_split[s] for e in g["events"]) for s in SPLITS}
    for t in TYPES:
        n = [counts[s][t] for s in SPLITS]
        print(row([t] + n + [sum(n)]))
    print(row(["all"] + [sum(counts[s].values()) for s in SPLITS] + [sum(sum(c.values()) for c in counts.values())]))

    print()
    print(row(["file", "split", "events"]))
    print(row(["---"] * 3))
    for g in golds:
        print(row([Path(g["file"].split(":", 1)[-1]).stem, g["split"], len(g["events"])]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
