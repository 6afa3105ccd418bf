"""The article page's highlighted text: every record's spans, by layer, and the text cut into segments.

Spans of different layers overlap and nest (a time inside a quote, an event trigger inside a
claim), so the text is split at every span boundary; each segment knows which records of each layer
cover it. The template renders a segment as one element with a class per layer and data attributes
naming the record ids; plain text stays plain. Nothing here escapes: the template does.
"""
from __future__ import annotations

import bisect
from typing import Any, Iterable, Iterator

# The layers a reader can toggle, in the order of the toggles; `heading` is structure, not a record.
LAYERS = ("entity", "quote", "attribution", "time", "event", "repair")


def _spans(doc: dict[str, Any]) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, layer, record id) for every span of the article view `doc`."""
    for e in doc.get("entities", ()):
        for m in e.get("mentions", ()):
            yield m["start"], m["end"], "entity", e["id"]
    for q in doc.get("quotes", ()):
        yield q["start"], q["end"], "quote", q["id"]
        if q.get("cue"):
            yield q["cue"]["start"], q["cue"]["end"], "quote", q["id"]
    for a in doc.get("attributions", ()):
        yield a["claim"]["start"], a["claim"]["end"], "attribution", a["id"]
        if a.get("cue"):
            yield a["cue"]["start"], a["cue"]["end"], "attribution", a["id"]
    for t in doc.get("times", ()):
        yield t["start"], t["end"], "time", t["id"]
    for v in doc.get("events", ()):
        yield v["trigger"]["start"], v["trigger"]["end"], "event", v["id"]
    for i, r in enumerate(doc.get("repairs", ())):
        yield r["start"], r["end"], "repair", f"r{i}"
    for i, h in enumerate(doc.get("article", {}).get("headings", ())):
        yield h["start"], h["end"], "heading", f"h{i}"


def segments(text: str, spans: Iterable[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """`text` cut at every boundary of `spans` (empty and out-of-range spans are left out). Each
    segment: start, end, text and `layers` ({layer: [record ids]}, empty for plain text); joined,
    the segments' texts give back `text`."""
    kept = [(s, e, layer, rid) for s, e, layer, rid in spans
            if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)]
    bounds = sorted({0, len(text), *(s for s, *_ in kept), *(e for _, e, *_ in kept)})
    out = [{"start": a, "end": b, "text": text[a:b], "layers": {}} for a, b in zip(bounds, bounds[1:])]
    for s, e, layer, rid in kept:
        for i in range(bisect.bisect_left(bounds, s), bisect.bisect_left(bounds, e)):
            ids = out[i]["layers"].setdefault(layer, [])
            if rid not in ids:
                ids.append(rid)
    return out


def article_segments(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The segments of an article view (views.article's dict)."""
    return segments(doc["article"]["text"], _spans(doc))


def paragraphs(segs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Segments grouped into paragraphs at line breaks (a segment holding one is cut there; its
    layers go with each piece, and the line breaks themselves are dropped): [{"heading": true when
    the whole paragraph is a sub-heading, "segments": [...]}]."""
    paras: list[list[dict[str, Any]]] = [[]]
    for seg in segs:
        pieces = seg["text"].split("\n")
        start = seg["start"]
        for j, piece in enumerate(pieces):
            if j:
                paras.append([])
            if piece:
                paras[-1].append({**seg, "start": start, "end": start + len(piece), "text": piece})
            start += len(piece) + 1
    return [{"heading": all("heading" in seg["layers"] for seg in p), "segments": p} for p in paras if p]
