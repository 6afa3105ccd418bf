"""SVG charts of the web UI, drawn by our own Python: timeline, network, world_map, daily_bars.

Each function returns one self-contained <svg> element as a string, to be put in a page as it is:
viewBox, width and height, role="img" and an aria-label, class "ng-chart ng-<kind>" for CSS.
Labels come from news articles, so every piece of text is escaped (escape / quoteattr) and a link
is kept only if it is a relative URL starting with "/" (not "//"); anything else is dropped. There
are no scripts, no event handlers, no ids (several charts share a page) and no external references.

Colours: ColorBrewer's diverging RdBu scheme with 4 classes (rated colour-blind safe): blue for
cooperation, red for conflict; light for verbal, dark for material.
"""
from __future__ import annotations

import math
import re
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from newsgraph.web import geo

QUAD_COLOURS = {1: "#92c5de", 2: "#0571b0", 3: "#f4a582", 4: "#ca0020"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
_GREY, _INK, _MUTED = "#999999", "#333333", "#666666"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_CHAR = 6.2  # mean width of a character at font-size 11, to fit labels


def _n(v: float) -> str:
    s = f"{v:.1f}".removesuffix(".0")
    return "0" if s == "-0" else s


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0


def _text(v) -> str:
    return escape(_NOT_XML.sub("", str(v)))


def _attr(v) -> str:
    return quoteattr(_NOT_XML.sub("", str(v)))


def safe_href(href) -> str | None:
    """href if it is a relative URL of this site ("/..."), else None."""
    if not isinstance(href, str) or not href.startswith("/") or href.startswith("//"):
        return None
    if any(c in "\\<>\"'`" or ord(c) < 33 or ord(c) == 127 for c in href):
        return None
    return href


def _link(inner: str, href) -> str:
    h = safe_href(href)
    return f"<a href={_attr(h)}>{inner}</a>" if h else inner


def _colour(q: int) -> str:
    return QUAD_COLOURS.get(q, _GREY)


def _name(q: int) -> str:
    return QUAD_NAMES.get(q, "unknown class")


def _open(kind: str, width: int, height: int, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="ng-chart ng-{kind}" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label={_attr(label)} '
            f'font-family="sans-serif" font-size="11" fill="{_INK}">')


def _empty(kind: str, width, message: str) -> str:
    width = int(width)
    return (_open(kind, width, 40, message) + f'<text class="empty" x="{_n(width / 2)}" y="24" '
            f'text-anchor="middle" fill="{_MUTED}">{_text(message)}</text></svg>')


def _legend(x: float, y: float, width: float) -> str:
    out, x0 = ['<g class="legend">'], x
    for q, name in QUAD_NAMES.items():
        w = 16 + len(name) * _CHAR + 12
        if x + w > width and x > x0:
            x, y = x0, y + 16
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="10" height="10" fill="{_colour(q)}"/>'
                   f'<text x="{_n(x + 14)}" y="{_n(y + 9)}">{name}</text>')
        x += w
    return "".join(out) + "</g>"


def _day(v) -> date | None:
    try:
        return date.fromisoformat(str(v)[:10])
    except (TypeError, ValueError):
        return None


def _quad(v) -> int:
    try:
        q = int(v)
    except (TypeError, ValueError):
        return 0
    return q if q in QUAD_NAMES else 0


def _count(v, default: int = 1) -> int:
    try:
        n = int(v)
    except (TypeError, ValueError):
        return default
    return max(n, 0)


