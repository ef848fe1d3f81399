"""``leaflets import`` on the seed page (text nobody here wrote) and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run_cli

from pipeline.reader import read_leaflet

SEED = Path("/work/shared/seeds/000_8e65f65363b438e4.txt")


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not on this machine")
def test_seed_gives_its_13_questions_as_sections_and_its_bullets_as_lists(project_copy: Path) -> None:
    code, out, err = run_cli(project_copy, "import", str(SEED))
    assert code == 0, err
    written = project_copy / "source" / "sacroiliac-joint-injection-2.md"  # the sample leaflet keeps its id
    leaflet = read_leaflet(written)
    headings = [s for s in leaflet.sections]
    assert len(headings) == 13 and all(s.level == 2 for s in headings)
    assert sum(1 for s in leaflet.sections for b in s.blocks if type(b).__name__ == "ListBlock") == 3
    assert "Upgrade" not in written.read_text(encoding="utf-8")
    assert "to fill in (front matter)" in out and "is taken" in out
    assert run_cli(project_copy, "format", "--check")[0] == 0


def test_explicit_id_is_never_overwritten_without_force(project_copy: Path, tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# A title\n\n## What is it?\n\nIt is a thing.\n", encoding="utf-8")
    before = (project_copy / "source" / "sacroiliac-joint-injection.md").read_text(encoding="utf-8")
    code, _, err = run_cli(project_copy, "import", str(doc), "--id", "sacroiliac-joint-injection")
    assert code == 2 and "--force" in err
    assert (project_copy / "source" / "sacroiliac-joint-injection.md").read_text(encoding="utf-8") == before


def test_old_word_file_says_what_to_do(project_copy: Path, tmp_path: Path) -> None:
    doc = tmp_path / "leaflet.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = run_cli(project_copy, "import", str(doc))
    assert code == 2 and "save it as .docx" in err
