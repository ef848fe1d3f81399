"""The ``leaflets`` command: a thin typer layer over the library API.

Exit codes: 0 success, 1 a gate failed, 2 bad input or usage. Problems in user input are
printed as ``path:line:col: message`` lines on stderr, never as a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from pipeline import __version__
from pipeline.markdown_writer import write_leaflet
from pipeline.problems import InputError
from pipeline.project import check_sources, load_project
from pipeline.settings import Settings, find_project, load_settings

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

    return wrapper  # type: ignore[return-value]


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
    settings = settings_for(project)
    leaflets, problems = check_sources(settings, [p.resolve() for p in files] if files else None)
    if problems:
        raise InputError(problems)
    changed = 0
    for leaflet in leaflets:
        path = settings.root / leaflet.path if not Path(leaflet.path).is_absolute() else Path(leaflet.path)
        text = write_leaflet(leaflet)
        if path.read_text(encoding="utf-8") != text:
            changed += 1
            if check:
                typer.echo(f"{leaflet.path}: would be reformatted")
            else:
                from pipeline.atomic import write_text_atomic

                write_text_atomic(path, text)
                typer.echo(f"{leaflet.path}: reformatted")
    if check and changed:
        raise typer.Exit(1)


@app.command()
@report_input_errors
def build(project: ProjectOption = None) -> None:
    """Build every leaflet for every published locale into the output folder."""
    from pipeline.build import build as run_build

    settings = settings_for(project)
    report = run_build(load_project(settings))
    for path, reason in report.skipped:
        typer.echo(f"skipped {path}: {reason}", err=True)
    typer.echo(f"built {len(report.written)} file(s), {len(report.unchanged)} unchanged, "
               f"into {settings.output_dir}")


def run() -> None:
    """Entry point for the console script and ``python -m pipeline``."""
    sys.exit(app())
