"""The web UI's SVG charts (newsgraph/web/svg.py): well-formed, accessible, escaped, and right."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources

import pytest

from newsgraph.web import geo, svg

NS = "{http://www.w3.org/2000/svg}"
EVIL = 'Bad <script>alert("x")</script> & "co"'


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == NS + "svg"
    w, h = int(root.get("width")), int(root.get("height"))
    assert root.get("viewBox") == f"0 0 {w} {h}"
    assert root.get("role") == "img" and root.get("aria-label")
    assert "ng-chart" in root.get("class").split()
    assert root.get("font-family") == "sans-serif"
    return root


def all_of(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(NS + tag))


def check_safe(text: str) -> None:
    """No script, no event handler, no external reference, nothing unescaped."""
    root = parse(text)
    assert "<script" not in text and "javascript:" not in text
    for el in root.iter():
        assert el.tag != NS + "script" and el.tag != NS + "foreignObject"
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on")
            if name in ("href", "{http://www.w3.org/1999/xlink}href"):
                assert value.startswith("/") and not value.startswith("//")
            assert "url(" not in value


def events():
    return [
        {"date": "2024-03-01", "quad_class": 1, "label": "talks", "href": "/events/1"},
        {"date": "2024-03-20", "quad_class": 4, "label": "strike", "href": "/events/2"},
        {"date": "2024-03-20", "quad_class": 3, "label": EVIL, "href": "javascript:alert(1)"},
        {"date": None, "quad_class": 2, "label": "undated", "href": "/events/4"},
        {"date": "", "quad_class": 2, "label": "undated too", "href": None},
    ]


def network_input():
    center = {"id": "a0", "label": "Russia"}
    nodes = [{"id": f"a{i}", "label": f"Actor {i:02d}", "href": f"/actors/a{i}"} for i in range(1, 26)]
    nodes.append({"id": "a99", "label": EVIL, "href": "javascript:alert(1)"})
    edges = [{"source": "a0", "target": f"a{i}", "quad_class": 1 + i % 4, "count": i, "label": "x"} for i in range(1, 26)]
    edges += [{"source": "a3", "target": "a0", "quad_class": q, "count": 2, "label": "back"} for q in (1, 4)]
    edges.append({"source": "a99", "target": "a0", "quad_class": 3, "count": 1, "label": EVIL})
    edges.append({"source": "a1", "target": "nobody", "quad_class": 3, "count": 1, "label": "dropped"})
    return center, nodes, edges


def points():
    return [
        {"lat": 50.45, "lon": 30.52, "label": "Kyiv", "count": 12, "href": "/places/kyiv"},
        {"lat": 38.9, "lon": -77.04, "label": EVIL, "count": 3, "href": "javascript:alert(1)"},
        {"lat": -33.87, "lon": 151.2, "label": "Sydney", "count": 1, "href": None},
        {"lat": None, "lon": 10.0, "label": "nowhere", "count": 5, "href": "/places/x"},
        {"lat": "", "lon": "", "label": "nowhere either", "count": 5, "href": None},
        {"label": "no keys at all", "count": 1},
    ]


def days():
    return [
        {"date": "2024-03-01", "counts": {1: 2, 2: 0, 3: 1, 4: 1}},
        {"date": "2024-03-02", "counts": {1: 4, 2: 2, 3: 1, 4: 1}},
        {"date": "2024-03-05", "counts": {"4": 2}},
    ]


def test_constants():
    assert set(svg.QUAD_COLOURS) == set(svg.QUAD_NAMES) == {1, 2, 3, 4}
    assert svg.QUAD_NAMES[1] == "verbal cooperation" and svg.QUAD_NAMES[4] == "material conflict"
    assert len(set(svg.QUAD_COLOURS.values())) == 4


@pytest.mark.parametrize("href, kept", [
    ("/events/1", True), ("/actors/a?x=1&y=2", True), ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False), ("//evil.example/x", False), ("/\\evil.example", False),
    ("https://example.org/", False), ("data:text/html,x", False), ("/a b", False), ('/a"onclick=x', False),
    ("", False), (None, False), (42, False),
])
def test_safe_href(href, kept):
    assert svg.safe_href(href) == (href if kept else None)


def test_timeline():
    text = svg.timeline(events())
    check_safe(text)
    root = parse(text)
    circles = all_of(root, "circle")
    assert len(circles) == 3  # undated ones ignored
    by_title = {c.find(NS + "title").text: c for c in circles}
    first = next(c for t, c in by_title.items() if "talks" in t)
    later = [c for t, c in by_title.items() if "2024-03-20" in t]
    assert all(float(c.get("cx")) > float(first.get("cx")) for c in later)
    # two on one day: same x, stacked
    assert later[0].get("cx") == later[1].get("cx") and later[0].get("cy") != later[1].get("cy")
    assert {c.get("fill") for c in later} == {svg.QUAD_COLOURS[3], svg.QUAD_COLOURS[4]}
    # links: kept for /..., dropped for javascript:
    links = [a.get("href") for a in all_of(root, "a")]
    assert sorted(links) == ["/events/1", "/events/2"]
    # escaping: the text survives parsing as text, and the raw markup never appears
    assert any(EVIL in t for t in by_title)
    assert "&lt;script&gt;" in text and "&amp;" in text
    # tick labels and the legend are there
    labels = [t.text for t in all_of(root, "text")]
    assert set(svg.QUAD_NAMES.values()) <= set(labels)
    assert any("Mar" in (t or "") for t in labels)


def test_timeline_ticks_by_span():
    one_year = svg.timeline([{"date": "2023-01-05", "quad_class": 1, "label": "a"},
                             {"date": "2023-12-20", "quad_class": 2, "label": "b"}])
    labels = [t.text for t in all_of(parse(one_year), "text")]
    assert any(label and label.endswith("2023") and label[:3] in ("Feb", "Mar", "Apr") for label in labels)
    ten_days = svg.timeline([{"date": "2023-01-05", "quad_class": 1, "label": "a"},
                             {"date": "2023-01-15", "quad_class": 2, "label": "b"}])
    labels = [t.text for t in all_of(parse(ten_days), "text")]
    assert "5 Jan 2023" in labels and "7 Jan" in labels  # 11 days in 740 units: every other day


def test_network():
    center, nodes, edges = network_input()
    text = svg.network(center, nodes, edges)
    check_safe(text)
    assert text == svg.network(center, list(reversed(nodes)), edges)  # deterministic, order-free nodes
    root = parse(text)
    edge_groups = [g for g in all_of(root, "g") if "edge" in (g.get("class") or "").split()]
    assert len(edge_groups) == 25 + 2 + 1  # the edge to an unknown node is dropped
    node_groups = [g for g in all_of(root, "g") if "node" in (g.get("class") or "").split()]
    assert len(node_groups) == 26 + 1
    for g in edge_groups + node_groups:
        assert g.find(NS + "title") is not None
    # the two edges a3 -> a0 differ in quad class and are drawn apart
    back = [g.find(NS + "path").get("d") for g in edge_groups if "Actor 03 → Russia" in g.find(NS + "title").text]
    assert len(back) == 2 and back[0] != back[1]
    # width by count
    widths = {g.find(NS + "title").text: float(g.find(NS + "path").get("stroke-width")) for g in edge_groups}
    assert widths["Russia → Actor 25: material cooperation, 25 events (x)"] > widths["Russia → Actor 01: material cooperation, 1 event (x)"]
    # escaped; the bad href dropped, the good ones kept
    assert any(EVIL in (t.text or "") for t in all_of(root, "title"))
    assert "<script>" not in text
    assert sorted(a.get("href") for a in all_of(root, "a")) == sorted(f"/actors/a{i}" for i in range(1, 26))


def test_network_labels_do_not_overlap():
    center, nodes, edges = network_input()
    root = parse(svg.network(center, nodes[:25], edges))
    boxes = []
    for g in all_of(root, "g"):
        if g.get("class") == "node":
            t = g.find(NS + "text")
            x, y, n = float(t.get("x")), float(t.get("y")), len(t.text)
            x0 = x - n * 6.2 if t.get("text-anchor") == "end" else x
            boxes.append((x0, y - 11, x0 + n * 6.2, y + 2))
            assert 0 <= x0 and x0 + n * 6.2 <= 640
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_world_map():
    text = svg.world_map(points())
    check_safe(text)
    root = parse(text)
    assert len(all_of(root, "path")) > 150  # one per country
    circles = all_of(root, "circle")
    assert len(circles) == 3  # the three with coordinates
    kyiv = next(c for c in circles if c.find(NS + "title").text.startswith("Kyiv"))
    sydney = next(c for c in circles if c.find(NS + "title").text.startswith("Sydney"))
    assert float(kyiv.get("r")) > float(sydney.get("r"))
    assert float(sydney.get("cx")) > float(kyiv.get("cx")) and float(sydney.get("cy")) > float(kyiv.get("cy"))
    assert "Outlines: Natural Earth (public domain)" in [t.text for t in all_of(root, "text")]
    assert [a.get("href") for a in all_of(root, "a")] == ["/places/kyiv"]


def test_projection_and_outline_data():
    assert geo.project(-180, 90, 2) == (0, 0) and geo.project(180, -90, 2) == (720, 360)
    data = json.loads((resources.files("newsgraph.web") / "data" / geo.DATA_FILE).read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    assert len(data["countries"]) > 150
    for c in data["countries"]:
        for ring in c["rings"]:
            lons = ring[0::2]
            assert len(ring) >= 6 and all(-180 <= v <= 180 for v in lons)
            # cut at the antimeridian: no edge across the map (Antarctica's closing edge runs along the pole)
            if c["name"] != "Antarctica":
                assert all(abs(a - b) < 180 for a, b in zip(lons, lons[1:]))


def test_daily_bars():
    text = svg.daily_bars(days())
    check_safe(text)
    root = parse(text)
    rects = [r for r in all_of(root, "rect") if (r.get("class") or "").startswith("q")]
    assert len(rects) == 3 + 4 + 1  # zero counts draw nothing
    height_of: dict[str, float] = {}
    x_of: dict[str, float] = {}
    for r in rects:
        day = r.find(NS + "title").text[:10]
        height_of[day] = height_of.get(day, 0) + float(r.get("height"))
        x_of[day] = float(r.get("x"))
    totals = {"2024-03-01": 4, "2024-03-02": 8, "2024-03-05": 2}
    per_event = height_of["2024-03-02"] / 8
    for day, total in totals.items():
        assert height_of[day] == pytest.approx(total * per_event, abs=0.2)
    # stacked: the segments of a day touch, one on top of the other
    segs = sorted((float(r.get("y")), float(r.get("height"))) for r in rects if r.find(NS + "title").text.startswith("2024-03-02"))
    for (y1, h1), (y2, _) in zip(segs, segs[1:]):
        assert y1 + h1 == pytest.approx(y2, abs=0.15)
    # a continuous date axis: the gap of 3 and 4 March is kept
    step = x_of["2024-03-02"] - x_of["2024-03-01"]
    assert x_of["2024-03-05"] - x_of["2024-03-02"] == pytest.approx(3 * step, abs=0.2)
    assert "events per day" in [t.text for t in all_of(root, "text")]


def test_daily_bars_bins_long_spans():
    weekly = [{"date": f"2024-{m:02d}-10", "counts": {1: 1}} for m in range(1, 10)]
    assert "events per week" in svg.daily_bars(weekly)
    monthly = [{"date": f"{y}-06-01", "counts": {2: 3}} for y in (2021, 2022, 2023, 2024)]
    text = svg.daily_bars(monthly)
    parse(text)
    assert "events per month" in text and "Jun 2022" in text


@pytest.mark.parametrize("text, message", [
    (svg.timeline([]), "no dated events"),
    (svg.timeline([{"date": None, "quad_class": 1, "label": "x"}]), "no dated events"),
    (svg.daily_bars([]), "no dated events"),
    (svg.network({"id": "a", "label": "A"}, [], []), "no co-actors"),
    (svg.world_map([]), "no places with coordinates"),
    (svg.world_map([{"lat": None, "lon": None, "label": "x", "count": 1}]), "no places with coordinates"),
])
def test_empty_states(text, message):
    root = parse(text)
    assert [t.text for t in all_of(root, "text")] == [message]
    assert len(text) < 400


def _outline_tool():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "tools" / "build_world_outline.py"
    spec = importlib.util.spec_from_file_location("build_world_outline", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outline_tool_decodes_topojson():
    tool = _outline_tool()
    topo = {  # quantized, delta-encoded: scale 1 degree, origin (-180, -90)
        "transform": {"scale": [1, 1], "translate": [-180, -90]},
        "arcs": [[[190, 100], [10, 0], [0, 10]], [[200, 110], [-10, 0], [0, -10]],
                 [[355, 120], [3, 0]], [[358, 120], [-356, 5]], [[2, 125], [0, -5], [-2, 0]],  # crosses 180
                 [[0, 5], [360, 0]], [[360, 5], [-360, 0]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "001", "properties": {"name": "Square"}, "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "002", "properties": {"name": "Reversed"}, "arcs": [[~1, ~0]]},
            {"type": "MultiPolygon", "id": "003", "properties": {"name": "Straddle"}, "arcs": [[[2, 3, 4]]]},
        ]}},
    }
    out = {c["name"]: c["rings"] for c in tool.build(topo)["countries"]}
    assert out["Square"] == [[10.0, 10.0, 20.0, 10.0, 20.0, 20.0, 10.0, 20.0]]
    assert out["Reversed"] == [[10.0, 10.0, 10.0, 20.0, 20.0, 20.0, 20.0, 10.0]]  # the same ring, the other way round
    east, west = sorted(out["Straddle"], key=lambda r: -r[0])
    assert min(east[0::2]) >= 175 and max(east[0::2]) == 180
    assert max(west[0::2]) <= -175 and min(west[0::2]) == -180
    ring = [(-180.0, -80.0), (0.0, -70.0), (180.0, -80.0), (-180.0, -80.0)]  # round the south pole
    (polar,) = tool.cut_antimeridian(ring)
    assert polar[-2:] == [(180.0, -90.0), (-180.0, -90.0)]


def test_hostile_text_everywhere_stays_well_formed():
    nasty = EVIL + "\x00\x0b\x1f\ud800 ' \n]]> <!-- -->"
    charts = [
        svg.timeline([{"date": "2024-01-01", "quad_class": 9, "label": nasty, "href": "/e/1\x00"}]),
        svg.network({"id": nasty, "label": nasty, "href": "javascript:x"},
                    [{"id": "b", "label": nasty, "href": "/a/b"}],
                    [{"source": nasty, "target": "b", "quad_class": "4", "count": "7", "label": nasty}]),
        svg.world_map([{"lat": "10", "lon": "20", "label": nasty, "count": None, "href": nasty},
                       {"lat": float("nan"), "lon": 0, "label": "nan", "count": 1, "href": None}]),
        svg.daily_bars([{"date": "2024-01-01", "counts": {"1": "3", "x": 5, 7: 1, 2: -4}}]),
    ]
    for text in charts:
        check_safe(text)
        assert "<script" not in text and "<!--" not in text
    assert "Bad" in parse(charts[1]).get("aria-label")  # the centre's label, escaped in the attribute
    assert len(all_of(parse(charts[2]), "circle")) == 1
    assert len([r for r in all_of(parse(charts[3]), "rect") if r.get("class") == "q1"]) == 1
