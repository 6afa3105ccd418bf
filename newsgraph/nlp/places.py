"""Places: each place entity of an article resolved to a gazetteer entry, offline.

Countries resolve through the lexicon; towns through GeoNames, with the article's own countries (named,
or the dateline's) deciding between towns of one name. A facility or area named after a town
(`Vladivostok airport`) takes the town's entry; one the gazetteer lacks stays a place with no
coordinates, unless the text puts it in a known place (`the X air base near Vladivostok`). A government
actor (`Moscow has discussed`) points at its capital's place. Demonyms are not places. What place and
date each sentence inherits is in scope.py.
"""
from __future__ import annotations

import dataclasses
from spacy.tokens import Doc

from newsgraph.nlp import gazetteer
from newsgraph.nlp.actors import mentioned_countries
from newsgraph.nlp.lexicon import Lexicon
from newsgraph.records import Article, Entity, Place, record_id

COMPONENT = "newsgraph.places.v1"
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# Prepositions that put one place inside or beside another: `the base near Vladivostok`.
CONTAINERS = frozenset({"in", "near", "outside", "at"})


def find_places(doc: Doc, article: Article, entities: tuple[Entity, ...], lexicon: Lexicon
                ) -> tuple[list[Place], tuple[Entity, ...]]:
    """The article's places, and its entities with government actors pointing at their capital."""
    mentioned = set(mentioned_countries(doc, lexicon))
    dateline = _dateline_country(article, lexicon)
    if dateline:
        mentioned.add(dateline)
    places: dict[str, Place] = {}
    by_name: dict[str, Place] = {}
    for entity in entities:
        if entity.type in PLACE_TYPES:
            place = _resolve(entity, doc, article, lexicon, mentioned)
            places[entity.id] = place
            by_name.setdefault(gazetteer.key(entity.name), place)
    updated = []
    for entity in entities:
        code = entity.country
        if entity.type == "ORG" and entity.name.endswith(")") and code and entity.sector in ("GOV", "MIL"):
            country = lexicon.country(code)
            capital = country.capital if country else None
            named = {gazetteer.key(m.text) for m in entity.mentions}
            if capital and gazetteer.key(capital) not in named and country:
                capital = None       # `Iran` acting: the country is its place, not Tehran
            place = None
            if capital:
                place = by_name.get(gazetteer.key(capital)) or _capital_place(capital, code, entity, article)
            elif country:
                place = by_name.get(gazetteer.key(country.name)) or _country_place(country, entity, article)
            if place:
                if place.entity == entity.id:
                    places[entity.id] = place
                entity = dataclasses.replace(entity, place=place.id)
        updated.append(entity)
    dateline_place = _dateline_place(article, lexicon, mentioned, by_name)
    ordered = list(places.values()) + ([dateline_place] if dateline_place else [])
    unique = {p.id: p for p in ordered}
    return list(unique.values()), tuple(updated)


def _resolve(entity: Entity, doc: Doc, article: Article, lexicon: Lexicon, mentioned: set[str]) -> Place:
    pid = record_id(article.id, "place", entity.mentions[0].start, entity.mentions[0].end)
    base = Place(id=pid, entity=entity.id, name=entity.name, country=entity.country, lat=None, lon=None,
                 gazetteer_id=None, component=COMPONENT)
    country = lexicon.country_by_name(entity.name)
    if country:
        point = gazetteer.country_point(country.code)
        if point:
            return dataclasses.replace(base, country=country.code, lat=point.lat, lon=point.lon,
                                       population=point.population,
                                       gazetteer_id=f"geonames:{point.geonameid}" if point.geonameid else None)
        return dataclasses.replace(base, country=country.code)
    if entity.type == "FAC":      # a facility takes a sizeable town it is named after, not a village
        town = gazetteer.best_town(entity.name, mentioned, own_name=True) or _town_inside(entity.name, mentioned)
        if town and town.population < 15_000:
            town = None
    else:                         # a region (LOC) by a town's own name only, not an alternate one
        others = mentioned_countries(doc, lexicon, entity.name) | (mentioned - mentioned_countries(doc, lexicon))
        town = gazetteer.best_town(entity.name, others, own_name=entity.type == "LOC")
    if town is None:
        town = _container(entity, doc, mentioned, lexicon)
    if town is None:
        return base
    return dataclasses.replace(base, country=town.country, admin1=town.admin1, lat=town.lat, lon=town.lon,
                               population=town.population, gazetteer_id=f"geonames:{town.geonameid}")


