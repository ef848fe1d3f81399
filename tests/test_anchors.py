"""Heading ids from any script, and links to a missing anchor as a read error with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.anchors import slugify
from pipeline.cli import app
from pipeline.problems import InputError
from pipeline.reader import read_leaflet

FRONT = """---
id: {slug}
title: Test
summary: A test leaflet.
organisation: A clinic
version: "1"
published: 2026-01-01
review_due: 2027-01-01
contact: Call us.
locale: {locale}
---

"""


def _write(tmp_path: Path, body: str, locale: str = "ar", slug: str = "t") -> Path:
    path = tmp_path / "source" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(slug=slug, locale=locale) + body, encoding="utf-8")
    return path


def test_ids_keep_letters_of_every_script_and_fold_latin_accents() -> None:
    assert slugify("الآثار الجانبية") == "الآثار-الجانبية"
    assert slugify("ضمادةٌ") == "ضمادة"  # harakat dropped: authors write them inconsistently
    assert slugify("خوراک کی مقدار") == "خوراک-کی-مقدار"
    assert slugify("Café: what happens?") == "cafe-what-happens"  # as before for Latin
    assert slugify("Gwybodaeth ŵyr") == "gwybodaeth-wyr"
    assert slugify("Skutki uboczne łagodne") == "skutki-uboczne-łagodne"


def test_an_arabic_heading_link_works(tmp_path: Path) -> None:
    path = _write(tmp_path, "## الآثار الجانبية\n\nنص.\n\n## المزيد\n\nاقرأ [الآثار](#الآثار-الجانبية).\n")
    leaflet = read_leaflet(path, tmp_path)
    assert leaflet.sections[0].anchor == "الآثار-الجانبية"
    link = leaflet.sections[1].blocks[0].inlines[1]  # type: ignore[union-attr]
    assert link.target == "#الآثار-الجانبية"  # as typed, not percent-encoded


def test_a_link_to_a_missing_anchor_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "## Side effects\n\nText.\n\n## More\n\nSee [effects](#side-efects).\n", "en-GB")
    with pytest.raises(InputError) as caught:
        read_leaflet(path, tmp_path)
    (problem,) = caught.value.problems
    assert problem.line == 19 and "'#side-efects' goes nowhere" in problem.message
    assert "side-effects" in problem.message  # the nearest id is suggested


def test_glossary_words_and_main_are_valid_targets(tmp_path: Path) -> None:
    path = _write(tmp_path, "## Words\n\nSee [fever](#word-fever) or [top](#main).\n\nFever\n: Hot.\n", "en-GB")
    read_leaflet(path, tmp_path)


def test_validate_and_build_report_the_missing_anchor(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    _write(tmp_path, "## الجرعة\n\nاقرأ [الآثار](#الآثار-الجانبية).\n")
    (tmp_path / "pyproject.toml").write_text("[tool.leaflets]\n", encoding="utf-8")
    for command in ("validate", "build"):
        result = CliRunner().invoke(app, [command, "--project", str(tmp_path)])
        assert result.exit_code == 2, result.output
        assert "t.md:15:" in result.output and "goes nowhere" in result.output
