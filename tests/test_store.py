"""The SQLite store: migrations, the single writer, exact round trips, search and the run manifest.

Results are built by hand (no spaCy), with offsets computed from the text so the span invariant holds.
"""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from newsgraph.errors import StoreError
from newsgraph.records import (Article, ArticleResult, Attribution, Entity, Event, Place, Quote, Repair,
                               Source, Span, TimeExpr, content_id, document, record_id)
from newsgraph.settings import Settings
from newsgraph.store import SCHEMA_VERSION, AmbiguousIdError, Store, WriteCounts

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schema" / "document.schema.json"


def span(text: str, sub: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span(start, start + len(sub), sub)


def sample_result(body: str = "", title: str = "Kim meets Putin in Vladivostok",
                  source_id: str | None = "wire-1") -> ArticleResult:
    """A result with one record of every kind, all ids derived from the text as the pipeline does."""
    text = ("VLADIVOSTOK, Sept. 13 -- The leader of North Korea, Kim Jong-un, met Russian President Vladimir Putin "
            "on Wednesday at the Vostochny cosmodrome, according to Russian news agencies. "
            "\u201cWe will help them build satellites,\u201d Putin said." + body)
    raw = text.replace("Kim Jong-un", "Kim Jong- un", 1)  # a stray space the cleaner repaired
    aid = content_id(raw)
    kim, putin = span(text, "Kim Jong-un"), span(text, "Vladimir Putin")
    putin2, city = span(text, "Putin", 1), span(text, "VLADIVOSTOK")
    e_kim = Entity(record_id(aid, "entity", "Kim Jong-un"), "Kim Jong-un", "PERSON", "PRK", "GOV", "PRKGOV",
                   "leader", ("Kim",), (kim,))
    e_putin = Entity(record_id(aid, "entity", "Vladimir Putin"), "Vladimir Putin", "PERSON", "RUS", "GOV",
                     "RUSGOV", "president", ("Putin",), (putin, putin2))
    place = Place(record_id(aid, "place", city.start), None, "Vladivostok", "RUS", 43.1056, 131.8735,
                  "2013348", admin1="Primorye", population=604901)
    e_city = Entity(record_id(aid, "entity", "Vladivostok"), "Vladivostok", "GPE", "RUS", mentions=(city,),
                    place=place.id)
    place = replace(place, entity=e_city.id)
    wed = span(text, "Wednesday")
    when = TimeExpr(record_id(aid, "time", wed.start), wed.start, wed.end, wed.text, "2023-09-13", "day",
                    "2023-09-13")
    claim = span(text, "The leader of North Korea, Kim Jong-un, met Russian President Vladimir Putin on Wednesday "
                       "at the Vostochny cosmodrome")
    cue = span(text, "according to")
    attribution = Attribution(record_id(aid, "attribution", claim.start), claim, None,
                              "Russian news agencies", cue)
    said = span(text, "We will help them build satellites,")
    quote = Quote(record_id(aid, "quote", said.start), said.start, said.end, said.text, "direct",
                  e_putin.id, "Putin", span(text, "said"))
    met = span(text, "met")
    event = Event(record_id(aid, "event", met.start), "CONSULT", "visit", "042", 1, 1.9, e_kim.id,
                  e_putin.id, True, place.id, "dateline", "2023-09-13", "text", "asserted",
                  Source(None, "Russian news agencies", attribution.id), met, claim, confidence=0.8)
    hyphen = raw.index("- un")
    article = Article(
        aid, raw, text, source_id=source_id, title=title, url="https://example.org/kim",
        source="Example Wire", published="2023-09-13T08:00:00+00:00", language="en",
        dateline="VLADIVOSTOK", meta={"feed": {"tags": ["asia", "russia"], "score": 0.5}, "n": 3},
        repairs=(Repair("stray_space", hyphen, hyphen + 3, "- u", text.index("-un"), text.index("-un") + 2, "-u"),),
        headings=(span(text, "VLADIVOSTOK"),), origin="wire.jsonl:1")
    return ArticleResult(article, (e_kim, e_putin, e_city), (when,), (place,), (quote,), (attribution,),
                         (event,), ("newsgraph.places.v1: gazetteer timeout",),
                         {"model": "en_core_web_sm", "model_version": "3.8.0", "newsgraph_version": "0.1.0"})


def plain_result(text: str, title: str | None = None, article_id: str | None = None, **kw) -> ArticleResult:
    """An article with no extracted records (for search tests)."""
    aid = article_id or content_id(text)
    return ArticleResult(Article(aid, text, text, title=title, **kw))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "ng.db") as s:
        yield s


