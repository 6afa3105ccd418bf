"""Actor lexicons: countries, regions, organisations, organisation head words, titles and sectors.

The facts live in data files, `newsgraph/data/lexicon/*.tsv` (their README names the sources and the
CAMEO conventions followed). A user directory given with `--lexicon DIR` may hold files of the same
names: its rows add to the built-in rows, or replace the built-in row with the same first column, the
way PETRARCH users edit their actor dictionaries.

    lex = Lexicon.load()                      # built-in files; Lexicon.load("my_lexicon/") adds a directory
    lex.country_by_name("the U.S.").code      # 'USA'
    lex.country_by_demonym("North Korean")    # PRK
    lex.government_metonym("the Pentagon")    # (USA entry, 'MIL')
    lex.title("Russian Defense Minister")     # TitleEntry('defense minister', 'GOVMIL', ...)
    Lexicon.cameo("RUS", "GOVMIL")            # 'RUSGOVMIL'

Pure Python (no spaCy): every lookup is a dict look-up on a normalised key, built once per directory.

Normalisation: Unicode NFKC, accents removed, curly quotes made straight, hyphens and dashes read as
spaces, a leading "the" and a trailing possessive dropped, case folded. Two guards keep short forms
safe: an entry with no lower-case letter (US, U.S., UN, WHO, DPRK) or an abbreviation ending in a dot
(Gen., Sen.) matches only as written, so the pronoun "us" is not the United States; and a query written
all in lower case does not match an entry that is also a common English word (turkey, china, male,
western, polish). A key listed for two different targets in the same file (Congo, Congolese, RSF)
is ambiguous and returns None; `Lexicon.ambiguous()` lists them. Names that are also people or places
elsewhere (Georgia, Jordan, Chad, Washington) are the caller's to disambiguate.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from newsgraph.errors import UsageError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"

# The columns of each file, in order. Rows may leave trailing columns out; the first is required.
FILES: dict[str, tuple[str, ...]] = {
    "sectors.tsv": ("code", "kind", "meaning"),
    "countries.tsv": ("alpha3", "name", "aliases", "demonyms", "capital", "seats", "metonyms", "note"),
    "regions.tsv": ("code", "names", "demonyms", "note"),
    "organisations.tsv": ("key", "aliases", "country", "sector", "cameo_code", "note"),
    "org_patterns.tsv": ("pattern", "sector", "note"),
    "titles.tsv": ("title", "sector", "aliases", "needs", "note"),
    # read by event_lexicon.py
    "events.tsv": ("trigger", "cameo", "plover", "mode", "target", "symmetric", "note"),
    "cameo.tsv": ("code", "name", "goldstein", "quad_class"),
}

# CAMEO codebook 1.1b3, Table 3.2: codes that open an international actor's code; such a code is
# complete without a country (IGOUNO, NGOHRIAMN, IMGMUSALQ).
INTERNATIONAL = ("IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS")

# Entries that are also common lower-case English words: an all-lower-case query does not match them.
LOWERCASE_WORDS = frozenset("""
    afghan amnesty burmese chad china dutch east eastern georgia georgian guardian guernsey guinea
    jersey jordan male maltese mediterranean nordic north panama pentagon polish pole poles south swede
    swedes swiss turkey victoria west western
""".split())

# Alpha-3 codes that are English words: a bare code in capitals is read as a country
# (country_by_name("RUS")) unless it is one of these (AND, ARE, CAN ... in headlines).
CODE_WORDS = frozenset("""
    AGO AND ARE ARM BEN BRA CAN COD COG COM CUB DOM EST FIN GAB GIN GUM GUY HUN JAM KEN LIE MAC MAR
    NOR PAN PER PRY SEN SUR TON TUN
""".split())

# One-word titles that are also adjectives or noun modifiers: not a title when a lower-case word other
# than a preposition follows ("general election", "official visit", "marine biology").
ADJECTIVE_TITLES = frozenset("general official premier marine executive chief".split())
_AFTER_TITLE_OK = frozenset("of for to in at on and or with from".split())

# Words before a title that change the role but not the sector ("deputy foreign minister").
MODIFIERS = frozenset("deputy vice acting interim caretaker first senior chief assistant top".split())
FORMER = frozenset(("former", "ex"))
# Words before "minister" that are not a portfolio ("the minister", "his minister").
_NOT_PORTFOLIO = frozenset("""
    the a an his her its their our my your this that new then said former cabinet state junior
