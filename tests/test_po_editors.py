"""`leaflets update` against files saved by the tools translators use (issue 10, points 5-7).

The referee is GNU gettext itself: after a PO editor has saved a file its own way (polib
wraps at 78, as Weblate's and many scripts' saves do), `leaflets update` must write exactly
what `msgmerge --previous` writes from the same input; line numbers can be left out of
references; `update --check` is a CI gate; and two different translations of one text in the
locale's memory come out fuzzy, as a compendium built by `msgcat` makes them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import require_tool
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.po.pofile import read_po

SLUG = "sacroiliac-joint-injection"
runner = CliRunner()


def _run(project: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--project", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _po(project: Path, locale: str, domain: str = SLUG) -> Path:
    return project / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def _gettext() -> None:
    require_tool("GNU gettext (msgmerge, msgcat)", shutil.which("msgmerge") is not None
                 and shutil.which("msgcat") is not None, "apt-get install gettext")


def _msgmerge(po: Path, pot: Path, out: Path, *extra: str) -> str:
    subprocess.run(["msgmerge", "--previous", "--quiet", *extra, "-o", str(out), str(po), str(pot)], check=True)
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("locale", ["cy", "ar", "pl"])
def test_update_after_a_polib_save_writes_what_msgmerge_writes(project_copy: Path, tmp_path: Path,
                                                               locale: str) -> None:
    _gettext()
    original = _po(project_copy, locale).read_bytes()
    for domain in (SLUG, "ui"):
        path = _po(project_copy, locale, domain)
        polib.pofile(str(path), wrapwidth=78).save(str(path))  # polib wraps its own way
    edited = {d: _po(project_copy, locale, d).read_bytes() for d in (SLUG, "ui")}
    assert edited[SLUG] != original  # the editor's wrapping really differs from msgcat's
    assert _run(project_copy, "update")[0] == 0
    for domain in (SLUG, "ui"):
        before = tmp_path / f"{domain}.before.po"
        before.write_bytes(edited[domain])
        expected = _msgmerge(before, project_copy / "locales" / f"{domain}.pot", tmp_path / f"{domain}.mm.po")
        assert _po(project_copy, locale, domain).read_text(encoding="utf-8") == expected, domain


def test_update_rewraps_what_an_editor_wrapped_differently(project_copy: Path) -> None:
    path = _po(project_copy, "cy")
    original = path.read_bytes()
    polib.pofile(str(path), wrapwidth=78).save(str(path))
    assert path.read_bytes() != original
    assert _run(project_copy, "update")[0] == 0
    assert path.read_bytes() == original  # msgcat's wrapping again: no diff churn
    assert _run(project_copy, "update", "--check")[0] == 0


def test_update_check_exits_1_when_files_would_change_and_writes_nothing(project_copy: Path) -> None:
    assert _run(project_copy, "update", "--check")[0] == 0
    source = project_copy / "source" / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Rare", "Uncommon"), encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in sorted((project_copy / "locales").rglob("*.po*"))}
    code, out, _ = _run(project_copy, "update", "--check")
    assert code == 1 and f"would write locales/{SLUG}.pot" in out and "locales/cy/LC_MESSAGES/" in out
    assert snapshot == {p: p.read_bytes() for p in sorted((project_copy / "locales").rglob("*.po*"))}
    assert _run(project_copy, "update")[0] == 0
    assert _run(project_copy, "update", "--check")[0] == 0


def _moved_references(project: Path) -> int:
    """How many live entries of the Welsh file change their `#:` lines after a 15-line edit."""
    path = _po(project, "cy")
    before = {e.key: e.references for e in read_po(path.read_bytes(), "x").entries if not e.obsolete}
    source = project / "source" / f"{SLUG}.md"
    lines = source.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("## "))
    lines[first:first] = ["## A new section", "", *(["A new paragraph.", ""] * 6), ""]
    source.write_text("\n".join(lines), encoding="utf-8")
    assert _run(project, "update")[0] == 0
    after = {e.key: e.references for e in read_po(path.read_bytes(), "x").entries if not e.obsolete}
    return sum(1 for key, refs in before.items() if key in after and after[key] != refs)


def test_references_by_line_churn_but_file_only_references_do_not(project_copy: Path, tmp_path: Path) -> None:
    shutil.copytree(project_copy, tmp_path / "file-only")
    other = tmp_path / "file-only"
    assert _moved_references(project_copy) > 100  # every unit below the edit
    pyproject = other / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'publish_policy = "complete"', 'publish_policy = "complete"\nreferences = "file"'), encoding="utf-8")
    assert _run(other, "update")[0] == 0
    text = _po(other, "cy").read_text(encoding="utf-8")
    assert f"#: source/{SLUG}.md\n" in text and f"#: source/{SLUG}.md:" not in text
    assert _moved_references(other) == 0
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'references = "file"', 'references = "none"'), encoding="utf-8")
    assert _run(other, "update")[0] == 0
    assert "#: " not in _po(other, "cy").read_text(encoding="utf-8")
    _gettext()
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(_po(other, "cy"))], check=True)


def test_two_translations_in_the_memory_come_out_fuzzy_as_with_a_msgcat_compendium(
    project_copy: Path, tmp_path: Path
) -> None:
    _gettext()
    source = (project_copy / "source" / f"{SLUG}.md").read_text(encoding="utf-8")
    for name in ("second", "third"):
        (project_copy / "source" / f"{name}.md").write_text(
            source.replace(f"id: {SLUG}", f"id: {name}"), encoding="utf-8")
    assert _run(project_copy, "update")[0] == 0
    second = _po(project_copy, "cy", "second")
    text = second.read_text(encoding="utf-8")
    assert 'msgid "Rare"\nmsgstr "Prin"' in text  # filled from the first leaflet, not fuzzy
    second.write_text(text.replace('msgid "Rare"\nmsgstr "Prin"', 'msgid "Rare"\nmsgstr "Anghyffredin"'),
                      encoding="utf-8")
    (project_copy / "source" / "third.md").unlink()
    _po(project_copy, "cy", "third").unlink()
    (project_copy / "source" / "fourth.md").write_text(source.replace(f"id: {SLUG}", "id: fourth"),
                                                       encoding="utf-8")
    # gettext's way: msgcat the locale's files into a compendium, then msgmerge -C
    compendium = tmp_path / "compendium.po"
    subprocess.run(["msgcat", "-o", str(compendium), str(_po(project_copy, "cy")), str(second)], check=True)
    assert _run(project_copy, "update")[0] == 0
    ours = read_po(_po(project_copy, "cy", "fourth").read_bytes(), "x").find(None, "Rare")
    empty = tmp_path / "empty.po"
    empty.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    theirs_text = _msgmerge(empty, project_copy / "locales" / "fourth.pot", tmp_path / "mm.po",
                            "-C", str(compendium))
    theirs = read_po(theirs_text.encode("utf-8"), "mm").find(None, "Rare")
    assert ours is not None and theirs is not None
    assert ours.fuzzy and theirs.fuzzy
    assert ours.msgstr in ("Prin", "Anghyffredin")
    assert any("2 different translations" in note for note in ours.extracted_comments)
    out = _run(project_copy, "status", "--format", "json")[1]
    conflicts = [c for c in json.loads(out)["inconsistent"] if c["msgid"] == "Rare" and c["locale"] == "cy"]
    assert conflicts and set(conflicts[0]["translations"]) == {"Prin", "Anghyffredin"}
