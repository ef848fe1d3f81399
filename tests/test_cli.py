"""The `leaflets` command as a user runs it: real files, real exit codes, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import sample_settings
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "fixtures" / "broken"
runner = CliRunner()


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_help_and_version() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "validate" in result.stdout and "build" in result.stdout
    assert run("--version").stdout.strip() == f"leaflets {__version__}"


def test_validate_the_sample_passes() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_broken_leaflets_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    shutil.copytree(BROKEN, tmp_path / "source")
    (tmp_path / "pyproject.toml").write_text("[tool.leaflets]\n", encoding="utf-8")
    result = run("validate", "--project", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].endswith("problems found.")
    problems = lines[:-1]
    assert len(problems) >= 15
    for line in problems:
        path, line_no, col, message = line.split(":", 3)
        assert path.startswith("source/") and line_no.isdigit() and col.isdigit() and message.strip()
    joined = "\n".join(problems)
    for expected in ("not UTF-8", "unknown front matter key 'summery'", "is not a date", "no alt text",
                     "leaves the project", "raw HTML", "no picture", "duplicate id", "is empty",
                     "no front matter", "broken front matter", "is not after 'published'"):
        assert expected in joined, expected


def test_bad_settings_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.leaflets]\noutput = 'x'\n", encoding="utf-8")
    result = run("validate", "--project", str(tmp_path))
    assert result.returncode == 2
    assert "pyproject.toml:2:1: unknown setting 'tool.leaflets.output'" in result.stderr
    assert "Traceback" not in result.stderr


def test_format_check_and_rewrite(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    sample_settings(tmp_path / "pyproject.toml")
    sample = (ROOT / "source" / "sacroiliac-joint-injection.md").read_text(encoding="utf-8")
    messy = sample.replace("## Going home", "##   Going home  ").replace("version: \"1.0\"", "version: '1.0'")
    target = tmp_path / "source" / "sacroiliac-joint-injection.md"
    target.write_text(messy, encoding="utf-8")
    result = runner.invoke(app, ["format", "--check", "--project", str(tmp_path)])
    assert result.exit_code == 1 and "would be reformatted" in result.output
    result = runner.invoke(app, ["format", "--project", str(tmp_path)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == sample


def test_build_writes_a_page_for_the_source_locale(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    shutil.copy(ROOT / "source" / "sacroiliac-joint-injection.md", tmp_path / "source")
    (tmp_path / "pyproject.toml").write_text("[tool.leaflets]\n", encoding="utf-8")
    result = run("build", "--project", str(tmp_path))
    assert result.returncode == 0, result.stderr
    page = tmp_path / "dist" / "sacroiliac-joint-injection" / "en-GB" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB" dir="ltr">' in html
    assert (tmp_path / "dist" / "index.html").is_file()
