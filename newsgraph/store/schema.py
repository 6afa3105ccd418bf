"""The store's tables, their migrations, and opening a connection with the right PRAGMAs.

The schema version lives in `PRAGMA user_version` (a header field, so reading it needs no table and
writing it is part of the migration's transaction). `MIGRATIONS[i]` takes a database from version i to
version i + 1; they are applied in order on open. Never edit a released migration: append a new one.
A migration is a tuple of steps, each a single SQL statement or a function of the connection (for data
migrations that need Python, like version 2's actor backfill); all of a migration's steps run in one
transaction.

Every record table keeps its scalar fields as columns (for queries, indexes and the web) and the whole
record as JSON in `data` (so reads rebuild exactly what was written, including fields a later version
adds before it gets a column). `seq` keeps each record's position in its article's list.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .actors import V2 as _V2

# Milliseconds a connection waits for another writer's lock before failing. Batches of 32 articles
# commit in well under a second here, so 30 s only expires when a writer is stuck.
BUSY_TIMEOUT_MS = 30_000

# The tables `counts()` reports, in display order.
TABLES = ("articles", "entities", "actors", "mentions", "times", "places", "quotes", "attributions",
          "events", "errors", "runs", "failures")

# Version 1: the initial schema. Each migration is a tuple of single statements (not a script:
# `executescript` commits first, which would take the migration out of its transaction).
_V1 = (
    # `n` is an explicit INTEGER PRIMARY KEY so the FTS index's rowids stay valid through VACUUM
    # (implicit rowids may be renumbered); `id`, the content hash, is the key everything else uses.
    """CREATE TABLE articles (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source_id TEXT, title TEXT, url TEXT, source TEXT, published TEXT, language TEXT,
        dateline TEXT, raw TEXT NOT NULL, text TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}', repairs TEXT NOT NULL DEFAULT '[]',
        headings TEXT NOT NULL DEFAULT '[]', provenance TEXT NOT NULL DEFAULT '{}',
        run_id TEXT, ingested_at TEXT NOT NULL)""",
    "CREATE INDEX articles_source_id ON articles(source_id)",
    "CREATE INDEX articles_published ON articles(published)",
    """CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, country TEXT, sector TEXT,
        cameo_code TEXT, role TEXT, aliases TEXT NOT NULL DEFAULT '[]', place TEXT, component TEXT,
        n_mentions INTEGER NOT NULL, data TEXT NOT NULL)""",
    "CREATE INDEX entities_article ON entities(article_id)",
    "CREATE INDEX entities_name ON entities(name)",
    # A lookup table (which entity is at these offsets): one entity per span, the first one written.
    # Entities are rebuilt from their `data`, so a second entity on the same span (which the actor
    # resolver should not produce) keeps its mention in the document even though it has no row here.
    """CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, entity_id TEXT NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (article_id, start, "end"))""",
    "CREATE INDEX mentions_entity ON mentions(entity_id)",
    """CREATE TABLE times (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        value TEXT, granularity TEXT, anchor TEXT, reason TEXT, component TEXT, data TEXT NOT NULL)""",
    "CREATE INDEX times_article ON times(article_id)",
    "CREATE INDEX times_value ON times(value)",
    """CREATE TABLE places (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, entity TEXT, name TEXT NOT NULL, country TEXT, admin1 TEXT,
        lat REAL, lon REAL, gazetteer_id TEXT, population INTEGER, component TEXT, data TEXT NOT NULL)""",
    "CREATE INDEX places_article ON places(article_id)",
    "CREATE INDEX places_gazetteer ON places(gazetteer_id)",
    """CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        kind TEXT NOT NULL, speaker TEXT, speaker_text TEXT, cue_start INTEGER, cue_end INTEGER,
        cue_text TEXT, reported_by TEXT, component TEXT, data TEXT NOT NULL)""",
    "CREATE INDEX quotes_article ON quotes(article_id)",
    "CREATE INDEX quotes_speaker ON quotes(speaker)",
    """CREATE TABLE attributions (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, claim_start INTEGER NOT NULL, claim_end INTEGER NOT NULL,
        claim_text TEXT NOT NULL, source TEXT, source_text TEXT, cue_start INTEGER, cue_end INTEGER,
        cue_text TEXT, component TEXT, data TEXT NOT NULL)""",
    "CREATE INDEX attributions_article ON attributions(article_id)",
    """CREATE TABLE events (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, type TEXT NOT NULL, mode TEXT, cameo TEXT NOT NULL, quad_class INTEGER,
        goldstein REAL, actor TEXT, target TEXT, symmetric INTEGER NOT NULL, place TEXT,
        place_source TEXT, date TEXT, date_source TEXT, modality TEXT NOT NULL, reported_by TEXT,
        trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger_text TEXT NOT NULL,
        evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, confidence REAL,
        component TEXT, data TEXT NOT NULL)""",
    "CREATE INDEX events_article ON events(article_id)",
    "CREATE INDEX events_date ON events(date)",
    "CREATE INDEX events_type ON events(type)",
    "CREATE INDEX events_actor ON events(actor)",
    "CREATE INDEX events_target ON events(target)",
    """CREATE TABLE errors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, message TEXT NOT NULL, PRIMARY KEY (article_id, seq))""",
    """CREATE TABLE runs (
        id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
        newsgraph_version TEXT, spacy_version TEXT, model_name TEXT, model_version TEXT,
        settings TEXT NOT NULL, settings_hash TEXT, paths TEXT NOT NULL DEFAULT '[]',
        provenance TEXT NOT NULL DEFAULT '{}',
        stored INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0, with_errors INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'running')""",
    "CREATE INDEX runs_started ON runs(started_at)",
    """CREATE TABLE failures (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        item TEXT NOT NULL, reason TEXT NOT NULL)""",
    "CREATE INDEX failures_run ON failures(run_id)",
    # Full-text index over title and text as an external-content table: the text is stored once (in
    # articles) and the triggers keep the index in step with every insert, update and delete.
    # remove_diacritics 2 makes "cafe" find "café" (and every combining mark, not only the simple ones).
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='n',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.n, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.n, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
    END""",
)