""".split())

_SECTOR_RE = re.compile(r"^(?:[A-Z]{3})+$")
_CODE_RE = re.compile(r"^[A-Z]{3}$")
_TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-",
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_EDGE_PUNCT = " \t,;:!?\"()[]{}"
_AMBIGUOUS = object()


class LexiconError(UsageError):
    """A lexicon file cannot be used: the message names the file and line, and what to fix."""


# ---------------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Metonym:
    name: str
    sector: str


@dataclass(frozen=True, slots=True)
class CountryEntry:
    code: str                              # ISO 3166-1 alpha-3 (XKX for Kosovo)
    name: str                              # common English short name
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str                           # "" for dependent territories
    seats: tuple[str, ...]                 # other seats of government (The Hague, Cape Town)
    metonyms: tuple[Metonym, ...]          # Kremlin -> GOV, Pentagon -> MIL
    capital_aliases: tuple[str, ...] = ()  # other spellings of the capital (Kiev)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Region:
    code: str                              # CAMEO region code: WST, EUR, MEA
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class OrgEntry:
    key: str                               # canonical name
    aliases: tuple[str, ...]
    country: str | None                    # alpha-3, None for international bodies
    sector: str                            # GOV, MED, IGO, GOVMIL ...
    cameo_code: str                        # full CAMEO actor code: IGOUNO, RUSMED
    note: str = ""


@dataclass(frozen=True, slots=True)
class OrgPattern:
    patterns: tuple[str, ...]
    sector: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class TitleEntry:
    title: str                             # lower case; the role string to report
    sector: str
    aliases: tuple[str, ...] = ()
    needs: str = ""                        # "country", "org" or "" (see titles.tsv)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    kind: str
    meaning: str


# ---------------------------------------------------------------------------------- normalisation


@lru_cache(maxsize=65536)   # names recur across an article and a batch: most calls are hits
def clean(text: str) -> str:
    """NFKC, straight quotes, no accents, hyphens and dashes as spaces, single spaces."""
    s = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(s.replace("-", " ").split())


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The key of a name: `clean`, without outer punctuation, a leading "the", a trailing possessive,
    or a sentence-final dot (a dot is kept when the name has others: U.S.). Case is kept."""
    s = clean(text).strip(_EDGE_PUNCT)
    if s[:4].lower() == "the " and len(s) > 4:
        s = s[4:]
    if s[-2:] in ("'s", "'S"):
        s = s[:-2]
    elif s.endswith("s'"):
        s = s[:-1]
    if s.endswith(".") and "." not in s[:-1]:
        s = s[:-1]
    return s.strip(_EDGE_PUNCT)


def _exact_only(key: str) -> bool:
    """Acronyms (no lower-case letter, two letters or more) and dotted abbreviations (Gen.) match
    only as written."""
    letters = [c for c in key if c.isalpha()]
    return (len(letters) >= 2 and not any(c.islower() for c in letters)) or key.endswith(".")


def _words(text: str) -> list[str]:
    """Tokens of a title or organisation name, case kept, possessives dropped, edge punctuation off."""
    out = []
    for t in clean(text).split():
        t = t.strip(_EDGE_PUNCT)
        if t[-2:] in ("'s", "'S"):
            t = t[:-2]
        elif t.endswith("s'"):
            t = t[:-1]
        if t:
            out.append(t)
    return out


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _singulars(word: str) -> list[str]:
    w = word.casefold()
    out = []
    if w.endswith("men"):
        out.append(w[:-3] + "man")
    if w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    return out


