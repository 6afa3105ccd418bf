"""The library functions behind the CLI's commands: ingest into a store, extract to documents.

The CLI only parses arguments and calls these; everything they do is usable from Python too.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.errors import Failure
from newsgraph.records import Article, ArticleResult
from newsgraph.settings import Settings


@dataclass
class RunSummary:
    stored: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    errors: int = 0          # articles stored with a per-component error
    run_id: str | None = None
    status: str = "running"

    @property
    def processed(self) -> int:
        return self.stored + self.duplicates + len(self.failed)


Progress = Callable[[RunSummary], None]


def make_pipeline(settings: Settings, workers: int = 1):
    """The in-process Pipeline for one worker; for more, a ParallelPipeline (the model in each worker)."""
    if workers > 1:
        from newsgraph.parallel import ParallelPipeline

        return ParallelPipeline(settings, workers)
    from newsgraph.pipeline import Pipeline

    return Pipeline(settings)


def extract(paths: Iterable[str], settings: Settings, pipeline=None,
            workers: int = 1) -> Iterator[ArticleResult | Failure]:
    """Every article's result (or Failure), in input order, with no database."""
    from newsgraph.ingest import read_articles

    pipeline = pipeline or make_pipeline(settings, workers)
    return pipeline.run(read_articles(paths, settings))


def ingest(paths: list[str], db: str | Path, settings: Settings, progress: Progress | None = None,
           pipeline=None, workers: int = 1) -> RunSummary:
    """Read, extract and store every article under `paths`; skip those already stored before any NLP.

    Results are written one transaction per `settings.batch_size` articles, so an interrupted run loses
    at most the batch in flight, and a rerun picks up where it stopped without storing anything twice.
    With `workers` > 1 the NLP runs in that many processes; this one still reads, skips and writes."""
    from newsgraph.ingest import read_articles
    from newsgraph.store import Store

    summary = RunSummary()
    with Store(db) as store:
        pipeline = pipeline or make_pipeline(settings, workers)
        summary.run_id = store.begin_run(settings, [str(p) for p in paths], pipeline.provenance)
        batch: list[ArticleResult] = []

        def flush() -> None:
            if batch:
                counts = store.write_batch(batch, summary.run_id)
                summary.stored += counts.stored
                summary.duplicates += counts.duplicates
                batch.clear()

        try:
            fresh = _not_stored(read_articles(paths, settings), store, summary, settings.batch_size)
            for item in pipeline.run(fresh):
                if isinstance(item, Failure):
                    store.record_failure(summary.run_id, item.item, item.reason)
                    summary.failed.append(item)
                else:
                    batch.append(item)
                    summary.errors += bool(item.errors)
                    if len(batch) >= settings.batch_size:
                        flush()
                if progress:
                    progress(summary)
            flush()
            summary.status = "finished"
        except BaseException:
            summary.status = "interrupted"
            raise
        finally:
            if hasattr(pipeline, "close"):  # a ParallelPipeline: stop its workers (at once if interrupted)
                pipeline.close(kill=summary.status != "finished")
            store.finish_run(summary.run_id, _counts(summary), summary.status)
    return summary


def _not_stored(items: Iterable[Article | Failure], store, summary: RunSummary,
                chunk: int) -> Iterator[Article | Failure]:
    """The items whose article is not stored yet (nor seen earlier in this run): no NLP for the rest."""
    seen: set[str] = set()
    it = iter(items)
    while group := list(itertools.islice(it, chunk)):
        stored = store.has_articles([a.id for a in group if isinstance(a, Article)])
        for item in group:
            if isinstance(item, Article) and (item.id in stored or item.id in seen):
                summary.duplicates += 1
                continue
            if isinstance(item, Article):
                seen.add(item.id)
            yield item


def _counts(summary: RunSummary) -> dict:
    return {"stored": summary.stored, "duplicates": summary.duplicates, "failed": len(summary.failed),
            "with_errors": summary.errors}


def estimate_items(paths: Iterable[str]) -> int | None:
    """About how many articles `paths` hold (files, and lines of JSONL), for the progress bar's ETA."""
    from newsgraph.ingest import readers

    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if not f.is_file() or f.name.endswith(".meta.json"):
                continue
            if f.suffix == ".jsonl":
                with open(f, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif f.suffix.lower() in readers.EXTENSIONS:
                total += 1
    return total
