"""The Spark run's tables back into ArticleResults (the inverse of export.table_rows), and into a store.

Every column of the tables is read back, so a document rebuilt here is the document the local engine
prints for the same article: tests/test_spark.py holds the two engines to that.
"""
from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import Failure, UsageError
from newsgraph.records import (Article, ArticleResult, Attribution, Entity, Event, Place, Quote, Repair,
                               Span, TimeExpr, from_dict)
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
    entities = []
    for row in rows["entities"]:
        data = {k: v for k, v in row.items() if k not in ("article_id", "actor_id", "n_mentions")}
        data["aliases"] = json.loads(data["aliases"])
        entity = from_dict(Entity, data)
        entities.append(dataclasses.replace(entity, mentions=tuple(mentions[entity.id])))
    found = {table: tuple(_record(cls, row) for row in rows[table]) for table, cls in _RECORDS.items()}
    return ArticleResult(
        article=Article(
            id=article["id"], raw=article["raw"], text=article["text"], source_id=article["source_id"],
            title=article["title"], url=article["url"], source=article["source"],
            published=article["published"], language=article["language"], dateline=article["dateline"],
            meta=json.loads(article["meta"]),
            repairs=tuple(from_dict(Repair, r) for r in json.loads(article["repairs"])),
            headings=tuple(from_dict(Span, h) for h in json.loads(article["headings"]))),
        entities=tuple(entities), errors=tuple(json.loads(article["errors"])),
        provenance=json.loads(article["provenance"]), **found)


def _record(cls: type, row: dict) -> Any:
    """A flat row back into its record: `<name>_start/_end/_text` into a span, JSON text into values."""
    data: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f"{f.name}_start" in row:
            start = row[f"{f.name}_start"]
            data[f.name] = None if start is None else {
                "start": start, "end": row[f"{f.name}_end"], "text": row[f"{f.name}_text"]}
        elif f.name in row:
            value = row[f.name]
            if isinstance(value, str) and f.name == "reported_by":  # a Source, JSON-encoded by _flatten
                value = json.loads(value)
            data[f.name] = value
    return from_dict(cls, data)


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
        table = output.read_chunk("articles", chunk)
        if table.num_rows:
            return json.loads(table.column("provenance")[0].as_py())
    return {}