class _Index:
    """Name -> value, exact-case for acronyms and folded otherwise. A key given two different targets
    within one layer is ambiguous; a later layer (a --lexicon directory) replaces earlier keys."""

    def __init__(self, name: str, names: bool = True):
        self.name = name
        self.names = names          # True: keys are names (normalise); False: phrases (clean)
        self.exact: dict[str, object] = {}
        self.folded: dict[str, object] = {}
        self.max_words = 1

    def key(self, text: str) -> str:
        return normalise(text) if self.names else " ".join(_words(text))

    def add_layer(self, items: Iterable[tuple[str, str, object]]) -> None:
        """items: (text, target id, value)."""
        exact: dict[str, tuple[str, object]] = {}
        folded: dict[str, tuple[str, object]] = {}
        for text, ident, value in items:
            k = self.key(text)
            if not k:
                continue
            table, k = (exact, k) if _exact_only(k) else (folded, k.casefold())
            self.max_words = max(self.max_words, len(k.split()))
            old = table.get(k)
            table[k] = (ident, value) if old is None or old[0] == ident else (ident, _AMBIGUOUS)
        for src, dst in ((exact, self.exact), (folded, self.folded)):
            for k, (_, value) in src.items():
                dst[k] = value

    def get(self, text: str) -> object | None:
        return self._get_key(self.key(text), guard=True)

    def _get_key(self, k: str, guard: bool) -> object | None:
        if not k:
            return None
        v = self.exact.get(k)
        if v is None:
            f = k.casefold()
            if guard and k == f and f in LOWERCASE_WORDS:
                return None
            v = self.folded.get(f)
            if v is None and k.endswith(".") and "." not in k[:-1]:
                v = self.folded.get(f[:-1])
        return None if v is _AMBIGUOUS else v

    def search(self, words: list[str], plurals: bool = False) -> tuple[object, int, int] | None:
        """The longest entry inside the words (the rightmost among equals): (value, start, end)."""
        return next(self.matches(words, plurals), None)

    def matches(self, words: list[str], plurals: bool = False) -> Iterator[tuple[object, int, int]]:
        """Every entry inside the words, longest first, rightmost first among equals."""
        for n in range(min(self.max_words, len(words)), 0, -1):
            for i in range(len(words) - n, -1, -1):
                phrase = " ".join(words[i:i + n])
                v = self._get_key(phrase, guard=False)
                if v is None and plurals:
                    head = " ".join(words[i:i + n - 1])
                    for sing in _singulars(words[i + n - 1]):
                        v = self._get_key(f"{head} {sing}".strip(), guard=False)
                        if v is not None:
                            break
                if v is not None:
                    yield v, i, i + n

    def ambiguous(self) -> list[str]:
        return sorted(k for t in (self.exact, self.folded) for k, v in t.items() if v is _AMBIGUOUS)


# ------------------------------------------------------------------------------------ file reading


