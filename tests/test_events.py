"""Events on short texts of our own: frames, codes, modality, statements of intent, the lexicon."""
from __future__ import annotations

import pytest

from newsgraph.nlp.event_lexicon import EventLexicon
from newsgraph.records import Article, content_id

pytestmark = pytest.mark.model


def run(pipeline, text, published="2024-05-10"):
    article = Article(id=content_id(text), raw=text, text=text, published=published)
    (result,) = list(pipeline.run([article]))
    assert not result.errors, result.errors
    names = {e.id: e.name for e in result.entities}
    return [(e.type, e.cameo, names.get(e.actor), names.get(e.target), e.modality, e.trigger.text.split()[0])
            for e in result.events], result


def test_a_meeting_of_two_named_leaders_is_one_symmetric_event(pipeline):
    events, result = run(pipeline, "President Emmanuel Macron and Chancellor Olaf Scholz met in Berlin on Tuesday.")
    (meeting,) = [e for e in result.events if e.type == "CONSULT"]
    assert meeting.symmetric and meeting.date == "2024-05-07" and meeting.date_source == "text"
    assert {events[0][2], events[0][3]} == {"Emmanuel Macron", "Olaf Scholz"}


def test_passive_agent_and_negation(pipeline):
    events, _ = run(pipeline, "The two journalists were released by Iran on Monday. "
                              "Canada did not impose sanctions on Iran.")
    assert ("RETREAT", "0841", "Iran (government)") == events[0][:3] and events[0][4] == "asserted"
    (sanctions,) = [e for e in events if e[0] == "COERCE"]
    assert sanctions[2] == "Canada (government)" and sanctions[4] == "negated"


def test_a_statement_of_intent_is_an_event_besides_the_future_act(pipeline):
    events, _ = run(pipeline, "Norway said it will withdraw its troops from the border region.")
    kinds = {(e[0], e[4]) for e in events}
    assert ("RETREAT", "future") in kinds, events
    (promise,) = [e for e in events if e[0] == "AGREE"]
    assert promise[2] == "Norway (government)" and promise[4] == "asserted" and promise[1].startswith("035")


def test_what_is_suspected_or_possible_is_not_asserted(pipeline):
    events, _ = run(pipeline, "Officials in Paris suspect Serbia of planning to buy drones from Iran. "
                              "Food could be provided to Armenia next week.")
    (suspicion,) = [e for e in events if e[0] == "ACCUSE"]
    assert suspicion[3] == "Serbia (government)" and suspicion[4] == "asserted"
    assert all(e[4] != "asserted" for e in events if e[0] in ("COOPERATE", "AID")), events


def test_lifting_a_curfew_is_a_concession_and_reported_speech_has_its_source(pipeline):
    events, result = run(pipeline, "The army lifted the curfew in the capital, the state news agency SANA reported.")
    (lift,) = [e for e in result.events if e.type == "CONCEDE"]
    assert lift.reported_by is not None and "SANA" in lift.reported_by.text
    assert lift.trigger.text == "lifted the curfew"


def test_a_user_lexicon_adds_a_trigger(tmp_path):
    (tmp_path / "events.tsv").write_text("quarantine\t172\tCOERCE\trestrict\tobj\tn\tours\n", encoding="utf-8")
    lexicon = EventLexicon.load(tmp_path)
    assert ("quarantine", False) in lexicon.rows and ("quarantine", False) not in EventLexicon.load().rows


def test_a_bad_lexicon_row_is_a_clear_error(tmp_path):
    from newsgraph.nlp.lexicon import LexiconError

    (tmp_path / "events.tsv").write_text("quarantine\t999\tCOERCE\t\tobj\tn\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="999"):
        EventLexicon.load(tmp_path)


def test_a_warning_threatens_when_it_names_a_response_and_disapproves_otherwise(pipeline):
    threat, _ = run(pipeline, "The army warned that it would use force against the protesters.")
    assert [e for e in threat if e[5] == "warned"][0][:2] == ("THREATEN", "1384"), threat
    plain, _ = run(pipeline, "The minister warned that sending troops to the border would be a serious mistake.")
    assert [e for e in plain if e[5] == "warned"][0][0] == "ACCUSE", plain
