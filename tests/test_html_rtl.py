"""Right-to-left pages: direction, fonts, and numbers isolated so they keep their order."""

from __future__ import annotations

import re
from importlib import resources

from editions import edition
from lxml import html

from pipeline import model as m
from pipeline.writers.html import PageContext, append_text, render_page, sub


def _page(locale: str) -> html.HtmlElement:
    ed = edition(locale)
    return html.fromstring(render_page(ed.leaflet, PageContext(locale, ed.labels, "s.css")))


def test_phone_number_in_arabic_contact_is_isolated_left_to_right() -> None:
    contact = _page("ar").find(".//p[@class='contact']")
    link = contact.find(".//a[@href='tel:+441234567890']")
    bdi = link.find("bdi")
    assert bdi is not None and bdi.get("dir") == "ltr" and bdi.text == "01234 567 890"


def test_numbers_in_arabic_and_urdu_text_are_isolated() -> None:
    for locale in ("ar", "ur"):
        page = _page(locale)
        isolated = [b.text_content() for b in page.iter("bdi")]
        # "24 hours", "111", "1 in 10,000", dates and the version all keep their digit order
        assert "24" in isolated and "111" in isolated and "10,000" in isolated, isolated
        assert all(b.get("dir") == "ltr" for b in page.iter("bdi"))


def test_left_to_right_pages_have_no_isolation_noise() -> None:
    assert not list(_page("en-GB").iter("bdi"))
    assert not list(_page("cy").iter("bdi"))


def test_append_text_splits_digit_groups_once() -> None:
    p = html.Element("p")
    append_text(p, "اتصل على 01234 567 890 أو 111.", rtl=True)
    assert [b.text for b in p.iter("bdi")] == ["01234 567 890", "111"]
    assert p.text_content() == "اتصل على 01234 567 890 أو 111."


def test_sub_keeps_text_as_text() -> None:
    p = html.Element("p")
    sub(p, "span", "<b>x</b>")
    assert html.tostring(p) == b"<p><span>&lt;b&gt;x&lt;/b&gt;</span></p>"


def test_stylesheet_has_naskh_and_nastaliq_font_stacks_and_logical_properties() -> None:
    css = resources.files("pipeline.assets").joinpath("leaflet.css").read_text(encoding="utf-8")
    assert '"Noto Naskh Arabic"' in css.split("html:lang(ar) body")[1].split("}")[0]
    # Urdu through faces named exactly: the family name alone picks the Bold file for body text
    assert '"Leaflet Nastaliq"' in css.split("html:lang(ur) body")[1].split("}")[0]
    assert 'local("Noto Nastaliq Urdu Regular")' in css and 'local("Noto Nastaliq Urdu Bold")' in css
    assert "margin-left" not in css and "padding-left" not in css  # logical properties mirror in RTL
    assert "border-inline-start" in css
    assert not re.search(r"unicode-bidi\s*:", css)  # EPUB style sheets may not use it (EPUBCheck CSS-001)


def test_model_is_not_changed_by_isolation() -> None:
    leaflet = edition("ar").leaflet
    assert isinstance(leaflet.meta.contact[1], m.Link)
