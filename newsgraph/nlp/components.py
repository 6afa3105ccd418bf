"""Thin spaCy components. The rules live in plain functions so they can be tested on hand-built Docs."""
from __future__ import annotations

from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# Entity labels that name something (the others are numbers, dates and amounts).
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Prof.", "Messrs."})
QUOTE_MARKS = frozenset('"“”„«»‘’\'')
# Lower-case links inside hyphenated place names: Komsomolsk-on-Amur, Stratford-upon-Avon, Frankfurt-am-Main.
PLACE_LINKS = frozenset({"on", "upon", "am", "an", "sur", "en", "le", "la", "de", "na", "nad", "pod", "in", "by"})


@Language.component("newsgraph_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    set_line_break_sentences(doc)
    return doc


@Language.component("newsgraph_entity_repairs")
def entity_repairs(doc: Doc) -> Doc:
    doc.ents = repair_entities(doc)
    return doc


def set_line_break_sentences(doc: Doc) -> None:
    """A new line starts a new sentence, so a sub-heading is not glued to the paragraph below it.

    News text comes one paragraph a line; a line that goes on in lower case is taken as hard-wrapped
    prose and left to the parser."""
    after_break = False
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                after_break = True
            continue
        if after_break and token.i > 0 and not token.text[:1].islower():
            token.is_sent_start = True
        after_break = "\n" in token.whitespace_


def repair_entities(doc: Doc) -> list[Span]:
    """The model's entities with its regular mistakes mended (DESIGN.md §1):

    trims a lower-case `the` and stray quote marks from the edges, cuts at an unbalanced quote mark
    (`BM-21 “Grad`), takes a preceding honorific into a PERSON (`Mr. Kim`), joins hyphenated place names
    the tokenizer split (`Komsomolsk` + `-on-Amur`), and gives the same name one label throughout the
    article when most of its mentions agree (`Vladivostok` tagged PERSON once among four GPE)."""
    spans = []
    for ent in doc.ents:
        span = _trim(ent)
        if span is None:
            continue
        if span.label_ == "PERSON":
            span = _with_honorific(_with_hyphenated_surname(span))
        span = _with_place_suffix(span)
        spans.append(span)
    spans = _consistent_labels(spans)
    return filter_spans(spans)


def _trim(span: Span) -> Span | None:
    doc, start, end = span.doc, span.start, span.end
    quotes = [t.i for t in span if t.text in QUOTE_MARKS]
    if len(quotes) % 2 == 1:  # an unbalanced mark: the name ends before it, or starts after it
        q = quotes[0]
        if q > start:
            end = q
        else:
            start = q + 1
    while start < end and (doc[start].text in QUOTE_MARKS or doc[start].is_punct or doc[start].is_space
                           or doc[start].lower_ == "the" and _article_not_name(doc[start])):
        start += 1
    while end > start and (doc[end - 1].text in QUOTE_MARKS or doc[end - 1].is_space
                           or doc[end - 1].text in ("'s", "’s", "'", "’")
                           or (doc[end - 1].is_punct and doc[end - 1].text not in ".)")):
        end -= 1
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


def _article_not_name(the) -> bool:
    """A lower-case `the` is never part of a name; a capital `The` is, in mid-sentence (`in The Hague`),
    but not where any word would be capitalised: at a sentence start or after a dateline's `)` or `—`."""
    if the.text == "the":
        return True
    return bool(the.is_sent_start) or the.i == 0 or (the.doc[the.i - 1].is_punct and the.doc[the.i - 1].text not in ",")


def _with_honorific(span: Span) -> Span:
    if span.start > 0 and span.doc[span.start - 1].text in HONORIFICS:
        return Span(span.doc, span.start - 1, span.end, label=span.label_)
    return span


def _with_hyphenated_surname(span: Span) -> Span:
    """`Phumzile Mlambo` + `-Ngcuka`: the tokenizer splits a double-barrelled name at its hyphen."""
    doc, end = span.doc, span.end
    while (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
           and not doc[end].whitespace_ and doc[end + 1].is_title):
        end += 2
    return span if end == span.end else Span(doc, span.start, end, label=span.label_)


def _with_place_suffix(span: Span) -> Span:
    """`Komsomolsk` followed, with no space, by `-on-Amur` is the place Komsomolsk-on-Amur."""
    doc, end = span.doc, span.end
    if span[-1].whitespace_:
        return span
    i = end
    while i + 1 < len(doc) and doc[i].text == "-" and not doc[i].whitespace_ and not doc[i - 1].whitespace_:
        i += 2
    tail = doc[end:i]
    words = [t.text for t in tail if t.text != "-"]
    if len(words) >= 2 and all(w in PLACE_LINKS for w in words[:-1]) and words[-1][:1].isupper():
        return Span(doc, span.start, i, label="GPE")
    return span


def _consistent_labels(spans: list[Span]) -> list[Span]:
    labels: dict[str, Counter] = defaultdict(Counter)
    for span in spans:
        if span.label_ in NAME_LABELS:
            labels[span.text].update([span.label_])
    out = []
    for span in spans:
        counts = labels.get(span.text)
        if counts and span.label_ in NAME_LABELS:
            (best, n), = counts.most_common(1)
            if best != span.label_ and n >= 2 and n * 2 > sum(counts.values()):
                span = Span(span.doc, span.start, span.end, label=best)
        out.append(span)
    return out
