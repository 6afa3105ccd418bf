"""The single writer: article batches and the run manifest.

One transaction per batch (BEGIN IMMEDIATE takes the write lock up front, so a second writer waits for
the busy timeout instead of failing half-way). Writes are idempotent on content ids: an article already
stored is counted as a duplicate and none of its records are written again, and every record insert is
INSERT OR IGNORE. So a killed run loses at most the batch in flight, and rerunning it resumes without
duplicating anything. The cross-article actors (actors.py) are updated in the same transaction, from
the articles actually stored, so their totals count every stored article once and nothing else.
"""
from __future__ import annotations

import dataclasses
import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Sequence

from ..errors import StoreError
from ..records import ArticleResult, Span, to_dict
from .actors import ActorCache, Sighting, actor_id, sightings, update_actors

# Run states. "failed" is for a run stopped by an unexpected error, as opposed to Ctrl-C ("interrupted").
RUN_STATUSES = ("running", "finished", "interrupted", "failed")

# SQLite limits the number of ? in one statement (32766 since 3.32, 999 before); stay well under both.
_CHUNK = 500


def _json(value: Any) -> str:
    """Compact JSON that keeps non-ASCII text readable in the database."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _span(span: Span | None) -> tuple:
    return (span.start, span.end, span.text) if span is not None else (None, None, None)


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """What one `write_batch` did: articles newly stored, and articles skipped as already stored."""
    stored: int = 0
    duplicates: int = 0

    def __add__(self, other: "WriteCounts") -> "WriteCounts":
        return WriteCounts(self.stored + other.stored, self.duplicates + other.duplicates)


# Column lists, in the order `_rows` produces values for them.
_COLUMNS = {
    "articles": ("id", "source_id", "title", "url", "source", "published", "language", "dateline",
                 "raw", "text", "meta", "repairs", "headings", "provenance", "run_id", "ingested_at"),
    "entities": ("id", "article_id", "seq", "name", "type", "country", "sector", "cameo_code", "role",
                 "aliases", "place", "component", "n_mentions", "data", "actor_id"),
    "mentions": ("article_id", "start", '"end"', "entity_id", "text"),
    "times": ("id", "article_id", "seq", "start", '"end"', "text", "value", "granularity", "anchor",
              "reason", "component", "data"),
    "places": ("id", "article_id", "seq", "entity", "name", "country", "admin1", "lat", "lon",
               "gazetteer_id", "population", "component", "data"),
    "quotes": ("id", "article_id", "seq", "start", '"end"', "text", "kind", "speaker", "speaker_text",
               "cue_start", "cue_end", "cue_text", "reported_by", "component", "data"),
    "attributions": ("id", "article_id", "seq", "claim_start", "claim_end", "claim_text", "source",
                     "source_text", "cue_start", "cue_end", "cue_text", "component", "data"),
    "events": ("id", "article_id", "seq", "type", "mode", "cameo", "quad_class", "goldstein", "actor",
               "target", "symmetric", "place", "place_source", "date", "date_source", "modality",
               "reported_by", "trigger_start", "trigger_end", "trigger_text", "evidence_start",
               "evidence_end", "confidence", "component", "data"),
    "errors": ("article_id", "seq", "message"),
}
_INSERT = {table: f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
           for table, cols in _COLUMNS.items()}


def _rows(result: ArticleResult, run_id: str | None, now: str) -> dict[str, list[tuple]]:
    """The rows of every table for one article. Builds everything before any insert, so a record that
    cannot be serialised fails the batch before it touches the database."""
    a = result.article
    aid = a.id
    rows: dict[str, list[tuple]] = {table: [] for table in _COLUMNS}
    rows["articles"].append((
        aid, a.source_id, a.title, a.url, a.source, a.published, a.language, a.dateline, a.raw, a.text,
        _json(to_dict(a.meta)), _json(to_dict(a.repairs)), _json(to_dict(a.headings)),
        _json(to_dict(result.provenance)), run_id, now))
    for seq, e in enumerate(result.entities):
        rows["entities"].append((
            e.id, aid, seq, e.name, e.type, e.country, e.sector, e.cameo_code, e.role,
            _json(list(e.aliases)), e.place, e.component, len(e.mentions), _json(to_dict(e)),
            actor_id(e.name, e.type, e.country)))
        rows["mentions"].extend((aid, m.start, m.end, e.id, m.text) for m in e.mentions)
    for seq, t in enumerate(result.times):
        rows["times"].append((t.id, aid, seq, t.start, t.end, t.text, t.value, t.granularity, t.anchor,
                              t.reason, t.component, _json(to_dict(t))))
    for seq, p in enumerate(result.places):
        rows["places"].append((p.id, aid, seq, p.entity, p.name, p.country, p.admin1, p.lat, p.lon,
                               p.gazetteer_id, p.population, p.component, _json(to_dict(p))))
    for seq, q in enumerate(result.quotes):
        rows["quotes"].append((q.id, aid, seq, q.start, q.end, q.text, q.kind, q.speaker, q.speaker_text,
                               *_span(q.cue), _json(to_dict(q.reported_by)), q.component,
                               _json(to_dict(q))))
    for seq, at in enumerate(result.attributions):
        rows["attributions"].append((at.id, aid, seq, *_span(at.claim), at.source, at.source_text,
                                     *_span(at.cue), at.component, _json(to_dict(at))))
    for seq, ev in enumerate(result.events):
        rows["events"].append((
            ev.id, aid, seq, ev.type, ev.mode, ev.cameo, ev.quad_class, ev.goldstein, ev.actor, ev.target,
            bool(ev.symmetric), ev.place, ev.place_source, ev.date, ev.date_source, ev.modality,
            _json(to_dict(ev.reported_by)), *_span(ev.trigger), ev.evidence.start, ev.evidence.end,
            ev.confidence, ev.component, _json(to_dict(ev))))
    rows["errors"].extend((aid, seq, str(message)) for seq, message in enumerate(result.errors))
    return rows


class WriteMixin:
    """Methods of `Store` that change the database. `self._conn` is an autocommit connection."""

    _conn: sqlite3.Connection
    path: str
    _actor_cache: ActorCache

    def _stored_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            found.update(r[0] for r in self._conn.execute(
                f"SELECT id FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are already stored (so the pipeline can skip them before NLP)."""
        return self._stored_ids(list(dict.fromkeys(ids)))

    def write_batch(self, results: Sequence[ArticleResult], run_id: str | None = None) -> WriteCounts:
        """Store a batch of results in one transaction; all of it is stored or none of it."""
        results = list(results)
        if not results:
            return WriteCounts()
        now = _now()
        try:
            return self._write_batch(results, run_id, now)
        except BaseException:
            # The fold changed the cached actor totals before the rollback undid them in the database.
            self._actor_cache.clear()
            raise

    def _write_batch(self, results: list[ArticleResult], run_id: str | None, now: str) -> WriteCounts:
        with self._transaction("write a batch of articles"):
            seen = self._stored_ids([r.article.id for r in results])
            batch: dict[str, list[tuple]] = {table: [] for table in _COLUMNS}
            seen_entities: list[Sighting] = []
            stored = duplicates = 0
            for result in results:
                if result.article.id in seen:  # stored earlier, or twice in this batch
                    duplicates += 1
                    continue
                seen.add(result.article.id)
                for table, rows in _rows(result, run_id, now).items():
                    batch[table].extend(rows)
                seen_entities.extend(sightings(result, now))
                stored += 1
            # Actors first (entities.actor_id points at them), then articles: every other child row's
            # foreign key points at one.
            if seen_entities:
                update_actors(self._conn, seen_entities, self._actor_cache)
            for table, rows in batch.items():
                if rows:
                    self._conn.executemany(_INSERT[table], rows)
        return WriteCounts(stored, duplicates)

    def _transaction(self, what: str) -> "_Transaction":
        return _Transaction(self._conn, what, str(self.path))

    # --- the run manifest ----------------------------------------------------------------------

    def begin_run(self, settings: Any, paths: Iterable[Any] = (), provenance: Mapping[str, Any] | None = None) -> str:
        """Record the start of a run and return its id (sortable by start time)."""
        provenance = dict(provenance or {})
        started = datetime.now(timezone.utc)
        run_id = f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        settings_data = dataclasses.asdict(settings) if dataclasses.is_dataclass(settings) else dict(settings)
        digest = settings.digest() if hasattr(settings, "digest") else None
        version = provenance.get("newsgraph_version") or provenance.get("newsgraph") or _newsgraph_version()
        with self._transaction("record the run"):
            self._conn.execute(
                "INSERT INTO runs (id, started_at, newsgraph_version, spacy_version, model_name, "
                "model_version, settings, settings_hash, paths, provenance, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')",
                (run_id, started.isoformat(timespec="seconds"), version,
                 provenance.get("spacy_version") or provenance.get("spacy"),
                 provenance.get("model") or provenance.get("model_name") or settings_data.get("model"),
                 provenance.get("model_version"), _json(settings_data), digest,
                 _json([str(p) for p in paths]), _json(to_dict(provenance))))
        return run_id

    def record_failure(self, run_id: str, item: str, reason: str) -> None:
        """Note an input item that could not be used (the run goes on)."""
        with self._transaction("record a failed item"):
            self._conn.execute("INSERT INTO failures (run_id, item, reason) VALUES (?, ?, ?)",
                               (run_id, str(item), str(reason)))

    def finish_run(self, run_id: str, counts: Any = None, status: str = "finished") -> None:
        """Close a run with its totals: `counts` is a mapping or an object with stored, duplicates,
        failed and (optionally) with_errors, the articles stored with a per-component error."""
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}; use one of {', '.join(RUN_STATUSES)}")

        def get(name: str) -> int:
            if counts is None:
                return 0
            value = counts.get(name, 0) if isinstance(counts, Mapping) else getattr(counts, name, 0)
            return int(value or 0)

        with self._transaction("finish the run"):
            found = self._conn.execute(
                "UPDATE runs SET finished_at = ?, stored = ?, duplicates = ?, failed = ?, with_errors = ?, "
                "status = ? WHERE id = ?",
                (_now(), get("stored"), get("duplicates"), get("failed"), get("with_errors"), status,
                 run_id)).rowcount
        if not found:
            raise StoreError(f"no run {run_id!r} in the store {str(self.path)!r}; start it with begin_run")


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included).

    sqlite3 errors become StoreError with what was being done; other exceptions pass through unchanged,
    since they are bugs in the records rather than problems with the database."""

    def __init__(self, conn: sqlite3.Connection, what: str, path: str):
        self.conn, self.what, self.path = conn, what, path

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return None
            except sqlite3.Error as error:
                exc = error
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise self._error(exc) from exc
        return None  # re-raises the original exception

    def _error(self, exc: sqlite3.Error) -> StoreError:
        message = str(exc)
        if "readonly" in message or "read-only" in message:
            hint = "the store is read-only: check its permissions or open it without readonly=True"
        elif "locked" in message or "busy" in message:
            hint = "another process is writing to it; wait for it to finish or use another --db path"
        elif "full" in message:
            hint = "the disk is full; free space and rerun (stored articles are kept and skipped)"
        else:
            hint = "nothing of this batch was stored; rerun to resume"
        return StoreError(f"cannot {self.what} in {self.path!r}: {message}; {hint}")


def _newsgraph_version() -> str | None:
    try:
        from .. import __version__
        return __version__
    except ImportError:  # pragma: no cover - the package always defines it
        return None
