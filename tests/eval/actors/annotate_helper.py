"""Turn an actor-annotation spec into a gold JSON file with character offsets.

Usage (from the repository root, with the project installed):
    python tests/eval/actors/annotate_helper.py tests/eval/actors/specs/*.spec --out tests/eval/actors/gold
    python tests/eval/actors/annotate_helper.py SPEC --report     # also list uncovered capitalised words

A spec is a small text file written by a human annotator (this script holds no
article text).  Layout, one item a line, '#' starts a comment:

    file: examples/05-black-sea-grain-deal.txt     (or shared:corpus/seed/...)
    split: dev
    published: 2023-09-16                          (only when the file has no sidecar date)
    anonymous: yes                                 (news text: store offsets only, no names)
    = erdogan | Recep Tayyip Erdoğan | PERSON | TUR | GOV | TURGOV | president
    = rus_gov | Russia (government) | GPE | RUS | GOV | RUSGOV | -
    ...
    Russia @rus_gov
    Recep Tayyip Erdoğan @erdogan
    Ukraine's infrastructure minister @kubrakov nom
    Ukraine @ukr
    Dolmabahçe Palace !

Entity lines: id | name | type | country | sector | cameo | role ('-' = null).
Mention lines are in reading order: TEXT @ID [nom].  Each one is matched to the
next whole-word occurrence of TEXT at or after the previous mention's start
that is not already annotated, so nested mentions are listed outer first.
'TEXT !' consumes the next occurrence without annotating it (it only silences
the 'unannotated occurrence' warning).  'nom' marks a nominal mention (a
description such as 'infrastructure minister'); others are names (NAM).
A '#' at the start of a line, or after a space, starts a comment.
Nested names inside a name are refused: list 'NAME !' after the outer name to
consume them.  The seed article's spec is kept outside the repository (its
mention texts are news text); only its offsets are stored.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from newsgraph.ingest import read_articles
from newsgraph.settings import Settings

# this file sits at <repo>/tests/eval/actors/; ../shared is beside the repo (see shared/README.md)
MAIN = Path(__file__).resolve().parents[3]
SHARED = MAIN.parent / "shared"


def resolve(file_field: str) -> Path:
    if file_field.startswith("shared:"):
        return SHARED / file_field[len("shared:"):]
    return MAIN / file_field


def is_word_char(ch: str) -> bool:
    return ch.isalnum()


def occurrences(text: str, needle: str):
    start = 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return
        j = i + len(needle)
        left_ok = i == 0 or not is_word_char(text[i - 1]) or not is_word_char(needle[0])
        right_ok = j == len(text) or not is_word_char(text[j]) or not is_word_char(needle[-1])
        if left_ok and right_ok:
            yield i, j
        start = i + 1


def parse_spec(path: Path):
    meta, entities, items = {}, [], []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if line.startswith("= "):
            parts = [p.strip() for p in line[2:].split("|")]
            if len(parts) != 7:
                sys.exit(f"{path}:{lineno}: entity line needs 7 fields")
            eid, name, typ, country, sector, cameo, role = [None if p == "-" else p for p in parts]
            entities.append(dict(id=eid, name=name, type=typ, country=country, sector=sector,
                                 cameo_code=cameo, role=role))
            continue
        m = re.match(r"^(file|split|published|anonymous):\s*(.+)$", line)
        if m:
            meta[m.group(1)] = m.group(2).strip()
            continue
        m = re.match(r"^(.+?) @(\S+)(?: (nom))?$", line)
        if m:
            items.append((lineno, m.group(1), m.group(2), "NOM" if m.group(3) else "NAM"))
            continue
        m = re.match(r"^(.+?) !$", line)
        if m:
            items.append((lineno, m.group(1), None, None))
            continue
        sys.exit(f"{path}:{lineno}: cannot parse: {raw!r}")
    return meta, entities, items


def build(spec: Path, report: bool):
    meta, entities, items = parse_spec(spec)
    src = resolve(meta["file"])
    settings = Settings(published=meta["published"]) if "published" in meta else Settings()
    (article,) = list(read_articles([str(src)], settings))
    text = article.text
    by_id = {e["id"]: e for e in entities}
    for e in entities:
        e["mentions"], e["kinds"] = [], []
    taken: dict[tuple[int, int], str] = {}
    ignored: list[tuple[int, int]] = []
    cursor = 0
    problems = []
    for lineno, needle, eid, kind in items:
        found = None
        for s, t in occurrences(text, needle):
            if s < cursor or (s, t) in taken or (s, t) in ignored:
                continue
            found = (s, t)
            break
        if found is None:
            problems.append(f"{spec.name}:{lineno}: {needle!r} not found after offset {cursor}")
            continue
        cursor = found[0]
        if eid is None:
            ignored.append(found)
            continue
        if eid not in by_id:
            problems.append(f"{spec.name}:{lineno}: unknown entity {eid}")
            continue
        taken[found] = eid
        by_id[eid]["mentions"].append(found)
        by_id[eid]["kinds"].append(kind)
    # names nested inside names are not annotated (only inside nominal mentions)
    kinds = {}
    for e in entities:
        for span, kind in zip(e["mentions"], e["kinds"]):
            kinds[span] = kind
    for a in kinds:
        for b in kinds:
            if a != b and b[0] <= a[0] and a[1] <= b[1] and kinds[b] == "NAM":
                problems.append(f"{spec.name}: mention {text[a[0]:a[1]]!r} at {a[0]} nested in name {text[b[0]:b[1]]!r}")
    # warnings: unannotated occurrences of any annotated string
    nam_spans = [span for span, eid in taken.items()]
    for needle in sorted({n for _, n, e, _ in items if e}):
        for s, t in occurrences(text, needle):
            if (s, t) in taken:
                continue
            if any(a <= s and t <= b for a, b in ignored):
                continue
            inside = [span for span in nam_spans if span[0] <= s and t <= span[1] and span != (s, t)]
            if inside:
                continue
            ctx = text[max(0, s - 40):t + 40].replace("\n", " ")
            problems.append(f"{spec.name}: unannotated {needle!r} at {s}: ...{ctx}...")
    if report:
        covered = [False] * len(text)
        for a, b in list(taken) + ignored:
            for k in range(a, b):
                covered[k] = True
        for m in re.finditer(r"\b[A-Z][\w'’.-]*", text):
            if not any(covered[m.start():m.end()]):
                line_start = text.rfind("\n", 0, m.start()) + 1
                sent_start = m.start() == line_start or text[max(0, m.start() - 2):m.start()] in (". ", "“", '"')
                print(f"  uncovered{' (sentence start)' if sent_start else ''}: {m.group()!r} at {m.start()}")
    anonymous = meta.get("anonymous") == "yes"
    out_entities = []
    for e in entities:
        order = sorted(range(len(e["mentions"])), key=lambda k: e["mentions"][k])
        spans = [e["mentions"][k] for k in order]
        kinds = [e["kinds"][k] for k in order]
        if not spans:
            problems.append(f"{spec.name}: entity {e['id']} has no mention")
        rec = {
            "id": e["id"],
            "name": None if anonymous else e["name"],
            "type": e["type"],
            "country": e["country"],
            "sector": e["sector"],
            "cameo_code": e["cameo_code"],
            "role": e["role"],
            "named": "NAM" in kinds,
            "mentions": [[s, t] if anonymous else [s, t, text[s:t]] for s, t in spans],
            "mention_kinds": kinds,
        }
        out_entities.append(rec)
    out_entities.sort(key=lambda r: r["mentions"][0][0] if r["mentions"] else 10**9)
    doc = {
        "file": meta["file"],
        "article_id": article.id,
        "published": str(article.published)[:10] if article.published else meta.get("published"),
        "split": meta["split"],
        "entities": out_entities,
    }
    return doc, problems


def dumps(doc) -> str:
    """JSON with one entity header per line and one mention per line (diff-friendly)."""
    head = {k: v for k, v in doc.items() if k != "entities"}
    lines = ["{" + json.dumps(head, ensure_ascii=False)[1:-1] + ',', ' "entities": [']
    for n, e in enumerate(doc["entities"]):
        fields = {k: v for k, v in e.items() if k not in ("mentions", "mention_kinds")}
        lines.append("  {" + json.dumps(fields, ensure_ascii=False)[1:-1] + ",")
        lines.append('   "mention_kinds": ' + json.dumps(e["mention_kinds"]) + ",")
        lines.append('   "mentions": [')
        ms = [json.dumps(m, ensure_ascii=False) for m in e["mentions"]]
        lines.extend("    " + m + ("," if i < len(ms) - 1 else "") for i, m in enumerate(ms))
        lines.append("  ]}" + ("," if n < len(doc["entities"]) - 1 else ""))
    lines.append(" ]}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == doc
    return text


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("specs", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args(argv)
    status = 0
    for spec in map(Path, args.specs):
        print(f"== {spec}")
        doc, problems = build(spec, args.report)
        for p in problems:
            print("  PROBLEM", p)
        status |= bool(problems)
        n_m = sum(len(e["mentions"]) for e in doc["entities"])
        print(f"  {len(doc['entities'])} entities, {n_m} mentions")
        if args.out:
            slug = Path(doc["file"].split(":")[-1]).stem
            out = Path(args.out) / f"{slug}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(dumps(doc), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
