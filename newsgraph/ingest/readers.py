"""One reader per input format. Each yields Drafts (the text as read plus its metadata) or, in place of
a bad item, the InputError that describes it: a generator cannot raise and then go on, and one bad item
must never stop the rest. `read_articles` (in __init__) turns Drafts into cleaned Articles.
"""
from __future__ import annotations

import datetime
import html
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from newsgraph.errors import InputError, ParseError, ReadError, TooLargeError
from newsgraph.ingest.dates import normalise_date
from newsgraph.settings import Settings

# The formats read by extension (in directories, and for files named on the command line).
EXTENSIONS = {".txt": "txt", ".jsonl": "jsonl", ".html": "html", ".htm": "html",
              ".rss": "feed", ".atom": "feed", ".xml": "feed"}
SIDECAR = ".meta.json"

# Where each record field is looked for in a JSON object (JSONL lines, sidecars); the first key present
# wins. `--field FIELD=KEY` (Settings.fields) replaces the list for that field.
LOOKUP: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "title": ("title",),
    "url": ("url",),
    "source": ("source",),
    "id": ("id",),
    "published": ("published", "date", "dct", "pubDate", "datePublished"),
    "language": ("language",),
}
FIELD_NAMES = tuple(LOOKUP)

# UTF-8 takes at most 4 bytes a character, so a text file longer than this many bytes a character of
# --max-chars cannot fit, and is refused without reading it.
TEXT_BYTES_PER_CHAR = 4
# A JSONL line escapes non-ASCII text as \uXXXX (6 bytes, 12 for a surrogate pair) and carries
# metadata besides the text.
JSONL_BYTES_PER_CHAR = 12
JSONL_SLACK_BYTES = 1 << 20
# HTML pages and feeds carry markup, scripts and many entries around the text: a 200,000-character
# limit lets a 20 MB page or feed through (large news front pages are 1-5 MB).
MARKUP_BYTES_PER_CHAR = 100

SNIFF_BYTES = 8192


@dataclass
class Draft:
    """An item as read, before it becomes an Article: the raw text and what came with it."""
    origin: str
    raw: str
    fields: dict = field(default_factory=dict)   # title, url, source, published, id, language (as given)
    meta: dict = field(default_factory=dict)
    date_key: str = "published"                  # the input key the date came from, for messages


# --- bytes to text ---------------------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27}) + b"\x7f"


def check_bytes(data: bytes, item: str, whole: bool = True) -> None:
    """Refuse empty content (when `data` is all of it) and binary content (from its first bytes)."""
    if whole and (not data or data.isspace()):
        raise ReadError(item, "empty")
    head = data[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return  # UTF-16/32 text is full of NUL bytes
    if b"\x00" in head or sum(head.count(c) for c in _CONTROL) > len(head) // 10:
        raise ReadError(item, "binary file (not text); skipped")


def decode(data: bytes, item: str, settings: Settings, declared: str | None = None) -> str:
    """Bytes to text: a BOM, else UTF-8, else --encoding, else a charset the file declares, else detection."""
    check_bytes(data, item)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, codec, item)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if settings.encoding:
        return _decode_as(data, settings.encoding, item)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # pages lie about their charset often enough: detect instead
    return _detect(data, item)


def _decode_as(data: bytes, codec: str, item: str) -> str:
    try:
        return data.decode(codec)
    except LookupError:
        raise ReadError(item, f"unknown encoding {codec!r}; pass --encoding with a Python codec name") from None
    except UnicodeDecodeError as error:
        raise ReadError(item, f"not valid {codec} (byte {error.start}); pass the right --encoding") from None


