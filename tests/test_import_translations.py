"""``leaflets import --translation``: translated Markdown, published web pages and Word files
(python-docx and pandoc) aligned with the source and written into PO files that ``msgfmt -c``
accepts; a changed dose, a missing list item or a stale PO file stops the import and names
the place; existing translations are never overwritten without ``--force``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from cli_support import SLUG, po_file, run_cli
from conftest import require_tool
from docx_fixtures import WELSH, hospital_leaflet

from pipeline.markdown_writer import write_leaflet
from pipeline.po.apply import translate_leaflet
from pipeline.po.workflow import po_path, read_catalog
from pipeline.project import load_project
from pipeline.settings import load_settings


def _entries(path: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def _msgfmt(path: Path) -> None:
    require_tool("msgfmt", shutil.which("msgfmt") is not None, "apt-get install gettext")
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _translated_markdown(project: Path, locale: str, out: Path) -> Path:
    """The sample leaflet as a translated Markdown file, made from the locale's PO file."""
    settings = load_settings(project)
    leaflet = load_project(settings).leaflet(SLUG)
    applied = translate_leaflet(leaflet, read_catalog(settings, po_path(settings, locale, SLUG)), locale)
    assert applied.missing == 0
    out.write_text(write_leaflet(applied.leaflet), encoding="utf-8")
    return out


# -- translated Markdown (the old migration helper's job) -------------------------------------


@pytest.mark.parametrize("locale", ["cy", "pl", "ar", "ur"])
def test_translated_markdown_fills_an_empty_po_file_with_every_translation(
        project_copy: Path, tmp_path: Path, locale: str) -> None:
    before = _entries(po_file(project_copy, locale))
    document = _translated_markdown(project_copy, locale, tmp_path / f"{locale}.md")
    po_file(project_copy, locale).unlink()
    code, out, err = run_cli(project_copy, "import", "--translation", locale, "--leaflet", SLUG,
                             str(document), "--reviewed")
    assert code == 0, out + err
    after = _entries(po_file(project_copy, locale))
    assert {k: e.msgstr for k, e in after.items()} == {k: e.msgstr for k, e in before.items()}
    assert not any(e.fuzzy for e in after.values())
    assert all(e.tcomment == f"imported from {locale}.md" for e in after.values())
    assert f"{len(after)} of {len(after)} units aligned" in out
    _msgfmt(po_file(project_copy, locale))


def test_without_reviewed_every_entry_is_fuzzy_and_the_build_does_not_publish_it(
        project_copy: Path, tmp_path: Path) -> None:
    document = _translated_markdown(project_copy, "es", tmp_path / "es.md")
    po_file(project_copy, "es").unlink()
    code, out, _ = run_cli(project_copy, "import", "--translation", "es", "--leaflet", SLUG, str(document))
    assert code == 0 and "(fuzzy, for review)" in out
    after = _entries(po_file(project_copy, "es"))
    assert all(e.fuzzy for e in after.values() if e.msgstr)
    code, out, _err = run_cli(project_copy, "status", "--format", "json")
    rows = [r for r in json.loads(out)["rows"] if r["locale"] == "es" and r["domain"] == SLUG]
    assert rows and rows[0]["translated"] == 0 and rows[0]["fuzzy"] == len(after)


def test_existing_translations_are_kept_unless_force(project_copy: Path, tmp_path: Path) -> None:
    document = _translated_markdown(project_copy, "cy", tmp_path / "cy.md")
    path = po_file(project_copy, "cy")
    text = path.read_text(encoding="utf-8")
    # a translator's own wording, already reviewed, differs from the document's
    changed = text.replace('msgstr "Pam y gallech chi ei gael"', 'msgstr "Pam efallai y byddwch chi\'n ei gael"', 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    code, out, _ = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", SLUG, str(document),
                           "--reviewed")
    assert code == 0
    assert "kept: 'Why you might have it' already has the translation" in out and "--force" in out
    assert _entries(path)[(None, "Why you might have it")].msgstr == "Pam efallai y byddwch chi'n ei gael"
    code, out, _ = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", SLUG, str(document),
                           "--reviewed", "--force")
    assert code == 0 and "1 written" in out
    assert _entries(path)[(None, "Why you might have it")].msgstr == "Pam y gallech chi ei gael"


