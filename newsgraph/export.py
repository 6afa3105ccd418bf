"""Exports of stored results: JSONL documents, and CSV or Parquet tables (one per record type).

`export(store, fmt, out)` streams `store.iter_results()` (or any iterable of ArticleResult), so memory
stays flat however large the store. JSONL lines are exactly `records.document(result)`, the shape
`newsgraph extract` prints. The tables flatten each record: spans become `<name>_start/_end/_text`
columns, lists, dicts and sources are JSON-encoded, and every row carries its `article_id`.

The `actors` table (one row per actor across articles; entities point at it by `actor_id`) is read
from the store's actors table; exported from results without a store, it is totalled on the way with
the store's own code, ingest dates then being the export's time.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import UsageError
from .records import ArticleResult, document, to_dict
from .store.actors import COLUMNS as ACTOR_COLUMNS, actor_id, fold, sightings

FORMATS = ("jsonl", "csv", "parquet")

# Column types, named here so pyarrow is only imported when Parquet is written.
S, I, F, B = "string", "int64", "float64", "bool"


def _span_cols(name: str) -> list[tuple[str, str]]:
    return [(f"{name}_start", I), (f"{name}_end", I), (f"{name}_text", S)]


# The table layouts: (column, type) in file order. Explicit, so an empty export still has its columns.
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [("id", S), ("source_id", S), ("title", S), ("url", S), ("source", S), ("published", S),
                 ("language", S), ("dateline", S), ("raw", S), ("text", S), ("meta", S), ("repairs", S),
                 ("headings", S), ("errors", S), ("provenance", S)],
    "entities": [("article_id", S), ("id", S), ("actor_id", S), ("name", S), ("type", S), ("country", S),
                 ("sector", S), ("cameo_code", S), ("role", S), ("aliases", S), ("place", S),
                 ("n_mentions", I), ("component", S)],
    "mentions": [("article_id", S), ("entity_id", S), ("start", I), ("end", I), ("text", S)],
    "times": [("article_id", S), ("id", S), ("start", I), ("end", I), ("text", S), ("value", S),
              ("granularity", S), ("anchor", S), ("reason", S), ("component", S)],
    "places": [("article_id", S), ("id", S), ("entity", S), ("name", S), ("country", S), ("admin1", S),
               ("lat", F), ("lon", F), ("gazetteer_id", S), ("population", I), ("component", S)],
    "quotes": [("article_id", S), ("id", S), ("start", I), ("end", I), ("text", S), ("kind", S),
               ("speaker", S), ("speaker_text", S), *_span_cols("cue"), ("reported_by", S),
               ("component", S)],
    "attributions": [("article_id", S), ("id", S), *_span_cols("claim"), ("source", S),
                     ("source_text", S), *_span_cols("cue"), ("component", S)],
    "events": [("article_id", S), ("id", S), ("type", S), ("mode", S), ("cameo", S), ("quad_class", I),
               ("goldstein", F), ("actor", S), ("target", S), ("symmetric", B), ("place", S),
               ("place_source", S), ("date", S), ("date_source", S), ("modality", S),
               ("reported_by", S), *_span_cols("trigger"), *_span_cols("evidence"), ("confidence", F),
               ("component", S)],
    # Not per article: written after the others, from the store (see the module docstring). `names`,
    # `sectors` and `cameo_codes` are the counts (JSON) the majority name, sector and code come from.
    "actors": [("id", S), ("key", S), ("name", S), ("type", S), ("country", S), ("sector", S),
               ("cameo_code", S), ("latest_role", S), ("latest_role_date", S), ("aliases", S),
               ("names", S), ("sectors", S), ("cameo_codes", S), ("n_mentions", I), ("n_articles", I),
               ("first_seen", S), ("last_seen", S), ("seen_basis", S)],
}
# The tables with rows per article (table_rows); `actors` is not one of them.
ARTICLE_TABLES = tuple(t for t in TABLES if t != "actors")

# Rows buffered per table before a Parquet row group is written. Article rows carry the raw and the
# cleaned text (~10 KB for a long news story), so they flush sooner than the small record rows.
_PARQUET_BATCH = {"articles": 1_000}
_PARQUET_BATCH_DEFAULT = 20_000


def _json(value: Any) -> str:
    return json.dumps(to_dict(value), ensure_ascii=False, separators=(",", ":"))


def _flatten(record: Any, article_id: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record as one flat row: spans split into three columns, nested values as JSON."""
    row: dict[str, Any] = {"article_id": article_id}
    for key, value in to_dict(record).items():
        if key in skip:
            continue
        if isinstance(value, dict) and set(value) == {"start", "end", "text"}:
            row[f"{key}_start"], row[f"{key}_end"], row[f"{key}_text"] = value["start"], value["end"], value["text"]
        elif isinstance(value, (dict, list)):
            row[key] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            row[key] = value
    return row


