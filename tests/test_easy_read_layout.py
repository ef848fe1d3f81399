"""The easy-read page: one row a point, picture beside the words, bold not italic, credit, print rules."""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources

import pytest
from editions import edition
from lxml import html

from pipeline import model as m
from pipeline.writers.easy_read import render_easy_read
from pipeline.writers.html import PageContext


def _page(locale: str, leaflet: m.Leaflet | None = None) -> html.HtmlElement:
    ed = edition(locale)
    ctx = PageContext(locale, ed.labels, "../../assets/leaflet.css", picture_base="../../assets/pictures/",
                      easy_read=True, variant_link="index.html")
    return html.fromstring(render_easy_read(leaflet or ed.leaflet, ctx))


@pytest.fixture(scope="module")
def page() -> html.HtmlElement:
    return _page("en-GB")


def test_every_point_is_a_row_with_its_picture_first(page: html.HtmlElement) -> None:
    leaflet = edition("en-GB").leaflet
    points = [p for s in leaflet.sections for p in s.easy_read]
    rows = page.findall(".//li[@class='er-point']")
    assert len(rows) == len(points) == 37
    for row, point in zip(rows, points, strict=True):
        picture, words = row[0], row[1]
        assert picture.tag == "img" and words.tag == "p"  # picture at the reading start
        assert picture.get("alt") == point.picture.alt and picture.get("alt")
        assert picture.get("src") == f"../../assets/pictures/{point.picture.ref}.svg"
        assert words.text_content() == m.plain_text(point.inlines)


def test_right_to_left_row_keeps_dom_order_and_page_direction_mirrors_it() -> None:
    # the row is a flex box: with dir="rtl" the first item (the picture) sits on the right, the
    # reading start; the browser screenshots in `nox -s validate` show it
    page = _page("ar")
    assert page.get("dir") == "rtl"
    assert page.find(".//li[@class='er-point']")[0].tag == "img"
    css = resources.files("pipeline.assets").joinpath("leaflet.css").read_text(encoding="utf-8")
    row = re.search(r"\.er-point \{([^}]*)\}", css)
    assert row and "display: flex" in row.group(1) and "row-reverse" not in css


def test_key_words_are_bold_never_italic() -> None:
    leaflet = edition("en-GB").leaflet
    first = leaflet.sections[0]
    point = m.EasyReadPoint(m.Picture("doctor", "A doctor"), (m.Text("Do "), m.Emph((m.Text("not"),)),
                                                               m.Text(" drive.")))
    page = _page("en-GB", replace(leaflet, sections=(replace(first, easy_read=(point,)),)))
    assert page.find(".//li[@class='er-point']/p/strong").text == "not"
    assert not page.xpath("//em|//i|//u")


def test_only_sections_with_points_and_the_hard_words_are_shown(page: html.HtmlElement) -> None:
    headings = [h.text_content() for h in page.findall(".//main/section/h2")]
    assert headings[0] == "What is a sacroiliac joint injection?" and headings[-1] == "Words we use"
    assert not page.findall(".//table")  # the standard text is not repeated


def test_hard_words_are_explained_and_linked(page: html.HtmlElement) -> None:
    glossary = page.find(".//dl[@class='glossary']")
    assert glossary is not None and len(glossary.findall("dt")) == 12
    linked = page.findall(".//li[@class='er-point']//a[@class='glossary-word']")
    assert {a.text for a in linked} >= {"X-ray", "steroid"}
    for a in linked:
        assert page.get_element_by_id(a.get("href")[1:]).tag == "dt"


def test_credit_line_and_link_back(page: html.HtmlElement) -> None:
    credit = page.find(".//footer/p[@class='credit']")
    assert "OpenMoji" in credit.text_content() and "CC BY-SA 4.0" in credit.text_content()
    assert credit.find("a").get("href") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert page.find(".//nav[@class='versions']//a").get("href") == "index.html"
    assert page.find("body").get("class") == "easy-read"


def test_print_rules_big_type_single_column_no_split_rows() -> None:
    css = resources.files("pipeline.assets").joinpath("leaflet.css").read_text(encoding="utf-8")
    printing = css[css.index("@media print"):]
    size = re.search(r"body\.easy-read \{ font-size: (\d+)pt", printing)
    assert size and int(size.group(1)) >= 16
    assert re.search(r"\.er-point[^{]*\{[^}]*break-inside: avoid", printing)
    assert "size: A4" in printing
    # one column (grid-template-columns in the footer is not a text column)
    assert not re.search(r"(?<![-\w])columns?(-count)?\s*:", css)
    screen = re.search(r"body\.easy-read \{([^}]*)\}", css)
    assert screen and "sans-serif" in screen.group(1) and "rem" in screen.group(1)
