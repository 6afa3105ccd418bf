"""Every query the project makes (no SQL lives anywhere else): lookups, full-text search, counts,
summaries, the cross-article actors, quotations, attributions and events across articles, the run
manifest, and streaming every stored result (and every event, with its names) for export.

Results are rebuilt from the `data` JSON of each record (see schema.py), so what comes out is exactly
what went in: `document(store.get(id)) == document(original)`.
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any, Iterator, Sequence

from ..errors import StoreError, UsageError
from ..records import (ArticleResult, Attribution, Event, Place, Quote, from_dict, result_from_document,
                       to_dict)
from .actors import fold_text, normalise_name
from .schema import TABLES

# How much a match in the title counts against one in the body in bm25 ranking. Not tuned on data:
# a title states what the article is about, so it outweighs one of many body words.
TITLE_WEIGHT = 5.0
TEXT_WEIGHT = 1.0

# Shortest id prefix accepted by `get`: 6 hex digits make a collision unlikely below ~10^5 articles.
MIN_PREFIX = 6

# How `actors()` can sort; every order ends on id so pages never overlap or skip.
ACTOR_ORDERS = {
    "articles": "n_articles DESC, n_mentions DESC, name, id",
    "mentions": "n_mentions DESC, n_articles DESC, name, id",
    "name": "name COLLATE NOCASE, id",
    "first_seen": "first_seen, name, id",
    "last_seen": "last_seen DESC, name, id",
}
_ACTOR_COLUMNS = ("id, name, type, country, sector, cameo_code, latest_role, aliases, n_mentions, "
                  "n_articles, first_seen, last_seen, seen_basis")

_RECORD_TABLES = ("entities", "times", "places", "quotes", "attributions", "events")
_PAGE = 200  # articles rebuilt per round of child-table queries in iter_results


class AmbiguousIdError(UsageError):
    """An id prefix or source id names more than one article."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str      # matched terms wrapped in the highlight markers
    score: float      # -bm25: higher is a better match

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One stored quotation with its article, and who said it: `speaker_name` is the name of the
    cross-article actor of the speaker entity (the name `newsgraph entities` shows), else the quote's
    `speaker_text`, else None; `speaker_actor` is that actor's id."""
    quote: Quote
    article_id: str
    published: str | None
    title: str | None
    speaker_name: str | None
    speaker_actor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**to_dict(self.quote), "article_id": self.article_id, "published": self.published,
                "title": self.title, "speaker_name": self.speaker_name, "speaker_actor": self.speaker_actor}


@dataclass(frozen=True, slots=True)
class AttributionRow:
    """One stored attribution with its article; `source_name`/`source_actor` as for QuoteRow."""
    attribution: Attribution
    article_id: str
    published: str | None
    title: str | None
    source_name: str | None
    source_actor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**to_dict(self.attribution), "article_id": self.article_id, "published": self.published,
                "title": self.title, "source_name": self.source_name, "source_actor": self.source_actor}


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor across all stored articles. `first_seen`/`last_seen` are publication dates, or ingest
    times when no article naming the actor had a date (`seen_basis` says which); `aliases` holds every
    name form and alias seen, sorted; `latest_role` is the role in the latest dated article."""
    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    cameo_code: str | None
    latest_role: str | None
    aliases: tuple[str, ...]
    n_mentions: int
    n_articles: int
    first_seen: str | None
    last_seen: str | None
    seen_basis: str | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "ActorRow":
        data = dict(row)
        data["aliases"] = tuple(json.loads(data["aliases"]))
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        return data


def _actor_filter(type: str | None, country: str | None, query: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause of an actor listing. Types and countries are upper-case codes, so `rus` finds
    RUS; the query matches any name form or alias, ignoring case, accents and a leading "the"."""
    clauses, params = [], []
    if type:
        clauses.append("type = ?")
        params.append(type.strip().upper())
    if country:
        clauses.append("country = ?")
        params.append(country.strip().upper())
    if query and query.strip():
        # `search` holds the normalised forms one a line; instr, unlike LIKE, has no wildcards to escape.
        clauses.append("instr(search, ?) > 0")
        params.append(normalise_name(query))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