# --- opening and migrations ----------------------------------------------------------------------

def test_migrations_from_empty(tmp_path):
    path = tmp_path / "new.db"
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 1
        assert set(s.counts().values()) == {0}
    with Store(path) as s:  # reopening an up-to-date store changes nothing
        assert s.schema_version == SCHEMA_VERSION


def test_later_migrations_apply_in_order_and_keep_data(tmp_path, monkeypatch):
    from newsgraph.store import schema
    path = tmp_path / "old.db"
    result = sample_result()
    with Store(path) as s:
        s.write_batch([result])
    v2 = ("CREATE TABLE notes (article_id TEXT, note TEXT)",
          "INSERT INTO notes SELECT id, 'migrated' FROM articles")
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + (v2,))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION + 1
        assert s._conn.execute("SELECT note FROM notes").fetchall()[0][0] == "migrated"
        assert document(s.get(result.article.id)) == document(result)


def test_a_failing_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    from newsgraph.store import schema
    path = tmp_path / "old.db"
    Store(path).close()
    broken = ("CREATE TABLE half_done (x)", "THIS IS NOT SQL")
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + (broken,))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError):
        Store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall()
    conn.close()


def test_version_too_new_says_upgrade(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="upgrade newsgraph"):
        Store(path)


def test_wal_mode_is_on(store):
    assert store.journal_mode == "wal"


def test_not_a_database_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store(path)


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store(path)


def test_bad_locations(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing" / "ng.db")
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "absent.db", readonly=True)
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()
    if Path("/proc").is_dir():  # not writable even by root
        with pytest.raises(StoreError):
            Store("/proc/newsgraph.db")


