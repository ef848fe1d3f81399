"""``leaflets import`` on the seed page (text nobody here wrote) and on bad input."""

from __future__ import annotations

import re
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
    leaflet = read_leaflet(written, draft=True)
    headings = [s for s in leaflet.sections]
    assert len(headings) == 13 and all(s.level == 2 for s in headings)
    assert sum(1 for s in leaflet.sections for b in s.blocks if type(b).__name__ == "ListBlock") == 3
    assert "Upgrade" not in written.read_text(encoding="utf-8")
    assert "to fill in (front matter)" in out and "is taken" in out
    assert run_cli(project_copy, "format", "--check")[0] == 0


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not on this machine")
def test_import_invents_no_dates_and_validate_names_every_value_to_fill_in(project_copy: Path) -> None:
    assert run_cli(project_copy, "import", str(SEED), "--id", "sij-draft")[0] == 0
    written = project_copy / "source" / "sij-draft.md"
    lines = written.read_text(encoding="utf-8").split("\n")
    # the seed gives no dates: none is made up (an import-day date would publish a wrong review date)
    assert "published: TO FILL IN" in lines and "review_due: TO FILL IN" in lines
    code, _, err = run_cli(project_copy, "validate")
    assert code == 2 and "Traceback" not in err
    for key in ("summary", "organisation", "version", "published", "review_due", "contact"):
        line = lines.index(next(x for x in lines if x.startswith(f"{key}:"))) + 1
        assert f"source/sij-draft.md:{line}:1: front matter '{key}' is still 'TO FILL IN'" in err
    # the build refuses the draft too, and writes nothing for it
    code, _, err = run_cli(project_copy, "build")
    assert code == 2 and "still 'TO FILL IN'" in err
    assert not list((project_copy / "dist").rglob("sij-draft*"))
    # filled in, it is a leaflet like any other
    text = written.read_text(encoding="utf-8")
    for key, value in (("summary", "What happens at a joint injection."), ("organisation", "Example Trust"),
                       ("version", '"1.0"'), ("published", "2026-01-05"), ("review_due", "2028-01-05"),
                       ("contact", '"[01234 567890](tel:+441234567890)"')):
        text = re.sub(rf"^{key}: \"?TO FILL IN\"?$", f"{key}: {value}", text, count=1, flags=re.M)
    written.write_text(text, encoding="utf-8")
    code, _, err = run_cli(project_copy, "validate")
    assert code == 0, err


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
