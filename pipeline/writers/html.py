"""The HTML writer: a leaflet as one accessible, self-contained HTML5 page.

Pages are built as lxml trees, so source and translated text is always inserted as text, never
parsed as markup. No JavaScript and no external requests: the stylesheet ships in ``dist/``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from pipeline import model as m
from pipeline.locale_info import bcp47, direction, format_date
from pipeline.ui_strings import Labels

# Digits, and digit groups joined by spaces or dashes (phone numbers, "15 to 30" stays two runs).
NUMBER_RUN = re.compile(r"\+?\d(?:[\d\u00a0 .,:/\-]*\d)?")


@dataclass(frozen=True)
class PageLink:
    """A link to another published version of the same leaflet (language switcher)."""

    locale: str
    name: str
    href: str


@dataclass(frozen=True)
class PageContext:
    """Everything a page needs beyond the leaflet: locale, interface words and links."""

    locale: str
    labels: Labels
    stylesheet: str
    other_languages: Sequence[PageLink] = ()
    variant_link: str = ""
    fallback_notice: bool = False
    glossary_terms: dict[str, str] = field(default_factory=dict)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a child element with optional text and attributes (``class_`` for ``class``)."""
    el = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def append_text(parent: etree._Element, text: str, rtl: bool) -> None:
    """Append text to an element; in right-to-left pages, isolate numbers so they keep their order."""
    if not rtl:
        _append_raw(parent, text)
        return
    pos = 0
    for match in NUMBER_RUN.finditer(text):
        _append_raw(parent, text[pos : match.start()])
        bdi = etree.SubElement(parent, "bdi", dir="ltr")
        bdi.text = match.group(0)
        pos = match.end()
    _append_raw(parent, text[pos:])


