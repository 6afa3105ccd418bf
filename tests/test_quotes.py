"""Quotes and attributions on short texts of our own; the pairing of marks without a model."""
from __future__ import annotations

import pytest

from newsgraph.nlp.quotes import marked_spans
from newsgraph.nlp.attribution import source_of
from newsgraph.records import Article, Attribution, Quote, Source, Span, content_id


def marked(text: str) -> list[str]:
    return [text[m.start:m.end] for m in marked_spans(text)]


def test_curly_straight_and_spaced_marks_pair_and_drop_trailing_punctuation():
    assert marked("“We will rebuild,” she said. He called it \"a first step.\"") == ["We will rebuild",
                                                                                       "a first step"]
    assert marked('" We are ready , " said the mayor.') == ["We are ready"]
    assert marked("«Non» and „Ja“ were heard.") == ["Non", "Ja"]


def test_apostrophes_are_not_quotation_marks():
    assert marked("Russia’s navy and the countries’ leaders met at the ministers’ table.") == []
    assert marked("The paper called it ‘a turning point’ on Monday.") == ["a turning point"]


def test_a_quotation_runs_over_lines_until_it_closes():
    assert marked("“The port is open.\nShips can leave,” he said.") == ["The port is open.\nShips can leave"]


def test_a_quotation_reopened_on_the_next_line_ends_with_its_own_line():
    text = "“The first paragraph ends here.\n“The second one closes,” she said."
    assert marked(text) == ["The first paragraph ends here", "The second one closes"]


def test_a_closing_mark_typed_as_an_opening_one_still_opens():
    assert marked("”Prices will fall,” he said.") == ["Prices will fall"]


def test_source_of_finds_the_innermost_holder():
    quote = Quote(id="q1", start=10, end=40, text="x" * 30, kind="direct", speaker="e1", speaker_text="Ana",
                  cue=None, reported_by=Source(entity="e2", text="the agency", attribution="a1"))
    claim = Attribution(id="a1", claim=Span(0, 60, "y" * 60), source="e2", source_text="the agency",
                        cue=Span(61, 65, "said"))
    assert source_of(12, 20, (quote,), (claim,)) == Source(entity="e1", text="Ana", attribution="q1")
    assert source_of(45, 50, (quote,), (claim,)) == Source(entity="e2", text="the agency", attribution="a1")
    assert source_of(70, 80, (quote,), (claim,)) is None


def run(pipeline, text):
    article = Article(id=content_id(text), raw=text, text=text)
    (result,) = list(pipeline.run([article]))
    assert not result.errors, result.errors
    names = {e.id: e.name for e in result.entities}
    return result, names


def speakers(result, names):
    return {q.text: (names.get(q.speaker), q.speaker_text, q.kind, q.cue.text if q.cue else None)
            for q in result.quotes}


@pytest.mark.model
def test_split_quotation_and_pronoun_speaker(pipeline):
    result, names = run(pipeline, "Finance Minister Maria Lopez presented the budget on Tuesday. "
                                  "“This is a budget for growth,” she said, “and for the people who need it most.”")
    found = speakers(result, names)
    assert found["This is a budget for growth"][0] == "Maria Lopez"
    assert found["and for the people who need it most"][0] == "Maria Lopez"
    assert not result.attributions, "quoted words make a quote and no attribution"


@pytest.mark.model
def test_an_unnamed_speaker_keeps_its_words_and_a_later_he_is_that_speaker(pipeline):
    result, names = run(pipeline, "President Jan Novak visited the flooded region on Monday. "
                                  "A local official said the river had risen two metres overnight. "
                                  "“We have never seen water this high,” he said.")
    quote = result.quotes[0]
    assert quote.speaker is None and quote.speaker_text == "A local official"
    (claim,) = result.attributions
    assert claim.claim.text == "the river had risen two metres overnight"
    assert claim.source_text == "A local official" and claim.cue.text == "said"


@pytest.mark.model
def test_partial_quotes_take_the_verb_above_them_and_names_are_not_quotes(pipeline):
    result, names = run(pipeline, "Prime Minister Ana Silva described the agreement as “a historic step” on Friday. "
                                  "The navy launched the frigate “Almirante” in the same week.")
    found = speakers(result, names)
    assert found["a historic step"][0] == "Ana Silva" and found["a historic step"][2] == "partial"
    assert "Almirante" not in found


@pytest.mark.model
def test_scare_quotes_get_no_invented_speaker(pipeline):
    result, _ = run(pipeline, "The so-called “green corridor” opened on Monday for trucks carrying grain.")
    assert all(q.speaker is None and q.speaker_text is None for q in result.quotes)


@pytest.mark.model
def test_according_to_and_the_same_source(pipeline):
    result, names = run(pipeline, "Rebels seized the airport on Sunday, according to the Reuters news agency. "
                                  "Two soldiers were killed in the fighting, according to the same source.")
    first, second = result.attributions
    assert first.claim.text == "Rebels seized the airport on Sunday"
    assert names.get(first.source) == "Reuters"
    assert second.source == first.source and second.source_text == "the same source"


@pytest.mark.model
def test_trailing_cue_and_a_quote_reported_by_an_agency(pipeline):
    result, names = run(pipeline, "The army chief, General Omar Haddad, told the visitors about the new "
                                  "rockets, “the fastest in the region,” the state news agency Petra reported.")
    (quote,) = result.quotes
    assert names.get(quote.speaker) == "Omar Haddad"
    assert quote.reported_by is not None and "Petra" in quote.reported_by.text
    (claim,) = result.attributions
    assert claim.cue.text == "reported" and claim.claim.start < quote.start


@pytest.mark.model
def test_questions_and_objects_are_not_claims(pipeline):
    result, _ = run(pipeline, "The company would not say where the cuts would fall. "
                              "Spain announced 25 expulsions on Tuesday.")
    assert result.attributions == ()


def test_inch_marks_are_not_quotation_marks():
    assert marked('It has a 15" display and a 17" model, "the best yet," he said.') == ["the best yet"]
