"""The translation review sheet (pipeline/review_sheet.py): every unit once and in order, the
marks on numbers and negations in both columns, hostile translations shown as text in HTML and
PDF, right-to-left cells, the review record's state, and byte-identical PDFs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html
import pytest
from cli_support import SLUG, po_file
from lxml.html import HtmlElement

from pipeline import model as m
from pipeline.po.pofile import read_po
from pipeline.problems import InputError
from pipeline.reader import read_leaflet
from pipeline.review import record_review
from pipeline.review_sheet import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    highlight,
    mark_spans,
    render_sheet_html,
    render_sheet_pdf,
    review_sheet,
)
from pipeline.settings import Settings, load_settings

DRY = "Keep the area dry for 24 hours after the injection."
DRY_CY = "Cadwch yr ardal yn sych am 24 awr ar ôl y pigiad."
HOSTILE = "<script>alert(1)</script> #set text(fill: red)"


def _load(project: Path) -> tuple[Settings, m.Leaflet]:
    return load_settings(project), read_leaflet(project / "source" / f"{SLUG}.md", project)


def _page(project: Path, locale: str) -> HtmlElement:
    settings, leaflet = _load(project)
    return lxml.html.document_fromstring(render_sheet_html(review_sheet(settings, leaflet, locale)))


def _row(page: HtmlElement, source: str) -> HtmlElement:
    """The one table row whose source text is ``source`` (or starts with it, when it ends "...")."""
    def matches(text: str) -> bool:
        return text.startswith(source[:-3]) if source.endswith("...") else text == source

    rows = [tr for tr in page.cssselect("tbody tr[id^='unit-']")
            if matches(tr.cssselect("td.source p.text")[0].text_content())]
    assert len(rows) == 1, f"{len(rows)} rows hold {source!r}"
    return rows[0]


def _marks(cell: HtmlElement, kind: str) -> list[str]:
    return [mark.text_content() for mark in cell.cssselect(f"mark.{kind}")]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


def test_every_unit_of_the_po_file_appears_once_in_reading_order(project_copy: Path) -> None:
    settings, leaflet = _load(project_copy)
    data = review_sheet(settings, leaflet, "cy")
    catalog = read_po(po_file(project_copy, "cy").read_bytes(), "cy.po")
    keys = [e.key for e in catalog.entries if not e.obsolete and e.msgid]
    assert [(r.msgctxt, r.msgid) for r in data.rows] == keys  # the PO file is in reading order
    assert [r.number for r in data.rows] == list(range(1, len(keys) + 1))
    assert data.counts.units == len(keys) == len(set(keys))

    page = lxml.html.document_fromstring(render_sheet_html(data))
    rows = page.cssselect("tbody tr[id^='unit-']")
    assert [tr.get("id") for tr in rows] == [f"unit-{n}" for n in range(1, len(keys) + 1)]
    shown = [" ".join(tr.cssselect("td.source p.text")[0].text_content().split()) for tr in rows]
    assert shown == [" ".join(r.source.split()) for r in data.rows]
    # the first units are the title, then each section's heading starts its group
    assert data.rows[0].source == leaflet.meta.title
    headings = [th.text_content() for th in page.cssselect("th[scope='rowgroup']")]
    assert headings[1:] == [m.plain_text(s.heading) for s in leaflet.sections]


def test_markdown_is_shown_as_the_words_a_reader_sees(project_copy: Path) -> None:
    settings, leaflet = _load(project_copy)
    data = review_sheet(settings, leaflet, "cy")
    contact = data.rows[2]
    assert "](tel:" in contact.msgid
    assert contact.source == "Call the pain clinic on 01234 567 890, Monday to Friday, 9am to 5pm."
    assert "tel:" not in contact.translation and "[" not in contact.translation


def test_numbers_and_phone_numbers_are_marked_in_both_columns(project_copy: Path) -> None:
    page = _page(project_copy, "cy")
    row = _row(page, DRY)
    assert _marks(row.cssselect("td.source")[0], "number") == ["24"]
    assert _marks(row.cssselect("td.translation")[0], "number") == ["24"]
    contact = _row(page, "Call the pain clinic on...")
    for cell in contact.cssselect("td"):
        assert "01234 567 890" in _marks(cell, "number")  # the whole phone number, one mark


def test_arabic_indic_digits_and_their_separators_are_one_number() -> None:
    # Arabic decimal separator U+066B, thousands separator U+066C, Extended (Urdu) digits
    for text, locale, number in (("خذ ٢٫٥ مل كل ٨ ساعات", "ar", "٢٫٥"), ("أقل من ١٬٠٠٠ ملغ", "ar", "١٬٠٠٠"),
                                 ("۲۴ گھنٹے تک", "ur", "۲۴"), ("Take 1,000 mg or 2.5 ml", "en-GB", "1,000")):
        found = [text[a:b] for a, b, kind in mark_spans(text, locale) if kind == "number"]
        assert number in found, (text, found)
    pieces = [p for s in highlight("اتصل على 01234 567 890 الآن", "ar") for p in s.pieces if p.mark]
    assert [(p.text, p.mark) for p in pieces] == [("01234 567 890", "number")]


def test_negations_are_marked_in_english_and_in_welsh_and_polish(project_copy: Path) -> None:
    for locale, word in (("cy", "Peidiwch"), ("pl", "Nie")):
        row = _row(_page(project_copy, locale), "Do not drive home")
        assert _marks(row.cssselect("td.source")[0], "negation") == ["not"]
        assert word in _marks(row.cssselect("td.translation")[0], "negation"), locale
    # a language without a negation list marks nothing; its numbers still are
    assert [kind for _, _, kind in mark_spans("Usinywe pombe kwa saa 24", "sw")] == ["number"]
    assert [kind for _, _, kind in mark_spans("Don't drink", "en-GB")] == ["negation"]


def test_hostile_translation_is_text_in_html_and_pdf(project_copy: Path, tmp_path: Path) -> None:
    _replace(po_file(project_copy, "cy"), f'msgstr "{DRY_CY}"', f'msgstr "{HOSTILE}"')
    settings, leaflet = _load(project_copy)
    data = review_sheet(settings, leaflet, "cy")
    row = next(r for r in data.rows if r.msgid == DRY)
    assert row.translation == HOSTILE
    assert "number-changed" in row.refused  # the build refuses it: the sheet says so and why
    assert data.counts.refused == 1

    html = render_sheet_html(data)
    page = lxml.html.document_fromstring(html)
    assert not page.cssselect("script")
    # escaped as text (the 1 is in its own number mark)
    assert b"<script>" not in html and b"&lt;script&gt;alert(" in html and b")&lt;/script&gt;" in html
    cell = _row(page, DRY).cssselect("td.translation")[0]
    assert HOSTILE in cell.text_content()
    said = cell.text_content()
    assert "Refused by the safety checks: markup-changed" in said and "number-changed" in said

    said = _pdf_text(render_sheet_pdf(data), tmp_path)
    assert HOSTILE in said
    assert "Refused by the safety checks" in said


def test_arabic_translation_cells_are_right_to_left(project_copy: Path) -> None:
    page = _page(project_copy, "ar")
    cells = page.cssselect("td.translation")
    assert len(cells) == 192
    assert all(c.get("dir") == "rtl" and c.get("lang") == "ar" for c in cells)
    assert all(c.get("dir") == "ltr" and c.get("lang") == "en-GB" for c in page.cssselect("td.source"))
    # the sheet's own English words inside an Arabic cell are marked as English, left to right
    state = cells[0].cssselect("p.state")[0]
    assert (state.get("lang"), state.get("dir")) == ("en", "ltr")
    # a phone number in Arabic text keeps its order: isolated left to right, and marked
    contact = _row(page, "Call the pain clinic on...").cssselect("td.translation")[0]
    phone = next(b for b in contact.cssselect("bdi[dir='ltr']") if b.cssselect("mark.number"))
    assert phone.text_content() == "01234 567 890"
    assert "العربية" in page.cssselect("thead th")[1].text_content()


def test_review_state_comes_from_the_review_record(project_copy: Path) -> None:
    settings, leaflet = _load(project_copy)
    before = review_sheet(settings, leaflet, "cy")
    assert before.counts.reviewed == 0 and before.reviews == ()
    assert "Not reviewed yet." in _row(_page(project_copy, "cy"), DRY).text_content()

    record_review(settings, leaflet, "cy", "Dr Test Reviewer")
    after = review_sheet(settings, leaflet, "cy")
    assert after.counts.reviewed == after.counts.translated == 192
    assert {r.reviewed.by for r in after.rows if r.reviewed} == {"Dr Test Reviewer"}
    page = _page(project_copy, "cy")
    assert re.search(r"Reviewed by Dr Test Reviewer on \d{4}-\d\d-\d\d\.", _row(page, DRY).text_content())
    assert "Dr Test Reviewer" in page.cssselect("dl.facts")[0].text_content()

    # a translation changed after the review is unreviewed again
    _replace(po_file(project_copy, "cy"), DRY_CY, "Cadwch yr ardal yn sych am 24 awr wedi'r pigiad.")
    changed = review_sheet(settings, leaflet, "cy")
    assert changed.counts.reviewed == 191
    assert next(r for r in changed.rows if r.msgid == DRY).reviewed is None


def test_fuzzy_and_untranslated_units_say_so(project_copy: Path) -> None:
    po = po_file(project_copy, "cy")
    _replace(po, f'msgid "{DRY}"\nmsgstr "{DRY_CY}"', f'#, fuzzy\nmsgid "{DRY}"\nmsgstr "{DRY_CY}"')
    _replace(po, 'msgstr "Peidiwch â gyrru adref"', 'msgstr ""')
    settings, leaflet = _load(project_copy)
    data = review_sheet(settings, leaflet, "cy")
    states = {(r.msgctxt, r.msgid): r.state for r in data.rows}
    assert states[None, DRY] == FUZZY and states[None, "Do not drive home"] == UNTRANSLATED
    assert (data.counts.translated, data.counts.fuzzy, data.counts.untranslated) == (190, 1, 1)
    assert sum(s == TRANSLATED for s in states.values()) == 190
    page = lxml.html.document_fromstring(render_sheet_html(data))
    assert "Fuzzy: needs work" in _row(page, DRY).text_content()
    assert "Not translated." in _row(page, "Do not drive home").text_content()


def test_no_po_file_is_an_input_error(project_copy: Path) -> None:
    settings, leaflet = _load(project_copy)
    with pytest.raises(InputError, match="no translation"):
        review_sheet(settings, leaflet, "fr")


def test_pdf_is_the_same_bytes_every_time(project_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    settings, leaflet = _load(project_copy)
    first = render_sheet_pdf(review_sheet(settings, leaflet, "ar"))
    second = render_sheet_pdf(review_sheet(settings, leaflet, "ar"))
    assert first.startswith(b"%PDF-") and first == second
    said = _pdf_text(first, tmp_path)
    for words in ("Translation review: Sacroiliac joint injection (ar)", SLUG, "Checked by:", "Signature:"):
        assert words in said


def test_html_is_an_accessible_printable_page(project_copy: Path) -> None:
    settings, leaflet = _load(project_copy)
    data = review_sheet(settings, leaflet, "pl")
    html = render_sheet_html(data)
    assert html.startswith(b"<!DOCTYPE html>")
    page = lxml.html.document_fromstring(html)
    assert page.get("lang") == "en"
    tables = page.cssselect("table.units")
    assert len(tables) == 1
    assert [th.get("scope") for th in tables[0].cssselect("thead th")] == ["col", "col"]
    assert all(len(tr.cssselect("td")) == 2 for tr in tables[0].cssselect("tbody tr[id^='unit-']"))
    assert tables[0].cssselect("caption")

    header = page.cssselect("header")[0].text_content()
    for fact in (leaflet.meta.title, SLUG, leaflet.meta.version, "(pl)", "Polski"):
        assert fact in header
    counts = dict(zip([dt.text_content() for dt in page.cssselect("dl.counts dt")],
                      [dd.text_content() for dd in page.cssselect("dl.counts dd")], strict=True))
    assert counts["Units"] == "192" and counts["Reviewed"] == "0" and counts["Refused by the safety checks"] == "0"
    assert {mark.get("class") for mark in page.cssselect("section[aria-labelledby='legend'] mark")} == \
        {"number", "negation"}
    sign_off = page.cssselect("section.sign-off")[0].text_content()
    assert re.search(r"Checked by: _+\s*Role: _+\s*Date: _+\s*Signature: _+", sign_off)
    css = page.cssselect("style")[0].text_content()
    assert "size: A4" in css and "break-inside: avoid" in css
    assert re.search(r"mark\.number \{[^}]*underline", css) and re.search(r"mark \{[^}]*bold", css)
