"""The data of each page, as plain JSON-ready dicts built from Store queries: the JSON API answers
them as they are, and the HTML pages render them. No SQL here (it lives in newsgraph/store/), no HTML.

Charts count what the articles state happened: the asserted events (AGGREGATE_MODALITIES); negated,
hypothetical and future events are listed in the tables with their modality but not counted.
"""
from __future__ import annotations

import math
import unicodedata
from typing import Any
from urllib.parse import quote

from ..records import document
from ..store import Store
from .errors import WebError
from .svg import QUAD_NAMES

AGGREGATE_MODALITIES = ("asserted",)
# Private-use characters mark the matches in snippets: unlike [ and ], they never occur in news text.
MARK = ("\ue000", "\ue001")
# How much of each list the entity page shows (the counts say how many there are in all); the
# timeline draws the asserted events among the ENTITY_EVENTS latest.
ENTITY_LIST = 50
ENTITY_EVENTS = 200
# Co-actors drawn in an entity's network, the most connected first; more is unreadable at 640 px.
NETWORK_NODES = 24
# Characters of context shown on each side of a repair.
REPAIR_CONTEXT = 30
COUNTED = ("articles", "actors", "entities", "events", "quotes", "attributions", "places", "times")


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def entity_href(actor_id: str) -> str:
    return "/entities/" + quote(actor_id, safe="")


def not_found(kind: str, key: str) -> WebError:
    return WebError(404, "not_found", f"no {kind} {key!r}; the search page finds articles and actors")


def _actor(row) -> dict[str, Any]:
    data = row.to_dict()
    data["href"] = entity_href(row.id)
    return data


# --- overview -------------------------------------------------------------------------------------

def overview(store: Store, top: int = 20, dyads: int = 50) -> dict[str, Any]:
    counts = store.counts()
    latest = [{**a, "article_id": a["id"], "href": article_href(a["id"])} for a in store.list_articles(10)]
    return {
        "counts": {k: counts[k] for k in COUNTED},
        "top_actors": [_actor(a) for a in store.actors(limit=top)],
        "latest_articles": latest,
        "daily": store.events_per_day(modality=AGGREGATE_MODALITIES),
        "dyads": store.dyads(modality=AGGREGATE_MODALITIES, limit=dyads),
        "modality": list(AGGREGATE_MODALITIES),
        "quad_names": dict(QUAD_NAMES),
    }


# --- search ---------------------------------------------------------------------------------------

def snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """A snippet marked with MARK cut into plain and matched runs."""
    parts: list[dict[str, Any]] = []
    for i, chunk in enumerate(snippet.split(MARK[0])):
        match, _, rest = chunk.partition(MARK[1]) if i else ("", "", chunk)
        if match:
            parts.append({"text": match, "match": True})
        if rest:
            parts.append({"text": rest, "match": False})
    return parts


def search(store: Store, q: str = "", *, since: str | None = None, until: str | None = None,
           actor: str | None = None, type: str | None = None, country: str | None = None,
           page: int = 1, limit: int = 20) -> dict[str, Any]:
    filters = dict(since=since, until=until, actor_id=actor, event_type=type, country=country)
    total = store.count_filtered(q, **filters)
    hits = store.search_filtered(q, **filters, limit=limit, offset=(page - 1) * limit, highlight=MARK)
    named = store.actor(actor) if actor else None
    out = []
    for h in hits:
        parts = snippet_parts(h.snippet)
        plain = "".join(f"[{p['text']}]" if p["match"] else p["text"] for p in parts)
        out.append({**h.to_dict(), "snippet": plain, "parts": parts, "href": article_href(h.article_id)})
    return {
        "query": q,
        "filters": {"since": since, "until": until, "actor": actor, "actor_name": named.name if named else None,
                    "type": type, "country": country},
        "total": total, "page": page, "limit": limit, "pages": max(1, math.ceil(total / limit)),
        "hits": out,
    }


def search_choices(store: Store, actors: int = 200) -> dict[str, Any]:
    """What the search form offers: the most named actors (for the actor filter)."""
    return {"actors": [{"id": a.id, "name": a.name, "type": a.type} for a in store.actors(limit=actors)]}


# --- article --------------------------------------------------------------------------------------

def _repair(r: dict[str, Any], raw: str, text: str) -> dict[str, Any]:
    n = REPAIR_CONTEXT
    return {**r,
            "raw_context": [raw[max(0, r["raw_start"] - n):r["raw_start"]], r["raw_text"],
                            raw[r["raw_end"]:r["raw_end"] + n]],
            "clean_context": [text[max(0, r["start"] - n):r["start"]], r["text"], text[r["end"]:r["end"] + n]],
            "raw_chars": [f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in r["raw_text"]]}


