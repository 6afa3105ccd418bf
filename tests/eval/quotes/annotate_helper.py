"""Turn a human-written quote/attribution spec into gold JSON (finds spans, computes offsets, checks).

Spec lines (| separated, blank lines and lines starting with '#' ignored):
  Q|kind|quoted text|speaker words or -|named 1/0|cue words or -|reported_by words or -
  A|claim text|source words or -|cue words[|named source the source words refer to]
(In quoted and claim texts, '\\n' stands for a line break.)
A quoted/claim text may start with '@N ' to take its N-th occurrence (1-based); otherwise it must be
unique.  Speaker, cue and reported_by words are taken at the occurrence nearest to the quote/claim
(or '@N ' for an explicit occurrence; '<words' = the last occurrence before the
quote/claim, '>words' = the first after it).  With --offsets-only no text is written (for ../shared text).
"""
import json, re, sys

sys.path.insert(0, "/work/main/src")
from newsgraph.ingest import read_articles
from newsgraph.settings import Settings


def occurrences(text, s):
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def locate(text, s, near=None, where=""):
    n = None
    m = re.match(r"@(\d+) (.*)$", s, re.S)
    if m:
        n, s = int(m.group(1)), m.group(2)
    direction = None
    if near is not None and s[:1] in "<>" and len(s) > 1:
        direction, s = s[0], s[1:]
    occ = occurrences(text, s)
    if direction == "<":
        occ = [o for o in occ if o + len(s) <= near[0]][-1:]
    elif direction == ">":
        occ = [o for o in occ if o >= near[1]][:1]
    if not occ:
        raise SystemExit(f"not found {where}: {s!r}")
    if n is not None:
        i = occ[n - 1]
    elif near is None:
        if len(occ) != 1:
            raise SystemExit(f"ambiguous ({len(occ)}) {where}: {s!r}")
        i = occ[0]
    else:
        c = (near[0] + near[1]) / 2
        i = min(occ, key=lambda o: min(abs(o - near[0]), abs(o + len(s) - near[1]), abs(o - c)))
    return [i, i + len(s)]


def build(spec_path, article, offsets_only):
    text = article.text
    quotes, attrs = [], []
    for ln, line in enumerate(open(spec_path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("|")
        w = f"{spec_path}:{ln}"
        opt = lambda s, near: None if s.strip() == "-" else locate(text, s, near, w)
        if f[0] == "Q":
            _, kind, qt, sp, named, cue, rep = f
            span = locate(text, qt.replace("\\n", "\n"), None, w)
            q = {"start": span[0], "end": span[1], "kind": kind, "speaker": opt(sp, span),
                 "speaker_named": named == "1", "cue": opt(cue, span), "reported_by": opt(rep, span)}
            if not offsets_only:
                q["text"] = text[span[0]:span[1]]
                q["speaker_name"] = None if q["speaker"] is None else text[slice(*q["speaker"])]
                q["cue_text"] = None if q["cue"] is None else text[slice(*q["cue"])]
                q["reported_by_text"] = None if q["reported_by"] is None else text[slice(*q["reported_by"])]
            quotes.append(q)
        elif f[0] == "A":
            _, cl, src, cue, *ref = f
            span = locate(text, cl.replace("\\n", "\n"), None, w)
            a = {"claim": span, "source": opt(src, span), "cue": locate(text, cue, span, w)}
            if ref:  # the source words are an anaphor or a document: the named source they point to
                a["source_refers_to"] = locate(text, ref[0], span, w)
            if not offsets_only:
                a["claim_text"] = text[span[0]:span[1]]
                a["source_text"] = None if a["source"] is None else text[slice(*a["source"])]
                a["cue_text"] = text[slice(*a["cue"])]
            attrs.append(a)
        else:
            raise SystemExit(f"bad line {w}")
    quotes.sort(key=lambda q: q["start"])
    attrs.sort(key=lambda a: a["claim"][0])
    return quotes, attrs


def load(path, published, jsonl_id=None):
    if jsonl_id is not None:
        for l in open(path, encoding="utf-8"):
            if str(json.loads(l)["id"]) == str(jsonl_id):
                tmp = f"/tmp/wn_{jsonl_id}.jsonl"
                open(tmp, "w", encoding="utf-8").write(l)
                path = tmp
                break
    return next(iter(read_articles([path], Settings(published=published))))


if __name__ == "__main__":
    # usage: annotate_helper.py SPEC FILE_FIELD PATH PUBLISHED SPLIT OUT [JSONL_ID] [--offsets-only]
    args = [a for a in sys.argv[1:] if a != "--offsets-only"]
    off = "--offsets-only" in sys.argv
    spec, file_field, path, published, split, out = args[:6]
    jid = args[6] if len(args) > 6 else None
    a = load(path, published, jid)
    quotes, attrs = build(spec, a, off)
    doc = {"file": file_field, "article_id": a.id, "published": published, "split": split,
           "quotes": quotes, "attributions": attrs}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(out, len(quotes), "quotes", len(attrs), "attributions")
