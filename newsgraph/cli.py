"""The `newsgraph` command. Thin: parse arguments, call one library function, map errors to exit codes.

Exit codes: 0 all fine, 1 some items failed (each listed on stderr), 2 usage or setup error.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys

import click

from newsgraph import __version__
from newsgraph.errors import NewsgraphError
from newsgraph.settings import DEFAULT_MAX_CHARS, Settings

FIELDS = ("published", "title", "url", "source", "id", "text")


def _iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat() if len(value) <= 10 else dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date; write it as 2023-09-16") from None


def _field_pairs(ctx, param, values):
    pairs = []
    for value in values:
        name, sep, key = value.partition("=")
        if not sep or not key or name not in FIELDS:
            raise click.BadParameter(f"{value!r}: write FIELD=KEY with FIELD one of {', '.join(FIELDS)}")
        pairs.append((name, key))
    return tuple(pairs)


def input_options(f):
    """The options every command that reads articles shares."""
    options = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--published", callback=_iso_date, metavar="DATE",
                     help="Publication date for items that carry none (ISO, e.g. 2023-09-16)."),
        click.option("--field", "fields", multiple=True, callback=_field_pairs, metavar="FIELD=KEY",
                     help="Read FIELD from the input key KEY (JSONL), e.g. --field published=created_at."),
        click.option("--max-chars", default=DEFAULT_MAX_CHARS, show_default=True, type=click.IntRange(1),
                     help="Refuse articles longer than this."),
        click.option("--any-language", is_flag=True, help="Process non-English items (with a warning) instead of skipping them."),
        click.option("--encoding", help="Encoding of text files that are not UTF-8 (default: detect)."),
        click.option("--model", envvar="NEWSGRAPH_MODEL", default=Settings().model, show_default=True,
                     help="spaCy model (package name or path)."),
        click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1),
                     help="Articles per batch (and per store transaction)."),
        click.option("--lexicon", metavar="DIR", type=click.Path(exists=True, file_okay=False),
                     help="A directory of lexicon files that extend or override the built-in ones."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _settings(published, fields, max_chars, any_language, encoding, model, batch_size,
              lexicon=None) -> Settings:
    return Settings(model=model, published=published, fields=fields, max_chars=max_chars,
                    any_language=any_language, encoding=encoding, batch_size=batch_size, lexicon=lexicon)


def _report_failures(failures) -> None:
    for failure in failures:
        click.echo(f"failed: {failure}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """newsgraph: news articles in, an evidence-linked record of who did what to whom out."""
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@main.command()
@input_options
@click.option("--db", default="newsgraph.db", show_default=True, help="SQLite database file.")
def ingest(paths, db, **options):
    """Read PATHS (files, directories, - for stdin), extract, and store the results in --db."""
    from newsgraph import jobs
    from newsgraph.console import IngestProgress, print_ingest_summary

    settings = _settings(**options)
    with IngestProgress(jobs.estimate_items(paths)) as progress:
        summary = jobs.ingest(list(paths), db, settings, progress=progress.update)
    print_ingest_summary(summary, db)
    _report_failures(summary.failed)
    sys.exit(1 if summary.failed else 0)


@main.command()
@input_options
@click.option("--pretty", is_flag=True, help="Indented JSON for people, instead of one object a line.")
def extract(paths, pretty, **options):
    """Print each article's document (JSON, one a line) to stdout; no database."""
    from newsgraph import jobs
    from newsgraph.errors import Failure
    from newsgraph.records import document

    failures = []
    for item in jobs.extract(paths, _settings(**options)):
        if isinstance(item, Failure):
            failures.append(item)
            click.echo(f"failed: {item}", err=True)
            continue
        text = json.dumps(document(item), ensure_ascii=False, indent=2 if pretty else None,
                          separators=None if pretty else (",", ":"))
        click.echo(text)
    sys.exit(1 if failures else 0)


@main.command()
@click.argument("article_id")
@click.option("--db", default="newsgraph.db", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="The stored document as JSON.")
def show(article_id, db, as_json):
    """Show one stored article (by id, id prefix or source id) and what was found in it."""
    from newsgraph.console import print_article
    from newsgraph.records import document
    from newsgraph.store import Store

    with Store(db, create=False) as store:
        result = store.get(article_id)
    if result is None:
        raise click.ClickException(f"no article {article_id!r} in {db}; `newsgraph search` finds ids")
    if as_json:
        click.echo(json.dumps(document(result), ensure_ascii=False, indent=2))
    else:
        print_article(result)


@main.command()
@click.argument("query")
@click.option("--db", default="newsgraph.db", show_default=True)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--json", "as_json", is_flag=True, help="Hits as JSON lines.")
def search(query, db, limit, offset, as_json):
    """Full-text search of the stored articles (words, "a phrase", OR, prefix*)."""
    from newsgraph.console import print_hits
    from newsgraph.store import Store

    with Store(db, create=False) as store:
        hits = store.search(query, limit=limit, offset=offset)
    if as_json:
        for hit in hits:
            click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
    else:
        print_hits(query, hits)


