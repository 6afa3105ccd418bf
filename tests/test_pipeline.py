"""Pipeline.run: streaming, failures passed through, an extractor's crash kept to its own article."""
from __future__ import annotations

import pytest

from newsgraph.errors import Failure
from newsgraph.records import Article, content_id

pytestmark = pytest.mark.model


def article(text: str) -> Article:
    return Article(id=content_id(text), raw=text, text=text)


def test_failures_pass_through_and_results_keep_their_article(pipeline):
    items = [article("Angela Merkel met Emmanuel Macron in Paris on Monday."), Failure("x.jsonl:2", "not valid JSON"),
             article("The mayor of Lyon opened a bridge.")]
    out = list(pipeline.run(items))
    assert [type(o).__name__ for o in out] == ["Failure", "ArticleResult", "ArticleResult"] or \
        [type(o).__name__ for o in out] == ["ArticleResult", "Failure", "ArticleResult"]
    results = [o for o in out if not isinstance(o, Failure)]
    assert [r.article.text for r in results] == [items[0].text, items[2].text]
    names = {e.name for e in results[0].entities}
    assert {"Angela Merkel", "Emmanuel Macron", "Paris"} <= names


def test_a_crashing_extractor_is_recorded_and_the_rest_goes_on(pipeline, monkeypatch):
    def broken(doc, art, found):
        if "bridge" in art.text:
            raise ValueError("cannot cope")
        return {"quotes": []}

    monkeypatch.setattr(pipeline, "extractors", pipeline.extractors + [("quotes", "test.broken.v0", broken)])
    out = list(pipeline.run([article("The mayor of Lyon opened a bridge."), article("Rome is in Italy.")]))
    assert out[0].errors == ("test.broken.v0: ValueError: cannot cope",)
    assert out[0].entities, "the other extractors' records are kept"
    assert out[1].errors == ()


def test_names_of_one_country_are_one_entity_with_its_name(pipeline):
    text = "Prices in the US rose. Rain fell across the United States, and U.S. farmers gained."
    (result,) = list(pipeline.run([article(text)]))
    usa = [e for e in result.entities if e.country == "USA" and e.type == "GPE"]
    assert len(usa) == 1 and usa[0].name == "United States", [(e.name, e.type) for e in result.entities]
    assert {"US", "U.S."} <= set(usa[0].aliases)
