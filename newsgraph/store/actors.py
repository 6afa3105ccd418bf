"""Cross-article actors: every entity row points at one actor, the same one in every article that
names it, and the actor keeps running totals (articles, mentions, dates, majority sector and cameo code).

An actor's key is the entity's normalised name + its type + its country, so `Georgia` GPE GEO and
`Georgia` GPE USA, or `Washington` PERSON and `Washington` GPE, stay apart; the id is a hash of the key,
so the same actor gets the same id in every store and in exports made without a store.

The totals are folded in by the writer inside the batch's own transaction (`update_actors`): an article
is counted exactly when its rows are stored, so a crash or a duplicate never skews them. Majorities are
kept as counts (`names`, `sectors`, `cameo_codes` JSON objects), so a later fix can recompute them
without re-reading the articles.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from ..records import ArticleResult

# Apostrophe look-alikes that news text uses interchangeably with "'" (curly quotes, the modifier
# letter of transliterations like Ukrainian names, the prime and the fullwidth form).
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u201b\u02bc\u2032\uff07"})
_SPACE = re.compile(r"\s+")

# SQLite limits the number of ? in one statement (32766 since 3.32, 999 before); stay well under both.
_CHUNK = 500


def fold_text(text: str) -> str:
    """Text as the store compares it: apostrophes straightened, casefolded, accents stripped (NFKD),
    whitespace collapsed. Used for names (below) and for matching words in quotes and claims."""
    text = text.translate(_APOSTROPHES).casefold()
    # casefold before NFKD: casefold can emit combining marks ("İ" -> "i̇") that NFKD then removes.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SPACE.sub(" ", text).strip()


@functools.lru_cache(maxsize=65536)  # names repeat across a batch: most lookups are hits
def normalise_name(name: str) -> str:
    """The name part of an actor key: `fold_text`, then a leading "the " dropped (`The Kremlin` =
    `Kremlin`)."""
    text = fold_text(name)
    return text[4:] if text.startswith("the ") and len(text) > 4 else text


def actor_key(name: str, type_: str, country: str | None) -> str:
    return f"{normalise_name(name)}|{type_}|{country or ''}"


@functools.lru_cache(maxsize=65536)
def _key_id(key: str) -> str:
    return "a" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def actor_id(name: str, type_: str, country: str | None) -> str:
    """The actor id of an entity: deterministic, the same in every store and export."""
    return _key_id(actor_key(name, type_, country))


@dataclass(frozen=True, slots=True)
class Sighting:
    """One stored entity as the actor totals see it (built from a record or from a v1 row)."""
    entity_id: str
    article_id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    cameo_code: str | None
    role: str | None
    aliases: tuple[str, ...]
    n_mentions: int
    published: str | None
    ingested_at: str


def sightings(result: ArticleResult, ingested_at: str) -> Iterator[Sighting]:
    a = result.article
    seen: set[str] = set()
    for e in result.entities:
        if e.id in seen:  # the entities insert ignores a repeated id, so the totals must too
            continue
        seen.add(e.id)
        yield Sighting(e.id, a.id, e.name, e.type, e.country, e.sector, e.cameo_code, e.role,
                       tuple(e.aliases), len(e.mentions), a.published or None, ingested_at)


@dataclass(slots=True)
class _Actor:
    """An actor's totals while a batch is folded in."""
    id: str
    key: str
    type: str
    country: str | None
    name: str | None = None
    sector: str | None = None
    cameo_code: str | None = None
    latest_role: str | None = None
    latest_role_date: str | None = None  # the published date of latest_role's article, if known
    names: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    cameo_codes: Counter = field(default_factory=Counter)
    aliases: set = field(default_factory=set)
    n_mentions: int = 0
    n_articles: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    seen_basis: str | None = None  # "published", or "ingested" while no article has a date
    # The encoded aliases/search, sectors and cameo codes as last written; None when they changed.
    # Popular actors rarely gain an alias, so most rows skip re-encoding them.
    _encoded: dict = field(default_factory=dict)

    def add_article(self, article: Sequence[Sighting]) -> None:
        """Fold in one article's entities that resolve to this actor (usually one)."""
        self.n_articles += 1
        first = article[0]
        self._seen(first.published, first.ingested_at)
        for s in article:
            self.n_mentions += s.n_mentions
            before = len(self.aliases)
            self.aliases.add(s.name)
            self.aliases.update(s.aliases)
            if len(self.aliases) != before:
                self._encoded.pop("aliases", None)
            self.name = _vote(self.names, s.name, self.name)
            if s.sector:
                self.sector = _vote(self.sectors, s.sector, self.sector)
                self._encoded.pop("sectors", None)
            if s.cameo_code:
                self.cameo_code = _vote(self.cameo_codes, s.cameo_code, self.cameo_code)
                self._encoded.pop("cameo_codes", None)
            # Roles change over time, so the latest by publication date wins; a role from an undated
            # article only fills an empty slot, since we cannot tell whether it is newer.
            if s.role and (self.latest_role is None or (s.published or "") > (self.latest_role_date or "")):
                self.latest_role, self.latest_role_date = s.role, s.published

    def _seen(self, published: str | None, ingested_at: str) -> None:
        # Publication dates outrank ingest dates: the first dated article replaces ingest-date bounds,
        # and undated articles no longer move them.
        basis, when = ("published", published) if published else ("ingested", ingested_at)
        if self.seen_basis is None or (basis == "published" and self.seen_basis == "ingested"):
            self.first_seen = self.last_seen = when
            self.seen_basis = basis
        elif basis == self.seen_basis:
            self.first_seen = min(self.first_seen, when)
            self.last_seen = max(self.last_seen, when)

    def row(self) -> tuple:
        enc = self._encoded
        if "aliases" not in enc:
            enc["aliases"] = (_dumps(sorted(self.aliases)),
                              "\n".join(sorted({normalise_name(a) for a in self.aliases})))
        if "sectors" not in enc:
            enc["sectors"] = _dumps(self.sectors)
        if "cameo_codes" not in enc:
            enc["cameo_codes"] = _dumps(self.cameo_codes)
        aliases, search = enc["aliases"]
        return (self.id, self.key, self.name, self.type, self.country, self.sector, self.cameo_code,
                self.latest_role, self.latest_role_date, aliases, _dumps(self.names), enc["sectors"],
                enc["cameo_codes"], search, self.n_mentions, self.n_articles, self.first_seen,
                self.last_seen, self.seen_basis)


