"""Translated text is inserted as text: injected markup comes out visible and harmless, in every output."""

from __future__ import annotations

import io
import zipfile

import pytest
from editions import ROOT, edition, with_text
from lxml import etree, html

from pipeline.writers.bidi import LRI, PDI
from pipeline.writers.easy_read import render_easy_read
from pipeline.writers.epub import BookSpec, render_epub
from pipeline.writers.html import PageContext, render_page

ATTACKS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "]]><script>alert(2)</script><!--",
    "&lt;script&gt; &amp; &#60;b&#62;",
]


def _dangerous(root: etree._Element) -> list[str]:
    """Anything that could run or load: script elements, event handlers, javascript: URLs."""
    found = [el.tag for el in root.iter() if isinstance(el.tag, str)
             and etree.QName(el).localname in ("script", "iframe", "object", "embed")]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if etree.QName(name).localname.startswith("on") or "javascript:" in value:
                found.append(f"{el.tag}@{name}={value}")
        if etree.QName(el).localname == "img" and el.get("src") == "x":
            found.append("img src=x")
    return found


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_injected_markup_is_visible_text_in_html_and_easy_read(attack: str, locale: str) -> None:
    ed = edition(locale)
    leaflet = with_text(ed.leaflet, attack)
    for out in (render_page(leaflet, PageContext(locale, ed.labels, "s.css")),
                render_easy_read(leaflet, PageContext(locale, ed.labels, "s.css", easy_read=True))):
        root = html.fromstring(out)
        assert _dangerous(root) == []
        shown = root.find(".//main").text_content()
        assert attack in shown  # the reader sees exactly what the translator typed
        # the title holds no elements: right-to-left pages isolate its runs with LRI/PDI characters
        assert root.find(".//title").text.replace(LRI, "").replace(PDI, "").startswith(attack)


@pytest.mark.parametrize("attack", ATTACKS[:2])
@pytest.mark.parametrize("variant", ["standard", "easy-read"])
def test_injected_markup_is_visible_text_in_epub(attack: str, variant: str) -> None:
    ed = edition("ar")
    book = render_epub(BookSpec(with_text(ed.leaflet, attack), "ar", ed.labels, variant), ROOT)  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        for name in ("EPUB/content.xhtml", "EPUB/nav.xhtml", "EPUB/package.opf"):
            root = etree.fromstring(z.read(name))  # well-formed XML despite the attack
            assert _dangerous(root) == []
        content = etree.fromstring(z.read("EPUB/content.xhtml"))
        text = "".join(content.find("{http://www.w3.org/1999/xhtml}body").itertext())
        assert attack in text
        title = etree.fromstring(z.read("EPUB/package.opf")).find(".//{http://purl.org/dc/elements/1.1/}title")
        assert title.text.startswith(attack)
