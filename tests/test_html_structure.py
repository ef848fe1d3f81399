"""The standard HTML page: semantic structure, language, contents, call-outs, glossary links, dates."""

from __future__ import annotations

import re

import pytest
from editions import ROOT, edition
from lxml import etree, html

from pipeline.build import Job, plan_editions
from pipeline.writers.html import PageContext, PageLink, render_page

ROOT_LOCALES = ("en-GB", "cy", "ar")


@pytest.fixture(scope="module")
def pages() -> dict[str, html.HtmlElement]:
    """The standard page of the sample in English, Welsh and Arabic, built as the build builds them."""
    jobs: list[Job] = plan_editions([edition(loc) for loc in ROOT_LOCALES], ROOT)
    return {job.path.split("/")[1]: html.fromstring(job.make()) for job in jobs
            if job.path.endswith("/index.html")}


def test_root_has_lang_and_dir(pages: dict[str, html.HtmlElement]) -> None:
    assert (pages["en-GB"].get("lang"), pages["en-GB"].get("dir")) == ("en-GB", "ltr")
    assert (pages["cy"].get("lang"), pages["cy"].get("dir")) == ("cy", "ltr")
    assert (pages["ar"].get("lang"), pages["ar"].get("dir")) == ("ar", "rtl")


def test_landmarks_skip_link_and_headings(pages: dict[str, html.HtmlElement]) -> None:
    page = pages["en-GB"]
    body = page.find("body")
    first_link = body.find(".//a")
    assert first_link.get("href") == "#main" and "skip-link" in first_link.get("class")
    assert len(page.findall(".//main")) == 1 and page.find(".//main").get("id") == "main"
    assert page.find(".//header") is not None and page.find(".//footer") is not None
    assert [h.text_content() for h in page.findall(".//h1")] == ["Sacroiliac joint injection"]
    # every section is named by its own heading
    for section in page.iter("section"):
        heading = section[0]
        assert heading.tag in ("h2", "h3") and heading.get("id") == section.get("aria-labelledby")


def test_contents_lists_every_section_and_links_resolve(pages: dict[str, html.HtmlElement]) -> None:
    page = pages["en-GB"]
    nav = page.find(".//nav[@class='contents']")
    targets = [a.get("href") for a in nav.iter("a")]
    assert len(targets) == 15
    ids = {el.get("id") for el in page.iter() if el.get("id")}
    for href in (a.get("href") for a in page.iter("a")):
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_table_has_column_and_row_headers(pages: dict[str, html.HtmlElement]) -> None:
    table = pages["en-GB"].find(".//table")
    assert [th.get("scope") for th in table.find("thead").iter("th")] == ["col"] * 3
    assert all(tr[0].tag == "th" and tr[0].get("scope") == "row" for tr in table.find("tbody"))


def test_callouts_are_named_notes_for_assistive_technology(pages: dict[str, html.HtmlElement]) -> None:
    boxes = pages["en-GB"].findall(".//div[@role='note']")
    assert len(boxes) == 2
    for box in boxes:
        heading = pages["en-GB"].get_element_by_id(box.get("aria-labelledby"))
        assert heading.text_content().startswith("Warning: ")  # the kind is announced, hidden visually
        assert heading.find("span").get("class") == "visually-hidden"


def test_hard_words_link_to_their_glossary_entry(pages: dict[str, html.HtmlElement]) -> None:
    page = pages["en-GB"]
    words = page.findall(".//a[@class='glossary-word']")
    linked = {a.text.lower() for a in words}
    assert {"local anaesthetic", "steroid", "consent", "cannula", "antiseptic", "x-ray"} <= linked
    for a in words:
        target = page.get_element_by_id(a.get("href")[1:])
        assert target.tag == "dt" and target.text_content().lower() == a.text.lower()
    # never inside a heading or another link
    assert not page.xpath("//h1//a|//h2//a[@class='glossary-word']|//a//a")


