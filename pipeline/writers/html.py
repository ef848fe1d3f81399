"""The HTML writer: a leaflet as one accessible, self-contained HTML5 page (or EPUB XHTML page).

Pages are built as lxml trees, so source and translated text is always inserted as text, never
parsed as markup: a translation holding ``<script>`` shows those characters and nothing runs.
No JavaScript and no external requests: the stylesheet and pictures ship in ``dist/`` (or in the
EPUB). The same builders serve the web page (HTML serialisation) and the EPUB content document
(XHTML serialisation, ``PageContext.xhtml``); ``sub`` puts every child in its parent's namespace.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from pipeline import model as m
from pipeline.anchors import glossary_id
from pipeline.locale_info import bcp47, direction
from pipeline.pictures import LICENSE_URL, picture_filename
from pipeline.ui_strings import UI_STRINGS, Labels
from pipeline.writers.bidi import isolate_plain, ltr_runs
from pipeline.writers.collation import sort_key
from pipeline.writers.phones import find_phone_numbers, tel_target
from pipeline.writers.provenance import Provenance, dates, evidence

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Link targets a leaflet may use; anything else (javascript:, data:, file:) is shown as plain text.
SAFE_LINK = re.compile(r"^(?:https?://|tel:|mailto:|#)", re.IGNORECASE)


@dataclass(frozen=True)
class PageLink:
    """A link to another published version of the same leaflet (language switcher, downloads)."""

    locale: str
    name: str
    href: str
    size: str = ""  # a download's size, in the page's language ("120 kB")


@dataclass(frozen=True)
class ArchivedNotice:
    """What an archived version's page says at its top: which old version it is, and where the
    current version is (``current_locale``: that page's language, the source's when this page's
    language is not published now)."""

    version: str
    current_href: str
    current_locale: str


@dataclass(frozen=True)
class PageContext:
    """Everything a page needs beyond the leaflet: locale, interface words and links.

    ``picture_base`` is prepended to picture file names (``../../assets/pictures/`` on the web,
    ``pictures/`` in an EPUB). ``xhtml`` asks for an EPUB content document instead of a web page:
    no language switcher or downloads (they would point outside the book).
    """

    locale: str
    labels: Labels
    stylesheet: str
    other_languages: Sequence[PageLink] = ()
    variant_link: str = ""
    fallback_notice: bool = False
    picture_base: str = "pictures/"
    downloads: Sequence[PageLink] = ()
    xhtml: bool = False
    easy_read: bool = False
    latin_lang: str = "en"
    demonstration_notice: bool = False
    sort_glossary: bool = False
    provenance: Provenance = field(default_factory=Provenance)
    archived: ArchivedNotice | None = None  # an old version's page (``dist/<id>/archive/<version>/``)
    archive_link: str = ""  # the list of the leaflet's earlier versions, when it has any

    @property
    def rtl(self) -> bool:
        """True for right-to-left locales."""
        return direction(self.locale) == "rtl"

    def label(self, key: str) -> str:
        """An interface word in the page's language (English if the translation lacks the key)."""
        return self.labels.get(key) or UI_STRINGS[key]

    def label_locale(self, key: str) -> str:
        """The language ``label(key)`` is in: the page's, or ``en`` when it fell back to English."""
        return "en" if label_fell_back(self.labels, key, self.locale) else self.locale

    def latin_attrs(self) -> dict[str, str]:
        """``lang`` for a Latin-script run inside right-to-left text (names, units, English words)."""
        code = bcp47(self.latin_lang)
        return {"lang": code, XML_LANG: code} if self.xhtml else {"lang": code}

    def plain(self, text: str) -> str:
        """Text for a place that holds no elements (title, attribute): LTR runs isolated in RTL pages."""
        return isolate_plain(text) if self.rtl else text

    def lang_attrs(self, locale: str) -> dict[str, str]:
        """``lang`` (and ``xml:lang``) and ``dir`` for a part of the page in another language."""
        if bcp47(locale) == bcp47(self.locale):
            return {}
        attrs = {"lang": bcp47(locale), "dir": direction(locale)}
        if self.xhtml:
            attrs[XML_LANG] = bcp47(locale)
        return attrs


def label_fell_back(labels: Labels, key: str, locale: str) -> bool:
    """True when the interface word ``key`` of a page in ``locale`` is the English one, not a translation.

    ``labels`` come with English filled in for every word a ``ui.po`` lacks, so a word still equal
    to the English in a page whose language is not English is a fallback.
    """
    text = labels.get(key)
    return not text or (text == UI_STRINGS[key] and not bcp47(locale).lower().startswith("en"))


