"""What each sentence inherits: the place and the date in force, and where each came from.

An event that names no place or date of its own takes the sentence's, and says so (`place_source`:
text, sentence or dateline; `date_source`: text, sentence or published), so that `Washington expressed
concern` in a story datelined Moscow is not placed in Moscow as if the text said so.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from newsgraph.nlp.places import PLACE_TYPES
from newsgraph.records import Article, Entity, Place, TimeExpr


def sentence_places(doc: Doc, places: list[Place], entities: tuple[Entity, ...],
                    dateline: str | None) -> Iterator[tuple[int, int, str | None, str | None]]:
    """For every sentence, (start, end, place id, source): the last place the sentence names in a place
    reading (`text`), else the one in force from the sentences before (`sentence`), else the dateline's
    (`dateline`). Events that name no place of their own inherit it, and say from where."""
    place_of = {p.entity: p.id for p in places if p.entity}
    starts = sorted((m.start, place_of[e.id]) for e in entities if e.type in PLACE_TYPES and e.id in place_of
                    for m in e.mentions)
    dateline_id = next((p.id for p in places if dateline and p.name == dateline), None)
    return _in_force(doc, starts, dateline_id, "dateline" if dateline_id else None)


def sentence_dates(doc: Doc, times: tuple[TimeExpr, ...], article: Article
                   ) -> Iterator[tuple[int, int, str | None, str | None]]:
    """For every sentence, (start, end, date, source): the last day-level date the sentence names
    (`text`), else the one in force from the sentences before (`sentence`), else the publication date
    (`published`)."""
    days = sorted((t.start, t.value) for t in times if t.value and t.granularity == "day")
    published = (article.published or "")[:10] or None
    return _in_force(doc, days, published, "published" if published else None)


def _in_force(doc: Doc, marks: list[tuple[int, str]], first: str | None, first_source: str | None
              ) -> Iterator[tuple[int, int, str | None, str | None]]:
    """Walk the sentences: the last mark inside a sentence is its own (`text`) and stays in force for
    the sentences after it (`sentence`); before any, `first` holds, with its own source."""
    current, source = first, first_source
    i = 0
    for sent in doc.sents:
        named = None
        while i < len(marks) and marks[i][0] < sent.end_char:
            if marks[i][0] >= sent.start_char:
                named = marks[i][1]
            i += 1
        if named:
            current, source = named, "text"
            yield sent.start_char, sent.end_char, named, "text"
        else:
            yield sent.start_char, sent.end_char, current, "sentence" if source == "text" else source
