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


def _day(ctx, param, value):
    """An ISO day (2023-09-16) for a date filter; anything else is a usage error that shows the form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date; write it as 2023-09-16") from None


def _cameo_prefix(ctx, param, value):
    if value is None:
        return None
    code = value.strip()
    if not code.isdigit() or not 1 <= len(code) <= 4:
        raise click.BadParameter(f"{value!r}: give the first digits of a CAMEO event code, e.g. 04 (consult) "
                                 "or 0871 (declare a ceasefire)")
    return code


def _alpha3(ctx, param, value):
    if value is None:
        return None
    code = value.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise click.BadParameter(f"{value!r}: write a three-letter ISO 3166 code, e.g. RUS or UKR")
    return code


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


def workers_option(f):
    return click.option(
        "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
        help="Run the NLP in N worker processes. Each worker loads the model (~400 MB of memory); "
             "N should not exceed the number of CPU cores.")(f)


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
@workers_option
def ingest(paths, db, workers, **options):
    """Read PATHS (files, directories, - for stdin), extract, and store the results in --db."""
    from newsgraph import jobs
    from newsgraph.console import IngestProgress, print_ingest_summary

    settings = _settings(**options)
    with IngestProgress(jobs.estimate_items(paths)) as progress:
        summary = jobs.ingest(list(paths), db, settings, progress=progress.update, workers=workers)
    print_ingest_summary(summary, db)
    _report_failures(summary.failed)
    sys.exit(1 if summary.failed else 0)


def _conf_pairs(ctx, param, values):
    pairs = []
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key.startswith("spark."):
            raise click.BadParameter(f"{value!r}: write KEY=VALUE with a Spark setting, "
                                     "e.g. spark.executor.memory=4g")
        pairs.append((key, setting))
    return tuple(pairs)


@main.command()
@input_options
@click.option("--pretty", is_flag=True, help="Indented JSON for people, instead of one object a line.")
@workers_option
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: documents to stdout from this machine's processes. spark: the same pipeline "
                   "on Apache Spark, tables to --out (needs pip install 'newsgraph[spark]' and Java).")
@click.option("--out", metavar="DIR", help="spark: where the Parquet tables go (a path, or hdfs://, s3://...). "
                                           "Rerunning with the same DIR resumes: finished chunks are skipped.")
@click.option("--master", metavar="URL", help="spark: the cluster (spark://host:7077, yarn, k8s://...); "
                                              "default local mode on this machine: local[--workers], every core "
                                              "if --workers is not given.")
@click.option("--chunk-size", default=500, show_default=True, type=click.IntRange(1),
              help="spark: about how many articles a chunk (a task, a file per table, a unit of resuming) holds; "
                   "small inputs get at least two chunks a core.")
@click.option("--spark-conf", "spark_conf", multiple=True, callback=_conf_pairs, metavar="KEY=VALUE",
              help="spark: a Spark setting, e.g. --spark-conf spark.executor.memory=4g (repeatable).")
def extract(paths, pretty, workers, engine, out, master, chunk_size, spark_conf, **options):
    """Print each article's document (JSON, one a line) to stdout, in input order; no database.
    With --engine spark, write the records as Parquet tables under --out instead (load them into a
    store with `newsgraph load`)."""
    from newsgraph import jobs
    from newsgraph.errors import Failure
    from newsgraph.records import document

    if engine == "spark":
        _extract_spark(paths, out, master, workers, chunk_size, spark_conf, _settings(**options))
        return
    if out or master or spark_conf:
        raise click.UsageError("--out, --master and --spark-conf are for --engine spark; the local engine "
                               "prints the documents to stdout")
    failures = []
    for item in jobs.extract(paths, _settings(**options), workers=workers):
        if isinstance(item, Failure):
            failures.append(item)
            click.echo(f"failed: {item}", err=True)
            continue
        text = json.dumps(document(item), ensure_ascii=False, indent=2 if pretty else None,
                          separators=None if pretty else (",", ":"))
        click.echo(text)
    sys.exit(1 if failures else 0)


def _extract_spark(paths, out, master, workers, chunk_size, conf, settings) -> None:
    from newsgraph.console import print_spark_summary
    from newsgraph.spark.engine import extract as spark_extract

    if not out:
        raise click.UsageError("--engine spark writes Parquet tables: give a directory with --out DIR")
    if master and not master.startswith("local") and \
            click.get_current_context().get_parameter_source("workers") != click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--workers sizes local mode; on a cluster, size the executors with "
                               "--spark-conf spark.executor.instances=N (and spark.executor.cores)")
    # --workers given: local[N]; not given: local[*], every core (the local engine's default is 1).
    given = click.get_current_context().get_parameter_source("workers") != click.core.ParameterSource.DEFAULT
    summary = spark_extract(list(paths), out, settings, master=master, workers=workers if given else None,
                            chunk_size=chunk_size, conf=conf)
    print_spark_summary(summary)
    _report_failures(summary.failed)
    sys.exit(1 if summary.failed else 0)


@main.command()
@click.argument("directory", metavar="DIR")
@click.option("--db", default="newsgraph.db", show_default=True, help="SQLite database file.")
def load(directory, db):
    """Merge the tables of `newsgraph extract --engine spark --out DIR` into the store at --db.
    Articles already stored are skipped; chunks the Spark run has not finished are left for later."""
    from newsgraph.console import print_load_summary
    from newsgraph.spark.load import load as load_tables

    summary = load_tables(directory, db)
    print_load_summary(summary, directory, db)
    _report_failures(summary.failed)
    sys.exit(1 if summary.failed else 0)


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


# The event types and modalities of the contract (store.events.EVENT_TYPES, MODALITIES), written out so
# that parsing the command line does not import the store; a test keeps them in step.
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "negated", "hypothetical", "future")


def _event_type(ctx, param, value):
    if value is None:
        return None
    kind = value.strip().upper()
    if kind not in EVENT_TYPES:
        raise click.BadParameter(f"{value!r} is not a PLOVER event type; use one of {', '.join(EVENT_TYPES)}")
    return kind


@main.command()
@click.option("--db", default="newsgraph.db", show_default=True, help="SQLite database file.")
@click.option("--actor", metavar="NAME",
              help="Only events whose actor or target has NAME as a name or alias (whole words; case and "
                   "accents ignored).")
@click.option("--pair", nargs=2, metavar="A B", help="Only events between A and B, in either direction.")
@click.option("--type", "type_", metavar="PLOVER", callback=_event_type,
              help="Only this PLOVER event type: " + ", ".join(EVENT_TYPES) + ".")
@click.option("--cameo", metavar="PREFIX", callback=_cameo_prefix,
              help="Only CAMEO codes starting with PREFIX, e.g. 04 (consult) or 0871 (ceasefire).")
@click.option("--since", callback=_day, metavar="DATE",
              help="Only events on or after DATE (ISO, e.g. 2023-01-01).")
@click.option("--until", callback=_day, metavar="DATE", help="Only events on or before DATE.")
@click.option("--modality", type=click.Choice(MODALITIES),
              help="Only events stated as happening (asserted), denied (negated), possible (hypothetical) "
                   "or announced (future).")
@click.option("--country", metavar="ISO3", callback=_alpha3,
              help="Only events whose actor or target belongs to this country (e.g. RUS).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
def events(db, actor, pair, type_, cameo, since, until, modality, country, limit, offset, as_json):
    """Who did what to whom: the stored events across articles, newest event date first.

    For each: the event date, the PLOVER type and mode, the CAMEO code, actor → target (the actors'
    names as `newsgraph entities` shows them), the modality, who reports it, the place, the trigger
    words and the article's short id (`newsgraph show ID` shows the article)."""
    from newsgraph.console import print_events
    from newsgraph.store import Store

    if since and until and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}; swap them")
    filters = dict(actor=actor, pair=pair, type=type_, cameo=cameo, since=since, until=until,
                   modality=modality, country=country)
    with Store(db, create=False) as store:
        rows = store.events(**filters, limit=limit, offset=offset)
        total = store.count_events(**filters)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
    else:
        print_events(rows, total, offset)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "plover"]), required=True,
              help="jsonl, csv, parquet: every record; gdelt, plover: the events (--events is implied).")
