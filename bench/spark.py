"""Throughput of `newsgraph extract --engine spark` in local mode, local[1] and local[2], and its scaling.

    python bench/spark.py [--jsonl FILE] [--repeat 10] [--runs 3] [--cores 1,2] [--chunk-size 50]

The texts are those of bench/throughput.py (the Wikinews corpus repeated --repeat times, each copy made
distinct). Each run is the whole command in a fresh process, as a user runs it. Two times are reported:
the job (what the engine records in DIR/_runs/: reading the input, the shuffle into chunks, each Python
worker loading the model, the pipeline, the Parquet tables written) and the whole command (the JVM
starting and the input counted besides). Throughput and scaling efficiency are the job's: the start-up
is a fixed cost of a few seconds that a real corpus spreads over hours. Bare spaCy (`nlp.pipe`, the same
model, one process per core, model loading excluded) runs alternately on the same texts, for the ratio.
Peak RSS is the largest total, sampled every 0.2 s, of the whole process tree (the driver, the JVM and
its Python workers), and of the largest Python process alone (a worker with its model).
The last lines: `local[N] articles_per_s=A ratio_vs_spacy=R peak_rss_mb=M worker_peak_rss_mb=W ...` for
each N, then `scaling_efficiency=E`: the articles/s of local[2] over twice those of local[1].
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import PeakRSS, corpus_arguments, make_corpus, measure, parse, run_bare  # noqa: E402


def run_spark(corpus: Path, cores: int, chunk_size: int, model: str) -> tuple:
    """(command seconds, peak RSS MB [process tree, JVM, largest Python process], articles, bytes of
    Parquet written, job seconds) of one whole Spark extract."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "newsgraph", "extract", "--engine", "spark", "--workers", str(cores),
                   "--chunk-size", str(chunk_size), "--model", model, "--out", out, str(corpus)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        with PeakRSS(proc.pid) as peak:
            _out, err = proc.communicate()
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.exit(f"the Spark run failed:\n{err}")
        articles = sum(json.loads(p.read_text())["articles"] for p in Path(out, "_chunks").glob("*.json"))
        [record] = [json.loads(p.read_text()) for p in Path(out, "_runs").glob("*.json")]
        size = sum(p.stat().st_size for p in Path(out).rglob("*.parquet"))
    return wall, peak.mb, articles, size, record["job_seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arguments(parser)
    parser.add_argument("--cores", default="1,2", help="comma-separated local[N] sizes, e.g. 1,2")
    parser.add_argument("--chunk-size", type=int, default=50)
    args = parse(parser)
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
                tree, jvm, worker = spark[-1][1]
                print(f"  local[{cores}] run {run + 1}: command {spark[-1][0]:.1f}s, job {spark[-1][4]:.1f}s "
                      f"(peak RSS {tree:.0f} MB in all: JVM {jvm:.0f}, largest Python process {worker:.0f}); "
                      f"bare spacy {bare[-1][1]:.1f}s")
            wall = statistics.median(r[0] for r in spark)
            job = statistics.median(r[4] for r in spark)
            t_bare = statistics.median(r[1] for r in bare)
            speed[cores] = n_articles / job
            lines.append(f"local[{cores}] articles_per_s={speed[cores]:.1f} ratio_vs_spacy={t_bare / job:.2f} "
                         f"peak_rss_mb={max(r[1][0] for r in spark):.0f} "
                         f"worker_peak_rss_mb={max(r[1][2] for r in spark):.0f} "
                         f"job_s={job:.1f} command_s={wall:.1f} command_ratio_vs_spacy={t_bare / wall:.2f}")
        print(f"parquet written: {spark[-1][3] / n_articles / 1024:.1f} KB an article (every table)")
        if 1 in speed and 2 in speed:
            lines.append(f"scaling_efficiency={speed[2] / (2 * speed[1]):.2f}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
