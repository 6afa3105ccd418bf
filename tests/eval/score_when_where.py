"""Score dates and places against the gold in tests/eval/when_where/gold (see its README).

    python tests/eval/score_when_where.py [--errors dev]

Dates: a gold time is found when a system time overlaps it, and right when the values are equal;
date accuracy = right / gold (durations, times of day and vague expressions, kept in the gold with a
null value, are skipped).
Places: a gold place is found when a system place belongs to an entity with a mention overlapping one
of the gold place's mentions in a place reading, and right when it is within 161 km of the gold point
(for a country, when the country codes are equal; regions with a nominal point are skipped).
share_161km = right / gold places.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gold import SHARED, Counts, documents  # noqa: E402,F401  (SHARED: the tests ask it whether ../shared is here)

GOLD = HERE / "when_where" / "gold"
KM = 161.0


@dataclass
class Tally(Counts):
    times: int = 0
    times_found: int = 0
    times_right: int = 0
    system_times: int = 0
    system_times_matched: int = 0
    places: int = 0
    places_found: int = 0
    places_right: int = 0
    errors: list = field(default_factory=list)

    def figures(self) -> dict:
        def ratio(a, b):
            return a / b if b else 0.0
        return {"date_accuracy": ratio(self.times_right, self.times),
                "dates_found": ratio(self.times_found, self.times),
                "date_precision": ratio(self.system_times_matched, self.system_times),
                "share_161km": ratio(self.places_right, self.places),
                "places_found": ratio(self.places_found, self.places)}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_document(gold: dict, document: dict) -> Tally:
    from newsgraph.nlp.gazetteer import distance_km

    tally = Tally()
    label = gold["file"].rsplit("/", 1)[-1]
    quiet = gold["split"] == "seed"   # no text of the seed in messages
    system_times = document["times"]
    tally.system_times = len(system_times)
    gold_times = [t for t in gold.get("times", []) if t.get("value") and t.get("kind") != "duration"]
    matched = set()
    for t in gold_times:
        tally.times += 1
        hits = [s for s in system_times if _overlaps((s["start"], s["end"]), (t["start"], t["end"]))]
        if not hits:
            if not quiet:
                tally.errors.append(f"{label}: missed time {t['text']!r}@{t['start']} ({t['value']})")
            continue
        tally.times_found += 1
        matched.update(id(h) for h in hits)
        if any(h["value"] == t["value"] for h in hits):
            tally.times_right += 1
        elif not quiet:
            tally.errors.append(f"{label}: time {t['text']!r}@{t['start']} gold {t['value']} "
                                f"system {[h['value'] for h in hits]}")
    tally.system_times_matched = sum(1 for s in system_times if id(s) in matched)

    entities = {e["id"]: e for e in document["entities"]}
    for place in gold.get("places", []):
        readings = place.get("readings") or ["place"] * len(place["mentions"])
        mentions = [(m[0], m[1]) for m, r in zip(place["mentions"], readings) if r == "place"]
        if not mentions or place.get("point") == "nominal":
            continue   # only acting (government readings), or a region with no meaningful point
        tally.places += 1
        found = None
        for p in document["places"]:
            entity = entities.get(p.get("entity"))
            if entity and any(_overlaps((m["start"], m["end"]), g) for m in entity["mentions"] for g in mentions):
                found = p
                break
        if found is None:
            if not quiet:
                tally.errors.append(f"{label}: missed place {place.get('name')!r}")
            continue
        tally.places_found += 1
        if place.get("kind") == "country":
            right = found["country"] == place.get("country")
        else:
            right = found["lat"] is not None and distance_km((place["lat"], place["lon"]),
                                                             (found["lat"], found["lon"])) <= KM
        if right:
            tally.places_right += 1
        elif not quiet:
            tally.errors.append(f"{label}: place {place.get('name')!r} gold {place.get('country')} "
                                f"({place.get('lat')}, {place.get('lon')}) system {found['name']!r} "
                                f"{found['country']} ({found['lat']}, {found['lon']})")
    return tally


def score(split: str, pipeline=None) -> Tally:
    total = Tally()
    for gold, _path, document in documents(GOLD, split, pipeline):
        total.add(score_document(gold, document))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", default="dev", help="split whose errors to list (dev, heldout, none)")
    args = parser.parse_args()
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    for split in ("dev", "heldout", "seed"):
        tally = score(split, pipeline)
        print(f"{split:8} " + " ".join(f"{k}={v:.3f}" for k, v in tally.figures().items())
              + f" (times={tally.times} places={tally.places})")
        if split == args.errors:
            print("\n".join("   " + e for e in tally.errors), file=sys.stderr)


if __name__ == "__main__":
    main()
