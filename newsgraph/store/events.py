"""The event queries of `Store`: events across articles with their article and the names of their
actor, target, place and source, filtered and paged or streamed for export (`EventReadMixin`), and
the rows they return.
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from ..errors import UsageError
from ..records import Event, Place, from_dict, to_dict
from .actors import normalise_name
from .read import _PAGE

# The values of the contract's event `type` and `modality` (document.schema.json).
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "negated", "hypothetical", "future")


@dataclass(frozen=True, slots=True)
class EventParty:
    """An event's actor or target: the article's entity and the cross-article actor it resolves to.
    `name` is the actor's name as `newsgraph entities` shows it, else the entity's own name; the codes
    are the entity's, as of that article (a role can change between articles)."""
    entity_id: str
    name: str | None
    entity_name: str | None
    type: str | None
    country: str | None
    sector: str | None
    cameo_code: str | None
    actor_id: str | None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with its article and the names of its actor, target, place and reporting
    source (`reported_by_name`: the source's actor name, else its words in the article). `in_lead` is
    true when the trigger sits in the article's first paragraph (GDELT's IsRootEvent); it is only
    computed for exports (None otherwise)."""
    event: Event
    article_id: str
    published: str | None
    title: str | None
    url: str | None
    source: str | None
    source_id: str | None
    ingested_at: str | None
    actor: EventParty | None
    target: EventParty | None
    place: Place | None
    reported_by_name: str | None
    in_lead: bool | None = None

    @property
    def actor_name(self) -> str | None:
        return self.actor.name if self.actor else None

    @property
    def target_name(self) -> str | None:
        return self.target.name if self.target else None

    @property
    def place_name(self) -> str | None:
        return self.place.name if self.place else None

    def names(self) -> dict[str, Any]:
        """The joined names (and actor ids) that `to_dict` and the table exports add to the event."""
        return {"actor_name": self.actor_name, "target_name": self.target_name,
                "place_name": self.place_name, "reported_by_name": self.reported_by_name,
                "actor_actor": self.actor.actor_id if self.actor else None,
                "target_actor": self.target.actor_id if self.target else None}

    def to_dict(self) -> dict[str, Any]:
        return {**to_dict(self.event), "article_id": self.article_id, "published": self.published,
                "title": self.title, **self.names()}


# `r` the event, `a` its article, `e1`/`ac1` the actor's entity and cross-article actor, `e2`/`ac2` the
# target's, `p` the place, `e3`/`ac3` the entity reporting the event. Entity and place ids are unique
# across articles (they hash the article id); the article_id conditions only keep the joins on the index.
_EVENT_FROM = (
    " FROM events r JOIN articles a ON a.id = r.article_id"
    " LEFT JOIN entities e1 ON e1.id = r.actor AND e1.article_id = r.article_id"
    " LEFT JOIN actors ac1 ON ac1.id = e1.actor_id"
    " LEFT JOIN entities e2 ON e2.id = r.target AND e2.article_id = r.article_id"
    " LEFT JOIN actors ac2 ON ac2.id = e2.actor_id"
    " LEFT JOIN places p ON p.id = r.place AND p.article_id = r.article_id")
_EVENT_SOURCE = (
    " LEFT JOIN entities e3 ON e3.id = json_extract(r.reported_by, '$.entity') AND e3.article_id = r.article_id"
    " LEFT JOIN actors ac3 ON ac3.id = e3.actor_id")
_PARTY_COLUMNS = ("entity_id", "name", "entity_name", "type", "country", "sector", "cameo_code", "actor_id")


def _party_columns(e: str, ac: str, prefix: str) -> str:
    return (f"{e}.id AS {prefix}entity_id, coalesce({ac}.name, {e}.name) AS {prefix}name, "
            f"{e}.name AS {prefix}entity_name, {e}.type AS {prefix}type, {e}.country AS {prefix}country, "
            f"{e}.sector AS {prefix}sector, {e}.cameo_code AS {prefix}cameo_code, {ac}.id AS {prefix}actor_id")


_EVENT_COLUMNS = (
    "SELECT r.data, a.id AS article_id, a.published, a.title, a.url, a.source, a.source_id, a.ingested_at, "
    f"{_party_columns('e1', 'ac1', 'actor_')}, {_party_columns('e2', 'ac2', 'target_')}, "
    "p.data AS place_data, "
    "coalesce(ac3.name, e3.name, json_extract(r.reported_by, '$.text')) AS reported_by_name")
# The trigger is in the first paragraph: before the text's first line break (articles keep one
# paragraph a line; with none, the whole text is the lead).
_IN_LEAD = (", r.trigger_start < CASE instr(a.text, char(10)) WHEN 0 THEN length(a.text) + 1 "
            "ELSE instr(a.text, char(10)) - 1 END AS in_lead")
# Newest event date first, undated last; then the newest article, then reading order.
_EVENT_ORDER = "r.date IS NULL, r.date DESC, a.published IS NULL, a.published DESC, a.n DESC, r.seq"
# `_names_match` as an SQL function, registered on the connection beside speech.py's `_FOLD`.
_NAMES = "newsgraph_names_match"


@functools.lru_cache(maxsize=256)
def _words_pattern(needle: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")


def _names_match(search: str | None, name: str | None, needle: str) -> int:
    """Whether `needle` (normalised) is whole words of one of an actor's names: `search` holds the
    actor's normalised names and aliases one a line; `name`, the entity's name, stands in when the
    entity has no actor row. Whole words, so that `US` is not found in `Russia` nor `UN` in `United`."""
    haystack = search if search is not None else (normalise_name(name) if name else "")
    return 1 if _words_pattern(needle).search(haystack) else 0


def _event_filter(actor: str | None = None, pair: Sequence[str] | None = None, type: str | None = None,
                  cameo: str | None = None, since: str | None = None, until: str | None = None,
                  modality: str | Sequence[str] | None = None, country: str | None = None,
                  article_id: str | None = None, actor_id: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause of an event listing (names ignore case and accents and match whole words)."""
    clauses: list[str] = []
    params: list[Any] = []
    if actor_id:
        # By the entities' index on actor_id, then the events' on actor and target (an OR of two
        # indexed IN lists), instead of joining every event to its actors.
        clauses.append("(r.actor IN (SELECT id FROM entities WHERE actor_id = ?) "
                       "OR r.target IN (SELECT id FROM entities WHERE actor_id = ?))")
        params += [actor_id, actor_id]
    if actor and actor.strip():
        needle = normalise_name(actor)
        clauses.append(f"({_NAMES}(ac1.search, e1.name, ?) OR {_NAMES}(ac2.search, e2.name, ?))")
        params += [needle, needle]
    if pair:
        if len(pair) != 2 or not all(p and p.strip() for p in pair):
            raise UsageError("a pair is two names, e.g. --pair Russia Ukraine")
        a, b = (normalise_name(p) for p in pair)
        one = f"{_NAMES}(ac1.search, e1.name, ?) AND {_NAMES}(ac2.search, e2.name, ?)"
        clauses.append(f"(({one}) OR ({one}))")
        params += [a, b, b, a]
    if type:
        clauses.append("r.type = ?")
        params.append(type.strip().upper())
    if cameo:
        code = cameo.strip()
        if not code.isdigit() or len(code) > 4:
            raise UsageError(f"{cameo!r} is not the start of a CAMEO code; give its first digits, e.g. 04 or 042")
        clauses.append("substr(r.cameo, 1, ?) = ?")
        params += [len(code), code]
    if since:
        clauses.append("r.date >= ?")
        params.append(since)
    if until:
        # Dates are days (YYYY-MM-DD); anything longer is cut to its day before comparing.
        clauses.append("substr(r.date, 1, 10) <= ?")
        params.append(until[:10])
    if modality:
        wanted = [modality] if isinstance(modality, str) else list(modality)
        unknown = [m for m in wanted if m not in MODALITIES]
        if unknown:
            raise UsageError(f"unknown modality {unknown[0]!r}; use one of {', '.join(MODALITIES)}")
        clauses.append(f"r.modality IN ({', '.join('?' * len(wanted))})")
        params += wanted
    if country:
        code = country.strip().upper()
        clauses.append("(e1.country = ? OR e2.country = ?)")
        params += [code, code]
    if article_id:
        clauses.append("r.article_id = ?")
        params.append(article_id)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _party(row: sqlite3.Row, prefix: str, entity_id: str | None) -> EventParty | None:
    if entity_id is None:
        return None
    values = {c: row[prefix + c] for c in _PARTY_COLUMNS}
    values["entity_id"] = entity_id  # kept when the entity row is missing (then every name is None)
    return EventParty(**values)