def article(store: Store, article_id: str) -> dict[str, Any]:
    result = store.get(article_id)
    if result is None:
        raise not_found("article", article_id)
    doc = document(result)
    art = doc["article"]
    actors = store.entity_actors(art["id"])
    names = {e["id"]: e["name"] for e in doc["entities"]}
    places = {p["entity"]: p for p in doc["places"] if p.get("entity")}
    entities = [{**e, "actor_id": actors.get(e["id"]), "place": places.get(e["id"])} for e in doc["entities"]]
    quotes = [{**q, "speaker_name": names.get(q["speaker"]), "speaker_actor": actors.get(q["speaker"])}
              for q in doc["quotes"]]
    attributions = [{**a, "source_name": names.get(a["source"]), "source_actor": actors.get(a["source"])}
                    for a in doc["attributions"]]
    joined = {row.event.id: row.to_dict() for row in store.events(article_id=art["id"], limit=-1)}
    missing = dict.fromkeys(("published", "title", "actor_name", "target_name", "place_name", "reported_by_name",
                             "actor_actor", "target_actor"))
    events = [joined.get(v["id"]) or {**v, **missing, "article_id": art["id"]} for v in doc["events"]]
    meta = {k: art.get(k) for k in ("id", "title", "url", "source", "source_id", "published", "language",
                                    "dateline", "text", "raw", "headings")}
    meta["headings"] = meta["headings"] or []
    return {
        "article": meta,
        "repairs": [_repair(r, art["raw"], art["text"]) for r in art.get("repairs") or []],
        "entities": entities, "times": doc["times"], "places": doc["places"], "quotes": quotes,
        "attributions": attributions, "events": events, "errors": doc.get("errors") or [],
    }


# --- entity ---------------------------------------------------------------------------------------

def _network(store: Store, actor) -> dict[str, Any]:
    """The actor, its co-actors (most events first) and the events between any two of them."""
    touching = store.dyads(involving=actor.id, modality=AGGREGATE_MODALITIES, limit=1000)
    weight: dict[str, int] = {}
    names: dict[str, str] = {}
    for d in touching:
        other, name = (d["target"], d["target_name"]) if d["source"] == actor.id else (d["source"], d["source_name"])
        weight[other] = weight.get(other, 0) + d["count"]
        names[other] = name
    kept = sorted(weight, key=lambda i: (-weight[i], names[i]))[:NETWORK_NODES]
    edges = store.dyads(among=[actor.id, *kept], modality=AGGREGATE_MODALITIES, limit=1000) if kept else []
    return {
        "center": {"id": actor.id, "label": actor.name, "href": entity_href(actor.id)},
        "nodes": [{"id": i, "label": names[i], "href": entity_href(i)} for i in kept],
        "edges": [{"source": d["source"], "target": d["target"], "quad_class": d["quad_class"],
                   "count": d["count"], "label": f"{d['type'].lower()} ×{d['count']}"} for d in edges],
    }


def _event_label(e: dict[str, Any]) -> str:
    return f"{e.get('actor_name') or '?'} {e['type'].lower()} {e.get('target_name') or ''}".strip()


def entity(store: Store, actor_id: str) -> dict[str, Any]:
    actor = store.actor(actor_id)
    if actor is None:
        raise not_found("actor", actor_id)
    aid = actor.id
    articles = [{**a, "href": article_href(a["article_id"])} for a in store.actor_articles(aid, limit=ENTITY_LIST)]
    quotes = [{**q.to_dict(), "href": article_href(q.article_id)}
              for q in store.quotes(speaker_actor=aid, limit=ENTITY_LIST)]
    claims = [{**a.to_dict(), "href": article_href(a.article_id)}
              for a in store.attributions(source_actor=aid, limit=ENTITY_LIST)]
    events = [{**e.to_dict(), "href": article_href(e.article_id)}
              for e in store.events(actor_id=aid, limit=ENTITY_EVENTS)]
    counted = [e for e in events if e["modality"] in AGGREGATE_MODALITIES]
    return {
        "actor": _actor(actor),
        "articles": {"total": actor.n_articles, "items": articles},
        "quotes": {"total": store.count_quotes(speaker_actor=aid), "items": quotes},
        "attributions": {"total": store.count_attributions(source_actor=aid), "items": claims},
        "events": {"total": store.count_events(actor_id=aid), "items": events},
        "timeline": [{"date": e["date"], "quad_class": e["quad_class"], "label": _event_label(e), "href": e["href"]}
                     for e in counted if e["date"]],
        "network": _network(store, actor),
        "map": [{"lat": p["lat"], "lon": p["lon"], "label": p["name"], "count": p["count"],
                 "href": f"/search?actor={quote(aid)}&country={quote(p['country'])}" if p["country"] else None}
                for p in store.event_places(actor_id=aid, modality=AGGREGATE_MODALITIES)],
        "daily": store.events_per_day(actor_id=aid, modality=AGGREGATE_MODALITIES),
        "modality": list(AGGREGATE_MODALITIES),
    }