@main.command()
@click.option("--db", default="newsgraph.db", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def summary(db, as_json):
    """Counts, the most mentioned entities and the latest runs of a database."""
    from newsgraph.console import print_summary
    from newsgraph.store import Store

    with Store(db, create=False) as store:
        data = store.summary()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print_summary(data, db)


# The orders of Store.actors (store.read.ACTOR_ORDERS), written out so that parsing the command line
# does not import the store; a test keeps the two in step.
ACTOR_ORDERS = ("articles", "mentions", "name", "first_seen", "last_seen")


@main.command()
@click.option("--db", default="newsgraph.db", show_default=True, help="SQLite database file.")
@click.option("--type", "type_", metavar="TYPE", help="Only this entity type: PERSON, ORG, GPE, LOC, NORP, ...")
@click.option("--country", metavar="CODE", help="Only this country (ISO 3166-1 alpha-3, e.g. RUS).")
@click.option("--query", metavar="TEXT",
              help="Only actors with TEXT in their name or an alias (case and accents ignored).")
@click.option("--order", type=click.Choice(ACTOR_ORDERS), default="articles", show_default=True,
              help="Sort by articles, mentions, name, first_seen or last_seen.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--json", "as_json", is_flag=True, help="Actors as JSON lines.")
def entities(db, type_, country, query, order, limit, offset, as_json):
    """The actors of a database: each entity once across all the articles that name it.

    For each: its most frequent name, type, country, sector and CAMEO code, its latest role, how many
    articles and mentions, when it was first and last seen (publication dates), and its aliases."""
    from newsgraph.console import print_actors
    from newsgraph.store import Store

    with Store(db, create=False) as store:
        rows = store.actors(type=type_, country=country, query=query, order=order, limit=limit,
                            offset=offset)
        total = store.count_actors(type=type_, country=country, query=query)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
    else:
        print_actors(rows, total, offset)


@main.command()
@click.option("--db", default="newsgraph.db", show_default=True, help="SQLite database file.")
@click.option("--speaker", metavar="NAME",
              help="Only quotes by a speaker with NAME in their name, an alias or the article's words for "
                   "them (case and accents ignored); with --attributions, the source.")
@click.option("--query", metavar="WORDS", help="Only quotes (or claims) containing every one of WORDS.")
@click.option("--article", "article", metavar="ID", help="Only this article (id, id prefix or source id).")
@click.option("--kind", type=click.Choice(["direct", "partial"]),
              help="Only direct quotations (whole clauses) or partial ones (a few quoted words).")
@click.option("--attributions", is_flag=True,
              help="List attributions instead: what a source is reported to have said, without quotation marks.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
def quotes(db, speaker, query, article, kind, attributions, limit, offset, as_json):
    """Who said what: the stored quotations across articles, newest publication first.

    For each: the publication date, the article (short id and title), the speaker (the actor's name
    as `newsgraph entities` shows it, else the article's words for the speaker), the cue (`said`,
    `told reporters`) and the quoted words. --attributions lists the reported claims instead."""
    from newsgraph.console import print_quotes
    from newsgraph.store import Store

    if attributions and kind:
        raise click.UsageError("--kind applies to quotes only, not to --attributions")
    with Store(db, create=False) as store:
        article_id = None
        if article is not None:
            article_id = store.article_id(article)
            if article_id is None:
                raise click.ClickException(f"no article {article!r} in {db}; `newsgraph search` finds ids")
        if attributions:
            rows = store.attributions(source=speaker, query=query, article_id=article_id, limit=limit,
                                      offset=offset)
            total = store.count_attributions(source=speaker, query=query, article_id=article_id)
        else:
            rows = store.quotes(speaker=speaker, query=query, article_id=article_id, kind=kind, limit=limit,
                                offset=offset)
            total = store.count_quotes(speaker=speaker, query=query, article_id=article_id, kind=kind)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
    else:
        print_quotes(rows, total, offset, attributions=attributions)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option("--out", required=True, help="Output file (jsonl; - for stdout) or directory (csv, parquet).")
@click.option("--db", default="newsgraph.db", show_default=True)
def export(fmt, out, db):
    """Export the stored records: JSONL documents, or one CSV/Parquet table per record type."""
    from newsgraph.export import export as run_export
    from newsgraph.store import Store

    with Store(db, create=False) as store:
        counts = run_export(store, fmt, out)
    if out != "-":
        click.echo(", ".join(f"{n} {table}" for table, n in counts.items()) + f" -> {out}", err=True)


def run() -> None:
    """Entry point: newsgraph's own errors become one line and exit code 2, never a traceback."""
    try:
        main(standalone_mode=True)
    except NewsgraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
