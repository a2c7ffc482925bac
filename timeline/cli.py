"""The ``timeline`` command: argument parsing over the library, nothing more.

Every :class:`~timeline.errors.TimelineError` becomes a one-line message and
exit status 1; no SQL, date parsing or drawing happens here.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .dates import parse_date, tag
from .errors import InputError, OutputError, TimelineError
from .export import check_output, to_csv, to_json, to_jsonl
from .ingest import ItemError, ingest_paths, read_document
from .query import EventQuery, build_query
from .records import EventRecord
from .store import IngestResult, Store, new_event

FORMATS = ("table", "csv", "json", "jsonl")
CHART_SUFFIXES = (".png", ".svg", ".pdf")


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            raise click.ClickException(str(exc)) from exc


def _out() -> Console:
    # Piped output gets a wide table rather than rich's 80-column default.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _dct(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        iv = parse_date(value)
    except InputError as exc:
        raise type(exc)(f"{flag}: {exc}") from exc
    if iv.precision != "day":
        raise InputError(f"{flag} {value!r} is not a single day; give e.g. 2025-12-12")
    return iv.start


db_option = click.option(
    "--db",
    envvar="TIMELINE_DB",
    default=None,
    metavar="PATH_OR_URL",
    help="Database file or SQLAlchemy URL [env TIMELINE_DB; default db/timeline.db].",
)


def filter_options(fn: Any) -> Any:
    """The filters shared by query and plot."""
    opts = [
        click.option("--from", "date_from", metavar="DATE", help="Start of range (any date text)."),
        click.option("--to", "date_to", metavar="DATE", help="End of range (any date text)."),
        click.option("--kind", "kinds", multiple=True, help="Event kind; repeat for several."),
        click.option("--actor", "actors", multiple=True, help="ISO code; repeat: all must match."),
        click.option("--status", type=click.Choice(["occurred", "planned"]), default=None),
        click.option("--series", default=None, help="Series such as NCG."),
        click.option("--text", default=None, help="Words in the title, place or evidence."),
        click.option("--within", is_flag=True, help="Only events wholly inside the range."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _query_from(kw: dict[str, Any]) -> EventQuery:
    return build_query(
        date_from=kw["date_from"],
        date_to=kw["date_to"],
        kinds=kw["kinds"],
        actors=kw["actors"],
        status=kw["status"],
        series=kw["series"],
        text=kw["text"],
        within=kw["within"],
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="timeline")
def main() -> None:
    """Turn news about an alliance into a queryable, plotted timeline of dated events."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", metavar="DATE", help="Publication date (DCT) for every input.")
@click.option("--glob", default=None,
              help="File pattern inside folders (default *.txt, *.md, *.html, *.htm).")
@click.option("--summaries", is_flag=True, help="Feeds: store each item's summary, fetch no pages.")
@click.option("--refetch", is_flag=True, help="Fetch URLs again even if already stored.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds per web request.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes extracting events (one process writes, in input order).")
@db_option
@click.option("-q", "--quiet", is_flag=True, help="Only the summary line.")
def ingest(paths: tuple[str, ...], published: str | None, glob: str | None, summaries: bool,
           refetch: bool, timeout: float, workers: int, db: str | None, quiet: bool) -> None:
    """Ingest articles: files, folders, - for stdin, URLs, RSS/Atom feeds, JSONL/CSV bundles."""
    from .fetch import FetchOptions
    from .progress import batch_progress

    dct = _dct(published, "--published")
    options = FetchOptions(timeout=timeout)
    err = _err()
    with Store(db) as store, batch_progress(err) as bar:

        def report(source: str, outcome: IngestResult | ItemError) -> None:
            bar.advance(failed=isinstance(outcome, ItemError),
                        new=isinstance(outcome, IngestResult) and outcome.new)
            if isinstance(outcome, ItemError):
                bar.print(f"[red]error[/red]: {outcome.message}")
            elif not quiet:
                state = "new" if outcome.new else "already known"
                extra = f", {outcome.events_new} new / {outcome.events_merged} merged events" if outcome.new else ""
                bar.print(f"{source}: {state}{extra}")

        def note(source: str, message: str) -> None:
            bar.print(f"[yellow]note[/yellow]: {source}: {message}")

        summary = ingest_paths(store, paths, published=dct, glob=glob, summaries=summaries,
                               fetch_options=options, refetch=refetch, on_item=report,
                               on_plan=bar.plan, on_note=note, workers=workers)
        totals = store.stats()
    line = (
        f"articles: {summary.articles_new} new, {summary.articles_known} already known, "
        f"{len(summary.failed)} failed; events: {summary.events_new} new, "
        f"{summary.events_merged} merged; junk paragraphs skipped: {summary.junk_skipped}; "
        f"dates unresolved: {summary.dates_unresolved}"
    )
    if summary.without_dct:
        line += f"; {summary.without_dct} article(s) without a publication date (use --published)"
    if summary.from_summary:
        line += f"; {summary.from_summary} feed item(s) from their summary"
    click.echo(line)
    if summary.dct_from:
        sources = ", ".join(f"{n} {name}" for name, n in sorted(summary.dct_from.items()))
        click.echo(f"publication dates from: {sources}")
    click.echo(f"database: {store.url} ({totals['articles']} articles, {totals['events']} events)")
    if summary.failed:
        sys.exit(1)


