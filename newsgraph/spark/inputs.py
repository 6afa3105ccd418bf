"""The inputs of a Spark run as one RDD of (chunk, (position, Draft | Failure)).

    JSONL       read by Spark's text reader, split across tasks however large the file; local
                directories are read file by file so that messages name the file and line
    Parquet     one article a row, columns named as JSONL keys (`--field` applies); a file or a directory
    other files .txt (with sidecars), .html, feeds: read whole, one task per group of files, through the
                same readers as the local engine; they must be on a filesystem every executor mounts

An item's chunk is a hash of its article id (the hash of its raw text) modulo the number of chunks, so
it is known before cleaning: chunks already done are dropped before anything is shuffled or cleaned.
The position (source, item, entry) keeps input order inside a chunk, so duplicates resolve as the local
engine's `ingest` resolves them: the first in input order is kept.
"""
from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import Failure, InputError, ReadError, TooLargeError, UsageError
from newsgraph.ingest import readers
from newsgraph.ingest.readers import SIDECAR, Draft
from newsgraph.records import content_id
from newsgraph.settings import Settings


@dataclass(frozen=True)
class Source:
    kind: str               # "jsonl", "parquet" or "files"
    path: str               # for "files", the first of them (for messages)
    files: tuple[str, ...] = ()


def sources(paths: list[str]) -> tuple[list[Source], list[Failure]]:
    """What each command-line path is; a path that is not there is a Failure, as with the local engine."""
    found: list[Source] = []
    missing: list[Failure] = []
    for path in paths:
        if path == "-":
            raise UsageError("the Spark engine cannot read stdin; write the articles to a JSONL file first")
        if "://" in path and not path.startswith("file://"):
            # On a cluster's storage, only the name tells: Parquet by its suffix, else JSON Lines.
            kind = "parquet" if path.rstrip("/").endswith(".parquet") else "jsonl"
            found.append(Source(kind, path))
            continue
        local = Path(path.removeprefix("file://"))
        if not local.exists():
            missing.append(Failure(path, "no such file or directory", "ReadError"))
        elif local.is_dir():
            found.extend(_directory(local))
        elif local.suffix.lower() == ".parquet":
            found.append(Source("parquet", str(local.resolve())))
        elif local.suffix.lower() == ".jsonl":
            found.append(Source("jsonl", str(local.resolve())))
        elif not local.name.endswith(SIDECAR):
            found.append(Source("files", str(local), (str(local),)))
    return found, missing


def _directory(root: Path) -> list[Source]:
    """A directory: a Parquet dataset if it holds Parquet and nothing newsgraph reads, else its files."""
    from newsgraph.ingest import _walk

    readable = _walk(root)
    parquet = sorted(p for p in root.rglob("*.parquet") if not any(part.startswith((".", "_"))
                                                                   for part in p.relative_to(root).parts))
    if parquet and not readable:
        return [Source("parquet", str(root.resolve()))]
    found = [Source("parquet", str(p.resolve())) for p in parquet]
    found += [Source("jsonl", str(p.resolve())) for p in readable if p.suffix.lower() == ".jsonl"]
    others = tuple(str(p) for p in readable if p.suffix.lower() != ".jsonl")
    if others:
        found.append(Source("files", str(root), others))
    return found


