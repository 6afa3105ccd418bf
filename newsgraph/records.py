"""The records of DESIGN.md §2: frozen, slotted dataclasses with a JSON round-trip.

The JSON shape of each record is the one fixed by `document.schema.json`; `to_dict` produces it and
`from_dict` reads it back. Lists are stored as tuples so that records stay immutable.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Union


def content_id(text: str) -> str:
    """The id of an article: a hash of its raw text, so the same article always gets the same id."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def record_id(article_id: str, kind: str, *keys: object) -> str:
    """A deterministic record id from the article id, the record kind and its offsets (or other keys)."""
    key = "|".join([article_id, kind, *map(str, keys)])
    return kind[0] + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Repair:
    kind: str
    raw_start: int
    raw_end: int
    raw_text: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    raw: str
    text: str
    source_id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    dateline: str | None = None
    meta: dict = field(default_factory=dict)
    repairs: tuple[Repair, ...] = ()
    headings: tuple[Span, ...] = ()
    origin: str | None = None  # the file (and line) the article was read from, for messages


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    cameo_code: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    place: str | None = None
    component: str = "newsgraph.entities.v1"


@dataclass(frozen=True, slots=True)
class TimeExpr:
    id: str
    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None
    anchor: str | None
    reason: str | None = None
    component: str = "newsgraph.times.v1"


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    entity: str | None
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    gazetteer_id: str | None
    admin1: str | None = None
    population: int | None = None
    component: str = "newsgraph.places.v1"


@dataclass(frozen=True, slots=True)
class Source:
    """Who reports a quote or an event: an entity when there is one, else only its words."""
    entity: str | None
    text: str
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_text: str | None
    cue: Span | None
    reported_by: Source | None = None
    component: str = "newsgraph.quotes.v1"


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str
    claim: Span
    source: str | None
    source_text: str
    cue: Span
    component: str = "newsgraph.attribution.v1"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    cameo: str
    quad_class: int
    goldstein: float
    actor: str | None
    target: str | None
    symmetric: bool
    place: str | None
    place_source: str | None
    date: str | None
    date_source: str | None
    modality: str
    reported_by: Source | None
    trigger: Span
    evidence: Span
    confidence: float | None = None
    component: str = "newsgraph.events.v1"


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article and everything extracted from it: pure data, no spaCy objects."""
    article: Article
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    events: tuple[Event, ...] = ()
    errors: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict)


# --- JSON round-trip -------------------------------------------------------------------------

_NOT_IN_JSON = {(Article, "origin")}  # where an article came from is run state, not content


def to_dict(record: Any) -> Any:
    """A record (or tuple of records) as plain JSON-ready data, with the schema's keys."""
    if dataclasses.is_dataclass(record):
        cls = type(record)
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)
                if (cls, f.name) not in _NOT_IN_JSON}
    if isinstance(record, (tuple, list)):
        return [to_dict(r) for r in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def from_dict(cls: type, data: Any) -> Any:
    """The inverse of `to_dict` for a record class; unknown keys are ignored."""
    hints = field_types(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


@functools.cache
def field_types(cls: type) -> dict:
    """Each field's type, resolved (the records use postponed annotations)."""
    return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        (item, *_rest) = typing.get_args(hint)
        return tuple(_convert(item, v) for v in value)
    if dataclasses.is_dataclass(hint):
        return from_dict(hint, value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def document(result: ArticleResult) -> dict:
    """What `newsgraph extract` prints for one article (document.schema.json)."""
    return to_dict(result)


def result_from_document(doc: dict) -> ArticleResult:
    return from_dict(ArticleResult, doc)
