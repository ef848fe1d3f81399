"""The ``leaflets`` command: a thin typer layer over the library API.

Exit codes: 0 success, 1 a gate failed, 2 bad input or usage. Problems in user input are
printed as ``path:line:col: message`` lines on stderr, never as a traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from pipeline import __version__
from pipeline.problems import InputError, Problem
from pipeline.settings import Settings, find_project, load_settings

if TYPE_CHECKING:
    from pipeline.project import Project

# Commands import what they use, so `leaflets build` with nothing to do starts fast.

app = typer.Typer(
    name="leaflets",
    help="Turn patient information leaflets into translated, accessible publications.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])

ProjectOption = Annotated[
    Path | None,
    typer.Option("--project", "-C", help="Project folder (default: the nearest with a pyproject.toml)."),
]


def report_input_errors(func: F) -> F:
    """Turn InputError into one line per problem on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            count = len(exc.problems)
            typer.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
            raise typer.Exit(2) from None
        except OSError as exc:
            # the disk is full, a folder is read-only, a file vanished: the system's refusal, said plainly
            where = exc.filename if exc.filename is not None else "a file"
            typer.echo(f"{where}: {exc.strerror or exc}: nothing was lost (every file is written to a temporary "
                       "file and renamed); fix this and run the command again", err=True)
            raise typer.Exit(2) from None
        except RuntimeError as exc:
            if type(exc).__name__ != "BrokenProcessPool":  # not imported: a no-op build loads no pool code
                raise
            typer.echo("a worker process died (out of memory, or killed): run the command again, with --jobs 1 "
                       "to use less memory", err=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def load_project(settings: Settings, jobs: int | None = None) -> Project:
    """Every source leaflet of the project, read and checked (InputError lists every problem)."""
    from pipeline.project import load_project as load

    return load(settings, jobs)


def _configured(settings: Settings, codes: list[str] | None) -> list[str]:
    """``--locale`` values as the settings spell them (``--locale PL`` is ``pl``); others unchanged."""
    from pipeline.locale_codes import same_locale

    return [next((c for c in settings.locales if same_locale(c, code)), code) for code in codes or []]


def settings_for(project: Path | None) -> Settings:
    """Settings of the project folder given, or of the nearest one above the current folder."""
    root = project.resolve() if project else find_project(Path.cwd())
    return load_settings(root)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"leaflets {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Turn patient information leaflets into translated, accessible publications."""


@app.command()
@report_input_errors
def validate(project: ProjectOption = None) -> None:
    """Check every source leaflet and report every problem at once (exit 2 if any)."""
    from pipeline.project import check_sources

    settings = settings_for(project)
    leaflets, problems = check_sources(settings)
    if problems:
        raise InputError(problems)
    typer.echo(f"{len(leaflets)} leaflet{'s' if len(leaflets) != 1 else ''} valid.")


@app.command(name="format")
@report_input_errors
def format_(
    files: Annotated[list[Path] | None, typer.Argument(help="Leaflets to format (default: all).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Only report files that would change (exit 1).")] = False,
    project: ProjectOption = None,
) -> None:
    """Rewrite source leaflets in the canonical Markdown form."""
    from pipeline.markdown_writer import write_leaflet
    from pipeline.project import check_sources

    settings = settings_for(project)
    # a draft left by `leaflets import` (values 'TO FILL IN') is formatted; validate refuses it
    leaflets, problems = check_sources(settings, [p.resolve() for p in files] if files else None, draft=True)
    if problems:
        raise InputError(problems)
    from pipeline.atomic import ChangedMeanwhile, fingerprint_bytes, write_text_if_unchanged
    from pipeline.inputs import read_input
    from pipeline.reader import parse_leaflet

    changed = 0
    kept: list[Problem] = []
    for leaflet in leaflets:
        path = settings.root / leaflet.path if not Path(leaflet.path).is_absolute() else Path(leaflet.path)
        # formatted from these bytes, and written only if the file still holds them: an edit
        # saved meanwhile is kept
        data = read_input(path, leaflet.path, "source")
        original = data.decode("utf-8-sig")
        text = write_leaflet(parse_leaflet(original, leaflet.path, draft=True))
        if original != text:
            changed += 1
            if check:
                typer.echo(f"{leaflet.path}: would be reformatted")
                continue
            try:
                write_text_if_unchanged(path, text, fingerprint_bytes(data))
            except ChangedMeanwhile:
                kept.append(Problem(leaflet.path, 1, 1, "the file changed while format ran, so it was left as "
                                    "it is: run `leaflets format` again"))
                continue
            typer.echo(f"{leaflet.path}: reformatted")
    if kept:
        raise InputError(kept)
    if check and changed:
        raise typer.Exit(1)


REPORT_FORMATS = ("text", "json")


def _parse_shard(value: str) -> tuple[int, int]:
    try:
        number, count = (int(part) for part in value.split("/"))
    except ValueError:
        number, count = 0, 0
    if not 1 <= number <= count:
        raise typer.BadParameter(f"'{value}' is not a shard: write K/N with 1 <= K <= N, such as 2/4")
    return number, count


@app.command()
@report_input_errors
def build(
    leaflet: Annotated[list[str] | None,
                       typer.Option("--leaflet", help="Build only this leaflet (repeatable).")] = None,
    locale: Annotated[list[str] | None, typer.Option("--locale", help="Build only this locale (repeatable).")] = None,
    format_: Annotated[list[str] | None, typer.Option(
        "--format", help="Build only these outputs: html, easy-read-html, epub, easy-read-epub, pdf, "
        "large-print-pdf, easy-read-pdf (repeatable); "
        "'json' prints the summary as JSON.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPUs).")] = None,
    shard: Annotated[str | None, typer.Option("--shard", help="Build part K of N (K/N), for a CI matrix.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="One line per stage, no progress bar.")] = False,
    project: ProjectOption = None,
) -> None:
    """Build every leaflet for every published locale into the output folder (incremental, parallel)."""
    from pipeline.dist_layout import FORMATS
    from pipeline.incremental import Selection, build_catalogue
    from pipeline.progress import Feedback

    chosen = set(format_ or [])
    as_json = "json" in chosen
    chosen -= {"json", "text"}
    bad = sorted(chosen - set(FORMATS))
    if bad:
        raise typer.BadParameter(f"unknown format '{bad[0]}': use {', '.join(FORMATS)} or json",
                                 param_hint="--format")
    settings = settings_for(project)
    selection = Selection(frozenset(leaflet or []), frozenset(_configured(settings, locale)), frozenset(chosen),
                          _parse_shard(shard) if shard else (1, 1))
    feedback = Feedback(quiet=quiet or as_json)
    with feedback:
        report = build_catalogue(settings, selection, jobs, feedback.progress)
    if as_json:
        typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        if report.problems:
            raise typer.Exit(2)
        return
    for path, reason in report.skipped:
        typer.echo(f"skipped {path}: {reason}", err=True)
    for path, note in report.notes:
        typer.echo(f"published {path}, but: {note}", err=True)
    feedback.stage("plan", f"{len(report.reused)} output(s) up to date without reading their leaflet",
                   report.seconds.plan)
    feedback.stage("render", f"{len(report.leaflets_read)} leaflet(s) read, {len(report.written)} file(s) written, "
                   f"{len(report.unchanged)} unchanged", report.seconds.render)
    feedback.stage("catalogue", f"{len(report.removed)} stale file(s) removed; output in {settings.output_dir}",
                   report.seconds.catalogue)
    _exit_on_problems(report.problems, "not published (every other edition was built)")


@app.command()
@report_input_errors
def extract(project: ProjectOption = None) -> None:
    """Write the translation templates: locales/<leaflet>.pot and locales/ui.pot."""
    from pipeline.po.workflow import extract as run_extract

    settings = settings_for(project)
    written = run_extract(settings, load_project(settings).leaflets)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"{len(written)} template(s) written; the others were already up to date.")


def _print_update(report: Any) -> None:
    for notice in report.notices:
        typer.echo(f"{notice} (notice)", err=True)
    for path in report.written:
        typer.echo(f"wrote {path}")
    typer.echo(f"{len(report.written)} file(s) written, {len(report.unchanged)} unchanged.")
    _exit_on_problems(report.problems, "left as they were")


def _exit_on_problems(problems: list[Any], what: str) -> None:
    """Print the problems of files that could not be used (after the rest was done), exit 2."""
    if not problems:
        return
    for problem in problems:
        typer.echo(str(problem), err=True)
    count = len(problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''} found; the files concerned were {what}.", err=True)
    raise typer.Exit(2)


@app.command()
@report_input_errors
def update(
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPUs).")] = None,
    check_only: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if any file would "
                                             "change (for CI).")] = False,
    project: ProjectOption = None,
) -> None:
    """Extract, then merge the templates into every locale's PO files (msgmerge rules)."""
    from pipeline.po.workflow import update as run_update

    settings = settings_for(project)
    report = run_update(settings, load_project(settings, jobs).leaflets, jobs=jobs, dry_run=check_only)
    if not check_only:
        _print_update(report)
        return
    for notice in report.notices:
        typer.echo(f"{notice} (notice)", err=True)
    for path in report.written:
        typer.echo(f"would write {path}")
    _exit_on_problems(report.problems, "left as they were")
    if report.written:
        typer.echo(f"{len(report.written)} file(s) would change: run `leaflets update`.")
        raise typer.Exit(1)
    typer.echo("Every template and PO file is up to date.")


