"""One chunk on an executor: clean its drafts, run the pipeline, write its tables, mark it done.

The model is loaded once per Python worker process (Spark reuses its Python workers between tasks) and
kept for every later chunk with the same settings.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator

from newsgraph.errors import Failure
from newsgraph.records import Article, ArticleResult
from newsgraph.settings import Settings
from newsgraph.spark.layout import TABLES, Output, schema

log = logging.getLogger(__name__)

_pipelines: dict[Settings, object] = {}


def pipeline_for(settings: Settings):
    if settings not in _pipelines:
        import newsgraph.nlp.load  # noqa: F401  (OPENBLAS_NUM_THREADS=1 before numpy loads)
        from newsgraph.pipeline import Pipeline

        _pipelines.clear()  # one model a process: a worker that gets other settings drops the old one
        _pipelines[settings] = Pipeline(settings)
    return _pipelines[settings]


def run_partition(out: Output, settings: Settings, todo: frozenset[int], chunk: int,
                  entries: Iterable[tuple[int, tuple]]) -> Iterator[dict]:
    """mapPartitionsWithIndex: partition `chunk` holds that chunk's entries (partitionBy on the chunk).
    A chunk to do is written (empty tables too) and marked done; the marker's counts go to the driver."""
    if chunk not in todo:
        return
    started = time.monotonic()
    items = [item for _chunk, (_position, item) in sorted(entries, key=lambda e: e[1][0])]
    results, duplicates = extract_chunk(items, settings)
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    failures: list[Failure] = []
    with_errors = 0
    from newsgraph.export import table_rows

    for result in results:
        if isinstance(result, Failure):
            failures.append(result)
            rows["failures"].append({"item": result.item, "reason": result.reason, "kind": result.kind})
            continue
        with_errors += bool(result.errors)
        for table, table_part in table_rows(result).items():
            rows[table].extend(table_part)
    import pyarrow as pa

    tables = {table: pa.Table.from_pylist(rows[table], schema=schema(table)) for table in TABLES}
    marker = {"chunk": chunk, "articles": len(rows["articles"]), "duplicates": duplicates,
              "failed": len(failures), "with_errors": with_errors,
              "seconds": round(time.monotonic() - started, 3), "settings_digest": settings.digest()}
    out.write_chunk(chunk, tables, marker)
    yield {**marker, "failures": [(f.item, f.reason, f.kind) for f in failures]}


def extract_chunk(items: list, settings: Settings) -> tuple[list[ArticleResult | Failure], int]:
    """Each item's result in order, duplicates (the same article id again) left out and counted."""
    from newsgraph.ingest import build_item
    from newsgraph.parallel import process_batch

    pipeline = pipeline_for(settings)
    seen: set[str] = set()
    built: list[Article | Failure] = []
    duplicates = 0
    for draft in items:
        item = draft if isinstance(draft, Failure) else build_item(draft, settings)
        if isinstance(item, Article):
            if item.id in seen:
                duplicates += 1
                continue
            seen.add(item.id)
        built.append(item)
    results: list[ArticleResult | Failure] = []
    step = settings.batch_size
    for start in range(0, len(built), step):  # small batches: a batch that raises is retried one by one
        results.extend(process_batch(pipeline, built[start:start + step]))
    return results, duplicates
