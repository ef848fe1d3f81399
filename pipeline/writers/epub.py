"""The EPUB 3 writer: one book per leaflet, locale and variant (standard or easy read).

What makes it pass EPUBCheck 5 (EPUB 3.3) and DAISY Ace, measured in
``shared/research/output-anchors.md`` §1: ``xml:lang`` and ``dir`` on the package and every page,
``page-progression-direction`` from the locale, a navigation document with ``role="doc-toc"`` and
landmarks, the EPUB Accessibility 1.1 metadata with its conformance claim, and pictures shipped
as SVG files in the book (reading systems' emoji fonts are unreliable).

The book is byte-reproducible: ``mimetype`` first and stored with no extra field, every entry
dated 1980-01-01, entries in sorted order, one compression level, and ``dcterms:modified`` from
``SOURCE_DATE_EPOCH`` or the leaflet's publication date, never the clock. The identifier is a
UUID 5 of slug, locale, version and variant, so a rebuilt book keeps its identity.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from lxml import etree

from pipeline import model as m
from pipeline.environment import source_date_epoch
from pipeline.locale_info import bcp47, direction
from pipeline.pictures import media_type, picture_bytes, picture_filename
from pipeline.ui_strings import UI_STRINGS, Labels
from pipeline.writers.easy_read import render_easy_read
from pipeline.writers.html import (
    EPUB_NS,
    XML_LANG,
    InlineWriter,
    PageContext,
    add_head,
    add_section_list,
    new_document,
    render_page,
    say,
    serialise,
    sub,
)
from pipeline.writers.provenance import Provenance

Variant = Literal["standard", "easy-read"]

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
MIMETYPE = b"application/epub+zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 9
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
# A fixed namespace for this project's book identifiers (uuid5 of a URL naming the project).
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/leaflets/leaflets/epub")

CONTENT = "content.xhtml"
NAV = "nav.xhtml"
STYLE = "style.css"


@dataclass(frozen=True)
class BookSpec:
    """Everything one EPUB is made from."""

    leaflet: m.Leaflet
    locale: str
    labels: Labels
    variant: Variant = "standard"
    fallback: bool = False
    demonstration: bool = False
    latin_lang: str = "en"
    sort_glossary: bool = False
    provenance: Provenance = field(default_factory=Provenance)


def book_uuid(leaflet: m.Leaflet, locale: str, variant: Variant) -> uuid.UUID:
    """The stable identifier: the same leaflet, locale, version and variant give the same UUID."""
    return uuid.uuid5(UUID_NAMESPACE, f"{leaflet.meta.slug}|{bcp47(locale)}|{leaflet.meta.version}|{variant}")


def modified_time(leaflet: m.Leaflet, environ: dict[str, str] | None = None) -> str:
    """``dcterms:modified``: SOURCE_DATE_EPOCH when set (reproducible builds), else the publication date."""
    epoch = source_date_epoch(environ)
    if epoch is not None:
        when = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    else:
        when = dt.datetime.combine(leaflet.meta.published, dt.time(0, 0), tzinfo=dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _context(spec: BookSpec) -> PageContext:
    return PageContext(spec.locale, spec.labels, STYLE, fallback_notice=spec.fallback,
                       picture_base="pictures/", xhtml=True, easy_read=spec.variant == "easy-read",
                       latin_lang=spec.latin_lang, demonstration_notice=spec.demonstration,
                       sort_glossary=spec.sort_glossary, provenance=spec.provenance)


def _pictures(spec: BookSpec) -> list[m.Picture]:
    """The pictures the book shows: easy-read points in easy read, images in the standard text."""
    if spec.variant == "easy-read":
        return [p.picture for s in spec.leaflet.sections for p in s.easy_read]
    return [b.picture for s in spec.leaflet.sections for b in s.blocks if isinstance(b, m.Image)]


def render_epub(spec: BookSpec, root: Path) -> bytes:
    """The EPUB file's bytes. ``root`` is the project folder (for pictures stored beside a leaflet)."""
    ctx = _context(spec)
    if spec.variant == "easy-read":
        content = render_easy_read(spec.leaflet, ctx)
    else:
        content = render_page(spec.leaflet, ctx)
    files: dict[str, bytes] = {
        f"EPUB/{CONTENT}": content,
        f"EPUB/{NAV}": render_nav(spec, ctx),
        f"EPUB/{STYLE}": resources.files("pipeline.assets").joinpath("leaflet.css").read_bytes(),
    }
    for picture in _pictures(spec):
        name = f"EPUB/pictures/{picture_filename(picture, spec.leaflet)}"
        if name not in files:
            files[name] = picture_bytes(picture, spec.leaflet, root)
    files["EPUB/package.opf"] = render_package(spec, sorted(files))
    return zip_book(files)


