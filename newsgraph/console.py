"""What the CLI shows people: a progress bar, summaries and tables, drawn with rich on stderr/stdout."""
from __future__ import annotations

import itertools
import re

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line a message, for logs and grep


class IngestProgress:
    """A progress bar with articles/s and ETA; silent when stderr is not a terminal."""

    def __init__(self, total: int | None):
        self.progress = Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=err, transient=True, disable=not err.is_terminal,
        )
        self.task = self.progress.add_task("ingest", total=total, rate="")

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def update(self, summary) -> None:
        task = self.progress.tasks[0]
        speed = task.speed or 0.0
        self.progress.update(self.task, completed=summary.processed, rate=f"{speed:6.1f} articles/s")


def print_ingest_summary(summary, db) -> None:
    err.print(
        f"{summary.stored} stored, {summary.duplicates} skipped as duplicates, {len(summary.failed)} failed"
        + (f", {summary.errors} stored with extractor errors" if summary.errors else "")
        + f" -> {escape(str(db))}"
    )


def print_spark_summary(summary) -> None:
    done_before = f", {summary.skipped} done by an earlier run" if summary.skipped else ""
    err.print(f"{summary.ran} of {summary.chunks} chunks done now{done_before}: {summary.articles} articles, "
              f"{summary.duplicates} duplicates, {len(summary.failed)} failed"
              + (f", {summary.with_errors} with extractor errors" if summary.with_errors else "")
              + f" in {summary.seconds:.1f} s -> {escape(summary.out)}")


def print_load_summary(summary, directory, db) -> None:
    unfinished = (f"; {summary.unfinished} chunks not finished yet (rerun the Spark extract, then load "
                  "again)" if summary.unfinished else "")
    err.print(f"{summary.stored} stored, {summary.duplicates} already stored, {len(summary.failed)} failed "
              f"items recorded, from {summary.chunks} chunks of {escape(str(directory))} -> "
              f"{escape(str(db))}{unfinished}")


def print_hits(query: str, hits) -> None:
    if not hits:
        err.print(f"no article matches {escape(query)!r}")
        return
    table = Table(show_header=True, header_style="bold", expand=False)
    for col in ("id", "published", "title", "snippet"):
        table.add_column(col, overflow="fold")
    for hit in hits:
        table.add_row(hit.article_id[:10], hit.published or "", escape(hit.title or ""), _highlight(hit.snippet))
    out.print(table)


def _highlight(snippet: str) -> str:
    """The store marks matches with [ and ]; show them bold, and escape everything else."""
    parts = re.split(r"\[([^\[\]]*)\]", snippet.replace("\n", " "))
    return "".join(f"[bold yellow]{escape(p)}[/]" if i % 2 else escape(p) for i, p in enumerate(parts))


