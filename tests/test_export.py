"""Exports: JSONL documents, CSV and Parquet tables, each checked against what the store holds."""
from __future__ import annotations

import csv
import json

import pytest

from newsgraph.errors import UsageError
from newsgraph.export import TABLES, export
from newsgraph.records import document, result_from_document
from newsgraph.store import Store

try:
    from tests.test_store import plain_result, sample_result
except ImportError:  # tests/ is not a package: pytest puts it on sys.path instead
    from test_store import plain_result, sample_result

# The record tables both the store and the exports have (the store adds errors, runs, failures);
# the JSONL documents have no actors, which are across articles.
RECORD_TABLES = ("articles", "entities", "mentions", "times", "places", "quotes", "attributions", "events")
TABLE_TABLES = RECORD_TABLES + ("actors",)


@pytest.fixture
def results():
    return [sample_result(), sample_result(" Снег в Москве; café.", source_id="wire-2"),
            plain_result('A story with no records at all.\nA second line, "quoted", with commas.', "Quiet")]


@pytest.fixture
def store(tmp_path, results):
    with Store(tmp_path / "ng.db") as s:
        s.write_batch(results)
        yield s


def expected_counts(store, tables=TABLE_TABLES):
    counts = store.counts()
    return {table: counts[table] for table in tables}


def test_jsonl_lines_are_the_documents(store, results, tmp_path):
    out = tmp_path / "out.jsonl"
    counts = export(store, "jsonl", out)
    assert counts == expected_counts(store, RECORD_TABLES)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [document(r) for r in results]
    assert "Снег" in lines[1]  # UTF-8, not \u escapes
    assert [document(result_from_document(json.loads(line))) for line in lines] == \
        [document(r) for r in results]


def test_jsonl_to_stdout(store, results, capsys):
    export(store, "jsonl", "-")
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [document(r) for r in results]