def missing_labels(labels: Labels, locale: str) -> list[str]:
    """The interface words of a ``locale`` page that would be shown in English (by key)."""
    return [key for key in UI_STRINGS if label_fell_back(labels, key, locale)]


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a child element with optional text and attributes (``class_`` for ``class``).

    The child takes its parent's namespace, so XHTML pages stay in the XHTML namespace.
    Attribute names: a trailing ``_`` is dropped and ``_`` becomes ``-`` (``aria_label``).
    """
    # the parent's "{namespace}" prefix, read from its tag: cheaper than a QName per element,
    # and a page has thousands
    parent_tag = parent.tag
    name = parent_tag[: parent_tag.index("}") + 1] + tag if isinstance(parent_tag, str) and \
        parent_tag.startswith("{") else tag
    el = etree.SubElement(parent, name, {_attr(k): v for k, v in attrs.items()} if attrs else None)
    if text is not None:
        el.text = text
    return el


def say(parent: etree._Element, tag: str, ctx: PageContext, key: str, suffix: str = "",
        **attrs: str) -> etree._Element:
    """Append an element holding an interface word; marked as English if it is not translated yet.

    WCAG 3.1.2 (language of parts): a screen reader must not read English words with Arabic rules.
    """
    locale = ctx.label_locale(key)
    el = sub(parent, tag, **attrs, **ctx.lang_attrs(locale))
    append_text(el, ctx.label(key) + suffix, ctx.rtl and direction(locale) == "rtl", ctx.latin_attrs())
    return el


@functools.lru_cache(maxsize=256)
def _attr(key: str) -> str:
    return key if key.startswith("{") else key.rstrip("_").replace("_", "-")


def new_document(ctx: PageContext, lang: str | None = None) -> etree._Element:
    """The root ``html`` element with ``lang`` (and ``xml:lang`` in XHTML) and ``dir``."""
    code = bcp47(lang or ctx.locale)
    if ctx.xhtml:
        root = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
        root.set("lang", code)
        root.set(XML_LANG, code)
    else:
        root = etree.Element("html", lang=code)
    root.set("dir", direction(lang or ctx.locale))
    return root


def add_head(html: etree._Element, ctx: PageContext, title: str, description: str = "") -> etree._Element:
    """The ``head``: encoding, viewport, title, description and the one stylesheet; returns ``body``."""
    head = sub(html, "head")
    if not ctx.xhtml:
        sub(head, "meta", charset="utf-8")  # the XML declaration says it in XHTML
    sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    sub(head, "title", ctx.plain(title))
    if description:
        sub(head, "meta", name="description", content=ctx.plain(description))
    sub(head, "link", rel="stylesheet", href=ctx.stylesheet)
    return sub(html, "body")


def append_text(parent: etree._Element, text: str, rtl: bool, latin: dict[str, str] | None = None) -> None:
    """Append text to an element; in right-to-left pages, isolate each left-to-right run (``bidi.py``).

    Without the isolation "500 mg" in an Arabic sentence displays as "mg 500" and "01234 567 890"
    as "890 567 01234". ``latin`` holds the ``lang`` attributes for runs with Latin letters.
    """
    if not rtl:
        _append_raw(parent, text)
        return
    for run in ltr_runs(text):
        if run.ltr:
            sub(parent, "bdi", run.text, dir="ltr", **((latin or {}) if run.latin else {}))
        else:
            _append_raw(parent, run.text)


def _append_raw(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


@dataclass
class InlineWriter:
    """Renders inline runs; links the first use of each glossary word in a section to its entry."""

    ctx: PageContext
    glossary: dict[str, str] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        if self.glossary:
            # longest first, so "blood thinners" wins over a shorter word inside it
            words = sorted(self.glossary, key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                                       re.IGNORECASE)

    def new_section(self) -> None:
        """Hard words are linked again in each section: a reader may jump straight to one."""
        self.linked = set()

    def add(self, parent: etree._Element, inlines: tuple[m.Inline, ...], link_words: bool = True) -> None:
        """Render inline runs into ``parent``."""
        for node in inlines:
            if isinstance(node, m.Text):
                self.text(parent, node.text, link_words)
            elif isinstance(node, m.LineBreak):
                sub(parent, "br")
            elif isinstance(node, m.Strong):
                self.add(sub(parent, "strong"), node.children, link_words)
            elif isinstance(node, m.Emph):
                # easy read: key words in bold, never italics
                self.add(sub(parent, "strong" if self.ctx.easy_read else "em"), node.children, link_words)
            elif isinstance(node, m.Link):
                self.link(parent, node)

    def link(self, parent: etree._Element, node: m.Link) -> None:
        """A link; unsafe targets are dropped and phone numbers isolated in right-to-left text."""
        target = node.target.strip()
        if not SAFE_LINK.match(target):
            self.add(parent, node.children, link_words=False)
            return
        link = sub(parent, "a", href=target)
        if target.startswith("tel:") and self.ctx.rtl:
            # a phone number must read left to right even inside Arabic or Urdu text
            bdi = sub(link, "bdi", dir="ltr")
            _append_raw(bdi, m.plain_text(node.children))
        else:
            self.add(link, node.children, link_words=False)

    def text(self, parent: etree._Element, text: str, link_words: bool) -> None:
        """Plain text, with LTR runs isolated in RTL pages and hard words linked to the glossary."""
        if not self.ctx.rtl:
            self.words(parent, text, link_words)
            return
        for run in ltr_runs(text):
            if run.ltr:
                attrs = self.ctx.latin_attrs() if run.latin else {}
                self.words(sub(parent, "bdi", dir="ltr", **attrs), run.text, link_words)
            else:
                self.words(parent, run.text, link_words)

    def words(self, parent: etree._Element, text: str, link_words: bool) -> None:
        """Text with every phone number a ``tel:`` link and hard words linked to their meaning.

        ``link_words`` is False inside links and headings: no link goes inside another.
        """
        if not link_words:
            _append_raw(parent, text)
            return
        pos = 0
        for start, end in find_phone_numbers(text):
            self.glossary_words(parent, text[pos:start])
            sub(parent, "a", text[start:end], href=tel_target(text[start:end]), class_="phone")
            pos = end
        self.glossary_words(parent, text[pos:])

    def glossary_words(self, parent: etree._Element, text: str) -> None:
        """Text with the first use of each hard word in the section linked to its meaning."""
        if self._pattern is None:
            _append_raw(parent, text)
            return
        pos = 0
        for match in self._pattern.finditer(text):
            key = match.group(1).lower()
            if key in self.linked:
                continue
            self.linked.add(key)
            _append_raw(parent, text[pos : match.start()])
            sub(parent, "a", match.group(1), href=f"#{self.glossary[key]}", class_="glossary-word")
            pos = match.end()
        _append_raw(parent, text[pos:])


def glossary_targets(leaflet: m.Leaflet) -> dict[str, str]:
    """Lower-cased glossary terms mapped to their anchors."""
    return {entry.term.lower(): glossary_id(entry.term) for entry in leaflet.glossary}


def add_blocks(parent: etree._Element, blocks: Sequence[m.Block], writer: InlineWriter, heading_level: int,
               leaflet: m.Leaflet) -> None:
    """Render the blocks of a section."""
    for block in blocks:
        if isinstance(block, m.Paragraph):
            writer.add(sub(parent, "p"), block.inlines)
        elif isinstance(block, m.ListBlock):
            add_list(parent, block, writer)
        elif isinstance(block, m.Image):
            figure = sub(parent, "figure")
            sub(figure, "img", src=writer.ctx.picture_base + picture_filename(block.picture, leaflet),
                alt=writer.ctx.plain(block.picture.alt))
        elif isinstance(block, m.Table):
            add_table(parent, block, writer)
        elif isinstance(block, m.Callout):
            add_callout(parent, block, writer, heading_level, leaflet)
        elif isinstance(block, m.Glossary):
            add_glossary(parent, block, writer)


def add_glossary(parent: etree._Element, block: m.Glossary, writer: InlineWriter) -> None:
    """A definition list; each term is the target of the links from the text."""
    dl = sub(parent, "dl", class_="glossary")
    entries = block.entries
    if writer.ctx.sort_glossary:
        # a translation keeps the source's order: re-sort it in the page language's alphabet
        entries = tuple(sorted(entries, key=lambda e: sort_key(e.term, writer.ctx.locale)))
    for entry in entries:
        dt_el = sub(dl, "dt", id=glossary_id(entry.term))
        sub(dt_el, "dfn", entry.term)
        writer.add(sub(dl, "dd"), entry.meaning, link_words=False)


def add_list(parent: etree._Element, block: m.ListBlock, writer: InlineWriter) -> None:
    """Render a bullet or numbered list, with its nested lists."""
    lst = sub(parent, "ol" if block.ordered else "ul")
    for item in block.items:
        li = sub(lst, "li")
        writer.add(li, item.inlines)
        if item.sublist is not None:
            add_list(li, item.sublist, writer)


def add_table(parent: etree._Element, table: m.Table, writer: InlineWriter) -> None:
    """A table with a header row and row headers in the first column, readable on any screen.

    The wrapper scrolls sideways on mid-size screens, so it is focusable (``tabindex="0"``) and
    named by the column headers: a keyboard user can reach and scroll it (axe
    ``scrollable-region-focusable``, WCAG 2.1.1). On a phone the stylesheet stacks each row as a
    card; every body cell then shows its column's name from the ``cell-label`` span it carries
    (hidden on wider screens and in print, where the header row is repeated on every page).
    """
    ids = [f"table-{table.line}-col-{index}" for index in range(len(table.header))]
    wrapper = sub(parent, "div", class_="table-wrap", role="group", tabindex="0", aria_labelledby=" ".join(ids))
    tbl = sub(wrapper, "table")
    head = sub(sub(tbl, "thead"), "tr")
    for cell, cell_id in zip(table.header, ids, strict=True):
        writer.add(sub(head, "th", scope="col", id=cell_id), cell.inlines, link_words=False)
    body = sub(tbl, "tbody")
    for row in table.rows:
        tr = sub(body, "tr")
        for index, cell in enumerate(row):
            el = sub(tr, "th", scope="row") if index == 0 else sub(tr, "td")
            if index < len(table.header) and table.header[index].inlines:
                writer.add(sub(el, "span", class_="cell-label"), table.header[index].inlines,
                           link_words=False)
            writer.add(el, cell.inlines)


def add_callout(parent: etree._Element, callout: m.Callout, writer: InlineWriter, heading_level: int,
                leaflet: m.Leaflet) -> None:
    """A call-out box: ``role="note"`` named by its heading, whose hidden prefix says what kind it is.

    Not an ``aside``: a complementary landmark inside ``main`` is an axe best-practice failure,
    and a note is what the box is.
    """
    box_id = f"box-{callout.line}-{callout.kind}"
    box = sub(parent, "div", class_=f"callout callout-{callout.kind}", role="note", aria_labelledby=box_id)
    heading = sub(box, f"h{min(heading_level + 1, 6)}", id=box_id)
    if callout.title:
        say(heading, "span", writer.ctx, callout.kind, ": ", class_="visually-hidden")
        writer.add(heading, callout.title, link_words=False)
    else:
        say(heading, "span", writer.ctx, callout.kind)
    add_blocks(box, callout.blocks, writer, heading_level + 1, leaflet)


def add_contents(parent: etree._Element, leaflet: m.Leaflet, writer: InlineWriter, page: str = "",
                 points_only: bool = False, collapsed: bool = False) -> None:
    """The contents: a nav landmark with a numbered list of the level-2 sections (level 3 nested).

    ``collapsed``: folded in a ``details`` element that opens on request (easy read, where the
    first point must come before a long list of links).
    """
    if not collapsed:
        nav = sub(parent, "nav", class_="contents", aria_labelledby="contents-heading")
        say(nav, "h2", writer.ctx, "contents", id="contents-heading")
        add_section_list(nav, leaflet, writer, page, points_only)
        return
    nav = sub(parent, "nav", class_="er-contents", aria_labelledby="contents-heading")
    details = sub(nav, "details")
    say(sub(details, "summary"), "span", writer.ctx, "contents", id="contents-heading")
    add_section_list(details, leaflet, writer, page, points_only)


def add_section_list(parent: etree._Element, leaflet: m.Leaflet, writer: InlineWriter, page: str,
                     points_only: bool) -> None:
    """An ``ol`` of links to the sections (shared by the page contents and the EPUB nav)."""
    toc = sub(parent, "ol")
    last: etree._Element | None = None
    for section in leaflet.sections:
        if points_only and not (section.easy_read or _has_glossary(section)):
            continue
        if section.level == 2 or last is None or points_only:
            last = sub(toc, "li")
            writer.add(sub(last, "a", href=f"{page}#{section.anchor}"), section.heading, link_words=False)
        else:
            nested = last.find(_tag(last, "ol"))
            if nested is None:
                nested = sub(last, "ol")
            writer.add(sub(sub(nested, "li"), "a", href=f"{page}#{section.anchor}"), section.heading,
                       link_words=False)


def _tag(context: etree._Element, tag: str) -> str:
    namespace = etree.QName(context).namespace
    return f"{{{namespace}}}{tag}" if namespace else tag


def _has_glossary(section: m.Section) -> bool:
    return any(isinstance(block, m.Glossary) for block in section.blocks)


def add_header(body: etree._Element, leaflet: m.Leaflet, ctx: PageContext) -> None:
    """Skip link, organisation, language switcher and the link to the other variant.

    Easy read keeps its header short so the first point is on the first phone screen: the
    languages are folded in a ``details`` element and the e-book downloads move to the footer.
    """
    say(body, "a", ctx, "skip_to_content", href="#main", class_="skip-link")
    header = sub(body, "header", class_="leaflet-header")
    append_text(sub(header, "p", class_="organisation"), leaflet.meta.organisation, ctx.rtl, ctx.latin_attrs())
    if not ctx.xhtml:
        add_language_switcher(header, ctx)
        key = "standard_version" if ctx.easy_read else "easy_read_version"
        links = [PageLink(ctx.label_locale(key), ctx.label(key), ctx.variant_link)] if ctx.variant_link \
            else []
        if not ctx.easy_read:
            links.extend(ctx.downloads)
        add_version_links(header, ctx, links)


def add_version_links(parent: etree._Element, ctx: PageContext, links: Sequence[PageLink],
                      landmark: bool = True) -> None:
    """A ``versions`` nav: links to the other variant and the e-books, each marked with its language.

    ``landmark=False`` gives a plain list (a second nav of the same name is an axe landmark-unique failure).
    """
    if not links:
        return
    holder = sub(parent, "nav", class_="versions", aria_label=ctx.label("other_formats")) if landmark \
        else sub(parent, "div", class_="versions")
    ul = sub(holder, "ul")
    for link in links:
        li = sub(ul, "li")
        a = sub(li, "a", href=link.href, **ctx.lang_attrs(link.locale))
        append_text(a, link.name, ctx.rtl and direction(link.locale) == "rtl", ctx.latin_attrs())
        if link.size:
            append_text(sub(li, "span", class_="file-size"), f" ({link.size})", ctx.rtl, ctx.latin_attrs())


def render_page(leaflet: m.Leaflet, ctx: PageContext) -> bytes:
    """The standard leaflet as a complete HTML5 document (or XHTML content document)."""
    html = new_document(ctx)
    body = add_head(html, ctx, f"{leaflet.meta.title} - {leaflet.meta.organisation}", leaflet.meta.summary)
    add_header(body, leaflet, ctx)
    writer = InlineWriter(ctx, glossary_targets(leaflet))
    main = sub(body, "main", id="main")
    add_archived_notice(main, ctx)
    append_text(sub(main, "h1"), leaflet.meta.title, ctx.rtl, ctx.latin_attrs())
    summary = sub(main, "p", class_="summary")
    append_text(summary, leaflet.meta.summary, ctx.rtl, ctx.latin_attrs())
    add_notices(main, ctx)
    add_contents(main, leaflet, writer)
    add_sections(main, leaflet, writer)
    add_footer(body, leaflet, ctx, credit=any(isinstance(b, m.Image) for s in leaflet.sections
                                              for b in s.blocks))
    return serialise(html, ctx)


def add_notices(main: etree._Element, ctx: PageContext) -> None:
    """The visible warnings a page may need: untranslated parts, an unreviewed demonstration translation."""
    if ctx.demonstration_notice:
        say(main, "p", ctx, "demonstration_notice", class_="demonstration-notice", role="note")
    if ctx.fallback_notice:
        say(main, "p", ctx, "fallback_notice", class_="fallback-notice", role="note")


def add_archived_notice(parent: etree._Element, ctx: PageContext) -> None:
    """On an archived version's page, before anything else it says: this is an old version, do
    not use it, and a link to the current version."""
    if ctx.archived is None:
        return
    notice = ctx.archived
    box = sub(parent, "div", class_="archived-notice", role="note")
    locale = ctx.label_locale("archived_notice")
    text = sub(sub(box, "p", **ctx.lang_attrs(locale)), "strong")
    append_text(text, ctx.label("archived_notice").replace("{version}", notice.version),
                ctx.rtl and direction(locale) == "rtl", ctx.latin_attrs())
    say(sub(box, "p"), "a", ctx, "current_version_link", href=notice.current_href,
        hreflang=bcp47(notice.current_locale), class_="current-version")


def add_archive_link(parent: etree._Element, ctx: PageContext) -> None:
    """A link to the list of the leaflet's earlier versions (web pages only, when it has any)."""
    if ctx.archive_link and not ctx.xhtml:
        say(sub(parent, "p", class_="archive-link"), "a", ctx, "archive_title", href=ctx.archive_link)


