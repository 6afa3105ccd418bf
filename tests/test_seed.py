"""The reference article, end to end through `newsgraph extract` (the Foundation's acceptance case)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import SEED, need

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_document():
    proc = subprocess.run(
        [sys.executable, "-m", "newsgraph", "extract", str(need(SEED)), "--published", "2023-09-16"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, "one compact JSON object a line"
    return json.loads(lines[0])


def test_validates_against_the_contract(seed_document, check_document):
    check_document(seed_document)


def test_text_is_repaired_and_raw_unchanged(seed_document):
    article = seed_document["article"]
    assert article["raw"] == SEED.read_text(encoding="utf-8")
    for fixed in ("Beauty according", "Shaposhnikov where", "Tu-160", "Tu-22M3"):
        assert fixed in article["text"]
    assert not re.search(r"[\u0400-\u04FF]", article["text"])
    assert article["dateline"] == "Moscow"
    assert article["published"] == "2023-09-16"
    for fixed in ("Beauty according", "Shaposhnikov where"):
        at = article["text"].index(fixed)
        assert any(r["kind"] == "missing_space" and at <= r["start"] <= at + len(fixed)
                   for r in article["repairs"]), fixed
    homoglyphs = [r for r in article["repairs"] if r["kind"] == "homoglyph"]
    assert len(homoglyphs) >= 3  # Т in Тu-160, Т and М in Тu-22М3


def mentions_of(document, name):
    found = [e for e in document["entities"] if e["name"] == name]
    assert len(found) == 1, f"{name}: {[e['name'] for e in document['entities']]}"
    return [m["text"] for m in found[0]["mentions"]]


def test_people_with_their_surnames_and_mr(seed_document):
    assert "Mr. Kim" in mentions_of(seed_document, "Kim Jong-un")
    assert "Mr. Putin" in mentions_of(seed_document, "Vladimir Putin")
    assert mentions_of(seed_document, "Sergei Shoigu")
    assert mentions_of(seed_document, "Dmitri Peskov")
    kims = [e for e in seed_document["entities"] if "Kim" in e["name"]]
    assert len(kims) == 1, "every Kim is the one Kim Jong-un"


def test_tass_is_one_entity_and_places_are_found(seed_document):
    assert sorted(mentions_of(seed_document, "TASS")) == ["TASS", "Tass"]
    assert len(mentions_of(seed_document, "Vladivostok")) >= 4
    assert mentions_of(seed_document, "Komsomolsk-on-Amur") == ["Komsomolsk-on-Amur"]
    types = {e["name"]: e["type"] for e in seed_document["entities"]}
    assert types["Vladivostok"] == "GPE" and types["Komsomolsk-on-Amur"] == "GPE"


def test_headings_start_their_own_sentence(seed_document):
    text = seed_document["article"]["text"]
    headings = [text[h["start"]:h["end"]] for h in seed_document["article"]["headings"]]
    assert headings == ["No agreement signed, assures Moscow", "Proximity displayed"]


def test_ids_are_deterministic(seed_document):
    proc = subprocess.run(
        [sys.executable, "-m", "newsgraph", "extract", str(SEED), "--published", "2023-09-16"],
        capture_output=True, text=True, timeout=300,
    )
    again = json.loads(proc.stdout)
    assert again["article"]["id"] == seed_document["article"]["id"]
    assert [e["id"] for e in again["entities"]] == [e["id"] for e in seed_document["entities"]]


def entity(document, name):
    (found,) = [e for e in document["entities"] if e["name"] == name]
    return found


def test_actors_carry_country_and_sector(seed_document):
    expect = {"Kim Jong-un": ("PRK", {"GOV"}), "Sergei Shoigu": ("RUS", {"GOV", "MIL"}),
              "Vladimir Putin": ("RUS", {"GOV"}), "Dmitri Peskov": ("RUS", {"GOV"}),
              "Nikolai Yevmenov": ("RUS", {"MIL"}), "TASS": ("RUS", {"MED"})}
    for name, (country, sectors) in expect.items():
        found = entity(seed_document, name)
        assert found["country"] == country and found["sector"] in sectors, found
        assert found["cameo_code"].startswith(country + found["sector"])
    kim = [m["text"] for m in entity(seed_document, "Kim Jong-un")["mentions"]]
    assert "North Korean leader" in kim and "Mr. Kim" in kim
    putin = [m["text"] for m in entity(seed_document, "Vladimir Putin")["mentions"]]
    assert "Russian president" in putin and "Russian head of state" in putin


def test_capitals_acting_are_their_governments(seed_document):
    text = seed_document["article"]["text"]
    at = {
        "Moscow": text.index("suspect Moscow") + len("suspect "),
        "Washington": text.index("Washington had"),
        "Seoul": text.index("Seoul had"),
    }
    codes = {"Moscow": "RUSGOV", "Washington": "USAGOV", "Seoul": "KORGOV"}
    for word, start in at.items():
        owner = [e for e in seed_document["entities"] if any(m["start"] == start for m in e["mentions"])]
        assert len(owner) == 1 and owner[0]["cameo_code"] == codes[word], (word, owner)
        assert owner[0]["sector"] == "GOV" and owner[0]["name"].endswith("(government)")
    place = [e for e in seed_document["entities"] if e["name"] == "Moscow"]
    assert place and place[0]["type"] == "GPE", "`(Moscow)` the dateline stays the place"


def test_places_resolve_offline(seed_document):
    from newsgraph.nlp.gazetteer import distance_km

    places = {p["name"]: p for p in seed_document["places"]}
    true = {"Vladivostok": (43.1155, 131.8855), "Komsomolsk-on-Amur": (50.5497, 137.0079),
            "Moscow": (55.7558, 37.6173)}          # city centres, public record
    for name, point in true.items():
        place = places[name]
        assert place["country"] == "RUS" and distance_km(point, (place["lat"], place["lon"])) < 50, place
    for name, code in (("Ukraine", "UKR"), ("Iran", "IRN"), ("North Korea", "PRK")):
        assert places[name]["country"] == code and places[name]["gazetteer_id"], places[name]
    entity_ids = {e["id"] for e in seed_document["entities"]}
    assert all(p["entity"] in entity_ids for p in seed_document["places"] if p["entity"])
    assert not [p for p in seed_document["places"] if p["name"] in ("Russian", "North Korean")], "demonyms are no places"


def test_a_capital_acting_points_at_its_place(seed_document):
    government = [e for e in seed_document["entities"] if e["name"] == "Russia (government)"][0]
    place = [p for p in seed_document["places"] if p["id"] == government["place"]][0]
    assert place["name"] == "Moscow"


def test_weekdays_resolve_against_the_publication_date(seed_document):
    values = {(t["text"], t["value"]) for t in seed_document["times"]}
    for pair in (("Saturday", "2023-09-16"), ("Friday", "2023-09-15"), ("Wednesday", "2023-09-13"),
                 ("Tuesday", "2023-09-12")):
        assert pair in values, sorted(values)


def test_without_a_publication_date_values_are_null_with_a_reason(tmp_path, seed_document):
    copy = tmp_path / "seed-copy.txt"          # no .meta.json beside it, and no --published
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsgraph", "extract", str(copy)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert document["article"]["published"] is None
    dated = [(t["start"], t["text"]) for t in seed_document["times"]]
    undated = [(t["start"], t["text"]) for t in document["times"]]
    assert undated == dated and undated
    assert all(t["value"] is None and t["reason"] for t in document["times"])


def quote_with(document, words):
    found = [q for q in document["quotes"] if words in q["text"]]
    assert len(found) == 1, f"{words!r}: {[q['text'][:30] for q in document['quotes']]}"
    return found[0]


def attribution_with(document, words):
    found = [a for a in document["attributions"] if words in a["claim"]["text"]]
    assert found, f"{words!r}: {[a['claim']['text'][:30] for a in document['attributions']]}"
    return min(found, key=lambda a: len(a["claim"]["text"]))


def name_of(document, entity_id):
    return next((e["name"] for e in document["entities"] if e["id"] == entity_id), None)


def test_quotes_have_their_speakers(seed_document):
    """Issue 5's Done-when: who said each quotation, and who reported it."""
    aircraft = quote_with(seed_document, "These aircraft constitute")
    assert name_of(seed_document, aircraft["speaker"]) == "Defense Ministry" and aircraft["kind"] == "direct"
    torpedo = quote_with(seed_document, "quadruple torpedo tubes")
    assert name_of(seed_document, torpedo["speaker"]) in ("Nikolai Yevmenov", "TASS")
    assert name_of(seed_document, torpedo["reported_by"]["entity"]) == "TASS"
    assert name_of(seed_document, quote_with(seed_document, "visit the Far Eastern")["speaker"]) == "Vladimir Putin"
    priority = quote_with(seed_document, "absolute priority")
    assert name_of(seed_document, priority["speaker"]) == "Kim Jong-un" and priority["kind"] == "partial"
    assert not [q for q in seed_document["quotes"] if q["text"] == "Grad"], "a quoted name is no quotation"


