"""Build newsgraph/web/data/world-110m.json, the country outlines of the web UI's map.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    /work/venv/bin/python tools/build_world_outline.py /tmp/package/countries-110m.json
    /work/venv/bin/python tools/build_world_outline.py /tmp/package/countries-110m.json --check

Input: countries-110m.json of the npm package world-atlas 2.0.2, a TopoJSON redistribution of
Natural Earth 4.1.0's Admin 0 countries at 1:110m (Natural Earth data is public domain; the
package is ISC-licensed). Only the data passes into our file; no code is taken from the package.

What this does, with the standard library only:
- decodes the TopoJSON: each arc is a list of quantized, delta-encoded points (x, y), which sum up
  and map to degrees by the file's transform; arc index ~i means arc i reversed; a ring is its arcs
  joined, each arc after the first without its first point (which repeats the last one);
- cuts rings that cross the antimeridian (Fiji, Russia, Antarctica in this file) into one ring per
  side, so that a flat map draws no line across the world; a ring that crosses an odd number of
  times goes round a pole (Antarctica) and is closed along the pole's edge of the map;
- rounds to 0.1 degree (0.22 px on an 800 px wide map), drops points that repeat after rounding and
  rings left with fewer than 3 points.

Output: JSON {"source", "licence", "format", "countries": [{"id", "name", "rings"}]}, where id is
the ISO 3166-1 numeric code as a string (null for N. Cyprus, Somaliland and Kosovo, which have
none) and each ring is a flat list [lon0, lat0, lon1, lat1, ...] in degrees.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "newsgraph" / "web" / "data" / "world-110m.json"

HEADER = {
    "source": "Natural Earth 4.1.0, Admin 0 countries, 1:110m (naturalearthdata.com), as redistributed "
              "in TopoJSON by the npm package world-atlas 2.0.2 (file countries-110m.json)",
    "licence": "Natural Earth data is in the public domain; world-atlas is ISC-licensed (data only taken)",
    "format": "countries: id = ISO 3166-1 numeric (null if none), name, rings = flat lists "
              "[lon, lat, lon, lat, ...] in degrees rounded to 0.1; antimeridian crossings cut; "
              "made by tools/build_world_outline.py",
}


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _side(lon: float) -> int:
    return 1 if lon > 0 else -1


def cut_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """One ring per side of the antimeridian (see the module docstring)."""
    if points and points[0] == points[-1]:
        points = points[:-1]
    n = len(points)
    jumps = [i for i in range(n) if abs(points[(i + 1) % n][0] - points[i][0]) > 180]
    if not jumps:
        return [points]
    start = jumps[0] + 1  # begin right after a crossing, so that pieces end at crossings
    pieces: list[list[tuple[float, float]]] = [[]]
    for k in range(n):
        p1 = points[(start + k) % n]
        p2 = points[(start + k + 1) % n]
        pieces[-1].append(p1)
        if abs(p2[0] - p1[0]) > 180:
            d1, d2 = 180 - abs(p1[0]), 180 - abs(p2[0])
            lat = p1[1] if d1 + d2 == 0 else p1[1] + (p2[1] - p1[1]) * d1 / (d1 + d2)
            if d1:
                pieces[-1].append((_side(p1[0]) * 180.0, lat))
            pieces.append([] if not d2 else [(_side(p2[0]) * 180.0, lat)])
    pieces = [p for p in pieces if p]
    by_side: dict[int, list[tuple[float, float]]] = {}
    for piece in pieces:
        by_side.setdefault(_side(sum(lon for lon, _ in piece)), []).extend(piece)
    rings = list(by_side.values())
    if len(jumps) % 2:  # round a pole: close along the map's top or bottom edge
        pole = 90.0 if sum(lat for _, lat in points) > 0 else -90.0
        for ring in rings:
            ring.extend([(ring[-1][0], pole), (ring[0][0], pole)])
    return rings


def rounded(points: list[tuple[float, float]]) -> list[float]:
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        p = (round(lon, 1), round(lat, 1))
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    if len(set(out)) < 3:
        return []
    return [v + 0.0 for p in out for v in p]  # + 0.0 turns -0.0 into 0.0


def build(topo: dict) -> dict:
    arcs = decode_arcs(topo)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            for ring in polygon:
                for part in cut_antimeridian(ring_points(ring, arcs)):
                    flat = rounded(part)
                    if flat:
                        rings.append(flat)
        if rings:
            countries.append({"id": geom.get("id"), "name": geom["properties"]["name"], "rings": rings})
    countries.sort(key=lambda c: c["name"])
    return {**HEADER, "countries": countries}


def dump(data: dict) -> str:
    head = {k: v for k, v in data.items() if k != "countries"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "countries": [']
    rows = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in data["countries"]]
    return "\n".join(lines) + "\n" + ",\n".join(rows) + "\n]}\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topojson", type=Path, help="countries-110m.json of world-atlas 2.0.2")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if --out differs from what would be built")
    args = ap.parse_args()
    text = dump(build(json.loads(args.topojson.read_text(encoding="utf-8"))))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'STALE'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(text):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