def add_sections(main: etree._Element, leaflet: m.Leaflet, writer: InlineWriter) -> None:
    """Every section as a ``section`` named by its heading; level-3 sections nest in level 2."""
    parent = main
    for section in leaflet.sections:
        writer.new_section()
        container = main if section.level == 2 or parent is main else parent
        sec = sub(container, "section", aria_labelledby=section.anchor)
        writer.add(sub(sec, f"h{section.level}", id=section.anchor), section.heading, link_words=False)
        add_blocks(sec, section.blocks, writer, section.level, leaflet)
        if section.level == 2:
            parent = sec


def add_language_switcher(parent: etree._Element, ctx: PageContext) -> None:
    """A list of links to the same leaflet in the other published languages, each named in itself.

    In easy read the list is folded (``details``) under its name, so it costs one line.
    """
    if not ctx.other_languages:
        return
    nav = sub(parent, "nav", class_="languages", aria_label=ctx.label("languages"))
    if ctx.easy_read:
        nav = sub(nav, "details")
        say(nav, "summary", ctx, "languages")
    ul = sub(nav, "ul")
    for link in ctx.other_languages:
        sub(sub(ul, "li"), "a", link.name, href=link.href, lang=bcp47(link.locale),
            hreflang=bcp47(link.locale), dir=direction(link.locale))