def test_csv_tables_readable_by_csv_module(store, results, tmp_path):
    counts = export(store, "csv", tmp_path / "csv")
    assert counts == expected_counts(store)
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    for table, columns in TABLES.items():
        with open(tmp_path / "csv" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header, rows = next(reader), list(reader)
        assert header == [c for c, _ in columns]
        assert len(rows) == counts[table] and all(len(row) == len(header) for row in rows)
    with open(tmp_path / "csv" / "events.csv", encoding="utf-8", newline="") as handle:
        event = next(csv.DictReader(handle))
    original = results[0].events[0]
    assert event["symmetric"] == "true" and event["cameo"] == "042" and float(event["goldstein"]) == 1.9
    assert int(event["trigger_start"]) == original.trigger.start and event["trigger_text"] == "met"
    assert json.loads(event["reported_by"]) == {"entity": None, "text": "Russian news agencies",
                                               "attribution": results[0].attributions[0].id}
    with open(tmp_path / "csv" / "articles.csv", encoding="utf-8", newline="") as handle:
        articles = list(csv.DictReader(handle))
    assert [a["text"] for a in articles] == [r.article.text for r in results]  # newlines, quotes intact
    assert json.loads(articles[0]["meta"]) == results[0].article.meta
    assert articles[2]["source_id"] == ""  # None is an empty cell


def test_parquet_tables_readable_by_pyarrow(store, results, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    counts = export(store, "parquet", tmp_path / "pq")
    assert counts == expected_counts(store)
    for table, columns in TABLES.items():
        data = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        assert data.column_names == [c for c, _ in columns]
        assert data.num_rows == counts[table]
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert events[0]["symmetric"] is True and events[0]["quad_class"] == 1
    assert events[0]["evidence_text"] == results[0].events[0].evidence.text
    places = pq.read_table(tmp_path / "pq" / "places.parquet")
    assert str(places.schema.field("lat").type) == "double"
    assert str(places.schema.field("population").type) == "int64"
    mentions = pq.read_table(tmp_path / "pq" / "mentions.parquet").to_pylist()
    for m in mentions:
        text = next(r.article.text for r in results if r.article.id == m["article_id"])
        assert text[m["start"]:m["end"]] == m["text"]


def test_parquet_streams_in_several_row_groups(tmp_path, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    import newsgraph.export as ex
    monkeypatch.setitem(ex._PARQUET_BATCH, "articles", 10)
    with Store(tmp_path / "big.db") as s:
        s.write_batch([plain_result(f"Story number {i}.") for i in range(35)])
        counts = export(s, "parquet", tmp_path / "pq")
    assert counts["articles"] == 35
    meta = pq.ParquetFile(tmp_path / "pq" / "articles.parquet").metadata
    assert meta.num_rows == 35 and meta.num_row_groups == 4


def test_empty_store_exports_empty_tables(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    with Store(tmp_path / "empty.db") as s:
        assert set(export(s, "parquet", tmp_path / "pq").values()) == {0}
        assert set(export(s, "csv", tmp_path / "csv").values()) == {0}
    assert pq.read_table(tmp_path / "pq" / "events.parquet").column_names == [c for c, _ in TABLES["events"]]
    assert (tmp_path / "csv" / "events.csv").read_text().startswith("article_id,id,type")


def test_export_from_an_iterable_of_results(results):
    # The exporters take any iterable of results, e.g. straight from the pipeline.
    assert export(results, "jsonl", "-")["articles"] == 3


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_actors_table_and_entity_links(store, results, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    export(store, "csv", tmp_path / "csv")
    export(store, "parquet", tmp_path / "pq")
    actors = read_csv(tmp_path / "csv" / "actors.csv")
    entities = read_csv(tmp_path / "csv" / "entities.csv")
    assert {e["actor_id"] for e in entities} == {a["id"] for a in actors}  # every link resolves
    # The two sample articles name the same three actors; the third article names none.
    putin = next(a for a in actors if a["name"] == "Vladimir Putin")
    assert (putin["n_articles"], putin["n_mentions"], putin["country"]) == ("2", "4", "RUS")
    assert json.loads(putin["aliases"]) == ["Putin", "Vladimir Putin"]
    assert json.loads(putin["sectors"]) == {"GOV": 2} and putin["seen_basis"] == "published"
    assert {a.id: a.n_articles for a in store.actors()} == {a["id"]: int(a["n_articles"]) for a in actors}
    table = pq.read_table(tmp_path / "pq" / "actors.parquet")
    assert str(table.schema.field("n_articles").type) == "int64"
    assert sorted(table.to_pylist(), key=lambda r: r["id"]) == \
        sorted(({k: (int(v) if k.startswith("n_") else v or None) for k, v in a.items()} for a in actors),
               key=lambda r: r["id"])


def test_actors_totalled_without_a_store(store, results, tmp_path):
    # Exporting results straight from the pipeline gives the same actors the store keeps (ingest
    # dates aside: every article here has a publication date).
    export(results, "csv", tmp_path / "direct")
    export(store, "csv", tmp_path / "stored")
    for table in ("actors", "entities"):
        assert read_csv(tmp_path / "direct" / f"{table}.csv") == read_csv(tmp_path / "stored" / f"{table}.csv")
    pq = pytest.importorskip("pyarrow.parquet")
    assert export(results, "parquet", tmp_path / "pq")["actors"] == 3
    assert pq.read_table(tmp_path / "pq" / "actors.parquet").column_names == [c for c, _ in TABLES["actors"]]


def test_bad_formats_and_outputs(store, tmp_path):
    with pytest.raises(UsageError, match="unknown export format"):
        export(store, "xml", tmp_path / "x")
    with pytest.raises(UsageError, match="directory"):
        export(store, "csv", "-")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="is a file"):
        export(store, "parquet", tmp_path / "file")
    with pytest.raises(UsageError, match="cannot write"):
        export(store, "jsonl", tmp_path / "missing" / "out.jsonl")
