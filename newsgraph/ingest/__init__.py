"""Reading articles: files, directories and stdin in, cleaned Articles (or Failures) out.

    read_articles(paths, settings) -> Iterator[Article | Failure]

Formats by extension: .txt (with an optional NAME.meta.json sidecar), .jsonl, .html/.htm,
.rss/.atom/.xml (feeds). Every bad item becomes a Failure in the stream, in its place; nothing here
raises for bad input.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from newsgraph.errors import Failure, InputError, ParseError, ReadError, TooLargeError
from newsgraph.ingest import readers
from newsgraph.ingest.dates import normalise_date
from newsgraph.ingest.language import check_language
from newsgraph.ingest.readers import EXTENSIONS, SIDECAR, Draft
from newsgraph.records import Article, content_id
from newsgraph.settings import Settings

__all__ = ["read_articles", "read_drafts", "build_item", "EXTENSIONS", "STDIN"]

STDIN = "<stdin>"  # how stdin is named in origins and messages ("-:3" reads badly)


def read_articles(paths: Iterable[str], settings: Settings) -> Iterator[Article | Failure]:
    """Every article from every path, cleaned; a Failure (item + reason) in place of each bad item.

    A path is a file, a directory (read recursively, files in sorted order, by extension) or "-" for
    stdin. Never raises for bad input.
    """
    for path in paths:
        for draft in read_drafts(str(path), settings):
            yield build_item(draft, settings)


def build_item(draft: Draft | InputError, settings: Settings) -> Article | Failure:
    """A Draft as a cleaned Article, or the Failure that says why it cannot be one."""
    if isinstance(draft, InputError):
        return Failure.of(draft)
    try:
        return build(draft, settings)
    except InputError as error:
        return Failure.of(error)
    except Exception as error:  # noqa: BLE001 - a cleaning bug must not end the whole batch
        return Failure(draft.origin, f"could not clean the text ({type(error).__name__}: {error}); "
                                     "this is a bug in newsgraph, please report it", "InputError")


def read_drafts(path: str, settings: Settings) -> Iterator[Draft | InputError]:
    """Drafts from one command-line path; an error in place of whatever cannot be read."""
    if path == "-":
        yield from _guard(lambda: read_unknown(_stdin(), STDIN, settings), STDIN)
        return
    target = Path(path)
    if target.is_dir():
        for file in _walk(target):
            yield from _guard(lambda: _read_file(file, str(file), settings), str(file))
    elif target.exists():
        if path.endswith(SIDECAR):
            return  # a shell glob (dir/*) passes sidecars too; they belong to their .txt
        yield from _guard(lambda: _read_file(target, path, settings), path)
    else:
        yield ReadError(path, "no such file or directory")


def _guard(read, item: str) -> Iterator[Draft | InputError]:
    """Run a reader; an InputError or OS error while starting (or during) it becomes an error item."""
    try:
        for draft in read():
            yield draft
    except InputError as error:
        yield error
    except IsADirectoryError:
        yield ReadError(item, "is a directory")
    except OSError as error:
        yield ReadError(item, f"cannot read it ({error.strerror or error})")
    except Exception as error:  # noqa: BLE001 - a parser library crashing on one file must not end the batch
        yield ParseError(item, f"could not read it ({type(error).__name__}: {error})")


def _walk(root: Path) -> list[Path]:
    """The readable files under `root`, sorted; hidden files and folders, sidecars and other types left out."""
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith(SIDECAR):
                continue
            if Path(name).suffix.lower() in EXTENSIONS:
                found.append(Path(directory) / name)
    return sorted(found, key=lambda p: p.as_posix())


def _read_file(file: Path, origin: str, settings: Settings) -> Iterable[Draft | InputError]:
    kind = EXTENSIONS.get(file.suffix.lower())
    size = file.stat().st_size
    if kind == "jsonl":
        return _jsonl_file(file, origin, settings)
    limit = readers.text_limit(settings) if kind == "txt" else readers.markup_limit(settings)
    if size > limit and kind is not None:
        # refused from its size alone: a 10 GB file is never read just to say it is too long
        raise readers.too_many_bytes(origin, size, settings)
    with open(file, "rb") as stream:
        if kind is None:  # a file named on the command line with another extension: sniff it like stdin
            return list(read_unknown(stream, origin, settings))
        data = stream.read()
    if kind == "feed":
        if file.suffix.lower() == ".xml" and data and not data.isspace() and not is_feed(_head(data)):
            root = root_element(_head(data))
            raise ParseError(origin, f"not an RSS or Atom feed (the root element is <{root}>)" if root
                             else "not an RSS or Atom feed")
        return readers.read_feed(data, origin, settings)
    sidecar = _sidecar(file, origin)
    if kind == "html":
        return [readers.read_html(data, origin, settings, sidecar)]
    return [readers.read_txt(data, origin, settings, sidecar)]


def _jsonl_file(file: Path, origin: str, settings: Settings) -> Iterator[Draft | InputError]:
    with open(file, "rb") as stream:
        readers.check_bytes(stream.read(readers.SNIFF_BYTES), origin, whole=False)
        stream.seek(0)
        yield from readers.read_jsonl(stream, origin, settings)


def _head(data: bytes) -> str:
    return data[:readers.SNIFF_BYTES].decode("utf-8", "replace")


def _sidecar(file: Path, origin: str) -> dict | None:
    """The NAME.meta.json beside NAME.txt (or NAME.html), if there is one. A broken one fails the article:
    reading it without its metadata would quietly give it the wrong date."""
    side = file.with_name(file.stem + SIDECAR)
    if not side.is_file():
        return None
    try:
        obj = json.loads(side.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ParseError(origin, f"its sidecar {side.name} is not valid JSON ({error}); fix or remove it") from None
    if not isinstance(obj, dict):
        raise ParseError(origin, f"its sidecar {side.name} is not a JSON object "
                                 "({\"title\": ..., \"published\": ...})")
    return obj


def _stdin():
    """stdin as bytes (decoded by us, like files); a text-only stdin (a test's StringIO) is encoded back."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def build(draft: Draft, settings: Settings) -> Article:
    """A Draft as a cleaned Article: size and language checked, date normalised, then cleaned."""
    raw = draft.raw
    if not raw.strip():
        raise ReadError(draft.origin, "empty text")
    if len(raw) > settings.max_chars:
        raise TooLargeError(draft.origin, f"{len(raw):,} characters, more than --max-chars {settings.max_chars:,}")
    fields, meta = draft.fields, dict(draft.meta)
    warnings = []
    published = None
    if fields.get("published") is not None:
        published = normalise_date(fields["published"])
        if published is None:
            # keep what was given, under its own key, so nothing the input said is lost
            meta[draft.date_key] = fields["published"]
            warnings.append(f"cannot read the date {fields['published']!r} ({draft.date_key}); "
                            f"using the default ({settings.published or 'none'})")
    if published is None and settings.published:
        published = normalise_date(settings.published) or settings.published
    language, warning = check_language(raw, fields.get("language"), draft.origin, settings.any_language)
    if warning:
        warnings.append(warning)
    if warnings:
        given = meta.get("warnings") or []
        meta["warnings"] = (given if isinstance(given, list) else [given]) + warnings
    article = Article(
        id=content_id(raw), raw=raw, text=raw, source_id=fields.get("id"), title=fields.get("title"),
        url=fields.get("url"), source=fields.get("source"), published=published, language=language,
        meta=meta, origin=draft.origin)
    from newsgraph.ingest.clean import clean_article  # here, not at the top: clean imports heavier modules

    return clean_article(article)


# --- content with no telling extension (stdin) ---------------------------------------------------------

_XML_ROOT = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


def root_element(head: str) -> str | None:
    """The name of the first element (after the XML declaration, comments and doctype), without prefix."""
    head = re.sub(r"<!--.*?-->", "", head, flags=re.S)
    match = _XML_ROOT.search(head)
    return match.group(1) if match else None


def is_feed(head: str) -> bool:
    return (root_element(head) or "").lower() in ("rss", "feed", "rdf")


def sniff(head: str) -> str:
    """The format of content with no telling extension (stdin): jsonl, html, feed or txt."""
    start = head.lstrip("\ufeff \t\r\n")
    if start.startswith("{"):
        first_line = start.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first_line), dict):
                return "jsonl"
        except ValueError:
            pass
    if start.startswith("<"):
        return "feed" if is_feed(start) else "html"
    return "txt"


