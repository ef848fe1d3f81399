"""The catalogue page ``dist/index.html``: every leaflet and its languages, each named in itself.

Each language of a leaflet shows its own title and summary, marked with its ``lang`` and ``dir``
so it is read with the right voice, shown in the right font and direction (numbers and Latin
names isolated in right-to-left text, as on the pages), and the demonstration notice when the
translations have not been reviewed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from pipeline.locale_info import bcp47, direction, native_name
from pipeline.ui_strings import Labels
from pipeline.writers.html import PageContext, add_credit, add_head, append_text, new_document, serialise_html, sub


@dataclass(frozen=True)
class CatalogueEntry:
    """One published edition: a leaflet in one locale, and its other formats.

    ``formats`` are (link text in the edition's own language, href, file size) triples: easy read,
    e-books, printed leaflets; the size is written the locale's way, empty for a page.
    ``notice`` is the demonstration notice in ``notice_locale`` (empty for a reviewed edition).
    """

    slug: str
    title: str
    locale: str
    href: str
    formats: tuple[tuple[str, str, str], ...] = ()
    summary: str = ""
    notice: str = ""
    notice_locale: str = ""
    latin_lang: str = "en"


def render_index(entries: Sequence[CatalogueEntry], stylesheet: str, labels: Labels) -> bytes:
    """The catalogue page, leaflets grouped by id, in the order of their entries."""
    ctx = PageContext("en", labels, stylesheet)
    html = new_document(ctx)
    body = add_head(html, ctx, ctx.label("catalogue_title"))
    sub(body, "a", ctx.label("skip_to_content"), href="#main", class_="skip-link")
    main = sub(body, "main", id="main")
    sub(main, "h1", ctx.label("catalogue_title"))
    sub(main, "p", ctx.label("catalogue_intro"))
    groups: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.slug, []).append(entry)
    for slug, group in groups.items():
        section = sub(main, "section", class_="catalogue-entry", aria_labelledby=f"leaflet-{slug}")
        first = group[0]
        heading = sub(section, "h2", id=f"leaflet-{slug}", lang=bcp47(first.locale), dir=direction(first.locale))
        append_text(heading, first.title, direction(first.locale) == "rtl", {"lang": bcp47(first.latin_lang)})
        ul = sub(section, "ul", class_="language-list")
        for entry in group:
            add_language(ul, entry)
    if any(entry.formats for entry in entries):
        # easy-read pages show pictures; the catalogue links them, so it carries the credit too
        add_credit(sub(body, "footer", class_="leaflet-footer"), ctx)
    return serialise_html(html)


def add_language(parent: etree._Element, entry: CatalogueEntry) -> None:
    """One language: its name in itself linking to the page, its title and summary, then its other formats."""
    code = bcp47(entry.locale)
    rtl = direction(entry.locale) == "rtl"
    latin = {"lang": bcp47(entry.latin_lang)}
    li = sub(parent, "li", lang=code, dir=direction(entry.locale))
    sub(li, "a", native_name(entry.locale), href=entry.href, hreflang=code, class_="language-name")
    append_text(sub(li, "p", class_="entry-title"), entry.title, rtl, latin)
    if entry.summary:
        append_text(sub(li, "p", class_="entry-summary"), entry.summary, rtl, latin)
    if entry.notice:
        attrs = {"lang": bcp47(entry.notice_locale), "dir": direction(entry.notice_locale)} \
            if entry.notice_locale and bcp47(entry.notice_locale) != code else {}
        sub(li, "p", entry.notice, class_="demonstration-notice", **attrs)
    if entry.formats:
        formats = sub(li, "ul", class_="format-list")
        for text, href, size in entry.formats:
            item = sub(formats, "li")
            sub(item, "a", text, href=href, hreflang=code)
            if size:
                append_text(sub(item, "span", class_="file-size"), f" ({size})", rtl, latin)
