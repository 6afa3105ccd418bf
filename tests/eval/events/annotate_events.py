"""Turn a human-written event spec into gold JSON (finds every span, computes offsets, checks codes).

Usage (from the repository root, with the project installed):
    python tests/eval/events/annotate_events.py tests/eval/events/specs/*.spec --out tests/eval/events/gold
    python tests/eval/events/annotate_events.py SPEC --show        # print every event back, span by span

A spec holds no article text beyond the short strings needed to find spans.  Header lines:

    file: examples/05-black-sea-grain-deal.txt     (or shared:corpus/seed/kim-vladivostok.txt)
    split: dev                                     (dev, heldout or seed)
    published: 2023-09-16                          (only when the file has no sidecar date)
    offsets-only: yes                              (news text: store offsets only, no *_text keys)

Event lines (one event a line; '#' at the start of a line, or after a space, starts a comment):

    E <context with {trigger}> | TYPE[/mode] CAMEO[~] | key=value | key=value ...

* The context is a piece of the article text with the trigger in braces, e.g.
  `Ms. Pelosi arrived in Taipei late on Tuesday and {met} President Tsai`.  Without the braces it
  must occur exactly once in the text, or start with '@N ' to take its N-th occurrence (1-based).
* TYPE is a PLOVER event type, mode a PLOVER mode of that type (from the codebook; omitted = null),
  CAMEO a code of ontology/cameo_codes.tsv.  The tool warns when the code's crosswalk row names
  another PLOVER type; a trailing '~' on the code marks a deliberate departure (an issue rule that
  overrides the crosswalk, e.g. lifting a curfew is CONCEDE) and silences the warning.
* Keys (all optional): a= actor, t= target, by= reported_by, p= place, d= date (YYYY, YYYY-MM, YYYY-Www or
  YYYY-MM-DD), m= modality (asserted [default], negated, hypothetical, future), and the bare flag
  `sym` (symmetric: true).  '-' means null.
  Actor, target and reported_by words are taken at the occurrence nearest to the trigger;
  '<words' = the last occurrence ending before the trigger, '>words' = the first one after it,
  '@N words' = the N-th occurrence in the text.  p= is found the same way; the place is stored as its
  words, its place_span (the occurrence used) and place_source: sentence / dateline / context.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from newsgraph.ingest import read_articles
from newsgraph.settings import Settings

HERE = Path(__file__).resolve().parent
MAIN = HERE.parents[2]
SHARED = MAIN.parent / "shared"
ONTOLOGY = SHARED / "ontology"

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "negated", "hypothetical", "future")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2}(-WE)?)?$")
ABBREV = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|St|Gen|Lt|Col|No|Jr|Sr)|\b[A-Z])\.$")


class SpecError(SystemExit):
    pass


def codebook_modes() -> dict[str, set[str]]:
    modes: dict[str, set[str]] = {t: set() for t in TYPES}
    with open(ONTOLOGY / "plover_codebook.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["mode"].strip():
                modes[row["event"]].add(row["mode"].strip())
    return modes


def cameo_table() -> dict[str, dict]:
    table = {}
    with open(ONTOLOGY / "cameo_codes.tsv", encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        table[row["cameo_code"]] = row
    return table


def crosswalk_type(table: dict[str, dict], code: str) -> str | None:
    """The PLOVER type of a CAMEO code; 02x appeals (no row in the crosswalk) are REQUEST."""
    row = table[code]
    if row["plover_event"]:
        return row["plover_event"]
    if code.startswith("02"):
        return "REQUEST"
    return None


def resolve(file_field: str) -> Path:
    if file_field.startswith("shared:"):
        return SHARED / file_field[len("shared:"):]
    return MAIN / file_field


def load(file_field: str, published: str | None):
    (article,) = list(read_articles([str(resolve(file_field))], Settings(published=published)))
    return article


def occurrences(text: str, s: str) -> list[int]:
    """Where `s` occurs as whole words (not inside a longer word: 'Kim' is not found in 'Kimchi')."""
    out, i = [], text.find(s)
    while i >= 0:
        e = i + len(s)
        if not ((s[:1].isalnum() and i > 0 and text[i - 1].isalnum())
                or (s[-1:].isalnum() and e < len(text) and text[e].isalnum())):
            out.append(i)
        i = text.find(s, i + 1)
    return out


def locate(text: str, words: str, near: list[int], where: str) -> list[int]:
    """The span of `words` nearest to `near` (or as directed by '<', '>', '@N ')."""
    n = None
    m = re.match(r"@(\d+) (.*)$", words, re.S)
    if m:
        n, words = int(m.group(1)), m.group(2)
    direction = None
    if words[:1] in "<>" and len(words) > 1:
        direction, words = words[0], words[1:]
    occ = occurrences(text, words)
    if direction == "<":
        occ = [o for o in occ if o + len(words) <= near[0]][-1:]
    elif direction == ">":
        occ = [o for o in occ if o >= near[1]][:1]
    if not occ:
        raise SpecError(f"{where}: not found: {words!r}")
    if n is not None:
        if n > len(occ):
            raise SpecError(f"{where}: only {len(occ)} occurrences of {words!r}")
        i = occ[n - 1]
    else:
        def distance(o: int) -> int:
            e = o + len(words)
            return 0 if (o < near[1] and e > near[0]) else min(abs(near[0] - e), abs(o - near[1]))
        i = min(occ, key=distance)
    return [i, i + len(words)]


def locate_trigger(text: str, context: str, where: str) -> list[int]:
    n = None
    m = re.match(r"@(\d+) (.*)$", context, re.S)
    if m:
        n, context = int(m.group(1)), m.group(2)
    if context.count("{") != 1 or context.count("}") != 1 or context.index("{") > context.index("}"):
        raise SpecError(f"{where}: the context must hold one {{trigger}}: {context!r}")
    before, rest = context.split("{", 1)
    trig, after = rest.split("}", 1)
    plain = before + trig + after
    occ = occurrences(text, plain)
    if not occ:
        raise SpecError(f"{where}: context not found: {plain!r}")
    if n is None and len(occ) != 1:
        raise SpecError(f"{where}: context occurs {len(occ)} times, add '@N ': {plain!r}")
    if n is not None and n > len(occ):
        raise SpecError(f"{where}: only {len(occ)} occurrences of {plain!r}")
    start = occ[(n or 1) - 1] + len(before)
    return [start, start + len(trig)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (lines, then . ! ? before a capital or an opening quote), for place_source."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in re.finditer(r"[.!?][\"”’]?\s+(?=[A-Z“\"‘(])", line.group()):
            end = line.start() + m.end()
            if ABBREV.search(text[start:line.start() + m.start() + 1]):
                continue
            spans.append((start, end))
            start = end
        spans.append((start, line.end()))
    return spans


def dateline_end(text: str) -> int:
    """End of an opening dateline: '(City) ', 'CITY, Month Day (Agency) — ' or 'CITY — '; 0 if none."""
    m = re.match(r"\([^)\n]{1,40}\)\s|[A-Z][A-Z .,'-]{1,40}(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([^)]+\))? — ",
                 text)
    return m.end() if m else 0


def parse_fields(fields: list[str], where: str) -> dict:
    out = {"sym": False}
    for f in fields:
        f = f.strip()
        if not f:
            continue
        if f == "sym":
            out["sym"] = True
            continue
        key, eq, value = f.partition("=")
        if not eq or key not in ("a", "t", "by", "p", "d", "m"):
            raise SpecError(f"{where}: bad field {f!r}")
        if key in out:
            raise SpecError(f"{where}: field {key!r} given twice")
        out[key] = value.strip()
    return out


def build(spec: Path) -> tuple[dict, list[str], list[str]]:
    header: dict[str, str] = {}
    lines = []
    for ln, raw in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not line.strip():
            continue
        if line.startswith("E "):
            lines.append((ln, line[2:]))
        else:
            key, colon, value = line.partition(":")
            if not colon or key.strip() not in ("file", "split", "published", "offsets-only"):
                raise SpecError(f"{spec}:{ln}: bad line {raw!r}")
            header[key.strip()] = value.strip()
    file_field = header["file"]
    split = header["split"]
    if split not in ("dev", "heldout", "seed"):
        raise SpecError(f"{spec}: bad split {split!r}")
    offsets_only = header.get("offsets-only", "no") == "yes"
    article = load(file_field, header.get("published"))
    text = article.text
    published = header.get("published") or article.published
    published = published[:10] if published else None
    modes, table = codebook_modes(), cameo_table()
    sents = sentences(text)
    dl_end = dateline_end(text)
    warnings: list[str] = []
    notes: list[str] = []  # shown with --show, not a failure
    events = []
    for ln, body in lines:
        where = f"{spec.name}:{ln}"
        parts = body.split(" | ")
        if len(parts) < 2:
            raise SpecError(f"{where}: expected 'context | TYPE[/mode] CAMEO | ...'")
        trigger = locate_trigger(text, parts[0].strip(), where)
        code_field = parts[1].split()
        if len(code_field) != 2:
            raise SpecError(f"{where}: expected 'TYPE[/mode] CAMEO', got {parts[1]!r}")
        etype, _, mode = code_field[0].partition("/")
        cameo = code_field[1]
        override = cameo.endswith("~")
        cameo = cameo.rstrip("~")
        if etype not in TYPES:
            raise SpecError(f"{where}: unknown PLOVER type {etype!r}")
        if mode and mode not in modes[etype]:
            raise SpecError(f"{where}: {mode!r} is not a codebook mode of {etype} ({sorted(modes[etype])})")
        if cameo not in table or not re.fullmatch(r"\d{3,4}", cameo):
            raise SpecError(f"{where}: unknown or too general CAMEO code {cameo!r}")
        walk = crosswalk_type(table, cameo)
        if walk is None:
            raise SpecError(f"{where}: CAMEO {cameo} is a plain statement (01), not an event")
        if walk != etype and not override:
            warnings.append(f"{where}: CAMEO {cameo} crosswalks to {walk}, spec says {etype} (mark '~' if meant)")
        if walk == etype and override:
            warnings.append(f"{where}: '~' on {cameo} but the crosswalk agrees ({walk})")
        f = parse_fields(parts[2:], where)
        opt = lambda key: None if f.get(key, "-") == "-" else locate(text, f[key], trigger, f"{where} {key}=")
        actor, target, reported_by = opt("a"), opt("t"), opt("by")
        if actor is None and target is None:
            notes.append(f"{where}: event with neither actor nor target")
        date = None if f.get("d", "-") == "-" else f["d"]
        if date is not None and not DATE.match(date):
            raise SpecError(f"{where}: bad date {date!r}")
        modality = f.get("m", "asserted")
        if modality not in MODALITIES:
            raise SpecError(f"{where}: bad modality {modality!r}")
        place = place_source = pspan = None
        if f.get("p", "-") != "-":
            pspan = locate(text, f["p"], trigger, f"{where} p=")
            place = text[pspan[0]:pspan[1]]
            sent = next((s for s in sents if s[0] <= trigger[0] < s[1]), None)
            if pspan[1] <= dl_end:
                place_source = "dateline"
            elif sent and sent[0] <= pspan[0] < sent[1]:
                place_source = "sentence"
            else:
                place_source = "context"
        if f["sym"] and target is None:
            notes.append(f"{where}: symmetric event without a target (a group actor acting jointly)")
        ev = {"trigger": trigger, "type": etype, "mode": mode or None, "cameo": cameo,
              "actor": actor, "target": target, "symmetric": f["sym"], "date": date,
              "place": place, "place_span": pspan, "place_source": place_source, "modality": modality,
              "reported_by": reported_by}
        if not offsets_only:
            span_text = lambda s: None if s is None else text[s[0]:s[1]]
            ev.update(trigger_text=span_text(trigger), actor_text=span_text(actor),
                      target_text=span_text(target), reported_by_text=span_text(reported_by))
        ev["_line"] = ln
        events.append(ev)
    keys = [(tuple(e["trigger"]), e["type"], e["cameo"], tuple(e["actor"] or ()), tuple(e["target"] or ()),
             e["place"]) for e in events]
    for k in set(keys):
        if keys.count(k) > 1:
            warnings.append(f"{spec.name}: duplicate event {k}")
    events.sort(key=lambda e: (e["trigger"][0], e["_line"]))
    for e in events:
        del e["_line"]
    doc = {"file": file_field, "article_id": article.id, "published": published, "split": split,
           "events": events}
    return doc, warnings, notes


def dumps(doc: dict) -> str:
    """Indented JSON with every [start, end] pair on one line."""
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    return re.sub(r"\[\n\s*(\d+),\n\s*(\d+)\n\s*\]", r"[\1, \2]", text) + "\n"


def show(doc: dict, text: str) -> None:
    span = lambda s: "-" if s is None else f"[{text[s[0]:s[1]]}]"
    for e in doc["events"]:
        print(f"{e['trigger'][0]:5d} {span(e['trigger']):22s} {e['type']}/{e['mode'] or '-'} {e['cameo']:5s}"
              f" a={span(e['actor'])} t={span(e['target'])}{' sym' if e['symmetric'] else ''}"
              f" d={e['date'] or '-'} p={e['place'] or '-'}({e['place_source'] or '-'}) m={e['modality']}"
              f" by={span(e['reported_by'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("specs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, help="write <out>/<spec stem>.json")
    ap.add_argument("--show", action="store_true", help="print every event back with its spans' text")
    ap.add_argument("--check", type=Path, help="compare with <check>/<spec stem>.json instead of writing")
    args = ap.parse_args(argv)
    bad = 0
    for spec in args.specs:
        doc, warnings, notes = build(spec)
        for w in warnings:
            print("warning:", w, file=sys.stderr)
        if args.show:
            for n in notes:
                print("note:", n, file=sys.stderr)
        bad += bool(warnings)
        if args.show:
            print(f"== {spec.stem} ({doc['split']}, {len(doc['events'])} events)")
            show(doc, load(doc["file"], doc["published"]).text)
        if args.check:
            old = args.check / f"{spec.stem}.json"
            same = old.exists() and json.loads(old.read_text(encoding="utf-8")) == doc
            print(f"{old}: {'up to date' if same else 'DIFFERS from its spec'}")
            bad += not same
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            out = args.out / f"{spec.stem}.json"
            out.write_text(dumps(doc), encoding="utf-8")
            print(out, len(doc["events"]), "events")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
