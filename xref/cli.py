"""The ``xref`` command: parse arguments, call the library, render. Only here do errors become exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from xref._version import __version__
from xref.errors import UsageError, XrefError

app = typer.Typer(
    name="xref",
    help="Cross-reference claims across news sources: which claims they share, and how each tells them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    json = "json"
    html = "html"
    jsonl = "jsonl"
    csv = "csv"
    claimreview = "claimreview"
    label_studio = "label-studio"
    label_studio_config = "label-studio-config"


class Status(str, Enum):
    open = "open"
    accepted = "accepted"
    dismissed = "dismissed"
    needs_check = "needs-check"


DB_HELP = "Review database (SQLite). [default: reviews.sqlite3 in the user data folder]"


class Severity(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"


class PairScore(str, Enum):
    blend = "blend"
    cosine = "cosine"
    learned = "learned"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xref {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """xref: claim cross-referencing and source comparison for news."""


@contextmanager
def _reported(*, debug: bool):
    """Every command's errors become one line on stderr and an exit code (2 usage, 1 other)."""
    try:
        yield
    except typer.Exit:
        raise
    except Exception as error:  # the one place unexpected failures are turned into a message
        _fail(error, debug=debug)


def _fail(error: BaseException, *, debug: bool) -> None:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    message = str(error) if isinstance(error, XrefError) else f"unexpected {type(error).__name__}: {error}"
    typer.echo(f"xref: error: {message}", err=True)
    code = error.exit_code if isinstance(error, XrefError) else 1
    if not isinstance(error, XrefError) and not debug:
        typer.echo("xref: run again with --debug to see the traceback", err=True)
    raise typer.Exit(code)