def _vote(counts: Counter, value: str, current: str | None) -> str:
    """Count one more `value`; it becomes the majority only by beating `current` (ties keep it)."""
    counts[value] += 1
    if current is None or counts[value] > counts[current]:
        return value
    return current


# One encoder for every row: json.dumps with non-default options builds a new encoder per call, which
# was a fifth of the actor update's time (1,000 articles x 25 entities).
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


COLUMNS = ("id", "key", "name", "type", "country", "sector", "cameo_code", "latest_role",
           "latest_role_date", "aliases", "names", "sectors", "cameo_codes", "search", "n_mentions",
           "n_articles", "first_seen", "last_seen", "seen_basis")

# The merged totals are computed in Python (majorities need the counts), then written with one upsert
# per actor: an existing row is updated in place, so the rowid, and the entities pointing at it, stay.
_UPSERT = (f"INSERT INTO actors ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
           "ON CONFLICT(id) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in ("id", "key", "type", "country")))


def _from_row(row: Sequence[Any]) -> _Actor:
    r = dict(zip(COLUMNS, row))
    return _Actor(
        id=r["id"], key=r["key"], type=r["type"], country=r["country"], name=r["name"],
        sector=r["sector"], cameo_code=r["cameo_code"], latest_role=r["latest_role"],
        latest_role_date=r["latest_role_date"], names=Counter(json.loads(r["names"])),
        sectors=Counter(json.loads(r["sectors"])), cameo_codes=Counter(json.loads(r["cameo_codes"])),
        aliases=set(json.loads(r["aliases"])), n_mentions=r["n_mentions"], n_articles=r["n_articles"],
        first_seen=r["first_seen"], last_seen=r["last_seen"], seen_basis=r["seen_basis"],
        _encoded={"aliases": (r["aliases"], r["search"]), "sectors": r["sectors"],
                  "cameo_codes": r["cameo_codes"]})


class ActorCache:
    """The totals of recently written actors, kept by the writer so that a batch does not read back
    and decode the actors the previous batches wrote (a third of the actor update's time without it).

    Only valid while no other connection has written: `PRAGMA data_version` changes exactly when another
    connection commits, and is checked inside the batch's transaction (which holds the write lock).
    The writer clears the cache when a batch rolls back, since the fold changed the cached totals."""

    # Actors kept, least recently written dropped first. An actor takes about 2 KB here (measured on
    # 1,000 articles x 25 entities, 2,662 actors), so ~20 MB; the popular actors, which most entities
    # resolve to, stay in, and the rest are read back from the table.
    SIZE = 10_000

    def __init__(self, size: int = SIZE):
        self.size = size
        self._actors: OrderedDict[str, _Actor] = OrderedDict()
        self._version: int | None = None

    def clear(self) -> None:
        self._actors.clear()
        self._version = None

    def _check(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._actors.clear()
            self._version = version

    def _take(self, ids: Iterable[str]) -> dict[str, _Actor]:
        return {i: self._actors[i] for i in ids if i in self._actors}

    def _keep(self, actors: dict[str, _Actor]) -> None:
        for aid, actor in actors.items():
            self._actors[aid] = actor
            self._actors.move_to_end(aid)
        while len(self._actors) > self.size:
            self._actors.popitem(last=False)


def fold(sightings_: Iterable[Sighting], existing: dict[str, _Actor] | None = None) -> dict[str, _Actor]:
    """Fold sightings (in storage order) into actor totals, starting from `existing` (changed in place).

    Sightings of one article must be adjacent: an article counts once per actor, however many of its
    entities resolve to that actor (`The Kremlin` and `Kremlin` kept apart by the resolver)."""
    actors = existing if existing is not None else {}
    article: str | None = None
    group: dict[str, list[Sighting]] = {}

    def flush() -> None:
        for aid, items in group.items():
            actors[aid].add_article(items)
        group.clear()

    for s in sightings_:
        if s.article_id != article:
            flush()
            article = s.article_id
        key = actor_key(s.name, s.type, s.country)
        aid = _key_id(key)
        if aid not in actors:
            actors[aid] = _Actor(aid, key, s.type, s.country or None)
        group.setdefault(aid, []).append(s)
    flush()
    return actors


def update_actors(conn: sqlite3.Connection, sightings_: Sequence[Sighting],
                  cache: ActorCache | None = None) -> int:
    """Fold these newly stored entities into the actors table; the caller holds the transaction (and
    clears `cache` if it rolls back). Returns the number of actors written."""
    ids = list(dict.fromkeys(actor_id(s.name, s.type, s.country) for s in sightings_))
    existing: dict[str, _Actor] = {}
    if cache is not None:
        cache._check(conn)
        existing = cache._take(ids)
    missing = [i for i in ids if i not in existing]
    for i in range(0, len(missing), _CHUNK):
        chunk = missing[i:i + _CHUNK]
        for row in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM actors "
                                f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            existing[row[0]] = _from_row(row)
    touched = fold(sightings_, existing)
    conn.executemany(_UPSERT, [touched[i].row() for i in ids])
    if cache is not None:
        cache._keep(touched)
    return len(ids)


# --- schema version 2 ---------------------------------------------------------------------------

# Articles per round of the backfill: bounds its memory on a large store.
_BACKFILL_PAGE = 500


def backfill(conn: sqlite3.Connection) -> None:
    """Migration step: build the actors of a v1 store from its entities, in storage order (as if they
    had been ingested with this version), and link every entity to its actor."""
    last = 0
    while True:
        pages = conn.execute("SELECT n FROM articles WHERE n > ? ORDER BY n LIMIT ?",
                             (last, _BACKFILL_PAGE)).fetchall()
        if not pages:
            return
        upto = pages[-1][0]
        rows = conn.execute(
            "SELECT e.id, e.article_id, e.name, e.type, e.country, e.sector, e.cameo_code, e.role, "
            "e.aliases, e.n_mentions, a.published, a.ingested_at FROM entities e "
            "JOIN articles a ON a.id = e.article_id WHERE a.n > ? AND a.n <= ? ORDER BY a.n, e.seq",
            (last, upto)).fetchall()
        found = [Sighting(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(json.loads(r[8])), r[9],
                          r[10] or None, r[11]) for r in rows]
        if found:
            update_actors(conn, found)
            conn.executemany("UPDATE entities SET actor_id = ? WHERE id = ?",
                             [(actor_id(s.name, s.type, s.country), s.entity_id) for s in found])
        last = upto


# Version 2: the actors table and the entities' link to it. The backfill is Python (accent stripping
# needs unicodedata), so this migration mixes statements and a function; both run in its transaction.
V2 = (
    """CREATE TABLE actors (
        id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT NOT NULL,
        country TEXT, sector TEXT, cameo_code TEXT, latest_role TEXT, latest_role_date TEXT,
        aliases TEXT NOT NULL DEFAULT '[]', names TEXT NOT NULL DEFAULT '{}',
        sectors TEXT NOT NULL DEFAULT '{}', cameo_codes TEXT NOT NULL DEFAULT '{}',
        search TEXT NOT NULL DEFAULT '',
        n_mentions INTEGER NOT NULL DEFAULT 0, n_articles INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT, last_seen TEXT, seen_basis TEXT)""",
    "CREATE INDEX actors_rank ON actors(n_articles DESC, n_mentions DESC)",
    "CREATE INDEX actors_type_country ON actors(type, country)",
    "CREATE INDEX actors_country ON actors(country)",
    # NULL default: SQLite only allows ADD COLUMN ... REFERENCES with a NULL default.
    "ALTER TABLE entities ADD COLUMN actor_id TEXT REFERENCES actors(id)",
    "CREATE INDEX entities_actor ON entities(actor_id)",
    backfill,
)