def _read(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Rows of a TSV file: comment (#) and blank lines skipped, missing trailing columns empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise LexiconError(f"{path}: not UTF-8 ({e.reason} at byte {e.start}); save it as UTF-8") from e
    except OSError as e:
        raise LexiconError(f"{path}: cannot read it ({e.strerror})") from e
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > len(columns):
            raise LexiconError(
                f"{path}:{n}: {len(cells)} tab-separated columns, at most {len(columns)} expected "
                f"({', '.join(columns)}); use | between several values, not tabs")
        if not cells[0]:
            raise LexiconError(f"{path}:{n}: the first column ({columns[0]}) is empty")
        rows.append((n, cells + [""] * (len(columns) - len(cells))))
    return rows


@dataclass
class _Row:
    where: str        # file:line, for error messages
    cells: list[str]
    layer: int        # 0 built-in, 1 user directory


def _merged(name: str, extra_dir: Path | None) -> list[_Row]:
    """Built-in rows, then a user directory's: a row with the same first column replaces the built-in
    row (in place); new rows come after."""
    columns = FILES[name]
    rows: dict[str, _Row] = {}
    for layer, folder in enumerate((DATA_DIR, extra_dir)):
        if folder is None or not (folder / name).exists():
            if layer == 0:
                raise LexiconError(f"{DATA_DIR / name}: missing; reinstall newsgraph")
            continue
        for n, cells in _read(folder / name, columns):
            rows[cells[0]] = _Row(f"{folder / name}:{n}", cells, layer)
    return list(rows.values())


# ------------------------------------------------------------------------------------------ lexicon


class Lexicon:
    """The loaded lexicons with their indexes. Build with `Lexicon.load()`."""

    def __init__(self, extra_dir: Path | None = None):
        self.extra_dir = extra_dir
        if extra_dir is not None:
            if not extra_dir.is_dir():
                raise LexiconError(f"--lexicon {extra_dir}: no such directory")
            unknown = sorted(p.name for p in extra_dir.glob("*.tsv") if p.name not in FILES)
            if unknown:
                raise LexiconError(
                    f"--lexicon {extra_dir}: unknown file(s) {', '.join(unknown)}; "
                    f"lexicon files are named {', '.join(FILES)}")
        self.sectors: dict[str, Sector] = {}
        self.countries: dict[str, CountryEntry] = {}
        self.regions: dict[str, Region] = {}
        self.organisations: dict[str, OrgEntry] = {}
        self.org_patterns: list[OrgPattern] = []
        self.titles: dict[str, TitleEntry] = {}
        self._names = _Index("country names")
        self._demonyms = _Index("demonyms")
        self._capitals = _Index("capitals and seats")
        self._metonyms = _Index("government metonyms")
        self._regions = _Index("regions")
        self._orgs = _Index("organisations")
        self._patterns = _Index("organisation head words", names=False)
        self._titles = _Index("titles", names=False)
        self._build()

    # ---- loading

    @classmethod
    def load(cls, extra_dir: str | Path | None = None) -> "Lexicon":
        """The built-in lexicons, then the rows of `extra_dir` (a --lexicon directory). Cached per
        directory: later calls with the same directory return the same object."""
        key = None if extra_dir is None else str(Path(extra_dir).expanduser().resolve())
        return _load_cached(key)

    @staticmethod
    def clear_cache() -> None:
        """Forget loaded lexicons (after editing a --lexicon directory in the same process)."""
        _load_cached.cache_clear()

    def _build(self) -> None:
        for row in _merged("sectors.tsv", self.extra_dir):
            code, kind, meaning = row.cells
            if not _CODE_RE.match(code):
                raise LexiconError(f"{row.where}: sector code {code!r} is not three capital letters")
            self.sectors[code] = Sector(code, kind, meaning)
        self._build_countries()
        self._build_regions()
        self._build_organisations()
        self._build_patterns()
        self._build_titles()

    def _sector(self, value: str, where: str, what: str = "sector") -> str:
        v = value.strip().upper()
        chunks = [v[i:i + 3] for i in range(0, len(v), 3)]
        if not _SECTOR_RE.match(v) or any(c not in self.sectors for c in chunks):
            raise LexiconError(
                f"{where}: {what} {value!r} is not made of sectors.tsv codes "
                f"(GOV, MIL, GOVMIL ...); add the code to sectors.tsv or fix the row")
        return v

    def _layers(self, rows: list[_Row], items) -> None:
        """Feed index items layer by layer. items(row) -> iterable of (index, text, id, value)."""
        for layer in (0, 1):
            batches: dict[int, tuple[_Index, list]] = {}
            for row in rows:
                if row.layer != layer:
                    continue
                for index, text, ident, value in items(row):
                    batches.setdefault(id(index), (index, []))[1].append((text, ident, value))
            for index, batch in batches.values():
                index.add_layer(batch)

    def _build_countries(self) -> None:
        rows = _merged("countries.tsv", self.extra_dir)
        for row in rows:
            code, name, aliases, demonyms, capital, seats, metonyms, note = row.cells
            if not _CODE_RE.match(code):
                raise LexiconError(f"{row.where}: country code {code!r} is not three capital letters")
            mets = []
            for m in _split(metonyms):
                label, _, sector = m.rpartition(":")
                if label and _SECTOR_RE.match(sector.strip()):
                    mets.append(Metonym(label.strip(), self._sector(sector, row.where, "metonym sector")))
                else:
                    mets.append(Metonym(m, "GOV"))
            caps = _split(capital)
            self.countries[code] = CountryEntry(
                code=code, name=name or code, aliases=_split(aliases), demonyms=_split(demonyms),
                capital=caps[0] if caps else "", seats=_split(seats), metonyms=tuple(mets),
                capital_aliases=caps[1:], note=note)

        def items(row: _Row):
            e = self.countries[row.cells[0]]
            for text in (e.name, *e.aliases):
                yield self._names, text, e.code, e
            for text in e.demonyms:
                yield self._demonyms, text, e.code, e
            for text in (e.capital, *e.capital_aliases, *e.seats):
                yield self._capitals, text, e.code, e
            for m in e.metonyms:
                yield self._metonyms, m.name, f"{e.code}/{m.sector}", (e, m.sector)

        self._layers(rows, items)

    def _build_regions(self) -> None:
        rows = _merged("regions.tsv", self.extra_dir)
        for row in rows:
            code, names, demonyms, note = row.cells
            if not _CODE_RE.match(code):
                raise LexiconError(f"{row.where}: region code {code!r} is not three capital letters")
            self.regions[code] = Region(code, _split(names), _split(demonyms), note)

        def items(row: _Row):
            r = self.regions[row.cells[0]]
            for text in (*r.names, *r.demonyms):
                yield self._regions, text, r.code, r

        self._layers(rows, items)

    def _build_organisations(self) -> None:
        rows = _merged("organisations.tsv", self.extra_dir)
        for row in rows:
            key, aliases, country, sector, cameo_code, note = row.cells
            country = country.upper() or None
            if country is not None and country not in self.countries:
                raise LexiconError(f"{row.where}: country {country!r} is not a countries.tsv code")
            sector = self._sector(sector, row.where)
            code = cameo_code.upper() or self.cameo(country, sector)
            if not _SECTOR_RE.match(code):
                raise LexiconError(f"{row.where}: cameo_code {cameo_code!r} is not a CAMEO code "
                                   f"(three-letter groups in capitals: IGOUNO, RUSMED)")
            self.organisations[key] = OrgEntry(key, _split(aliases), country, sector, code, note)

        def items(row: _Row):
            o = self.organisations[row.cells[0]]
            for text in (o.key, *o.aliases):
                yield self._orgs, text, o.key, o

        self._layers(rows, items)

    def _build_patterns(self) -> None:
        rows = _merged("org_patterns.tsv", self.extra_dir)
        by_key = {}
        for row in rows:
            pattern, sector, note = row.cells
            p = OrgPattern(_split(pattern), self._sector(sector, row.where), note)
            by_key[row.cells[0]] = p
            self.org_patterns.append(p)

        def items(row: _Row):
            p = by_key[row.cells[0]]
            for text in p.patterns:
                yield self._patterns, text, p.sector, p

        self._layers(rows, items)

    def _build_titles(self) -> None:
        rows = _merged("titles.tsv", self.extra_dir)
        for row in rows:
            title, sector, aliases, needs, note = row.cells
            if needs not in ("", "country", "org"):
                raise LexiconError(f"{row.where}: needs {needs!r} must be country, org or empty")
            self.titles[title] = TitleEntry(title.lower(), self._sector(sector, row.where),
                                            _split(aliases), needs, note)

        def items(row: _Row):
            t = self.titles[row.cells[0]]
            for text in (t.title, *t.aliases):
                yield self._titles, text, t.title, t

        self._layers(rows, items)

    # ---- lookups

    def country(self, code: str) -> CountryEntry | None:
        """The entry of an alpha-3 code."""
        return self.countries.get((code or "").strip().upper())

    def country_by_name(self, text: str) -> CountryEntry | None:
        """"Russia", "the United States", "U.S.", "North Korea", "DPRK", the code "RUS"; None for "us"."""
        found = self._names.get(text)
        if found is None:
            code = normalise(text)
            if _CODE_RE.match(code) and code not in CODE_WORDS:
                found = self.countries.get(code)
        return found  # type: ignore[return-value]

    def country_by_demonym(self, text: str) -> CountryEntry | None:
        """"Russian", "North Korean", "Americans"."""
        return self._demonyms.get(text)  # type: ignore[return-value]

    def country_by_capital(self, text: str) -> CountryEntry | None:
        """"Moscow", "Washington", "Pyongyang", "Kiev", and seats of government ("The Hague")."""
        return self._capitals.get(text)  # type: ignore[return-value]

    def government_metonym(self, text: str) -> tuple[CountryEntry, str] | None:
        """"the Kremlin" -> (Russia, "GOV"), "the Pentagon" -> (United States, "MIL")."""
        return self._metonyms.get(text)  # type: ignore[return-value]

    def region(self, text: str) -> Region | None:
        """"West", "Western", "Westerners" -> WST; "Latin America" -> LAM."""
        return self._regions.get(text)  # type: ignore[return-value]

    def organisation(self, text: str) -> OrgEntry | None:
        """"TASS", "Tass", "UN", "United Nations", "the UN Security Council"."""
        return self._orgs.get(text)  # type: ignore[return-value]

    def org_sector(self, text: str) -> str | None:
        """The sector an organisation name's head words give: "Defense Ministry" -> "GOVMIL",
        "Russian Pacific Fleet" -> "MIL", "Foreign Ministry" -> "GOV"."""
        found = self._patterns.search(_words(text), plurals=True)
        return found[0].sector if found else None  # type: ignore[union-attr]

    def title(self, text: str) -> TitleEntry | None:
        """The longest known title inside the words given: "Russian Defense Minister Sergei Shoigu" ->
        defense minister (GOVMIL); "presidential spokesperson" -> GOV; "commander-in-chief" -> MIL.
        A modifier before it is kept in the role ("deputy foreign minister"); "former"/"ex" makes it
        ELI (CAMEO codebook 3.2.4); a one-word portfolio before "minister" is kept ("infrastructure
        minister"). Returns None when no title is found."""
        words = _words(text)
        for found in self._titles.matches(words, plurals=True):
            entry, start, end = found
            if (end - start == 1 and words[start].casefold() in ADJECTIVE_TITLES and end < len(words)
                    and words[end].isalpha() and words[end].islower()
                    and words[end] not in _AFTER_TITLE_OK):
                continue
            break
        else:
            return None
        assert isinstance(entry, TitleEntry)
        role = entry.title
        i = start - 1
        if entry.title == "minister" and i >= 0 and self._is_portfolio(words[i]):
            role = f"{words[i].casefold()} {role}"
            i -= 1
        for _ in range(2):
            if i < 0:
                break
            w = words[i].casefold().rstrip(".")
            if w in FORMER and entry.sector != "ELI":
                return replace(entry, title=f"former {role}", sector="ELI", needs="country",
                               note="former officials are ELI (CAMEO codebook 3.2.4)")
            if w not in MODIFIERS:
                break
            role = f"{w} {role}"
            i -= 1
        if i >= 0 and words[i].casefold() in FORMER and entry.sector != "ELI":
            return replace(entry, title=f"former {role}", sector="ELI", needs="country",
                           note="former officials are ELI (CAMEO codebook 3.2.4)")
        return entry if role == entry.title else replace(entry, title=role)

    def _is_portfolio(self, word: str) -> bool:
        w = word.casefold()
        return (word.isalpha() and w not in _NOT_PORTFOLIO and w not in MODIFIERS and w not in FORMER
                and self.country_by_demonym(word) is None and self.country_by_name(word) is None
                and self.country_by_capital(word) is None and self.region(word) is None)

    @staticmethod
    def cameo(country: str | None, sector: str | None) -> str:
        """The CAMEO actor code: "RUS" + "GOV" -> "RUSGOV", "PRK" + "GOVMIL" -> "PRKGOVMIL";
        international codes stand alone ("IGOUNO", whatever the country); region codes too ("WST")."""
        c = (country or "").strip().upper()
        s = (sector or "").strip().upper()
        if s[:3] in INTERNATIONAL or (not c and s):
            return s
        return c + s

    def ambiguous(self) -> dict[str, list[str]]:
        """Keys listed for two different targets (they return None), per index."""
        out = {}
        for index in (self._names, self._demonyms, self._capitals, self._metonyms, self._regions,
                      self._orgs, self._patterns, self._titles):
            keys = index.ambiguous()
            if keys:
                out[index.name] = keys
        return out

    def __iter__(self) -> Iterator[CountryEntry]:
        return iter(self.countries.values())


@lru_cache(maxsize=8)
def _load_cached(key: str | None) -> Lexicon:
    return Lexicon(Path(key) if key is not None else None)