@click.option("--out", required=True,
              help="Output file (jsonl; - for stdout) or directory (csv, parquet). With --events: a file, "
                   "an existing directory (then events.gdelt.tsv, events.plover.jsonl, events.csv or "
                   "events.parquet in it), or - for stdout (not parquet).")
@click.option("--db", default="newsgraph.db", show_default=True)
@click.option("--events", "events_only", is_flag=True,
              help="Only the events, with their actor, target and place names: gdelt (the GDELT 2.0 event "
                   "table, tab-separated), plover (PLOVER JSON Lines), csv or parquet (one table).")
@click.option("--all-modalities", is_flag=True,
              help="gdelt, plover: also export events that are negated, hypothetical or future. Neither "
                   "format has a modality field, so by default only asserted events are written.")
def export(fmt, out, db, events_only, all_modalities):
    """Export the stored records: JSONL documents, or one CSV/Parquet table per record type; with
    --events (or --format gdelt|plover), the events alone.

    The GDELT and PLOVER layouts, which of their fields newsgraph fills and why the others are empty,
    are described in the README's export section."""
    from newsgraph.store import Store

    events_only = events_only or fmt in ("gdelt", "plover")
    if events_only and fmt == "jsonl":
        raise click.UsageError("--events writes gdelt, plover, csv or parquet; for events as JSON use "
                               "--format plover, or `newsgraph events --json`")
    if all_modalities and not events_only:
        raise click.UsageError("--all-modalities applies to the event exports (--format gdelt or plover)")
    if events_only:
        from newsgraph.export_events import export_events

        with Store(db, create=False) as store:
            counts = export_events(store, fmt, out, all_modalities=all_modalities)
        if counts.path != "-":
            left = (f"; {counts.left_out} negated, hypothetical or future events left out "
                    "(--all-modalities adds them)" if counts.left_out else "")
            click.echo(f"{counts.events} events -> {counts.path}{left}", err=True)
        return
    from newsgraph.export import export as run_export

    with Store(db, create=False) as store:
        counts = run_export(store, fmt, out)
    if out != "-":
        click.echo(", ".join(f"{n} {table}" for table, n in counts.items()) + f" -> {out}", err=True)


@main.command()
@click.option("--db", default="newsgraph.db", show_default=True, help="SQLite database file (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only. 0.0.0.0 serves the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db, host, port):
    """Serve the web UI over a database, read-only: search, articles with their highlights, actors
    with their timeline, co-actors and map, an overview; every page also as JSON (add .json to its
    URL, or see /api/...). Stop with Ctrl-C."""
    from newsgraph.web.app import create_app

    app = create_app(db)  # a missing or unreadable store fails here, like every other command
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsgraph: serving {db} at http://{shown}:{port}/ (read-only; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def run() -> None:
    """Entry point: newsgraph's own errors become one line and exit code 2, never a traceback."""
    try:
        main(standalone_mode=True)
    except NewsgraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