def _town_inside(name: str, mentioned: set[str]) -> gazetteer.Town | None:
    """`Vladivostok airport`, `Kim Il Sung Square in Pyongyang`: the longest run of words that is a town."""
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i:i + size])
            if part[:1].isupper():
                town = gazetteer.best_town(part, mentioned)
                if town and town.population >= 15_000:
                    return town
    return None


def _container(entity: Entity, doc: Doc, mentioned: set[str], lexicon: Lexicon) -> gazetteer.Town | None:
    """A place the text puts this one in: `... air base near Vladivostok`, `Vostochny, in the Amur region`."""
    for mention in entity.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        end = min(span.end + 5, span.sent.end)
        for i in range(span.end, end - 1):
            if doc[i].lower_ in CONTAINERS and doc[i + 1].ent_type_ in PLACE_TYPES:
                j = i + 2
                while j < end and doc[j].ent_iob_ == "I":
                    j += 1
                container = doc[i + 1:j].text
                if lexicon.country_by_name(container):
                    return None      # `in Russia`: a country is too coarse to lend its coordinates
                town = gazetteer.best_town(container, mentioned)
                if town:
                    return town
    return None


def _country_place(country, entity: Entity, article: Article) -> Place:
    point = gazetteer.country_point(country.code)
    pid = record_id(article.id, "place", "country", country.code)
    return Place(id=pid, entity=entity.id, name=country.name, country=country.code,
                 lat=point.lat if point else None, lon=point.lon if point else None,
                 gazetteer_id=f"geonames:{point.geonameid}" if point and point.geonameid else None,
                 population=point.population if point else None, component=COMPONENT)


def _capital_place(capital: str, code: str, entity: Entity, article: Article) -> Place:
    town = gazetteer.best_town(capital, {code})
    pid = record_id(article.id, "place", "capital", code)
    if town is None:
        return Place(id=pid, entity=entity.id, name=capital, country=code, lat=None, lon=None, gazetteer_id=None,
                     component=COMPONENT)
    return Place(id=pid, entity=entity.id, name=capital, country=code, lat=town.lat, lon=town.lon,
                 gazetteer_id=f"geonames:{town.geonameid}", admin1=town.admin1, population=town.population,
                 component=COMPONENT)


def _dateline_country(article: Article, lexicon: Lexicon) -> str | None:
    if not article.dateline:
        return None
    country = lexicon.country_by_capital(article.dateline) or lexicon.country_by_name(article.dateline)
    if country:
        return country.code
    town = gazetteer.best_town(article.dateline)
    return town.country if town else None


def _dateline_place(article: Article, lexicon: Lexicon, mentioned: set[str],
                    by_name: dict[str, Place]) -> Place | None:
    """The dateline is a place too, even where the model did not tag it (`ABUJA —`)."""
    if not article.dateline:
        return None
    known = by_name.get(gazetteer.key(article.dateline))
    if known:
        return known
    pid = record_id(article.id, "place", "dateline")
    town = gazetteer.best_town(article.dateline, mentioned)
    if town is None:
        return Place(id=pid, entity=None, name=article.dateline, country=None, lat=None, lon=None,
                     gazetteer_id=None, component=COMPONENT)
    return Place(id=pid, entity=None, name=article.dateline, country=town.country, lat=town.lat, lon=town.lon,
                 gazetteer_id=f"geonames:{town.geonameid}", admin1=town.admin1, population=town.population,
                 component=COMPONENT)
