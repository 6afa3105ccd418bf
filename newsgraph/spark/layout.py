"""The Spark output directory, on any filesystem pyarrow reaches (local, HDFS, S3, GCS):

    DIR/_newsgraph.json                   the manifest: the number of chunks, the settings, the inputs
    DIR/<table>/chunk=K/part-0.parquet    chunk K's rows of one table (Hive layout: Spark SQL, DuckDB
                                          and pyarrow read DIR/<table> as one table with a `chunk` column)
    DIR/_chunks/K.json                    chunk K is done: its counts; written after all its tables

The tables are export.ARTICLE_TABLES (articles, entities, mentions, times, places, quotes, attributions,
events), in the layout of `newsgraph export --format parquet`, and `failures` (the items that could not
be used). Names starting with `_` are skipped by Spark's and DuckDB's readers.
"""
from __future__ import annotations

import functools
import json
import os
import uuid
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import UsageError
from newsgraph.export import ARTICLE_TABLES, _arrow_schema

MANIFEST = "_newsgraph.json"
FORMAT = 1
TABLES = (*ARTICLE_TABLES, "failures")


def schema(table: str):
    import pyarrow as pa

    if table == "failures":
        return pa.schema([("item", pa.string()), ("reason", pa.string()), ("kind", pa.string())])
    return _arrow_schema(table)


@dataclass(frozen=True)
class Output:
    """DIR as a pyarrow filesystem and the path of DIR inside it. Picklable: it travels to executors."""
    uri: str

    @classmethod
    def at(cls, out: str) -> "Output":
        # A plain path is made absolute here, on the driver: executors may start in another directory.
        # Hadoop's s3a:// (what Spark users type) is pyarrow's s3://.
        if out.startswith("s3a://"):
            out = "s3://" + out[len("s3a://"):]
        return cls(out if "://" in out else os.path.abspath(out))

    @functools.cached_property
    def _located(self):
        """(pyarrow filesystem, DIR's path in it), made once per Output and again where it is unpickled."""
        from pyarrow import fs

        filesystem, path = fs.FileSystem.from_uri(self.uri)
        return filesystem, path.rstrip("/")

    def __getstate__(self) -> dict:
        return {"uri": self.uri}

    @property
    def fs(self):
        return self._located[0]

    @property
    def root(self) -> str:
        return self._located[1]

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    # --- the manifest and the markers ---------------------------------------------------------------

    def read_json(self, *parts: str) -> Any:
        from pyarrow import fs

        filesystem, path = self.fs, self.path(*parts)
        if filesystem.get_file_info(path).type != fs.FileType.File:
            return None
        with filesystem.open_input_stream(path) as stream:
            return json.loads(stream.read().decode("utf-8"))

    def write_json(self, data: Any, *parts: str) -> None:
        """Written under a temporary name, then moved into place: a reader sees all of it or nothing."""
        filesystem = self.fs
        target = self.path(*parts)
        filesystem.create_dir(target.rsplit("/", 1)[0], recursive=True)
        temporary = f"{target}.{uuid.uuid4().hex}.tmp"
        with filesystem.open_output_stream(temporary) as stream:
            stream.write(json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))
        filesystem.move(temporary, target)

    def remove(self, *parts: str) -> None:
        from pyarrow import fs

        path = self.path(*parts)
        if self.fs.get_file_info(path).type == fs.FileType.Directory:
            self.fs.delete_dir(path)

    def manifest(self) -> dict | None:
        return self.read_json(MANIFEST)

    def done(self) -> dict[int, dict]:
        """The finished chunks and their markers."""
        from pyarrow import fs

        selector = fs.FileSelector(self.path("_chunks"), allow_not_found=True)
        markers = {}
        for info in self.fs.get_file_info(selector):
            name = info.base_name
            if info.type == fs.FileType.File and name.endswith(".json") and name[:-5].isdigit():
                markers[int(name[:-5])] = self.read_json("_chunks", name)
        return markers

    # --- one chunk's tables -------------------------------------------------------------------------

    def write_chunk(self, chunk: int, tables: dict[str, Any], marker: dict) -> None:
        """Replace chunk `chunk` of every table, then mark it done. Each file is written under `_tmp`
        first and moved in, so a task that dies leaves no half-written file in a table; a chunk
        without its marker is redone (and its files replaced) by the next run."""
        filesystem = self.fs
        import pyarrow.parquet as pq

        staging = self.path("_tmp", f"{chunk}-{uuid.uuid4().hex}")
        filesystem.create_dir(staging, recursive=True)
        for table, data in tables.items():
            pq.write_table(data, f"{staging}/{table}.parquet", filesystem=filesystem)
        for table in tables:
            target = self.path(table, f"chunk={chunk}")
            filesystem.delete_dir_contents(target, missing_dir_ok=True)
            filesystem.create_dir(target, recursive=True)
            filesystem.move(f"{staging}/{table}.parquet", f"{target}/part-0.parquet")
        filesystem.delete_dir(staging)
        self.write_json(marker, "_chunks", f"{chunk}.json")

    def read_chunk(self, table: str, chunk: int, columns: list[str] | None = None):
        """Chunk `chunk` of `table` as a pyarrow Table (empty, with the table's columns, if absent)."""
        import pyarrow.parquet as pq
        from pyarrow import fs

        directory = self.path(table, f"chunk={chunk}")
        files = sorted(i.path for i in self.fs.get_file_info(fs.FileSelector(directory, allow_not_found=True))
                       if i.type == fs.FileType.File and i.base_name.endswith(".parquet"))
        if not files:
            return schema(table).empty_table().select(columns or schema(table).names)
        import pyarrow as pa

        return pa.concat_tables(pq.read_table(f, filesystem=self.fs, schema=schema(table), columns=columns)
                                for f in files)


def check_manifest(out: Output, wanted: dict) -> dict:
    """The manifest of DIR if it agrees with this run (same inputs and settings), else a UsageError:
    chunks written under other settings must not be mixed with these."""
    found = out.manifest()
    if found is None:
        return wanted
    if found.get("format") != FORMAT:
        raise UsageError(f"{out.uri} was written by another version of newsgraph's Spark engine "
                         f"(format {found.get('format')}); pass a new --out")
    for key, what in (("inputs", "inputs"), ("settings_digest", "settings (model, lexicon, options)")):
        if found.get(key) != wanted.get(key):
            raise UsageError(f"{out.uri} holds a run over other {what}: {found.get(key)!r}, not "
                             f"{wanted.get(key)!r}; rerun with the same ones to resume, or pass a new --out")
    return found