def _event_row(row: sqlite3.Row) -> EventRow:
    event = from_dict(Event, json.loads(row["data"]))
    keys = row.keys()
    return EventRow(
        event, row["article_id"], row["published"], row["title"], row["url"], row["source"], row["source_id"],
        row["ingested_at"], _party(row, "actor_", event.actor), _party(row, "target_", event.target),
        from_dict(Place, json.loads(row["place_data"])) if row["place_data"] else None,
        row["reported_by_name"], bool(row["in_lead"]) if "in_lead" in keys else None)


class EventReadMixin:
    """Methods of `Store` that read events."""

    _conn: sqlite3.Connection
    _query: Callable[..., list[sqlite3.Row]]  # ReadMixin._query

    def _register_event_functions(self) -> None:
        self._conn.create_function(_NAMES, 3, _names_match, deterministic=True)

    def events(self, actor: str | None = None, pair: Sequence[str] | None = None, type: str | None = None,
               cameo: str | None = None, since: str | None = None, until: str | None = None,
               modality: str | Sequence[str] | None = None, country: str | None = None,
               article_id: str | None = None, actor_id: str | None = None, limit: int = 50,
               offset: int = 0) -> list[EventRow]:
        """Stored events, newest event date first (undated last), with their article and names.

        `actor` matches the actor or the target by a name or alias of its cross-article actor, `pair`
        (two names) events between the two in either direction; both ignore case and accents and match
        whole words. `type` is a PLOVER type, `cameo` the first digits of the CAMEO code, `since` and
        `until` ISO days bounding the event date (undated events are then left out), `modality` one
        value or several, `country` an alpha-3 code of the actor's or the target's country,
        `article_id` one full article id, `actor_id` a cross-article actor id (as actor or target)."""
        self._register_event_functions()
        where, params = _event_filter(actor, pair, type, cameo, since, until, modality, country, article_id,
                                      actor_id)
        rows = self._query(f"{_EVENT_COLUMNS}{_EVENT_FROM}{_EVENT_SOURCE}{where} ORDER BY {_EVENT_ORDER} "
                           "LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_event_row(r) for r in rows]

    def count_events(self, actor: str | None = None, pair: Sequence[str] | None = None,
                     type: str | None = None, cameo: str | None = None, since: str | None = None,
                     until: str | None = None, modality: str | Sequence[str] | None = None,
                     country: str | None = None, article_id: str | None = None,
                     actor_id: str | None = None) -> int:
        """How many events `events()` would page through with these filters."""
        self._register_event_functions()
        where, params = _event_filter(actor, pair, type, cameo, since, until, modality, country, article_id,
                                      actor_id)
        return self._query(f"SELECT count(*){_EVENT_FROM}{where}", params)[0][0]

    def iter_events(self, modality: str | Sequence[str] | None = None) -> Iterator[EventRow]:
        """Every stored event (of these modalities, or all), in the order stored (articles, then reading
        order), with `in_lead` computed, a page at a time: what the event exports write."""
        self._register_event_functions()
        where, params = _event_filter(modality=modality)
        last = (0, -1)
        while True:
            page = " AND " if where else " WHERE "
            rows = self._query(
                f"{_EVENT_COLUMNS}{_IN_LEAD}, a.n AS article_n, r.seq AS seq{_EVENT_FROM}{_EVENT_SOURCE}"
                f"{where}{page}(a.n > ? OR (a.n = ? AND r.seq > ?)) ORDER BY a.n, r.seq LIMIT ?",
                (*params, last[0], last[0], last[1], _PAGE * 10))
            if not rows:
                return
            for r in rows:
                yield _event_row(r)
            last = (rows[-1]["article_n"], rows[-1]["seq"])
