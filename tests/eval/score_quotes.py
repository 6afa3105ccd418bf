"""Score quotations and attributions against the gold in tests/eval/quotes/gold (see its README).

    python tests/eval/score_quotes.py [--errors dev]

Quotes (gold kinds direct and partial): a gold quote is found when a system quote overlaps it.
Precision counts a system quote as right when it overlaps a gold direct/partial quote; one that
overlaps only a gold `scare`/`name` item is wrong if it names a speaker, and not counted otherwise
(the guidelines: quoted words with no speech around them are not quotes, but marking them is no
error). The strict variant needs the same boundaries once whitespace, punctuation and quotation
marks are trimmed from both ends. System quotes of kind `indirect` are left out: the gold holds
unquoted reported speech as attributions.
Speaker, cue and reported_by accuracy are over the found gold quotes, judged on the system quote
overlapping most. A speaker is right when the system's speaker entity has a mention overlapping the
gold speaker span or, with no entity, its speaker_text shares a content word with the gold span's
text; a gold speaker of null is right only against a null one. A cue is right when the spans overlap
or both are null.
Attributions: claim-span overlap P/R/F1, one-to-one, greedy by overlap size; a gold claim whose words
are all inside quotation marks is left out (the issue's rule: such speech makes a quote only); source accuracy over the
matched gold attributions (entity mention overlapping the gold source or its `source_refers_to`, or
source_text sharing a content word with either).

The error listing goes to the terminal with the quoted text, including ../shared texts: fine on a
screen, but never redirect it into a file in the project.
"""
from __future__ import annotations

import argparse
import re
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gold import SHARED, Counts, f1, label, ratio, tally_split  # noqa: E402,F401  (SHARED: the tests ask it whether ../shared is here)

GOLD = HERE / "quotes" / "gold"
QUOTED = {"direct", "partial"}   # gold kinds that count as quotes; scare and name do not
# Trimmed from span ends before a strict comparison: the guidelines leave `, . ; :` and the marks out
# and keep `? !`; a system may do otherwise, and neither choice is an error.
TRIM = string.whitespace + string.punctuation + "\u201c\u201d\u2018\u2019\u201e\u201f\u00ab\u00bb\u2039\u203a\u2014\u2013\u2026"
# Not content: determiners and honorifics (the gold stores names without them) and glue words.
NOT_CONTENT = {"the", "a", "an", "this", "that", "these", "those", "one", "its", "his", "her", "their",
               "mr", "ms", "mrs", "dr", "mme", "sir", "prof", "of", "and", "s"}


@dataclass
class Tally(Counts):
    gold_quotes: int = 0
    quotes_found: int = 0
    quotes_found_strict: int = 0
    system_quotes: int = 0
    system_quotes_right: int = 0
    system_quotes_right_strict: int = 0
    speakers: int = 0
    speakers_right: int = 0
    cues: int = 0
    cues_right: int = 0
    reported_by: int = 0
    reported_by_right: int = 0
    gold_attributions: int = 0
    quote_only_attributions: int = 0     # gold attributions left out: their claim is all quoted
    system_attributions: int = 0
    attributions_matched: int = 0
    sources_right: int = 0
    errors: list = field(default_factory=list)

    def figures(self) -> dict:
        p, r = ratio(self.system_quotes_right, self.system_quotes), ratio(self.quotes_found, self.gold_quotes)
        sp = ratio(self.system_quotes_right_strict, self.system_quotes)
        sr = ratio(self.quotes_found_strict, self.gold_quotes)
        ap = ratio(self.attributions_matched, self.system_attributions)
        ar = ratio(self.attributions_matched, self.gold_attributions)
        return {"quote_p": p, "quote_r": r, "quote_f1": f1(p, r),
                "strict_p": sp, "strict_r": sr, "strict_f1": f1(sp, sr),
                "speaker_acc": ratio(self.speakers_right, self.speakers),
                "cue_acc": ratio(self.cues_right, self.cues),
                "reported_by_acc": ratio(self.reported_by_right, self.reported_by),
                "attribution_p": ap, "attribution_r": ar, "attribution_f1": f1(ap, ar),
                "source_acc": ratio(self.sources_right, self.attributions_matched)}

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("gold_quotes", "system_quotes", "speakers", "reported_by",
                                               "gold_attributions", "quote_only_attributions",
                                               "system_attributions")}