@main.command()
@click.option("--date", "date_text", required=True, help="Date text: 2025-12-11, 'first half of 2026'…")
@click.option("--kind", required=True, help="Event kind (meeting, summit, missile_launch…).")
@click.option("--title", required=True)
@click.option("--actors", default="", help="Comma-separated ISO codes, e.g. US,KR.")
@click.option("--participants", default="", help="Comma-separated names.")
@click.option("--location", default=None)
@click.option("--status", type=click.Choice(["occurred", "planned"]), default=None,
              help="Default: planned if the date is after today.")
@click.option("--series", default=None, help="Series such as NCG.")
@click.option("--ordinal", type=int, default=None, help="Number in the series (5 for the fifth).")
@click.option("--source", default=None, help="Where the fact comes from (URL or note).")
@db_option
def add(date_text: str, kind: str, title: str, actors: str, participants: str, location: str | None,
        status: str | None, series: str | None, ordinal: int | None, source: str | None,
        db: str | None) -> None:
    """Add one event by hand; the date goes through the same date parser."""
    event = new_event(
        date=date_text, kind=kind, title=title, actors=actors.split(","),
        participants=participants.split(","), location=location, status=status, series=series,
        ordinal=ordinal, source=source,
    )
    with Store(db) as store:
        event_id, merged = store.add_event(event)
        record = store.get(event_id)
    assert record is not None
    verb = "merged into" if merged else "added"
    click.echo(
        f"{verb} event {event_id}: {record.title} [{record.kind}] {record.date_value} "
        f"({record.date_start}..{record.date_end}, {record.precision}, {record.status})"
    )


def _table(records: Sequence[EventRecord]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for name in ("id", "date", "precision", "kind", "status", "title", "actors", "sources"):
        table.add_column(name, overflow="fold")
    for r in records:
        table.add_row(
            str(r.id), r.date_value, r.precision, r.kind, r.status, r.title, ",".join(r.actors),
            str(len(r.sources)),
        )
    return table


@main.command()
@filter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="At most this many events.")
@db_option
def query(fmt: str, limit: int | None, db: str | None, **kw: Any) -> None:
    """List events by date range and filters, sorted by date."""
    q = _query_from(kw)
    if limit is not None:
        q = build_query(**{**_kw_of(q), "limit": limit})
    with Store(db) as store:
        records = store.query(q)
    if fmt == "json":
        click.echo(to_json(records), nl=False)
    elif fmt == "jsonl":
        click.echo(to_jsonl(records), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(records), nl=False)
    else:
        out = _out()
        out.print(_table(records))
        out.print(f"{len(records)} event(s)")


def _kw_of(q: EventQuery) -> dict[str, Any]:
    return {
        "date_from": q.date_from, "date_to": q.date_to, "kinds": q.kinds, "actors": q.actors,
        "status": q.status, "series": q.series, "text": q.text, "within": q.within,
    }


@main.command()
@filter_options
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Chart file: .png, .svg or .pdf.")
@click.option("--title", default=None, help="Chart title.")
@click.option("--lanes", type=click.Choice(["group", "kind", "actor", "series", "none"]),
              default="group", show_default=True)
@click.option("--width", type=float, default=12.0, show_default=True, help="Inches.")
@click.option("--height", type=float, default=None, help="Inches (default: from the lanes).")
@click.option("--dpi", type=int, default=150, show_default=True)
@click.option("--today/--no-today", default=False, help="Draw a line at today's date.")
@click.option("--density", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Show frequent kinds as counts per week/month/quarter in crowded lanes.")
@db_option
def plot(output: Path, title: str | None, lanes: str, width: float, height: float | None,
         dpi: int, today: bool, density: str, db: str | None, **kw: Any) -> None:
    """Draw the timeline of the matching events."""
    from .plot import plot_events

    q = _query_from(kw)
    check_output(output, CHART_SUFFIXES)
    with Store(db) as store:
        records = store.query(q)
    if not records:
        raise InputError("no events match these filters; widen them or ingest articles first")
    try:
        path = plot_events(
            records, output, title=title, lanes=lanes,  # type: ignore[arg-type]
            width=width, height=height, dpi=dpi, density=density,  # type: ignore[arg-type]
            today=dt.date.today() if today else None, generated=dt.date.today(),
        )
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror}") from exc
    click.echo(f"wrote {path} ({len(records)} events)")


@main.command("export")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "ics", "timelinejs"]),
              required=True, help="csv, json, jsonl, ics (iCalendar) or timelinejs (TimelineJS 3).")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--title", default=None, help="Calendar or timeline title.")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@db_option