def table_rows(result: ArticleResult) -> dict[str, list[dict[str, Any]]]:
    """The rows of every export table for one result (keys may include columns a table omits)."""
    a = result.article
    aid = a.id
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [{
            "id": aid, "source_id": a.source_id, "title": a.title, "url": a.url, "source": a.source,
            "published": a.published, "language": a.language, "dateline": a.dateline, "raw": a.raw,
            "text": a.text, "meta": _json(a.meta), "repairs": _json(a.repairs),
            "headings": _json(a.headings), "errors": _json(list(result.errors)),
            "provenance": _json(result.provenance)}],
        "mentions": [{"article_id": aid, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text}
                     for e in result.entities for m in e.mentions],
    }
    # The mentions have their own table; an entity row keeps only their number.
    rows["entities"] = [{**_flatten(e, aid, skip=("mentions",)), "n_mentions": len(e.mentions),
                         "actor_id": actor_id(e.name, e.type, e.country)} for e in result.entities]
    for table in ("times", "places", "quotes", "attributions", "events"):
        rows[table] = [_flatten(r, aid) for r in getattr(result, table)]
    return rows


def export(store: Any, fmt: str, out: str | os.PathLike) -> dict[str, int]:
    """Write every result of `store` (a Store, or an iterable of ArticleResult) as `fmt` to `out`.

    jsonl: `out` is a file, or "-" for stdout. csv, parquet: `out` is a directory (created if needed)
    that receives one file per table. Returns the number of rows written per table."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if hasattr(store, "iter_results"):
        results, actors = store.iter_results(), _StoredActors(store)
    else:
        actors = _ActorTotals()
        results = actors.watch(store)
    writer: Callable[..., dict[str, int]] = {
        "jsonl": _export_jsonl, "csv": _export_csv, "parquet": _export_parquet}[fmt]
    try:
        if fmt == "jsonl":  # documents only: actors are not part of the contract's document
            return writer(results, os.fspath(out))
        return writer(results, actors, os.fspath(out))
    except OSError as exc:
        raise UsageError(f"cannot write the {fmt} export to {os.fspath(out)!r}: "
                         f"{exc.strerror or exc}; pass another output path") from exc


class _StoredActors:
    """The actor rows of a store, as stored."""

    def __init__(self, store: Any):
        self.store = store

    def rows(self) -> Iterable[dict[str, Any]]:
        return self.store.iter_actors()


class _ActorTotals:
    """Actor rows totalled from the results as they stream past (an export without a store)."""

    def __init__(self) -> None:
        self.actors: dict = {}
        self.now = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def watch(self, results: Iterable[ArticleResult]) -> Iterable[ArticleResult]:
        seen: set[str] = set()
        for result in results:
            if result.article.id not in seen:  # as the store: a repeated article counts once
                seen.add(result.article.id)
                fold(sightings(result, self.now), self.actors)
            yield result

    def rows(self) -> Iterable[dict[str, Any]]:
        for actor in self.actors.values():
            yield dict(zip(ACTOR_COLUMNS, actor.row()))


def _empty_counts(tables: Iterable[str] = TABLES) -> dict[str, int]:
    return {table: 0 for table in tables}


def _count(counts: dict[str, int], result: ArticleResult) -> None:
    counts["articles"] += 1
    counts["mentions"] += sum(len(e.mentions) for e in result.entities)
    for table in ("entities", "times", "places", "quotes", "attributions", "events"):
        counts[table] += len(getattr(result, table))


def _export_jsonl(results: Iterable[ArticleResult], out: str) -> dict[str, int]:
    counts = _empty_counts(ARTICLE_TABLES)
    with ExitStack() as stack:
        if out == "-":
            stream = sys.stdout
        else:
            stream = stack.enter_context(open(out, "w", encoding="utf-8", newline="\n"))
        for result in results:
            stream.write(json.dumps(document(result), ensure_ascii=False, separators=(",", ":")) + "\n")
            _count(counts, result)
        stream.flush()
    return counts


def _directory(out: str, fmt: str) -> Path:
    if out == "-":
        raise UsageError(f"the {fmt} export writes one file per table; pass a directory, not '-'")
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{out!r} is a file; the {fmt} export needs a directory to put its tables in")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):  # as in JSON, not Python's True/False
        return "true" if value else "false"
    return value


def _export_csv(results: Iterable[ArticleResult], actors: Any, out: str) -> dict[str, int]:
    directory = _directory(out, "csv")
    counts = _empty_counts()
    with ExitStack() as stack:
        writers = {}
        for table, columns in TABLES.items():
            handle = stack.enter_context(open(directory / f"{table}.csv", "w", encoding="utf-8", newline=""))
            writers[table] = csv.writer(handle)
            writers[table].writerow([name for name, _ in columns])
        names = {table: [name for name, _ in columns] for table, columns in TABLES.items()}
        for result in results:
            for table, rows in table_rows(result).items():
                writers[table].writerows([_csv_value(row.get(n)) for n in names[table]] for row in rows)
                counts[table] += len(rows)
        for row in actors.rows():  # after the results: totalled from them when there is no store
            writers["actors"].writerow([_csv_value(row.get(n)) for n in names["actors"]])
            counts["actors"] += 1
    return counts


def _arrow_schema(table: str):
    import pyarrow as pa

    types = {S: pa.string(), I: pa.int64(), F: pa.float64(), B: pa.bool_()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in TABLES[table]])


def _export_parquet(results: Iterable[ArticleResult], actors: Any, out: str) -> dict[str, int]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise UsageError("Parquet export needs pyarrow: pip install pyarrow") from exc
    directory = _directory(out, "parquet")
    counts = _empty_counts()
    schemas = {table: _arrow_schema(table) for table in TABLES}
    buffers: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}

    def flush(table: str, writer) -> None:
        if buffers[table]:
            writer.write_batch(pa.RecordBatch.from_pylist(buffers[table], schema=schemas[table]))
            buffers[table] = []

    with ExitStack() as stack:
        writers = {table: stack.enter_context(pq.ParquetWriter(str(directory / f"{table}.parquet"), schemas[table]))
                   for table in TABLES}
        for result in results:
            for table, rows in table_rows(result).items():
                buffers[table].extend(rows)
                counts[table] += len(rows)
                if len(buffers[table]) >= _PARQUET_BATCH.get(table, _PARQUET_BATCH_DEFAULT):
                    flush(table, writers[table])
        for row in actors.rows():
            buffers["actors"].append(row)
            counts["actors"] += 1
            if len(buffers["actors"]) >= _PARQUET_BATCH_DEFAULT:
                flush("actors", writers["actors"])
        for table, writer in writers.items():
            flush(table, writer)
    return counts