@app.command()
@report_input_errors
def init(
    locale: Annotated[str, typer.Argument(help="Locale code, such as cy, pl, es, ar, ur or pt_BR.")],
    project: ProjectOption = None,
) -> None:
    """Add a locale: PO files for every leaflet and the interface words, and the setting."""
    from pipeline.po.templates import LocaleError
    from pipeline.po.workflow import init_locale

    settings = settings_for(project)
    try:
        report = init_locale(settings, load_project(settings).leaflets, locale)
    except LocaleError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    _print_update(report)


def _translated_leaflet(settings: Settings, leaflet: str, locale: str) -> tuple[Any, str]:
    """The source leaflet ``leaflet`` and ``locale`` as the settings spell it; InputError if either
    is not the project's."""
    from pipeline.problems import suggest

    code = _configured(settings, [locale])[0]
    if code not in settings.locales:
        raise InputError([Problem("pyproject.toml", 1, 1, f"'{locale}' is not one of this project's locales "
                                  f"({', '.join(settings.locales)}).{suggest(locale, list(settings.locales))}")])
    leaflets = load_project(settings).leaflets
    found = [lf for lf in leaflets if lf.meta.slug == leaflet]
    if not found:
        raise InputError([Problem("--leaflet", 0, 0, f"no leaflet '{leaflet}' in {settings.source_dir.name}/."
                                  f"{suggest(leaflet, [lf.meta.slug for lf in leaflets])}")])
    return found[0], code


