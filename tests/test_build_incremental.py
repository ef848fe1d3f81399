"""The catalogue build: incremental, parallel, selectable, and safe to kill part-way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import sample_settings

from pipeline.incremental import MANIFEST, Selection, build_catalogue
from pipeline.problems import InputError
from pipeline.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "sacroiliac-joint-injection"
LOCALES = ("cy", "pl", "es", "ar", "ur")


def make_project(tmp_path: Path, copies: int = 3) -> Path:
    """A project with the sample and renamed copies of it, each with every translation."""
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    (tmp_path / "source").mkdir()
    sample_settings(tmp_path / "pyproject.toml")
    text = (ROOT / "source" / f"{SAMPLE}.md").read_text(encoding="utf-8")
    for number in range(copies):
        slug = SAMPLE if number == 0 else f"{SAMPLE}-{number}"
        (tmp_path / "source" / f"{slug}.md").write_text(text.replace(f"id: {SAMPLE}", f"id: {slug}"),
                                                         encoding="utf-8")
        for locale in LOCALES:
            po = tmp_path / "locales" / locale / "LC_MESSAGES"
            if number:
                shutil.copy(po / f"{SAMPLE}.po", po / f"{slug}.po")
    return tmp_path


def snapshot(dist: Path) -> dict[str, tuple[int, bytes]]:
    """Every output file with its modification time (ns) and bytes."""
    return {p.relative_to(dist).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(dist.rglob("*")) if p.is_file()}


def published_locales(dist: Path, slug: str) -> set[str]:
    return {p.name for p in (dist / slug).iterdir()} if (dist / slug).is_dir() else set()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_cold_build_then_no_op_writes_nothing(project: Path) -> None:
    settings = load_settings(project)
    first = build_catalogue(settings, jobs=2)
    dist = settings.output_dir
    assert first.written and not first.reused
    assert published_locales(dist, SAMPLE) >= {"en-GB"}
    before = snapshot(dist)
    time.sleep(0.01)
    second = build_catalogue(settings, jobs=2)
    assert second.written == [] and second.leaflets_read == []
    assert snapshot(dist) == before, "a build with nothing changed must not touch any file"


def test_one_po_edit_rebuilds_only_that_leaflet_in_that_locale(project: Path) -> None:
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    dist = settings.output_dir
    published = published_locales(dist, f"{SAMPLE}-1")
    assert published & set(LOCALES), "the demonstration translations must be published"
    locale = next(loc for loc in LOCALES if loc in published)
    po = project / "locales" / locale / "LC_MESSAGES" / f"{SAMPLE}-1.po"
    text = po.read_text(encoding="utf-8")
    # change the translation of the title: a real edit a translator would make
    marker = 'msgid "Sacroiliac joint injection"\nmsgstr "'
    assert marker in text
    po.write_text(text.replace(marker, marker + "Edited ", 1), encoding="utf-8")
    before = snapshot(dist)
    report = build_catalogue(settings, jobs=1)
    assert report.leaflets_read == [f"{SAMPLE}-1"]
    changed = {path for path, value in snapshot(dist).items() if before.get(path) != value}
    assert changed, "the edited edition must be rebuilt"
    allowed = {"index.html", MANIFEST}
    assert {p for p in changed if p not in allowed} <= {p for p in changed if p.startswith(f"{SAMPLE}-1/{locale}/")}
    assert any(p.startswith(f"{SAMPLE}-1/{locale}/") for p in changed)


def test_changed_stylesheet_or_version_rebuilds_everything(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    import pipeline.incremental as inc

    monkeypatch.setattr(inc, "code_fingerprint", lambda: "a new pipeline version")
    report = build_catalogue(settings, jobs=1)
    assert sorted(report.leaflets_read) == sorted(p.stem for p in (project / "source").glob("*.md"))


def test_removed_leaflet_outputs_are_removed_and_only_those(project: Path) -> None:
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    dist = settings.output_dir
    keep = dist / "my-notes.txt"
    keep.write_text("not the build's", encoding="utf-8")
    (project / "source" / f"{SAMPLE}-2.md").unlink()
    report = build_catalogue(settings, jobs=1)
    assert not (dist / f"{SAMPLE}-2").exists()
    assert report.removed and all(p.startswith(f"{SAMPLE}-2/") for p in report.removed)
    assert keep.exists() and (dist / SAMPLE).is_dir()


def test_selection_by_format_and_locale(project: Path) -> None:
    settings = load_settings(project)
    build_catalogue(settings, Selection(locales=frozenset({"en-GB"}), formats=frozenset({"html"})), jobs=1)
    files = {p.relative_to(settings.output_dir).as_posix() for p in settings.output_dir.rglob("*") if p.is_file()}
    assert f"{SAMPLE}/en-GB/index.html" in files
    assert not any(f.endswith(".epub") for f in files)
    assert not any(f.startswith(f"{SAMPLE}/cy/") for f in files)
    # the next full build completes the rest
    report = build_catalogue(settings, jobs=1)
    assert any(p.endswith(".epub") for p in report.written)


def test_shards_together_equal_a_full_build(tmp_path: Path) -> None:
    full = make_project(tmp_path / "full")
    build_catalogue(load_settings(full), jobs=2)
    union: dict[str, bytes] = {}
    for number in (1, 2, 3):
        part = make_project(tmp_path / f"shard{number}")
        settings = load_settings(part)
        build_catalogue(settings, Selection(shard=(number, 3)), jobs=1)
        for path, (_, data) in snapshot(settings.output_dir).items():
            if path != MANIFEST:
                assert union.setdefault(path, data) == data, f"shards disagree on {path}"
    expected = {p: d for p, (_, d) in snapshot(full / "dist").items() if p != MANIFEST}
    assert union == expected


def test_bad_leaflet_is_a_clear_error(project: Path) -> None:
    (project / "source" / f"{SAMPLE}-1.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        build_catalogue(load_settings(project), jobs=1)
    assert str(info.value.problems[0]).startswith(f"source/{SAMPLE}-1.md:1:1: no front matter")


def test_unknown_leaflet_selection(project: Path) -> None:
    with pytest.raises(InputError, match="no leaflet 'nope'"):
        build_catalogue(load_settings(project), Selection(leaflets=frozenset({"nope"})), jobs=1)


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(project), *args],
                          capture_output=True, text=True, timeout=600)


def test_cli_json_summary_and_quiet_lines(project: Path) -> None:
    result = run_cli(project, "--format", "json", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"]["written"] > 0 and "seconds" in data
    quiet = run_cli(project, "--quiet")
    lines = quiet.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["plan", "render", "catalogue"]
    assert "0 leaflet(s) read" in quiet.stdout


def test_cli_bad_options_exit_2(project: Path) -> None:
    assert run_cli(project, "--shard", "3/2").returncode == 2
    assert run_cli(project, "--format", "docx").returncode == 2


def test_killed_build_leaves_only_complete_files_and_the_next_build_repairs(tmp_path: Path) -> None:
    project = make_project(tmp_path, copies=6)
    reference = make_project(tmp_path / "reference", copies=6)
    build_catalogue(load_settings(reference), jobs=1)
    expected = {p: d for p, (_, d) in snapshot(reference / "dist").items() if p != MANIFEST}
    dist = project / "dist"
    for delay in (0.4, 0.9, 1.5):
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--project", str(project), "--jobs", "2",
                                 "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if dist.exists():
            for path, (_, data) in snapshot(dist).items():
                if path == MANIFEST or path.endswith(".tmp"):
                    continue
                # every file present is complete: byte-identical to the same file of a full build
                assert data == expected[path], f"half-written file {path} after a kill at {delay} s"
    report = build_catalogue(load_settings(project), jobs=2)
    after = {p: d for p, (_, d) in snapshot(dist).items() if p != MANIFEST}
    assert after == expected, "the next build must repair what the killed build left"
    assert not any(p.endswith(".tmp") for p in snapshot(dist))
    assert report is not None


def test_a_locale_no_longer_published_loses_its_outputs_there_only(project: Path) -> None:
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    dist = settings.output_dir
    locale = next(loc for loc in LOCALES if loc in published_locales(dist, f"{SAMPLE}-1"))
    po = project / "locales" / locale / "LC_MESSAGES" / f"{SAMPLE}-1.po"
    po.unlink()  # that leaflet has no translation into this locale any more
    report = build_catalogue(settings, jobs=2)
    assert report.leaflets_read == [f"{SAMPLE}-1"]
    assert locale not in published_locales(dist, f"{SAMPLE}-1")
    assert report.removed and all(p.startswith(f"{SAMPLE}-1/{locale}/") for p in report.removed)
    assert locale in published_locales(dist, SAMPLE) and locale in published_locales(dist, f"{SAMPLE}-2")