def test_readonly_store_reads_but_refuses_writes(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as s:
        s.write_batch([sample_result()])
    with Store(path, readonly=True) as ro:
        assert ro.counts()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            ro.write_batch([sample_result(" More.")])


# --- writing and reading back --------------------------------------------------------------------

def test_round_trip_equals_original_document(store):
    result = sample_result()
    assert store.write_batch([result], "run-1") == WriteCounts(1, 0)
    back = store.get(result.article.id)
    assert document(back) == document(result)
    assert back == replace(result, article=replace(result.article, origin=None))
    if SCHEMA.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(document(back), json.loads(SCHEMA.read_text()))


def test_round_trip_survives_reopening(tmp_path):
    result = sample_result(" Снег в Москве, café crème.")
    with Store(tmp_path / "a.db") as s:
        s.write_batch([result])
    with Store(tmp_path / "a.db") as s:
        assert document(s.get(result.article.id)) == document(result)


def test_get_by_prefix_source_id_or_nothing(store):
    result = sample_result()
    store.write_batch([result])
    aid = result.article.id
    assert store.get(aid[:6]).article.id == aid
    assert store.get("wire-1").article.id == aid
    assert store.get(aid[:5]) is None  # too short to be taken as a prefix
    assert store.get("no-such-article") is None


def test_ambiguous_prefix_is_reported(store):
    store.write_batch([plain_result("one", article_id="abcdef01"), plain_result("two", article_id="abcdef02")])
    with pytest.raises(AmbiguousIdError, match="more than one"):
        store.get("abcdef")
    assert store.get("abcdef02").article.text == "two"


def test_same_batch_twice_is_stored_once(store):
    batch = [sample_result(), sample_result(" Second story."), plain_result("Third story.")]
    assert store.write_batch(batch) == WriteCounts(3, 0)
    counts = store.counts()
    assert store.write_batch(batch) == WriteCounts(0, 3)
    assert store.counts() == counts
    # Twice within one batch: the second copy is a duplicate too.
    assert store.write_batch([plain_result("Fourth."), plain_result("Fourth.")]) == WriteCounts(1, 1)
    assert counts["mentions"] == 2 * 4 and counts["events"] == 2 and counts["errors"] == 2


def test_a_failing_batch_stores_nothing_and_earlier_batches_stay(store):
    first = [sample_result()]
    store.write_batch(first)
    before = store.counts()
    good = sample_result(" A later story.")
    broken = replace(good, article=replace(good.article, id="broken", text=None))  # violates NOT NULL
    with pytest.raises(StoreError, match="nothing of this batch"):
        store.write_batch([good, broken])
    assert store.counts() == before
    assert store.has_articles([good.article.id]) == set()
    unserialisable = plain_result("x", meta={"when": object()})
    with pytest.raises(TypeError):  # a bug in a record is not dressed up as a store error
        store.write_batch([good, unserialisable])
    assert store.counts() == before
    assert store.write_batch([good]) == WriteCounts(1, 0)  # the rerun resumes
    assert document(store.get(first[0].article.id)) == document(first[0])


def test_sigkill_mid_batch_loses_only_that_batch(tmp_path):
    path = tmp_path / "killed.db"
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import sample_result, plain_result
        from newsgraph.store import Store
        s = Store({str(path)!r})
        s.write_batch([sample_result()])
        s._conn.execute("BEGIN IMMEDIATE")  # a second batch, half written when the process dies
        s._conn.execute("INSERT INTO articles (id, raw, text, ingested_at) VALUES ('half', 'x', 'x', 'now')")
        print("ready", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with Store(path) as s:
        assert s.has_articles([sample_result().article.id, "half"]) == {sample_result().article.id}
        assert s.write_batch([sample_result(), plain_result("new")]) == WriteCounts(1, 1)


def test_has_articles(store):
    a, b = sample_result(), plain_result("Never stored.")
    store.write_batch([a])
    assert store.has_articles([a.article.id, b.article.id]) == {a.article.id}
    assert store.has_articles([]) == set()
    many = [f"id{i}" for i in range(1200)] + [a.article.id]  # more ids than one IN (...) takes
    assert store.has_articles(many) == {a.article.id}


# --- search --------------------------------------------------------------------------------------

@pytest.fixture
def corpus(store):
    store.write_batch([
        plain_result("The harbour froze early this winter. Ships waited outside.", "Cold snap",
                     published="2023-01-02"),
        plain_result("Talks on the harbour ended. The harbour reopened; the harbour master spoke.",
                     "Harbour talks", published="2023-01-03"),
        plain_result("Farmers protested in the capital over grain prices.", "Grain protest"),
        plain_result("A new café opened near the station; the crème brûlée sold out.", "Café news"),
        plain_result("В Москве прошёл снегопад, сообщают власти.", "Снег в Москве"),
    ])
    return store


def test_search_finds_words_in_text_and_title(corpus):
    assert [h.title for h in corpus.search("grain")] == ["Grain protest"]
    assert [h.title for h in corpus.search("farmers")] == ["Grain protest"]
    assert {h.title for h in corpus.search("snap")} == {"Cold snap"}  # a title-only word


def test_search_ranks_and_highlights(corpus):
    hits = corpus.search("harbour")
    assert [h.title for h in hits] == ["Harbour talks", "Cold snap"]  # title + 3 body hits beat 1 body hit
    assert hits[0].score > hits[1].score
    assert "[harbour]" in hits[1].snippet.lower()
    custom = corpus.search("froze", highlight=("<b>", "</b>"))
    assert "<b>froze</b>" in custom[0].snippet
    assert custom[0].published == "2023-01-02" and len(custom[0].article_id) == 16
    assert json.loads(json.dumps(custom[0].to_dict()))["title"] == "Cold snap"


def test_search_paging(corpus):
    everything = [h.article_id for h in corpus.search("the", limit=10)]
    assert len(everything) == corpus.count_matches("the") >= 3
    pages = corpus.search("the", limit=2) + corpus.search("the", limit=2, offset=2) + \
        corpus.search("the", limit=2, offset=4)
    assert [h.article_id for h in pages] == everything
    assert corpus.search("the", limit=2, offset=100) == []


@pytest.mark.parametrize("query", ['"unbalanced harbour', "-", "AND", "harbour AND", "foo:bar", "(",
                                   "*", "NEAR(", '"', "   ", "", "harbour -", "^"])
def test_bad_fts_syntax_does_not_crash(corpus, query):
    hits = corpus.search(query)
    assert isinstance(hits, list)
    assert corpus.count_matches(query) == len(hits)


def test_bad_syntax_falls_back_to_the_words(corpus):
    assert {h.title for h in corpus.search('"unbalanced harbour')} == set()  # both words needed
    assert {h.title for h in corpus.search('"harbour')} == {"Harbour talks", "Cold snap"}
    assert {h.title for h in corpus.search('harbour -')} == {"Harbour talks", "Cold snap"}  # "-" has no words
    assert {h.title for h in corpus.search('grain AND')} == set()  # "and" is then a word to find


def test_unicode_search(corpus):
    assert [h.title for h in corpus.search("cafe")] == ["Café news"]   # accents folded
    assert [h.title for h in corpus.search("café")] == ["Café news"]
    assert [h.title for h in corpus.search("creme brulee")] == ["Café news"]
    assert [h.title for h in corpus.search("москве")] == ["Снег в Москве"]  # Cyrillic, case folded
    assert "[снегопад]" in corpus.search("снегопад")[0].snippet


def test_fts_follows_updates_and_deletes(store):
    # The triggers keep the external-content index in step; the writer never updates, but a
    # maintenance script might.
    store.write_batch([plain_result("Volcano erupts.", "Volcano", article_id="v1")])
    store._conn.execute("UPDATE articles SET text = 'Glacier melts.' WHERE id = 'v1'")
    assert store.search("volcano")[0].title == "Volcano"  # still in the title
    assert store.search("erupts") == [] and len(store.search("glacier")) == 1
    store._conn.execute("DELETE FROM articles WHERE id = 'v1'")
    assert store.search("glacier") == []


# --- runs and summaries --------------------------------------------------------------------------

def test_run_manifest(store):
    settings = Settings(model="en_core_web_sm")
    run = store.begin_run(settings, [Path("in/a.jsonl"), "in/b.html"],
                          {"model": "en_core_web_sm", "model_version": "3.8.0", "spacy_version": "3.8.7"})
    (started,) = store.runs()
    assert started["status"] == "running" and started["finished_at"] is None
    assert started["settings_hash"] == settings.digest() and started["settings"]["model"] == "en_core_web_sm"
    assert started["paths"] == ["in/a.jsonl", "in/b.html"] and started["spacy_version"] == "3.8.7"
    assert started["newsgraph_version"]
    counts = store.write_batch([sample_result()], run)
    store.record_failure(run, "in/b.html:1", "no article text")
    store.finish_run(run, {"stored": counts.stored, "duplicates": counts.duplicates, "failed": 1,
                           "with_errors": 1})
    (done,) = store.runs(limit=1)
    assert (done["status"], done["stored"], done["duplicates"], done["failed"], done["with_errors"]) == \
        ("finished", 1, 0, 1, 1)
    assert done["finished_at"] >= done["started_at"]
    assert store.failures(run) == [{"run_id": run, "item": "in/b.html:1", "reason": "no article text"}]
    with pytest.raises(ValueError):
        store.finish_run(run, None, "exploded")
    with pytest.raises(StoreError, match="no run"):
        store.finish_run("no-such-run", None)


def test_summary_top_entities(store):
    store.write_batch([sample_result(), sample_result(" Another day.", source_id="wire-2")])
    summary = store.summary(top=3)
    top = summary["top_entities"]
    # From the actors table: one row per actor across the articles, with its id to look it up.
    putin = store.actors(query="putin")[0]
    assert top[0] == {"id": putin.id, "name": "Vladimir Putin", "type": "PERSON", "country": "RUS",
                      "articles": 2, "mentions": 4}
    assert {e["name"] for e in top} == {"Vladimir Putin", "Kim Jong-un", "Vladivostok"}
    assert summary["counts"]["articles"] == 2 and summary["counts"]["actors"] == 3 and summary["runs"] == []
    assert [a["source_id"] for a in store.list_articles()] == ["wire-2", "wire-1"]


def test_iter_results_streams_everything_in_order(store):
    batch = [sample_result()] + [plain_result(f"Story {i}.") for i in range(450)]  # > one page
    store.write_batch(batch)
    assert [document(r) for r in store.iter_results()] == [document(r) for r in batch]


def test_memory_store():
    with Store(":memory:") as s:
        s.write_batch([sample_result()])
        assert s.counts()["articles"] == 1


def test_two_entities_on_one_span_keep_their_mentions(store):
    # The mentions table holds one row per span; the documents still carry both entities' mentions.
    result = sample_result()
    twin = replace(result.entities[1], id="e-twin", name="Putin (government)", type="ORG")
    doubled = replace(result, entities=(*result.entities, twin))
    store.write_batch([doubled])
    assert store.counts()["mentions"] == 4
    assert document(store.get(result.article.id)) == document(doubled)
