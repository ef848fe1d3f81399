"""The catalogue page ``dist/index.html``: every leaflet and its languages, each named in itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from pipeline.locale_info import bcp47, direction, native_name
from pipeline.ui_strings import Labels
from pipeline.writers.html import serialise_html, sub


@dataclass(frozen=True)
class CatalogueEntry:
    """One published edition: a leaflet in one locale."""

    slug: str
    title: str
    locale: str
    href: str


def render_index(entries: Sequence[CatalogueEntry], stylesheet: str, labels: Labels) -> bytes:
    """The catalogue page, leaflets grouped by id, in the source order of their locales."""
    html = etree.Element("html", lang="en", dir="ltr")
    head = sub(html, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    sub(head, "title", labels["catalogue_title"])
    sub(head, "link", rel="stylesheet", href=stylesheet)
    body = sub(html, "body")
    sub(body, "a", labels["skip_to_content"], href="#main", class_="skip-link")
    main = sub(body, "main", id="main")
    sub(main, "h1", labels["catalogue_title"])
    sub(main, "p", labels["catalogue_intro"])
    groups: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.slug, []).append(entry)
    for slug, group in groups.items():
        section = sub(main, "section", class_="catalogue-entry", **{"aria-labelledby": f"leaflet-{slug}"})
        sub(section, "h2", group[0].title, id=f"leaflet-{slug}")
        ul = sub(section, "ul", class_="language-list")
        for entry in group:
            code = bcp47(entry.locale)
            sub(sub(ul, "li"), "a", native_name(entry.locale), href=entry.href, lang=code, hreflang=code,
                dir=direction(entry.locale))
    return serialise_html(html)