# Version 2 (actors across articles) lives beside the code that maintains the table: store/actors.py.
MIGRATIONS: tuple[tuple[Any, ...], ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: str | os.PathLike, *, readonly: bool = False, create: bool = True) -> sqlite3.Connection:
    """Open and migrate the store at `path` (creating it unless `create` is false or `readonly`);
    every failure is a StoreError."""
    name = str(path)
    memory = name == ":memory:"
    if not memory:
        _check_location(Path(name), readonly or not create)
    try:
        if readonly:
            conn = sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None)
        else:
            conn = sqlite3.connect(name, isolation_level=None)  # autocommit: we BEGIN ourselves
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {name!r}: {exc}; check its permissions, "
                         "or pass a --db path in a writable location") from exc
    try:
        _configure(conn, name, readonly)
        migrate(conn, name, readonly)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_location(path: Path, must_exist: bool) -> None:
    """Catch the usual path mistakes before sqlite3 turns them into 'unable to open database file'."""
    if path.is_dir():
        raise StoreError(f"{str(path)!r} is a directory; pass a file path for the store, e.g. {str(path / 'newsgraph.db')!r}")
    parent = path.parent
    if not parent.is_dir():
        raise StoreError(f"cannot create the store {str(path)!r}: the directory {str(parent)!r} does not exist; "
                         "create it first or pass another --db path")
    if must_exist and not path.exists():
        raise StoreError(f"no store at {str(path)!r}; run `newsgraph ingest` first or pass another --db path")
    if not path.exists() and not os.access(parent, os.W_OK):
        raise StoreError(f"cannot create the store {str(path)!r}: the directory {str(parent)!r} is not writable; "
                         "pass a --db path in a writable directory")


def _configure(conn: sqlite3.Connection, name: str, readonly: bool) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # The first real read of the file: this is where a file that is not SQLite is detected.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not readonly:
            # WAL: readers (the web UI) never block the writer, and a killed writer loses only the
            # transaction in flight. NORMAL is safe in WAL mode against process crashes; only an OS
            # crash or power loss can drop the last commits, never corrupt the file.
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise _open_error(name, exc) from exc


def _open_error(name: str, exc: sqlite3.Error) -> StoreError:
    message = str(exc)
    if "not a database" in message or "malformed" in message:
        return StoreError(f"{name!r} is not a newsgraph store (not an SQLite database: {message}); "
                          "pass another --db path, or move the file away to create a new store there")
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return StoreError(f"cannot write to the store {name!r} ({message}); "
                          "check its permissions or pass a --db path in a writable location")
    return StoreError(f"cannot use the store {name!r}: {message}")


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, name: str = "the store", readonly: bool = False) -> int:
    """Bring the database to SCHEMA_VERSION, one transaction per migration; return the final version."""
    try:
        version = user_version(conn)
    except sqlite3.DatabaseError as exc:
        raise _open_error(name, exc) from exc
    if version > SCHEMA_VERSION:
        raise StoreError(f"the store {name!r} has schema version {version}, newer than this newsgraph "
                         f"understands ({SCHEMA_VERSION}); upgrade newsgraph (pip install -U newsgraph)")
    if version == SCHEMA_VERSION:
        return version
    if readonly:
        raise StoreError(f"the store {name!r} has schema version {version} and needs migrating to "
                         f"{SCHEMA_VERSION}; open it once with write access")
    if version == 0:
        _refuse_foreign(conn, name)
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                if user_version(conn) < target:
                    for step in MIGRATIONS[target - 1]:
                        step(conn) if callable(step) else conn.execute(step)
                    conn.execute(f"PRAGMA user_version = {target}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except sqlite3.Error as exc:
        raise _open_error(name, exc) from exc
    return SCHEMA_VERSION


def _refuse_foreign(conn: sqlite3.Connection, name: str) -> None:
    """Version 0 with tables in it is someone else's database: do not add ours beside theirs."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    if tables:
        raise StoreError(f"{name!r} is an SQLite database but not a newsgraph store (it has tables "
                         f"{', '.join(sorted(tables)[:5])}); pass another --db path")
