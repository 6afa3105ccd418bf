"""Town -> country, offline, preferring the countries the article names."""
from __future__ import annotations

from newsgraph.nlp.gazetteer import city_country


def test_towns_resolve_to_their_country():
    assert city_country("Istanbul") == "TUR"
    assert city_country("Komsomolsk-on-Amur") == "RUS"
    assert city_country("São Paulo") == city_country("Sao Paulo") == "BRA"
    assert city_country("Kyiv") == "UKR"


def test_the_article_decides_between_towns_of_one_name():
    assert city_country("Paris") == "FRA"
    assert city_country("Paris", {"USA"}) == "USA"
    assert city_country("Hyderabad", {"PAK"}) == "PAK"
    assert city_country("Hyderabad", {"IND"}) == "IND"


def test_unknown_or_too_ambiguous_names_get_no_country():
    assert city_country("Knievichi") is None
    assert city_country("Not A Real Town Name") is None
