"""The quotation and attribution queries of `Store`: who said what across articles, filtered by
speaker, words, article and kind (`SpeechReadMixin`), and the rows they return.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable

from ..records import Attribution, Quote, from_dict, to_dict
from .actors import fold_text, normalise_name


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
                   kind: str | None, speaker_actor: str | None = None) -> tuple[str, list[Any]]:
    """The FROM ... WHERE of a quote or attribution listing (`r` the record, `a` its article, `e` and
    `ac` the speaker's entity and actor). `speaker` matches the actor's name or any alias, or the
    speaker's words in the article; `query` needs every one of its words in the text; both ignore
    case and accents. `speaker_actor` is a cross-article actor id: only that actor's words."""
    name, entity_col, text_col, body_col = _SPEECH[table]
    sql = (f" FROM {name} r JOIN articles a ON a.id = r.article_id "
           f"LEFT JOIN entities e ON e.id = r.{entity_col} AND e.article_id = r.article_id "
           "LEFT JOIN actors ac ON ac.id = e.actor_id")
    clauses, params = [], []
    if article_id:
        clauses.append("r.article_id = ?")
        params.append(article_id)
    if speaker_actor:
        clauses.append("e.actor_id = ?")
        params.append(speaker_actor)
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


class SpeechReadMixin:
    """Methods of `Store` that read quotations and attributions."""

    _conn: sqlite3.Connection
    _query: Callable[..., list[sqlite3.Row]]  # ReadMixin._query

    def quotes(self, speaker: str | None = None, query: str | None = None, article_id: str | None = None,
               kind: str | None = None, limit: int = 50, offset: int = 0, *,
               speaker_actor: str | None = None) -> list[QuoteRow]:
        """Stored quotations, newest publication first (undated last), in reading order within an
        article. `speaker` matches the speaker's actor name or aliases or its words in the article,
        `query` words of the quotation (all of them), `article_id` one full article id, `kind` direct
        or partial, `speaker_actor` a cross-article actor id (the quotes of that actor); the text
        matches ignore case and accents."""
        rows = self._speech("quotes", True, speaker, query, article_id, kind, limit, offset, speaker_actor)
        return [QuoteRow(from_dict(Quote, json.loads(r["data"])), r["article_id"], r["published"],
                         r["title"], r["speaker_name"], r["actor_id"]) for r in rows]

    def count_quotes(self, speaker: str | None = None, query: str | None = None,
                     article_id: str | None = None, kind: str | None = None, *,
                     speaker_actor: str | None = None) -> int:
        """How many quotations `quotes()` would page through with these filters."""
        return self._speech("quotes", False, speaker, query, article_id, kind, speaker_actor=speaker_actor)[0][0]

    def attributions(self, source: str | None = None, query: str | None = None,
                     article_id: str | None = None, limit: int = 50, offset: int = 0, *,
                     source_actor: str | None = None) -> list[AttributionRow]:
        """Stored attributions (what a source is reported to have said, without quotation marks), in
        the order and with the filters of `quotes()`: `source` matches who the claim is attributed
        to, `query` words of the claim."""
        rows = self._speech("attributions", True, source, query, article_id, None, limit, offset, source_actor)
        return [AttributionRow(from_dict(Attribution, json.loads(r["data"])), r["article_id"],
                               r["published"], r["title"], r["speaker_name"], r["actor_id"]) for r in rows]

    def count_attributions(self, source: str | None = None, query: str | None = None,
                           article_id: str | None = None, *, source_actor: str | None = None) -> int:
        """How many attributions `attributions()` would page through with these filters."""
        return self._speech("attributions", False, source, query, article_id, None,
                            speaker_actor=source_actor)[0][0]

    def _speech(self, table: str, rows: bool, speaker: str | None, query: str | None,
                article_id: str | None, kind: str | None, limit: int = -1, offset: int = 0,
                speaker_actor: str | None = None) -> list[sqlite3.Row]:
        """A page of quotes or attributions with their article and speaker, or (rows=False) their count."""
        self._conn.create_function(_FOLD, 1, _fold_or_null, deterministic=True)
        where, params = _speech_filter(table, speaker, query, article_id, kind, speaker_actor)
        if not rows:
            return self._query(f"SELECT count(*){where}", params)
        return self._query(
            "SELECT r.data, a.id AS article_id, a.published, a.title, ac.id AS actor_id, "
            f"coalesce(ac.name, e.name, r.{_SPEECH[table][2]}) AS speaker_name{where} "
            f"ORDER BY {_SPEECH_ORDER} LIMIT ? OFFSET ?", (*params, limit, offset))
