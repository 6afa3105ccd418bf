"""Actors across articles: one actor per normalised name + type + country, its totals kept by the
writer in the batch's transaction, the v1 -> v2 migration that backfills them, the read API and the
`entities` command. Results are built by hand (no spaCy)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace

import pytest
from click.testing import CliRunner

from newsgraph.cli import ACTOR_ORDERS as CLI_ORDERS, main
from newsgraph.errors import StoreError, UsageError
from newsgraph.records import Article, ArticleResult, Entity, Span, content_id, document, record_id
from newsgraph.settings import Settings
from newsgraph.store import ACTOR_ORDERS, SCHEMA_VERSION, Store, WriteCounts
from newsgraph.store import schema, write
from newsgraph.store.actors import actor_id, normalise_name

try:
    from tests.test_store import sample_result
except ImportError:  # tests/ is not a package: pytest puts it on sys.path instead
    from test_store import sample_result


def ent(aid: str, text: str, name: str, type_: str, *forms: str, country: str | None = None,
        sector: str | None = None, cameo: str | None = None, role: str | None = None) -> Entity:
    """An entity whose mentions are every occurrence of each form in `text`; forms other than the
    name are its aliases, as the actor resolver reports them."""
    mentions = []
    for form in forms or (name,):
        start = text.find(form)
        while start >= 0:
            mentions.append(Span(start, start + len(form), form))
            start = text.find(form, start + len(form))
    assert mentions, f"{forms} not in {text!r}"
    aliases = tuple(sorted({f for f in forms if f != name}))
    return Entity(record_id(aid, "entity", name, type_), name, type_, country, sector, cameo, role, aliases,
                  tuple(sorted(mentions, key=lambda m: m.start)))


def art(text: str, published: str | None, *specs: tuple, title: str | None = None) -> ArticleResult:
    """An article with entities given as (name, type, forms..., {keyword options})."""
    aid = content_id(text)
    entities = []
    for spec in specs:
        options = spec[-1] if isinstance(spec[-1], dict) else {}
        name, type_, *forms = spec[:-1] if options else spec
        entities.append(ent(aid, text, name, type_, *forms, **options))
    return ArticleResult(Article(aid, text, text, title=title or text[:30], published=published),
                         tuple(entities))


def actor_rows(store: Store) -> list[tuple]:
    """Every column of every actor (the cross-article state), in creation order."""
    return [tuple(r) for r in store._conn.execute("SELECT * FROM actors ORDER BY rowid")]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "ng.db") as s:
        yield s


# --- the key --------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("Volodymyr Zelensky", "volodymyr  zelensky"),
    ("The Kremlin", "Kremlin"),
    ("the   Kremlin", "KREMLIN"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Côte d\u2019Ivoire", "Cote d'Ivoire"),
    ("Mariupol\u02bc", "Mariupol'"),
    ("Straße", "STRASSE"),
])
def test_names_that_normalise_together(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_names_that_stay_apart():
    assert normalise_name("The") == "the"  # "the" alone is a name, not an article to drop
    assert normalise_name("Theresa May") != normalise_name("resa May")
    assert actor_id("Washington", "PERSON", "USA") != actor_id("Washington", "GPE", "USA")
    assert actor_id("Georgia", "GPE", "GEO") != actor_id("Georgia", "GPE", "USA")
    assert actor_id("Georgia", "GPE", None) == actor_id("georgia", "GPE", "")
    assert actor_id("Putin", "PERSON", "RUS").startswith("a") and len(actor_id("x", "ORG", None)) == 17


# --- totals across articles -----------------------------------------------------------------------

def test_one_actor_across_articles_with_different_alias_forms(store):
    first = art("President Vladimir Putin spoke. Putin left.", "2023-09-13",
                ("Vladimir Putin", "PERSON", "Vladimir Putin", "Putin", {"country": "RUS"}))
    second = art("Mr. Putin arrived in Beijing on Tuesday.", "2023-10-17",
                 ("Vladimir Putin", "PERSON", "Mr. Putin", {"country": "RUS"}))
    third = art("Vladímir Putin met the press.", "2023-05-01",   # an accented form: the same actor
                ("Vladímir Putin", "PERSON", {"country": "RUS"}))
    store.write_batch([first, second])
    store.write_batch([third])
    (putin,) = store.actors()
    assert putin.n_articles == 3
    assert putin.n_mentions == 3 + 1 + 1  # "Putin" also counts inside "Vladimir Putin": 2 + 1 mentions
    assert putin.aliases == ("Mr. Putin", "Putin", "Vladimir Putin", "Vladímir Putin")
    assert putin.name == "Vladimir Putin"  # 2 of 3 articles
    assert (putin.first_seen, putin.last_seen, putin.seen_basis) == ("2023-05-01", "2023-10-17", "published")
    links = store._conn.execute("SELECT DISTINCT actor_id FROM entities").fetchall()
    assert [tuple(r) for r in links] == [(putin.id,)]
    assert store.actor(putin.id) == putin and store.actor("a-none") is None
    assert store.count_actors() == 1 and store.counts()["actors"] == 1


def test_writing_the_same_article_again_changes_nothing(store):
    a = art("Kim Jong-un met Putin. Kim smiled.", "2023-09-13",
            ("Kim Jong-un", "PERSON", "Kim Jong-un", "Kim", {"country": "PRK", "role": "leader"}),
            ("Vladimir Putin", "PERSON", "Putin", {"country": "RUS"}))
    assert store.write_batch([a]) == WriteCounts(1, 0)
    before, counts = actor_rows(store), store.counts()
    assert store.write_batch([a]) == WriteCounts(0, 1)
    assert store.write_batch([a, replace(a)]) == WriteCounts(0, 2)
    assert actor_rows(store) == before and store.counts() == counts
    other = art("Another story.", None)
    assert store.write_batch([other, a, other]) == WriteCounts(1, 2)  # twice in one batch: once
    assert actor_rows(store) == before


def test_an_article_counts_once_per_actor_even_with_two_entities(store):
    # The resolver left "The Kremlin" and "Kremlin" apart; they are one actor, named in one article.
    a = art("The Kremlin said no. Later, a Kremlin aide said yes.", "2023-01-01",
            ("The Kremlin", "ORG", "The Kremlin", {"country": "RUS"}),
            ("Kremlin", "ORG", "Kremlin aide", {"country": "RUS"}))
    store.write_batch([a])
    (kremlin,) = store.actors()
    assert (kremlin.n_articles, kremlin.n_mentions) == (1, 2)
    assert kremlin.name == "The Kremlin"  # a 1-1 tie: the first form seen stays
    (row,) = store.actor_articles(kremlin.id)
    assert row["entity_id"] == a.entities[0].id and row["n_mentions"] == 2


def test_same_name_different_type_or_country_stays_apart(store):
    store.write_batch([
        art("Washington crossed the Delaware.", "1776-12-25", ("Washington", "PERSON", {"country": "USA"})),
        art("Washington imposed sanctions.", "2022-03-01", ("Washington", "GPE", {"country": "USA"})),
        art("Georgia voted in Tbilisi.", "2024-10-26", ("Georgia", "GPE", {"country": "GEO"})),
        art("Georgia voted in Atlanta.", "2024-11-05", ("Georgia", "GPE", {"country": "USA"})),
    ])
    assert sorted((a.name, a.type, a.country) for a in store.actors()) == [
        ("Georgia", "GPE", "GEO"), ("Georgia", "GPE", "USA"), ("Washington", "GPE", "USA"),
        ("Washington", "PERSON", "USA")]


def test_any_entity_type_gets_an_actor(store):
    store.write_batch([art("The grant was $5 million, said Acme.", None,
                           ("$5 million", "MONEY"), ("Acme", "ACME_CUSTOM_TYPE"))])
    assert {a.type for a in store.actors()} == {"MONEY", "ACME_CUSTOM_TYPE"}
    assert store.actors(type="money")[0].country is None


def test_sector_and_cameo_are_the_majority_and_ties_keep_the_first(store):
    def story(i, sector, cameo=None):
        return art(f"Story {i}: the ministry of Ruritania spoke.", f"2023-01-{i + 1:02d}",
                   ("ministry of Ruritania", "ORG", {"country": "RUR", "sector": sector, "cameo": cameo}))
    store.write_batch([story(0, "GOV", "RURGOV"), story(1, "MIL", "RURMIL")])
    (actor,) = store.actors()
    assert (actor.sector, actor.cameo_code) == ("GOV", "RURGOV")  # 1-1: the one seen first stays
    store.write_batch([story(2, "MIL"), story(3, None)])  # no sector says nothing
    (actor,) = store.actors()
    assert (actor.sector, actor.cameo_code, actor.n_articles) == ("MIL", "RURGOV", 4)
    counts = store._conn.execute("SELECT sectors, cameo_codes FROM actors").fetchone()
    assert json.loads(counts[0]) == {"GOV": 1, "MIL": 2} and json.loads(counts[1]) == {"RURGOV": 1, "RURMIL": 1}


def test_name_is_the_most_frequent_form(store):
    def story(i, name):
        return art(f"{i}. {name} spoke.", None, (name, "PERSON", {"country": "UKR"}))
    store.write_batch([story(0, "Volodymyr Zelensky"), story(1, "Volodymyr Zelenský")])
    assert store.actors()[0].name == "Volodymyr Zelensky"
    store.write_batch([story(2, "Volodymyr Zelenský")])
    assert store.actors()[0].name == "Volodymyr Zelenský"


def test_latest_role_by_publication_date_not_ingest_order(store):
    def story(published, role, n=0):
        return art(f"Boris Johnson ({role}, {n}) spoke.", published,
                   ("Boris Johnson", "PERSON", {"country": "GBR", "role": role}))
    store.write_batch([story(None, "journalist")])
    assert store.actors()[0].latest_role == "journalist"  # an undated role fills an empty slot
    store.write_batch([story("2019-07-24", "prime minister")])
    store.write_batch([story("2016-07-13", "foreign secretary")])  # older news, ingested later
    store.write_batch([story(None, "columnist", 1)])  # undated: cannot be shown to be newer
    actor = store.actors()[0]
    assert actor.latest_role == "prime minister"
    assert (actor.first_seen, actor.last_seen) == ("2016-07-13", "2019-07-24")
    # Roles stay per article on the entities.
    assert {r["role"] for r in store.actor_articles(actor.id)} == \
        {"journalist", "prime minister", "foreign secretary", "columnist"}


def test_seen_dates_fall_back_to_ingest_dates_until_one_is_published(store):
    store.write_batch([art("Acme Corp grew.", None, ("Acme Corp", "ORG"))])
    actor = store.actors()[0]
    ingested = store._conn.execute("SELECT ingested_at FROM articles").fetchone()[0]
    assert (actor.first_seen, actor.last_seen, actor.seen_basis) == (ingested, ingested, "ingested")
    store.write_batch([art("Acme Corp shrank.", "2020-02-02", ("Acme Corp", "ORG"))])
    store.write_batch([art("Acme Corp is flat.", None, ("Acme Corp", "ORG"))])
    actor = store.actors()[0]
    assert (actor.first_seen, actor.last_seen, actor.seen_basis) == ("2020-02-02", "2020-02-02", "published")


def test_totals_do_not_depend_on_batch_size(tmp_path):
    stories = [art(f"Story {i}: Kyiv and Moscow; Zelensky{' and Putin' * (i % 2)}.",
                   f"2023-0{1 + i % 9}-1{i % 10}" if i % 3 else None,
                   ("Kyiv", "GPE", {"country": "UKR"}), ("Moscow", "GPE", {"country": "RUS"}),
                   ("Zelensky", "PERSON", {"country": "UKR", "sector": ["GOV", "MIL"][i % 2],
                                           "role": f"role {i}"}),
                   *([("Putin", "PERSON", {"country": "RUS"})] if i % 2 else []))
               for i in range(40)]
    tables = []
    for size in (1, 7, 40):
        with Store(tmp_path / f"b{size}.db") as s:
            for i in range(0, len(stories), size):
                s.write_batch(stories[i:i + size])
            tables.append([a.to_dict() for a in s.actors(order="name") if a.seen_basis == "published"])
    assert tables[0] == tables[1] == tables[2] and len(tables[0]) == 4


def test_actors_dropped_from_the_writer_cache_are_read_back(tmp_path):
    stories = [art(f"{i}: Oslo, Bergen, Tromso and Kiruna.", f"2024-01-{i + 1:02d}",
                   *[(city, "GPE", {"country": "NOR", "role": f"r{i}"}) for city in ("Oslo", "Bergen", "Tromso")],
                   ("Kiruna", "GPE", {"country": "SWE"})) for i in range(6)]
    rows = []
    for size in (1, 10_000):
        with Store(tmp_path / f"c{size}.db") as s:
            s._actor_cache.size = size  # 1: nearly every actor is evicted and read back each batch
            for story in stories:
                s.write_batch([story])
            rows.append(actor_rows(s))
    assert rows[0] == rows[1] and [r[15] for r in rows[0]] == [6, 6, 6, 6]  # n_articles


def test_a_failed_batch_leaves_the_actors_as_they_were(store):
    good = art("NATO met.", "2023-01-01", ("NATO", "ORG"))
    store.write_batch([good])
    before = actor_rows(store)
    later = art("NATO met again.", "2023-02-01", ("NATO", "ORG"))
    broken = replace(later, article=replace(art("x", None).article, text=None))  # violates NOT NULL
    with pytest.raises(StoreError):
        store.write_batch([later, broken])
    assert actor_rows(store) == before
    store.write_batch([later])  # the writer's cached totals were dropped with the rollback
    assert store.actors()[0].n_articles == 2


def test_another_writer_between_batches_is_seen(tmp_path):
    path = tmp_path / "two.db"
    with Store(path) as one, Store(path) as two:
        one.write_batch([art("UN 1.", None, ("UN", "ORG"))])
        two.write_batch([art("UN 2.", None, ("UN", "ORG"))])
        one.write_batch([art("UN 3.", None, ("UN", "ORG"))])  # must not reuse its stale cache
        assert one.actors()[0].n_articles == 3


def test_entities_link_to_their_actor(store):
    result = sample_result()
    store.write_batch([result])
    rows = store._conn.execute("SELECT e.name, a.name FROM entities e JOIN actors a ON a.id = e.actor_id")
    assert sorted(map(tuple, rows)) == sorted((e.name, e.name) for e in result.entities)
    plan = " ".join(r[-1] for r in store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM entities WHERE actor_id = 'x'"))
    assert "entities_actor" in plan
    assert document(store.get(result.article.id)) == document(result)  # the documents are unchanged


# --- reading --------------------------------------------------------------------------------------

@pytest.fixture
def world(store):
    store.write_batch([
        art("Sergei Lavrov met Antony Blinken in Geneva.", "2022-01-21",
            ("Sergei Lavrov", "PERSON", {"country": "RUS", "sector": "GOV", "role": "foreign minister"}),
            ("Antony Blinken", "PERSON", {"country": "USA", "sector": "GOV"}),
            ("Geneva", "GPE", {"country": "CHE"}), title="Geneva talks"),
        art("Lavrov spoke in Moscow. Gazprom cut supplies.", "2022-06-01",
            ("Sergei Lavrov", "PERSON", "Lavrov", {"country": "RUS", "sector": "GOV"}),
            ("Moscow", "GPE", {"country": "RUS"}), ("Gazprom", "ORG", {"country": "RUS", "sector": "BUS"}),
            title="Moscow"),
        art("Mr. Lavrov was in Moscow again; Moscow was cold, colder than Moscow had been.", "2022-12-01",
            ("Sergei Lavrov", "PERSON", "Mr. Lavrov", {"country": "RUS"}),
            ("Moscow", "GPE", {"country": "RUS"}), title="Winter"),
    ])
    return store


def test_filters_by_type_country_and_query(world):
    assert [a.name for a in world.actors()] == ["Sergei Lavrov", "Moscow", "Antony Blinken", "Gazprom",
                                                "Geneva"]
    assert [a.name for a in world.actors(type="PERSON")] == ["Sergei Lavrov", "Antony Blinken"]
    assert [a.name for a in world.actors(country="rus")] == ["Sergei Lavrov", "Moscow", "Gazprom"]
    assert [a.name for a in world.actors(type="GPE", country="RUS")] == ["Moscow"]
    assert [a.name for a in world.actors(query="mr. lavrov")] == ["Sergei Lavrov"]  # an alias
    assert [a.name for a in world.actors(query="GÉNEVA")] == ["Geneva"]
    assert world.actors(query="100%_") == [] and world.actors(country="XXX") == []
    assert world.count_actors(country="RUS") == 3 and world.count_actors(type="PERSON", query="blink") == 1
    assert [a.name for a in world.actors(order="mentions", limit=2)] == ["Moscow", "Sergei Lavrov"]
    assert [a.name for a in world.actors(order="name", limit=2, offset=1)] == ["Gazprom", "Geneva"]
    assert world.actors(order="last_seen")[0].last_seen == "2022-12-01"
    with pytest.raises(UsageError, match="unknown actor order"):
        world.actors(order="fame")
    assert set(ACTOR_ORDERS) == set(CLI_ORDERS)


def test_actor_row_and_its_articles(world):
    lavrov = world.actors(query="lavrov")[0]
    assert lavrov.to_dict() == {
        "id": lavrov.id, "name": "Sergei Lavrov", "type": "PERSON", "country": "RUS", "sector": "GOV",
        "cameo_code": None, "latest_role": "foreign minister", "aliases": ["Lavrov", "Mr. Lavrov", "Sergei Lavrov"],
        "n_mentions": 3, "n_articles": 3, "first_seen": "2022-01-21", "last_seen": "2022-12-01",
        "seen_basis": "published"}
    articles = world.actor_articles(lavrov.id)
    assert [a["title"] for a in articles] == ["Winter", "Moscow", "Geneva talks"]  # newest first
    assert [a["title"] for a in world.actor_articles(lavrov.id, limit=1, offset=1)] == ["Moscow"]
    article = world.get(articles[-1]["article_id"])
    assert articles[-1]["entity_id"] in {e.id for e in article.entities}
    top = world.summary(top=2)["top_entities"]
    assert [(t["name"], t["articles"], t["mentions"]) for t in top] == [("Sergei Lavrov", 3, 3), ("Moscow", 2, 4)]


# --- migration from schema version 1 --------------------------------------------------------------

def make_v1_store(path, results):
    """A store as version 1 wrote it: the v1 DDL, and the rows of the v1 columns."""
    conn = sqlite3.connect(path)
    for statement in schema.MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    for result in results:
        for table, rows in write._rows(result, None, "2024-01-01T00:00:00+00:00").items():
            columns = list(write._COLUMNS[table])
            v1 = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            keep = [i for i, c in enumerate(columns) if c.strip('"') in v1]
            names = ", ".join(columns[i] for i in keep)
            conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(keep))})",
                             [tuple(row[i] for i in keep) for row in rows])
    conn.commit()
    conn.close()


def test_a_v1_store_is_migrated_in_place_and_its_actors_backfilled(tmp_path):
    results = [sample_result(), sample_result(" Another day.", source_id="wire-2"),
               art("Kim Jong-un went home.", None, ("Kim Jong-un", "PERSON", {"country": "PRK"}))]
    path = tmp_path / "v1.db"
    make_v1_store(path, results)
    conn = sqlite3.connect(path)
    assert "actor_id" not in {r[1] for r in conn.execute("PRAGMA table_info(entities)")}
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION == 2
        assert [document(s.get(r.article.id)) for r in results] == \
            [document(replace(r, article=replace(r.article, origin=None))) for r in results]
        kim = s.actors(query="kim jong-un")[0]
        assert (kim.n_articles, kim.n_mentions, kim.seen_basis, kim.last_seen) == \
            (3, 3, "published", "2023-09-13T08:00:00+00:00")
        assert s.count_actors() == 3
        unlinked = s._conn.execute("SELECT count(*) FROM entities WHERE actor_id IS NULL").fetchone()[0]
        assert unlinked == 0
        migrated = [a.to_dict() for a in s.actors(order="name")]
        s.write_batch([results[0]])  # still a duplicate after the migration
        assert [a.to_dict() for a in s.actors(order="name")] == migrated
    # The backfill gives what ingesting the same articles with this version gives.
    with Store(tmp_path / "fresh.db") as fresh:
        fresh.write_batch(results)
        assert [a.to_dict() for a in fresh.actors(order="name")] == migrated


def test_an_empty_v1_store_migrates(tmp_path):
    make_v1_store(tmp_path / "empty.db", [])
    with Store(tmp_path / "empty.db") as s:
        assert s.schema_version == 2 and s.counts()["actors"] == 0


# --- the CLI --------------------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path, world):
    world.close()
    return str(world.path)


def test_entities_command_table(db, monkeypatch):
    from newsgraph import console
    narrow = CliRunner().invoke(main, ["entities", "--db", db])  # 80 columns: names fold, nothing is cut
    assert narrow.exit_code == 0, narrow.output
    assert max(map(len, narrow.output.splitlines())) <= 80
    assert "2022-12-01" in narrow.output and "Gazprom" in narrow.output and "5 actors" in narrow.output
    monkeypatch.setattr(console.out, "_width", 160)
    result = CliRunner().invoke(main, ["entities", "--db", db])
    out = result.output
    for text in ("Sergei Lavrov", "foreign minister", "2022-01-21", "2022-12-01", "Gazprom", "5 actors"):
        assert text in out
    assert out.index("Sergei Lavrov") < out.index("Gazprom")  # by articles
    assert "Lavrov, Mr. Lavrov" in out  # the aliases besides the name
    only = CliRunner().invoke(main, ["entities", "--db", db, "--type", "GPE", "--country", "RUS"])
    assert "Moscow" in only.output and "Lavrov" not in only.output
    none = CliRunner().invoke(main, ["entities", "--db", db, "--query", "nobody"])
    assert none.exit_code == 0 and "no actor matches" in none.output


def test_entities_command_json_lines(db):
    result = CliRunner().invoke(main, ["entities", "--db", db, "--json", "--type", "person", "--limit", "1"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["name"] for line in lines] == ["Sergei Lavrov"]
    assert lines[0]["aliases"] == ["Lavrov", "Mr. Lavrov", "Sergei Lavrov"] and lines[0]["n_articles"] == 3


def test_entities_command_help_and_a_missing_database(tmp_path):
    help_ = CliRunner().invoke(main, ["entities", "--help"])
    assert help_.exit_code == 0 and "--country" in help_.output and "--json" in help_.output
    proc = subprocess.run([sys.executable, "-m", "newsgraph", "entities", "--db", str(tmp_path / "none.db")],
                          capture_output=True, text=True, timeout=120)
    search = subprocess.run([sys.executable, "-m", "newsgraph", "search", "x", "--db", str(tmp_path / "none.db")],
                            capture_output=True, text=True, timeout=120)
    assert proc.returncode == search.returncode == 2
    assert proc.stderr == search.stderr and "no store at" in proc.stderr
    assert not (tmp_path / "none.db").exists()


# --- the lexicon setting --------------------------------------------------------------------------

def test_lexicon_option_reaches_the_settings(tmp_path, monkeypatch):
    from newsgraph import cli, jobs
    seen = []
    monkeypatch.setattr(jobs, "extract", lambda paths, settings, **kw: seen.append(settings) or iter(()))
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    result = CliRunner().invoke(cli.main, ["extract", "x.txt", "--lexicon", str(lexicon)])
    assert result.exit_code == 0, result.output
    assert seen[0].lexicon == str(lexicon)
    assert CliRunner().invoke(cli.main, ["extract", "x.txt", "--lexicon", str(tmp_path / "nope")]).exit_code == 2
    (tmp_path / "file").write_text("x")
    assert CliRunner().invoke(cli.main, ["extract", "x.txt", "--lexicon", str(tmp_path / "file")]).exit_code == 2


def test_lexicon_is_in_the_digest_by_content(tmp_path):
    lexicon = tmp_path / "lex"
    lexicon.mkdir()
    (lexicon / "titles.tsv").write_text("minister\tGOV\n")
    plain, with_lexicon = Settings(model="m"), Settings(model="m", lexicon=str(lexicon))
    assert plain.digest() != with_lexicon.digest()
    before = with_lexicon.digest()
    (lexicon / "titles.tsv").write_text("minister\tGOV\ngeneral\tMIL\n")
    assert Settings(model="m", lexicon=str(lexicon)).digest() != before
