"""Event exports: the GDELT 2.0 event table (TSV), PLOVER JSON Lines, and newsgraph's events table
(CSV or Parquet) with the names of each event's actor, target, place and reporting source joined.

    export_events(store, "gdelt", "events.tsv")                       # asserted events only
    export_events(store, "plover", "events.jsonl", all_modalities=True)
    export_events(store, "csv", "out/")                               # out/events.csv

`out` is a file, an existing directory (the file is then named after the format: events.gdelt.tsv,
events.plover.jsonl, events.csv, events.parquet), or "-" for stdout (not for Parquet).

Modality. GDELT and PLOVER have no field for it: a consumer of either counts every record as something
that happened, so "no agreement was signed" would count as an agreement and "Russia may withdraw" as a
withdrawal. Both exports therefore hold only the asserted events unless `all_modalities` is set (the
PLOVER lines then say which is which in their extra `modality` field). CSV and Parquet are newsgraph's
own table, with its `modality` column, and always hold every event.

GDELT 2.0 event table (codebook V2.0, 2015-02-19): the 61 columns of `GDELT_COLUMNS`, in order, tab
separated, one event a line, no header line (as GDELT's own files). What newsgraph fills, and how:

- GlobalEventID: GDELT numbers events with integers; newsgraph's event id is "e" + 16 hex digits of a
  content hash, and the ID is those digits read as an integer with the top bit cleared (so it fits a
  signed 64-bit column): stable across runs and stores, the same for the same event, and 63 bits make
  a collision unlikely below billions of events (`global_event_id`).
- Day, MonthYear, Year, FractionDate: the event's date, or the article's publication date when the
  event has none (GDELT's own practice); FractionDate is the year plus the fraction of the year
  completed by that day (day of the year / 365, four decimals).
- Actor1*/Actor2* (actor and target): Code is the entity's CAMEO code (else its country and sector
  codes joined), Name the actor's name as `newsgraph entities` shows it, CountryCode the entity's
  country (ISO alpha-3, which CAMEO country codes follow) or the region of the code (WST, EUR),
  Type1-3Code the sector codes in the code (GOV, MIL, IGO), KnownGroupCode the rest of an
  organisation's code (UNO of IGOUNO, NAT of IGOWSTNAT).
- IsRootEvent: 1 when the trigger is in the article's first paragraph, else 0.
- EventCode: the CAMEO code; EventBaseCode its first three digits; EventRootCode its first two.
- QuadClass, GoldsteinScale: as stored.
- NumMentions, NumSources, NumArticles: 1. Each row is one mention in one article: newsgraph does not
  merge reports of the same event across articles.
- ActionGeo_*: from the event's place. Type 1 for a country, 3 for a US town, 4 for another town
  (GeoNames towns and countries only: 2 and 5, states, do not occur); FullName the place's name;
  CountryCode its ISO alpha-3 code as given, not GDELT's FIPS 10-4; ADM1Code the GeoNames admin1
  code as given ("RU.59"); Lat, Long; FeatureID the gazetteer id as given ("geonames:2013348"),
  not a GNS/GNIS id. A place the gazetteer did not find keeps only its FullName.
- DATEADDED: when the article was stored (the ingest run), YYYYMMDDHHMMSS in UTC.
- SOURCEURL: the article's url, else its source id, else its newsgraph id.

Left empty: Actor*EthnicCode, Actor*Religion1Code, Actor*Religion2Code (newsgraph does not code
ethnicity or religion); AvgTone (no tone is computed); Actor1Geo_* and Actor2Geo_* (newsgraph locates
events, not actors); ActionGeo_ADM2Code (the gazetteer has no second-level divisions); the Day fields
when neither the event nor its article has a date; actor fields when the event has no actor or target.
A symmetric event (met, talked) is one row, with its actor as Actor1, not GDELT's two.

PLOVER (Political Language Ontology for Verifiable Event Records, the Open Event Data Alliance's JSON
data interchange fields, manual 0.7b1): one event a line with `id`, `event_date`, `event_type`,
`event_mode`, `event_text` (the evidence clause), `quad_code`, `event_scale` (the Goldstein value),
`actor1`/`actor2` (PLOVER's source and recipient: name, top-level `code` (country or international
code), `sector`, the full `cameo_code`, `actor_text` (the article's name for it), `country`, entity
and actor ids), `country` and `event_loc` (the event's place, with GeoNames field names), `text_info`
(the article id, `start`/`end` of the evidence and the `trigger` span: character offsets into the
stored article's text, `newsgraph show ID --json`), `cite_info`, `coder` and `coded_date`; and
newsgraph's own `cameo`, `symmetric`, `date_source`, `modality`, `reported_by` and `confidence`.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from .errors import UsageError
from .export import TABLES, _csv_value, _flatten

FORMATS = ("gdelt", "plover", "csv", "parquet")
# The formats with no modality field: asserted events only, unless all_modalities.
ASSERTED_ONLY = ("gdelt", "plover")
NOT_ASSERTED = ("negated", "hypothetical", "future")
FILE_NAMES = {"gdelt": "events.gdelt.tsv", "plover": "events.plover.jsonl", "csv": "events.csv",
              "parquet": "events.parquet"}

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
# The GDELT 2.0 event table, in file order (61 columns).
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# The csv/parquet events table: newsgraph's events table, then the joined names and actor ids.
EVENT_TABLE: list[tuple[str, str]] = [*TABLES["events"], ("published", "string"), ("actor_name", "string"),
                                      ("target_name", "string"), ("place_name", "string"),
                                      ("reported_by_name", "string"), ("actor_actor", "string"),
                                      ("target_actor", "string")]
_PARQUET_BATCH = 20_000


@dataclass(frozen=True, slots=True)
class EventCounts:
    """What an event export wrote: `events` rows, and `left_out` events that are not asserted (only
    when the format keeps asserted events alone)."""
    events: int
    left_out: int = 0
    path: str = "-"


def export_events(store: Any, fmt: str, out: str | os.PathLike, *, all_modalities: bool = False) -> EventCounts:
    """Write the events of `store` as `fmt` (gdelt, plover, csv, parquet) to `out`; see the module
    docstring for the formats, the file naming and which events are written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown event export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if all_modalities and fmt not in ASSERTED_ONLY:
        raise UsageError(f"--all-modalities applies to gdelt and plover; the {fmt} events table always "
                         "holds every event, with its modality column")
    path = _output(os.fspath(out), fmt)
    only_asserted = fmt in ASSERTED_ONLY and not all_modalities
    rows = store.iter_events(modality="asserted" if only_asserted else None)
    left_out = store.count_events(modality=NOT_ASSERTED) if only_asserted else 0
    writer = {"gdelt": _write_gdelt, "plover": _write_plover, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    try:
        n = writer(rows, path)
    except BrokenPipeError:
        if path != "-":
            raise UsageError(f"cannot write the {fmt} event export to {path!r}: broken pipe") from None
        # stdout closed early (`| head`): not an error; stop, and keep Python's exit flush quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EventCounts(0, left_out, path)
    except OSError as exc:
        raise UsageError(f"cannot write the {fmt} event export to {path!r}: {exc.strerror or exc}; "
                         "pass another --out path") from exc
    return EventCounts(n, left_out, path)


def _output(out: str, fmt: str) -> str:
    if out == "-":
        if fmt == "parquet":
            raise UsageError("Parquet is binary and cannot go to stdout; pass a file or directory with --out")
        return out
    path = Path(out)
    if out.endswith(("/", os.sep)):  # meant as a directory: create it, as the table exports do
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create the directory {out!r}: {exc.strerror or exc}; "
                             "pass another --out path") from exc
    if path.is_dir():
        return str(path / FILE_NAMES[fmt])
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {out!r}: the directory {str(path.parent)!r} does not exist; "
                         "create it first or pass another --out path")
    return out


