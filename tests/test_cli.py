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
from newsgraph.records import Article, ArticleResult, Attribution, Entity, Quote, Source, Span, content_id, record_id

COMMANDS = ["ingest", "extract", "show", "search", "summary", "entities", "quotes", "events", "export", "serve"]


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


# --- quotations and attributions --------------------------------------------------------------------

QUOTE_KEYS = {"id", "start", "end", "text", "kind", "speaker", "speaker_text", "cue", "reported_by", "article_id",
              "published", "title", "speaker_name", "speaker_actor"}
# Wide enough that rich folds no quotation, so the tests can look for whole phrases.
WIDE = {**os.environ, "COLUMNS": "250"}


# examples_db: the sample corpus, ingested once per session (conftest.py).


def json_lines(*args) -> list[dict]:
    proc = newsgraph(*args)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.fixture(scope="module")
def all_quotes(examples_db):
    return json_lines("quotes", "--db", examples_db, "--json", "--limit", 100_000)


@pytest.fixture(scope="module")
def all_attributions(examples_db):
    return json_lines("quotes", "--attributions", "--db", examples_db, "--json", "--limit", 100_000)


def fold(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


@pytest.mark.model
def test_quotes_lists_the_quotations_of_the_sample_corpus_newest_first(examples_db, all_quotes):
    # Far more than one quotation per article, and some spoken by named officials known as actors.
    assert len(all_quotes) > len(list(EXAMPLES.glob("*.txt")))
    assert {"António Guterres", "Jens Stoltenberg", "Volodymyr Zelensky"} & {q["speaker_name"] for q in all_quotes}
    dates = [q["published"] for q in all_quotes]
    assert all(dates) and dates == sorted(dates, reverse=True)
    # A quote's article stays together, in reading order.
    for a, b in zip(all_quotes, all_quotes[1:]):
        if a["article_id"] == b["article_id"]:
            assert a["start"] < b["start"]

    proc = newsgraph("quotes", "--db", examples_db, "--limit", 5, env=WIDE)
    assert proc.returncode == 0, proc.stderr
    assert f"1-5 of {len(all_quotes)} quotes" in proc.stderr
    first = all_quotes[0]
    lines = proc.stdout.splitlines()
    heading = next(line for line in lines if first["article_id"][:10] in line)
    assert first["published"] in heading and first["title"] in heading
    quoted = " ".join(first["text"].split())
    assert any(first["speaker_name"].split()[0] in line and quoted in line for line in lines), proc.stdout


@pytest.mark.model
def test_quotes_json_lines_carry_the_quote_and_its_article(examples_db, all_quotes):
    assert all(QUOTE_KEYS <= q.keys() for q in all_quotes)
    assert {q["kind"] for q in all_quotes} <= {"direct", "partial", "indirect"}
    # The offsets are the article's: check them against the stored document of one article.
    article_id = all_quotes[0]["article_id"]
    doc = json.loads(newsgraph("show", article_id, "--db", examples_db, "--json").stdout)
    mine = [q for q in all_quotes if q["article_id"] == article_id]
    assert [q["id"] for q in mine] == [q["id"] for q in doc["quotes"]]
    names = {e["id"]: e["name"] for e in doc["entities"]}
    for q in mine:
        assert doc["article"]["text"][q["start"]:q["end"]] == q["text"]
        assert q["title"] == doc["article"]["title"] and q["published"] == doc["article"]["published"]
        if q["speaker"] is None:
            assert q["speaker_name"] == q["speaker_text"] and q["speaker_actor"] is None
        else:
            assert q["speaker"] in names and q["speaker_actor"].startswith("a")
    # Without an entity the words stand; with one, the actor's name as `entities` lists it.
    actors = {a["id"]: a for a in json_lines("entities", "--db", examples_db, "--json", "--limit", 100_000)}
    for q in all_quotes:
        if q["speaker_actor"]:
            assert actors[q["speaker_actor"]]["name"] == q["speaker_name"]


@pytest.mark.model
def test_quotes_speaker_filter_matches_the_actor_and_the_words(examples_db, all_quotes):
    # A quote whose speaker is known as an actor by a name the article's words for the speaker do not
    # contain (`Stoltenberg said` -> Jens Stoltenberg): only the actor link can find it by that name.
    linked = [q for q in all_quotes
              if q["speaker_actor"] and fold(q["speaker_name"]) not in fold(q["speaker_text"] or "")]
    assert linked, "no quote is linked to an actor beyond its speaker's words"
    target = linked[0]
    # Case and accents do not matter (`ANTONIO GUTERRES` finds António Guterres).
    asked = fold(target["speaker_name"]).upper()
    found = json_lines("quotes", "--db", examples_db, "--json", "--speaker", asked, "--limit", 1000)
    assert target["id"] in {q["id"] for q in found}
    assert 0 < len(found) < len(all_quotes)
    assert all(fold(target["speaker_name"]) in fold(q["speaker_name"] or "") + "|" + fold(q["speaker_text"] or "")
               or q["speaker_actor"] == target["speaker_actor"] for q in found)

    # An anonymous speaker (no entity) is found by its own words.
    anonymous = next(q for q in all_quotes if q["speaker"] is None and q["speaker_text"])
    word = max(anonymous["speaker_text"].split(), key=len)
    found = json_lines("quotes", "--db", examples_db, "--json", "--speaker", word, "--limit", 1000)
    assert anonymous["id"] in {q["id"] for q in found}
    assert all(fold(word) in fold(q["speaker_name"] or "") or q["speaker_actor"] for q in found)

    shown = newsgraph("quotes", "--db", examples_db, "--speaker", asked, env=WIDE)
    assert shown.returncode == 0 and target["speaker_name"] in shown.stdout
    nobody = newsgraph("quotes", "--db", examples_db, "--speaker", "Nobody Zzyzx")
    assert nobody.returncode == 0 and nobody.stdout == "" and "no quote matches" in nobody.stderr


@pytest.mark.model
def test_quotes_query_article_kind_and_paging(examples_db, all_quotes):
    target = all_quotes[len(all_quotes) // 2]
    word = max((w.strip(".,;:!?") for w in target["text"].split() if w.strip(".,;:!?").isalpha()), key=len)
    found = json_lines("quotes", "--db", examples_db, "--json", "--query", word.upper(), "--limit", 1000)
    assert target["id"] in {q["id"] for q in found}
    assert all(word.casefold() in q["text"].casefold() for q in found)

    in_article = json_lines("quotes", "--db", examples_db, "--json", "--article", target["article_id"][:8])
    assert [q["id"] for q in in_article] == [q["id"] for q in all_quotes if q["article_id"] == target["article_id"]]

    partial = json_lines("quotes", "--db", examples_db, "--json", "--kind", "partial", "--limit", 1000)
    assert partial and {q["kind"] for q in partial} == {"partial"}
    assert len(partial) == sum(q["kind"] == "partial" for q in all_quotes)

    page = json_lines("quotes", "--db", examples_db, "--json", "--limit", 3, "--offset", 2)
    assert [q["id"] for q in page] == [q["id"] for q in all_quotes[2:5]]
    assert newsgraph("quotes", "--db", examples_db, "--article", "ffffffffffffff").returncode == 1
    assert newsgraph("quotes", "--db", examples_db, "--kind", "sarcastic").returncode == 2


@pytest.mark.model
def test_quotes_attributions(examples_db, all_attributions):
    assert len(all_attributions) > 10
    keys = {"id", "claim", "source", "source_text", "cue", "article_id", "published", "title", "source_name",
            "source_actor"}
    assert all(keys <= a.keys() for a in all_attributions)
    dates = [a["published"] for a in all_attributions]
    assert dates == sorted(dates, reverse=True)
    named = next(a for a in all_attributions if a["source_actor"])
    found = json_lines("quotes", "--attributions", "--db", examples_db, "--json", "--speaker", named["source_name"],
                       "--limit", 1000)
    assert named["id"] in {a["id"] for a in found} and len(found) < len(all_attributions)

    proc = newsgraph("quotes", "--attributions", "--db", examples_db, "--limit", 3, env=WIDE)
    assert proc.returncode == 0, proc.stderr
    assert "claim" in proc.stdout and "source" in proc.stdout
    assert " ".join(all_attributions[0]["claim"]["text"].split()) in proc.stdout
    assert f"1-3 of {len(all_attributions)} attributions" in proc.stderr
    assert newsgraph("quotes", "--attributions", "--kind", "direct", "--db", examples_db).returncode == 2


@pytest.mark.model
def test_show_prints_the_quotes_and_attributions_tables(examples_db, all_quotes, all_attributions):
    quoted = {q["article_id"] for q in all_quotes} & {a["article_id"] for a in all_attributions}
    article_id = next(q["article_id"] for q in all_quotes if q["article_id"] in quoted and q["speaker"])
    proc = newsgraph("show", article_id, "--db", examples_db, env=WIDE)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "quotes" in [line.strip() for line in lines] and "attributions" in [line.strip() for line in lines]
    header = next(line for line in lines if "reported by" in line)
    assert all(col in header for col in ("kind", "speaker", "cue", "text"))
    doc = json.loads(newsgraph("show", article_id, "--db", examples_db, "--json").stdout)
    names = {e["id"]: e["name"] for e in doc["entities"]}
    for q in doc["quotes"]:
        who = names.get(q["speaker"]) or q["speaker_text"] or "-"
        assert any(who.split()[0] in line and q["text"].split()[0] in line and q["kind"] in line for line in lines)
    for a in doc["attributions"]:
        assert " ".join(a["claim"]["text"].split()) in proc.stdout


def test_quotes_on_a_missing_database_says_so(tmp_path):
    proc = newsgraph("quotes", "--db", tmp_path / "none.db")
    assert proc.returncode == 2
    assert "none.db" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "none.db").exists()


def test_quotes_and_show_print_markup_as_text(tmp_path):
    """Quoted words and speakers are the article's, shown as written: rich markup in them stays text."""
    from newsgraph.store import Store

    text = ("\u201cWe will [bold]never[/bold] give up,\u201d said [red]Jo[/red], a farmer. "
            "Jo told us prices [b]rose[/b].")
    aid = content_id(text)

    def at(sub: str) -> Span:
        start = text.index(sub)
        return Span(start, start + len(sub), sub)

    jo = Entity(record_id(aid, "entity", "Jo"), "[red]Jo[/red]", "PERSON", mentions=(at("[red]Jo[/red]"),))
    words = at("We will [bold]never[/bold] give up,")
    quote = Quote(record_id(aid, "quote", words.start), words.start, words.end, words.text, "direct", jo.id,
                  "[red]Jo[/red]", at("said"), reported_by=Source(None, "[i]AP[/i]"))
    claim = at("prices [b]rose[/b]")
    attribution = Attribution(record_id(aid, "attribution", claim.start), claim, None, "[u]Jo[/u]", at("told us"))
    result = ArticleResult(Article(aid, text, text, title="[blink]Farmers[/blink]", published="2024-05-01"),
                           entities=(jo,), quotes=(quote,), attributions=(attribution,))
    db = tmp_path / "markup.db"
    with Store(db) as store:
        store.write_batch([result])
    shown = newsgraph("show", aid, "--db", db, env=WIDE)
    assert shown.returncode == 0, shown.stderr
    for literal in ("[bold]never[/bold]", "[red]Jo[/red]", "[i]AP[/i]", "prices [b]rose[/b]", "[u]Jo[/u]"):
        assert literal in shown.stdout
    listed = newsgraph("quotes", "--db", db, env=WIDE)
    assert listed.returncode == 0, listed.stderr
    for literal in ("[blink]Farmers[/blink]", "[bold]never[/bold]", "[red]Jo[/red]", "[i]AP[/i]"):
        assert literal in listed.stdout
    assert json.loads(newsgraph("quotes", "--db", db, "--json").stdout)["speaker_name"] == "[red]Jo[/red]"
    claims = newsgraph("quotes", "--attributions", "--db", db, env=WIDE)
    assert claims.returncode == 0, claims.stderr
    assert "prices [b]rose[/b]" in claims.stdout and "[u]Jo[/u]" in claims.stdout