@app.command()
@report_input_errors
def approve(
    leaflet: Annotated[str, typer.Argument(help="The leaflet id.")],
    by: Annotated[str, typer.Option("--by", help="The approving clinician's name, such as \"Dr Aisha Patel\".")],
    role: Annotated[str, typer.Option("--role", help="Their role, such as \"Consultant in Pain Medicine\".")],
    project: ProjectOption = None,
) -> None:
    """Record a clinical approval of the leaflet's current text and version in its front matter."""
    from pipeline.approve import approve as record_approval

    settings = settings_for(project)
    path = settings.source_dir / f"{leaflet}.md"
    if not path.is_file():
        names = sorted(p.stem for p in settings.source_files())
        from pipeline.problems import suggest

        raise InputError([Problem("--leaflet", 0, 0, f"no leaflet '{leaflet}' in {settings.source_dir.name}/."
                                  f"{suggest(leaflet, names)}")])
    done = record_approval(path, by, role)
    typer.echo(f"{settings.source_dir.name}/{path.name}: version {done.version} approved by {by.strip()} "
               f"({role.strip()}) on {done.day}; text fingerprint {done.fingerprint}")


@app.command()
@report_input_errors
def archive(
    leaflet: Annotated[str, typer.Argument(help="The leaflet id.")],
    project: ProjectOption = None,
) -> None:
    """Keep the leaflet's current version (source, translations, review records) in the archive folder,
    so the build keeps publishing it as an old version; an archived version never changes."""
    from pipeline.archive import archive_leaflet

    settings = settings_for(project)
    done = archive_leaflet(settings, leaflet)
    for path in done.written:
        typer.echo(f"wrote {path}")
    what = "archived in" if done.created else ("archived again (translations updated) in" if done.written
                                               else "is already archived, unchanged, in")
    typer.echo(f"{leaflet}: version {done.version} {what} {done.folder}/ ({len(done.written)} file(s) written, "
               f"{len(done.unchanged)} unchanged)")


