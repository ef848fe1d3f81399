"""Every bad input and fault in ``tests/fault_cases.py``, through every command it concerns.

Each must end with exit 2, a message naming a ``path:line`` or a setting, no traceback, within
a bounded time (a guard against a hang, not a timing assertion), and nothing changed on disk.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from conftest import sample_settings
from fault_cases import CASES, ENVIRONMENT, MARKER, Case
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
# a guard against a hang (a FIFO read, an alias bomb): far above what any case needs
HANG_GUARD_SECONDS = 60


class Hang(Exception):
    """A command ran past the guard."""


@contextmanager
def guard(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: its kind and, for regular files, a digest of its bytes."""
    found: dict[str, str] = {}
    for parent, dirs, names in os.walk(folder):
        for name in [*dirs, *names]:
            path = Path(parent) / name
            info = path.lstat()
            rel = path.relative_to(folder).as_posix()
            if stat.S_ISREG(info.st_mode):
                found[rel] = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                found[rel] = "link:" + os.readlink(path)
            else:
                found[rel] = f"mode:{stat.S_IFMT(info.st_mode)}"
    return found


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, project / name)
    sample_settings(project / "pyproject.toml")
    return project


def _run(project: Path, command: str, env: dict[str, str]) -> tuple[int, str]:
    runner = CliRunner()
    with guard(HANG_GUARD_SECONDS):
        args = [arg.replace("{project}", str(project)) for arg in shlex.split(command)]
        result = runner.invoke(app, [*args, "--project", str(project)], env=env)
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        output += "".join(traceback.format_exception(result.exception))
    return result.exit_code, output


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_with_a_message(case: Case, tmp_path: Path) -> None:
    project = _project(tmp_path)
    case.make(project)
    for command in case.commands:
        before = snapshot(tmp_path)
        code, output = _run(project, command, ENVIRONMENT.get(case.name, {}))
        assert "Traceback" not in output, f"{command}: {output[-3000:]}"
        assert code == 2, f"{command} exited {code}: {output[-2000:]}"
        assert MARKER.search(output), f"{command}: no path:line or setting named: {output[-2000:]}"
        assert __import__("re").search(case.expect, output), f"{command}: expected {case.expect!r} in {output[-2000:]}"
        assert len(output) < 20_000, f"{command}: {len(output)} characters of output"
        assert _outside_output(snapshot(tmp_path)) == _outside_output(before), f"{command} changed the disk"
        if command != "build":
            assert snapshot(tmp_path) == before, f"{command} wrote into the output folder"
        elif not any(path.startswith("project/dist/") for path in before):
            # the build publishes the leaflets that are good; what it wrote is all in its manifest
            _assert_all_in_manifest(tmp_path / "project" / "dist")


def _outside_output(found: dict[str, str]) -> dict[str, str]:
    return {path: kind for path, kind in found.items() if not (path + "/").startswith("project/dist/")}


def _assert_all_in_manifest(dist: Path) -> None:
    if not dist.is_dir():
        return
    import json

    manifest = json.loads((dist / ".leaflets-build.json").read_text(encoding="utf-8"))
    listed = {path for entry in manifest["leaflets"].values() for path in entry["outputs"]}
    listed |= {"index.html", "assets/leaflet.css", ".leaflets-build.json"}
    for path in dist.rglob("*"):
        if path.is_file():
            assert path.relative_to(dist).as_posix() in listed, path


def test_the_catalogue_is_large_and_covers_every_kind() -> None:
    assert len(CASES) >= 60
    names = " ".join(case.name for case in CASES)
    for kind in ("yaml", "picture", "po-", "settings-", "fifo", "loop", "device", "directory", "bidi", "link"):
        assert kind in names, kind