def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    """Characters two spans share (0 when either is missing)."""
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _span(node) -> tuple[int, int] | None:
    """A system {start, end, ...} or a gold [start, end] as a pair."""
    if node is None:
        return None
    return (node["start"], node["end"]) if isinstance(node, dict) else (node[0], node[1])


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", (text or "").lower()) if w not in NOT_CONTENT}


def _entity_hits(entity: dict | None, spans: list) -> bool:
    return entity is not None and any(_overlap(_span(m), s) for m in entity["mentions"] for s in spans)


def _shares_word(system_text: str | None, text: str, spans: list) -> bool:
    return bool(_words(system_text) & set().union(*(_words(text[s[0]:s[1]]) for s in spans)))


def _same_party(entity: dict | None, system_text: str | None, text: str, spans: list) -> bool:
    """The speaker/reporter rule: judged by the entity when the system gives one, else by its words."""
    if not spans:   # the gold says nobody
        return entity is None and not system_text
    if entity is not None:
        return _entity_hits(entity, spans)
    return _shares_word(system_text, text, spans)


def scored_attributions(gold: dict, text: str) -> set[int]:
    """The indexes of the gold attributions that count: not those whose claim lies wholly inside gold
    quotations."""
    quoted = [_span(q) for q in gold["quotes"] if q["kind"] in QUOTED]
    kept = set()
    for i, a in enumerate(gold["attributions"]):
        chars = [c for c in range(*_span(a["claim"])) if text[c].isalnum()]
        if not chars or not all(any(s <= c < e for s, e in quoted) for c in chars):
            kept.add(i)
    return kept


