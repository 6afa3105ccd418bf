"""The store: one SQLite file (WAL, FTS5), written by a single writer, read by everything else.

    with Store("newsgraph.db") as store:
        run = store.begin_run(settings, paths, provenance)
        counts = store.write_batch(results, run)
        store.finish_run(run, {"stored": counts.stored, "duplicates": counts.duplicates}, "finished")
        store.search("Vladivostok")

Writing lives in write.py, queries in read.py (quotations and attributions in speech.py, events in
events.py, filtered search in search.py, events summed up across articles in graph.py), tables and
migrations in schema.py; `Store` binds them to one connection.
"""
from __future__ import annotations

import os
import sqlite3

from ..errors import StoreError
from .actors import ActorCache
from .events import EVENT_TYPES, MODALITIES, EventParty, EventReadMixin, EventRow
from .graph import GraphReadMixin
from .read import ACTOR_ORDERS, ActorRow, AmbiguousIdError, ReadMixin, SearchHit
from .schema import SCHEMA_VERSION, connect, user_version
from .search import SearchMixin
from .speech import AttributionRow, QuoteRow, SpeechReadMixin
from .write import RUN_STATUSES, WriteCounts, WriteMixin

__all__ = ["Store", "StoreError", "AmbiguousIdError", "SearchHit", "ActorRow", "QuoteRow", "AttributionRow",
           "EventRow", "EventParty", "ACTOR_ORDERS", "EVENT_TYPES", "MODALITIES", "WriteCounts",
           "RUN_STATUSES", "SCHEMA_VERSION"]


class Store(WriteMixin, ReadMixin, SpeechReadMixin, EventReadMixin, SearchMixin, GraphReadMixin):
    """An open store. `Store(":memory:")` works for tests; `readonly=True` never writes (the web UI);
    `create=False` refuses to create a missing file (commands that only read an existing store).

    A connection belongs to the thread that opened it (sqlite3's default): open one Store per thread."""

    def __init__(self, path: str | os.PathLike = "newsgraph.db", *, readonly: bool = False,
                 create: bool = True):
        self.path = os.fspath(path)
        self.readonly = readonly
        self._conn = connect(self.path, readonly=readonly, create=create)
        self._conn.row_factory = sqlite3.Row
        self._actor_cache = ActorCache()

    @property
    def schema_version(self) -> int:
        return user_version(self._conn)

    @property
    def journal_mode(self) -> str:
        return self._conn.execute("PRAGMA journal_mode").fetchone()[0]

    def close(self) -> None:
        """Close the connection (idempotent). SQLite checkpoints the WAL into the main file here."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r}{', readonly=True' if self.readonly else ''})"
