"""The entity rules on hand-built Docs: no model needed."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newsgraph.nlp.components import repair_entities, set_line_break_sentences
from newsgraph.nlp.components import NAME_LABELS
from newsgraph.nlp.entities import canonical_name, cluster_by_name, cluster_people

NLP = spacy.blank("en")


def make(words, ents=(), spaces=None):
    """A Doc from words; ents as (start_token, end_token, label)."""
    spaces = spaces if spaces is not None else [True] * len(words)
    doc = Doc(NLP.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def texts(spans):
    return [(s.text, s.label_) for s in spans]


def test_honorific_joins_the_person():
    doc = make(["Then", "Mr.", "Kim", "left", "."], [(2, 3, "PERSON")])
    assert texts(repair_entities(doc)) == [("Mr. Kim", "PERSON")]


def test_hyphenated_place_name_is_joined_and_is_a_place():
    words = ["from", "Komsomolsk", "-", "on", "-", "Amur", ",", "where"]
    spaces = [True, False, False, False, False, False, True, False]
    doc = make(words, [(1, 2, "ORG")], spaces)
    assert texts(repair_entities(doc)) == [("Komsomolsk-on-Amur", "GPE")]


def test_hyphen_compound_of_two_names_is_not_joined():
    words = ["the", "Russia", "-", "Ukraine", "war"]
    spaces = [True, False, False, True, False]
    doc = make(words, [(1, 2, "GPE"), (3, 4, "GPE")], spaces)
    assert texts(repair_entities(doc)) == [("Russia", "GPE"), ("Ukraine", "GPE")]


def test_minority_label_follows_the_majority_of_the_same_name():
    words = ["Vladivostok", "is", "far", ";", "in", "Vladivostok", "and", "Vladivostok", "he", "met", "Vladivostok"]
    doc = make(words, [(0, 1, "GPE"), (5, 6, "GPE"), (7, 8, "PERSON"), (10, 11, "GPE")])
    assert [label for _, label in texts(repair_entities(doc))] == ["GPE"] * 4


def test_a_tie_keeps_the_labels():
    words = ["Washington", "said", "that", "Washington", "left"]
    doc = make(words, [(0, 1, "GPE"), (3, 4, "PERSON")])
    assert [label for _, label in texts(repair_entities(doc))] == ["GPE", "PERSON"]


def test_lower_case_the_and_unbalanced_quote_are_trimmed():
    words = ["by", "the", "Defense", "Ministry", "and", "the", "BM-21", "“", "Grad", "”", "rockets"]
    spaces = [True, True, True, True, True, True, True, False, False, True, False]
    doc = make(words, [(1, 4, "ORG"), (5, 9, "ORG")], spaces)
    assert texts(repair_entities(doc)) == [("Defense Ministry", "ORG"), ("BM-21", "ORG")]


def test_capital_the_inside_a_name_stays():
    doc = make(["talks", "in", "The", "Hague", "ended"], [(2, 4, "GPE")])
    assert texts(repair_entities(doc)) == [("The Hague", "GPE")]


def test_new_line_starts_a_sentence_unless_the_line_goes_on_in_lower_case():
    words = ["Proximity", "displayed", "\n", "During", "the", "talks", "they", "\n", "met", "."]
    spaces = [True, False, False, True, True, True, False, False, False, False]
    doc = Doc(NLP.vocab, words=words, spaces=spaces)
    set_line_break_sentences(doc)
    assert doc[3].is_sent_start is True
    assert not doc[8].is_sent_start


def named(doc) -> dict[str, list]:
    """Canonical name -> its mentions, as actor resolution clusters a Doc's names before coding them."""
    names = [e for e in doc.ents if e.label_ in NAME_LABELS]
    clusters = cluster_people([m for m in names if m.label_ == "PERSON"]) + \
        cluster_by_name([m for m in names if m.label_ != "PERSON"])
    return {canonical_name(c): c.mentions for c in clusters}


def people_doc():
    words = ["Kim", "Jong-un", "met", "Vladimir", "Putin", ".", "Mr.", "Kim", "thanked", "Mr.", "Putin", ",",
             "and", "Kim", "left", "with", "Tass", "and", "TASS", "reporters", "."]
    ents = [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 8, "PERSON"), (9, 11, "PERSON"), (13, 14, "PERSON"),
            (16, 17, "ORG"), (18, 19, "ORG")]
    return make(words, ents)


def test_surname_and_mr_join_the_full_name_first_or_last_word():
    entities = named(people_doc())
    assert [m.text for m in entities["Kim Jong-un"]] == ["Kim Jong-un", "Mr. Kim", "Kim"]
    assert [m.text for m in entities["Vladimir Putin"]] == ["Vladimir Putin", "Mr. Putin"]


def test_case_variants_are_one_entity_named_in_capitals():
    entities = named(people_doc())
    assert [m.text for m in entities["TASS"]] == ["Tass", "TASS"]


def test_surname_shared_by_two_people_goes_to_the_one_named_last():
    words = ["John", "Smith", "and", "Anna", "Smith", "spoke", ";", "Smith", "left"]
    doc = make(words, [(0, 2, "PERSON"), (3, 5, "PERSON"), (7, 8, "PERSON")])
    entities = named(doc)
    assert [m.text for m in entities["Anna Smith"]] == ["Anna Smith", "Smith"]


def test_clusters_are_deterministic_and_disjoint():
    # Record ids and the span invariant are checked on every document in test_contract.py.
    first = {name: [(m.start, m.end) for m in ms] for name, ms in named(people_doc()).items()}
    assert first == {name: [(m.start, m.end) for m in ms] for name, ms in named(people_doc()).items()}
    spans = [s for ms in first.values() for s in ms]
    assert len(spans) == len(set(spans)) == 7


@pytest.mark.parametrize("label", ["DATE", "CARDINAL", "MONEY"])
def test_numbers_and_dates_are_not_entities(label):
    doc = make(["on", "Saturday"], [(1, 2, label)])
    assert named(doc) == {}
