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
from cli_support import po_file as _po
from cli_support import run_cli as _run
from conftest import require_tool

from pipeline.po.pofile import read_po

SLUG = "sacroiliac-joint-injection"


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
    assert 'msgid "Common"\nmsgstr "Cyffredin"' in text  # filled from the first leaflet, not fuzzy
    second.write_text(text.replace('msgid "Common"\nmsgstr "Cyffredin"', 'msgid "Common"\nmsgstr "Arferol"'),
                      encoding="utf-8")
    (project_copy / "source" / "third.md").unlink()
    _po(project_copy, "cy", "third").unlink()
    (project_copy / "source" / "fourth.md").write_text(source.replace(f"id: {SLUG}", "id: fourth"),
                                                       encoding="utf-8")
    # gettext's way: msgcat the locale's files into a compendium, then msgmerge -C
    compendium = tmp_path / "compendium.po"
    subprocess.run(["msgcat", "-o", str(compendium), str(_po(project_copy, "cy")), str(second)], check=True)
    assert _run(project_copy, "update")[0] == 0
    ours = read_po(_po(project_copy, "cy", "fourth").read_bytes(), "x").find(None, "Common")
    empty = tmp_path / "empty.po"
    empty.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    theirs_text = _msgmerge(empty, project_copy / "locales" / "fourth.pot", tmp_path / "mm.po",
                            "-C", str(compendium))
    theirs = read_po(theirs_text.encode("utf-8"), "mm").find(None, "Common")
    assert ours is not None and theirs is not None
    assert ours.fuzzy and theirs.fuzzy
    assert ours.msgstr in ("Cyffredin", "Arferol")
    assert any("2 different translations" in note for note in ours.extracted_comments)
    out = _run(project_copy, "status", "--format", "json")[1]
    conflicts = [c for c in json.loads(out)["inconsistent"] if c["msgid"] == "Common" and c["locale"] == "cy"]
    assert conflicts and set(conflicts[0]["translations"]) == {"Cyffredin", "Arferol"}


def test_templates_carry_the_header_fields_po_tools_expect(project_copy: Path, tmp_path: Path) -> None:
    for pot in (project_copy / "locales").glob("*.pot"):
        fields = read_po(pot.read_bytes(), pot.name).header_fields()
        for name in ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "X-Generator",
                     "Content-Type", "Language"):
            assert name in fields, (pot.name, name)
    _gettext()
    require_tool("msginit", shutil.which("msginit") is not None, "apt-get install gettext")
    out = tmp_path / "fr.po"
    done = subprocess.run(["msginit", "--no-translator", "-l", "fr", "-i", str(project_copy / "locales" / "ui.pot"),
                           "-o", str(out)], capture_output=True, text=True, check=True)
    assert "warning" not in done.stderr.lower()
    assert "POT-Creation-Date: 2026-" in out.read_text(encoding="utf-8")


def test_a_repeated_table_cell_can_be_translated_for_each_row(project_copy: Path) -> None:
    path = _po(project_copy, "pl")
    text = path.read_text(encoding="utf-8")
    row = 'msgctxt "table row: Infection where the needle went in"\nmsgid "Rare"\nmsgstr "Rzadko"'
    assert row in text and text.count('msgid "Rare"\n') == 2
    path.write_text(text.replace(row, row.replace('"Rzadko"', '"Rzadka"')), encoding="utf-8")
    assert _run(project_copy, "build", "--jobs", "1", "--locale", "pl")[0] == 0
    page = (project_copy / "dist" / SLUG / "pl" / "index.html").read_text(encoding="utf-8")
    assert ">Rzadko<" in page and ">Rzadka<" in page


def _weblate_recipe(root: Path) -> dict[str, str]:
    import yaml

    text = (root / "docs" / "translators.md").read_text(encoding="utf-8")
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    recipe = yaml.safe_load(block)["component_discovery"]
    assert isinstance(recipe, dict)
    return {str(k): str(v) for k, v in recipe.items()}


def test_weblate_discovery_with_the_documented_recipe_finds_only_the_translations(root: Path) -> None:
    import re

    try:
        from translation_finder import discover
    except ImportError:
        discover = None
    require_tool("translation-finder (Weblate's discovery)", discover is not None, "pip install -e '.[test]'")
    assert discover is not None
    found = [dict(r) for r in discover(str(root))]
    # the test suite's own fixture projects (tests/fixtures/...) are not the project's translations
    po = {r["filemask"]: r.get("new_base") for r in found
          if r["file_format"] == "po" and not r["filemask"].startswith("tests/")}
    assert po == {"locales/*/LC_MESSAGES/sacroiliac-joint-injection.po": "locales/sacroiliac-joint-injection.pot",
                  "locales/*/LC_MESSAGES/ui.po": "locales/ui.pot"}
    recipe = _weblate_recipe(root)
    match = re.compile(recipe["match"])
    files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".venv" not in p.parts]
    matched = sorted(f for f in files if match.fullmatch(f))
    assert matched and all(f.endswith(".po") and f.startswith("locales/") for f in matched)
    components = {match.fullmatch(f).group("component") for f in matched}  # type: ignore[union-attr]
    assert components == {"sacroiliac-joint-injection", "ui"}
    for component in components:
        assert (root / recipe["new_base_template"].replace("{{ component }}", component)).is_file()
    # what plain discovery also offers (the check rules, folders named like languages) is not matched
    others = [r["filemask"] for r in found if r["file_format"] != "po" or r["filemask"].startswith("tests/")]
    assert not any(match.fullmatch(mask.replace("*", "cy")) for mask in others)