def _append_raw(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def add_inlines(parent: etree._Element, inlines: tuple[m.Inline, ...], ctx: PageContext) -> None:
    """Render inline runs into ``parent``."""
    rtl = direction(ctx.locale) == "rtl"
    for node in inlines:
        if isinstance(node, m.Text):
            append_text(parent, node.text, rtl)
        elif isinstance(node, m.LineBreak):
            etree.SubElement(parent, "br")
        elif isinstance(node, m.Strong):
            add_inlines(etree.SubElement(parent, "strong"), node.children, ctx)
        elif isinstance(node, m.Emph):
            add_inlines(etree.SubElement(parent, "em"), node.children, ctx)
        elif isinstance(node, m.Link):
            link = etree.SubElement(parent, "a", href=node.target)
            if node.target.startswith("tel:") and rtl:
                # a phone number must read left to right even inside Arabic or Urdu text
                bdi = etree.SubElement(link, "bdi", dir="ltr")
                add_inlines(bdi, node.children, PageContext("en", ctx.labels, ctx.stylesheet))
            else:
                add_inlines(link, node.children, ctx)


def add_blocks(parent: etree._Element, blocks: Sequence[m.Block], ctx: PageContext, heading_level: int) -> None:
    """Render the blocks of a section."""
    for block in blocks:
        if isinstance(block, m.Paragraph):
            add_inlines(sub(parent, "p"), block.inlines, ctx)
        elif isinstance(block, m.ListBlock):
            add_list(parent, block, ctx)
        elif isinstance(block, m.Image):
            figure = sub(parent, "figure")
            sub(figure, "img", src=block.picture.ref, alt=block.picture.alt)
        elif isinstance(block, m.Table):
            add_table(parent, block, ctx)
        elif isinstance(block, m.Callout):
            add_callout(parent, block, ctx, heading_level)
        elif isinstance(block, m.Glossary):
            dl = sub(parent, "dl", class_="glossary")
            for entry in block.entries:
                dt_el = sub(dl, "dt", id=glossary_id(entry.term))
                sub(dt_el, "dfn", entry.term)
                add_inlines(sub(dl, "dd"), entry.meaning, ctx)


def glossary_id(term: str) -> str:
    """The anchor of a glossary entry."""
    slug = re.sub(r"[^\w]+", "-", term.lower(), flags=re.UNICODE).strip("-")
    return f"word-{slug}"


def add_list(parent: etree._Element, block: m.ListBlock, ctx: PageContext) -> None:
    """Render a bullet or numbered list, with its nested lists."""
    lst = sub(parent, "ol" if block.ordered else "ul")
    for item in block.items:
        li = sub(lst, "li")
        add_inlines(li, item.inlines, ctx)
        if item.sublist is not None:
            add_list(li, item.sublist, ctx)


def add_table(parent: etree._Element, table: m.Table, ctx: PageContext) -> None:
    """Render a table with a header row and row headers in the first column."""
    wrapper = sub(parent, "div", class_="table-wrap")
    tbl = sub(wrapper, "table")
    head = sub(sub(tbl, "thead"), "tr")
    for cell in table.header:
        add_inlines(sub(head, "th", scope="col"), cell.inlines, ctx)
    body = sub(tbl, "tbody")
    for row in table.rows:
        tr = sub(body, "tr")
        for index, cell in enumerate(row):
            el = sub(tr, "th", scope="row") if index == 0 else sub(tr, "td")
            add_inlines(el, cell.inlines, ctx)


def add_callout(parent: etree._Element, callout: m.Callout, ctx: PageContext, heading_level: int) -> None:
    """Render a call-out box as a labelled region so screen readers announce it."""
    box_id = f"box-{callout.line}-{callout.kind}"
    aside = sub(parent, "aside", class_=f"callout callout-{callout.kind}", **{"aria-labelledby": box_id})
    heading = sub(aside, f"h{min(heading_level + 1, 6)}", id=box_id)
    if callout.title:
        sub(heading, "span", ctx.labels[callout.kind] + ": ", class_="visually-hidden")
        add_inlines(heading, callout.title, ctx)
    else:
        heading.text = ctx.labels[callout.kind]
    add_blocks(aside, callout.blocks, ctx, heading_level + 1)


def render_page(leaflet: m.Leaflet, ctx: PageContext) -> bytes:
    """The standard leaflet as a complete HTML5 document."""
    labels = ctx.labels
    html = etree.Element("html", lang=bcp47(ctx.locale), dir=direction(ctx.locale))
    head = sub(html, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    sub(head, "title", f"{leaflet.meta.title} - {leaflet.meta.organisation}")
    sub(head, "meta", name="description", content=leaflet.meta.summary)
    sub(head, "link", rel="stylesheet", href=ctx.stylesheet)
    body = sub(html, "body")
    sub(body, "a", labels["skip_to_content"], href="#main", class_="skip-link")
    header = sub(body, "header", class_="leaflet-header")
    sub(header, "p", leaflet.meta.organisation, class_="organisation")
    add_language_switcher(header, ctx)
    main = sub(body, "main", id="main")
    sub(main, "h1", leaflet.meta.title)
    sub(main, "p", leaflet.meta.summary, class_="summary")
    if ctx.fallback_notice:
        sub(main, "p", labels["fallback_notice"], class_="fallback-notice", role="note")
    if ctx.variant_link:
        sub(sub(main, "p", class_="variant-link"), "a", labels["easy_read_version"], href=ctx.variant_link)
    nav = sub(main, "nav", **{"aria-labelledby": "contents-heading"})
    sub(nav, "h2", labels["contents"], id="contents-heading")
    toc = sub(nav, "ol")
    for section in leaflet.sections:
        if section.level == 2:
            add_inlines(sub(sub(toc, "li"), "a", href=f"#{section.anchor}"), section.heading, ctx)
    for section in leaflet.sections:
        sec = sub(main, "section", **{"aria-labelledby": section.anchor})
        add_inlines(sub(sec, f"h{section.level}", id=section.anchor), section.heading, ctx)
        add_blocks(sec, section.blocks, ctx, section.level)
    add_footer(body, leaflet, ctx)
    return serialise_html(html)


def add_language_switcher(parent: etree._Element, ctx: PageContext) -> None:
    """A list of links to the same leaflet in the other published languages."""
    if not ctx.other_languages:
        return
    nav = sub(parent, "nav", class_="languages", **{"aria-label": ctx.labels["languages"]})
    ul = sub(nav, "ul")
    for link in ctx.other_languages:
        sub(sub(ul, "li"), "a", link.name, href=link.href, lang=bcp47(link.locale),
            hreflang=bcp47(link.locale), dir=direction(link.locale))


def add_footer(body: etree._Element, leaflet: m.Leaflet, ctx: PageContext) -> None:
    """Contact line, version and dates, formatted for the locale."""
    labels, meta = ctx.labels, leaflet.meta
    footer = sub(body, "footer", class_="leaflet-footer")
    contact = sub(footer, "p", class_="contact")
    sub(contact, "strong", labels["contact"] + " ")
    add_inlines(contact, meta.contact, ctx)
    dl = sub(footer, "dl", class_="dates")
    rtl = direction(ctx.locale) == "rtl"
    for label, value in (
        (labels["published"], format_date(meta.published, ctx.locale)),
        (labels["next_review"], format_date(meta.review_due, ctx.locale)),
        (labels["version"], meta.version),
    ):
        sub(dl, "dt", label)
        append_text(sub(dl, "dd"), value, rtl)


def serialise_html(root: etree._Element) -> bytes:
    """An HTML5 document with its doctype, UTF-8, ending in a newline."""
    out: bytes = etree.tostring(root, method="html", encoding="utf-8", doctype="<!DOCTYPE html>")
    return out + b"\n"
