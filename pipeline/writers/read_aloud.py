"""The read-aloud EPUB 3: the standard e-book with Media Overlays, each piece highlighted as it is spoken.

It is the book :mod:`pipeline.writers.epub` makes (the same content document from
``html.render_page``, navigation document, stylesheet, pictures and accessibility metadata), plus:

- the synthetic-voice sentence as a visible note at the start of ``main`` (the audio starts with
  it, and Media Overlays must follow the reading order, EPUBCheck MED-015);
- an ``id`` on every element that is spoken: headings, paragraphs, list items (a span around an
  item's own words when a list is nested in it), table cells, box headings, glossary words and
  meanings, the contact line and the dates. Existing ids (headings' anchors) are kept;
- ``audio/<id>.opus``: the audio edition itself (Ogg Opus, a core media type of EPUB 3.3,
  ``audio/ogg; codecs=opus``), made once for both (``audio.render_edition``);
- ``content.smil``: one ``seq`` per chapter, and inside it one ``par`` per spoken element, whose
  clip runs from its start to the next one's (no gap for a reading system to seek over); a table's
  cells and a list's items sit in a ``seq`` of ``epub:type`` ``table`` or ``list``, which a reading
  system can skip whole (Media Overlays escapability);
- ``media-overlay`` on the content document's manifest item, ``media:duration`` for the overlay and
  the book, ``media:active-class`` (the stylesheet marks the words being spoken), and
  ``schema:accessMode`` ``auditory`` with the ``synchronizedAudioText`` feature;
- its own identifier (UUID 5 of slug, locale, version and ``read-aloud``), so a library keeps it
  apart from the standard book.

Byte-reproducible like the other books (``epub.zip_book``) and the audio (see ``audio``).
"""

from __future__ import annotations

import re
import uuid
from importlib import resources
from pathlib import Path

from lxml import etree

from pipeline import model as m
from pipeline.locale_info import bcp47, direction
from pipeline.pictures import picture_bytes, picture_filename
from pipeline.ui_strings import Labels
from pipeline.writers.audio import Rendered, ScriptError, Segment, render_edition
from pipeline.writers.epub import (
    CONTENT,
    DC_NS,
    NAV,
    OPF_NS,
    STYLE,
    UUID_NAMESPACE,
    BookSpec,
    render_nav,
    render_package,
    zip_book,
)
from pipeline.writers.html import EPUB_NS, XHTML_NS, PageContext, append_text, render_page, serialise

SMIL_NS = "http://www.w3.org/ns/SMIL"
SMIL = "content.smil"
SMIL_TYPE = "application/smil+xml"
OPUS_TYPE = "audio/ogg; codecs=opus"  # EPUB 3.3 core media type (EPUBCheck 5 accepts it)
ACTIVE_CLASS = "leaflet-speaking"
ACTIVE_CSS = (
    "\n/* read-aloud e-book: the words being spoken (media:active-class in the package) */\n"
    f".{ACTIVE_CLASS} {{ background-color: #fff3b0; color: #1d1d1b; border-radius: 0.15em; }}\n"
    ".synthetic-voice-notice { border: 2px solid var(--note-edge); padding: 0.5rem; }\n"
)
VARIANT = "read-aloud"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACE = re.compile(r"\s+")


def read_aloud_uuid(leaflet: m.Leaflet, locale: str) -> uuid.UUID:
    """The read-aloud book's stable identifier (not the standard book's: both may sit in one library)."""
    return uuid.uuid5(UUID_NAMESPACE, f"{leaflet.meta.slug}|{bcp47(locale)}|{leaflet.meta.version}|{VARIANT}")


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _x(tag: str) -> str:
    return f"{{{XHTML_NS}}}{tag}"


def _cell_has_words(cell: etree._Element) -> bool:
    label = "".join("".join(s.itertext()) for s in cell if "cell-label" in _classes(s))
    return bool(_SPACE.sub("", "".join(cell.itertext())).removeprefix(_SPACE.sub("", label)))


def _wrap_own_words(item: etree._Element, first_list: etree._Element) -> etree._Element:
    """A span around a list item's own words, before its nested list (the nested items speak apart)."""
    span = etree.Element(_x("span"))
    span.text, item.text = item.text, None
    for child in list(item):
        if child is first_list:
            break
        span.append(child)  # moves the child (and its tail) into the span
    item.insert(0, span)
    return span


