"""newsgraph's temporal expressions against dateparser's `search_dates`, on the when/where gold.

    python bench/dates_baseline.py [--gold tests/eval/when_where/gold] [--shared ../shared]

For each gold article (tests/eval/when_where/gold/*.json: {"file", "article_id", "published", "split",
"times": [{"start", "end", "text", "value", "granularity"}], ...}; "file" is "examples/..." under the repo
root, "shared:corpus/..." under ../shared, or an absolute path) both systems read the cleaned text:

* newsgraph: the pipeline's "times" extractor when the pipeline has one, else `find_times` on
  `pipeline.nlp(article.text)`;
* dateparser 1.5.0: `search_dates(text, languages=["en"], settings={"RELATIVE_BASE": published,
  "PREFER_DATES_FROM": "past"})`. It gives strings, not offsets: each is looked for in the text from where
  the previous one ended. Its datetime is written at the gold time's granularity (day 2023-09-16, week
  2023-W37, month 2023-09, year 2023); it has no other granularity (PRESENT_REF, quarters) to offer.

A gold time is found when a predicted span overlaps it, right when one such span has the gold value.
Printed per split and overall: gold times, found, right / gold (value accuracy), and the predictions
that overlap no gold time (spurious). dateparser is a bench-only dependency (the dev extras).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "tests" / "eval" / "when_where" / "gold"
DEFAULT_SHARED = ROOT.parent / "shared"


def gold_path(name: str, shared: Path) -> Path:
    if name.startswith("shared:"):
        return shared / name[len("shared:"):]
    path = Path(name)
    return path if path.is_absolute() else ROOT / path


def read_gold_article(gold: dict, shared: Path):
    """The Article the gold was written on, with the gold's publication date."""
    from newsgraph.ingest import read_articles
    from newsgraph.records import Article
    from newsgraph.settings import Settings

    path = gold_path(gold["file"], shared)
    if not path.exists():
        raise FileNotFoundError(f"{gold['file']}: {path} does not exist")
    articles = [a for a in read_articles([str(path)], Settings(published=gold.get("published")))
                if isinstance(a, Article)]
    wanted = gold.get("article_id")
    if wanted and len(articles) > 1:
        articles = [a for a in articles if wanted in (a.id, a.source_id, str(a.meta.get("id")))]
    if not articles:
        raise LookupError(f"{gold['file']}: no article {wanted!r} in {path}")
    article = articles[0]
    if "published" in gold:
        article = dataclasses.replace(article, published=gold["published"])
    for t in gold["times"]:
        if "text" in t and article.text[t["start"]:t["end"]] != t["text"]:
            raise ValueError(f"{gold['file']}: gold span {t['start']}:{t['end']} is not {t['text']!r} in the text")
    return article


# --- the two systems ---------------------------------------------------------------------------------

def newsgraph_times(pipeline, article) -> tuple[list[tuple[int, int, str | None]], float]:
    """(start, end, value) of each time newsgraph finds, and the seconds find_times took."""
    from newsgraph.nlp.times import find_times

    doc = pipeline.nlp(article.text)
    t0 = time.perf_counter()
    found = find_times(doc, article)
    return [(t.start, t.end, t.value) for t in found], time.perf_counter() - t0


def dateparser_times(article, search_dates) -> list[tuple[int, int, dt.datetime]]:
    """(start, end, datetime) of each date dateparser finds, its strings located in the text in order."""
    settings = {"PREFER_DATES_FROM": "past"}
    base = published_datetime(article.published)
    if base is not None:
        settings["RELATIVE_BASE"] = base
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(article.text, languages=["en"], settings=settings) or []
    out, cursor = [], 0
    for string, when in found:
        at = article.text.find(string, cursor)
        if at < 0:
            at = article.text.find(string)
        if at < 0:
            continue
        out.append((at, at + len(string), when))
        cursor = at + len(string)
    return out


def published_datetime(published: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def at_granularity(when: dt.datetime, granularity: str | None) -> str | None:
    """dateparser's datetime written as a value of the gold's granularity (None if it has no such)."""
    if granularity == "day":
        return when.strftime("%Y-%m-%d")
    if granularity == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if granularity == "month":
        return when.strftime("%Y-%m")
    if granularity == "year":
        return when.strftime("%Y")
    return None


# --- scoring -----------------------------------------------------------------------------------------

@dataclasses.dataclass
class Score:
    articles: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    predicted: int = 0
    spurious: int = 0

    def add(self, other: Score) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def score(gold_times: list[dict], predicted: list[tuple], value_for) -> Score:
    """`predicted`: (start, end, x); value_for(x, gold_time) -> the value to compare with the gold's."""
    s = Score(articles=1, gold=len(gold_times), predicted=len(predicted))
    for g in gold_times:
        overlapping = [p for p in predicted if p[0] < g["end"] and g["start"] < p[1]]
        if overlapping:
            s.found += 1
            if any(value_for(p[2], g) == g["value"] for p in overlapping):
                s.right += 1
    s.spurious = sum(1 for p in predicted if not any(p[0] < g["end"] and g["start"] < p[1] for g in gold_times))
    return s


def table(scores: dict[str, dict[str, Score]]) -> str:
    lines = [f"{'split':<8} {'system':<11} {'articles':>8} {'gold':>5} {'found':>6} {'right':>6} "
             f"{'accuracy':>8} {'predicted':>9} {'spurious':>8}"]
    for split in sorted(scores, key=lambda s: (s == "all", s)):
        for system, s in scores[split].items():
            accuracy = s.right / s.gold if s.gold else 0.0
            lines.append(f"{split:<8} {system:<11} {s.articles:>8} {s.gold:>5} {s.found:>6} {s.right:>6} "
                         f"{accuracy:>8.3f} {s.predicted:>9} {s.spurious:>8}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="a directory of gold *.json files")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="where shared:... files are")
    parser.add_argument("--verbose", action="store_true", help="print each gold time and both predictions")
    args = parser.parse_args()
    try:
        from dateparser.search import search_dates
    except ImportError:
        print("dateparser is needed for this bench: pip install dateparser==1.5.0", file=sys.stderr)
        return 2
    files = sorted(args.gold.glob("*.json"))
    if not files:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2

    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    scores: dict[str, dict[str, Score]] = defaultdict(lambda: {"newsgraph": Score(), "dateparser": Score()})
    seconds = 0.0
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = read_gold_article(gold, args.shared)
        ours, took = newsgraph_times(pipeline, article)
        seconds += took
        theirs = dateparser_times(article, search_dates)
        # Durations, times of day and vague phrases stay in the gold with a null value: not scored.
        dated = [t for t in gold["times"] if t.get("value")]
        results = {"newsgraph": score(dated, ours, lambda value, g: value),
                   "dateparser": score(dated, theirs, lambda when, g: at_granularity(when, g["granularity"]))}
        for split in (gold.get("split") or "none", "all"):
            for system, s in results.items():
                scores[split][system].add(s)
        if args.verbose:
            print(f"== {path.name} ({article.published})")
            for g in gold["times"]:
                mine = [v for s, e, v in ours if s < g["end"] and g["start"] < e]
                other = [at_granularity(w, g["granularity"]) for s, e, w in theirs if s < g["end"] and g["start"] < e]
                print(f"  {g['text']!r:30} gold={g['value']} newsgraph={mine} dateparser={other}")
    print(table(scores))
    n = scores["all"]["newsgraph"].articles
    print(f"find_times: {1000 * seconds / max(n, 1):.2f} ms per article ({n} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