def test_a_changed_number_in_a_translation_is_refused_and_nothing_is_written(
        project_copy: Path, tmp_path: Path) -> None:
    document = _translated_markdown(project_copy, "pl", tmp_path / "pl.md")
    text = document.read_text(encoding="utf-8")
    assert "24" in text
    document.write_text(text.replace("24", "42", 1), encoding="utf-8")
    po_file(project_copy, "pl").unlink()
    code, out, err = run_cli(project_copy, "import", "--translation", "pl", "--leaflet", SLUG, str(document))
    assert code == 2
    assert re.search(r"source line \d+ '[^']*' against line \d+ .*number-changed.*missing 24; added 42", err), err
    assert "nothing written" in out
    assert not po_file(project_copy, "pl").exists()
    code, out, err = run_cli(project_copy, "import", "--translation", "pl", "--leaflet", SLUG, str(document),
                             "--partial")
    assert code == 1
    entries = _entries(po_file(project_copy, "pl"))
    assert not any("42" in e.msgstr for e in entries.values())
    assert sum(1 for e in entries.values() if e.msgstr) == len(entries) - 1


# -- a published web page ----------------------------------------------------------------------


def test_a_published_translated_web_page_gives_its_words_and_never_its_helpers(
        project_copy: Path) -> None:
    code, out, err = run_cli(project_copy, "build", "--format", "html")
    assert code == 0, err
    page = project_copy / "dist" / SLUG / "cy" / "index.html"
    saved = page.parent.parent / "cy-saved.html"
    shutil.copy(page, saved)
    before = _entries(po_file(project_copy, "cy"))
    po_file(project_copy, "cy").unlink()
    code, out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", SLUG, str(saved))
    assert code == 0, out + err
    after = _entries(po_file(project_copy, "cy"))
    written = {k: e for k, e in after.items() if e.msgstr}
    assert len(written) > 90
    # every translation taken from the page is the one the page was built from
    assert all(e.msgstr == before[k].msgstr and e.fuzzy for k, e in written.items())
    # a translated glossary may be sorted in its own language: its words are never paired by place
    assert "the glossary at /html/body/main/section[15]/dl was not imported" in out
    assert not after[(None, "Antiseptic")].msgstr
    # easy read is a page of its own: its units are left for the PO editor, and said
    assert "easy-read points are not in the document" in out
    _msgfmt(po_file(project_copy, "cy"))


# -- Word files --------------------------------------------------------------------------------


def _knee_project(project: Path, tmp_path: Path, english: Path | None = None) -> None:
    english = english or hospital_leaflet(tmp_path / "knee.docx")
    code, out, err = run_cli(project, "import", str(english), "--id", "knee")
    assert code == 0, out + err
    source = project / "source" / "knee.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("summary: TO FILL IN", "summary: What happens at a steroid injection in your knee.")
    text = text.replace("published: TO FILL IN", "published: 2026-01-15")
    assert "TO FILL IN" not in text, text[:600]
    source.write_text(text, encoding="utf-8")
    assert run_cli(project, "validate")[0] == 0


