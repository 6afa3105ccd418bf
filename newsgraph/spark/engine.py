"""The driver of `newsgraph extract --engine spark`: which chunks are left, one Spark job over them.

Local mode (`local[N]`, N = --workers or every core) needs only `pip install 'newsgraph[spark]'` and a
Java runtime; `--master` sends the same job to a standalone, YARN or Kubernetes cluster, whose
executors need newsgraph and the model installed (the model is loaded once per Python worker).
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.errors import Failure, UsageError
from newsgraph.settings import Settings
from newsgraph.spark.layout import FORMAT, MANIFEST, Output, check_manifest

LOG_CONFIG = Path(__file__).with_name("log4j2.properties").as_uri()
log = logging.getLogger(__name__)
INSTALL_HINT = "the Spark engine needs PySpark: pip install 'newsgraph[spark]' (and Java 17 or 21)"


@dataclass
class SparkSummary:
    out: str
    chunks: int = 0
    skipped: int = 0              # chunks done by an earlier run
    ran: int = 0                  # chunks done by this run
    articles: int = 0             # stored by this run
    duplicates: int = 0
    with_errors: int = 0
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


def _pyspark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    from pyspark.sql import SparkSession

    return SparkSession


def session(master: str | None = None, workers: int | None = None, conf: tuple[tuple[str, str], ...] = ()):
    """A Spark session: local mode on this machine's loopback unless `master` names a cluster."""
    SparkSession = _pyspark()
    local = master is None or master.startswith("local")
    builder = (SparkSession.builder.appName("newsgraph extract")
               .master(master or f"local[{workers or '*'}]")
               .config("spark.ui.enabled", "false")           # no web server, no port to open
               .config("spark.python.worker.reuse", "true")    # a worker keeps its model between tasks
               .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
               .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG_CONFIG}"))
    if local:
        # The Python workers are this interpreter (the venv newsgraph is installed in), and nothing
        # listens beyond loopback.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    for key, value in conf:
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, a bad master URL: one line, not the JVM's stack
        raise UsageError(f"cannot start Spark ({_first_line(exc)}); the Spark engine needs Java 17 or 21 "
                         "(java on PATH or JAVA_HOME) and a reachable --master") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def extract(paths: list[str], out: str, settings: Settings, master: str | None = None,
            workers: int | None = None, chunk_size: int = 500,
            conf: tuple[tuple[str, str], ...] = ()) -> SparkSummary:
    """Run the pipeline over `paths` on Spark, writing the tables under `out`; resume if `out` holds an
    unfinished run over the same inputs with the same settings."""
    from newsgraph.spark import inputs as spark_inputs
    from newsgraph.spark.task import run_partition

    started = time.monotonic()
    output = Output.at(out)
    found, missing = spark_inputs.sources(list(paths))
    wanted = {"format": FORMAT, "inputs": [p if "://" in p else os.path.abspath(p) for p in paths],
              "settings_digest": settings.digest(), "settings": _settings_data(settings),
              "chunk_size": chunk_size}
    manifest = check_manifest(output, wanted)  # before Spark starts: a wrong --out fails at once
    summary = SparkSummary(out=output.uri, failed=list(missing))
    done = output.done()
    if "chunks" in manifest and len(done) >= manifest["chunks"]:
        summary.chunks = summary.skipped = manifest["chunks"]  # all done already: no need for Spark
        summary.seconds = time.monotonic() - started
        return summary
    spark = session(master, workers, conf)
    timings = {"startup": round(time.monotonic() - started, 3)}
    log.info("Spark started in %.1f s", timings["startup"])
    try:
        inputs = spark_inputs.Inputs(spark, found, settings)
        if "chunks" not in manifest:
            manifest = {**wanted, "chunks": chunk_count(inputs.estimate(), chunk_size,
                                                         spark.sparkContext.defaultParallelism)}
            output.write_json(manifest, MANIFEST)
        chunks = manifest["chunks"]
        log.info("%d chunks (%.1f s)", chunks, time.monotonic() - started)
        todo = frozenset(range(chunks)) - frozenset(done)
        summary.chunks, summary.skipped = chunks, len(done)
        if todo:
            job_started = time.monotonic()
            job = (inputs.items(chunks, todo)
                   .partitionBy(chunks, _identity)
                   .mapPartitionsWithIndex(functools.partial(run_partition, output, settings, todo)))
            try:
                markers = job.collect()
            except Exception as exc:
                raise UsageError(f"the Spark job failed ({_first_line(exc)}); the chunks it finished are "
                                 f"kept in {output.uri}: rerun the same command to do the rest") from None
            timings["job"] = round(time.monotonic() - job_started, 3)
            output.remove("_tmp")  # staging left by tasks that died; every task of this job is over
            log.info("job done in %.1f s; chunk seconds: %s", timings["job"], sorted(m["seconds"] for m in markers))
            for marker in markers:
                summary.ran += 1
                summary.articles += marker["articles"]
                summary.duplicates += marker["duplicates"]
                summary.with_errors += marker["with_errors"]
                summary.failed.extend(Failure(*f) for f in marker["failures"])
        cores = spark.sparkContext.defaultParallelism
    finally:
        spark.stop()
    summary.seconds = time.monotonic() - started
    if summary.ran:
        _record_run(output, summary, timings, master or f"local[{workers or '*'}]", cores)
    return summary


def _record_run(output: Output, summary: SparkSummary, timings: dict, master: str, cores: int) -> None:
    """DIR/_runs/<start>.json: what a run did and how long its parts took (bench/spark.py reads it)."""
    from datetime import datetime, timezone

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    output.write_json({"master": master, "cores": cores, "chunks_ran": summary.ran, "articles": summary.articles,
                       "duplicates": summary.duplicates, "failed": len(summary.failed),
                       "seconds": round(summary.seconds, 3), **{f"{k}_seconds": v for k, v in timings.items()}},
                      "_runs", f"{stamp}.json")


def chunk_count(items: int, chunk_size: int, cores: int) -> int:
    """About `chunk_size` items a chunk, but at least two chunks a core while there are items enough:
    chunks differ in size (articles fall into them by hash), and with only a chunk or two a core the
    last big one keeps a core busy while the others wait."""
    return max(1, min(max(items, 1), max(math.ceil(items / chunk_size), 2 * cores)))


def _identity(chunk: int) -> int:
    return chunk


def _settings_data(settings: Settings) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(settings).items()}


def _first_line(exc: BaseException) -> str:
    """The useful line of a Spark error: a Python worker's own exception if there is one."""
    text = str(exc).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.split(":")[0].endswith(("Error", "Exception")) and not line.startswith(("at ", "py4j")):
            return line[:300]
    return (lines[0] if lines else type(exc).__name__)[:300]
