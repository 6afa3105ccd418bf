"""Score events against the gold in tests/eval/events/gold (see its README).

    python tests/eval/score_events.py [--errors dev] [--confusion dev]

A system event matches a gold event when their triggers overlap (one to one, the same PLOVER type
preferred, then the larger overlap). Over the splits:
  event_p/r/f1   detection by trigger overlap, whatever the type
  typed_p/r/f1   the same, counting a match only when the PLOVER types are equal
  type_acc       of the matched pairs, the share with the gold PLOVER type; root_acc: the same for the
                 CAMEO root (first two digits)
  actor_acc      of the matched pairs, the share whose actor is right (the system entity has a mention
                 overlapping the gold actor span, or both are null); target_acc likewise; for a
                 symmetric pair, actor and target may be swapped
  modality_acc   of the matched pairs, the share with the gold modality
  false_asserted of the matched pairs whose gold modality is not asserted, the share the system
                 asserts: unrealised events counted as real, the error GDELT makes (lower is better)
  date_acc       of the matched pairs whose gold has a date, the share with that date
  reported_acc   of the matched pairs whose gold has reported_by, the share whose reported_by names it
`--confusion SPLIT` prints the per-type table: gold type by system type over matched pairs, with the
missed (gold only) and false (system only) events of each type.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gold import SHARED, Counts, f1, label, ratio, tally_split  # noqa: E402,F401  (SHARED: the tests ask it whether ../shared is here)

GOLD = HERE / "events" / "gold"


@dataclass
class Tally(Counts):
    gold: int = 0
    system: int = 0
    matched: int = 0
    typed: int = 0
    roots: int = 0
    actors: int = 0
    targets: int = 0
    modalities: int = 0
    unrealised: int = 0
    unrealised_asserted: int = 0
    dated: int = 0
    dates: int = 0
    reported: int = 0
    reported_right: int = 0
    confusion: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    def figures(self) -> dict:
        p, r = ratio(self.matched, self.system), ratio(self.matched, self.gold)
        tp, tr = ratio(self.typed, self.system), ratio(self.typed, self.gold)
        return {"event_p": p, "event_r": r, "event_f1": f1(p, r),
                "typed_p": tp, "typed_r": tr, "typed_f1": f1(tp, tr),
                "type_acc": ratio(self.typed, self.matched), "root_acc": ratio(self.roots, self.matched),
                "actor_acc": ratio(self.actors, self.matched), "target_acc": ratio(self.targets, self.matched),
                "modality_acc": ratio(self.modalities, self.matched),
                "false_asserted": ratio(self.unrealised_asserted, self.unrealised),
                "date_acc": ratio(self.dates, self.dated), "reported_acc": ratio(self.reported_right, self.reported)}

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("gold", "system", "matched", "unrealised", "dated", "reported")}



def _overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _names(entity: dict | None, span) -> bool:
    """The system's entity has a mention overlapping the gold span (both null: right)."""
    if span is None:
        return entity is None
    return entity is not None and any(_overlap((m["start"], m["end"]), span) for m in entity["mentions"])