def _add_months(d: date, n: int) -> date:
    m = d.year * 12 + d.month - 1 + n
    return date(m // 12, m % 12 + 1, 1)


def _ticks(d0: date, d1: date, room: float) -> list[tuple[date, str]]:
    """Date ticks in [d0, d1], at most one per 75 units of room: by day, week, month or year."""
    most = max(2, int(room // 75))
    for step in (1, 2, 7, 14):
        first = d0 if step < 7 else d0 + timedelta(days=(7 - d0.weekday()) % 7)  # weeks: Mondays
        if (d1 - first).days // step + 1 <= most:
            ts = [first + timedelta(days=i) for i in range(0, (d1 - first).days + 1, step)]
            return [(t, f"{t.day} {_MONTHS[t.month - 1]}" + (f" {t.year}" if i == 0 else ""))
                    for i, t in enumerate(ts)]
    for step in (1, 2, 3, 6, 12, 24, 60, 120, 240):
        t = _add_months(d0, 0 if d0.day == 1 else 1)
        while (t.month - 1) % min(step, 12) or (step > 12 and t.year % (step // 12)):
            t = _add_months(t, 1)
        ts = []
        while t <= d1:
            ts.append(t)
            t = _add_months(t, step)
        if len(ts) <= most or step == 240:
            return [(t, str(t.year) if step >= 12 else f"{_MONTHS[t.month - 1]} {t.year}") for t in ts]
    return []  # not reached


def _x_axis(ticks, x, y: float, left: float, right: float) -> str:
    out = [f'<g class="axis" stroke="{_MUTED}"><line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}"/>']
    for t, label in ticks:
        out.append(f'<line x1="{_n(x(t))}" y1="{_n(y)}" x2="{_n(x(t))}" y2="{_n(y + 4)}"/>'
                   f'<text x="{_n(x(t))}" y="{_n(y + 15)}" text-anchor="middle" stroke="none" '
                   f'fill="{_INK}">{_text(label)}</text>')
    return "".join(out) + "</g>"


def timeline(events, width=800, height=180) -> str:
    """One marker per dated event on a date axis, stacked per day, coloured by QuadClass."""
    width, height = int(width), int(height)
    dated = []
    for e in events or []:
        d = _day(e.get("date"))
        if d:
            dated.append((d, _quad(e.get("quad_class")), str(e.get("label") or ""), e.get("href")))
    if not dated:
        return _empty("timeline", width, "no dated events")
    dated.sort(key=lambda t: (t[0], t[1], t[2]))
    d0, d1 = dated[0][0], dated[-1][0]
    left, right, top, base, r = 30, width - 30, 34, height - 34, 5.0
    span = (d1 - d0).days + 1

    def x(d: date) -> float:
        return left + ((d - d0).days + 0.5) * (right - left) / span

    per_day: dict[date, int] = {}
    for d, _, _, _ in dated:
        per_day[d] = per_day.get(d, 0) + 1
    out = [_open("timeline", width, height, f"Timeline of {len(dated)} dated events, {d0} to {d1}"),
           _legend(left, 6, width - 10), _x_axis(_ticks(d0, d1, right - left), x, base, left, right),
           '<g class="events" stroke="#ffffff" stroke-width="0.8">']
    stacked: dict[date, int] = {}
    for d, q, label, href in dated:
        i = stacked[d] = stacked.get(d, -1) + 1
        step = min(2 * r + 1, (base - top - 2 * r) / max(per_day[d] - 1, 1))
        marker = (f'<circle class="event q{q}" cx="{_n(x(d))}" cy="{_n(base - r - 2 - i * step)}" r="{_n(r)}" '
                  f'fill="{_colour(q)}"><title>{_text(f"{d} · {_name(q)}: {label}")}</title></circle>')
        out.append(_link(marker, href))
    return "".join(out) + "</g></svg>"


def network(center, nodes, edges, width=640, height=420) -> str:
    """The center actor, its co-actors in two sorted columns on an ellipse, one curve per edge."""
    width, height = int(width), int(height)
    cid, clabel = str(center.get("id")), str(center.get("label") or center.get("id"))
    by_id: dict[str, dict] = {}
    for node in nodes or []:
        nid = str(node.get("id"))
        if nid != cid and nid not in by_id:
            by_id[nid] = node
    if not by_id:
        return _empty("network", width, "no co-actors")
    label = {nid: str(n.get("label") or nid) for nid, n in by_id.items()} | {cid: clabel}
    order = sorted(by_id, key=lambda nid: (label[nid].casefold(), nid))
    cx, cy, rx, ry = width / 2, 28 + (height - 28) / 2, width * 0.25, (height - 28) / 2 - 14
    pos, side_of = {cid: (cx, cy)}, {}
    half = (len(order) + 1) // 2
    for side, column in ((-1, order[:half]), (1, order[half:])):  # left column first: reading order
        gap = min(56.0, 1.84 * ry / max(len(column) - 1, 1))
        for i, nid in enumerate(column):
            t = (i - (len(column) - 1) / 2) * gap / ry
            pos[nid], side_of[nid] = (cx + side * rx * math.sqrt(max(0.0, 1 - t * t)), cy + t * ry), side
    pairs: dict[tuple[str, str], list] = {}
    for e in edges or []:
        s, t = str(e.get("source")), str(e.get("target"))
        if s in pos and t in pos and s != t:
            pairs.setdefault(tuple(sorted((s, t))), []).append(
                (_quad(e.get("quad_class")), s, t, _count(e.get("count")), str(e.get("label") or "")))
    most = max((c for group in pairs.values() for _, _, _, c, _ in group), default=1) or 1
    drawn = []
    for (a, b), group in sorted(pairs.items()):
        group.sort()
        (ax, ay), (bx, by) = pos[a], pos[b]
        length = math.hypot(bx - ax, by - ay)
        nx, ny = -(by - ay) / length, (bx - ax) / length
        for i, (q, s, t, count, text) in enumerate(group):
            off = (i - (len(group) - 1) / 2) * 12 * 2  # a quadratic curve's apex is half its control's offset
            (sx, sy), (tx, ty) = pos[s], pos[t]
            qx, qy = (ax + bx) / 2 + nx * off, (ay + by) / 2 + ny * off
            w = 1.5 + 4.5 * math.sqrt(count / most)
            rs, rt = (11 if s == cid else 6) + 1, (11 if t == cid else 6) + 1
            us, ut = math.hypot(qx - sx, qy - sy), math.hypot(tx - qx, ty - qy)
            ux, uy = (tx - qx) / ut, (ty - qy) / ut
            tipx, tipy, al, aw = tx - ux * rt, ty - uy * rt, 5 + w, 2.5 + w / 2
            bx_, by_ = tipx - ux * al, tipy - uy * al
            title = f"{label[s]} → {label[t]}: {_name(q)}, {count} event{'s' if count != 1 else ''}"
            drawn.append((-count, (
                f'<g class="edge q{q}"><title>{_text(title + (f" ({text})" if text else ""))}</title>'
                f'<path d="M{_n(sx + (qx - sx) / us * rs)} {_n(sy + (qy - sy) / us * rs)}Q{_n(qx)} {_n(qy)} '
                f'{_n(bx_)} {_n(by_)}" fill="none" stroke="{_colour(q)}" stroke-width="{_n(w)}" '
                f'stroke-opacity="0.85"/><polygon points="{_n(tipx)},{_n(tipy)} {_n(bx_ - uy * aw)},'
                f'{_n(by_ + ux * aw)} {_n(bx_ + uy * aw)},{_n(by_ - ux * aw)}" fill="{_colour(q)}"/></g>')))
    drawn.sort(key=lambda d: d[0])  # thick first, thin on top
    out = [_open("network", width, height, f"Network of {clabel}: {len(order)} co-actors, {len(drawn)} links"),
           _legend(10, 6, width - 10), '<g class="edges">', *(svg for _, svg in drawn), '</g><g class="nodes">']
    for nid in order:
        (x, y), side = pos[nid], side_of[nid]
        room = (x - 9 - 4) if side < 0 else (width - x - 9 - 4)
        short = label[nid] if len(label[nid]) * _CHAR <= room else label[nid][:max(1, int(room / _CHAR) - 1)] + "…"
        node = (f'<g class="node"><title>{_text(label[nid])}</title><circle cx="{_n(x)}" cy="{_n(y)}" r="6" '
                f'fill="#ffffff" stroke="{_INK}" stroke-width="1.5"/><text x="{_n(x + side * 9)}" y="{_n(y + 4)}" '
                f'text-anchor="{"end" if side < 0 else "start"}">{_text(short)}</text></g>')
        out.append(_link(node, by_id[nid].get("href")))
    centre = (f'<g class="node center"><title>{_text(clabel)}</title><circle cx="{_n(cx)}" cy="{_n(cy)}" r="11" '
              f'fill="{_INK}"/><text x="{_n(cx)}" y="{_n(cy + 25)}" text-anchor="middle" font-weight="bold" '
              f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{_text(clabel)}</text></g>')
    return "".join(out) + _link(centre, center.get("href")) + "</g></svg>"


def world_map(points, width=800, height=400) -> str:
    """Country outlines (Natural Earth, equirectangular: see geo.py) and a circle per place, by count."""
    width, height = int(width), int(height)
    places = []
    for p in points or []:
        try:
            lat, lon = float(p.get("lat")), float(p.get("lon"))
        except (TypeError, ValueError):
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:  # also drops NaN
            places.append((_count(p.get("count")), str(p.get("label") or ""), lat, lon, p.get("href")))
    if not places:
        return _empty("map", width, "no places with coordinates")
    k = min(width / 360, (height - 16) / 180)
    x0 = (width - 360 * k) / 2
    out = [_open("map", width, height, f"World map of {len(places)} places"),
           f'<rect class="ocean" x="{_n(x0)}" y="0" width="{_n(360 * k)}" height="{_n(180 * k)}" fill="#eef3f7"/>',
           '<g class="countries" fill="#dddddd" stroke="#ffffff" stroke-width="0.5" fill-rule="evenodd">']
    out += [f'<path d="{d}"><title>{_text(name)}</title></path>' for name, d in geo.outline_paths(k, x0, 0.0)]
    out.append('</g><g class="places" fill="#7b3294" fill-opacity="0.6" stroke="#ffffff" stroke-width="0.8">')
    most = max(c for c, *_ in places) or 1
    for count, label, lat, lon, href in sorted(places, key=lambda p: (-p[0], p[1], p[2], p[3])):
        x, y = geo.project(lon, lat, k, x0, 0.0)
        r = (2.5 + 10 * math.sqrt(count / most)) * k / 2.2
        out.append(_link(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"><title>{_text(f"{label}: {count}")}'
                         f'</title></circle>', href))
    out.append(f'</g><text class="credit" x="{_n(width - x0)}" y="{height - 4}" text-anchor="end" '
               f'font-size="9" fill="{_MUTED}">Outlines: Natural Earth (public domain)</text></svg>')
    return "".join(out)


def _nice_step(top: float, most: int = 5) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that divides 0..top into at most `most` steps."""
    power = 1
    while True:
        for m in (1, 2, 5):
            if top / (m * power) <= most:
                return m * power
        power *= 10


def daily_bars(days, width=800, height=200) -> str:
    """Stacked bars by QuadClass per day on a continuous date axis; by week or month if long."""
    width, height = int(width), int(height)
    per_day: dict[date, dict[int, int]] = {}
    for row in days or []:
        d = _day(row.get("date"))
        for q, n in ((row.get("counts") or {}).items() if d else ()):
            if _quad(q) and _count(n, 0):
                per_day.setdefault(d, {}).setdefault(_quad(q), 0)
                per_day[d][_quad(q)] += _count(n, 0)
    if not per_day:
        return _empty("bars", width, "no dated events")
    first, last = min(per_day), max(per_day)
    n_days = (last - first).days + 1
    if n_days <= 120:
        unit, start, after = "day", (lambda d: d), (lambda d: d + timedelta(days=1))
    elif n_days <= 7 * 120:
        unit, start, after = "week", (lambda d: d - timedelta(days=d.weekday())), (lambda d: d + timedelta(days=7))
    else:
        unit, start, after = "month", (lambda d: d.replace(day=1)), (lambda d: _add_months(d, 1))
    bins: dict[date, dict[int, int]] = {}
    for d, counts in per_day.items():
        for q, n in counts.items():
            bins.setdefault(start(d), {}).setdefault(q, 0)
            bins[start(d)][q] += n
    b0, b1 = start(first), after(start(last))
    left, right, top, base = 44, width - 14, 30, height - 36
    span = (b1 - b0).days

    def x(d: date) -> float:
        return left + (d - b0).days * (right - left) / span

    step = _nice_step(max(sum(c.values()) for c in bins.values()))
    ytop = -(-max(sum(c.values()) for c in bins.values()) // step) * step
    scale = (base - top) / ytop
    caption = {"day": "events per day", "week": "events per week (weeks start on Monday)",
               "month": "events per month"}[unit]
    out = [_open("bars", width, height, f"{caption.capitalize()}, {first} to {last}"),
           _legend(left, 6, width - 10), '<g class="y-axis" stroke="#e4e4e4">']
    for v in range(0, ytop + 1, step):
        y = base - v * scale
        out.append(f'<line x1="{left}" y1="{_n(y)}" x2="{right}" y2="{_n(y)}"/><text x="{left - 5}" '
                   f'y="{_n(y + 4)}" text-anchor="end" stroke="none" fill="{_INK}">{v}</text>')
    out.append('</g><g class="bars">')
    for b, counts in sorted(bins.items()):
        slot = x(after(b)) - x(b)
        w = slot * 0.8 if slot >= 3 else slot
        when = {"day": str(b), "week": f"week of {b}", "month": f"{_MONTHS[b.month - 1]} {b.year}"}[unit]
        y = base
        for q in sorted(counts):
            h = counts[q] * scale
            y -= h
            out.append(f'<rect class="q{q}" x="{_n(x(b) + (slot - w) / 2)}" y="{_n(y)}" width="{_n(w)}" '
                       f'height="{_n(h)}" fill="{_colour(q)}"><title>{_text(f"{when}: {counts[q]} {_name(q)}")}'
                       f'</title></rect>')
    at = (lambda d: x(d) + (right - left) / span / 2) if unit == "day" else x  # day ticks: mid-bar
    out.append("</g>" + _x_axis(_ticks(b0, b1 - timedelta(days=1), right - left), at, base, left, right))
    out.append(f'<text class="caption" x="{left}" y="{height - 4}" fill="{_MUTED}">{caption}</text></svg>')
    return "".join(out)