def spoken_elements(body: etree._Element) -> list[etree._Element]:
    """The elements of a content document that are spoken, in reading order (one per script segment)."""
    found: list[etree._Element] = []

    def visit(el: etree._Element) -> None:
        tag, classes = _local(el), _classes(el)
        if tag in ("header", "nav", "thead") or classes & {"skip-link", "credit", "evidence", "versions"}:
            return  # not read aloud: the organisation, contents, repeated column names, credits
        if tag == "dl" and "dates" in classes:
            found.extend(child for child in el if _local(child) == "dd")  # each date is said after its label
            return
        if tag in _HEADINGS or tag in ("p", "figure", "dt", "dd"):
            found.append(el)
            return
        if tag in ("th", "td"):
            if _cell_has_words(el):
                found.append(el)
            return
        if tag == "li":
            lists = [child for child in el if _local(child) in ("ul", "ol")]
            found.append(_wrap_own_words(el, lists[0]) if lists else el)
            for nested in lists:
                visit(nested)
            return
        for child in el:
            visit(child)

    visit(body)
    return found


def _matches(segment: Segment, element: etree._Element) -> bool:
    # a picture's words are its alt text
    alts = "".join(img.get("alt") or "" for img in element.iter(_x("img")))
    written = _SPACE.sub("", "".join(element.itertext()) + alts)
    return all(_SPACE.sub("", part.text) in written for part in segment.parts if part.shown)


def mark_spoken(html: etree._Element, rendered: Rendered, ctx: PageContext) -> tuple[list[str], dict[str, str]]:
    """Add the synthetic-voice note and an id on every spoken element; (id per segment, id per group).

    ScriptError when the document and the script disagree (a change in ``html.py`` the script lacks).
    """
    main = html.find(f".//{_x('main')}")
    body = html.find(_x("body"))
    if main is None or body is None:
        raise ScriptError("the content document has no body or main element")
    notice = etree.Element(_x("p"), {"class": "synthetic-voice-notice", "role": "note"})
    append_text(notice, rendered.script.segments[0].text, ctx.rtl, ctx.latin_attrs())
    main.insert(0, notice)
    elements = spoken_elements(body)
    segments = rendered.script.segments
    if len(elements) != len(segments):
        raise ScriptError(f"the content document has {len(elements)} spoken elements and the script "
                          f"{len(segments)} segments")
    taken = {el.get("id") for el in html.iter() if el.get("id")}
    ids: list[str] = []
    for number, (segment, element) in enumerate(zip(segments, elements, strict=True), start=1):
        if not _matches(segment, element):
            raise ScriptError(f"segment {number} ({segment.kind}: {segment.text[:60]!r}) is not the words of "
                              f"its element <{_local(element)}>")
        ident = element.get("id") or _new_id(taken, f"speak-{number}")
        element.set("id", ident)
        ids.append(ident)
    groups: dict[str, str] = {}
    for segment, element in zip(segments, elements, strict=True):
        if segment.group and segment.group not in groups:
            holder = next(a for a in element.iterancestors() if _local(a) in ("table", "ul", "ol"))
            groups[segment.group] = holder.get("id") or _new_id(taken, segment.group)
            holder.set("id", groups[segment.group])
    return ids, groups


def _new_id(taken: set[str | None], wanted: str) -> str:
    ident, n = wanted, 1
    while ident in taken:
        n += 1
        ident = f"{wanted}-{n}"
    taken.add(ident)
    return ident