def test_dates_are_written_for_the_locale(pages: dict[str, html.HtmlElement]) -> None:
    english = pages["en-GB"].find(".//footer").text_content()
    assert "Next review due" in english and "1 November 2029" in english
    assert "1 Tachwedd 2029" in pages["cy"].find(".//footer").text_content()


def test_language_switcher_names_each_language_in_itself(pages: dict[str, html.HtmlElement]) -> None:
    nav = pages["en-GB"].find(".//nav[@class='languages']")
    links = {a.get("hreflang"): (a.text, a.get("lang"), a.get("dir"), a.get("href")) for a in nav.iter("a")}
    assert links["cy"] == ("Cymraeg", "cy", "ltr", "../cy/index.html")
    assert links["ar"] == ("العربية", "ar", "rtl", "../ar/index.html")
    assert "en-GB" not in links


def test_page_links_easy_read_ebooks_and_printed_leaflets(pages: dict[str, html.HtmlElement]) -> None:
    hrefs = [a.get("href") for a in pages["en-GB"].find(".//nav[@class='versions']").iter("a")]
    assert hrefs == ["easy-read.html", "sacroiliac-joint-injection.en-GB.epub",
                     "sacroiliac-joint-injection.en-GB.easy-read.epub", "sacroiliac-joint-injection.en-GB.pdf",
                     "sacroiliac-joint-injection.en-GB.large-print.pdf",
                     "sacroiliac-joint-injection.en-GB.easy-read.pdf"]


def test_no_script_and_nothing_external(pages: dict[str, html.HtmlElement]) -> None:
    for page in pages.values():
        assert not page.xpath("//script|//iframe|//object|//embed|//@*[starts-with(name(), 'on')]")
        for el in page.xpath("//link[@href]|//img[@src]"):
            ref = el.get("href") or el.get("src")
            assert not re.match(r"^[a-z]+:|^//", ref), ref  # relative: it ships in dist/


def test_unsafe_link_target_is_shown_as_text() -> None:
    from dataclasses import replace

    from pipeline import model as m

    leaflet = edition("en-GB").leaflet
    para = m.Paragraph((m.Link("javascript:alert(1)", (m.Text("click"),)),))
    first = replace(leaflet.sections[0], blocks=(para,))
    page = html.fromstring(render_page(replace(leaflet, sections=(first,)),
                                       PageContext("en-GB", {}, "s.css")))
    assert not page.xpath("//a[contains(@href, 'javascript')]")
    assert "click" in page.find(".//main").text_content()


def test_xhtml_mode_is_namespaced_with_xml_lang() -> None:
    out = render_page(edition("ar").leaflet, PageContext("ar", {}, "style.css", xhtml=True,
                                                         other_languages=[PageLink("cy", "Cymraeg", "x")]))
    root = etree.fromstring(out)
    assert root.tag == "{http://www.w3.org/1999/xhtml}html"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar" and root.get("dir") == "rtl"
    # nothing outside the book: no language switcher in an EPUB page
    assert not root.findall(".//{http://www.w3.org/1999/xhtml}nav[@class='languages']")


def test_untranslated_interface_words_are_marked_as_english() -> None:
    # WCAG 3.1.2: the Arabic test labels translate "contents" but not "download_epub"
    from dataclasses import replace

    from editions import LABELS

    ed = replace(edition("ar"), labels=dict(LABELS["ar"]))
    jobs = plan_editions([edition("en-GB"), ed], ROOT)
    page = html.fromstring(next(j for j in jobs if j.path.endswith("ar/index.html")).make())
    contents = page.get_element_by_id("contents-heading")
    assert contents.text == "المحتويات" and contents.get("lang") is None
    ebook = page.find(".//nav[@class='versions']//a[@href='sacroiliac-joint-injection.ar.epub']")
    assert (ebook.text, ebook.get("lang"), ebook.get("dir")) == ("E-book (EPUB)", "en", "ltr")