def render_nav(spec: BookSpec, ctx: PageContext) -> bytes:
    """The navigation document: a ``doc-toc`` contents list and hidden landmarks.

    The nav document is not in the spine, so the landmarks point only into the content (a link
    to the nav itself is EPUBCheck RSC-011).
    """
    html = new_document(ctx)
    body = add_head(html, ctx, ctx.label("contents"))
    writer = InlineWriter(ctx)
    toc = sub(body, "nav", id="toc", role="doc-toc", **{f"{{{EPUB_NS}}}type": "toc"})
    say(toc, "h1", ctx, "contents")
    add_section_list(toc, spec.leaflet, writer, CONTENT, points_only=spec.variant == "easy-read")
    marks = sub(body, "nav", hidden="hidden", **{f"{{{EPUB_NS}}}type": "landmarks"})
    say(marks, "h2", ctx, "landmarks")
    ol = sub(marks, "ol")
    say(sub(ol, "li"), "a", ctx, "start_of_content", href=f"{CONTENT}#main",
        **{f"{{{EPUB_NS}}}type": "bodymatter"})
    return serialise(html, ctx)


def render_package(spec: BookSpec, paths: list[str]) -> bytes:
    """The package document with Dublin Core, EPUB Accessibility 1.1 metadata, manifest and spine."""
    leaflet, code = spec.leaflet, bcp47(spec.locale)
    easy = spec.variant == "easy-read"
    pictures = any(p.startswith("EPUB/pictures/") for p in paths)
    package = etree.Element(f"{{{OPF_NS}}}package", nsmap={None: OPF_NS}, version="3.0", attrib={
        "unique-identifier": "uid", XML_LANG: code, "dir": direction(spec.locale)})
    meta = etree.SubElement(package, f"{{{OPF_NS}}}metadata", nsmap={"dc": DC_NS})

    def dc(name: str, text: str, **attrs: str) -> None:
        etree.SubElement(meta, f"{{{DC_NS}}}{name}", attrs).text = text

    def prop(name: str, text: str, **attrs: str) -> None:
        el = etree.SubElement(meta, f"{{{OPF_NS}}}meta", property=name)
        for key, value in attrs.items():
            el.set(key, value)
        el.text = text

    ctx = _context(spec)
    title = leaflet.meta.title + (f" - {ctx.label('easy_read_version')}" if easy else "")
    dc("identifier", f"urn:uuid:{book_uuid(leaflet, spec.locale, spec.variant)}", id="uid")
    dc("title", title)
    dc("language", code)
    dc("publisher", leaflet.meta.organisation)
    dc("date", leaflet.meta.published.isoformat())
    dc("description", leaflet.meta.summary)
    prop("dcterms:modified", modified_time(leaflet))
    # EPUB Accessibility 1.1 discoverability metadata (schema.org vocabulary, checked by Ace)
    prop("schema:accessMode", "textual")
    if pictures:
        prop("schema:accessMode", "visual")
    prop("schema:accessModeSufficient", "textual")  # every picture has a text alternative
    if pictures:
        prop("schema:accessModeSufficient", "textual,visual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if pictures:
        features.insert(0, "alternativeText")
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    summary, summary_lang = accessibility_summary(spec, ctx, pictures)
    prop("schema:accessibilitySummary", summary, **({XML_LANG: summary_lang} if summary_lang != code else {}))
    prop("dcterms:conformsTo", CONFORMANCE, id="conf")
    prop("a11y:certifiedBy", leaflet.meta.organisation, refines="#conf")
    manifest = etree.SubElement(package, f"{{{OPF_NS}}}manifest")
    for path in paths:
        href = path.removeprefix("EPUB/")
        if href == "package.opf":
            continue
        attrs = {"id": _item_id(href), "href": href, "media-type": _media(href)}
        if href == NAV:
            attrs["properties"] = "nav"
        etree.SubElement(manifest, f"{{{OPF_NS}}}item", attrs)
    spine = etree.SubElement(package, f"{{{OPF_NS}}}spine")
    if direction(spec.locale) == "rtl":
        spine.set("page-progression-direction", "rtl")
    etree.SubElement(spine, f"{{{OPF_NS}}}itemref", idref=_item_id(CONTENT))
    out: bytes = etree.tostring(package, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return out


def accessibility_summary(spec: BookSpec, ctx: PageContext, pictures: bool) -> tuple[str, str]:
    """The summary of what the book really has (no claim about pictures or tables it lacks), and its language."""
    if spec.variant == "easy-read":
        keys = ["a11y_summary_easy_read"]
    else:
        blocks = [b for s in spec.leaflet.sections for b in s.blocks]
        keys = ["a11y_structure"]
        keys += ["a11y_glossary"] if any(isinstance(b, m.Glossary) for b in blocks) else []
        keys += ["a11y_tables"] if any(isinstance(b, m.Table) for b in blocks) else []
        keys += ["a11y_pictures"] if pictures else []
        keys.append("a11y_standard")
    languages = {ctx.label_locale(key) for key in keys}
    # one language for the whole summary: the book's, or English when any sentence is untranslated
    if len(languages) > 1 or languages != {spec.locale}:
        return " ".join(UI_STRINGS[key] for key in keys), "en"
    return " ".join(ctx.label(key) for key in keys), bcp47(spec.locale)


def _item_id(href: str) -> str:
    return "i-" + re.sub(r"[^A-Za-z0-9]+", "-", href).strip("-")


def _media(href: str) -> str:
    if href.endswith(".xhtml"):
        return "application/xhtml+xml"
    if href.endswith(".css"):
        return "text/css"
    return media_type(href)


CONTAINER_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">\n'
    b'  <rootfiles>\n'
    b'    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>\n'
    b'  </rootfiles>\n'
    b'</container>\n'
)


def zip_book(files: dict[str, bytes]) -> bytes:
    """The OCF zip: ``mimetype`` first and stored, then the container and every file in sorted order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        _add(book, "mimetype", MIMETYPE, compress=False)
        _add(book, "META-INF/container.xml", CONTAINER_XML)
        for name in sorted(files):
            _add(book, name, files[name])
    return buffer.getvalue()


def _add(book: zipfile.ZipFile, name: str, data: bytes, compress: bool = True) -> None:
    # Fixed date, permissions and creator system: nothing from the machine or the clock.
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o100644 << 16
    info.create_system = 3
    book.writestr(info, data, compresslevel=COMPRESS_LEVEL if compress else None)


def zip_header_problems(data: bytes) -> list[str]:
    """What is wrong with an EPUB's first zip entry (EPUBCheck 5.3 misses a compressed ``mimetype``).

    OCF: the first local file header is ``mimetype``, stored (method 0), with no extra field, and
    its content is exactly ``application/epub+zip``, so those bytes sit at offset 38.
    """
    problems = []
    if data[:4] != b"PK\x03\x04":
        return ["not a zip file (no local file header at offset 0)"]
    method = int.from_bytes(data[8:10], "little")
    name_len = int.from_bytes(data[26:28], "little")
    extra_len = int.from_bytes(data[28:30], "little")
    name = data[30 : 30 + name_len]
    if name != b"mimetype":
        problems.append(f"first entry is {name!r}, not b'mimetype'")
    if method != 0:
        problems.append(f"mimetype is compressed (method {method}); it must be stored")
    if extra_len:
        problems.append(f"mimetype has a {extra_len}-byte extra field; it must have none")
    if data[30 + name_len + extra_len : 30 + name_len + extra_len + len(MIMETYPE)] != MIMETYPE:
        problems.append("mimetype content is not exactly 'application/epub+zip'")
    return problems
