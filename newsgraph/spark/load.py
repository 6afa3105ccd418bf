"""The Spark run's tables back into ArticleResults (the inverse of export.table_rows), and into a store.

Every column of the tables is read back, so a document rebuilt here is the document the local engine
prints for the same article: tests/test_spark.py holds the two engines to that.
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import Failure, UsageError
from newsgraph.records import (Article, ArticleResult, Attribution, Entity, Event, Place, Quote, Span,
                               TimeExpr, field_types, from_dict)
from newsgraph.spark.layout import MANIFEST, Output

_RECORDS = {"times": TimeExpr, "places": Place, "quotes": Quote, "attributions": Attribution,
            "events": Event}


@dataclass
class LoadSummary:
    stored: int = 0
    duplicates: int = 0
    chunks: int = 0               # chunks read
    unfinished: int = 0           # chunks the Spark run has not finished (not read)
    failed: list[Failure] = field(default_factory=list)


def open_output(directory: str) -> tuple[Output, dict]:
    output = Output.at(directory)
    try:
        manifest = output.manifest()
    except OSError as exc:
        raise UsageError(f"cannot read {directory}: {exc}") from None
    if manifest is None or "chunks" not in manifest:
        raise UsageError(f"{directory} is not the output of `newsgraph extract --engine spark` "
                         f"(no {MANIFEST} in it)")
    return output, manifest


def chunk_results(output: Output, chunk: int) -> tuple[list[ArticleResult], list[Failure]]:
    """One finished chunk's results, in the order written, and its failed items."""
    rows = {table: output.read_chunk(table, chunk).to_pylist()
            for table in ("articles", "entities", "mentions", *_RECORDS, "failures")}
    by_article: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for table in ("entities", "mentions", *_RECORDS):
        for row in rows[table]:
            by_article[row["article_id"]][table].append(row)
    results = [_result(row, by_article[row["id"]]) for row in rows["articles"]]
    failures = [Failure(r["item"], r["reason"], r["kind"]) for r in rows["failures"]]
    return results, failures


def iter_results(directory: str) -> Iterator[ArticleResult]:
    """Every result of a Spark output, chunk by chunk (memory: one chunk)."""
    output, _manifest = open_output(directory)
    for chunk in sorted(output.done()):
        yield from chunk_results(output, chunk)[0]


def _result(article: dict, rows: dict[str, list[dict]]) -> ArticleResult:
    mentions: dict[str, list[Span]] = defaultdict(list)
    for m in rows["mentions"]:
        mentions[m["entity_id"]].append(Span(m["start"], m["end"], m["text"]))
    # An entity row keeps only the number of its mentions; they come back from their own table.
    entities = tuple(dataclasses.replace(entity, mentions=tuple(mentions[entity.id]))
                     for entity in (_record(Entity, row) for row in rows["entities"]))
    found = {table: tuple(_record(cls, row) for row in rows[table]) for table, cls in _RECORDS.items()}
    return ArticleResult(article=_record(Article, article), entities=entities,
                         errors=tuple(json.loads(article["errors"])),
                         provenance=json.loads(article["provenance"]), **found)


def _record(cls: type, row: dict) -> Any:
    """A flat row back into its record, undoing export._flatten: `<name>_start/_end/_text` into a span,
    and the JSON text of every field that holds records, lists or a mapping back into values. Columns the
    record has no field for (article_id, actor_id, n_mentions) are left out."""
    hints = field_types(cls)
    data: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f"{f.name}_start" in row:
            start = row[f"{f.name}_start"]
            data[f.name] = None if start is None else {
                "start": start, "end": row[f"{f.name}_end"], "text": row[f"{f.name}_text"]}
        elif f.name in row:
            value = row[f.name]
            data[f.name] = json.loads(value) if isinstance(value, str) and _nested(hints[f.name]) else value
    return from_dict(cls, data)


def _nested(hint: Any) -> bool:
    """Whether a field holds what _flatten writes as JSON: a record, a tuple or a dict (maybe None)."""
    inner = [a for a in typing.get_args(hint) if a is not type(None)] \
        if typing.get_origin(hint) in (typing.Union, types.UnionType) else [hint]
    return any(dataclasses.is_dataclass(h) or h is dict or typing.get_origin(h) in (tuple, dict) for h in inner)


def load(directory: str, db: str, batch_size: int = 200) -> LoadSummary:
    """Merge the finished chunks of a Spark output into the store at `db`; articles already stored
    are skipped, so loading twice (or after a rerun finished more chunks) stores each one once."""
    from newsgraph.store import Store

    output, manifest = open_output(directory)
    done = output.done()
    summary = LoadSummary(chunks=len(done), unfinished=manifest["chunks"] - len(done))
    with Store(db) as store:
        run_id = store.begin_run(manifest.get("settings", {}), [directory], _provenance(output, done))
        status = "interrupted"
        try:
            for chunk in sorted(done):
                results, failures = chunk_results(output, chunk)
                for start in range(0, len(results), batch_size):
                    counts = store.write_batch(results[start:start + batch_size], run_id)
                    summary.stored += counts.stored
                    summary.duplicates += counts.duplicates
                for failure in failures:
                    store.record_failure(run_id, failure.item, failure.reason)
                summary.failed.extend(failures)
            status = "finished"
        finally:
            store.finish_run(run_id, {"stored": summary.stored, "duplicates": summary.duplicates,
                                      "failed": len(summary.failed)}, status)
    return summary


def _provenance(output: Output, done: dict) -> dict:
    """The pipeline's provenance, from the first article of the output (every article carries it)."""
    for chunk in sorted(done):
        table = output.read_chunk("articles", chunk, columns=["provenance"])
        if table.num_rows:
            return json.loads(table.column("provenance")[0].as_py())
    return {}
