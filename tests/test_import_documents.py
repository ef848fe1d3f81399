"""``leaflets import`` on Word files (python-docx, pandoc, LibreOffice) and saved web pages with
real-world clutter: what is mapped, what never is, the round trip to HTML, and bad input."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from cli_support import run_cli
from conftest import require_tool
from docx_fixtures import hospital_leaflet
from lxml import html

from pipeline import model as m
from pipeline.reader import read_leaflet

FIXTURES = Path(__file__).parent / "fixtures" / "import"
KNEE_PAGE = FIXTURES / "knee-page.html"
NO_MAIN_PAGE = FIXTURES / "no-main-page.html"


def _fill(path: Path) -> None:
    """Fill in what the import left for the author, as an author would."""
    values = {"summary": "What happens at a knee injection.", "organisation": "Example Trust",
              "version": '"1.0"', "published": "2026-01-05", "review_due": "2028-01-05",
              "contact": '"Call the clinic on [01632 960 123](tel:+441632960123)."'}
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text = re.sub(rf"^{key}: \"?TO FILL IN\"?$", f"{key}: {value}", text, count=1, flags=re.M)
    text = text.replace("![TO FILL IN]", "![A knee]")
    path.write_text(text, encoding="utf-8")


def _source_state(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "source").rglob("*") if p.is_file()}


# -- Word, made by python-docx ---------------------------------------------------------------


def test_word_file_maps_headings_lists_tables_boxes_pictures_and_facts(project_copy: Path, tmp_path: Path) -> None:
    doc = hospital_leaflet(tmp_path / "knee.docx")
    code, out, err = run_cli(project_copy, "import", str(doc), "--id", "knee")
    assert code == 0, err
    written = project_copy / "source" / "knee.md"
    leaflet = read_leaflet(written, draft=True)
    assert leaflet.meta.title == "Having a steroid injection in your knee"
    assert [m.plain_text(s.heading) for s in leaflet.sections] == [
        "What is a knee injection?", "Before your appointment", "Your dose", "On the day", "Contact us"]
    assert [s.level for s in leaflet.sections] == [2, 2, 3, 2, 2]
    blocks = [b for s in leaflet.sections for b in s.blocks]
    lists = [b for b in blocks if isinstance(b, m.ListBlock)]
    assert [lst.ordered for lst in lists] == [False, True]
    nested = lists[0].items[0].sublist
    assert nested is not None and [m.plain_text(i.inlines) for i in nested.items] == ["warfarin", "apixaban"]
    table = next(b for b in blocks if isinstance(b, m.Table))
    assert [m.plain_text(c.inlines) for c in table.header] == ["Day", "Tablet", "Amount"]
    assert m.plain_text(table.rows[2][2].inlines) == "1 x 200 mg"  # the dose is kept exactly
    callouts = [b for b in blocks if isinstance(b, m.Callout)]
    assert [c.kind for c in callouts] == ["note", "warning"]
    assert m.plain_text(callouts[1].title) == "Get help now"
    text = written.read_text(encoding="utf-8")
    assert "**steroid**" in text and "*ease*" in text
    assert "[the NHS website](https://www.nhs.uk/conditions/steroid-injections/)" in text
    image = next(b for b in blocks if isinstance(b, m.Image))
    assert image.picture.alt == "A nurse checks a patient's knee"
    assert (written.parent / image.picture.ref).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # facts the document states in words are the front matter, not body text
    assert leaflet.meta.version == "2.1" and leaflet.meta.organisation == "Example Hospitals NHS Foundation Trust"
    assert leaflet.meta.review_due.isoformat() == "2028-03-01" and "gives only a month" in out
    assert "tel:+441632960123" in text and "Review date" not in text.split("---", 2)[2]
    assert set(leaflet.meta.to_fill) == {"summary", "published"}
    assert run_cli(project_copy, "format", "--check")[0] == 0


def test_word_picture_without_alt_text_is_a_validation_problem(project_copy: Path, tmp_path: Path) -> None:
    doc = hospital_leaflet(tmp_path / "knee.docx", alt_text=False)
    code, out, _ = run_cli(project_copy, "import", str(doc), "--id", "knee")
    assert code == 0 and "has no alt text" in out
    written = project_copy / "source" / "knee.md"
    _fill(written)
    text = written.read_text(encoding="utf-8").replace("![A knee]", "![TO FILL IN]")
    written.write_text(text, encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("![TO FILL IN]"))) + 1
    code, _, err = run_cli(project_copy, "validate")
    assert code == 2 and f"source/knee.md:{line}:" in err and "alt text is still 'TO FILL IN'" in err


def test_word_round_trip_import_format_build_shows_the_same_structure(project_copy: Path, tmp_path: Path) -> None:
    doc = hospital_leaflet(tmp_path / "knee.docx")
    assert run_cli(project_copy, "import", str(doc), "--id", "knee")[0] == 0
    _fill(project_copy / "source" / "knee.md")
    assert run_cli(project_copy, "format", "--check")[0] == 0
    code, _, err = run_cli(project_copy, "build", "--format", "html")
    assert code == 0, err
    tree = html.fromstring((project_copy / "dist" / "knee" / "en-GB" / "index.html").read_bytes())
    for label in tree.xpath("//*[contains(@class, 'cell-label')]"):  # the small-screen labels
        label.drop_tree()
    main = tree.find(".//main")
    assert main is not None
    headings = [" ".join(h.text_content().split()) for h in main.iter("h2", "h3")]
    for expected in ("What is a knee injection?", "Before your appointment", "Your dose", "On the day"):
        assert expected in headings
    rows = [[" ".join(c.text_content().split()) for c in tr.iter("th", "td")] for tr in main.iter("tr")]
    assert ["Day 3", "Ibuprofen", "1 x 200 mg"] in rows
    steps = main.xpath(".//ol[li[contains(., 'reception')]]")
    assert [" ".join(li.text_content().split()) for li in steps[0].iter("li")] == [
        "Go to the reception desk.", "Wait to be called.", "The nurse checks your knee."]
    nested = [ul for ul in main.iter("ul") if ul.getparent() is not None and ul.getparent().tag == "li"]
    assert nested and "warfarin" in nested[0].text_content()
    assert main.xpath(".//img[@alt=\"A nurse checks a patient's knee\"]")


# -- Word, made by tools nobody here wrote -----------------------------------------------------


def _pandoc(markdown: str, out: Path) -> Path:
    require_tool("pandoc", shutil.which("pandoc") is not None, "apt-get install pandoc")
    source = out.with_suffix(".md")
    source.write_text(markdown, encoding="utf-8")
    subprocess.run(["pandoc", str(source), "-o", str(out)], check=True, timeout=60)
    return out


PANDOC_LEAFLET = """\
---
title: Looking after your wound
---

