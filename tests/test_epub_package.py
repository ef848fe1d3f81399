"""EPUB 3 packaging: zip header, reproducibility, identifier, language and direction, a11y metadata."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import replace

import pytest
from editions import ROOT, edition
from lxml import etree

from pipeline.writers.epub import (
    BookSpec,
    Variant,
    book_uuid,
    modified_time,
    render_epub,
    zip_header_problems,
)

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB = "{http://www.idpf.org/2007/ops}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _book(locale: str, variant: Variant = "standard") -> bytes:
    ed = edition(locale)
    return render_epub(BookSpec(ed.leaflet, locale, ed.labels, variant), ROOT)


@pytest.fixture(scope="module")
def books() -> dict[tuple[str, str], bytes]:
    return {(loc, var): _book(loc, var) for loc in ("en-GB", "ar") for var in ("standard", "easy-read")}  # type: ignore[arg-type]


def _opf(book: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        return etree.fromstring(z.read("EPUB/package.opf"))


def _meta(opf: etree._Element, prop: str) -> list[str]:
    return [el.text for el in opf.iter(f"{OPF}meta") if el.get("property") == prop]


def test_zip_header_mimetype_first_stored_no_extra(books: dict[tuple[str, str], bytes]) -> None:
    for book in books.values():
        assert zip_header_problems(book) == []
        assert book[30:38] == b"mimetype" and book[38:58] == b"application/epub+zip"
        with zipfile.ZipFile(io.BytesIO(book)) as z:
            infos = z.infolist()
            assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
            assert infos[0].extra == b""
            rest = [i.filename for i in infos[2:]]
            assert infos[1].filename == "META-INF/container.xml" and rest == sorted(rest)
            assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
            assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos[1:])


def test_zip_header_check_catches_a_compressed_or_late_mimetype() -> None:
    # EPUBCheck 5.3 passes a deflated mimetype; our own check must not
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_DEFLATED)
    assert any("compressed" in p for p in zip_header_problems(buffer.getvalue()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("META-INF/container.xml", b"x")
        z.writestr("mimetype", b"application/epub+zip")
    assert any("first entry" in p for p in zip_header_problems(buffer.getvalue()))
    info = zipfile.ZipInfo("mimetype")
    info.extra = b"\xfe\xca\x00\x00"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(info, b"application/epub+zip")
    assert any("extra field" in p for p in zip_header_problems(buffer.getvalue()))


def test_two_builds_are_byte_identical(books: dict[tuple[str, str], bytes]) -> None:
    assert _book("ar", "easy-read") == books[("ar", "easy-read")]
    assert _book("en-GB") == books[("en-GB", "standard")]


def test_identifier_is_a_stable_uuid5_per_leaflet_locale_version_variant() -> None:
    leaflet = edition("en-GB").leaflet
    first = book_uuid(leaflet, "en-GB", "standard")
    assert first == book_uuid(leaflet, "en_GB", "standard") and first.version == 5
    newer = replace(leaflet, meta=replace(leaflet.meta, version="1.1"))
    others = {book_uuid(leaflet, "cy", "standard"), book_uuid(leaflet, "en-GB", "easy-read"),
              book_uuid(newer, "en-GB", "standard")}
    assert first not in others and len(others) == 3
    opf = _opf(_book("en-GB"))
    ident = opf.find(f".//{DC}identifier")
    assert ident.get("id") == opf.get("unique-identifier") == "uid"
    assert ident.text == f"urn:uuid:{first}" and uuid.UUID(ident.text[9:]) == first


def test_modified_comes_from_source_date_epoch_or_the_published_date() -> None:
    leaflet = edition("en-GB").leaflet
    assert modified_time(leaflet, {"SOURCE_DATE_EPOCH": "1700000000"}) == "2023-11-14T22:13:20Z"
    assert modified_time(leaflet, {}) == "2026-11-01T00:00:00Z"


def test_modified_in_the_package_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert _meta(_opf(_book("en-GB")), "dcterms:modified") == ["2023-11-14T22:13:20Z"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _meta(_opf(_book("en-GB")), "dcterms:modified") == ["2026-11-01T00:00:00Z"]


def test_language_and_direction_on_package_and_every_page(books: dict[tuple[str, str], bytes]) -> None:
    for (locale, _variant), book in books.items():
        rtl = locale == "ar"
        opf = _opf(book)
        assert opf.get(XML_LANG) == locale and opf.get("dir") == ("rtl" if rtl else "ltr")
        assert opf.find(f".//{DC}language").text == locale
        spine = opf.find(f"{OPF}spine")
        assert spine.get("page-progression-direction") == ("rtl" if rtl else None)
        with zipfile.ZipFile(io.BytesIO(book)) as z:
            for name in ("EPUB/content.xhtml", "EPUB/nav.xhtml"):
                page = etree.fromstring(z.read(name))
                assert page.get(XML_LANG) == page.get("lang") == locale
                assert page.get("dir") == ("rtl" if rtl else "ltr")


def test_nav_has_doc_toc_and_landmarks(books: dict[tuple[str, str], bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(books[("en-GB", "standard")])) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        content = etree.fromstring(z.read("EPUB/content.xhtml"))
    toc = nav.find(f".//{XHTML}nav[@role='doc-toc']")
    assert toc.get(f"{EPUB}type") == "toc"
    ids = {el.get("id") for el in content.iter() if el.get("id")}
    hrefs = [a.get("href") for a in toc.iter(f"{XHTML}a")]
    assert len(hrefs) == 15 and all(h.split("#")[1] in ids for h in hrefs)
    marks = nav.find(f".//{XHTML}nav[@{EPUB}type='landmarks']")
    assert marks.get("hidden") == "hidden"
    assert [a.get(f"{EPUB}type") for a in marks.iter(f"{XHTML}a")] == ["bodymatter"]


def test_accessibility_metadata(books: dict[tuple[str, str], bytes]) -> None:
    standard, easy = _opf(books[("en-GB", "standard")]), _opf(books[("en-GB", "easy-read")])
    for opf in (standard, easy):
        conf = [el for el in opf.iter(f"{OPF}meta") if el.get("property") == "dcterms:conformsTo"]
        assert [c.text for c in conf] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
        certified = [el for el in opf.iter(f"{OPF}meta") if el.get("property") == "a11y:certifiedBy"]
        assert certified[0].get("refines") == "#" + conf[0].get("id") and certified[0].text
        assert _meta(opf, "schema:accessibilityHazard") == ["none"]
        assert _meta(opf, "schema:accessibilitySummary")[0]
        assert {"structuralNavigation", "tableOfContents"} <= set(_meta(opf, "schema:accessibilityFeature"))
        assert len(_meta(opf, "dcterms:modified")) == 1
    assert _meta(standard, "schema:accessMode") == ["textual"]  # the sample's standard text has no pictures
    assert _meta(easy, "schema:accessMode") == ["textual", "visual"]
    assert "alternativeText" in _meta(easy, "schema:accessibilityFeature")
    assert _meta(easy, "schema:accessModeSufficient") == ["textual", "textual,visual"]


def test_manifest_lists_every_file_and_pictures_ship_inside(books: dict[tuple[str, str], bytes]) -> None:
    book = books[("ar", "easy-read")]
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        names = {n for n in z.namelist() if n.startswith("EPUB/")} - {"EPUB/package.opf"}
        opf = etree.fromstring(z.read("EPUB/package.opf"))
        content = etree.fromstring(z.read("EPUB/content.xhtml"))
        manifest = {"EPUB/" + item.get("href"): item for item in opf.iter(f"{OPF}item")}
        assert set(manifest) == names
        assert manifest["EPUB/nav.xhtml"].get("properties") == "nav"
        assert manifest["EPUB/pictures/no-driving.svg"].get("media-type") == "image/svg+xml"
        for img in content.iter(f"{XHTML}img"):
            assert "EPUB/" + img.get("src") in names and img.get("alt")
        credit = content.find(f".//{XHTML}p[@class='credit']")
        assert "OpenMoji" in "".join(credit.itertext())
