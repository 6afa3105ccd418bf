"""`newsgraph events` and `newsgraph export --events`: the listing and its filters on the sample corpus,
and the GDELT, PLOVER, CSV and Parquet event exports checked against the store; plus fast tests on a
hand-built store (no model) for name matching, the GDELT actor codes and the stable event ids."""
from __future__ import annotations

import csv
import json
import re
import unicodedata

import pytest

from newsgraph.cli import EVENT_TYPES as CLI_TYPES, MODALITIES as CLI_MODALITIES
from newsgraph.export_events import EVENT_TABLE, GDELT_COLUMNS, ActorCodes, export_events, global_event_id
from newsgraph.records import Article, ArticleResult, Entity, Event, Place, Source, Span, content_id, record_id
from newsgraph.store import EVENT_TYPES, MODALITIES, Store
from newsgraph.store.events import EventParty

try:
    from tests.test_cli import WIDE, json_lines, newsgraph
except ImportError:  # tests/ is not a package: pytest puts it on sys.path instead
    from test_cli import WIDE, json_lines, newsgraph
# examples_db: the sample corpus, ingested once per session (conftest.py).

EVENT_KEYS = {"id", "type", "mode", "cameo", "quad_class", "goldstein", "actor", "target", "symmetric", "place",
              "place_source", "date", "date_source", "modality", "reported_by", "trigger", "evidence",
              "confidence", "article_id", "published", "title", "actor_name", "target_name", "place_name",
              "reported_by_name", "actor_actor", "target_actor"}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def all_events(examples_db):
    return json_lines("events", "--db", examples_db, "--json", "--limit", 100_000)


@pytest.fixture(scope="module")
def actor_names(examples_db):
    """Every name and alias of each actor, folded, by actor id (what --actor and --pair match)."""
    actors = json_lines("entities", "--db", examples_db, "--json", "--limit", 100_000)
    return {a["id"]: {fold(n) for n in [a["name"], *a["aliases"]]} for a in actors}


def has_words(names: set[str], name: str) -> bool:
    pattern = re.compile(r"(?<!\w)" + re.escape(fold(name)) + r"(?!\w)")
    return any(pattern.search(n) for n in names)


# --- the listing on the sample corpus -----------------------------------------------------------------

@pytest.mark.model
def test_events_lists_the_events_of_the_sample_corpus_newest_first(examples_db, all_events):
    assert len(all_events) > 100  # a few hundred from 36 articles
    assert all(EVENT_KEYS <= e.keys() for e in all_events)
    assert {e["type"] for e in all_events} <= set(EVENT_TYPES)
    dated = [e["date"] for e in all_events if e["date"]]
    assert dated == sorted(dated, reverse=True)
    assert all(e["date"] for e in all_events[:len(dated)])  # undated ones, if any, come last
    # Names come from the store: the actor's name as `entities` shows it.
    named = [e for e in all_events if e["actor_actor"]]
    assert named and all(e["actor_name"] for e in named)

    proc = newsgraph("events", "--db", examples_db, env=WIDE)
    assert proc.returncode == 0, proc.stderr
    assert f"1-20 of {len(all_events)} events" in proc.stderr
    lines = proc.stdout.splitlines()
    assert all(col in lines[0] for col in ("date", "event", "cameo", "actor → target", "modality", "reported by",
                                           "place", "trigger", "article"))
    first = all_events[0]
    row = next(line for line in lines[1:] if first["trigger"]["text"] in line and first["article_id"][:10] in line)
    assert first["date"] in row and first["type"] in row and first["cameo"] in row and first["modality"] in row
    assert first["actor_name"] in row


