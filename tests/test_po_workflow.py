"""extract / update / init / status on real files, the build's translated editions, bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from cli_support import po_file as _po
from cli_support import run_cli as _run
from conftest import require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build import editions
from pipeline.po.apply import check_translation, translate_leaflet
from pipeline.po.pofile import parse_po, read_po, write_po
from pipeline.po.workflow import update
from pipeline.problems import InputError
from pipeline.project import load_project
from pipeline.reader import parse_inlines
from pipeline.settings import load_settings

LOCALES = ("cy", "pl", "es", "ar", "ur")
SLUG = "sacroiliac-joint-injection"


def _snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted((project / "locales").rglob("*.po*"))
    }


def test_repository_files_are_up_to_date_and_complete(project_copy: Path) -> None:
    """The committed POT/PO files are what update writes: running it changes nothing."""
    before = _snapshot(project_copy)
    code, out, _ = _run(project_copy, "update")
    assert code == 0, out
    assert _snapshot(project_copy) == before
    for locale in LOCALES:
        for domain in (SLUG, "ui"):
            catalog = read_po(_po(project_copy, locale, domain).read_bytes(), "x")
            assert all(e.translated for e in catalog.entries if not e.obsolete), (locale, domain)


def test_every_written_file_passes_msgfmt_check(project_copy: Path) -> None:
    require_tool(
        "msgfmt", shutil.which("msgfmt") is not None, "msgfmt -c is the acceptance check for PO files"
    )
    _run(project_copy, "init", "de")
    files = sorted((project_copy / "locales").rglob("*.po*"))
    assert len(files) == 2 + 2 * (len(LOCALES) + 1)
    for path in files:
        done = subprocess.run(
            ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, (path, done.stderr)
        if path.suffix == ".po":  # templates carry xgettext's placeholders, which msgfmt notes
            assert "warning" not in done.stderr, (path, done.stderr)


def test_a_save_with_another_width_then_update_gives_msgmerges_file(project_copy: Path, tmp_path: Path) -> None:
    """An editor (here msgcat, with another width) rewraps a file; update writes what msgmerge writes."""
    require_tool("msgcat", shutil.which("msgcat") is not None, "msgcat stands in for an editor's save")
    path = _po(project_copy, "cy")
    for args in ([], ["--width=60"]):
        saved = subprocess.run(["msgcat", *args, str(path)], capture_output=True, check=True).stdout
        path.write_bytes(saved)
        (tmp_path / "saved.po").write_bytes(saved)
        assert _run(project_copy, "update")[0] == 0
        subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(tmp_path / "mm.po"), str(tmp_path / "saved.po"),
                        str(project_copy / "locales" / f"{SLUG}.pot")], check=True)
        assert path.read_bytes() == (tmp_path / "mm.po").read_bytes()


def test_update_keeps_work_on_source_edits_like_msgmerge(project_copy: Path) -> None:
    require_tool("msgmerge", shutil.which("msgmerge") is not None, "GNU msgmerge is the oracle for update")
    source = project_copy / "source" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("Keep the area dry for 24 hours", "Keep the area dry for 48 hours")
    text = text.replace("- Bring your glasses if you need them to read.\n", "")
    text = text.replace("You decide together if", "You do not decide alone if")
    source.write_text(text, encoding="utf-8")
    old = _po(project_copy, "cy").read_text(encoding="utf-8")
    assert _run(project_copy, "update")[0] == 0
    ours = parse_po(_po(project_copy, "cy").read_text(encoding="utf-8"), "ours")
    tmp = project_copy / "old.po"
    tmp.write_text(old, encoding="utf-8")
    theirs_text = subprocess.run(
        ["msgmerge", "--previous", "-q", str(tmp), str(project_copy / "locales" / f"{SLUG}.pot")],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    theirs = parse_po(theirs_text, "theirs")

    def summary(catalog: object) -> list[tuple[object, ...]]:
        return [
            (e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.previous_msgid, e.obsolete) for e in catalog.entries
        ]  # type: ignore[attr-defined]

    assert summary(ours) == summary(theirs)
    dry = next(e for e in ours.entries if e.msgid.startswith("Keep the area dry for 48"))
    assert dry.fuzzy and dry.previous_msgid and "24" in dry.previous_msgid
    assert any("a number changed (24 -> 48)" in c for c in dry.extracted_comments)
    alone = next(e for e in ours.entries if "decide alone" in e.msgid)
    assert any("'not' added" in c for c in alone.extracted_comments)
    assert any(e.obsolete and e.msgid.startswith("Bring your glasses") for e in ours.entries)
    _, out, _ = _run(project_copy, "status", "--format", "json")
    row = next(r for r in json.loads(out)["rows"] if r["locale"] == "cy" and r["domain"] == SLUG)
    assert row["fuzzy"] == 2 and row["publishable"] == "no"


EDIT = st.sampled_from(["number", "negate", "delete", "insert", "reword", "duplicate"])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(EDIT, st.integers(0, 10_000)), min_size=1, max_size=6))
def test_random_source_edits_never_lose_a_translation(
    project_copy: Path, edits: list[tuple[str, int]]
) -> None:
    source = project_copy / "source" / f"{SLUG}.md"
    original = source.read_text(encoding="utf-8")
    settings_ = load_settings(project_copy)
    before = {p: read_po(p.read_bytes(), "x") for p in (project_copy / "locales").rglob("*.po")}
    lines = original.split("\n")
    body = [i for i, line in enumerate(lines) if line[:1].isalpha() and i > 12]
    for kind, seed in edits:
        i = body[seed % len(body)]
        line = lines[i]
        if kind == "number":
            lines[i] = (
                re.sub(r"\d+", lambda m: str(int(m.group(0)) + 1), line)
                if re.search(r"\d", line)
                else line + " Wait 2 days."
            )
        elif kind == "negate":
            lines[i] = line.replace(" is ", " is not ", 1) if " is " in line else "Do not " + line
        elif kind == "delete":
            lines[i] = ""
        elif kind == "insert":
            lines[i] = line + "\n\nA brand new paragraph number " + str(seed) + "."
        elif kind == "reword":
            lines[i] = line.replace("the", "your", 1)
        else:
            lines[i] = line + "\n\n" + line
    source.write_text("\n".join(lines), encoding="utf-8")
    try:
        project = load_project(settings_)
    except InputError:  # an edit that breaks the Markdown is not this test's subject
        source.write_text(original, encoding="utf-8")
        return
    update(settings_, project.leaflets)
    for path, old in before.items():
        new = read_po(path.read_bytes(), "x")
        kept = {e.msgstr for e in new.entries}
        lost = {e.msgstr for e in old.entries if e.msgstr} - kept
        assert not lost, (path, sorted(lost)[:3])
    again = _snapshot(project_copy)
    update(settings_, project.leaflets)
    assert _snapshot(project_copy) == again  # a second run changes nothing
    source.write_text(original, encoding="utf-8")
    for path, old in before.items():
        path.write_bytes(write_po(old).encode("utf-8"))


BROKEN_FILES = [
    (b'\n\nmsgid "Contents"\nmsgstr "x"\nthis is not po\n', "not a PO keyword"),
    (b"\xff", "not UTF-8"),
]


@pytest.mark.parametrize(("damage", "words"), BROKEN_FILES)
def test_a_broken_po_file_stops_only_itself(project_copy: Path, damage: bytes, words: str) -> None:
    path = _po(project_copy, "pl")
    data = path.read_bytes() + damage
    path.write_bytes(data)
    source = project_copy / "source" / f"{SLUG}.md"
    # a blank line above the first section moves every reference below it by one line
    source.write_text(source.read_text(encoding="utf-8").replace("\n## ", "\n\n## ", 1), encoding="utf-8")
    before = {locale: _po(project_copy, locale).read_bytes() for locale in LOCALES}
    code, _, err = _run(project_copy, "update")
    assert code == 2
    assert f"locales/pl/LC_MESSAGES/{SLUG}.po:" in err and words in err
    assert "Traceback" not in err
    assert path.read_bytes() == data  # left exactly as it was
    for locale in ("cy", "es", "ar", "ur"):  # every other file was updated
        assert _po(project_copy, locale).read_bytes() != before[locale]
    code, out, err = _run(project_copy, "status", "--format", "json")
    data = json.loads(out)
    assert code == 2 and any(words in p for p in data["problems"])
    rows = {(r["domain"], r["locale"]): r for r in data["rows"]}
    assert rows[(SLUG, "pl")]["publishable"] == "no" and "cannot be used" in rows[(SLUG, "pl")]["reason"]
    assert rows[("ui", "pl")]["publishable"] == "yes"
    code, _, err = _run(project_copy, "build", "--jobs", "1")
    assert code == 2 and f"locales/pl/LC_MESSAGES/{SLUG}.po:" in err
    dist = project_copy / "dist" / SLUG
    assert {p.name for p in dist.iterdir()} == {"en-GB", "cy", "es", "ar", "ur"}
    assert (project_copy / "dist" / "index.html").is_file()
    code, _, _ = _run(project_copy, "build", "--jobs", "1", "--locale", "cy")
    assert code == 2  # the exit code still says something is wrong


@pytest.mark.parametrize("damage", ["bom", "crlf"])
def test_bom_and_crlf_are_read_through_and_normalised_by_update(project_copy: Path, damage: str) -> None:
    path = _po(project_copy, "cy", "ui")
    clean = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + clean if damage == "bom" else clean.replace(b"\n", b"\r\n"))
    code, out, err = _run(project_copy, "status")
    assert code == 0 and ("byte-order mark" if damage == "bom" else "CRLF") in err
    assert _run(project_copy, "build", "--jobs", "1", "--locale", "cy")[0] == 0
    code, out, err = _run(project_copy, "update")
    assert code == 0 and "locales/cy/LC_MESSAGES/ui.po" in out
    assert path.read_bytes() == clean
    assert _run(project_copy, "update")[1].endswith("0 file(s) written, 10 unchanged.\n")


def test_gitattributes_keeps_po_files_lf(root: Path) -> None:
    rules = (root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "*.po text eol=lf" in rules and "*.pot text eol=lf" in rules


WEBLATE_HEADERS = {  # what msginit 0.21 and Weblate write, and CLDR disagrees with on the count
    "es": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cy": "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
}


def _set_plural_header(path: Path, value: str) -> None:
    catalog = read_po(path.read_bytes(), "x")
    header = re.sub(r"Plural-Forms: .*\n", f"Plural-Forms: {value}\n", catalog.header.msgstr)
    path.write_text(write_po(replace(catalog, header=replace(catalog.header, msgstr=header))), encoding="utf-8")


def test_gettext_and_weblate_plural_headers_are_accepted_without_plural_entries(project_copy: Path) -> None:
    for locale, value in WEBLATE_HEADERS.items():
        for domain in (SLUG, "ui"):
            _set_plural_header(_po(project_copy, locale, domain), value)
    for command in (["status"], ["update"], ["check", "--locale", "es"], ["build", "--jobs", "1"]):
        code, _, err = _run(project_copy, *command)
        assert code in (0, 1) and "Plural-Forms" not in err, (command, err)
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in _po(project_copy, "es").read_text(encoding="utf-8")
    assert {p.name for p in (project_copy / "dist" / SLUG).iterdir()} == {"en-GB", *LOCALES}


def test_a_plural_header_that_would_break_a_plural_entry_is_refused(project_copy: Path) -> None:
    path = _po(project_copy, "cy", "ui")
    path.write_text(path.read_text(encoding="utf-8") + "\n".join([
        "", 'msgid "one day"', 'msgid_plural "%d days"',
        *(f'msgstr[{i}] "diwrnod {i}"' for i in range(6)), ""]), encoding="utf-8")
    assert _run(project_copy, "status")[0] == 0  # six forms, CLDR's six: fine
    _set_plural_header(path, "nplurals=2; plural=(n != 1);")
    code, _, err = _run(project_copy, "update")
    assert code == 2 and "plural entries have 6 forms" in err and "locales/cy/LC_MESSAGES/ui.po:" in err
    _set_plural_header(path, "nplurals=2; plural=(n %% 7);")
    code, _, err = _run(project_copy, "status")
    assert code == 2 and "cannot be read" in err
    _set_plural_header(path, "nplurals=2; plural=n;")
    code, _, err = _run(project_copy, "status")
    assert code == 2 and "gives form 2 for n = 2" in err


def test_missing_or_empty_language_and_plural_forms_are_repaired_by_update(project_copy: Path) -> None:
    path = _po(project_copy, "es")
    catalog = read_po(path.read_bytes(), "x")
    header = re.sub(r"Plural-Forms: .*\n", "", catalog.header.msgstr.replace("Language: es\n", "Language: \n"))
    path.write_text(write_po(replace(catalog, header=replace(catalog.header, msgstr=header))), encoding="utf-8")
    code, _, err = _run(project_copy, "update")
    assert code == 0, err
    assert "no Language" in err and "no Plural-Forms" in err
    header = read_po(path.read_bytes(), "x").header_fields()
    assert header["Language"] == "es" and header["Plural-Forms"].startswith("nplurals=")
    assert _run(project_copy, "update")[1].endswith("0 file(s) written, 10 unchanged.\n")
    require_tool("msgfmt", shutil.which("msgfmt") is not None, "install gettext")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


def test_duplicates_are_refused(project_copy: Path) -> None:
    dup = _po(project_copy, "es", "ui")
    block = dup.read_text(encoding="utf-8").split("\n\n")[1]
    dup.write_text(dup.read_text(encoding="utf-8") + "\n" + block + "\n", encoding="utf-8")
    code, _, err = _run(project_copy, "status")
    assert code == 2 and "locales/es/LC_MESSAGES/ui.po:" in err and "duplicate entry" in err


def test_msgid_not_in_template_is_reported_then_made_obsolete(project_copy: Path) -> None:
    path = _po(project_copy, "es")
    path.write_text(
        path.read_text(encoding="utf-8") + '\nmsgid "A unit nobody wrote."\nmsgstr "Nadie."\n',
        encoding="utf-8",
    )
    code, _, err = _run(project_copy, "status")
    assert code == 0 and "is not in the template" in err and "locales/es/LC_MESSAGES/" in err
    code, _, err = _run(project_copy, "update")
    assert code == 0
    assert '#~ msgid "A unit nobody wrote."' in path.read_text(encoding="utf-8")


def test_init_validates_and_edits_pyproject_minimally(project_copy: Path) -> None:
    before = (project_copy / "pyproject.toml").read_text(encoding="utf-8")
    code, _, err = _run(project_copy, "init", "welsh")
    assert code == 2 and "close matches: cy" in err
    code, _, err = _run(project_copy, "init", "xx-QQ")
    assert code == 2 and "unknown locale code 'xx-QQ'" in err
    code, _, _ = _run(project_copy, "init", "de")
    assert code == 0
    after = (project_copy / "pyproject.toml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [
        ('locales = ["cy", "pl", "es", "ar", "ur"]', 'locales = ["cy", "pl", "es", "ar", "ur", "de"]')
    ]
    header = _po(project_copy, "de").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header and '"Language: de\\n"' in header
    assert _run(project_copy, "init", "de")[0] == 0  # a second init changes nothing
    assert (project_copy / "pyproject.toml").read_text(encoding="utf-8") == after


def test_welsh_and_arabic_get_six_plural_forms_from_babel(project_copy: Path) -> None:
    for locale in ("cy", "ar"):
        header = read_po(_po(project_copy, locale).read_bytes(), "x").header_fields()
        assert header["Plural-Forms"].startswith("nplurals=6;")
        assert header["Language"] == locale


def test_status_json_and_table(project_copy: Path) -> None:
    code, out, _ = _run(project_copy, "status", "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data["rows"]) == 2 * len(LOCALES)
    assert all(r["publishable"] == "yes" and r["untranslated"] == 0 for r in data["rows"])
    code, out, _ = _run(project_copy, "status")
    assert code == 0 and "Translation status" in out and "ur" in out


def test_build_publishes_five_locales_with_translated_labels(project_copy: Path) -> None:
    project = load_project(load_settings(project_copy))
    found, skipped = editions(project)
    assert sorted(e.locale for e in found) == sorted(["en-GB", *LOCALES])
    assert skipped == []
    welsh = next(e for e in found if e.locale == "cy")
    assert welsh.labels["contents"] == "Cynnwys" and not welsh.fallback
    assert welsh.leaflet.meta.title != project.leaflets[0].meta.title
    assert welsh.leaflet.sections[0].anchor == project.leaflets[0].sections[0].anchor


def test_fuzzy_is_never_published_and_policy_decides(project_copy: Path) -> None:
    path = _po(project_copy, "pl")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgid "Common"\nmsgstr', '#, fuzzy\nmsgid "Common"\nmsgstr', 1)
    path.write_text(text, encoding="utf-8")
    project = load_project(load_settings(project_copy))
    found, skipped = editions(project)
    assert "pl" not in {e.locale for e in found}
    assert (
        "sacroiliac-joint-injection/pl",
        "pl: 1 of 192 units untranslated (1 fuzzy); publish_policy is complete",
    ) in skipped
    pyproject = project_copy / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            'publish_policy = "complete"', 'publish_policy = "fallback"'
        ),
        encoding="utf-8",
    )
    found, _ = editions(load_project(load_settings(project_copy)))
    polish = next(e for e in found if e.locale == "pl")
    assert polish.fallback
    cells = [
        c
        for s in polish.leaflet.sections
        for b in s.blocks
        if hasattr(b, "rows")
        for row in b.rows
        for c in row
    ]
    assert any(c.inlines == parse_inlines("Common") for c in cells)  # shown in English, not the fuzzy text


def test_translation_that_breaks_a_link_or_bold_is_refused(project_copy: Path) -> None:
    source = parse_inlines("Call [01234 567 890](tel:+441234567890) **now**.")
    assert check_translation(source, "Ffoniwch [01234 567 890](tel:+441234567890) **nawr**.")[1] == ""
    assert "link targets" in check_translation(source, "Ffoniwch [01234](tel:+449999) **nawr**.")[1]
    assert "bold" in check_translation(source, "Ffoniwch [01234 567 890](tel:+441234567890) nawr.")[1]
    assert "not valid" in check_translation(source, "Ffoniwch <b>nawr</b> [x](tel:+441234567890) **a**")[1]
    path = _po(project_copy, "es")
    text = path.read_text(encoding="utf-8").replace(
        "dolor al [01234 567 890](tel:+441234567890)", "dolor al [01234 567 890](tel:+34999999999)"
    )
    path.write_text(text, encoding="utf-8")
    project = load_project(load_settings(project_copy))
    catalog = read_po(path.read_bytes(), "locales/es/LC_MESSAGES/x.po")
    applied = translate_leaflet(project.leaflets[0], catalog, "es")
    assert applied.refused and "tel:+441234567890" in applied.refused[0].message
    found, skipped = editions(project)
    assert "es" not in {e.locale for e in found}
    assert any("link targets" in reason for _, reason in skipped)


def test_compendium_fills_a_second_leaflet_and_status_flags_inconsistency(project_copy: Path) -> None:
    source = (project_copy / "source" / f"{SLUG}.md").read_text(encoding="utf-8")
    other = source.replace(f"id: {SLUG}", "id: other-leaflet").replace("## Going back to work", "## Work")
    (project_copy / "source" / "other-leaflet.md").write_text(other, encoding="utf-8")
    assert _run(project_copy, "update")[0] == 0
    filled = read_po(_po(project_copy, "cy", "other-leaflet").read_bytes(), "x")
    common = filled.find(None, "Common")
    assert common is not None and common.translated  # exact match from the locale's other leaflet
    work = filled.find(None, "Work")
    assert work is not None and not work.translated
    path = _po(project_copy, "cy", "other-leaflet")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'msgid "Common"\nmsgstr "{common.msgstr}"', 'msgid "Common"\nmsgstr "Arferol"'
        ),
        encoding="utf-8",
    )
    code, out, _ = _run(project_copy, "status", "--format", "json")
    assert code == 0
    found = [i for i in json.loads(out)["inconsistent"] if i["msgid"] == "Common"]
    assert found and found[0]["locale"] == "cy" and len(found[0]["translations"]) == 2


def test_plural_forms_are_compared_by_what_they_compute() -> None:
    from pipeline.po.plural import same_plural_rule
    from pipeline.po.templates import plural_forms

    weblate_pl = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    assert same_plural_rule(plural_forms("pl"), weblate_pl)
    gettext_cy = "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 :(n==6) ? 4 : 5;"
    assert same_plural_rule(plural_forms("cy"), gettext_cy)
    assert not same_plural_rule(plural_forms("cy"), "nplurals=2; plural=(n != 1);")
    assert not same_plural_rule(plural_forms("ar"), "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : 2;")
    assert not same_plural_rule(plural_forms("de"), "nplurals=2; plural=(n != 1")


def test_repository_po_files_are_exactly_as_msgcat_writes_them(root: Path) -> None:
    require_tool("msgcat", shutil.which("msgcat") is not None, "msgcat is the reference for PO output")
    files = sorted((root / "locales").rglob("*.po*"))
    assert len(files) == 2 + 2 * len(LOCALES)
    for path in files:
        assert (
            subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout == path.read_bytes()
        )


def test_template_units_carry_place_reference_and_context(root: Path) -> None:
    pot = read_po((root / "locales" / f"{SLUG}.pot").read_bytes(), "pot")
    title = pot.find(None, "Sacroiliac joint injection")
    assert title is not None and title.references == (f"source/{SLUG}.md:3",)
    contact = next(e for e in pot.entries if e.msgid.startswith("Call the pain clinic"))
    assert "[01234 567 890](tel:+441234567890)" in contact.msgid
    assert any("link target" in note for note in contact.extracted_comments)
    point = pot.find("easy-read", "Tell the doctor if it hurts.")
    assert point is not None and any(
        n.startswith("Easy-read point in: On the day") for n in point.extracted_comments
    )
    cell = pot.find(None, "Very rare: fewer than 1 in 10,000")
    assert cell is not None and "Table cell, row 4, column 'How common it is'" in cell.extracted_comments[0]
    kinds = " ".join(n for e in pot.entries for n in e.extracted_comments)
    for role in (
        "Section heading",
        "Paragraph",
        "List item",
        "Numbered list item",
        "Title of a warning box",
        "Glossary: a hard word",
        "Glossary: the plain meaning",
        "Easy-read picture description",
    ):
        assert role in kinds, role
    ui = read_po((root / "locales" / "ui.pot").read_bytes(), "ui")
    assert ui.find("contents", "Contents") is not None


def test_update_in_worker_processes_writes_what_one_process_writes(project_copy: Path, tmp_path: Path) -> None:
    source = project_copy / "source" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Keep the area dry for 24 hours", "Keep the area dry for 48 hours"),
                      encoding="utf-8")
    alone = tmp_path / "alone"
    shutil.copytree(project_copy, alone)
    assert _run(project_copy, "update", "--jobs", "3")[0] == 0
    assert _run(alone, "update", "--jobs", "1")[0] == 0
    parallel, serial = _snapshot(project_copy), _snapshot(alone)
    assert parallel == serial
    assert b"a number changed (24 -> 48)" in parallel[f"locales/cy/LC_MESSAGES/{SLUG}.po"]


def test_update_notices_a_hand_edited_msgid_but_not_a_source_edit(project_copy: Path) -> None:
    source = project_copy / "source" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    assert "Keep the area dry for 24 hours" in text
    source.write_text(text.replace("Keep the area dry for 24 hours", "Keep the area dry for 48 hours"),
                      encoding="utf-8")
    po = _po(project_copy, "pl")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "A unit nobody wrote."\nmsgstr "Nikt."\n',
                  encoding="utf-8")
    code, _, err = _run(project_copy, "update")
    assert code == 0
    notices = [line for line in err.splitlines() if line.endswith("(notice)")]
    assert len(notices) == 1 and "A unit nobody wrote." in notices[0] and "locales/pl/" in notices[0]
    assert '#~ msgid "A unit nobody wrote."' in po.read_text(encoding="utf-8")


@pytest.mark.parametrize("locale", ["es", "fr", "it", "pt", "ga", "pl"])
def test_msginit_files_are_accepted_and_checked_against_their_plural_entries(tmp_path: Path, locale: str) -> None:
    """The header msginit writes (gettext's table, not CLDR's) is fine until a plural entry disagrees."""
    from pipeline.po.templates import check_header, plural_forms

    require_tool("msginit", shutil.which("msginit") is not None, "apt-get install gettext")
    out = tmp_path / f"{locale}.po"
    subprocess.run(["msginit", "--no-translator", "-l", locale, "-i", str(Path("locales/ui.pot").resolve()),
                    "-o", str(out)], capture_output=True, check=True, cwd=Path(__file__).parent.parent)
    catalog = read_po(out.read_bytes(), out.name)
    header = catalog.header_fields()["Plural-Forms"]
    assert check_header(catalog, locale) == []
    count = int(re.search(r"nplurals=(\d+)", header).group(1))  # type: ignore[union-attr]
    cldr = int(re.search(r"nplurals=(\d+)", plural_forms(locale)).group(1))  # type: ignore[union-attr]
    for forms in sorted({count, cldr}):
        entry = '\nmsgid "one day"\nmsgid_plural "%d days"\n' + "".join(
            f'msgstr[{i}] "d{i}"\n' for i in range(forms))
        with_plural = read_po(out.read_bytes() + entry.encode(), out.name)
        problems = check_header(with_plural, locale)
        assert (problems == []) == (forms == count), (header, forms, problems)
