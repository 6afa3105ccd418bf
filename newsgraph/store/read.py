"""The article, search, actor and run queries of `Store` (`ReadMixin`, whose `_query` every read goes
through): lookups, full-text search, counts, summaries, the cross-article actors, the run manifest,
and streaming every stored result for export. Quotations and attributions are read in speech.py,
events in events.py, filtered search in search.py, sums across articles in graph.py (and the actor
totals in actors.py); no query of the store lives outside the store package.

Results are rebuilt from the `data` JSON of each record (see schema.py), so what comes out is exactly
what went in: `document(store.get(id)) == document(original)`.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any, Iterator, Sequence

from ..errors import StoreError, UsageError
from ..records import ArticleResult, result_from_document
from .actors import normalise_name
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
_PAGE = 200  # articles rebuilt per round of child-table queries in iter_results (events.py uses it too)


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


def _quote_terms(query: str) -> str:
    """A user query made safe for FTS5: every whitespace-separated term becomes a quoted phrase."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in query.split())


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