def add_footer(body: etree._Element, leaflet: m.Leaflet, ctx: PageContext, credit: bool) -> None:
    """Contact line, dates formatted for the locale, version, and the picture credit when needed."""
    meta = leaflet.meta
    footer = sub(body, "footer", class_="leaflet-footer")
    contact = sub(footer, "p", class_="contact")
    say(contact, "strong", ctx, "contact", " ")
    InlineWriter(ctx).add(contact, meta.contact)
    dl = sub(footer, "dl", class_="dates")
    for key, _label, value in dates(meta, ctx.labels, ctx.locale, ctx.provenance):
        say(dl, "dt", ctx, key)
        append_text(sub(dl, "dd"), value, ctx.rtl, ctx.latin_attrs())
    sources = evidence(meta, ctx.provenance)
    if sources:
        # the sources are named as the author wrote them (not translated units): marked in that language
        source_lang = {"lang": bcp47(ctx.latin_lang)}
        if ctx.xhtml:
            source_lang[XML_LANG] = source_lang["lang"]
        box = sub(footer, "section", class_="evidence", aria_labelledby="evidence-heading")
        say(box, "h2", ctx, "evidence", id="evidence-heading")
        ul = sub(box, "ul")
        for title, where in sources:
            li = sub(ul, "li", **source_lang)
            if where.startswith(("https://", "http://")):
                sub(li, "a", title, href=where)
            else:
                li.text = f"{title}. {where}"
    if ctx.easy_read and not ctx.xhtml:
        add_version_links(footer, ctx, ctx.downloads, landmark=False)
    add_archive_link(footer, ctx)
    if credit:
        add_credit(footer, ctx)


def add_credit(parent: etree._Element, ctx: PageContext) -> None:
    """The licence credit every output showing OpenMoji pictures must carry (CC BY-SA 4.0)."""
    p = say(parent, "p", ctx, "pictures_credit", " ", class_="credit")
    sub(p, "a", "CC BY-SA 4.0", href=LICENSE_URL, lang="en", **({XML_LANG: "en"} if ctx.xhtml else {}))


def serialise(root: etree._Element, ctx: PageContext) -> bytes:
    """HTML5 with its doctype for the web; XHTML with an XML declaration for an EPUB."""
    if ctx.xhtml:
        out: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")
        return out + b"\n"
    return serialise_html(root)


def serialise_html(root: etree._Element) -> bytes:
    """An HTML5 document with its doctype, UTF-8, ending in a newline."""
    out: bytes = etree.tostring(root, method="html", encoding="utf-8", doctype="<!DOCTYPE html>")
    return out + b"\n"
