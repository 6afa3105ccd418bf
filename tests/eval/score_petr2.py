"""External check of actor codes: the PETRARCH-2 validation records (../shared/eval/petr2_gsr).

    python tests/eval/score_petr2.py

Each record is a news sentence with the source and target actor codes PETRARCH-2 should give its events.
Events are a later component, so this scores the actors alone: the share of expected source/target
countries (the first three letters of a code, where they name a country: `USAGOV` -> USA, not `---REB`
or `IGO...`) that newsgraph codes on some entity of the sentence (recall), and the share of the
countries newsgraph codes on the sentence's PERSON/ORG/NORP entities and government actors that the
record expects (precision; places are left out, since a place is no party to an event).
No text of the records is stored in the project; they are read from ../shared at run time.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
XML = HERE.parents[1].parent / "shared" / "eval" / "petr2_gsr" / "PETR2_GSR_validation.xml"
RECORD = re.compile(r'<Sentence [^>]*id="([^"]+)"[^>]*/>(.*?)<Text>\s*(.*?)\s*</Text>', re.S)
CODING = re.compile(r'<EventCoding [^>]*sourcecode="([^"]*)"[^>]*targetcode="([^"]*)"')
PARTIES = {"PERSON", "ORG", "NORP"}


def records(path: Path = XML):
    for rid, codings, text in RECORD.findall(path.read_text(encoding="utf-8")):
        codes = {c for pair in CODING.findall(codings) for c in pair}
        yield rid, " ".join(text.split()), codes


def country(code: str, lexicon) -> str | None:
    head = code[:3]
    return head if lexicon.country(head) else None


def score(pipeline=None) -> dict:
    from newsgraph.nlp.lexicon import Lexicon
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import Article, content_id

    pipeline = pipeline or Pipeline()
    lexicon = Lexicon.load()
    found = expected = agree = coded = sentences = 0
    for _rid, text, codes in records():
        want = {c for code in codes if (c := country(code, lexicon))}
        if not want:
            continue
        sentences += 1
        article = Article(id=content_id(text), raw=text, text=text)
        (result,) = list(pipeline.run([article]))
        every = {e.country for e in result.entities if e.country}
        parties = {e.country for e in result.entities if e.country and (e.type in PARTIES)}
        expected += len(want)
        found += len(want & every)
        coded += len(parties)
        agree += len(parties & want)
    recall = found / expected if expected else 0.0
    precision = agree / coded if coded else 0.0
    return {"sentences": sentences, "expected_countries": expected, "recall": recall, "precision": precision}


if __name__ == "__main__":
    if not XML.exists():
        sys.exit(f"{XML} not found")
    print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in score().items()))
