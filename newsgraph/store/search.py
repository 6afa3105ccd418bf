"""Full-text search with filters (`SearchMixin.search_filtered`): the web UI's search page.

`ReadMixin.search` answers a bare FTS5 query; this adds the filters a reader narrows a search with
(publication dates, an actor, an event type, a country) and, with no words at all, lists the articles
the filters keep, newest first. Every value goes in as a parameter; the filters are fixed SQL.
"""
from __future__ import annotations

import sqlite3
from typing import Any, Callable

from .read import TEXT_WEIGHT, TITLE_WEIGHT, SearchHit

# Characters of an article's opening shown as its snippet when there are no words to match.
LEAD_CHARS = 240


def _article_filter(since: str | None, until: str | None, actor_id: str | None, event_type: str | None,
                    country: str | None) -> tuple[list[str], list[Any]]:
    """Conditions on the article `a`. `since`/`until` bound the publication day (an undated article
    is then left out); `actor_id` keeps articles naming that cross-article actor; `event_type` those
    with an event of that PLOVER type; `country` those naming an actor of that country or a place in it."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append("a.published >= ?")
        params.append(since[:10])
    if until:
        clauses.append("substr(a.published, 1, 10) <= ?")
        params.append(until[:10])
    if actor_id:
        clauses.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.actor_id = ?)")
        params.append(actor_id)
    if event_type:
        clauses.append("EXISTS (SELECT 1 FROM events v WHERE v.article_id = a.id AND v.type = ?)")
        params.append(event_type.strip().upper())
    if country:
        code = country.strip().upper()
        clauses.append("(EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.country = ?) "
                       "OR EXISTS (SELECT 1 FROM places p WHERE p.article_id = a.id AND p.country = ?))")
        params += [code, code]
    return clauses, params


def _lead(text: str, chars: int = LEAD_CHARS, ellipsis: str = "…") -> str:
    """The opening of a text, cut at a word boundary."""
    text = " ".join(text[:chars + 40].split())
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    return text[:cut if cut > chars // 2 else chars] + ellipsis


class SearchMixin:
    """Filtered search, a method of `Store`."""

    _conn: sqlite3.Connection
    _query: Callable[..., list[sqlite3.Row]]  # ReadMixin._query
    _match: Callable[..., list[sqlite3.Row]]  # ReadMixin._match

    def search_filtered(self, query: str | None = None, *, since: str | None = None, until: str | None = None,
                        actor_id: str | None = None, event_type: str | None = None, country: str | None = None,
                        limit: int = 20, offset: int = 0, highlight: tuple[str, str] = ("[", "]"),
                        ellipsis: str = "…", snippet_tokens: int = 24) -> list[SearchHit]:
        """`search` narrowed by filters (see `_article_filter`). With words, the best matches first and
        snippets marked with `highlight`; with none, every article the filters keep, newest published
        first (undated last), with its opening as the snippet and a score of 0."""
        clauses, params = _article_filter(since, until, actor_id, event_type, country)
        if not query or not query.strip():
            where = " WHERE " + " AND ".join(clauses) if clauses else ""
            rows = self._query(
                "SELECT a.id, a.title, a.published, a.source, a.url, substr(a.text, 1, ?) AS lead FROM articles a"
                f"{where} ORDER BY a.published IS NULL, a.published DESC, a.n DESC LIMIT ? OFFSET ?",
                (LEAD_CHARS + 40, *params, limit, offset))
            return [SearchHit(r["id"], r["title"], r["published"], r["source"], r["url"],
                              _lead(r["lead"], ellipsis=ellipsis), 0.0) for r in rows]
        extra = "".join(f" AND {c}" for c in clauses)
        sql = ("SELECT a.id, a.title, a.published, a.source, a.url, "
               "snippet(articles_fts, -1, ?, ?, ?, ?) AS snippet, "
               f"bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS rank "
               "FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid "
               f"WHERE articles_fts MATCH ?{extra} ORDER BY rank, a.n LIMIT ? OFFSET ?")
        snippet_tokens = max(1, min(int(snippet_tokens), 64))  # FTS5 caps snippets at 64 tokens
        rows = self._match(sql, query, lambda q: (*highlight, ellipsis, snippet_tokens, q, *params, limit, offset))
        return [SearchHit(r["id"], r["title"], r["published"], r["source"], r["url"], r["snippet"],
                          -r["rank"]) for r in rows]

    def count_filtered(self, query: str | None = None, *, since: str | None = None, until: str | None = None,
                       actor_id: str | None = None, event_type: str | None = None,
                       country: str | None = None) -> int:
        """How many articles `search_filtered` would page through with these words and filters."""
        clauses, params = _article_filter(since, until, actor_id, event_type, country)
        if not query or not query.strip():
            where = " WHERE " + " AND ".join(clauses) if clauses else ""
            return self._query(f"SELECT count(*) FROM articles a{where}", params)[0][0]
        extra = "".join(f" AND {c}" for c in clauses)
        rows = self._match("SELECT count(*) FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid "
                           f"WHERE articles_fts MATCH ?{extra}", query, lambda q: (q, *params))
        return rows[0][0] if rows else 0