def export_cmd(fmt: str, output: Path | None, title: str | None, limit: int | None,
               db: str | None, **kw: Any) -> None:
    """Export events (same filters as query) for spreadsheets, calendars and TimelineJS."""
    from .export import render, write_export

    q = _query_from(kw)
    if limit is not None:
        q = build_query(**{**_kw_of(q), "limit": limit})
    if output is not None:
        check_output(output)
    with Store(db) as store:
        records = store.query(q)
        url = store.url
    name = title or "U.S.-ROK alliance timeline"
    text = render(records, fmt, namespace=url, name=name, title=name)
    if output is None:
        click.echo(text, nl=False)
        return
    write_export(text, output)
    click.echo(f"wrote {output} ({len(records)} events, {fmt})", err=True)


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--map", "mapping", multiple=True, metavar="COL=FIELD,...",
              help="Which column feeds which field (date, kind, title, actors, participants, "
                   "location, status, series, ordinal, confidence, evidence, source, url). "
                   "Default: columns named like fields.")
@click.option("--kind-map", "kind_map", multiple=True, metavar="VALUE=KIND,...",
              help="Kind for a value of the kind column; '*=KIND' for all others. "
                   "Unmapped values are classified from the evidence or title.")
@click.option("--set", "defaults", multiple=True, metavar="FIELD=TEMPLATE",
              help="Value for a field a row leaves empty, with {column} placeholders; repeat.")
@db_option
def import_cmd(file: Path, mapping: tuple[str, ...], kind_map: tuple[str, ...],
               defaults: tuple[str, ...], db: str | None) -> None:
    """Import an event list (CSV, JSON, JSONL), e.g. a JSON export or an incident database."""
    from .importer import (
        ImportSpec,
        describe,
        import_events,
        parse_kind_map,
        parse_mapping,
        parse_set,
    )

    spec = ImportSpec(
        mapping=parse_mapping(mapping) if mapping else None,
        kind_map=parse_kind_map(kind_map),
        defaults=parse_set(defaults),
    )
    err = _err()
    with Store(db) as store:
        summary = import_events(
            store, file, spec, on_error=lambda e: err.print(f"[red]error[/red]: {e.message}")
        )
        totals = store.stats()
    click.echo(describe(summary))
    click.echo(f"database: {store.url} ({totals['articles']} articles, {totals['events']} events)")
    if summary.failed:
        sys.exit(1)


@main.command("tag")
@click.argument("files", nargs=-1, required=True)
@click.option("--dct", default=None, metavar="DATE", help="Document creation time for every file.")
@click.option("--format", "fmt", type=click.Choice(["timeml", "json"]), default="json", show_default=True)
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write one file per input here (same name) instead of stdout.")
def tag_cmd(files: tuple[str, ...], dct: str | None, fmt: str, out_dir: Path | None) -> None:
    """Tag the temporal expressions of texts or TimeML files."""
    from .timeml import parse_timeml, plain_timeml, timexes_json, write_timeml

    dct_date = _dct(dct, "--dct")
    if out_dir is not None:
        if not out_dir.is_dir():
            raise OutputError(f"--out-dir {out_dir} does not exist; create it first")
        check_output(out_dir / "probe")
    failed = 0
    for name in files:
        try:
            if name.lower().endswith((".tml", ".te3input")):
                raw = _read_text(name)
                doc = parse_timeml(raw)
                timexes = tag(doc.text, dct_date or doc.dct)
                text, day = doc.text, dct_date or doc.dct
                rendered = (
                    write_timeml(doc, timexes) if fmt == "timeml" else timexes_json(name, day, timexes)
                )
            else:
                document = read_document(name)
                day = dct_date or document.published
                timexes = tag(document.text, day)
                text = document.text
                rendered = (
                    plain_timeml(text, day, timexes) if fmt == "timeml" else timexes_json(name, day, timexes)
                )
        except (TimelineError, ValueError) as exc:
            _err().print(f"[red]error[/red]: {exc}")
            failed += 1
            continue
        if out_dir is not None:
            (out_dir / Path(name).name).write_text(rendered, encoding="utf-8")
        else:
            click.echo(rendered, nl=False)
    if failed:
        sys.exit(1)


def _read_text(name: str) -> str:
    path = Path(name)
    if not path.is_file():
        raise InputError(f"{name}: no such file; check the path")
    return path.read_text(encoding="utf-8")


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out/demo"), show_default=True, help="Folder for the database and chart.")
def demo(out_dir: Path) -> None:
    """Ingest the bundled sample articles into a fresh database and chart them."""
    from .demo import run_demo

    result = run_demo(out_dir)
    out = _out()
    s = result.summary
    out.print(
        f"Ingested {s.articles_new} sample articles: {s.events_new} events "
        f"({s.events_merged} more reports merged into them)."
    )
    out.print(_table(result.events))
    out.print(f"database: {result.db_path}")
    out.print(f"chart:    {result.chart_path}")
    out.print(f"try:      timeline query --db {result.db_path} --from 2025-11-01 --to 2026-06-30")


if __name__ == "__main__":  # pragma: no cover
    main()