# Keeping it clean

Wash your hands **before** you touch the dressing. Keep it *dry* for 2 days.

1. Take off the old dressing.
2. Put on a new one:
    - clean side down
    - press the edges flat

# Medicines

| Medicine | Dose |
|---|---|
| Paracetamol | 1 g every 6 hours |
| Codeine | 30 mg every 4 hours |

# Contact

Call the ward on 01632 960 789 or see [the NHS page](https://www.nhs.uk/).
"""


def test_pandoc_word_file_uses_words_builtin_styles_and_imports(project_copy: Path, tmp_path: Path) -> None:
    doc = _pandoc(PANDOC_LEAFLET, tmp_path / "wound.docx")
    code, _, err = run_cli(project_copy, "import", str(doc))
    assert code == 0, err
    written = project_copy / "source" / "looking-after-your-wound.md"
    leaflet = read_leaflet(written, draft=True)
    assert [m.plain_text(s.heading) for s in leaflet.sections] == ["Keeping it clean", "Medicines", "Contact"]
    blocks = [b for s in leaflet.sections for b in s.blocks]
    ordered = next(b for b in blocks if isinstance(b, m.ListBlock))
    assert ordered.ordered and ordered.items[1].sublist is not None
    assert [m.plain_text(i.inlines) for i in ordered.items[1].sublist.items] == ["clean side down",
                                                                                 "press the edges flat"]
    table = next(b for b in blocks if isinstance(b, m.Table))
    assert [m.plain_text(c.inlines) for c in table.rows[1]] == ["Codeine", "30 mg every 4 hours"]
    text = written.read_text(encoding="utf-8")
    assert "**before**" in text and "*dry*" in text and "(https://www.nhs.uk/)" in text
    assert "tel:+441632960789" in text
    assert run_cli(project_copy, "format", "--check")[0] == 0


def test_libreoffice_word_file_imports(project_copy: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool("LibreOffice", soffice is not None, "apt-get install libreoffice-writer-nogui")
    assert soffice is not None
    odt = _pandoc(PANDOC_LEAFLET, tmp_path / "wound.odt")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "docx", "--outdir", str(tmp_path / "lo"), str(odt)], check=True, timeout=180,
                   capture_output=True)
    code, _, err = run_cli(project_copy, "import", str(tmp_path / "lo" / "wound.docx"), "--id", "wound")
    assert code == 0, err
    leaflet = read_leaflet(project_copy / "source" / "wound.md", draft=True)
    assert [m.plain_text(s.heading) for s in leaflet.sections] == ["Keeping it clean", "Medicines", "Contact"]
    assert any(isinstance(b, m.Table) for s in leaflet.sections for b in s.blocks)


# -- web pages -----------------------------------------------------------------------------------


def test_saved_web_page_keeps_the_leaflet_and_never_its_chrome_scripts_or_iframes(project_copy: Path) -> None:
    code, out, err = run_cli(project_copy, "import", str(KNEE_PAGE), "--format", "json")
    assert code == 0, err
    report = json.loads(out)[0]
    written = project_copy / report["written"]
    text = written.read_text(encoding="utf-8")
    for never in ("cookie", "upgrade your browser", "Services", "Home", "Hip injection", "Share on Facebook",
                  "youtube", "javascript:", "track(", "dataLayer", "Related articles"):
        assert never.lower() not in text.lower(), never
    leaflet = read_leaflet(written, draft=True)
    assert leaflet.meta.title == "Steroid injection in the knee"
    assert leaflet.meta.summary == "What happens when you have a steroid injection in your knee."
    assert leaflet.meta.organisation == "Northfield Hospitals NHS Foundation Trust"
    assert (leaflet.meta.published.isoformat(), leaflet.meta.review_due.isoformat()) == ("2025-05-14", "2028-05-14")
    blocks = [b for s in leaflet.sections for b in s.blocks]
    warning = next(b for b in blocks if isinstance(b, m.Callout))
    assert warning.kind == "warning" and m.plain_text(warning.title) == "Get help now"
    table = next(b for b in blocks if isinstance(b, m.Table))
    assert m.plain_text(table.rows[2][2].inlines) == "1 tablet of 200 mg, up to 3 times"
    first_list = next(b for b in blocks if isinstance(b, m.ListBlock))
    assert first_list.items[0].sublist is not None
    images = [b for b in blocks if isinstance(b, m.Image)]
    assert [i.picture.alt for i in images] == ["A nurse puts a plaster on a knee", "TO FILL IN"]
    assert all((written.parent / i.picture.ref).is_file() for i in images)
    notes = " ".join(report["notes"])
    assert "/html/body/main/iframe" in notes and "javascript:openVideo()" in notes and "has no alt text" in notes
    assert report["to_fill"] == ["version"]
    assert isinstance(report["gate"]["findings"], list)


def _texts(nodes: list[html.HtmlElement]) -> list[str]:
    """Each element's words, without those of a list nested in it."""
    out = []
    for node in nodes:
        node = copy.deepcopy(node)
        for nested in node.xpath("./ul | ./ol"):
            nested.drop_tree()
        out.append(" ".join(node.text_content().split()))
    return out


def test_web_page_round_trip_import_format_build_shows_the_same_structure(project_copy: Path,
                                                                          tmp_path: Path) -> None:
    page = tmp_path / "knee-page.html"
    shutil.copy(KNEE_PAGE, page)
    shutil.copytree(FIXTURES / "knee-page_files", tmp_path / "knee-page_files")
    assert run_cli(project_copy, "import", str(page), "--id", "knee")[0] == 0
    _fill(project_copy / "source" / "knee.md")
    assert run_cli(project_copy, "format", "--check")[0] == 0
    code, _, err = run_cli(project_copy, "build", "--format", "html")
    assert code == 0, err
    original = html.fromstring(KNEE_PAGE.read_bytes()).find(".//main")
    built = html.fromstring((project_copy / "dist" / "knee" / "en-GB" / "index.html").read_bytes())
    for helper in built.xpath("//*[contains(@class, 'cell-label') or contains(@class, 'visually-hidden')]"):
        helper.drop_tree()
    main = built.find(".//main")
    assert original is not None and main is not None
    wanted = [h for h in _texts(original.xpath(".//h2 | .//h3")) if h != "Related articles"]
    got = _texts(main.xpath(".//h2 | .//h3"))
    assert [h for h in got if h in wanted] == wanted
    for item in _texts(original.xpath(".//li[not(ancestor::nav) and not(ancestor::*[contains(@class, 'related')])]")):
        assert item in _texts(main.xpath(".//li")), item
    rows = [_texts(tr.xpath("./th | ./td")) for tr in original.iter("tr")]
    assert rows and [_texts(tr.xpath("./th | ./td")) for tr in main.iter("tr")] == rows
    nested = main.xpath(".//li/ul/li")
    assert "warfarin" in _texts(nested)


def test_page_without_main_goes_through_readability(project_copy: Path) -> None:
    code, out, err = run_cli(project_copy, "import", str(NO_MAIN_PAGE), "--id", "flu")
    assert code == 0, err
    text = (project_copy / "source" / "flu.md").read_text(encoding="utf-8")
    assert "readability-lxml" in out
    assert "## Who should have it" in text and "- people aged 65 or over" in text
    for never in ("Accept cookies", "Sign up to our newsletter", "Top 10 health tips", "gtag("):
        assert never not in text


# -- many files ------------------------------------------------------------------------------------


def test_many_files_one_failure_never_stops_the_rest_and_ids_never_collide(project_copy: Path,
                                                                         tmp_path: Path) -> None:
    docs = [hospital_leaflet(tmp_path / f"copy-{n}.docx") for n in range(3)]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a whole zip")
    code, out, err = run_cli(project_copy, "import", *map(str, docs[:2]), str(broken), str(docs[2]), "-j", "2")
    assert code == 2 and "broken.docx:1:1:" in err and "damaged" in err and "Traceback" not in err
    ids = sorted(p.stem for p in (project_copy / "source").glob("having-*.md"))
    assert ids == ["having-a-steroid-injection-in-your-knee", "having-a-steroid-injection-in-your-knee-2",
                   "having-a-steroid-injection-in-your-knee-3"]
    assert re.search(r"^broken\.docx\s+-\s+-\s+-\s+-\s+failed$", out, re.M)
    assert "3 imported, 1 failed" in out
    for stem in ids:  # each picture in its own leaflet's folder: none overwrites another
        assert (project_copy / "source" / "pictures" / stem / "picture-1.png").is_file()


# -- bad input -------------------------------------------------------------------------------------


def _docx_with(tmp_path: Path, name: str, replace: dict[str, bytes]) -> Path:
    good = hospital_leaflet(tmp_path / "good.docx")
    out = tmp_path / name
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            for part, new in replace.items():
                if info.filename.startswith(part):
                    data = new
            dst.writestr(info, data)
    return out


def _ole(stream_name: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + stream_name.encode("utf-16-le") + b"\0" * 500


@pytest.mark.parametrize(("name", "make", "expected"), [
    ("truncated.docx", lambda p: hospital_leaflet(p / "t.docx").read_bytes()[:900], "damaged"),
    ("locked.docx", lambda p: _ole("EncryptedPackage"), "protected by a password"),
    ("renamed.docx", lambda p: _ole("WordDocument"), "old binary Word file (.doc)"),
    ("other.docx", lambda p: _zip({"hello.txt": b"hi"}), "not a Word document"),
    ("bad-picture.docx", lambda p: _docx_with(p, "x.docx", {"word/media/": b"not a png"}).read_bytes(),
     "is not a usable picture"),
    ("bad-xml.docx", lambda p: _docx_with(p, "y.docx", {"word/document.xml": b"<w:document"}).read_bytes(),
     "damaged"),
])
def test_bad_word_files_exit_2_naming_the_file_and_write_nothing(project_copy: Path, tmp_path: Path, name: str,
                                                                 make, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    before = _source_state(project_copy)
    code, _, err = run_cli(project_copy, "import", str(path))
    assert code == 2 and f"{name}:" in err and expected in err and "Traceback" not in err, err
    assert _source_state(project_copy) == before


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_web_page_picture_that_is_not_a_picture_is_refused(project_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "map.png").write_bytes(b"<html>404 not found</html>")
    page = tmp_path / "page.html"
    page.write_text("<html><body><main><h1>T</h1><h2>Where</h2><p>Here.</p>"
                    "<img src='files/map.png' alt='A map'></main></body></html>", encoding="utf-8")
    code, _, err = run_cli(project_copy, "import", str(page))
    assert code == 2 and "page.html:1:1: /html/body/main/img" in err and "not a usable picture" in err


def test_oversize_file_is_refused_before_it_is_read(project_copy: Path, tmp_path: Path) -> None:
    big = tmp_path / "huge.docx"
    with big.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)  # sparse: nothing is really written
    code, _, err = run_cli(project_copy, "import", str(big))
    assert code == 2 and "huge.docx:1:1:" in err and "MB" in err


def test_document_with_no_headings_is_imported_into_one_section_and_said(project_copy: Path, tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text("<html><body><main><p>Drink plenty of water.</p><p>Rest for a day.</p></main></body></html>",
                    encoding="utf-8")
    code, out, err = run_cli(project_copy, "import", str(page), "--id", "plain")
    assert code == 0, err
    assert "no headings" in out
    leaflet = read_leaflet(project_copy / "source" / "plain.md", draft=True)
    assert len(leaflet.sections) == 1 and "title" in leaflet.meta.to_fill


def test_existing_leaflet_is_only_replaced_with_force(project_copy: Path, tmp_path: Path) -> None:
    doc = hospital_leaflet(tmp_path / "knee.docx")
    assert run_cli(project_copy, "import", str(doc), "--id", "knee")[0] == 0
    target = project_copy / "source" / "knee.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nAn author's edit.\n", encoding="utf-8")
    edited = target.read_bytes()
    code, _, err = run_cli(project_copy, "import", str(doc), "--id", "knee")
    assert code == 2 and "--force" in err and target.read_bytes() == edited
    assert run_cli(project_copy, "import", str(doc), "--id", "knee", "--force")[0] == 0
    assert target.read_bytes() != edited


def test_word_file_with_an_external_entity_never_reads_the_file(project_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    plain = hospital_leaflet(tmp_path / "plain.docx")
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, _, body = text.partition("?>")
                text = (head + "?>" + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>' + body)
                text = text.replace("Go to the reception desk.", "Go to the reception desk. &xxe;", 1)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    code, out, err = run_cli(project_copy, "import", str(evil), "--id", "evil")
    assert code == 0, out + err
    written = (project_copy / "source" / "evil.md").read_text(encoding="utf-8")
    assert "Go to the reception desk." in written  # read, with the entity left unresolved
    assert "TOP-SECRET-42" not in written + out + err