@app.command()
@report_input_errors
def review(
    locale: Annotated[str, typer.Argument(help="The locale whose translation was checked, such as cy.")],
    leaflet: Annotated[str, typer.Option("--leaflet", help="The leaflet id.")],
    by: Annotated[str, typer.Option("--by", help="Who checked it: a name (and role), such as "
                                    "\"Dr Catrin Jones, consultant\".")] = "",
    prune: Annotated[bool, typer.Option("--prune", help="Only drop the marks of units no longer in the PO "
                                        "file; mark nothing.")] = False,
    project: ProjectOption = None,
) -> None:
    """Record that a person checked a translation: every translated unit, as it is now, is marked
    reviewed beside the PO file; a unit changed later is unreviewed again."""
    from pipeline.review import record_review

    settings = settings_for(project)
    if not prune and not by.strip():
        raise InputError([Problem("--by", 0, 0, "say who checked the translation: --by \"NAME, ROLE\"")])
    source, code = _translated_leaflet(settings, leaflet, locale)
    done = record_review(settings, source, code, by, prune_only=prune)
    if prune:
        typer.echo(f"{done.record}: dropped the marks of {done.pruned} removed unit(s)")
        return
    typer.echo(f"{done.record}: {done.marked} unit(s) marked reviewed by {done.reviewer} on {done.day}; "
               f"{done.already} already reviewed as they are; {done.left} not marked (untranslated, fuzzy or "
               "refused by the safety checks)" + (f"; {done.pruned} mark(s) of removed units dropped"
                                                  if done.pruned else ""))


@app.command(name="review-sheet")
@report_input_errors
def review_sheet(
    locale: Annotated[str, typer.Argument(help="The locale of the translation to check, such as cy.")],
    leaflet: Annotated[str, typer.Option("--leaflet", help="The leaflet id.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for the sheets (default: "
                                                "reports/review/).")] = None,
    project: ProjectOption = None,
) -> None:
    """Write a printable review sheet (HTML and PDF): each unit's source beside its translation, with
    numbers, phone numbers and negations marked, and a sign-off block for the reviewer."""
    from pipeline.atomic import write_atomic
    from pipeline.review_sheet import render_sheet_html, render_sheet_pdf
    from pipeline.review_sheet import review_sheet as sheet_of

    settings = settings_for(project)
    source, code = _translated_leaflet(settings, leaflet, locale)
    data = sheet_of(settings, source, code)
    folder = output if output is not None else settings.root / "reports" / "review"
    for suffix, made in ((".html", render_sheet_html(data)), (".pdf", render_sheet_pdf(data))):
        target = folder / f"{leaflet}.{code}.review{suffix}"
        write_atomic(target, made)
        typer.echo(f"wrote {target}")
    counts = data.counts
    typer.echo(f"{counts.units} units: {counts.translated} translated, {counts.reviewed} reviewed, "
               f"{counts.refused} refused by the safety checks")