def test_word_translation_from_an_agency_fills_the_po_file(project_copy: Path, tmp_path: Path) -> None:
    _knee_project(project_copy, tmp_path)
    welsh = hospital_leaflet(tmp_path / "knee-cy.docx", texts=WELSH)
    code, out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", "knee", str(welsh))
    assert code == 0, out + err
    entries = _entries(po_file(project_copy, "cy", "knee"))
    got = {k[1]: e.msgstr for k, e in entries.items()}
    assert got["Having a steroid injection in your knee"] == "Cael pigiad steroid yn eich pen-glin"
    assert got["A doctor puts a **steroid** medicine into your knee joint. It can *ease* pain for 3 to 6 months."] \
        == "Mae meddyg yn rhoi meddyginiaeth **steroid** yn eich cymal pen-glin. Gall *leddfu* poen am 3 i 6 mis."
    assert got["warfarin"] == "warfarin"  # nested list items
    assert got["Day 1"] == "Diwrnod 1" and got["Amount"] == "Faint"  # table cells
    assert got["A nurse checks a patient's knee"] == "Nyrs yn gwirio pen-glin claf"  # alt text
    assert got["Call 999 if your knee is hot, red and swollen."].startswith("Ffoniwch 999")  # the box
    assert "(https://www.nhs.uk/conditions/steroid-injections/)" in got[next(k for k in got if "NHS website" in k)]
    # the contact line is the sentence the source's came from
    contact = next(k for k in got if k.startswith("Call the joint clinic"))
    assert got[contact] == "Ffoniwch y clinig cymalau ar [01632 960 123](tel:+441632960123), dydd Llun i ddydd Gwener."
    # the Welsh review date and version are front matter in the source, not text
    assert "'Dyddiad adolygu: Mawrth 2028' states only what the source keeps in its front matter" in out
    # msgmerge's guesses from the other leaflet are replaced, and said
    assert "the fuzzy guess" in out
    assert not any(e.previous_msgid for e in entries.values() if e.msgstr in WELSH.values())
    assert [k[1] for k, e in entries.items() if not e.msgstr] == ["What happens at a steroid injection in your knee."]
    _msgfmt(po_file(project_copy, "cy", "knee"))


def test_word_translation_with_a_list_item_left_out_names_both_places(project_copy: Path, tmp_path: Path) -> None:
    _knee_project(project_copy, tmp_path)
    short = hospital_leaflet(tmp_path / "knee-cy.docx", texts=WELSH, leave_out="are pregnant")
    po = po_file(project_copy, "cy", "knee")
    code, _out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", "knee", str(short))
    assert code == 2
    assert "section 2 'Before your appointment' (source line" in err
    assert "the source has a list of 3 items (1 with a nested list) (line" in err
    assert "'take medicine to thin your blood'); the translation has a list of 2 items" in err
    assert "at paragraph 6" in err
    assert not po.exists()  # nothing written for that leaflet
    code, _out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", "knee", str(short),
                             "--partial")
    assert code == 1
    got = {k[1]: e.msgstr for k, e in _entries(po).items()}
    assert got["Your dose"] == "Eich dos"  # a section of its own, which aligned
    assert got["Tell us if you:"] == ""  # in the section that did not
    assert got["Go to the reception desk."] == "Ewch i'r dderbynfa."


def test_word_translation_with_a_wrong_dose_is_refused(project_copy: Path, tmp_path: Path) -> None:
    _knee_project(project_copy, tmp_path)
    wrong = hospital_leaflet(tmp_path / "knee-cy.docx", texts={**WELSH, "2 x 500 mg": "2 x 50 mg"})
    code, _out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", "knee", str(wrong))
    assert code == 2
    assert re.search(r"source line \d+ '2 x 500 mg' against paragraph \d+ \(a table\) '2 x 50 mg': "
                     r"number-changed", err), err
    assert not po_file(project_copy, "cy", "knee").exists()