class _Text:
    """A text file to write, or stdout for "-"."""

    def __init__(self, path: str):
        self.path = path
        self.stack = ExitStack()

    def __enter__(self) -> TextIO:
        if self.path == "-":
            return sys.stdout
        return self.stack.enter_context(open(self.path, "w", encoding="utf-8", newline=""))

    def __exit__(self, *exc) -> None:
        if self.path == "-":
            sys.stdout.flush()
        self.stack.close()


# --- GDELT ------------------------------------------------------------------------------------------

def global_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer for an event id: its 16 hex digits ("e" + 16 is the form of
    newsgraph's ids) with the top bit cleared; any other id is hashed (BLAKE2b, 8 bytes) first."""
    digits = event_id[1:] if event_id[:1].isalpha() else event_id
    try:
        if len(digits) != 16:
            raise ValueError
        value = int(digits, 16)
    except ValueError:
        value = int.from_bytes(hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest(), "big")
    return value & 0x7FFF_FFFF_FFFF_FFFF


class ActorCodes:
    """Splits a CAMEO actor code into GDELT's actor fields, with the lexicon's sector, country and
    region codes: RUSGOVMIL -> country RUS, types GOV MIL; IGOWSTNAT -> type IGO, region WST, known
    group NAT; PSEREBHMS -> country PSE, type REB, known group HMS."""

    def __init__(self) -> None:
        from .nlp.lexicon import INTERNATIONAL, Lexicon  # pure Python, no spaCy

        lexicon = Lexicon.load()
        self.sectors = frozenset(lexicon.sectors)
        self.places = frozenset(lexicon.countries) | frozenset(lexicon.regions)
        self.international = frozenset(INTERNATIONAL)

    def fields(self, party: Any) -> list[Any]:
        """The ten Actor fields (Code ... Type3Code) of an EventParty, or ten empty ones."""
        if party is None:
            return [None] * len(_ACTOR_FIELDS)
        code = party.cameo_code or f"{party.country or ''}{party.sector or ''}"
        chunks = [code[i:i + 3] for i in range(0, len(code), 3)] if len(code) % 3 == 0 else []
        country, group, types = party.country, None, []
        for i, chunk in enumerate(chunks):
            opens_code = i == 0 or (i == 1 and chunks[0] in self.international)
            if opens_code and chunk in self.places and chunk not in self.sectors:
                country = country or chunk
            elif chunk in self.sectors:
                types.append(chunk)
            elif group is None:
                group = chunk
        types += [None] * 3
        return [code or None, party.name, country, group, None, None, None, *types[:3]]


def _day(row: Any) -> date | None:
    value = row.event.date or row.published
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _date_fields(day: date | None) -> list[Any]:
    if day is None:
        return [None] * 4
    fraction = day.timetuple().tm_yday / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{day.year + fraction:.4f}"]


def _added(ingested_at: str | None) -> str:
    try:
        when = datetime.fromisoformat(ingested_at) if ingested_at else datetime.now(timezone.utc)
    except ValueError:
        when = datetime.now(timezone.utc)
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
    return when.strftime("%Y%m%d%H%M%S")


def _action_geo(place: Any) -> list[Any]:
    if place is None:
        return [None] * len(_GEO_FIELDS)
    if place.lat is None or place.lon is None:
        return [None, place.name, place.country, None, None, None, None, place.gazetteer_id]
    kind = 1 if place.admin1 is None else (3 if place.country == "USA" else 4)
    return [kind, place.name, place.country, place.admin1, None, place.lat, place.lon, place.gazetteer_id]


def gdelt_row(row: Any, codes: ActorCodes) -> list[Any]:
    """The 61 values of one event (None for an empty field), in GDELT_COLUMNS order."""
    ev = row.event
    return [
        global_event_id(ev.id), *_date_fields(_day(row)),
        *codes.fields(row.actor), *codes.fields(row.target),
        1 if row.in_lead else 0, ev.cameo, ev.cameo[:3], ev.cameo[:2], ev.quad_class,
        format(ev.goldstein, "g") if ev.goldstein is not None else None,
        1, 1, 1, None,
        *[None] * len(_GEO_FIELDS), *[None] * len(_GEO_FIELDS), *_action_geo(row.place),
        _added(row.ingested_at), row.url or row.source_id or row.article_id,
    ]


_FIELD_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def _tsv(value: Any) -> str:
    return "" if value is None else str(value).translate(_FIELD_BREAKS)


def _write_gdelt(rows: Iterable[Any], path: str) -> int:
    codes = ActorCodes()
    n = 0
    with _Text(path) as stream:
        for row in rows:
            stream.write("\t".join(_tsv(v) for v in gdelt_row(row, codes)) + "\n")
            n += 1
    return n


# --- PLOVER -----------------------------------------------------------------------------------------

def _plover_actor(party: Any, codes: ActorCodes) -> dict[str, Any] | None:
    if party is None:
        return None
    code, _, country, *_rest = codes.fields(party)
    return {"name": party.name, "code": country or (code[:3] if code else None), "sector": party.sector,
            "cameo_code": party.cameo_code, "actor_text": party.entity_name, "country": party.country,
            "entity_id": party.entity_id, "actor_id": party.actor_id}


def _geonameid(gazetteer_id: str | None) -> int | None:
    if gazetteer_id and gazetteer_id.startswith("geonames:") and gazetteer_id[9:].isdigit():
        return int(gazetteer_id[9:])
    return None


def _event_loc(place: Any, source: str | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"name": place.name, "geonameid": _geonameid(place.gazetteer_id), "latitude": place.lat,
            "longitude": place.lon, "cc3": place.country, "admin1_code": place.admin1,
            "population": place.population, "gazetteer_id": place.gazetteer_id, "place_id": place.id,
            "place_source": source}


def plover_record(row: Any, codes: ActorCodes, coder: str) -> dict[str, Any]:
    """One event as a PLOVER JSON record (see the module docstring)."""
    ev = row.event
    day = _day(row)
    source = ev.reported_by
    return {
        "id": ev.id,
        "event_date": day.isoformat() if day else None,
        "event_type": ev.type,
        "event_mode": ev.mode,
        "event_text": ev.evidence.text,
        "quad_code": ev.quad_class,
        "event_scale": ev.goldstein,
        "actor1": _plover_actor(row.actor, codes),
        "actor2": _plover_actor(row.target, codes),
        "country": row.place.country if row.place else None,
        "event_loc": _event_loc(row.place, ev.place_source),
        "text_info": {"article_id": row.article_id, "source_id": row.source_id,
                      "start": ev.evidence.start, "end": ev.evidence.end,
                      "trigger": {"start": ev.trigger.start, "end": ev.trigger.end, "text": ev.trigger.text}},
        "cite_info": {"url": row.url, "title": row.title, "publication": row.source,
                      "published": row.published},
        "coder": coder,
        "coded_date": (row.ingested_at or "")[:10] or None,
        "cameo": ev.cameo,
        "symmetric": ev.symmetric,
        "date_source": ev.date_source if ev.date else ("published" if day else None),
        "modality": ev.modality,
        "reported_by": None if source is None else {
            "name": row.reported_by_name, "text": source.text, "entity_id": source.entity,
            "attribution": source.attribution},
        "confidence": ev.confidence,
    }


def _write_plover(rows: Iterable[Any], path: str) -> int:
    from . import __version__

    codes = ActorCodes()
    n = 0
    with _Text(path) as stream:
        for row in rows:
            record = plover_record(row, codes, f"newsgraph {__version__} ({row.event.component})")
            stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


# --- the events table -------------------------------------------------------------------------------

def table_row(row: Any) -> dict[str, Any]:
    """The csv/parquet row of one event: newsgraph's events table columns plus the joined names."""
    return {**_flatten(row.event, row.article_id), "published": row.published, **row.names()}


def _write_csv(rows: Iterable[Any], path: str) -> int:
    names = [name for name, _ in EVENT_TABLE]
    n = 0
    with _Text(path) as stream:
        writer = csv.writer(stream)
        writer.writerow(names)
        for row in rows:
            values = table_row(row)
            writer.writerow([_csv_value(values.get(name)) for name in names])
            n += 1
    return n


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(table_row(row))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_parquet(rows: Iterable[Any], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise UsageError("Parquet export needs pyarrow: pip install pyarrow") from exc
    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in EVENT_TABLE])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, _PARQUET_BATCH):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