def score_document(gold: dict, document: dict) -> Tally:
    tally = Tally()
    text = document["article"]["text"]
    name = label(gold)
    entities = {e["id"]: e for e in document["entities"]}
    show = lambda s: f"{text[s[0]:s[1]]!r}@{s[0]}" if s else "None"  # noqa: E731

    # --- quotes
    quotes = [q for q in document.get("quotes") or [] if q.get("kind") != "indirect"]
    gold_quotes = [q for q in gold["quotes"] if q["kind"] in QUOTED]
    other_gold = [_span(q) for q in gold["quotes"] if q["kind"] not in QUOTED]
    tally.gold_quotes = len(gold_quotes)
    strict_gold = {_trimmed(text, _span(q)) for q in gold_quotes}
    for q in quotes:
        span = _span(q)
        if any(_overlap(span, _span(g)) for g in gold_quotes):
            tally.system_quotes += 1
            tally.system_quotes_right += 1
            tally.system_quotes_right_strict += _trimmed(text, span) in strict_gold
        elif any(_overlap(span, s) for s in other_gold) and q.get("speaker") is None and q.get("speaker_text") is None:
            continue   # a scare-quoted term or a name marked as a quote with nobody saying it: no error
        else:
            tally.system_quotes += 1
            tally.errors.append(f"{name}: false quote {show(span)} speaker {q.get('speaker_text')!r}")

    for g in gold_quotes:
        span = _span(g)
        hits = sorted(quotes, key=lambda q: -_overlap(_span(q), span))
        if not hits or not _overlap(_span(hits[0]), span):
            tally.errors.append(f"{name}: missed quote {show(span)} ({g['kind']}, speaker {show(g['speaker'])})")
            continue
        tally.quotes_found += 1
        best = hits[0]
        if any(_trimmed(text, _span(q)) == _trimmed(text, span) for q in quotes):
            tally.quotes_found_strict += 1
        else:
            tally.errors.append(f"{name}: quote bounds {show(span)} system {show(_span(best))}")

        gold_speaker = [g["speaker"]] if g["speaker"] else []
        tally.speakers += 1
        if _same_party(entities.get(best.get("speaker")), best.get("speaker_text"), text, gold_speaker):
            tally.speakers_right += 1
        else:
            tally.errors.append(f"{name}: speaker of {show(span)} gold {show(g['speaker'])} system "
                                f"{best.get('speaker_text')!r} ({best.get('speaker')})")

        tally.cues += 1
        cue = _span(best.get("cue"))
        if (g["cue"] is None and cue is None) or _overlap(_span(g["cue"]), cue):
            tally.cues_right += 1
        else:
            tally.errors.append(f"{name}: cue of {show(span)} gold {show(g['cue'])} system {show(cue)}")

        if g.get("reported_by"):
            tally.reported_by += 1
            rb = best.get("reported_by") or {}
            if rb and _same_party(entities.get(rb.get("entity")), rb.get("text"), text, [g["reported_by"]]):
                tally.reported_by_right += 1
            else:
                tally.errors.append(f"{name}: reported_by of {show(span)} gold {show(g['reported_by'])} "
                                    f"system {rb.get('text')!r}")

    # --- attributions: one-to-one, the largest overlaps first
    system = document.get("attributions") or []
    golds = gold["attributions"]
    tally.gold_attributions, tally.system_attributions = len(golds), len(system)
    pairs = sorted(((_overlap(_span(g["claim"]), _span(s["claim"])), i, j)
                    for i, g in enumerate(golds) for j, s in enumerate(system)), reverse=True)
    match: dict[int, int] = {}
    for size, i, j in pairs:
        if size and i not in match and j not in match.values():
            match[i] = j
    # The one rule: content all inside quotation marks makes a quote and no attribution. The
    # gold also records `said that "..."` as an attribution; such items neither count as missed nor
    # make a system attribution on them wrong.
    kept = scored_attributions(gold, text)
    quote_only = {i for i, g in enumerate(golds) if i not in kept}
    tally.quote_only_attributions = len(quote_only)
    tally.gold_attributions -= len(quote_only)
    tally.system_attributions -= sum(1 for i in quote_only if i in match)
    tally.attributions_matched = len(set(match) - quote_only)
    for i, g in enumerate(golds):
        claim = _span(g["claim"])
        if i in quote_only:
            continue
        if i not in match:
            tally.errors.append(f"{name}: missed attribution {show(claim)} source {show(g['source'])}")
            continue
        s = system[match[i]]
        spans = [x for x in (g["source"], g.get("source_refers_to")) if x]
        entity = entities.get(s.get("source"))
        # Either test passes: the system may link a medium (`the ministry's website`) to the entity or not.
        if (_entity_hits(entity, spans) or _shares_word(s.get("source_text"), text, spans)
                or (not spans and entity is None and not s.get("source_text"))):
            tally.sources_right += 1
        else:
            tally.errors.append(f"{name}: source of {show(claim)} gold {show(g['source'])} "
                                f"refers to {show(g.get('source_refers_to'))} system {s.get('source_text')!r} "
                                f"({s.get('source')})")
    for j, s in enumerate(system):
        if j not in match.values():
            tally.errors.append(f"{name}: false attribution {show(_span(s['claim']))} source {s.get('source_text')!r}")
    return tally


def score_split(split: str, pipeline=None) -> Tally:
    return tally_split(GOLD, split, score_document, Tally(), pipeline)


def score(split: str, pipeline=None) -> dict:
    """Figures and counts of one split, for the tests."""
    tally = score_split(split, pipeline)
    return {**tally.figures(), **tally.counts()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", default="dev", help="split whose errors to list (dev, heldout, seed, none)")
    args = parser.parse_args()
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    for split in ("dev", "heldout", "seed"):
        tally = score_split(split, pipeline)
        print(f"{split:8} " + " ".join(f"{k}={v:.3f}" for k, v in tally.figures().items())
              + " (" + " ".join(f"{k}={v}" for k, v in tally.counts().items()) + ")")
        if split == args.errors:
            print("\n".join("   " + e for e in tally.errors), file=sys.stderr)


if __name__ == "__main__":
    main()
