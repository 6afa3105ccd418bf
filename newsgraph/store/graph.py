"""Events summed up across articles (`GraphReadMixin`): who does what to whom (dyads, an actor's
co-actors), events per day by QuadClass, where events happen, and which actor each entity of an
article is. These feed the web UI's overview and entity pages; every value is a parameter.

An event counts between two actors only when both its actor and its target resolve to cross-article
actors, and they differ. A symmetric event (met, talked) is counted under its pair in id order, so
`A met B` and `B met A` add up.
"""
from __future__ import annotations

import sqlite3
from typing import Any, Callable, Sequence

from ..errors import UsageError
from .events import MODALITIES

# SQLite limits the number of ? in one statement (999 before 3.32); an `among` list stays under it.
MAX_AMONG = 400
# An event date that starts with a day (2023-09-16, or an interval from one); weeks and months do not.
_DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"
_INVOLVING = ("(r.actor IN (SELECT id FROM entities WHERE actor_id = ?) "
              "OR r.target IN (SELECT id FROM entities WHERE actor_id = ?))")


def _modality_clause(modality: str | Sequence[str] | None) -> tuple[list[str], list[Any]]:
    if not modality:
        return [], []
    wanted = [modality] if isinstance(modality, str) else list(modality)
    unknown = [m for m in wanted if m not in MODALITIES]
    if unknown:
        raise UsageError(f"unknown modality {unknown[0]!r}; use one of {', '.join(MODALITIES)}")
    return [f"r.modality IN ({', '.join('?' * len(wanted))})"], wanted


def _event_clauses(modality: str | Sequence[str] | None, actor_id: str | None) -> tuple[list[str], list[Any]]:
    """The filters every summary shares: the modalities kept, and the events one actor takes part in."""
    clauses, params = _modality_clause(modality)
    if actor_id:
        clauses.append(_INVOLVING)
        params += [actor_id, actor_id]
    return clauses, params


class GraphReadMixin:
    """Methods of `Store` that sum events up across articles."""

    _conn: sqlite3.Connection
    _query: Callable[..., list[sqlite3.Row]]  # ReadMixin._query

    def dyads(self, *, involving: str | None = None, among: Sequence[str] | None = None,
              modality: str | Sequence[str] | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Actor pairs by event type, most events first: source, source_name, target, target_name,
        type, quad_class, symmetric, count. `involving` keeps the pairs one of whose sides is that
        actor id; `among` those whose both sides are in the list (at most MAX_AMONG ids); `modality`
        one value or several (default: every modality)."""
        clauses, params = _event_clauses(modality, involving)
        if among is not None:
            ids = list(dict.fromkeys(among))[:MAX_AMONG]
            if not ids:
                return []
            marks = ", ".join("?" * len(ids))
            clauses.append(f"e1.actor_id IN ({marks}) AND e2.actor_id IN ({marks})")
            params += ids + ids
        where = "".join(f" AND {c}" for c in clauses)
        swap = "r.symmetric AND e2.actor_id < e1.actor_id"
        rows = self._query(
            "SELECT d.source, s.name AS source_name, d.target, t.name AS target_name, d.type, d.quad_class, "
            "d.symmetric, d.n FROM ("
            f"SELECT CASE WHEN {swap} THEN e2.actor_id ELSE e1.actor_id END AS source, "
            f"CASE WHEN {swap} THEN e1.actor_id ELSE e2.actor_id END AS target, "
            "r.type, r.quad_class, r.symmetric, count(*) AS n FROM events r "
            "JOIN entities e1 ON e1.id = r.actor AND e1.article_id = r.article_id "
            "JOIN entities e2 ON e2.id = r.target AND e2.article_id = r.article_id "
            "WHERE e1.actor_id IS NOT NULL AND e2.actor_id IS NOT NULL AND e1.actor_id != e2.actor_id"
            f"{where} GROUP BY 1, 2, r.type, r.quad_class, r.symmetric) d "
            "JOIN actors s ON s.id = d.source JOIN actors t ON t.id = d.target "
            "ORDER BY d.n DESC, s.name, t.name, d.type, d.source, d.target LIMIT ?",
            (*params, limit))
        return [{"source": r["source"], "source_name": r["source_name"], "target": r["target"],
                 "target_name": r["target_name"], "type": r["type"], "quad_class": r["quad_class"],
                 "symmetric": bool(r["symmetric"]), "count": r["n"]} for r in rows]

    def events_per_day(self, *, actor_id: str | None = None,
                       modality: str | Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Events per event day and QuadClass, oldest day first: [{"date", "counts": {1: n, ..., 4: n}}]
        (every class present, 0 when none). Only events dated to a day count (not weeks or months)."""
        clauses, params = _event_clauses(modality, actor_id)
        where = "".join(f" AND {c}" for c in clauses)
        rows = self._query(
            "SELECT substr(r.date, 1, 10) AS day, r.quad_class, count(*) AS n FROM events r "
            f"WHERE r.date GLOB '{_DAY_GLOB}'{where} GROUP BY day, r.quad_class ORDER BY day", params)
        days: dict[str, dict[int, int]] = {}
        for r in rows:
            counts = days.setdefault(r["day"], {1: 0, 2: 0, 3: 0, 4: 0})
            if r["quad_class"] in counts:
                counts[r["quad_class"]] += r["n"]
        return [{"date": day, "counts": counts} for day, counts in days.items()]

    def event_places(self, *, actor_id: str | None = None, modality: str | Sequence[str] | None = None,
                     limit: int = 500) -> list[dict[str, Any]]:
        """Where events happen: one row per place with coordinates (name, country, lat, lon,
        gazetteer_id, count), most events first; `actor_id` keeps that actor's events."""
        clauses, params = _event_clauses(modality, actor_id)
        where = "".join(f" AND {c}" for c in clauses)
        rows = self._query(
            "SELECT p.name, p.country, p.lat, p.lon, p.gazetteer_id, count(*) AS n FROM events r "
            "JOIN places p ON p.id = r.place AND p.article_id = r.article_id "
            f"WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL{where} "
            "GROUP BY coalesce(p.gazetteer_id, p.name || '|' || p.lat || '|' || p.lon) "
            "ORDER BY n DESC, p.name LIMIT ?", (*params, limit))
        return [{"name": r["name"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
                 "gazetteer_id": r["gazetteer_id"], "count": r["n"]} for r in rows]

    def entity_actors(self, article_id: str) -> dict[str, str]:
        """The cross-article actor id of each entity of one article (entity id -> actor id)."""
        rows = self._query("SELECT id, actor_id FROM entities WHERE article_id = ? AND actor_id IS NOT NULL",
                           (article_id,))
        return {r["id"]: r["actor_id"] for r in rows}