def read_all(stream: BinaryIO, limit: int, item: str, settings: Settings) -> bytes:
    """All of a stream, refusing it (without holding more) once it passes `limit` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(item, f"more than {limit:,} bytes, too long for --max-chars {settings.max_chars:,}")
    return data


def read_unknown(stream: BinaryIO, origin: str, settings: Settings) -> Iterable[Draft | InputError]:
    """Content with no telling extension (stdin): JSONL, HTML, a feed or plain text, sniffed.

    JSONL is recognised by its first non-blank line (a JSON object) and then streamed, so a large
    JSONL pipe is never held in memory; a later line that is not JSON is a Failure for that line.
    """
    line_limit = readers.JSONL_BYTES_PER_CHAR * settings.max_chars + readers.JSONL_SLACK_BYTES
    first, skipped, blank = stream.readline(line_limit), 0, b""
    while first and not first.strip() and len(blank) < line_limit:
        blank += first
        skipped += 1
        first = stream.readline(line_limit)
    if sniff(first[:line_limit].decode("utf-8", "replace")) == "jsonl":
        return readers.read_jsonl(stream, origin, settings, first, skipped)
    head = blank + first
    data = head + read_all(stream, max(0, readers.markup_limit(settings) - len(head)), origin, settings)
    kind = sniff(data[:readers.SNIFF_BYTES].decode("utf-8", "replace"))
    if kind == "feed":
        return readers.read_feed(data, origin, settings)
    if kind == "html":
        return [readers.read_html(data, origin, settings, None)]
    if len(data) > readers.text_limit(settings):
        raise readers.too_many_bytes(origin, len(data), settings)
    return [readers.read_txt(data, origin, settings, None)]
