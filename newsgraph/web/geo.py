"""Country outlines and the map projection used by svg.world_map.

The outlines are Natural Earth's 1:110m Admin 0 countries (public domain), converted by
tools/build_world_outline.py into data/world-110m.json (see data/README.md), read once and cached.

Projection: equirectangular (plate carree): x grows with longitude, y with minus latitude, one
scale k for both, so the whole world is a 360k x 180k box whose top-left corner is (x0, y0). It is
the simplest honest choice for a small overview map: straight graticule, every point easy to check,
no distortion of longitudes; areas near the poles look larger than they are.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

DATA_FILE = "world-110m.json"


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, tuple[tuple[float, ...], ...]], ...]:
    """(name, rings) per country; each ring a flat tuple lon0, lat0, lon1, lat1, ... in degrees."""
    text = (resources.files("newsgraph.web") / "data" / DATA_FILE).read_text(encoding="utf-8")
    return tuple((c["name"], tuple(tuple(r) for r in c["rings"])) for c in json.loads(text)["countries"])


def project(lon: float, lat: float, k: float, x0: float = 0.0, y0: float = 0.0) -> tuple[float, float]:
    """Equirectangular: (lon, lat) in degrees to (x, y) in the SVG's user units."""
    return x0 + (lon + 180.0) * k, y0 + (90.0 - lat) * k


def _num(tenths: int) -> str:
    s = f"{tenths / 10:.1f}".removesuffix(".0")
    return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s


def _path(ring: tuple[float, ...], k: float, x0: float, y0: float) -> str:
    """A closed SVG subpath: absolute start, then relative steps in tenths of a unit (exact sums)."""
    pts = [project(ring[i], ring[i + 1], k, x0, y0) for i in range(0, len(ring), 2)]
    tenths = [(round(x * 10), round(y * 10)) for x, y in pts]
    out = [f"M{_num(tenths[0][0])} {_num(tenths[0][1])}l"]
    for (ax, ay), (bx, by) in zip(tenths, tenths[1:]):
        if (ax, ay) != (bx, by):
            for v in (_num(bx - ax), _num(by - ay)):
                out.append(v if v.startswith("-") or out[-1].endswith("l") else " " + v)
    return "".join(out) + "z"


@lru_cache(maxsize=8)
def outline_paths(k: float, x0: float, y0: float) -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) for every country, projected with scale k from corner (x0, y0)."""
    return tuple((name, "".join(_path(r, k, x0, y0) for r in rings)) for name, rings in countries())