# The two speech tables as `_speech_filter` reads them: the table, its speaker entity and speaker text
# columns, and its text column. A speaker entity leads to its actor through the entity's `actor_id`.
_SPEECH = {
    "quotes": ("quotes", "speaker", "speaker_text", "text"),
    "attributions": ("attributions", "source", "source_text", "claim_text"),
}
# Newest publication first (undated last), then the latest stored, then reading order in the article.
_SPEECH_ORDER = "a.published IS NULL, a.published DESC, a.n DESC, r.seq"
# `fold_text` as an SQL function, registered on the connection: SQLite's lower() and LIKE fold ASCII only.
_FOLD = "newsgraph_fold"


def _fold_or_null(text: str | None) -> str | None:
    return fold_text(text) if text is not None else None


def _speech_filter(table: str, speaker: str | None, query: str | None, article_id: str | None,
                   kind: str | None) -> tuple[str, list[Any]]:
    """The FROM ... WHERE of a quote or attribution listing (`r` the record, `a` its article, `e` and
    `ac` the speaker's entity and actor). `speaker` matches the actor's name or any alias, or the
    speaker's words in the article; `query` needs every one of its words in the text; both ignore
    case and accents."""
    name, entity_col, text_col, body_col = _SPEECH[table]
    sql = (f" FROM {name} r JOIN articles a ON a.id = r.article_id "
           f"LEFT JOIN entities e ON e.id = r.{entity_col} AND e.article_id = r.article_id "
           "LEFT JOIN actors ac ON ac.id = e.actor_id")
    clauses, params = [], []
    if article_id:
        clauses.append("r.article_id = ?")
        params.append(article_id)
    if kind:
        clauses.append("r.kind = ?")
        params.append(kind.strip().lower())
    if speaker and speaker.strip():
        needle = normalise_name(speaker)
        clauses.append(f"(instr(ac.search, ?) > 0 OR instr({_FOLD}(r.{text_col}), ?) > 0)")
        params += [needle, needle]
    for word in (query or "").split():
        clauses.append(f"instr({_FOLD}(r.{body_col}), ?) > 0")
        params.append(fold_text(word))
    return sql + (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _quote_terms(query: str) -> str:
    """A user query made safe for FTS5: every whitespace-separated term becomes a quoted phrase."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in query.split())


# --- events across articles --------------------------------------------------------------------

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
# `_names_match` as an SQL function, registered on the connection beside `_FOLD`.
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
                  article_id: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause of an event listing (names ignore case and accents and match whole words)."""
    clauses: list[str] = []
    params: list[Any] = []
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


class ReadMixin:
    """Methods of `Store` that only read."""

    _conn: sqlite3.Connection
    path: str

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot read the store {str(self.path)!r}: {exc}") from exc

    # --- single articles -----------------------------------------------------------------------

    def get(self, article_id: str) -> ArticleResult | None:
        """The stored result for an article id, an id prefix (at least 6 characters) or a source id.

        None when nothing matches; AmbiguousIdError when a prefix or source id matches several."""
        rows = self._find_article(article_id, "*")
        return self._load(rows)[0] if rows else None

    def article_id(self, article_id: str) -> str | None:
        """The full id of the article `get` would return (by id, id prefix or source id), without
        loading it; None when nothing matches, AmbiguousIdError when several do."""
        rows = self._find_article(article_id, "id")
        return rows[0]["id"] if rows else None

    def _find_article(self, article_id: str, columns: str) -> list[sqlite3.Row]:
        """The article row an id, id prefix or source id names ([] for none); `columns` is a constant."""
        key = article_id.strip()
        rows = self._query(f"SELECT {columns} FROM articles WHERE id = ?", (key,))
        if not rows:
            rows = self._query(f"SELECT {columns} FROM articles WHERE source_id = ? ORDER BY n LIMIT 6",
                               (key,))
        if not rows and len(key) >= MIN_PREFIX:
            # A range scan on the id index; chr(0x10FFFF) sorts after every character (as UTF-8 bytes).
            rows = self._query(f"SELECT {columns} FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                               (key, key + chr(0x10FFFF)))
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows[:5])
            raise AmbiguousIdError(f"{article_id!r} matches more than one article ({ids}"
                                   f"{', ...' if len(rows) > 5 else ''}); give the full article id")
        return rows

    def _load(self, rows: Sequence[sqlite3.Row]) -> list[ArticleResult]:
        """Rebuild the results of these article rows, with one query per child table."""
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" * len(ids))
        docs: dict[str, dict[str, Any]] = {}
        for r in rows:
            docs[r["id"]] = {
                "article": {
                    "id": r["id"], "source_id": r["source_id"], "raw": r["raw"], "text": r["text"],
                    "title": r["title"], "url": r["url"], "source": r["source"],
                    "published": r["published"], "language": r["language"], "dateline": r["dateline"],
                    "meta": json.loads(r["meta"]), "repairs": json.loads(r["repairs"]),
                    "headings": json.loads(r["headings"]),
                },
                **{table: [] for table in _RECORD_TABLES},
                "errors": [],
                "provenance": json.loads(r["provenance"]),
            }
        for table in _RECORD_TABLES:
            for child in self._query(f"SELECT article_id, data FROM {table} WHERE article_id IN ({marks}) "
                                     "ORDER BY article_id, seq", ids):
                docs[child["article_id"]][table].append(json.loads(child["data"]))
        for child in self._query(f"SELECT article_id, message FROM errors WHERE article_id IN ({marks}) "
                                 "ORDER BY article_id, seq", ids):
            docs[child["article_id"]]["errors"].append(child["message"])
        return [result_from_document(docs[i]) for i in ids]

    def iter_results(self) -> Iterator[ArticleResult]:
        """Every stored result, in the order stored, a page at a time (constant memory)."""
        last = 0
        while True:
            rows = self._query("SELECT * FROM articles WHERE n > ? ORDER BY n LIMIT ?", (last, _PAGE))
            if not rows:
                return
            yield from self._load(rows)
            last = rows[-1]["n"]

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """The latest stored articles (metadata only), newest first."""
        rows = self._query(
            "SELECT a.id, a.source_id, a.title, a.url, a.source, a.published, a.ingested_at, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events "
            "FROM articles a ORDER BY a.n DESC LIMIT ? OFFSET ?", (limit, offset))
        return [dict(r) for r in rows]

    # --- full-text search ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, offset: int = 0, *,
               highlight: tuple[str, str] = ("[", "]"), ellipsis: str = "…",
               snippet_tokens: int = 16) -> list[SearchHit]:
        """Articles matching `query` (FTS5 syntax), best first (bm25, title weighted up).

        A query that is not valid FTS5 (an unbalanced quote, a bare `-` or `AND`) is retried with every
        term quoted, so users never see a syntax error."""
        sql = ("SELECT a.id, a.title, a.published, a.source, a.url, "
               "snippet(articles_fts, -1, ?, ?, ?, ?) AS snippet, "
               f"bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS rank "
               "FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid "
               "WHERE articles_fts MATCH ? ORDER BY rank, a.n LIMIT ? OFFSET ?")
        snippet_tokens = max(1, min(int(snippet_tokens), 64))  # FTS5 caps snippets at 64 tokens
        rows = self._match(sql, query, lambda q: (*highlight, ellipsis, snippet_tokens, q, limit, offset))
        return [SearchHit(r["id"], r["title"], r["published"], r["source"], r["url"], r["snippet"],
                          -r["rank"]) for r in rows]

    def count_matches(self, query: str) -> int:
        """How many articles `search(query)` would page through."""
        rows = self._match("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", query,
                           lambda q: (q,))
        return rows[0][0] if rows else 0

    def _match(self, sql: str, query: str, params) -> list[sqlite3.Row]:
        if not query or not query.strip():
            return []
        try:
            return self._conn.execute(sql, params(query)).fetchall()
        except sqlite3.OperationalError:
            # Syntax errors ("fts5: syntax error", "unterminated string", "no such column: foo" from
            # `foo:bar`) all land here; the quoted form is always valid FTS5.
            pass
        return self._query(sql, params(_quote_terms(query)))

    # --- overview --------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {table: self._query(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}

    def top_entities(self, limit: int = 10) -> list[dict[str, Any]]:
        """The actors named in the most articles (then with the most mentions)."""
        rows = self._query(
            "SELECT id, name, type, country, n_articles AS articles, n_mentions AS mentions FROM actors "
            f"ORDER BY {ACTOR_ORDERS['articles']} LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    def summary(self, top: int = 10, runs: int = 5) -> dict[str, Any]:
        """Counts, the top entities and the latest runs, JSON-ready."""
        return {"counts": self.counts(), "top_entities": self.top_entities(top), "runs": self.runs(runs)}

    # --- actors across articles ----------------------------------------------------------------

    def actors(self, type: str | None = None, country: str | None = None, query: str | None = None,
               order: str = "articles", limit: int = 50, offset: int = 0) -> list[ActorRow]:
        """Actors, filtered by entity type, country code and a name query, in `order` (a key of
        ACTOR_ORDERS: articles, mentions, name, first_seen, last_seen)."""
        if order not in ACTOR_ORDERS:
            raise UsageError(f"unknown actor order {order!r}; use one of {', '.join(ACTOR_ORDERS)}")
        where, params = _actor_filter(type, country, query)
        rows = self._query(f"SELECT {_ACTOR_COLUMNS} FROM actors{where} ORDER BY {ACTOR_ORDERS[order]} "
                           "LIMIT ? OFFSET ?", (*params, limit, offset))
        return [ActorRow.from_row(r) for r in rows]

    def count_actors(self, type: str | None = None, country: str | None = None,
                     query: str | None = None) -> int:
        """How many actors `actors()` would page through with these filters."""
        where, params = _actor_filter(type, country, query)
        return self._query(f"SELECT count(*) FROM actors{where}", params)[0][0]

    def actor(self, actor_id: str) -> ActorRow | None:
        rows = self._query(f"SELECT {_ACTOR_COLUMNS} FROM actors WHERE id = ?", (actor_id,))
        return ActorRow.from_row(rows[0]) if rows else None

    def actor_articles(self, actor_id: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """The articles naming an actor, newest published first (undated last): article_id, title,
        published, and the entity that is the actor in that article (its first, when the resolver
        left two), with that article's role and the mentions of all its entities for the actor."""
        # A bare column beside min() takes its value from the row holding the minimum (SQLite only).
        rows = self._query(
            "SELECT a.id AS article_id, a.title, a.published, e.id AS entity_id, e.role, "
            "sum(e.n_mentions) AS n_mentions, min(e.seq) AS seq FROM entities e "
            "JOIN articles a ON a.id = e.article_id WHERE e.actor_id = ? GROUP BY a.id "
            "ORDER BY a.published IS NULL, a.published DESC, a.n DESC LIMIT ? OFFSET ?",
            (actor_id, limit, offset))
        return [{k: r[k] for k in ("article_id", "title", "published", "entity_id", "role", "n_mentions")}
                for r in rows]

    def iter_actors(self) -> Iterator[dict[str, Any]]:
        """Every actor row as stored (JSON columns still encoded), in the order created, a page at a
        time: what the table exports write."""
        last = 0
        while True:
            rows = self._query("SELECT rowid AS n, * FROM actors WHERE rowid > ? ORDER BY rowid LIMIT ?",
                               (last, _PAGE * 10))
            if not rows:
                return
            for r in rows:
                row = dict(r)
                del row["n"], row["search"]
                yield row
            last = rows[-1]["n"]

    # --- quotations and attributions across articles ------------------------------------------------

    def quotes(self, speaker: str | None = None, query: str | None = None, article_id: str | None = None,
               kind: str | None = None, limit: int = 50, offset: int = 0) -> list[QuoteRow]:
        """Stored quotations, newest publication first (undated last), in reading order within an
        article. `speaker` matches the speaker's actor name or aliases or its words in the article,
        `query` words of the quotation (all of them), `article_id` one full article id, `kind` direct
        or partial; the text matches ignore case and accents."""
        rows = self._speech("quotes", True, speaker, query, article_id, kind, limit, offset)
        return [QuoteRow(from_dict(Quote, json.loads(r["data"])), r["article_id"], r["published"],
                         r["title"], r["speaker_name"], r["actor_id"]) for r in rows]

    def count_quotes(self, speaker: str | None = None, query: str | None = None,
                     article_id: str | None = None, kind: str | None = None) -> int:
        """How many quotations `quotes()` would page through with these filters."""
        return self._speech("quotes", False, speaker, query, article_id, kind)[0][0]

    def attributions(self, source: str | None = None, query: str | None = None,
                     article_id: str | None = None, limit: int = 50, offset: int = 0) -> list[AttributionRow]:
        """Stored attributions (what a source is reported to have said, without quotation marks), in
        the order and with the filters of `quotes()`: `source` matches who the claim is attributed
        to, `query` words of the claim."""
        rows = self._speech("attributions", True, source, query, article_id, None, limit, offset)
        return [AttributionRow(from_dict(Attribution, json.loads(r["data"])), r["article_id"],
                               r["published"], r["title"], r["speaker_name"], r["actor_id"]) for r in rows]

    def count_attributions(self, source: str | None = None, query: str | None = None,
                           article_id: str | None = None) -> int:
        """How many attributions `attributions()` would page through with these filters."""
        return self._speech("attributions", False, source, query, article_id, None)[0][0]

    def _speech(self, table: str, rows: bool, speaker: str | None, query: str | None,
                article_id: str | None, kind: str | None, limit: int = -1, offset: int = 0
                ) -> list[sqlite3.Row]:
        """A page of quotes or attributions with their article and speaker, or (rows=False) their count."""
        self._conn.create_function(_FOLD, 1, _fold_or_null, deterministic=True)
        where, params = _speech_filter(table, speaker, query, article_id, kind)
        if not rows:
            return self._query(f"SELECT count(*){where}", params)
        return self._query(
            "SELECT r.data, a.id AS article_id, a.published, a.title, ac.id AS actor_id, "
            f"coalesce(ac.name, e.name, r.{_SPEECH[table][2]}) AS speaker_name{where} "
            f"ORDER BY {_SPEECH_ORDER} LIMIT ? OFFSET ?", (*params, limit, offset))

    # --- events across articles ----------------------------------------------------------------------

    def _register_event_functions(self) -> None:
        self._conn.create_function(_NAMES, 3, _names_match, deterministic=True)

    def events(self, actor: str | None = None, pair: Sequence[str] | None = None, type: str | None = None,
               cameo: str | None = None, since: str | None = None, until: str | None = None,
               modality: str | Sequence[str] | None = None, country: str | None = None,
               article_id: str | None = None, limit: int = 50, offset: int = 0) -> list[EventRow]:
        """Stored events, newest event date first (undated last), with their article and names.

        `actor` matches the actor or the target by a name or alias of its cross-article actor, `pair`
        (two names) events between the two in either direction; both ignore case and accents and match
        whole words. `type` is a PLOVER type, `cameo` the first digits of the CAMEO code, `since` and
        `until` ISO days bounding the event date (undated events are then left out), `modality` one
        value or several, `country` an alpha-3 code of the actor's or the target's country."""
        self._register_event_functions()
        where, params = _event_filter(actor, pair, type, cameo, since, until, modality, country, article_id)
        rows = self._query(f"{_EVENT_COLUMNS}{_EVENT_FROM}{_EVENT_SOURCE}{where} ORDER BY {_EVENT_ORDER} "
                           "LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_event_row(r) for r in rows]

    def count_events(self, actor: str | None = None, pair: Sequence[str] | None = None,
                     type: str | None = None, cameo: str | None = None, since: str | None = None,
                     until: str | None = None, modality: str | Sequence[str] | None = None,
                     country: str | None = None, article_id: str | None = None) -> int:
        """How many events `events()` would page through with these filters."""
        self._register_event_functions()
        where, params = _event_filter(actor, pair, type, cameo, since, until, modality, country, article_id)
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

    # --- the run manifest --------------------------------------------------------------------------

    def runs(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Runs, newest first, with settings, paths and provenance decoded."""
        rows = self._query("SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?",
                           (-1 if limit is None else limit,))
        out = []
        for r in rows:
            run = dict(r)
            for key in ("settings", "paths", "provenance"):
                run[key] = json.loads(run[key]) if run[key] else None
            out.append(run)
        return out

    def failures(self, run_id: str | None = None) -> list[dict[str, Any]]:
        """Failed input items, of one run or of all runs."""
        if run_id is None:
            rows = self._query("SELECT run_id, item, reason FROM failures ORDER BY rowid")
        else:
            rows = self._query("SELECT run_id, item, reason FROM failures WHERE run_id = ? ORDER BY rowid",
                               (run_id,))
        return [dict(r) for r in rows]