@app.command()
@report_input_errors
def report(
    fmt: Annotated[str, typer.Option("--format", "-f", help="html (the dashboard pages) or json.")] = "html",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder for the dashboard pages "
                                                "(default: <output_dir>/report/).")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Judge review dates as on this day, YYYY-MM-DD "
                                              "(default: SOURCE_DATE_EPOCH, else the clock).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPUs).")] = None,
    project: ProjectOption = None,
) -> None:
    """The catalogue dashboard: reading age against target, gate errors and warnings, translation
    progress, review dates and every output, per leaflet and locale (HTML pages or JSON)."""
    import datetime as dt

    from pipeline.dashboard import collect

    if fmt not in ("html", "json"):
        raise typer.BadParameter(f"'{fmt}' is not html or json", param_hint="--format")
    try:
        day = dt.date.fromisoformat(today) if today is not None else None
    except ValueError:
        raise typer.BadParameter(f"'{today}' is not a date: write it YYYY-MM-DD", param_hint="--today") from None
    settings = settings_for(project)
    board = collect(settings, load_project(settings).leaflets, day, jobs)
    if fmt == "json":
        typer.echo(json.dumps(board.as_json(), ensure_ascii=False, indent=2))
        return
    from pipeline.atomic import write_atomic
    from pipeline.writers.dashboard import render_dashboard

    folder = output if output is not None else settings.output_dir / "report"
    root = "../" if output is None else settings.output_dir.resolve().as_uri() + "/"
    for name, data in render_dashboard(board, root).items():
        write_atomic(folder / name, data)
    typer.echo(f"wrote {folder / 'index.html'} (and review.html, reading.html, problems.html)")


@app.command()
@report_input_errors
def status(
    output: Annotated[str, typer.Option("--format", help="table (default) or json.")] = "table",
    project: ProjectOption = None,
) -> None:
    """Translated, fuzzy and untranslated units and words per leaflet and locale."""
    import dataclasses
    import json

    from pipeline.po.workflow import status as run_status

    if output not in ("table", "json"):
        typer.echo(f"unknown format '{output}': use table or json", err=True)
        raise typer.Exit(2)
    settings = settings_for(project)
    result = run_status(settings, load_project(settings).leaflets)
    if output == "json":
        typer.echo(json.dumps({"policy": settings.publish_policy,
                               "rows": [dataclasses.asdict(r) for r in result.rows],
                               "inconsistent": result.inconsistent,
                               "notices": [str(p) for p in result.notices],
                               "refused": [str(p) for p in result.refused],
                               "problems": [str(p) for p in result.problems]}, ensure_ascii=False, indent=2))
        if result.problems:
            raise typer.Exit(2)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Translation status (publish_policy: {settings.publish_policy})")
    for name in ("Leaflet", "Locale", "Done", "Reviewed", "Fuzzy", "To do", "Words done/fuzzy/to do", "Publish"):
        table.add_column(name, justify="left" if name in ("Leaflet", "Locale", "Publish") else "right",
                         overflow="fold")
    for r in result.rows:
        table.add_row(r.domain, r.locale, str(r.translated), "-" if r.domain == "ui" else str(r.reviewed),
                      str(r.fuzzy), str(r.untranslated),
                      f"{r.words_translated}/{r.words_fuzzy}/{r.words_untranslated}",
                      r.publishable)
    console = Console()
    console.print(table)
    for r in result.rows:
        if r.reason:
            console.print(f"{r.domain}, {r.reason}", markup=False, highlight=False)
    for item in result.inconsistent:
        ways = item["translations"]
        count = len(ways) if isinstance(ways, dict) else 0
        console.print(f"[yellow]inconsistent[/yellow] {item['locale']}: {item['msgid']!r} is translated "
                      f"{count} different ways: {ways}", markup=True, highlight=False)
    for refusal in result.refused:
        console.print(f"not published: {refusal}", markup=False, highlight=False)
    for notice in result.notices:
        typer.echo(f"{notice} (notice)", err=True)
    _exit_on_problems(result.problems, "counted as not publishable")