def smil_clock(seconds: float) -> str:
    """A SMIL full clock value, ``H:MM:SS.mmm``."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def render_smil(rendered: Rendered, ids: list[str], groups: dict[str, str], audio: str) -> bytes:
    """The Media Overlay document: a seq per chapter, a par per spoken element, contiguous clips."""
    script, timeline = rendered.script, rendered.timeline
    smil = etree.Element(f"{{{SMIL_NS}}}smil", nsmap={None: SMIL_NS, "epub": EPUB_NS}, version="3.0")
    body = etree.SubElement(smil, f"{{{SMIL_NS}}}body")
    ends = [*timeline.starts[1:], timeline.samples]
    chapter: etree._Element | None = None
    group: tuple[str, etree._Element] | None = None
    for index, segment in enumerate(script.segments):
        if chapter is None or index == 0 or segment.chapter != script.segments[index - 1].chapter:
            chapter = etree.SubElement(body, f"{{{SMIL_NS}}}seq", {
                "id": f"chapter-{segment.chapter + 1}", f"{{{EPUB_NS}}}textref": f"{CONTENT}#{ids[index]}"})
            group = None
        parent = chapter
        if segment.group:
            if group is None or group[0] != segment.group:
                kind = segment.group.split("-")[0]
                group = (segment.group, etree.SubElement(chapter, f"{{{SMIL_NS}}}seq", {
                    "id": f"seq-{segment.group}", f"{{{EPUB_NS}}}type": kind,
                    f"{{{EPUB_NS}}}textref": f"{CONTENT}#{groups[segment.group]}"}))
            parent = group[1]
        else:
            group = None
        par = etree.SubElement(parent, f"{{{SMIL_NS}}}par", id=f"par-{index + 1}")
        etree.SubElement(par, f"{{{SMIL_NS}}}text", src=f"{CONTENT}#{ids[index]}")
        etree.SubElement(par, f"{{{SMIL_NS}}}audio", src=audio,
                         clipBegin=smil_clock(timeline.seconds(timeline.starts[index])),
                         clipEnd=smil_clock(timeline.seconds(ends[index])))
    out: bytes = etree.tostring(smil, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return out


def _meta(metadata: etree._Element, after: etree._Element | None, prop: str, text: str,
          **attrs: str) -> etree._Element:
    el = etree.Element(f"{{{OPF_NS}}}meta", property=prop)
    for key, value in attrs.items():
        el.set(key, value)
    el.text = text
    if after is None:
        metadata.append(el)
    else:
        after.addnext(el)
    return el


def read_aloud_package(spec: BookSpec, paths: list[str], duration: float, audio: str) -> bytes:
    """The standard book's package document, with the Media Overlay, its audio and their metadata."""
    parser = etree.XMLParser(remove_blank_text=True)
    package = etree.fromstring(render_package(spec, paths), parser)
    metadata = package.find(f"{{{OPF_NS}}}metadata")
    manifest = package.find(f"{{{OPF_NS}}}manifest")
    identifier = package.find(f".//{{{DC_NS}}}identifier")
    if metadata is None or manifest is None or identifier is None:
        raise ScriptError("the package document has no metadata, manifest or identifier")
    identifier.text = f"urn:uuid:{read_aloud_uuid(spec.leaflet, spec.locale)}"
    items = {item.get("href"): item for item in manifest}
    smil, sound, content = items[SMIL], items[audio], items[CONTENT]
    smil.set("media-type", SMIL_TYPE)
    sound.set("media-type", OPUS_TYPE)
    content.set("media-overlay", str(smil.get("id")))
    modes = metadata.findall(f"{{{OPF_NS}}}meta[@property='schema:accessMode']")
    _meta(metadata, modes[-1] if modes else None, "schema:accessMode", "auditory")
    features = metadata.findall(f"{{{OPF_NS}}}meta[@property='schema:accessibilityFeature']")
    _meta(metadata, features[-1] if features else None, "schema:accessibilityFeature", "synchronizedAudioText")
    clock = smil_clock(duration)
    _meta(metadata, None, "media:duration", clock, refines=f"#{smil.get('id')}")
    _meta(metadata, None, "media:duration", clock)  # the book's total: its one overlay
    _meta(metadata, None, "media:active-class", ACTIVE_CLASS)
    out: bytes = etree.tostring(package, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return out


def render_read_aloud_epub(leaflet: m.Leaflet, locale: str, labels: Labels, root: Path,
                           recordings: Path | None = None, *, source: m.Leaflet | None = None,
                           demonstration: bool = False, fallback: bool = False) -> bytes:
    """The read-aloud EPUB 3 (``<id>.<locale>.read-aloud.epub``): the book with Media Overlays.

    The arguments are :func:`~pipeline.writers.audio.render_audio`'s; the audio in the book is the
    audio edition's own bytes (rendered once). SpeechError when the locale has no voice,
    RecordingError for an unusable recording, InputError for an unusable picture.
    """
    rendered = render_edition(leaflet, locale, labels, root, recordings, source=source,
                              demonstration=demonstration, fallback=fallback)
    base = source or leaflet
    translated = bcp47(base.meta.locale) != bcp47(locale)
    latin = base.meta.locale if direction(base.meta.locale) == "ltr" else "en"
    spec = BookSpec(leaflet, locale, labels, "standard", fallback, demonstration, latin, translated)
    # the context epub.render_epub gives the standard book
    ctx = PageContext(locale, labels, STYLE, fallback_notice=fallback, picture_base="pictures/", xhtml=True,
                      latin_lang=latin, demonstration_notice=demonstration, sort_glossary=translated)
    html = etree.fromstring(render_page(leaflet, ctx))
    ids, groups = mark_spoken(html, rendered, ctx)
    audio = f"audio/{leaflet.meta.slug}.opus"
    style = resources.files("pipeline.assets").joinpath("leaflet.css").read_bytes() + ACTIVE_CSS.encode("utf-8")
    files: dict[str, bytes] = {
        f"EPUB/{CONTENT}": serialise(html, ctx),
        f"EPUB/{NAV}": render_nav(spec, ctx),
        f"EPUB/{STYLE}": style,
        f"EPUB/{SMIL}": render_smil(rendered, ids, groups, audio),
        f"EPUB/{audio}": rendered.opus,
    }
    for picture in (b.picture for s in leaflet.sections for b in s.blocks if isinstance(b, m.Image)):
        name = f"EPUB/pictures/{picture_filename(picture, leaflet)}"
        if name not in files:
            files[name] = picture_bytes(picture, leaflet, root)
    files["EPUB/package.opf"] = read_aloud_package(spec, sorted(files), rendered.timeline.duration, audio)
    return zip_book(files)

