"""External check of event coding: the PETRARCH-2 validation records (../shared/eval/petr2_gsr).

    python tests/eval/score_petr2_events.py [--errors]

Each record is a news sentence with the CAMEO codings PETRARCH-2 should give it (event code, source and
target actor codes), or `noevents`. Over the sentences with codings:
  root_recall     the share where some newsgraph event has a gold coding's root code (first two digits)
  root_precision  the share of newsgraph events whose root is the root of one of the sentence's codings
  source_acc      of the gold codings whose source names a country, the share for which some event of
                  the same root has an actor of that country (target_acc: the same for targets)
Over the no-event sentences: no_event_acc, the share where newsgraph finds no event.
All modalities count: PETRARCH codes what a sentence says, not whether it happened.
No text of the records is stored in the project; they are read from ../shared at run time.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
XML = HERE.parents[1].parent / "shared" / "eval" / "petr2_gsr" / "PETR2_GSR_validation.xml"
RECORD = re.compile(r'<Sentence [^>]*id="([^"]+)"[^>]*/>(.*?)<Text>\s*(.*?)\s*</Text>', re.S)
CODING = re.compile(r'<EventCoding ([^>]*)/>')
FIELD = re.compile(r'(\w+)="([^"]*)"')


def records(path: Path = XML):
    """(id, text, codings as dicts, whether the record says there is no event)."""
    for rid, block, text in RECORD.findall(path.read_text(encoding="utf-8")):
        codings = [dict(FIELD.findall(c)) for c in CODING.findall(block)]
        none = any(c.get("noevents") == "True" for c in codings)
        yield rid, " ".join(text.split()), [c for c in codings if "eventcode" in c], none


def country(code: str, lexicon) -> str | None:
    head = code[:3]
    return head if lexicon.country(head) else None


def score(pipeline=None, errors: list | None = None) -> dict:
    from newsgraph.nlp.lexicon import Lexicon
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import Article, content_id

    pipeline = pipeline or Pipeline()
    lexicon = Lexicon.load()
    coded = hit = predicted = agreeing = quiet = silent = 0
    sources = sources_right = targets = targets_right = 0
    for rid, text, codings, none in records():
        article = Article(id=content_id(text), raw=text, text=text)
        (result,) = list(pipeline.run([article]))
        country_of = {e.id: e.country for e in result.entities}
        events = result.events
        if none or not codings:
            quiet += 1
            silent += not events
            if events and errors is not None:
                errors.append(f"{rid}: no event expected, found {[(e.cameo, e.trigger.text) for e in events]}")
            continue
        coded += 1
        roots = {c["eventcode"][:2] for c in codings}
        found = {e.cameo[:2] for e in events}
        hit += bool(roots & found)
        predicted += len(events)
        agreeing += sum(e.cameo[:2] in roots for e in events)
        if errors is not None and not roots & found:
            errors.append(f"{rid}: expected {sorted(roots)}, found {[(e.cameo, e.trigger.text) for e in events]}")
        for c in codings:
            same = [e for e in events if e.cameo[:2] == c["eventcode"][:2]]
            if (want := country(c.get("sourcecode", ""), lexicon)):
                sources += 1
                sources_right += any(country_of.get(e.actor) == want for e in same)
            if (want := country(c.get("targetcode", ""), lexicon)):
                targets += 1
                targets_right += any(country_of.get(e.target) == want for e in same)

    def ratio(a, b):
        return a / b if b else 0.0
    return {"coded_sentences": coded, "no_event_sentences": quiet,
            "root_recall": ratio(hit, coded), "root_precision": ratio(agreeing, predicted),
            "no_event_acc": ratio(silent, quiet),
            "source_acc": ratio(sources_right, sources), "target_acc": ratio(targets_right, targets)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the sentences coded wrong (to the terminal)")
    args = parser.parse_args()
    errors: list | None = [] if args.errors else None
    figures = score(errors=errors)
    print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()))
    if errors:
        print("\n".join(errors), file=sys.stderr)


if __name__ == "__main__":
    main()
