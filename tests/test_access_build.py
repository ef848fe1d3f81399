"""Braille and audio in `leaflets build`, through the CLI: what a locale's tools cannot make is a
note (never an empty file), what the user must fix is exit 2 with the setting or file named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import SLUG, run_cli
from conftest import require_tool

from pipeline.writers.braille import liblouis_available


def _settings(project: Path, extra: str) -> None:
    path = project / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[tool.leaflets.reading_age]", extra + "\n[tool.leaflets.reading_age]", 1),
                    encoding="utf-8")


@pytest.fixture(autouse=True)
def _liblouis() -> None:
    require_tool("liblouis", liblouis_available(), "apt-get install liblouis-bin liblouis-data python3-louis")


def test_braille_for_every_covered_locale_and_a_note_for_polish_grade(project_copy: Path) -> None:
    code, out, err = run_cli(project_copy, "build", "--format", "json", "--format", "html", "--format", "brf",
                             "--format", "pef")
    assert code == 0, err
    report = json.loads(out)
    for locale in ("en-GB", "cy", "pl", "es", "ar", "ur"):
        brf = project_copy / "dist" / SLUG / locale / f"{SLUG}.{locale}.brf"
        assert brf.is_file() and brf.stat().st_size > 1000, locale
        assert (project_copy / "dist" / SLUG / locale / f"{SLUG}.{locale}.pef").is_file()
    notes = [n["note"] for n in report["notes"]]
    assert not any("braille" in note for note in notes), notes  # each language at its usual grade
    _settings(project_copy, "[tool.leaflets.braille]\ngrade = 2")  # grade 2 everywhere it exists
    code, out, err = run_cli(project_copy, "build", "--format", "json", "--format", "html", "--format", "brf")
    notes = {n["edition"]: n["note"] for n in json.loads(out)["notes"] if "braille" in n["note"]}
    assert code == 0 and set(notes) == {f"{SLUG}/pl"} and "grade 1" in notes[f"{SLUG}/pl"], notes
    page = (project_copy / "dist" / SLUG / "cy" / "index.html").read_text(encoding="utf-8")
    assert f'href="{SLUG}.cy.brf"' in page and "Braille (ffeil BRF)" in page


def test_a_locale_without_a_braille_table_is_skipped_with_its_reason(project_copy: Path) -> None:
    assert run_cli(project_copy, "init", "sw")[0] == 0
    path = project_copy / "pyproject.toml"  # published with the English for its untranslated units
    path.write_text(path.read_text(encoding="utf-8").replace('publish_policy = "complete"',
                                                             'publish_policy = "fallback"'), encoding="utf-8")
    code, out, err = run_cli(project_copy, "build", "--format", "json", "--format", "html", "--format", "brf",
                             "--locale", "sw")
    assert code == 0, err
    assert not list((project_copy / "dist").rglob("*.sw.brf"))
    notes = [n["note"] for n in json.loads(out)["notes"]]
    assert any("no braille table for 'sw'" in note for note in notes), notes


@pytest.mark.parametrize(("setting", "said"), [
    ("[tool.leaflets.braille]\ngrades = { pl = 2 }", "grade 1 only"),
    ("[tool.leaflets.braille]\ncells = 80", "braille cells is 80"),
    ("[tool.leaflets.braille]\ngrade = 3", "braille grade is 3"),
])
def test_a_braille_setting_the_tables_cannot_meet_is_exit_2(project_copy: Path, setting: str, said: str) -> None:
    _settings(project_copy, setting)
    code, out, err = run_cli(project_copy, "build", "--format", "brf")
    assert code == 2 and said in err and "pyproject.toml" in err, out + err
    assert not list((project_copy / "dist").rglob("*.pl.brf")) if (project_copy / "dist").exists() else True


def test_an_unknown_format_in_the_settings_is_exit_2(project_copy: Path) -> None:
    path = project_copy / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('formats = ["html",', 'formats = ["mp4", "html",'),
                    encoding="utf-8")
    code, _, err = run_cli(project_copy, "validate")
    assert code == 2 and "'mp4'" in err and "tool.leaflets.formats" in err, err


def test_a_recording_that_cannot_be_used_is_exit_2_naming_it(project_copy: Path) -> None:
    import shutil

    from conftest import sample_settings

    from pipeline.writers.audio import recording_folder, recording_name

    require_tool("espeak-ng and ffmpeg", all(shutil.which(t) for t in ("espeak-ng", "ffmpeg", "ffprobe")),
                 "apt-get install espeak-ng ffmpeg")
    sample_settings(project_copy / "pyproject.toml", audio=True)
    _settings(project_copy, '[tool.leaflets.audio]\nrecordings = "recordings"')
    folder = recording_folder(project_copy / "recordings", "en-GB", SLUG)
    folder.mkdir(parents=True)
    bad = folder / f"{recording_name(None, 'Sacroiliac joint injection')}.wav"
    bad.write_bytes(b"")  # a recording of zero length
    code, out, err = run_cli(project_copy, "build", "--format", "audio", "--locale", "en-GB")
    assert code == 2 and bad.name in err, out + err
    assert not list((project_copy / "dist").rglob("*.opus"))
