"""What a reader sees: a leaflet's text as units and sentences, prepared the NHS way.

The NHS prepares text for SMOG by ending every heading, list item and table cell with a
full stop, so each is a sentence of its own; leaving that out merges a lead-in and its
bullets into one "sentence" of 100 words. Here every heading, list item, table cell,
call-out title, glossary line and easy-read point is its own unit, and a unit is split
into sentences on its own. Metadata other than the title and summary is not measured.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol, TypeAlias

from pipeline import model as m
from pipeline.check.splitter import split_sentences

Variant: TypeAlias = Literal["standard", "easy-read"]
VARIANTS: tuple[Variant, ...] = ("standard", "easy-read")

HEADING_BLOCK = -2  # units that belong to no block (title, summary, headings): no block switch applies


@dataclass(frozen=True)
class TextUnit:
    """One piece of text a reader sees, with where it came from.

    ``section`` is the index in ``Leaflet.sections`` (-1 for the title and summary) and
    ``block`` the index in ``Section.blocks``, ``m.EASY_READ_TARGET`` for easy-read points,
    or ``HEADING_BLOCK``. Units with the same ``paragraph`` number form one paragraph.
    """

    text: str
    kind: str
    line: int
    section: int
    block: int
    paragraph: int
    inlines: tuple[m.Inline, ...] = ()
    picture: m.Picture | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a unit, its words, and the words that count for the formulas."""

    text: str
    unit: TextUnit
    words: tuple[str, ...]
    counted: tuple[str, ...]


@lru_cache(maxsize=4096)  # a leaflet's source texts, counted again for each of its locales
def words_of(text: str) -> tuple[str, ...]:
    """Words as a reader counts them: white-space separated, punctuation trimmed from the ends.

    Works for every script (Arabic marks and Devanagari vowel signs stay inside their word,
    which a ``\\w+`` regex would break on). "10,000" and "X-ray" are one word each.
    """
    out: list[str] = []
    for token in text.split():
        if token.isalnum():
            out.append(token)
            continue
        start, end = 0, len(token)
        while start < end and _edge(token[start]):
            start += 1
        while end > start and _edge(token[end - 1]):
            end -= 1
        word = token[start:end]
        if any(ch.isalnum() for ch in word):
            out.append(word)
    return tuple(out)


def _edge(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def reader_units(leaflet: m.Leaflet, variant: Variant) -> list[TextUnit]:
    """Every unit of text a reader of this variant sees, in reading order."""
    units: list[TextUnit] = []
    para = 0

    def add(
        text: str,
        kind: str,
        line: int,
        section: int,
        block: int,
        *,
        new_paragraph: bool = True,
        inlines: tuple[m.Inline, ...] = (),
        picture: m.Picture | None = None,
    ) -> None:
        nonlocal para
        text = " ".join(text.split())
        if not text:
            return
        if new_paragraph:
            para += 1
        units.append(TextUnit(text, kind, line, section, block, para, inlines, picture))

    meta = leaflet.meta
    add(meta.title, "title", meta.line, -1, HEADING_BLOCK)
    if variant == "standard":
        add(meta.summary, "summary", meta.line, -1, HEADING_BLOCK)
    for s_index, section in enumerate(leaflet.sections):
        if variant == "easy-read":
            if not section.easy_read:
                continue
            add(
                m.plain_text(section.heading),
                "heading",
                section.line,
                s_index,
                HEADING_BLOCK,
                inlines=section.heading,
            )
            for point in section.easy_read:
                add(
                    m.plain_text(point.inlines),
                    "easy-read-point",
                    point.line,
                    s_index,
                    m.EASY_READ_TARGET,
                    inlines=point.inlines,
                    picture=point.picture,
                )
            continue
        add(
            m.plain_text(section.heading),
            "heading",
            section.line,
            s_index,
            HEADING_BLOCK,
            inlines=section.heading,
        )
        for b_index, block in enumerate(section.blocks):
            _block_units(block, s_index, b_index, add)
    return units


def _block_units(block: m.Block, s: int, b: int, add: _Adder) -> None:
    if isinstance(block, m.Paragraph):
        add(m.plain_text(block.inlines), "paragraph", block.line, s, b, inlines=block.inlines)
    elif isinstance(block, m.ListBlock):
        _list_units(block, s, b, add)
    elif isinstance(block, m.Table):
        for row in (block.header, *block.rows):
            for cell in row:
                add(m.plain_text(cell.inlines), "table-cell", cell.line, s, b, inlines=cell.inlines)
    elif isinstance(block, m.Callout):
        add(m.plain_text(block.title), "callout-title", block.line, s, b, inlines=block.title)
        for inner in block.blocks:
            if isinstance(inner, m.Paragraph):
                add(m.plain_text(inner.inlines), "paragraph", inner.line, s, b, inlines=inner.inlines)
            else:
                _list_units(inner, s, b, add)
    elif isinstance(block, m.Glossary):
        for entry in block.entries:
            add(entry.term, "glossary-term", entry.line, s, b)
            add(m.plain_text(entry.meaning), "glossary-meaning", entry.line + 1, s, b, inlines=entry.meaning)
    # Images: their alt text is read by screen readers, not by sighted readers; the
    # picture checks (easy read) look at alt text separately.


def _list_units(block: m.ListBlock, s: int, b: int, add: _Adder) -> None:
    for item in block.items:
        add(m.plain_text(item.inlines), "list-item", item.line, s, b, inlines=item.inlines)
        if item.sublist is not None:
            _list_units(item.sublist, s, b, add)


class _Adder(Protocol):
    """The shape of ``reader_units``' inner ``add`` function."""

    def __call__(
        self,
        text: str,
        kind: str,
        line: int,
        section: int,
        block: int,
        *,
        new_paragraph: bool = True,
        inlines: tuple[m.Inline, ...] = (),
        picture: m.Picture | None = None,
    ) -> None: ...


def sentences(units: list[TextUnit], locale: str, dropped: frozenset[str] = frozenset()) -> list[Sentence]:
    """Every sentence of every unit. ``dropped`` words (lower case) do not count for formulas."""
    found: list[Sentence] = []
    for unit in units:
        for piece in split_sentences(unit.text, locale):
            words = words_of(piece)
            if not words:
                continue
            counted = tuple(w for w in words if not _is_dropped(w, dropped))
            found.append(Sentence(piece, unit, words, counted))
    return found


def _is_dropped(word: str, dropped: frozenset[str]) -> bool:
    lower = word.lower()
    return (
        lower in dropped
        or (lower.endswith("s") and lower[:-1] in dropped)
        or (lower.endswith("es") and lower[:-2] in dropped)
    )


def locate(lines: list[str], line: int, needle: str, context: str = "") -> tuple[int, int]:
    """The ``(line, col)`` of ``needle`` at or just after ``line`` (1-based); the line itself if not found.

    Units know their first line only, so a wrapped paragraph is searched a few lines on.
    ``context`` (the sentence) is found first, so a word that occurs twice in a paragraph is
    placed in the right sentence.
    """
    if not needle or line <= 0:
        return max(line, 0), 1
    last = min(len(lines), line + 5)
    span = "\n".join(lines[line - 1 : last])
    start = 0
    if context:
        found = span.find(context[:30])
        start = found if found >= 0 else 0
    at = span.find(needle[:40], start)
    if at < 0:
        at = span.lower().find(needle[:40].lower(), start)
    if at < 0:
        return line, 1
    before = span[:at]
    return line + before.count("\n"), at - (before.rfind("\n") + 1) + 1
