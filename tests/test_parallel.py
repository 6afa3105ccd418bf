"""--workers N: the NLP in N processes gives the same records as one, in input order, and a dead worker
or a bad item becomes a listed failure rather than a hang or a lost batch."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLES
from newsgraph.errors import Failure
from newsgraph.records import Article, ArticleResult, document
from newsgraph.settings import Settings

pytestmark = pytest.mark.model


def newsgraph(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "newsgraph", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def few_examples(tmp_path, n):
    """The first n example articles (with their .meta.json) in a directory of their own."""
    d = tmp_path / "few"
    d.mkdir()
    for txt in sorted(EXAMPLES.glob("*.txt"))[:n]:
        shutil.copy(txt, d)
        meta = txt.with_suffix(".meta.json")
        if meta.exists():
            shutil.copy(meta, d)
    return d


def stored_documents(db) -> list[dict]:
    from newsgraph.store import Store

    with Store(db, create=False) as store:
        return sorted((document(r) for r in store.iter_results()), key=lambda d: d["article"]["id"])


def test_ingest_with_two_workers_stores_the_same_records_as_one(tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = newsgraph("ingest", EXAMPLES, "--db", one)
    second = newsgraph("ingest", EXAMPLES, "--db", two, "--workers", "2")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    a, b = stored_documents(one), stored_documents(two)
    assert len(a) == len(list(EXAMPLES.glob("*.txt")))
    assert [d["article"]["id"] for d in a] == [d["article"]["id"] for d in b]
    for x, y in zip(a, b):
        for key in ("entities", "places", "times", "quotes", "attributions", "events", "errors", "provenance"):
            assert x[key] == y[key], (x["article"]["id"], key)
    # Ingesting again with workers stores nothing twice: the stored articles are skipped before any NLP.
    again = newsgraph("ingest", EXAMPLES, "--db", two, "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert len(stored_documents(two)) == len(b)


def test_extract_with_two_workers_prints_one_line_per_article_in_input_order(tmp_path):
    d = few_examples(tmp_path, 5)
    proc = newsgraph("extract", d, "--workers", "2", "--batch-size", "1")
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(docs) == 5
    from newsgraph.ingest import read_articles

    expected = [a.id for a in read_articles([str(d)], Settings()) if isinstance(a, Article)]
    assert [doc["article"]["id"] for doc in docs] == expected


def test_a_bad_item_among_good_ones_is_listed_and_exits_1_with_workers(tmp_path):
    d = few_examples(tmp_path, 3)
    (d / "empty.txt").write_text("", encoding="utf-8")
    extract = newsgraph("extract", d, "--workers", "2")
    assert extract.returncode == 1
    assert len(extract.stdout.splitlines()) == 3
    failed = [line for line in extract.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "empty.txt" in failed[0], extract.stderr
    ingest = newsgraph("ingest", d, "--db", tmp_path / "x.db", "--workers", "2")
    assert ingest.returncode == 1
    assert any(line.startswith("failed:") and "empty.txt" in line for line in ingest.stderr.splitlines())
    assert "Traceback" not in extract.stderr + ingest.stderr


class Doomed(Article):
    """An article whose unpickling kills the worker process that receives it."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_a_dead_worker_fails_its_batch_and_the_run_goes_on(tmp_path):
    from newsgraph.ingest import read_articles
    from newsgraph.parallel import ParallelPipeline

    settings = Settings(batch_size=1)
    good = [a for a in read_articles([str(few_examples(tmp_path, 3))], settings) if isinstance(a, Article)]
    doomed = Doomed(id="doomed", raw="x", text="x", origin="doomed.txt")
    items = [good[0], doomed, *good, *good, *good]
    out = list(ParallelPipeline(settings, workers=2).run(items))
    assert len(out) == len(items)
    dead = out[1]
    assert isinstance(dead, Failure) and dead.item == "doomed.txt" and "worker process died" in dead.reason
    assert all(isinstance(r, ArticleResult) or (isinstance(r, Failure) and r.kind == "worker") for r in out)
    # A fresh pool took the articles after the crash.
    assert isinstance(out[-1], ArticleResult) and out[-1].article.id == good[-1].id
