"""The CLI as a user meets it: help everywhere, exit codes, a batch with bad items, idempotent ingest,
and a crash in the middle of an ingest."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, SEED, WIKINEWS, need
from newsgraph.cli import main

COMMANDS = ["ingest", "extract", "show", "search", "summary", "entities", "export"]


def newsgraph(*args, timeout=600, **kw):
    return subprocess.run([sys.executable, "-m", "newsgraph", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kw)


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_usage_errors_exit_2():
    runner = CliRunner()
    assert runner.invoke(main, ["extract", "x.txt", "--published", "16/09/2023"]).exit_code == 2
    assert runner.invoke(main, ["extract", "x.txt", "--field", "nonsense"]).exit_code == 2
    assert runner.invoke(main, ["nosuchcommand"]).exit_code == 2


def test_search_on_a_missing_database_says_so(tmp_path):
    proc = newsgraph("search", "anything", "--db", tmp_path / "none.db")
    assert proc.returncode == 2
    assert "none.db" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.model
def test_bad_items_are_listed_and_the_batch_goes_on(tmp_path, check_document):
    good = tmp_path / "good.txt"
    good.write_text("The city council of Springfield voted on Monday to build a new bridge over the river. "
                    "The mayor said the work would start in the spring and last two years.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": "A short note about the harbour."}\nnot json\n{"title": "x"}\n',
                                        encoding="utf-8")
    proc = newsgraph("extract", tmp_path, "--published", "2024-01-08")
    assert proc.returncode == 1
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(docs) == 2
    for doc in docs:
        check_document(doc)
    failed = [line for line in proc.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 3, proc.stderr
    assert any("empty.txt" in line for line in failed)
    assert any("bad.jsonl:2" in line for line in failed) and any("bad.jsonl:3" in line for line in failed)
    assert "Traceback" not in proc.stderr


def counts(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name IN "
            "('articles','entities','mentions','times','places','quotes','attributions','events')")]
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.mark.model
@pytest.mark.slow
def test_ingesting_twice_stores_once(tmp_path):
    db = tmp_path / "n.db"
    first = newsgraph("ingest", EXAMPLES, need(WIKINEWS), "--db", db)
    assert first.returncode == 0, first.stderr
    before = counts(db)
    n_examples = len(list(EXAMPLES.glob("*.txt")))
    assert before["articles"] == 120 + n_examples
    assert before["entities"] > 1000 and before["mentions"] > before["entities"]
    second = newsgraph("ingest", EXAMPLES, WIKINEWS, "--db", db)
    assert second.returncode == 0, second.stderr
    assert counts(db) == before
    assert f"{120 + n_examples} skipped as duplicates" in second.stderr

    search = newsgraph("search", "ceasefire", "--db", db, "--json")
    assert search.returncode == 0 and search.stdout.strip()
    hit = json.loads(search.stdout.splitlines()[0])
    shown = newsgraph("show", hit["article_id"], "--db", db, "--json")
    assert json.loads(shown.stdout)["article"]["id"] == hit["article_id"]
    for fmt, out in (("jsonl", tmp_path / "all.jsonl"), ("csv", tmp_path / "csv"), ("parquet", tmp_path / "pq")):
        assert newsgraph("export", "--format", fmt, "--out", out, "--db", db).returncode == 0
    assert len((tmp_path / "all.jsonl").read_text().splitlines()) == before["articles"]


@pytest.mark.model
@pytest.mark.slow
def test_killed_ingest_resumes_without_duplicates(tmp_path):
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "newsgraph", "ingest", str(need(WIKINEWS)), "--db", str(db), "--batch-size", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = counts(db).get("articles", 0)
            except sqlite3.OperationalError:
                continue
            if stored >= 8:
                break
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = counts(db)["articles"]
    assert 8 <= partial < 120
    rerun = newsgraph("ingest", WIKINEWS, "--db", db, "--batch-size", "4")
    assert rerun.returncode == 0, rerun.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), count(DISTINCT source_id) FROM articles").fetchone() == (120, 120)
    dupes = con.execute("SELECT count(*) FROM (SELECT article_id, start, end FROM mentions "
                        "GROUP BY 1, 2, 3 HAVING count(*) > 1)").fetchone()[0]
    assert dupes == 0
    orphans = con.execute("SELECT count(*) FROM entities WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
    assert orphans == 0
    con.close()
    assert f"{partial} skipped as duplicates" in rerun.stderr


@pytest.mark.model
def test_extract_seed_prints_one_compact_line_and_pretty_prints_too():
    compact = newsgraph("extract", need(SEED), "--published", "2023-09-16")
    pretty = newsgraph("extract", SEED, "--published", "2023-09-16", "--pretty")
    assert compact.returncode == pretty.returncode == 0
    assert len(compact.stdout.splitlines()) == 1 and len(pretty.stdout.splitlines()) > 50
    assert json.loads(compact.stdout) == json.loads(pretty.stdout)


@pytest.mark.model
def test_a_lexicon_directory_extends_the_built_in_one(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Zorblat Dynamics said on Monday that it would build a factory near the harbour. "
                       "The company employs about two thousand people across the region.\n", encoding="utf-8")
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    (lexicon / "organisations.tsv").write_text(
        "# key\taliases\tcountry\tsector\tcameo_code\tnote\n"
        "Zorblat Dynamics\tZorblat\tFRA\tBUS\tFRABUS\ta test company\n", encoding="utf-8")
    plain = newsgraph("extract", article, "--published", "2024-03-04")
    extended = newsgraph("extract", article, "--published", "2024-03-04", "--lexicon", lexicon)
    assert plain.returncode == extended.returncode == 0, extended.stderr

    def zorblat(proc):
        found = [e for e in json.loads(proc.stdout)["entities"] if e["name"].startswith("Zorblat")]
        return found[0] if found else None

    assert zorblat(extended)["cameo_code"] == "FRABUS" and zorblat(extended)["country"] == "FRA"
    assert zorblat(plain) is None or zorblat(plain)["cameo_code"] != "FRABUS"
