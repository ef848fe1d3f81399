"""The shape every import reader fills: a flat run of headings and blocks, then sections.

Readers see documents as a flat sequence (a heading, a paragraph, a list...). ``assemble``
turns that into the model's sections: the document's top heading level becomes ``##``, the
next ``###``; deeper headings become ``###`` and are reported; text before the first heading
goes into a section named "About this leaflet" (reported, for the author to rename).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from pipeline import model as m
from pipeline.reader import unique_anchor

INTRO_HEADING = "About this leaflet"


@dataclass(frozen=True)
class Heading:
    """A heading found in the document: its depth there (1 = top) and its words."""

    level: int
    inlines: tuple[m.Inline, ...]
    where: str


@dataclass(frozen=True)
class Found:
    """A model block found in the document, with where it was (``paragraph 12``, an HTML path)."""

    block: m.Block
    where: str


@dataclass
class Imported:
    """What a reader made of one document."""

    title: str = ""
    sections: tuple[m.Section, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)  # front-matter values the document holds
    contact: tuple[m.Inline, ...] = ()  # who to call, found in the text
    images: dict[str, bytes] = field(default_factory=dict)  # picture file name -> bytes
    mapped: dict[str, int] = field(default_factory=dict)  # what was carried over, by kind
    notes: list[str] = field(default_factory=list)  # what could not be carried over, and where
    # where each section (by anchor) and block (by id) was in the document, for alignment reports
    section_where: dict[str, str] = field(default_factory=dict)
    block_where: dict[int, str] = field(default_factory=dict)


def count(imported: Imported, kind: str) -> None:
    """Count one mapped element of ``kind`` for the import report."""
    imported.mapped[kind] = imported.mapped.get(kind, 0) + 1


def assemble(items: list[Heading | Found], imported: Imported) -> None:
    """Group ``items`` into sections (stored in ``imported``); the title is a lone top heading."""
    headings = [h for h in items if isinstance(h, Heading)]
    if not imported.title and headings and headings[0].level == min(h.level for h in headings) \
            and sum(1 for h in headings if h.level == headings[0].level) == 1 and len(headings) > 1:
        # one heading above all the others is the document's title, not a section
        imported.title = m.plain_text(headings[0].inlines).strip()
        items = [i for i in items if i is not headings[0]]
        headings = headings[1:]
    top = min((h.level for h in headings), default=1)
    sections: list[m.Section] = []
    taken: set[str] = set()
    current: tuple[int, tuple[m.Inline, ...]] | None = None
    blocks: list[m.Block] = []
    where = ""

    def close() -> None:
        nonlocal blocks
        if current is None and not blocks:
            return
        level, heading = current if current is not None else (2, (m.Text(INTRO_HEADING),))
        anchor = unique_anchor(m.plain_text(heading), taken, len(sections) + 1)
        sections.append(m.Section(level=level, heading=heading, anchor=anchor, blocks=tuple(blocks)))
        imported.section_where[anchor] = where
        blocks = []

    for item in items:
        if isinstance(item, Heading):
            close()
            level = 2 if item.level == top else 3
            if item.level > top + 1:
                imported.notes.append(f"{item.where}: a level-{item.level} heading "
                                      f"'{m.plain_text(item.inlines)[:40]}' became a '###' heading "
                                      "(leaflets have two heading levels)")
            if not sections and current is None and level == 3:
                level = 2  # a leaflet starts with a '##' section
            current = (level, item.inlines)
            where = item.where
            count(imported, "headings")
        else:
            if current is None and not blocks:
                imported.notes.append(f"{item.where}: text before the first heading went into a section "
                                      f"'{INTRO_HEADING}': rename it")
                where = item.where
            imported.block_where[id(item.block)] = item.where
            blocks.append(item.block)
    close()
    if not headings:
        imported.notes.append("the document has no headings: everything is in one section; "
                              "add '## ' headings to the imported leaflet")
    imported.sections = tuple(sections)


def tidy(inlines: list[m.Inline]) -> tuple[m.Inline, ...]:
    """Inline runs with neighbouring text merged, runs of spaces collapsed, ends stripped."""
    merged: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, m.Text):
            text = " ".join(node.text.replace("\u00a0", " ").split(" "))
            text = _spaces(text)
            if not text:
                continue
            if merged and isinstance(merged[-1], m.Text):
                merged[-1] = m.Text(_spaces(merged[-1].text + text))
                continue
            merged.append(m.Text(text))
        elif isinstance(node, (m.Strong, m.Emph, m.Link)):
            words = m.plain_text(node.children)
            children = tidy(list(node.children))
            if words[:1].isspace():
                merged.extend(tidy_space(merged))
            if not children:
                continue
            if isinstance(node, m.Link):  # a link cannot hold a link
                merged.append(m.Link(node.target, _joined(_without(m.Link, children))))
            else:
                # bold inside bold is bold: Markdown cannot write ``**a**b**`` nested
                merged.append(type(node)(_joined(_without(type(node), children))))
            if words[-1:].isspace():
                merged.append(m.Text(" "))
        else:
            merged.append(node)
    while True:  # a run begins and ends with words: no spaces or line breaks at its ends
        if merged and isinstance(merged[0], m.Text):
            merged[0] = m.Text(merged[0].text.lstrip())
        if merged and isinstance(merged[-1], m.Text):
            merged[-1] = m.Text(merged[-1].text.rstrip())
        if merged and (isinstance(merged[0], m.LineBreak) or merged[0] == m.Text("")):
            merged.pop(0)
        elif merged and (isinstance(merged[-1], m.LineBreak) or merged[-1] == m.Text("")):
            merged.pop()
        else:
            break
    return _flanking(tuple(n for n in merged if not (isinstance(n, m.Text) and not n.text)))


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _flanking(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """Bold and emphasis that Markdown can write: a run glued to a word on one side cannot begin or
    end with punctuation on that side (``word**(999)**`` is not bold in CommonMark), so such
    punctuation moves outside the run; a run that cannot be fixed that way loses its formatting."""
    out: list[m.Inline] = []
    for index, node in enumerate(nodes):
        if not isinstance(node, m.Strong | m.Emph):
            out.append(node)
            continue
        before = m.plain_text(tuple(out[-1:]))[-1:]
        after = m.plain_text(nodes[index + 1: index + 2])[:1]
        kids = list(node.children)
        lead = trail = ""
        glued_before = bool(before) and not before.isspace() and not _punct(before)
        glued_after = bool(after) and not after.isspace() and not _punct(after)
        text = m.plain_text(node.children)
        if glued_before and text[:1] and _punct(text[0]):
            if not isinstance(kids[0], m.Text):
                out.extend(_unformatted(node.children))
                continue
            body = kids[0].text
            lead = body[: len(body) - len(body.lstrip("".join(c for c in body if _punct(c) or c.isspace())))]
            kids[0] = m.Text(body[len(lead):])
        if glued_after and kids and m.plain_text(tuple(kids))[-1:] and _punct(m.plain_text(tuple(kids))[-1]):
            if not isinstance(kids[-1], m.Text):
                out.extend([m.Text(lead)] if lead else [])
                out.extend(_unformatted(tuple(kids)))
                continue
            body = kids[-1].text
            trail = body[len(body.rstrip("".join(c for c in body if _punct(c) or c.isspace()))):]
            kids[-1] = m.Text(body[: len(body) - len(trail)])
        kids = [k for k in kids if not (isinstance(k, m.Text) and not k.text)]
        if lead:
            out.append(m.Text(lead))
        if kids:
            out.append(type(node)(tuple(kids)))
        if trail:
            out.append(m.Text(trail))
    return _joined(out)


def _joined(nodes: list[m.Inline]) -> tuple[m.Inline, ...]:
    """Neighbouring texts as one text, and neighbouring bold (or emphasis) runs as one run: Word
    splits a bold phrase into many runs, and ``**a****b**`` is not bold in Markdown."""
    merged: list[m.Inline] = []
    for node in nodes:
        last = merged[-1] if merged else None
        if isinstance(node, m.Text) and isinstance(last, m.Text):
            merged[-1] = m.Text(last.text + node.text)
        elif isinstance(node, m.Strong | m.Emph) and type(last) is type(node):
            assert isinstance(last, m.Strong | m.Emph)
            merged[-1] = type(node)(_joined([*last.children, *node.children]))
        else:
            merged.append(node)
    # a line break ends a line: no spaces before or after it (Markdown would drop or keep them)
    for index, node in enumerate(merged):
        if isinstance(node, m.Text) and index > 0 and isinstance(merged[index - 1], m.LineBreak):
            node = merged[index] = m.Text(node.text.lstrip())
        if isinstance(node, m.Text) and index + 1 < len(merged) and isinstance(merged[index + 1], m.LineBreak):
            merged[index] = m.Text(node.text.rstrip())
    return tuple(n for n in merged if n != m.Text(""))


def _without(kind: type, nodes: tuple[m.Inline, ...]) -> list[m.Inline]:
    """The runs with every ``kind`` run inside them replaced by its children."""
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, kind) and isinstance(node, m.Strong | m.Emph | m.Link):
            out.extend(_without(kind, node.children))
        elif isinstance(node, m.Strong | m.Emph | m.Link):
            out.append(replace(node, children=tuple(_without(kind, node.children))))
        else:
            out.append(node)
    return out


def _unformatted(nodes: tuple[m.Inline, ...]) -> list[m.Inline]:
    """The runs without their bold and emphasis (links and line breaks kept)."""
    out: list[m.Inline] = []
    for node in nodes:
        out.extend(_unformatted(node.children) if isinstance(node, m.Strong | m.Emph) else [node])
    return out


def tidy_space(before: list[m.Inline]) -> list[m.Inline]:
    """A space to put before a formatted run whose own text began with one (kept outside it)."""
    if before and isinstance(before[-1], m.Text) and before[-1].text.endswith(" "):
        return []
    return [m.Text(" ")] if before else []


# page breaks and the Unicode line and paragraph separators end a line; other control
# characters are not text (a reader would show them as boxes, or not at all)
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x1c": "\n", "\x1d": "\n", "\x1e": "\n",
                         "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})
# bidirectional embeddings, overrides and isolates too (Word puts them round copied right-to-left
# text): a source may not hold them, and the writers isolate numbers and Latin runs themselves
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text with line-ending controls made line breaks and other control characters removed."""
    return _CONTROLS.sub("", text.translate(_BREAKS))


def _spaces(text: str) -> str:
    out: list[str] = []
    for ch in clean_text(text):
        if ch in "\t\n\r\u00a0":
            ch = " "
        if ch == " " and out and out[-1] == " ":
            continue
        out.append(ch)
    return "".join(out)