@app.command()
@report_input_errors
def check(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, junit, sarif or github.")] = "text",
    locale: Annotated[list[str] | None, typer.Option("--locale", "-l", help="Check only this locale "
                                                     "(repeatable; default: every locale).")] = None,
    leaflet: Annotated[list[str] | None, typer.Option("--leaflet", help="Check only this leaflet id "
                                                      "(repeatable; default: every leaflet).")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="error or warning (default: the "
                                                "check.fail_on setting, error).")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Baseline file: fail only on findings "
                                                  "not in it (default: the check.baseline setting).")] = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline", help="Write every current "
                                                        "finding to this baseline file and exit 0.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file "
                                                "instead of standard output.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPUs).")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Judge review dates as on this day, YYYY-MM-DD "
                                              "(default: SOURCE_DATE_EPOCH, else the clock).")] = None,
    project: ProjectOption = None,
) -> None:
    """The readability and plain-English gate: exit 0 pass, 1 fail, 2 bad input."""
    from pipeline.check.baseline import baseline_text
    from pipeline.check.gate import CheckOptions, run_check
    from pipeline.check.report import FORMATS, render

    if fmt not in FORMATS:
        raise typer.BadParameter(f"'{fmt}' is not one of {', '.join(FORMATS)}", param_hint="--format")
    if fail_on not in (None, "error", "warning"):
        raise typer.BadParameter(f"'{fail_on}' is not error or warning", param_hint="--fail-on")
    settings = settings_for(project)
    import datetime as dt

    try:
        day = dt.date.fromisoformat(today) if today is not None else None
    except ValueError:
        raise typer.BadParameter(f"'{today}' is not a date: write it YYYY-MM-DD", param_hint="--today") from None
    options = CheckOptions(tuple(_configured(settings, locale)), tuple(leaflet or ()), fail_on,
                           baseline.resolve() if baseline else None, jobs, day)
    result = run_check(settings, options)
    if write_baseline is not None:
        from pipeline.atomic import write_text_atomic

        write_text_atomic(write_baseline, baseline_text(result.findings))
        typer.echo(f"wrote {len(result.findings)} finding(s) to {write_baseline}")
        return
    report = render(result, fmt)
    if output is not None:
        from pipeline.atomic import write_text_atomic

        write_text_atomic(output, report)
    else:
        typer.echo(report, nl=False)
    if not result.passed:
        raise typer.Exit(1)


@app.command(name="import")
@report_input_errors
def import_(
    sources: Annotated[list[Path], typer.Argument(
        help="Documents to import: .docx, .html/.htm, .md (without front matter), .txt.")],
    leaflet_id: Annotated[str | None, typer.Option("--id", help="Id of the new leaflet (one SOURCE only).")] = None,
    locale: Annotated[str | None, typer.Option("--locale", help="Language of the documents (default en-GB).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace a leaflet with the --id given; with --translation, replace translations "
        "already in the PO file.")] = False,
    output_format: Annotated[str, typer.Option("--format", help="Report as 'text' or 'json'.")] = "text",
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes.")] = None,
    translation: Annotated[str | None, typer.Option(
        "--translation", help="SOURCE is a translation into this locale: fill its PO file.")] = None,
    leaflet: Annotated[str | None, typer.Option(
        "--leaflet", help="With --translation: the id of the source leaflet it translates.")] = None,
    reviewed: Annotated[bool, typer.Option(
        "--reviewed", help="With --translation: write entries as reviewed, not fuzzy.")] = False,
    partial: Annotated[bool, typer.Option(
        "--partial", help="With --translation: write what aligned even when some parts did not.")] = False,
    project: ProjectOption = None,
) -> None:
    """Import existing documents as source leaflets and report what to fill in; exit 2 if any failed.

    With --translation LOCALE --leaflet ID, import one translated document into the locale's PO
    file instead: exit 2 when nothing was written because of problems, 1 when --partial left some out.
    """
    from pipeline.importer import import_documents, import_report_text

    if output_format not in REPORT_FORMATS:
        raise typer.BadParameter(f"'{output_format}' is not text or json", param_hint="--format")
    settings = settings_for(project)
    if translation is not None or leaflet is not None or reviewed or partial:
        _import_translation(settings, sources, translation, leaflet, reviewed, partial, force,
                            output_format, leaflet_id, locale)
        return
    from pipeline.progress import Feedback

    with Feedback(quiet=output_format == "json") as feedback:
        reports = import_documents(settings, sources, leaflet_id, locale, force, jobs,
                                   progress=lambda done, total: feedback.progress("import", done, total))
    if output_format == "json":
        typer.echo(json.dumps([r.as_json() for r in reports], indent=2, ensure_ascii=False))
    else:
        typer.echo(import_report_text(reports), nl=False)
    if any(r.problems for r in reports):
        for r in reports:
            for problem in r.problems:
                typer.echo(problem, err=True)
        raise typer.Exit(2)