def _detect(data: bytes, item: str) -> str:
    import charset_normalizer

    results = charset_normalizer.from_bytes(data)
    best = results.best()
    # Too chaotic to be text in any encoding: refuse rather than feed mojibake to the model.
    if best is None or best.chaos > 0.2:
        raise ReadError(item, "not UTF-8 and the encoding could not be detected; pass --encoding")
    # charset-normalizer ranks the Latin code pages that decode a Western text equally (a latin-1
    # 'crème' is as good as cp1250 'crčme' to it); English news that is not UTF-8 is almost always
    # cp1252/latin-1, so among equals that one wins.
    tied = [r for r in results if r.chaos <= best.chaos + 0.01]
    for result in tied:
        if result.encoding == "cp1252":
            return str(result)
    return str(best)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top."""
    match = _CHARSET.search(head[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


# --- JSON objects (JSONL lines and sidecars) -------------------------------------------------------------

def lookup_keys(settings: Settings) -> dict[str, tuple[str, ...]]:
    keys = dict(LOOKUP)
    for record_field, key in settings.fields:
        keys[record_field] = (key,)
    return keys


def from_object(obj: dict, item: str, settings: Settings, with_text: bool = True) -> Draft:
    """A Draft from one JSON object: record fields by LOOKUP/--field, every other key into meta."""
    keys = lookup_keys(settings)
    fields, used, date_key = {}, set(), "published"
    for record_field, candidates in keys.items():
        if record_field == "text" and not with_text:
            continue
        for key in candidates:
            value = obj.get(key)
            if value is not None and value != "":
                fields[record_field] = value
                used.add(key)
                date_key = key if record_field == "published" else date_key
                break
    meta = {k: v for k, v in obj.items() if k not in used}
    for name in [f for f in fields if f not in LOOKUP]:
        meta[name] = fields.pop(name)  # --field author=byline: renamed, kept in meta under the new name
    raw = ""
    if with_text:
        raw = fields.pop("text", None)
        if raw is None:
            raise ParseError(item, _no_text(obj, keys["text"]))
        if not isinstance(raw, str):
            raise ParseError(item, f'"{keys["text"][0]}" must be a string, not {_json_kind(raw)}')
    for name in ("title", "url", "source", "id", "language"):
        if name in fields and not isinstance(fields[name], str):
            fields[name] = json.dumps(fields[name]) if isinstance(fields[name], (dict, list)) else str(fields[name])
    return Draft(item, raw, fields, meta, date_key)


def _json_kind(value: object) -> str:
    """The JSON name of a value's type, for messages about JSON input."""
    kinds = ((bool, "true/false"), (int, "a number"), (float, "a number"), (list, "an array"),
             (dict, "an object"), (str, "a string"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "null")


def _no_text(obj: dict, text_keys: tuple[str, ...]) -> str:
    key = text_keys[0]
    if obj.get(key, 0) in (None, ""):
        return f'"{key}" is empty'
    listed = ", ".join(obj) or "none"
    given = "" if key == "text" else f" (from --field text={key})"
    reason = f'no "{key}" field{given} (keys: {listed})'
    # Suggest the key holding the longest string: almost always the article body under another name.
    strings = {k: len(v) for k, v in obj.items() if isinstance(v, str) and v.strip()}
    if strings:
        return f"{reason}; pass --field text={max(strings, key=strings.get)}"
    return reason


# --- the formats ------------------------------------------------------------------------------------------

def read_txt(data: bytes, origin: str, settings: Settings, sidecar: dict | None) -> Draft:
    text = decode(data, origin, settings)
    if not text.strip():
        raise ReadError(origin, "empty")
    draft = from_object(sidecar, origin, settings, with_text=False) if sidecar else Draft(origin, "")
    draft.raw = text
    return draft


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes | None, int]]:
    """(line, length in bytes) for each line, holding at most `limit` bytes: an over-long line comes as
    (None, length) after being skipped, so a pasted book (or a file with no newlines) never fills memory."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line, len(line)
            continue
        total = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            total += len(line)
        yield None, total


def read_jsonl(stream: BinaryIO, name: str, settings: Settings, first: bytes = b"",
               skipped: int = 0) -> Iterator[Draft | InputError]:
    """One article a line, streamed. `first` is a line already taken from the stream by sniffing, after
    `skipped` blank lines (so that line numbers stay true)."""
    limit = JSONL_BYTES_PER_CHAR * settings.max_chars + JSONL_SLACK_BYTES
    lines = _lines(stream, limit)
    if first:
        lines = itertools.chain([(first, len(first))], lines)
    seen = False
    for number, (line, size) in enumerate(lines, start=1 + skipped):
        item = f"{name}:{number}"
        if line is None:
            seen = True
            yield TooLargeError(item, f"a line of {size:,} bytes, too long for --max-chars {settings.max_chars:,}")
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue  # blank lines are allowed anywhere
        seen = True
        try:
            yield _jsonl_line(line, item, settings)
        except InputError as error:
            yield error
    if not seen:
        yield ReadError(name, "empty")


def _jsonl_line(line: bytes, item: str, settings: Settings) -> Draft:
    if b"\x00" in line:
        raise ReadError(item, "binary data, not a line of JSON")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        if not settings.encoding:
            raise ReadError(item, "not UTF-8 (JSON should be); pass --encoding") from None
        text = _decode_as(line, settings.encoding, item)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(item, f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(obj, dict):
        raise ParseError(item, f"not a JSON object but {_json_kind(obj)}; each line must be {{\"text\": ...}}")
    return from_object(obj, item, settings)


def read_html(data: bytes, origin: str, settings: Settings, sidecar: dict | None) -> Draft:
    import trafilatura

    page = decode(data, origin, settings, declared=declared_charset(data))
    # favor_precision: navigation, related links and footers would become entities and events; on a
    # page with no article, the default mode returns the menu ("Home\nAbout") where this returns nothing.
    # extensive_search off: htmldate would otherwise guess a date from the URL (2023/09/ -> 2023-09-01).
    # bare_extraction parses the string it is given and fetches nothing.
    document = trafilatura.bare_extraction(
        page, with_metadata=True, favor_precision=True, include_comments=False, include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ParseError(origin, "no article text found in the HTML")
    fields = {"title": document.title, "url": document.url, "source": document.sitename,
              "published": document.date}
    meta = {k: v for k, v in (("author", document.author), ("description", document.description),
                               ("categories", document.categories), ("tags", document.tags)) if v}
    draft = Draft(origin, text, {k: v for k, v in fields.items() if v}, meta)
    if sidecar:
        side = from_object(sidecar, origin, settings, with_text=False)
        draft.fields.update(side.fields)
        draft.meta.update(side.meta)
        draft.date_key = side.date_key if "published" in side.fields else draft.date_key
    return draft


def read_feed(data: bytes, origin: str, settings: Settings) -> Iterator[Draft | InputError]:
    import feedparser

    check_bytes(data, origin)
    # A stream, never a string: feedparser.parse fetches a str that looks like a URL and opens one that
    # names a file. It reads the XML's own encoding declaration.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.bozo:
            yield ParseError(origin, f"not a readable RSS or Atom feed ({_xml_error(parsed.get('bozo_exception'))})")
        elif not parsed.version:
            yield ParseError(origin, "not an RSS or Atom feed")
        else:
            yield ParseError(origin, "the feed has no entries")
        return
    feed_title = _detail_text(parsed.feed.get("title_detail") or {}) or None
    feed_language = parsed.feed.get("language")
    for number, entry in enumerate(parsed.entries, start=1):
        item = f"{origin}#{number}"
        try:
            yield _feed_entry(entry, item, feed_title, feed_language)
        except InputError as error:
            yield error


def _xml_error(error) -> str:
    if hasattr(error, "getLineNumber"):  # the SAX error of a broken feed: "<unknown>:2:58: ..." reads badly
        return f"line {error.getLineNumber()}, column {error.getColumnNumber()}: {error.getMessage()}"
    return str(error)


def _feed_entry(entry, item: str, feed_title: str | None, feed_language: str | None) -> Draft:
    body, language = None, None
    for part in entry.get("content") or []:
        if part.get("value", "").strip():
            body, language = part, part.get("language")
            break
    if body is None and entry.get("summary", "").strip():
        body = entry.get("summary_detail") or {"value": entry.get("summary"), "type": "text/html"}
        language = body.get("language")
    if body is None:
        raise ParseError(item, "the entry has no text (no content or summary)")
    text = _detail_text(body)
    if not text:
        raise ParseError(item, "the entry has no text (no content or summary)")
    date_key, date = "published", None
    for key in ("published", "updated", "created"):
        if entry.get(key):
            date_key, date = key, entry.get(key)
            break
    fields = {"title": _detail_text(entry.get("title_detail") or {}) or None, "url": entry.get("link"),
              "source": feed_title, "id": entry.get("id"), "published": date,
              "language": language or feed_language}
    meta = {}
    if entry.get("author"):
        meta["author"] = entry.get("author")
    tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    if tags:
        meta["tags"] = tags
    parsed_date = entry.get(f"{date_key}_parsed")
    if date and parsed_date and normalise_date(date) is None:
        # feedparser reads date forms ours does not (it knows a dozen feed dialects); it gives UTC
        fields["published"] = datetime.datetime(*parsed_date[:6], tzinfo=datetime.timezone.utc)
    return Draft(item, text, {k: v for k, v in fields.items() if v}, meta, date_key)


def _detail_text(detail: dict) -> str:
    """The text of a feedparser text construct: plain text as it is, HTML converted."""
    value = detail.get("value") or ""
    return _tidy(value) if detail.get("type") == "text/plain" else html_to_text(value)


_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "table", "section", "article", "header", "footer", "pre", "figure", "figcaption", "dd", "dt", "hr"}


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment, one line a paragraph (or other block), whitespace collapsed."""
    if not markup or "<" not in markup:
        return _tidy(html.unescape(markup or ""))
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]+>", " ", markup))
    # Newlines in the markup are spaces to a browser; only blocks and <br> break lines.
    for element in root.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        element.tail = _SPACES.sub(" ", element.tail or "")
        if tag in ("script", "style"):
            element.text = ""
        elif tag != "pre":
            element.text = _SPACES.sub(" ", element.text or "")
    for element in root.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _BLOCKS:
            # a newline before and after each block keeps paragraphs apart once tags are gone
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return _tidy(root.text_content())


_SPACES = re.compile(r"\s+")


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def markup_limit(settings: Settings) -> int:
    return MARKUP_BYTES_PER_CHAR * settings.max_chars


def text_limit(settings: Settings) -> int:
    return TEXT_BYTES_PER_CHAR * settings.max_chars


def too_many_bytes(item: str, size: int, settings: Settings) -> TooLargeError:
    return TooLargeError(item, f"{size:,} bytes, more than --max-chars {settings.max_chars:,} characters "
                               f"can hold; pass a larger --max-chars to read it")
