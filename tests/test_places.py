"""Places on short texts of our own: context decides between towns of one name; facilities; datelines."""
from __future__ import annotations

import pytest

from newsgraph.nlp.scope import sentence_dates, sentence_places
from newsgraph.records import Article, content_id

pytestmark = pytest.mark.model


def run(pipeline, text, dateline=None):
    article = Article(id=content_id(text), raw=text, text=text, dateline=dateline)
    (result,) = list(pipeline.run([article]))
    return result


def test_the_article_s_country_decides_between_towns(pipeline):
    us = run(pipeline, "Officials in the United States said the storm hit Paris and nearby towns on Monday. "
                       "Paris, Texas, has about 25,000 residents.")
    france = run(pipeline, "The French government met in Paris on Monday to discuss the budget for France.")
    paris_us = [p for p in us.places if p.name == "Paris"][0]
    paris_fr = [p for p in france.places if p.name == "Paris"][0]
    assert paris_us.country == "USA" and paris_fr.country == "FRA"


def test_a_facility_named_after_a_town_takes_the_town(pipeline):
    result = run(pipeline, "The delegation landed at Vladivostok airport in Russia on Tuesday.")
    place = [p for p in result.places if "Vladivostok" in p.name][0]
    assert place.country == "RUS" and abs(place.lat - 43.1) < 0.5


def test_the_dateline_is_a_place_and_sentences_inherit_it(pipeline):
    text = "(Nairobi) Protesters gathered outside parliament. Police said the crowd dispersed by evening."
    result = run(pipeline, text, dateline="Nairobi")
    nairobi = [p for p in result.places if p.name == "Nairobi"]
    assert nairobi and nairobi[0].country == "KEN"
    doc = pipeline.nlp(text)
    rows = list(sentence_places(doc, list(result.places), result.entities, "Nairobi"))
    assert rows[0][2] == nairobi[0].id and rows[-1][2] == nairobi[0].id
    assert rows[-1][3] in ("sentence", "dateline")


def test_sentences_inherit_the_date_in_force_and_say_from_where(pipeline):
    text = "The ministers met on Saturday, 16 September. They signed nothing. Talks resume next month."
    article = Article(id=content_id(text), raw=text, text=text, published="2023-09-17")
    (result,) = list(pipeline.run([article]))
    rows = list(sentence_dates(pipeline.nlp(text), result.times, article))
    assert [(value, source) for _s, _e, value, source in rows] == [
        ("2023-09-16", "text"), ("2023-09-16", "sentence"), ("2023-09-16", "sentence")]
    empty = Article(id="x", raw="No date here.", text="No date here.", published="2023-09-17")
    assert [r[2:] for r in sentence_dates(pipeline.nlp(empty.text), (), empty)] == [("2023-09-17", "published")]