def _import_translation(
    settings: Settings, sources: list[Path], locale: str | None, leaflet: str | None, reviewed: bool,
    partial: bool, force: bool, output_format: str, leaflet_id: str | None, source_locale: str | None,
) -> None:
    from pipeline.translation_import import import_translation, report_text

    if locale is None:
        raise typer.BadParameter("--leaflet, --reviewed and --partial go with --translation LOCALE",
                                 param_hint="--translation")
    if leaflet is None:
        raise typer.BadParameter("give the id of the source leaflet the document translates",
                                 param_hint="--leaflet")
    if len(sources) != 1:
        raise typer.BadParameter(f"--translation imports one document at a time, not {len(sources)}",
                                 param_hint="SOURCES")
    if leaflet_id is not None or source_locale is not None:
        raise typer.BadParameter("--id and --locale are for new leaflets, not translations",
                                 param_hint="--translation")
    project = load_project(settings)
    report = import_translation(settings, project.leaflets, locale, leaflet, sources[0], reviewed, partial, force)
    if output_format == "json":
        typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(report_text(report), nl=False)
    for problem in report.problems:
        typer.echo(f"{report.file}: {problem}", err=True)
    if report.blocked:
        raise typer.Exit(2)
    if report.problems:
        raise typer.Exit(1)


@app.command()
@report_input_errors
def serve(
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free port).")] = 8000,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the catalogue in the web browser.")] = False,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default 127.0.0.1: this machine "
                                      "only; another address lets other machines see the site).")] = "127.0.0.1",
    project: ProjectOption = None,
) -> None:
    """Serve the built site on this machine; rebuild, re-check and reload the open pages on every save."""
    import signal
    import time

    from pipeline.problems import shown_path
    from pipeline.serve import PreviewServer, ServeError

    settings = settings_for(project)
    server = PreviewServer(settings, port, host, say=typer.echo,
                           warn=lambda text: typer.echo(text, err=True))

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM ends the server the way Ctrl-C does: cleanly, exit 0

    previous = signal.signal(signal.SIGTERM, interrupted)
    try:
        try:
            server.start(wait=False)  # the last build is served while the first one runs
        except ServeError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        if not server.loopback_only:
            typer.echo(f"warning: listening on {host}: other machines that can reach it can see the site", err=True)
        typer.echo(f"Serving {shown_path(settings.output_dir, settings.root)}/ at {server.url} (the build and the "
                   "gate rerun on every save); press Ctrl-C to stop")
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        typer.echo("Stopping.")
    finally:
        server.stop()
        if previous is not None:  # None: a handler not set from Python, which cannot be put back
            signal.signal(signal.SIGTERM, previous)


def run() -> None:
    """Entry point for the console script and ``python -m pipeline``."""
    sys.exit(app())
