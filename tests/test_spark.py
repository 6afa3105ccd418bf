"""The Spark engine (local mode, as in CI): the same records as the local engine, resumable runs,
tables that Spark SQL reads as they are, `newsgraph load`, and clear errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph import jobs
from newsgraph.records import document
from newsgraph.settings import Settings
from conftest import EXAMPLES, WIKINEWS, need

pytest.importorskip("pyspark", reason="the Spark tests need pip install 'newsgraph[spark]'")
pytestmark = [pytest.mark.spark, pytest.mark.slow, pytest.mark.model]

# Written for these tests: a Parquet row and JSONL lines about an invented town, to test the readers.
PARQUET_TEXT = ("The town council of Eastbrook voted on Tuesday to repair the old river bridge, "
                "council members said after the meeting.")
GOOD_LINE = {"title": "Bridge works", "published": "2024-05-02",
             "text": "Workers in Eastbrook began repairing the river bridge on Thursday, the council said."}


def newsgraph(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], capture_output=True, text=True,
                          timeout=900)


def local_documents(paths, pipeline) -> dict[str, dict]:
    return {r.article.id: document(r) for r in jobs.extract([str(p) for p in paths], Settings(), pipeline)
            if not hasattr(r, "reason")}


def spark_documents(out: Path) -> dict[str, dict]:
    from newsgraph.spark.load import iter_results

    return {r.article.id: document(r) for r in iter_results(str(out))}


def test_spark_and_local_engines_give_identical_records_for_wikinews(tmp_path, pipeline):
    from newsgraph.spark.engine import extract

    corpus = need(WIKINEWS)
    summary = extract([str(corpus)], str(tmp_path / "out"), Settings(), workers=2, chunk_size=30)
    assert (summary.chunks, summary.ran, summary.skipped, summary.failed) == (4, 4, 0, [])
    spark = spark_documents(tmp_path / "out")
    local = local_documents([corpus], pipeline)
    assert len(local) == 120 and summary.articles == 120
    assert spark.keys() == local.keys()
    differing = [i for i in local if spark[i] != local[i]]
    assert not differing, f"{len(differing)} documents differ, e.g. {differing[0]}"
    assert sum(len(d["events"]) for d in spark.values()) > 300  # the comparison covered real records


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One CLI run over every input kind: a directory of .txt files with sidecars, a Parquet file (with a
    timestamp column for the date), a JSONL file with bad lines, and a path that is not there."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("spark")
    pq.write_table(pa.table({"text": [PARQUET_TEXT], "title": ["Council vote"],
                             "published": [dt.datetime(2024, 5, 1, 9, 30)]}), root / "extra.parquet")
    lines = [json.dumps(GOOD_LINE), "{not json", json.dumps({"title": "no body"}), ""]
    (root / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = root / "out"
    inputs = [str(EXAMPLES), str(root / "extra.parquet"), str(root / "bad.jsonl"), str(root / "gone.txt")]
    proc = newsgraph("extract", "--engine", "spark", "--out", str(out), "--workers", "2",
                     "--chunk-size", "10", *inputs)
    return root, out, inputs, proc


def test_a_mixed_run_reads_every_kind_and_names_each_failed_item(mixed):
    root, out, _inputs, proc = mixed
    assert proc.returncode == 1, proc.stderr  # some items failed
    assert "Traceback" not in proc.stderr
    assert f"failed: {root / 'bad.jsonl'}:2: not valid JSON" in proc.stderr
    assert f"failed: {root / 'bad.jsonl'}:3: no \"text\" field" in proc.stderr
    assert f"failed: {root / 'gone.txt'}: no such file or directory" in proc.stderr
    assert "38 articles" in proc.stderr  # 36 examples, the Parquet row, the good JSONL line
    assert not (out / "_tmp").exists()  # every chunk's files were moved into their tables
    [run] = [json.loads(p.read_text()) for p in (out / "_runs").glob("*.json")]
    assert (run["master"], run["chunks_ran"], run["articles"], run["failed"]) == ("local[2]", 5, 38, 3)
    assert run["job_seconds"] > 0
    manifest = json.loads((out / "_newsgraph.json").read_text())
    assert manifest["chunks"] == 5  # 41 items estimated (36 files, 1 row, 4 lines: blank ones count) / 10
    documents = spark_documents(out)
    assert len(documents) == 38
    council = next(d for d in documents.values() if d["article"]["title"] == "Council vote")
    assert council["article"]["published"] == "2024-05-01T09:30:00"
    assert council["article"]["text"] == PARQUET_TEXT


def test_a_mixed_run_matches_the_local_engine(mixed, pipeline, tmp_path):
    root, out, _inputs, _proc = mixed
    documents = spark_documents(out)
    local = local_documents([EXAMPLES, root / "bad.jsonl"], pipeline)
    assert len(local) == 37
    assert all(documents[i] == local[i] for i in local)
    # The Parquet row is read as the same object on a JSONL line would be.
    row = {"text": PARQUET_TEXT, "title": "Council vote", "published": "2024-05-01T09:30:00"}
    (tmp_path / "row.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    [(article_id, expected)] = local_documents([tmp_path / "row.jsonl"], pipeline).items()
    assert documents[article_id] == expected


def test_the_tables_are_hive_partitioned_parquet_that_spark_sql_reads_as_they_are(mixed):
    from newsgraph.export import TABLES
    from newsgraph.spark.engine import session

    _root, out, _inputs, _proc = mixed
    spark = session(workers=1)
    try:
        for table in ("articles", "entities", "mentions", "times", "places", "quotes", "attributions",
                      "events"):
            frame = spark.read.parquet(str(out / table))
            assert frame.columns == [name for name, _ in TABLES[table]] + ["chunk"]
        spark.read.parquet(str(out / "events")).createOrReplaceTempView("events")
        spark.read.parquet(str(out / "articles")).createOrReplaceTempView("articles")
        rows = spark.sql("SELECT a.title, count(*) AS n FROM events e JOIN articles a ON e.article_id = a.id "
                         "WHERE e.type = 'CONSULT' GROUP BY a.title ORDER BY n DESC").collect()
        per_chunk = spark.sql("SELECT chunk, count(*) FROM articles GROUP BY chunk").collect()
    finally:
        spark.stop()
    documents = spark_documents(out)
    consults = {}
    for d in documents.values():
        n = sum(e["type"] == "CONSULT" for e in d["events"])
        if n:
            consults[d["article"]["title"]] = n
    assert {r["title"]: r["n"] for r in rows} == consults and consults
    markers = [json.loads(p.read_text()) for p in (out / "_chunks").glob("*.json")]
    assert {r[0]: r[1] for r in per_chunk} == {m["chunk"]: m["articles"] for m in markers if m["articles"]}
    assert sum(r[1] for r in per_chunk) == 38


def test_a_rerun_redoes_only_the_unfinished_chunks(mixed):
    _root, out, inputs, _proc = mixed
    before = spark_documents(out)
    # A chunk whose task died: no marker, a half-written file left in one table.
    (out / "_chunks" / "2.json").unlink()
    (out / "events" / "chunk=2" / "part-0.parquet").write_bytes(b"not parquet")
    proc = newsgraph("extract", "--engine", "spark", "--out", str(out), "--workers", "2", "--chunk-size",
                     "10", *inputs)
    assert proc.returncode == 1  # the same bad items, named again
    assert "1 of 5 chunks done now, 4 done by an earlier run" in proc.stderr
    assert spark_documents(out) == before
    assert len(list((out / "_runs").glob("*.json"))) == 2
    # Nothing left to do: Spark is not even started.
    proc = newsgraph("extract", "--engine", "spark", "--out", str(out), "--chunk-size", "10", *inputs)
    assert "0 of 5 chunks done now, 5 done by an earlier run" in proc.stderr


def test_a_rerun_with_other_settings_or_inputs_is_refused(mixed):
    _root, out, inputs, _proc = mixed
    proc = newsgraph("extract", "--engine", "spark", "--out", str(out), "--published", "2024-01-01", *inputs)
    assert proc.returncode == 2 and "holds a run over other settings" in proc.stderr
    proc = newsgraph("extract", "--engine", "spark", "--out", str(out), str(EXAMPLES))
    assert proc.returncode == 2 and "holds a run over other inputs" in proc.stderr


def test_load_merges_the_tables_into_the_store_once(mixed, examples_db, tmp_path):
    from newsgraph.store import Store

    _root, out, _inputs, _proc = mixed
    db = tmp_path / "loaded.db"
    proc = newsgraph("load", str(out), "--db", str(db))
    assert proc.returncode == 1, proc.stderr  # the failed items are recorded and reported
    assert "38 stored, 0 already stored, 2 failed items recorded, from 5 chunks" in proc.stderr
    proc = newsgraph("load", str(out), "--db", str(db))
    assert "0 stored, 38 already stored" in proc.stderr
    with Store(db, create=False) as loaded, Store(examples_db, create=False) as ingested:
        mine = {r.article.id: document(r) for r in loaded.iter_results()}
        theirs = {r.article.id: document(r) for r in ingested.iter_results()}
    assert len(theirs) == 36 and all(mine[i] == theirs[i] for i in theirs)
    proc = newsgraph("search", "bridge", "--db", str(db), "--json")
    assert {json.loads(line)["title"] for line in proc.stdout.splitlines()} >= {"Council vote", "Bridge works"}


def test_load_of_a_directory_that_is_no_spark_output_says_so(tmp_path):
    proc = newsgraph("load", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert proc.returncode == 2
    assert "is not the output of `newsgraph extract --engine spark`" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_without_pyspark_the_engine_says_how_to_install_it(monkeypatch, tmp_path):
    from newsgraph.errors import UsageError
    from newsgraph.spark import engine

    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    with pytest.raises(UsageError, match=r"pip install 'newsgraph\[spark\]'"):
        engine.extract([str(EXAMPLES)], str(tmp_path / "out"), Settings())


def test_spark_options_belong_to_the_spark_engine(tmp_path):
    proc = newsgraph("extract", "--out", str(tmp_path), str(EXAMPLES))
    assert proc.returncode == 2 and "--out, --master and --spark-conf are for --engine spark" in proc.stderr
    proc = newsgraph("extract", "--engine", "spark", str(EXAMPLES))
    assert proc.returncode == 2 and "give a directory with --out DIR" in proc.stderr
    proc = newsgraph("extract", "--engine", "spark", "--out", str(tmp_path), "--spark-conf", "memory", str(EXAMPLES))
    assert proc.returncode == 2 and "write KEY=VALUE with a Spark setting" in proc.stderr


def test_chunks_hold_about_chunk_size_items_but_every_core_gets_two():
    from newsgraph.spark.engine import chunk_count

    assert chunk_count(1_000_000, 500, 2) == 2000
    assert chunk_count(120, 30, 2) == 4
    assert chunk_count(120, 500, 8) == 16  # small input, many cores: two chunks a core
    assert chunk_count(3, 500, 8) == 3     # never more chunks than items
    assert chunk_count(0, 500, 2) == 1