def test_claims_have_their_sources(seed_document):
    arrival = attribution_with(seed_document, "arrived at Vladivostok airport")
    assert name_of(seed_document, arrival["source"]) == "TASS"
    peskov = attribution_with(seed_document, "no agreement")
    assert name_of(seed_document, peskov["source"]) == "Dmitri Peskov"
    cosmonaut = attribution_with(seed_document, "cosmonaut")
    assert cosmonaut["source_text"] == "Russian news agencies" and cosmonaut["source"] is None
    same = attribution_with(seed_document, "Knievichi air base")
    assert same["source_text"] == "the same source" and name_of(seed_document, same["source"]) == "TASS"
    assert not any(a["claim"]["text"].startswith("“These aircraft") for a in seed_document["attributions"]), \
        "a quotation makes no attribution beside it"


def events_of(document, trigger_words):
    """Events whose trigger is one of the words, or starts with one (`buy weapons`, `expressed its ...`)."""
    return [e for e in document["events"] if e["trigger"]["text"].split()[0] in trigger_words]


def test_events_of_the_done_when(seed_document):
    """Issue 6's Done-when, event by event."""
    doc = seed_document
    name = lambda eid: name_of(doc, eid)  # noqa: E731
    place = {p["id"]: p["name"] for p in doc["places"]}
    (shoigu,) = [e for e in events_of(doc, ("met",)) if name(e["target"]) == "Sergei Shoigu"]
    assert (shoigu["type"], name(shoigu["actor"]), shoigu["date"], shoigu["modality"]) == \
        ("CONSULT", "Kim Jong-un", "2023-09-16", "asserted")
    assert place[shoigu["place"]] == "Vladivostok"
    (summit,) = [e for e in events_of(doc, ("met",)) if {name(e["actor"]), name(e["target"])} ==
                 {"Vladimir Putin", "Kim Jong-un"}]
    assert (summit["type"], summit["date"], summit["modality"]) == ("CONSULT", "2023-09-13", "asserted")
    assert summit["symmetric"] and "Vostochny" in place[summit["place"]]
    (factories,) = events_of(doc, ("visited",))
    assert (factories["type"], factories["date"], factories["modality"]) == ("CONSULT", "2023-09-15", "asserted")
    assert name(factories["reported_by"]["entity"]) == "TASS"
    assert place[factories["place"]] == "Komsomolsk-on-Amur"
    (invite,) = events_of(doc, ("invited",))
    assert (invite["type"], name(invite["actor"]), name(invite["target"])) == ("AGREE", "Kim Jong-un", "Vladimir Putin")
    (concern,) = events_of(doc, ("expressed",))
    assert concern["type"] == "ACCUSE" and name(concern["actor"]) == "United States (government)"
    (warning,) = events_of(doc, ("warned",))
    assert warning["type"] in ("THREATEN", "ACCUSE") and name(warning["actor"]) == "South Korea (government)"
    (suspect,) = events_of(doc, ("suspect",))
    assert (suspect["type"], suspect["modality"], name(suspect["target"])) == \
        ("ACCUSE", "asserted", "Russia (government)")
    (offer,) = events_of(doc, ("proposed",))
    assert (offer["type"], offer["modality"]) == ("AGREE", "asserted")
    assert offer["reported_by"]["text"] == "Russian news agencies"


def test_unrealised_events_are_never_asserted(seed_document):
    agreement = [e for e in seed_document["events"] if e["cameo"] == "057"]
    assert agreement and all(e["modality"] == "negated" for e in agreement)
    assert all(e["modality"] == "hypothetical" for e in events_of(seed_document, ("buy", "purchase", "provided")))
    assert events_of(seed_document, ("buy",)) and events_of(seed_document, ("provided",))
