"""The NLP pipeline in N worker processes: `ParallelPipeline(settings, workers)` stands in for `Pipeline`.

The main process reads and cleans the articles (and, for ingest, skips the stored ones and writes the
store: it stays the single writer). Articles go to the workers in chunks of `settings.batch_size`; each
worker loads the model once (its initializer builds one Pipeline) and sends back one ArticleResult, or a
Failure, per article. At most 2 × workers chunks are in flight, so memory stays bounded whatever the
input. Results come back in input order (so `extract` prints in input order and a store's order is the
same as with one process), with the reader's Failures where they stood.

A worker that dies (killed, out of memory) turns the articles of the chunks in flight into Failures that
say so, and a fresh pool takes the rest; a rerun of ingest retries just those articles. Workers ignore
Ctrl-C; the main process stops them.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import newsgraph.nlp.load  # noqa: F401  (sets OPENBLAS_NUM_THREADS=1 etc., which the workers inherit)
from newsgraph.errors import Failure
from newsgraph.records import Article, ArticleResult
from newsgraph.settings import Settings

log = logging.getLogger(__name__)

# One per worker process: the Pipeline its initializer built, or the error that stopped it.
_pipeline = None
_init_error: BaseException | None = None


def _init_worker(settings: Settings, log_level: int) -> None:
    global _pipeline, _init_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s: %(message)s")
    try:
        from newsgraph.pipeline import Pipeline

        _pipeline = Pipeline(settings)
    except BaseException as exc:  # kept, and raised by every task, so the main process sees why
        _init_error = exc


def _worker_pipeline():
    if _init_error is not None:
        raise _init_error
    return _pipeline


def _provenance() -> dict:
    return _worker_pipeline().provenance


def _process(articles: list[Article]) -> list[ArticleResult | Failure]:
    return process_batch(_worker_pipeline(), articles)


def process_batch(pipeline, articles: list[Article | Failure]) -> list[ArticleResult | Failure]:
    """One result per article, in order. If the batch raises, each article alone, so only the one
    whose extraction raised becomes a Failure."""
    try:
        return list(pipeline.run(articles))
    except Exception:
        log.debug("a batch failed; retrying its articles one by one", exc_info=True)
    out: list[ArticleResult | Failure] = []
    for article in articles:
        try:
            out.extend(pipeline.run([article]))
        except Exception as exc:
            log.exception("extraction failed on %s", article.origin or article.id)
            out.append(Failure(article.origin or article.id,
                               f"extraction failed ({type(exc).__name__}: {exc})", "extraction"))
    return out


class ParallelPipeline:
    """Pipeline's `provenance` and `run`, with the NLP in `workers` processes. One run per instance:
    the pool is shut down when `run` ends (or by `close`)."""

    def __init__(self, settings: Settings | None = None, workers: int = 2):
        self.settings = settings or Settings()
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._start_pool()
        try:
            # Also waits for a worker to load the model; a ModelError raised there is raised here.
            self.provenance = self._pool.submit(_provenance).result()
        except BaseException:
            self.close()
            raise

    def _start_pool(self) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),  # each worker imports cleanly
            initializer=_init_worker,
            initargs=(self.settings, logging.getLogger().getEffectiveLevel()),
        )

    def close(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:  # Ctrl-C or an error: do not wait for the chunks in flight
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                if process.is_alive():
                    process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "ParallelPipeline":
        return self

    def __exit__(self, *exc) -> None:
        self.close(kill=exc[0] is not None)

    def run(self, items: Iterable[Article | Failure]) -> Iterator[ArticleResult | Failure]:
        """Each Article's result and each Failure, in input order."""
        size = self.settings.batch_size
        in_flight: deque[tuple[list, Future | None]] = deque()
        it = iter(items)
        ok = False
        try:
            while True:
                while len(in_flight) < 2 * self.workers:
                    chunk = _take(it, size)
                    if not chunk:
                        break
                    articles = [a for a in chunk if isinstance(a, Article)]
                    in_flight.append((chunk, self._submit(articles) if articles else None))
                if not in_flight:
                    break
                chunk, future = in_flight.popleft()
                yield from _merge(chunk, self._result(future, chunk))
            ok = True
        finally:
            self.close(kill=not ok)

    def _submit(self, articles: list[Article]) -> Future:
        if self._pool is None or getattr(self._pool, "_broken", False):
            if self._pool is not None:
                self.close(kill=True)
            self._start_pool()
        try:
            return self._pool.submit(_process, articles)
        except BrokenProcessPool:
            self.close(kill=True)
            self._start_pool()
            return self._pool.submit(_process, articles)

    def _result(self, future: Future | None, chunk: list) -> list[ArticleResult | Failure]:
        if future is None:
            return []
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("a worker process died; the %d articles of its batch were not processed",
                        sum(isinstance(a, Article) for a in chunk))
            reason = ("not processed: a worker process died (killed, or out of memory?) while its batch "
                      "was in flight; rerun to retry it")
            return [Failure(a.origin or a.id, reason, "worker") for a in chunk if isinstance(a, Article)]


def _take(it: Iterator, n: int) -> list:
    chunk = []
    for item in it:
        chunk.append(item)
        if len(chunk) >= n:
            break
    return chunk


def _merge(chunk: list, results: list) -> Iterator[ArticleResult | Failure]:
    """The chunk's items in order: its Failures as they stood, each Article replaced by its result."""
    results = iter(results)
    for item in chunk:
        if isinstance(item, Failure):
            yield item
        else:
            yield next(results)
