"""What the CLI tests share: running a command on a project copy, and where its PO files are."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

SLUG = "sacroiliac-joint-injection"
runner = CliRunner()


def run_cli(project: Path, *args: str) -> tuple[int, str, str]:
    """Run ``leaflets ARGS --project PROJECT``; exit code, stdout, stderr (a traceback fails the test)."""
    result = runner.invoke(app, [*args, "--project", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def po_file(project: Path, locale: str, domain: str = SLUG) -> Path:
    """The PO file of one domain (a leaflet id, or ``ui``) in one locale."""
    return project / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