@pytest.mark.model
def test_events_fit_an_80_column_terminal(examples_db, all_events):
    proc = newsgraph("events", "--db", examples_db, "--limit", 5, env={**WIDE, "COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    for event in all_events[:5]:  # dates and short ids are never cut
        assert event["article_id"][:10] in proc.stdout and event["date"] in proc.stdout


@pytest.mark.model
def test_events_json_offsets_point_into_the_stored_article(examples_db, all_events):
    with Store(examples_db, create=False) as store:
        for article_id in {e["article_id"] for e in all_events[:40]}:
            text = store.get(article_id).article.text
            for e in (e for e in all_events if e["article_id"] == article_id):
                assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
                assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]


@pytest.mark.model
def test_events_type_filter(examples_db, all_events):
    consult = json_lines("events", "--db", examples_db, "--json", "--type", "CONSULT", "--limit", 100_000)
    assert consult and {e["type"] for e in consult} == {"CONSULT"}
    assert [e["id"] for e in consult] == [e["id"] for e in all_events if e["type"] == "CONSULT"]
    lower = json_lines("events", "--db", examples_db, "--json", "--type", "consult", "--limit", 100_000)
    assert [e["id"] for e in lower] == [e["id"] for e in consult]
    bad = newsgraph("events", "--db", examples_db, "--type", "GOSSIP")
    assert bad.returncode == 2 and "CONSULT" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.model
def test_events_pair_works_in_both_directions(examples_db, all_events, actor_names):
    # A real pair from the listing: an event whose actor and target are two different known actors.
    event = next(e for e in all_events if e["actor_actor"] and e["target_actor"]
                 and e["actor_actor"] != e["target_actor"] and not e["symmetric"])
    a, b = event["actor_name"], event["target_name"]
    forward = json_lines("events", "--db", examples_db, "--json", "--pair", a, b, "--limit", 100_000)
    backward = json_lines("events", "--db", examples_db, "--json", "--pair", b, a, "--limit", 100_000)
    assert event["id"] in {e["id"] for e in forward}
    assert [e["id"] for e in forward] == [e["id"] for e in backward]
    assert len(forward) < len(all_events)
    for e in forward:  # one side is known by A, the other by B, in either order
        one, other = actor_names.get(e["actor_actor"], set()), actor_names.get(e["target_actor"], set())
        assert (has_words(one, a) and has_words(other, b)) or (has_words(one, b) and has_words(other, a)), e

    # --actor finds the pair's events too, from either side, and names match whole words.
    by_actor = json_lines("events", "--db", examples_db, "--json", "--actor", fold(a).upper(), "--limit", 100_000)
    assert {e["id"] for e in forward} <= {e["id"] for e in by_actor}
    assert all(has_words(actor_names.get(e["actor_actor"], set()), a)
               or has_words(actor_names.get(e["target_actor"], set()), a) for e in by_actor)


@pytest.mark.model
def test_events_since_until_filter_on_the_event_date(examples_db, all_events):
    dates = sorted({e["date"] for e in all_events if e["date"]})
    since, until = dates[len(dates) // 4], dates[3 * len(dates) // 4]
    found = json_lines("events", "--db", examples_db, "--json", "--since", since, "--until", until,
                       "--limit", 100_000)
    expected = [e["id"] for e in all_events if e["date"] and since <= e["date"] <= until]
    assert found and [e["id"] for e in found] == expected
    assert len(found) < len(all_events)
    after = json_lines("events", "--db", examples_db, "--json", "--since", until, "--limit", 100_000)
    assert after and all(e["date"] >= until for e in after)
    before = json_lines("events", "--db", examples_db, "--json", "--until", since, "--limit", 100_000)
    assert before and all(e["date"] <= since for e in before)


@pytest.mark.model
def test_events_modality_filter(examples_db, all_events):
    negated = json_lines("events", "--db", examples_db, "--json", "--modality", "negated", "--limit", 100_000)
    assert negated and {e["modality"] for e in negated} == {"negated"}
    assert len(negated) == sum(e["modality"] == "negated" for e in all_events)
    assert newsgraph("events", "--db", examples_db, "--modality", "sarcastic").returncode == 2


@pytest.mark.model
def test_events_country_cameo_and_paging(examples_db, all_events):
    russian = json_lines("events", "--db", examples_db, "--json", "--country", "rus", "--limit", 100_000)
    assert russian and len(russian) < len(all_events)
    consult = json_lines("events", "--db", examples_db, "--json", "--cameo", "04", "--limit", 100_000)
    assert consult and all(e["cameo"].startswith("04") for e in consult)
    assert len(consult) == sum(e["cameo"].startswith("04") for e in all_events)
    page = json_lines("events", "--db", examples_db, "--json", "--limit", 3, "--offset", 2)
    assert [e["id"] for e in page] == [e["id"] for e in all_events[2:5]]


@pytest.mark.model
def test_events_bad_dates_are_clean_usage_errors(examples_db):
    for args in (("--since", "16/09/2023"), ("--until", "yesterday"),
                 ("--since", "2024-01-01", "--until", "2023-01-01")):
        proc = newsgraph("events", "--db", examples_db, *args)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr and proc.stdout == ""
        assert "2023-09-16" in proc.stderr or "swap" in proc.stderr
    nobody = newsgraph("events", "--db", examples_db, "--actor", "Nobody Zzyzx")
    assert nobody.returncode == 0 and nobody.stdout == "" and "no event matches" in nobody.stderr


# --- the exports on the sample corpus -----------------------------------------------------------------

def gdelt_rows(path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # every line ends with a newline
    rows = [line.split("\t") for line in lines[:-1]]
    assert rows and all(len(row) == 61 for row in rows)
    return [dict(zip(GDELT_COLUMNS, row)) for row in rows]


@pytest.mark.model
def test_gdelt_export_has_the_61_columns_and_only_asserted_events(examples_db, all_events, tmp_path):
    out = tmp_path / "events.tsv"
    proc = newsgraph("export", "--events", "--format", "gdelt", "--out", out, "--db", examples_db)
    assert proc.returncode == 0, proc.stderr
    rows = gdelt_rows(out)
    asserted = [e for e in all_events if e["modality"] == "asserted"]
    assert len(rows) == len(asserted) < len(all_events)
    assert f"{len(rows)} events" in proc.stderr and "left out" in proc.stderr
    by_id = {global_event_id(e["id"]): e for e in asserted}
    assert {int(r["GlobalEventID"]) for r in rows} == set(by_id)
    for r in rows:
        event = by_id[int(r["GlobalEventID"])]
        assert r["EventCode"] == event["cameo"]
        assert r["EventRootCode"] == r["EventCode"][:2] and r["EventBaseCode"] == r["EventCode"][:3]
        assert int(r["QuadClass"]) == event["quad_class"] and float(r["GoldsteinScale"]) == event["goldstein"]
        day = (event["date"] or event["published"]).replace("-", "")
        assert r["Day"] == day and r["MonthYear"] == day[:6] and r["Year"] == day[:4]
        assert r["Actor1Name"] == (event["actor_name"] or "") and r["Actor2Name"] == (event["target_name"] or "")
        assert r["ActionGeo_FullName"] == (event["place_name"] or "")
        assert re.fullmatch(r"\d{14}", r["DATEADDED"]) and r["SOURCEURL"]
        assert r["IsRootEvent"] in ("0", "1") and r["NumArticles"] == "1"
        assert r["AvgTone"] == r["Actor1Geo_Type"] == r["Actor1EthnicCode"] == ""
    assert any(r["Actor1CountryCode"] == "RUS" and r["Actor1Code"].startswith("RUS") for r in rows)
    assert any(r["ActionGeo_Lat"] and r["ActionGeo_FeatureID"].startswith("geonames:") for r in rows)
    assert {r["IsRootEvent"] for r in rows} == {"0", "1"}

    everything = tmp_path / "all.tsv"
    proc = newsgraph("export", "--format", "gdelt", "--all-modalities", "--out", everything, "--db", examples_db)
    assert proc.returncode == 0, proc.stderr
    assert len(gdelt_rows(everything)) == len(all_events) and "left out" not in proc.stderr


@pytest.mark.model
def test_plover_export_lines_parse_and_point_at_the_trigger(examples_db, all_events, tmp_path):
    proc = newsgraph("export", "--events", "--format", "plover", "--out", tmp_path, "--db", examples_db)
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "events.plover.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    asserted = {e["id"]: e for e in all_events if e["modality"] == "asserted"}
    assert len(records) == len(asserted) and {r["id"] for r in records} == set(asserted)
    with Store(examples_db, create=False) as store:
        texts = {aid: store.get(aid).article.text for aid in {r["text_info"]["article_id"] for r in records}}
    for r in records:
        event, info = asserted[r["id"]], r["text_info"]
        text = texts[info["article_id"]]
        trigger = info["trigger"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"] == event["trigger"]["text"]
        assert text[info["start"]:info["end"]] == r["event_text"] == event["evidence"]["text"]
        assert r["event_type"] == event["type"] and r["event_mode"] == event["mode"]
        assert r["event_date"] == (event["date"] or event["published"])
        assert r["modality"] == "asserted" and r["quad_code"] == event["quad_class"]
        assert (r["actor1"] or {}).get("name") == event["actor_name"]
        assert (r["actor2"] or {}).get("name") == event["target_name"]
        assert (r["event_loc"] or {}).get("name") == event["place_name"]
    reported = [r for r in records if r["reported_by"]]
    assert reported and all(r["reported_by"]["text"] for r in reported)


@pytest.mark.model
def test_parquet_and_csv_event_tables_join_the_names(examples_db, all_events, tmp_path):
    import pyarrow.parquet as pq

    assert newsgraph("export", "--events", "--format", "parquet", "--out", tmp_path / "ev.parquet",
                     "--db", examples_db).returncode == 0
    table = pq.read_table(tmp_path / "ev.parquet")
    assert table.num_rows == len(all_events)  # every modality: the table has the column
    assert table.column_names == [name for name, _ in EVENT_TABLE]
    rows = {r["id"]: r for r in table.to_pylist()}
    for e in all_events:
        r = rows[e["id"]]
        for key in ("actor_name", "target_name", "place_name", "modality"):
            assert r[key] == e[key], key
        assert (r["trigger_start"], r["trigger_text"]) == (e["trigger"]["start"], e["trigger"]["text"])

    proc = newsgraph("export", "--events", "--format", "csv", "--out", "-", "--db", examples_db)
    assert proc.returncode == 0, proc.stderr
    reader = csv.DictReader(proc.stdout.splitlines())
    assert reader.fieldnames == [name for name, _ in EVENT_TABLE]
    assert [r["id"] for r in reader] == [r["id"] for r in table.to_pylist()]


@pytest.mark.model
def test_event_export_usage_errors(examples_db, tmp_path):
    cases = [("--format", "jsonl", "--events", "--out", tmp_path / "x"),
             ("--format", "csv", "--all-modalities", "--out", tmp_path / "x"),
             ("--format", "parquet", "--events", "--out", "-"),
             ("--format", "gdelt", "--out", tmp_path / "missing" / "x.tsv")]
    for args in cases:
        proc = newsgraph("export", *args, "--db", examples_db)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr and proc.stderr.strip(), args


# --- a hand-built store: no model ---------------------------------------------------------------------

def test_cli_constants_match_the_store():
    assert CLI_TYPES == EVENT_TYPES and CLI_MODALITIES == MODALITIES


def small_result() -> ArticleResult:
    text = ("Russian and US envoys met in Geneva on Monday. The UN said Russia did not sign the accord. "
            "[red]Kyiv[/red] rejected the plan.")
    aid = content_id(text)

    def at(sub: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        return Span(start, start + len(sub), sub)

    def entity(name, type_, country, sector, code, *mentions, aliases=()):
        return Entity(record_id(aid, "entity", name), name, type_, country, sector, code, aliases=aliases,
                      mentions=mentions)

    russia = entity("Russia (government)", "ORG", "RUS", "GOV", "RUSGOV", at("Russia", 1))
    usa = entity("United States (government)", "ORG", "USA", "GOV", "USAGOV", at("US"), aliases=("US",))
    un = entity("UN", "ORG", None, "IGO", "IGOUNO", at("UN"))
    kyiv = entity("[red]Kyiv[/red]", "ORG", "UKR", "GOV", "UKRGOV", at("[red]Kyiv[/red]"))
    geneva = Place(record_id(aid, "place", "Geneva"), None, "Geneva", "CHE", 46.20222, 6.14569, "geonames:2660646",
                   admin1="CH.GE", population=183981)

    def event(kind, cameo, actor, target, trigger, modality="asserted", symmetric=False, reported=None):
        span = at(trigger)
        sentence = next(s for s in text.split(". ") if trigger in s)
        evidence = at(sentence)
        return Event(record_id(aid, "event", span.start), kind, None, cameo, 1, 1.0, actor.id if actor else None,
                     target.id if target else None, symmetric, geneva.id, "text", "2024-03-04", "text", modality,
                     reported, span, evidence)

    events = (event("CONSULT", "040", russia, usa, "met", symmetric=True),
              event("SUPPORT", "057", russia, None, "sign", "negated", reported=Source(un.id, "The UN")),
              event("REJECT", "120", kyiv, None, "rejected"))
    return ArticleResult(Article(aid, text, text, title="Envoys meet", published="2024-03-05", source_id="s-1"),
                         entities=(russia, usa, un, kyiv), places=(geneva,), events=events)


@pytest.fixture
def small_store(tmp_path):
    path = tmp_path / "small.db"
    with Store(path) as store:
        store.write_batch([small_result()])
    return path


def test_actor_names_match_whole_words(small_store):
    with Store(small_store, create=False) as store:
        def types(**filters):
            return [r.event.type for r in store.events(**filters)]

        assert sorted(types(actor="US")) == ["CONSULT"]       # not found inside "Russia"
        assert sorted(types(actor="russia")) == ["CONSULT", "SUPPORT"]
        assert types(actor="UN") == []                         # the UN reports an event; it is no party to one
        assert types(pair=("United States", "Russia")) == types(pair=("Russia", "United States")) == ["CONSULT"]
        assert types(country="ukr") == ["REJECT"] and types(modality="negated") == ["SUPPORT"]
        assert types(cameo="05") == ["SUPPORT"] and store.count_events(since="2024-03-05") == 0
        row = store.events(modality="negated")[0]
        assert (row.reported_by_name, row.actor_name, row.place_name) == ("UN", "Russia (government)", "Geneva")


def test_events_listing_prints_names_as_text(small_store):
    proc = newsgraph("events", "--db", small_store, env=WIDE)
    assert proc.returncode == 0, proc.stderr
    assert "[red]Kyiv[/red] → -" in proc.stdout  # markup in a name is the name
    assert "Russia (government) ↔ United States (government)" in proc.stdout  # met: either can be first
    assert "3 events" in proc.stderr


def test_gdelt_and_plover_rows_of_a_hand_built_store(small_store, tmp_path):
    with Store(small_store, create=False) as store:
        counts = export_events(store, "gdelt", tmp_path / "e.tsv")
        assert (counts.events, counts.left_out) == (2, 1)
        plover = export_events(store, "plover", tmp_path, all_modalities=True)
        assert plover.events == 3 and plover.path == str(tmp_path / "events.plover.jsonl")
    rows = gdelt_rows(tmp_path / "e.tsv")
    consult = next(r for r in rows if r["EventCode"] == "040")
    actor1 = (consult["Actor1Code"], consult["Actor1CountryCode"], consult["Actor1Type1Code"])
    assert actor1 == ("RUSGOV", "RUS", "GOV")
    assert (consult["Actor2Code"], consult["Actor2CountryCode"]) == ("USAGOV", "USA")
    assert (consult["Day"], consult["MonthYear"], consult["Year"], consult["FractionDate"]) == \
        ("20240304", "202403", "2024", "2024.1753")
    assert (consult["ActionGeo_Type"], consult["ActionGeo_FullName"], consult["ActionGeo_CountryCode"]) == \
        ("4", "Geneva", "CHE")
    assert consult["ActionGeo_FeatureID"] == "geonames:2660646" and consult["SOURCEURL"] == "s-1"
    assert consult["IsRootEvent"] == "1" and consult["EventRootCode"] == "04"
    records = [json.loads(line) for line in (tmp_path / "events.plover.jsonl").read_text().splitlines()]
    assert {r["modality"] for r in records} == {"asserted", "negated"}
    negated = next(r for r in records if r["modality"] == "negated")
    assert negated["reported_by"]["name"] == "UN" and negated["actor1"]["code"] == "RUS"
    assert negated["event_loc"]["geonameid"] == 2660646 and negated["country"] == "CHE"


def test_actor_codes_split_like_gdelt():
    codes = ActorCodes()

    def fields(code, country=None, sector=None):
        return codes.fields(EventParty("e1", "X", "X", "ORG", country, sector, code, None))

    assert fields("RUSGOVMIL", "RUS", "GOVMIL") == \
        ["RUSGOVMIL", "X", "RUS", None, None, None, None, "GOV", "MIL", None]
    assert fields("IGOWSTNAT")[2:4] == ["WST", "NAT"] and fields("IGOWSTNAT")[7] == "IGO"
    assert fields("IGOUNO")[2:4] == [None, "UNO"]
    assert fields("PSEREBHMS", "PSE")[2:4] == ["PSE", "HMS"] and fields("PSEREBHMS", "PSE")[7] == "REB"
    assert fields(None, "FRA", "GOV")[:3] == ["FRAGOV", "X", "FRA"]
    assert codes.fields(None) == [None] * 10


def test_global_event_id_is_stable_and_fits_a_signed_64_bit_column():
    assert global_event_id("e7f92b17313b1115e") == 0x7f92b17313b1115e
    assert global_event_id("effffffffffffffff") == 2 ** 63 - 1
    other = global_event_id("not-a-newsgraph-id")
    assert other == global_event_id("not-a-newsgraph-id") and 0 <= other < 2 ** 63