def score_document(gold: dict, document: dict) -> Tally:
    tally = Tally()
    name = label(gold)
    quiet = gold["split"] == "seed" or gold["file"].startswith("shared:")
    text = document["article"]["text"]
    entities = {e["id"]: e for e in document["entities"]}
    system = document["events"]
    golds = gold["events"]
    tally.gold, tally.system = len(golds), len(system)

    def show(span):
        return "-" if span is None else (f"@{span[0]}" if quiet else f"{text[span[0]:span[1]]!r}@{span[0]}")

    trig = lambda e: (e["trigger"]["start"], e["trigger"]["end"])  # noqa: E731
    pairs = sorted(((g["type"] == s["type"], _overlap(tuple(g["trigger"]), trig(s)), i, j)
                    for i, g in enumerate(golds) for j, s in enumerate(system)), reverse=True)
    match: dict[int, int] = {}
    for _same, size, i, j in pairs:
        if size and i not in match and j not in match.values():
            match[i] = j
    tally.matched = len(match)
    for i, g in enumerate(golds):
        if i not in match:
            tally.confusion[(g["type"], "(missed)")] += 1
            tally.errors.append(f"{name}: missed {g['type']} {show(tuple(g['trigger']))} "
                                f"actor {show(g['actor'])} target {show(g['target'])}")
            continue
        s = system[match[i]]
        tally.confusion[(g["type"], s["type"])] += 1
        tally.typed += g["type"] == s["type"]
        tally.roots += g["cameo"][:2] == s["cameo"][:2]
        actor, target = entities.get(s["actor"]), entities.get(s["target"])
        straight = _names(actor, g["actor"]) and _names(target, g["target"])
        swapped = (g.get("symmetric") or s["symmetric"]) and _names(actor, g["target"]) and _names(target, g["actor"])
        tally.actors += _names(actor, g["actor"]) or bool(swapped)
        tally.targets += _names(target, g["target"]) or bool(swapped)
        tally.modalities += g["modality"] == s["modality"]
        if g["modality"] != "asserted":
            tally.unrealised += 1
            tally.unrealised_asserted += s["modality"] == "asserted"
        if g.get("date"):
            tally.dated += 1
            tally.dates += s["date"] == g["date"]
        if g.get("reported_by"):
            tally.reported += 1
            rb = s.get("reported_by") or {}
            right = _names(entities.get(rb.get("entity")), g["reported_by"]) or (
                rb.get("text") and _overlap_words(rb["text"], text[g["reported_by"][0]:g["reported_by"][1]]))
            tally.reported_right += bool(right)
        wrong = [k for k, ok in (("type", g["type"] == s["type"]), ("actor/target", straight or swapped),
                                 ("modality", g["modality"] == s["modality"])) if not ok]
        if wrong:
            tally.errors.append(
                f"{name}: {', '.join(wrong)} at {show(tuple(g['trigger']))}: gold {g['type']} {g['modality']} "
                f"{show(g['actor'])} -> {show(g['target'])}; system {s['type']} {s['cameo']} {s['modality']} "
                f"{(actor or {}).get('name')} -> {(target or {}).get('name')}")
    for j, s in enumerate(system):
        if j not in match.values():
            tally.confusion[("(false)", s["type"])] += 1
            tally.errors.append(f"{name}: false {s['type']} {s['cameo']} {show(trig(s))} "
                                f"{(entities.get(s['actor']) or {}).get('name')} -> "
                                f"{(entities.get(s['target']) or {}).get('name')}")
    return tally


def _overlap_words(a: str, b: str) -> bool:
    stop = {"the", "a", "an", "of", "mr", "mr.", "ms", "ms."}
    return bool({w.lower() for w in a.split()} - stop & {w.lower() for w in b.split()} - stop)


def score_split(split: str, pipeline=None) -> Tally:
    return tally_split(GOLD, split, score_document, Tally(), pipeline)


def score(split: str, pipeline=None) -> dict:
    tally = score_split(split, pipeline)
    return {**tally.figures(), **tally.counts()}


def confusion_table(tally: Tally) -> str:
    types = sorted({g for g, _ in tally.confusion} | {s for _, s in tally.confusion})
    cols = [t for t in types if t != "(false)"]
    rows = [t for t in types if t != "(missed)"]
    width = max(len(t) for t in types) + 1
    lines = ["gold \\ system".ljust(width) + "".join(c[:8].rjust(9) for c in cols)]
    for r in rows:
        lines.append(r.ljust(width) + "".join(str(tally.confusion.get((r, c), "") or ".").rjust(9) for c in cols))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", default="dev", help="split whose errors to list (dev, heldout, seed, none)")
    parser.add_argument("--confusion", default=None, help="split whose per-type confusion table to print")
    args = parser.parse_args()
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    for split in ("dev", "heldout", "seed"):
        tally = score_split(split, pipeline)
        print(f"{split:8} " + " ".join(f"{k}={v:.3f}" for k, v in tally.figures().items())
              + " (" + " ".join(f"{k}={v}" for k, v in tally.counts().items()) + ")")
        if split == args.errors:
            print("\n".join("   " + e for e in tally.errors), file=sys.stderr)
        if split == args.confusion:
            print(confusion_table(tally))


if __name__ == "__main__":
    main()