def print_article(result) -> None:
    a = result.article
    out.print(f"[bold]{escape(a.title or '(no title)')}[/]")
    out.print(f"id {a.id}  published {a.published or '-'}  dateline {a.dateline or '-'}  "
              f"source {escape(a.source or '-')}  language {a.language or '-'}")
    if a.url:
        out.print(escape(a.url))
    out.print()
    out.print(escape(a.text))
    if a.repairs:
        table = Table(title="repairs", title_justify="left")
        for col in ("kind", "raw", "clean", "at"):
            table.add_column(col)
        for r in a.repairs:
            table.add_row(r.kind, escape(repr(r.raw_text)), escape(repr(r.text)), str(r.start))
        out.print(table)
    if result.entities:
        table = Table(title="entities", title_justify="left")
        for col in ("type", "name", "mentions", "aliases"):
            table.add_column(col, overflow="fold")
        for e in result.entities:
            table.add_row(e.type, escape(e.name), str(len(e.mentions)), escape(", ".join(e.aliases)))
        out.print(table)
    names = {e.id: e.name for e in result.entities}
    if result.quotes:
        # The quoted words get the room; the other columns fold past a few words.
        table = Table(title="quotes", title_justify="left", expand=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("speaker", overflow="fold", max_width=max(18, out.width // 6))
        table.add_column("cue", overflow="fold", max_width=max(12, out.width // 10))
        table.add_column("reported by", overflow="fold", max_width=max(12, out.width // 10))
        table.add_column("text", overflow="fold", ratio=1)
        for q in result.quotes:
            table.add_row(q.kind, _who(names.get(q.speaker) or q.speaker_text), escape(q.cue.text if q.cue else ""),
                          escape(q.reported_by.text if q.reported_by else ""), escape(_one_line(q.text)))
        out.print(table)
    if result.attributions:
        table = Table(title="attributions", title_justify="left", expand=True)
        table.add_column("source", overflow="fold", max_width=max(18, out.width // 6))
        table.add_column("cue", overflow="fold", max_width=max(12, out.width // 10))
        table.add_column("claim", overflow="fold", ratio=1)
        for at in result.attributions:
            table.add_row(_who(names.get(at.source) or at.source_text), escape(at.cue.text),
                          escape(_one_line(at.claim.text)))
        out.print(table)
    for error in result.errors:
        err.print(f"[red]extractor error:[/] {escape(error)}")


def print_summary(data: dict, db) -> None:
    counts = data.get("counts", {})
    out.print(f"[bold]{escape(str(db))}[/]: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    top = data.get("top_entities") or []
    if top:
        table = Table(title="most mentioned entities", title_justify="left")
        for col in ("name", "type", "country", "articles", "mentions"):
            table.add_column(col)
        for row in top:
            table.add_row(escape(str(row.get("name"))), str(row.get("type")), row.get("country") or "",
                          str(row.get("articles", "")), str(row.get("mentions", "")))
        out.print(table)


def _one_line(text: str) -> str:
    """Quoted text can run over paragraphs; a table cell shows it as one (folded) line."""
    return " ".join(text.split())


def _who(name: str | None) -> str:
    """A speaker or source for a table cell (markup-escaped); a dim dash when the text names none."""
    return escape(_one_line(name)) if name else "[dim]-[/]"


# Widest speaker and cue columns of the `quotes` listing in an 80-column terminal (a fifth and a tenth
# of wider ones); longer ones fold, and the quotation gets the rest.
SPEAKER_WIDTH = 26
CUE_WIDTH = 16


def print_quotes(rows, total: int, offset: int = 0, attributions: bool = False) -> None:
    """The `quotes` listing, grouped by article (newest first): a line with the article's publication
    date, short id and title, then its quotations (or attributions) in reading order, one per row:
    speaker, cue, and the quoted words (“…” around them when only a few words are quoted)."""
    what = "attributions" if attributions else "quotes"
    if not rows:
        err.print(f"no {what[:-1]} matches" if total == 0 else f"no {what} past {offset} ({total} match)")
        return
    cells = [_speech_cells(row, attributions) for row in rows]
    who = "source" if attributions else "speaker"
    # The same widths for every article, so that the columns line up down the whole listing.
    speaker_w = min(max(SPEAKER_WIDTH, out.width // 5), max(len(who), *(len(name) for _, name, _, _ in cells)))
    cue_w = min(max(CUE_WIDTH, out.width // 10),
                max(3, *(len(line) for _, _, cue, _ in cells for line in cue.split("\n"))))
    text_w = max(20, out.width - 2 - speaker_w - 1 - cue_w - 1)
    for n, (article_id, group) in enumerate(itertools.groupby(cells, key=lambda c: c[0].article_id)):
        group = list(group)
        row = group[0][0]
        if n:
            out.print()
        # A grid, so that a long title folds under itself rather than under the date.
        heading = Table.grid(padding=(0, 2, 0, 0))
        heading.add_column(no_wrap=True)
        heading.add_column(no_wrap=True)
        heading.add_column(overflow="fold")
        heading.add_row(f"[bold]{row.published or '(undated)'}[/]", f"[cyan]{article_id[:10]}[/]",
                        f"[bold]{escape(_one_line(row.title or '(no title)'))}[/]")
        out.print(heading)
        table = Table(show_header=n == 0, header_style="dim", box=None, padding=(0, 1, 0, 0), pad_edge=False)
        table.add_column("", width=1)  # the indent under the heading
        table.add_column(who, width=speaker_w, overflow="fold")
        table.add_column("cue", width=cue_w, overflow="fold")
        table.add_column("claim" if attributions else "quote", max_width=text_w, overflow="fold")
        for _, name, cue, text in group:
            table.add_row("", escape(name) if name != "-" else "[dim]-[/]", escape(cue), escape(text))
        out.print(table)
    shown = f"{offset + 1}-{offset + len(rows)} of {total}" if offset or len(rows) < total else f"{total}"
    err.print(f"{shown} {what if total != 1 else what[:-1]}")


def _speech_cells(row, attributions: bool) -> tuple:
    """(row, speaker, cue, text) of a quote or attribution row, as plain text on one line each; the
    speaker is "-" when the text names none, and a second source reporting a quote goes under its cue."""
    record = row.attribution if attributions else row.quote
    name = _one_line((row.source_name if attributions else row.speaker_name) or "") or "-"
    cue = _one_line(record.cue.text) if record.cue else ""
    if attributions:
        return row, name, cue, _one_line(record.claim.text)
    if record.reported_by:
        cue += f"\n(reported by {_one_line(record.reported_by.text)})"
    text = _one_line(record.text)
    return row, name, cue, f"“{text}”" if record.kind == "direct" else f"“…{text}…”"


# Aliases shown per actor in the `entities` table; the JSON output has them all.
SHOWN_ALIASES = 3


def print_actors(rows, total: int, offset: int = 0) -> None:
    if not rows:
        err.print("no actor matches" if total == 0 else f"no actors past {offset} ({total} match)")
        return
    # Ten columns: no rules, one space between them, first and last seen stacked in one column, so that
    # in an 80-column terminal only the names, roles and aliases fold and nothing is cut off.
    table = Table(show_header=True, header_style="bold", expand=False, box=None, padding=(0, 1, 0, 0),
                  pad_edge=False)
    for col in ("name", "type", "country", "sector", "cameo", "role", "articles", "mentions",
                "first seen\nlast seen", "aliases"):
        if col in ("name", "role", "aliases"):
            table.add_column(col, overflow="fold", min_width=8 if col == "name" else 6)
        else:
            table.add_column(col, no_wrap=True, justify="right" if col in ("articles", "mentions") else "left")
    ingested = False
    for a in rows:
        others = [alias for alias in a.aliases if alias != a.name]
        aliases = ", ".join(others[:SHOWN_ALIASES]) + (f" +{len(others) - SHOWN_ALIASES}"
                                                       if len(others) > SHOWN_ALIASES else "")
        # Dates only: an ingest time (seen_basis "ingested") carries a clock time that is noise here.
        first, last = (a.first_seen or "")[:10], (a.last_seen or "")[:10]
        seen = first if first == last else f"{first}\n{last}"
        if a.seen_basis == "ingested":
            seen, ingested = seen.replace("\n", "*\n") + "*", True
        table.add_row(escape(a.name), a.type, a.country or "", a.sector or "", a.cameo_code or "",
                      escape(a.latest_role or ""), str(a.n_articles), str(a.n_mentions), seen,
                      escape(aliases))
    out.print(table)
    shown = f"{offset + 1}-{offset + len(rows)} of {total}" if offset or len(rows) < total else f"{total}"
    err.print(f"{shown} actors" + ("; * = ingest date (no publication date known)" if ingested else ""))


# How the `events` listing shows each modality: asserted is the plain case, the others stand out.
MODALITY_STYLE = {"asserted": "dim", "negated": "red", "hypothetical": "yellow", "future": "cyan"}
# Narrowest terminal that gets the `events` listing one line per event (nine columns, about 130
# characters for the sample corpus's names); narrower ones stack the date over the article id, the type
# over the CAMEO code and the modality over the reporting source, so nothing is cut off at 80 columns.
EVENTS_WIDE = 132


def print_events(rows, total: int, offset: int = 0) -> None:
    """The `events` listing, newest event date first: for each event its date, PLOVER type and mode,
    CAMEO code, actor → target, modality, reporting source, place, trigger words and the article's short
    id. Names and words fold inside their columns; dates, codes and ids never do."""
    if not rows:
        err.print("no event matches" if total == 0 else f"no events past {offset} ({total} match)")
        return
    wide = out.width >= EVENTS_WIDE
    table = Table(show_header=True, header_style="bold", expand=False, box=None, padding=(0, 1, 0, 0),
                  pad_edge=False)
    if wide:
        table.add_column("date", no_wrap=True)
        table.add_column("event", overflow="fold", min_width=7)
        table.add_column("cameo", no_wrap=True)
    else:
        table.add_column("date\narticle", no_wrap=True)
        table.add_column("event\ncameo", overflow="fold", min_width=7)
    table.add_column("actor → target", overflow="fold", min_width=12, ratio=3)
    if wide:
        table.add_column("modality", no_wrap=True)
        table.add_column("reported by", overflow="fold", min_width=6, ratio=1)
    else:
        table.add_column("modality\nreported by", overflow="fold", min_width=12, max_width=16)
    table.add_column("place", overflow="fold", min_width=6, ratio=1)
    table.add_column("trigger", overflow="fold", min_width=6, ratio=1)
    if wide:
        table.add_column("article", no_wrap=True)
    for row in rows:
        ev = row.event
        date = ev.date or "[dim](undated)[/]"
        kind = escape(ev.type + (f" {ev.mode}" if ev.mode else ""))
        modality = f"[{MODALITY_STYLE.get(ev.modality, '')}]{ev.modality}[/]"
        source = _who(row.reported_by_name)
        article = f"[cyan]{row.article_id[:10]}[/]"
        trigger = escape(_one_line(ev.trigger.text))
        if wide:
            table.add_row(date, kind, ev.cameo, _dyad(row), modality, source, _who(row.place_name), trigger,
                          article)
        else:
            # Without a reporting source, the modality alone: a dash under it would only add a line.
            table.add_row(f"{date}\n{article}", f"{kind}\n{ev.cameo}", _dyad(row),
                          modality + (f"\n{source}" if row.reported_by_name else ""), _who(row.place_name),
                          trigger)
    out.print(table)
    shown = f"{offset + 1}-{offset + len(rows)} of {total}" if offset or len(rows) < total else f"{total}"
    err.print(f"{shown} {'events' if total != 1 else 'event'}")


def _dyad(row) -> str:
    """`actor → target` (`actor ↔ target` when the two are interchangeable: met, talked), a dim dash for
    a side the text does not name; markup-escaped."""
    arrow = " ↔ " if row.event.symmetric else " → "
    return _who(row.actor_name) + arrow + _who(row.target_name)