class Inputs:
    """The sources as RDDs: `estimate()` counts items cheaply (lines, rows, files) to size the chunks;
    `items(chunks, todo)` is the RDD of (chunk, (position, Draft | Failure)) for the chunks in `todo`."""

    def __init__(self, spark, found: list[Source], settings: Settings):
        self.spark, self.settings, self.sources = spark, settings, found
        self._raw = [self._read(source) for source in self.sources]

    def _read(self, source: Source):
        sc = self.spark.sparkContext
        if source.kind == "jsonl":
            return sc.textFile(source.path, use_unicode=False)
        if source.kind == "parquet":
            return self.spark.read.parquet(source.path).rdd
        slices = max(1, min(len(source.files), sc.defaultParallelism * 4))
        return sc.parallelize(list(source.files), slices)

    def estimate(self) -> int:
        """About how many items there are: lines, rows, files. Local files are counted here (a newline
        count runs at disk speed; a Parquet footer holds its rows); the rest by a Spark job."""
        return sum(_local_count(source) if _is_local(source.path) else raw.count()
                   for source, raw in zip(self.sources, self._raw))

    def items(self, chunks: int, todo: frozenset[int]):
        sc = self.spark.sparkContext
        parts = []
        for number, (source, raw) in enumerate(zip(self.sources, self._raw)):
            reader = {"jsonl": _jsonl_line, "parquet": _parquet_row, "files": _file}[source.kind]
            parts.append(raw.zipWithIndex().flatMap(
                functools.partial(reader, number, source.path, self.settings, chunks, todo)))
        return sc.union(parts) if parts else sc.emptyRDD()


def _is_local(path: str) -> bool:
    return "://" not in path and os.path.exists(path)


def _local_count(source: Source) -> int:
    if source.kind == "files":
        return len(source.files)
    if source.kind == "parquet":
        import pyarrow.dataset as ds

        return ds.dataset(source.path, format="parquet").count_rows()
    lines, last = 0, b"\n"
    with open(source.path, "rb") as stream:
        while block := stream.read(1 << 24):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")  # a last line without its newline counts too


def chunk_of(item: Draft | Failure, chunks: int) -> int:
    """The article's chunk from its raw text (its id is that text's hash); a failure's from its name."""
    if isinstance(item, Draft):
        return int(content_id(item.raw), 16) % chunks
    digest = hashlib.blake2b(item.item.encode("utf-8"), digest_size=8).hexdigest()
    return int(digest, 16) % chunks


def _keyed(items, position: tuple, chunks: int, todo: frozenset[int]):
    for entry, item in enumerate(items):
        if isinstance(item, InputError):
            item = Failure.of(item)
        chunk = chunk_of(item, chunks)
        if chunk in todo:
            yield chunk, ((*position, entry), item)


def _jsonl_line(source: int, path: str, settings: Settings, chunks: int, todo, pair):
    """One line of JSONL (bytes) and its index, as the local reader reads it."""
    line, index = pair
    number = index + 1
    item = f"{path}:{number}"
    if number == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    if not line.strip():
        return ()
    limit = readers.JSONL_BYTES_PER_CHAR * settings.max_chars + readers.JSONL_SLACK_BYTES
    if len(line) > limit:
        found = TooLargeError(item, f"a line of {len(line):,} bytes, too long for --max-chars {settings.max_chars:,}")
    else:
        try:
            found = readers._jsonl_line(line, item, settings)
        except InputError as error:
            found = error
    return _keyed([found], (source, index), chunks, todo)


def _parquet_row(source: int, path: str, settings: Settings, chunks: int, todo, pair):
    """One Parquet row: its columns as a JSON object's keys."""
    row, index = pair
    item = f"{path}: row {index + 1}"
    try:
        found = readers.from_object({k: _plain(v) for k, v in row.asDict(recursive=True).items()},
                                    item, settings)
    except InputError as error:
        found = error
    return _keyed([found], (source, index), chunks, todo)


def _plain(value):
    """A Parquet value as JSON would carry it (dates as ISO text), so the readers treat both alike."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _file(source: int, path: str, settings: Settings, chunks: int, todo, pair):
    """One text, HTML or feed file (a feed gives several entries), through the local engine's readers."""
    from newsgraph.ingest import read_drafts

    file, index = pair
    if not os.path.exists(file):
        found = [ReadError(file, "no such file on this executor; on a cluster, put text and HTML files "
                                 "where every executor can read them, or convert them to JSONL")]
        return _keyed(found, (source, index), chunks, todo)
    return _keyed(read_drafts(file, settings), (source, index), chunks, todo)