def test_pandoc_word_translation_aligns_with_a_pandoc_word_source(project_copy: Path, tmp_path: Path) -> None:
    require_tool("pandoc", shutil.which("pandoc") is not None, "apt-get install pandoc")
    made = {}
    for name, texts in (("en", None), ("cy", WELSH)):
        original = hospital_leaflet(tmp_path / f"python-docx-{name}.docx", texts=texts)
        made[name] = tmp_path / f"knee-{name}.docx"
        subprocess.run(["pandoc", str(original), "-o", str(made[name])], check=True)
    _knee_project(project_copy, tmp_path, made["en"])
    code, out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", "knee", str(made["cy"]),
                             "--reviewed")
    assert code == 0, out + err
    got = {k[1]: e for k, e in _entries(po_file(project_copy, "cy", "knee")).items()}
    assert got["Your dose"].msgstr == "Eich dos" and not got["Your dose"].fuzzy
    assert got["2 x 500 mg"].msgstr == "2 x 500 mg"
    _msgfmt(po_file(project_copy, "cy", "knee"))


# -- bad input ---------------------------------------------------------------------------------


def test_bad_translation_imports_exit_2_with_a_message(project_copy: Path, tmp_path: Path) -> None:
    document = _translated_markdown(project_copy, "cy", tmp_path / "cy.md")
    po = po_file(project_copy, "cy")
    before = po.read_bytes()
    cases = [
        (["--translation", "cy", "--leaflet", "no-such-leaflet", str(document)],
         "there is no source leaflet with the id 'no-such-leaflet' (the ids are: sacroiliac-joint-injection)"),
        (["--translation", "en-GB", "--leaflet", SLUG, str(document)], "is the source locale"),
        (["--translation", "xx-nonsense", "--leaflet", SLUG, str(document)], "xx-nonsense"),
        (["--leaflet", SLUG, str(document)], "go with --translation LOCALE"),
        (["--translation", "cy", str(document)], "give the id of the source leaflet"),
        (["--translation", "cy", "--leaflet", SLUG, str(document), str(document)], "one document at a time"),
        (["--translation", "cy", "--leaflet", SLUG, str(tmp_path / "missing.docx")], "missing.docx"),
    ]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a whole zip file")
    cases.append((["--translation", "cy", "--leaflet", SLUG, str(broken)], "broken.docx"))
    for args, said in cases:
        code, out, err = run_cli(project_copy, "import", *args)
        assert code == 2, (args, out, err)
        said_all = " ".join(re.sub(r"[\u2500-\u257f]", " ", out + err).split())  # rich's usage box
        assert said in said_all, (args, out, err)
        assert "Traceback" not in out + err
    assert po.read_bytes() == before


def test_a_po_file_older_than_the_source_asks_for_update(project_copy: Path, tmp_path: Path) -> None:
    document = _translated_markdown(project_copy, "cy", tmp_path / "cy.md")
    source = project_copy / "source" / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Why you might have it", "Why you might need it"),
                      encoding="utf-8")
    po = po_file(project_copy, "cy")
    before = po.read_bytes()
    code, out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", SLUG, str(document),
                             "--partial")
    assert code == 2 and "run `leaflets update`" in err, out + err
    assert po.read_bytes() == before


def test_json_report(project_copy: Path, tmp_path: Path) -> None:
    _knee_project(project_copy, tmp_path)
    short = hospital_leaflet(tmp_path / "knee-cy.docx", texts=WELSH, leave_out="are pregnant")
    code, out, _ = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", "knee", str(short),
                           "--format", "json")
    assert code == 2
    report = json.loads(out)
    assert report["blocked"] is True and report["written"] == 0 and report["locale"] == "cy"
    assert any("Before your appointment" in p for p in report["problems"])


def test_a_translation_that_is_not_utf8_is_refused_not_garbled(project_copy: Path, tmp_path: Path) -> None:
    document = _translated_markdown(project_copy, "cy", tmp_path / "cy.md")
    document.write_bytes(document.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    before = po_file(project_copy, "cy").read_bytes()
    code, out, err = run_cli(project_copy, "import", "--translation", "cy", "--leaflet", SLUG, str(document))
    assert code == 2 and "cy.md" in err and "not UTF-8" in err, out + err
    assert po_file(project_copy, "cy").read_bytes() == before
