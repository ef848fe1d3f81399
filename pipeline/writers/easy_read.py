"""The easy-read writer: each point a row, its picture beside the words, one column, big type.

The layout follows the UK easy-read guidance (Department of Health 2010; CHANGE; Mencap): the
picture at the reading start of each row (left in English, right in Arabic and Urdu: the row is a
flex box, so ``dir="rtl"`` mirrors it with no extra rule), sans-serif type of at least 16 pt in
print, key words in bold and never italic, hard words explained on the page, and no row split
across a printed page (``break-inside: avoid`` in the stylesheet). Every picture has alt text and
the page carries the pictures' licence credit.
"""

from __future__ import annotations

from lxml import etree

from pipeline import model as m
from pipeline.pictures import picture_filename
from pipeline.writers.html import (
    InlineWriter,
    PageContext,
    add_contents,
    add_footer,
    add_glossary,
    add_head,
    add_header,
    add_notices,
    append_text,
    glossary_targets,
    new_document,
    say,
    serialise,
    sub,
)


def easy_read_sections(leaflet: m.Leaflet) -> list[m.Section]:
    """The sections the easy-read version shows: those with points, and the hard-words list."""
    return [s for s in leaflet.sections
            if s.easy_read or any(isinstance(b, m.Glossary) for b in s.blocks)]


def render_easy_read(leaflet: m.Leaflet, ctx: PageContext) -> bytes:
    """The easy-read version of a leaflet as a complete HTML5 document (or XHTML content document)."""
    if not ctx.easy_read:
        raise ValueError("render_easy_read needs a PageContext with easy_read=True")
    html = new_document(ctx)
    title = f"{leaflet.meta.title} - {ctx.label('easy_read_version')}"
    body = add_head(html, ctx, title, leaflet.meta.summary)
    body.set("class", "easy-read")
    add_header(body, leaflet, ctx)
    writer = InlineWriter(ctx, glossary_targets(leaflet))
    main = sub(body, "main", id="main")
    h1 = sub(main, "h1")
    append_text(h1, leaflet.meta.title + " ", ctx.rtl, ctx.latin_attrs())
    say(h1, "span", ctx, "easy_read_version", class_="variant-name")
    add_notices(main, ctx)
    # the contents are folded away, so the first point is on the first phone screen
    add_contents(main, leaflet, writer, points_only=True, collapsed=True)
    for number, section in enumerate(easy_read_sections(leaflet)):
        writer.new_section()
        sec = sub(main, "section", aria_labelledby=section.anchor)
        writer.add(sub(sec, "h2", id=section.anchor), section.heading, link_words=False)
        if section.easy_read:
            ul = sub(sec, "ul", class_="er-points")
            for point in section.easy_read:
                add_point(ul, point, writer, leaflet)
        for block in section.blocks:
            if isinstance(block, m.Glossary):
                # hard words explained on the page, in big type, for the links in the points above
                add_glossary(sec, block, writer)
        if number == 0:
            add_contact_box(main, leaflet, writer)
    add_footer(body, leaflet, ctx, credit=True)
    return serialise(html, ctx)


def add_contact_box(parent: etree._Element, leaflet: m.Leaflet, writer: InlineWriter) -> None:
    """Who to call, near the top (after the first points), not only in the footer many screens down."""
    box = sub(parent, "div", class_="contact-box", role="note", aria_labelledby="contact-box-heading")
    say(box, "h2", writer.ctx, "contact", id="contact-box-heading")
    writer.add(sub(box, "p"), leaflet.meta.contact, link_words=True)


def add_point(parent: etree._Element, point: m.EasyReadPoint, writer: InlineWriter,
              leaflet: m.Leaflet) -> None:
    """One row: the picture (with its alt text) then the words; the row never splits in print."""
    li = sub(parent, "li", class_="er-point")
    sub(li, "img", src=writer.ctx.picture_base + picture_filename(point.picture, leaflet),
        alt=writer.ctx.plain(point.picture.alt), class_="er-picture", width="96", height="96")
    p = sub(li, "p", class_="er-text")
    writer.add(p, point.inlines)
