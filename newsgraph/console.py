"""What the CLI shows people: a progress bar, summaries and tables, drawn with rich on stderr/stdout."""
from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


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