@app.command()
def compare(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Two or more sources: text, HTML or JSONL files, http(s) URLs, or - for stdin. "
            "Each JSONL line is one source.",
            show_default=False,
        ),
    ],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to this file.")] = None,
    pair_score: Annotated[
        PairScore,
        typer.Option(
            "--pair-score",
            help="How claim units are scored: the learned pair model blended with "
            "embedding cosines (blend), either alone (learned, cosine).",
        ),
    ] = PairScore.blend,
    threshold: Annotated[
        float | None,
        typer.Option(
            help="Claim cut (0-1) on the pair score: higher gives tighter, fewer shared claims. "
            "[default: 0.4 blend, 0.55 cosine, 0.25 learned; a registered model may set its own]"
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Embedding model: a registry name or a local sentence-transformers folder.")
    ] = None,
    label: Annotated[
        list[str] | None, typer.Option("--label", "-l", help="Label for each input, in order (repeat the option).")
    ] = None,
    furniture: Annotated[
        Path | None, typer.Option(help="A furniture-rules TOML file to use instead of the built-in rules.")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")] = False,
    strict: Annotated[bool, typer.Option(help="Fail (exit 2) on any unusable source instead of skipping it.")] = False,
    flag_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            help="Only flags of this type (repeat the option): number, quote, qualifier, hedging, attribution, "
            "participants, entity, temporal, loaded_language, omission.",
        ),
    ] = None,
    min_severity: Annotated[
        Severity, typer.Option("--min-severity", help="Only flags of at least this severity.")
    ] = Severity.low,
    save: Annotated[bool, typer.Option("--save", help="Record the run in the review database; prints its id.")] = False,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no warnings.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Compare two or more sources claim by claim."""
    with _reported(debug=debug):
        from xref.ingest.furniture import FurnitureRules
        from xref.pipeline import compare as run_compare

        if (
            len(sources) < 2
            and "-" not in sources
            and not any(s.lower().endswith((".jsonl", ".json", ".ndjson")) for s in sources)
        ):
            raise UsageError("compare needs at least two sources (or a JSONL file holding several)")
        rules = FurnitureRules.from_file(furniture) if furniture else None
        with _progress_bar(enabled=not quiet) as progress:
            comparison = run_compare(
                sources,
                labels=label,
                model=model,
                threshold=threshold,
                pair_score=pair_score.value,
                use_cache=not no_cache,
                strict=strict,
                furniture=rules,
                progress=progress,
                detectors=flag_type,
            )
        if not quiet:
            for warning in comparison.warnings:
                typer.echo(f"xref: warning: {warning}", err=True)
        verdicts: dict = {}
        if save:  # the run is recorded whole; --min-severity only filters what is shown
            from xref.export import verdict_dicts
            from xref.store import ReviewStore

            with ReviewStore(db) as store:
                run_id = store.save_run(comparison.to_dict())
                verdicts = verdict_dicts(store)
            typer.echo(f"xref: saved run {run_id} to {store.path}", err=True)
        _write(comparison.filtered(min_severity=min_severity.value), output_format, output, verdicts)


@contextmanager
def _progress_bar(*, enabled: bool):
    """A transient embedding progress bar on stderr, only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("embedding", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _emit(text: str, output: Path | None) -> None:
    if output:
        _write_file(output, text)
    else:
        sys.stdout.write(text)


def _write(comparison, output_format: OutputFormat, output: Path | None, verdicts: dict | None = None) -> None:
    if output_format is not OutputFormat.text:
        from xref.export import export

        _emit(export(comparison.to_dict(), output_format.value, verdicts or {}), output)
        return
    from rich.console import Console

    from xref.render import render

    if output:
        with _open_output(output) as handle:
            render(comparison, Console(file=handle, width=140, color_system=None, force_terminal=False))
        return
    render(comparison, _console())


def _open_output(path: Path):
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write output ({exc.strerror or exc})") from exc


def _write_file(path: Path, text: str) -> None:
    with _open_output(path) as handle:
        handle.write(text)


@app.command("export")
def export_run(
    run_id: Annotated[str, typer.Argument(help="A run id from `xref compare --save` (a unique prefix will do).")],
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the export to this file.")] = None,
    author: Annotated[
        str | None, typer.Option(help="ClaimReview author (your organisation), for --format claimreview.")
    ] = None,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Export a saved run with its verdicts: jsonl, csv, claimreview, label-studio (and json, html)."""
    with _reported(debug=debug):
        from xref.export import EXPORTERS, export_run

        _emit(export_run(run_id, output_format.value, db=db, author=author), output)
        if output is not None and output_format is ExportFormat.label_studio:
            config = output.with_suffix(".label-config.xml")
            _write_file(config, EXPORTERS["label-studio-config"]({}))
            typer.echo(f"xref: wrote {output} and its labelling config {config}", err=True)


review_app = typer.Typer(help="Review flags: list them, show one, record a verdict.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("list")
def review_list(
    status: Annotated[Status | None, typer.Option(help="Only flags with this status.")] = None,
    run: Annotated[str | None, typer.Option("--run", help="Flags of this run. [default: the latest run]")] = None,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """List flags with their review status."""
    with _reported(debug=debug):
        from xref.store import ReviewStore

        with ReviewStore(db, create=False) as store:
            flags = store.flags(run_id=run, status=status.value if status else None)
        from rich.table import Table

        table = Table(box=None, pad_edge=False)
        for column in ("flag", "status", "type", "severity", "reason"):
            table.add_column(column, overflow="fold")
        for flag in flags:
            table.add_row(flag.id, flag.status, flag.type, flag.severity, flag.reason)
        _console().print(table if flags else "No flags match.")


@review_app.command("show")
def review_show(
    flag_id: Annotated[str, typer.Argument(help="A flag id (a unique prefix will do).")],
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Show one flag: its reason, evidence, status and verdict history."""
    with _reported(debug=debug):
        from xref.store import ReviewStore

        with ReviewStore(db, create=False) as store:
            flag = store.flag(flag_id)
        lines = [
            f"flag {flag.id} · {flag.type} · {flag.severity} · {flag.status} (run {flag.run_id})",
            flag.reason,
            *(f"  {e['source']} [{e['start']}:{e['end']}]: “{e['text']}”" for e in flag.evidence),
        ]
        for verdict in flag.history:
            who = f" by {verdict.reviewer}" if verdict.reviewer else ""
            note = f": {verdict.note}" if verdict.note else ""
            lines.append(f"  {verdict.created_at} {verdict.status}{who}{note}")
        typer.echo("\n".join(lines))


@review_app.command("set")
def review_set(
    flag_id: Annotated[str, typer.Argument(help="A flag id (a unique prefix will do).")],
    status: Annotated[Status, typer.Argument(help="accepted, dismissed or needs-check.")],
    note: Annotated[str, typer.Option(help="Why: kept with the verdict.")] = "",
    reviewer: Annotated[str | None, typer.Option(help="Who decided.")] = None,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Record a verdict on a flag; earlier verdicts stay in its history."""
    with _reported(debug=debug):
        from xref.store import ReviewStore

        if status is Status.open:
            raise UsageError("a verdict is accepted, dismissed or needs-check (open means no verdict yet)")
        with ReviewStore(db, create=False) as store:
            verdict = store.set_verdict(flag_id, status.value, note=note, reviewer=reviewer)
        typer.echo(f"{verdict.flag_id}: {verdict.status}")


def _console():
    from rich.console import Console

    is_terminal = sys.stdout.isatty()
    return Console(
        width=None if is_terminal else int(os.environ.get("COLUMNS", "140")),
        color_system="auto" if is_terminal else None,
        no_color=not is_terminal or "NO_COLOR" in os.environ,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
