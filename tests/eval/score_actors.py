"""Score actor resolution against the gold in tests/eval/actors/gold (see its README).

    python tests/eval/score_actors.py            # every split, with the errors of the dev split
    python tests/eval/score_actors.py --errors heldout

Figures, per split:
- mentions: exact-span precision/recall/F1 of PERSON, ORG, GPE and NORP mentions (system mentions of
  other types are not scored; the gold does not annotate them);
- B-cubed: clustering over the gold mentions, a gold mention the system missed counting as a singleton;
- codes: for each gold entity the system found (the system entity holding most of its mentions), the
  share with the right country, sector (primary code) and full CAMEO code.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gold import SHARED, documents  # noqa: E402,F401  (SHARED: the tests ask it whether ../shared is here)

GOLD = HERE / "actors" / "gold"
SCORED_TYPES = {"PERSON", "ORG", "GPE", "NORP"}


@dataclass
class Tally:
    tp: int = 0
    system: int = 0
    gold: int = 0
    b3_p: float = 0.0
    b3_r: float = 0.0
    b3_n: int = 0
    codes: Counter = field(default_factory=Counter)
    entities: int = 0
    found: int = 0
    errors: list = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("tp", "system", "gold", "b3_p", "b3_r", "b3_n", "entities", "found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.codes.update(other.codes)
        self.errors += other.errors

    def figures(self) -> dict:
        p = self.tp / self.system if self.system else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        bp = self.b3_p / self.b3_n if self.b3_n else 0.0
        br = self.b3_r / self.b3_n if self.b3_n else 0.0
        out = {"mention_p": p, "mention_r": r, "mention_f1": _f1(p, r), "b3_p": bp, "b3_r": br,
               "b3_f1": _f1(bp, br), "entities_found": self.found / self.entities if self.entities else 0.0}
        for key in ("country", "sector", "cameo_code"):
            out[f"{key}_acc"] = self.codes[key] / self.found if self.found else 0.0
        return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_document(gold: dict, document: dict) -> Tally:
    tally = Tally()
    gold_of: dict[tuple[int, int], str] = {}
    for entity in gold["entities"]:
        for start, end, *_ in entity["mentions"]:
            gold_of[(start, end)] = entity["id"]
    system_of: dict[tuple[int, int], str] = {}
    for entity in document["entities"]:
        if entity["type"] not in SCORED_TYPES:
            continue
        for m in entity["mentions"]:
            system_of.setdefault((m["start"], m["end"]), entity["id"])
    tally.gold, tally.system = len(gold_of), len(system_of)
    tally.tp = len(gold_of.keys() & system_of.keys())
    text = document["article"]["text"]
    if gold["split"] != "seed":
        for span in sorted(gold_of.keys() - system_of.keys())[:40]:
            tally.errors.append(f"missed {text[span[0]:span[1]]!r}@{span[0]}")
        for span in sorted(system_of.keys() - gold_of.keys())[:40]:
            tally.errors.append(f"extra  {text[span[0]:span[1]]!r}@{span[0]}")

    # B-cubed over the gold mentions; a missed mention is its own system cluster.
    gold_members = defaultdict(set)
    system_members = defaultdict(set)
    for span, gid in gold_of.items():
        gold_members[gid].add(span)
        system_members[system_of.get(span, ("missed", span))].add(span)
    for span, gid in gold_of.items():
        g = gold_members[gid]
        s = system_members[system_of.get(span, ("missed", span))]
        tally.b3_p += len(g & s) / len(s)
        tally.b3_r += len(g & s) / len(g)
        tally.b3_n += 1

    by_id = {e["id"]: e for e in document["entities"]}
    for entity in gold["entities"]:
        tally.entities += 1
        votes = Counter(system_of[(s, e)] for s, e, *_ in entity["mentions"] if (s, e) in system_of)
        if not votes:
            continue
        tally.found += 1
        found = by_id[votes.most_common(1)[0][0]]
        for key in ("country", "sector", "cameo_code"):
            want, got = entity.get(key), found.get(key)
            if key == "sector":
                want, got = (want or "")[:3] or None, (got or "")[:3] or None
            if want == got:
                tally.codes[key] += 1
            elif gold["split"] != "seed":
                tally.errors.append(f"{key}: {entity.get('name')!r} gold {want} system {got} ({found['name']!r})")
    return tally


def score(split: str, pipeline=None) -> Tally:
    """Run the pipeline on the split's articles and score them."""
    total = Tally()
    for gold, path, document in documents(GOLD, split, pipeline):
        tally = score_document(gold, document)
        tally.errors = [f"{path.stem}: {e}" for e in tally.errors]
        total.add(tally)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", default="dev", help="split whose errors to list (dev, heldout, seed, none)")
    args = parser.parse_args()
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    for split in ("dev", "heldout", "seed"):
        tally = score(split, pipeline)
        figures = " ".join(f"{k}={v:.3f}" for k, v in tally.figures().items())
        print(f"{split:8} {figures}")
        if split == args.errors:
            print("\n".join("   " + e for e in tally.errors), file=sys.stderr)


if __name__ == "__main__":
    main()
