"""The document model: one immutable, typed tree that every reader produces and every writer consumes.

Every node records the source line it came from (``line``) so later stages can report
``file:line``. Line numbers are excluded from equality so that a leaflet written back to
Markdown and read again compares equal to the original.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from pipeline.governance import Governance


def _pos() -> int:
    return field(default=0, compare=False)


# --- inline runs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain text, already unescaped; never markup."""

    text: str


@dataclass(frozen=True)
class Strong:
    """Bold text: the key words of a sentence."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    """Emphasised (italic) text. Easy-read output renders it as bold."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link: ``https://``, ``http://``, ``tel:``, ``mailto:`` or an in-page ``#anchor``."""

    target: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a block (an address, say)."""


Inline: TypeAlias = Text | Strong | Emph | Link | LineBreak


# --- pictures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """A picture named by concept (``doctor``) or by a path inside the project.

    ``ref`` is either a concept name from the picture map or a relative file path
    (it then contains a ``/`` or a file extension).
    """

    ref: str
    alt: str
    line: int = _pos()

    @property
    def is_concept(self) -> bool:
        """True when the picture is named by concept rather than by file path."""
        return "/" not in self.ref and "." not in self.ref


# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs."""

    inlines: tuple[Inline, ...]
    line: int = _pos()


@dataclass(frozen=True)
class ListItem:
    """One list item: a line of inline runs and an optional nested list (one level deep)."""

    inlines: tuple[Inline, ...]
    sublist: ListBlock | None = None
    line: int = _pos()


@dataclass(frozen=True)
class ListBlock:
    """A bullet list (``ordered=False``) or a numbered list."""

    ordered: bool
    items: tuple[ListItem, ...]
    line: int = _pos()


@dataclass(frozen=True)
class Image:
    """A picture shown in the standard text, with its alt text."""

    picture: Picture
    line: int = _pos()


@dataclass(frozen=True)
class TableCell:
    """One table cell."""

    inlines: tuple[Inline, ...]
    line: int = _pos()


@dataclass(frozen=True)
class Table:
    """A simple table: one header row and body rows of the same width."""

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    line: int = _pos()


CalloutKind: TypeAlias = Literal["warning", "note"]
CALLOUT_KINDS: tuple[CalloutKind, ...] = ("warning", "note")


@dataclass(frozen=True)
class Callout:
    """A boxed call-out: ``warning`` for urgent "get help now" advice, ``note`` for asides.

    ``title`` is the box's own heading ("Get help now if"); it may be empty.
    """

    kind: CalloutKind
    title: tuple[Inline, ...]
    blocks: tuple[Paragraph | ListBlock, ...]
    line: int = _pos()


@dataclass(frozen=True)
class GlossaryEntry:
    """A hard word and its plain meaning."""

    term: str
    meaning: tuple[Inline, ...]
    line: int = _pos()


@dataclass(frozen=True)
class Glossary:
    """A list of hard words with their plain meanings."""

    entries: tuple[GlossaryEntry, ...]
    line: int = _pos()


Block: TypeAlias = Paragraph | ListBlock | Image | Table | Callout | Glossary


# --- easy read ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EasyReadPoint:
    """One easy-read point: a picture and one or two short sentences."""

    picture: Picture
    inlines: tuple[Inline, ...]
    line: int = _pos()


# --- sections and the leaflet ------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A section under a ``##`` (level 2) or ``###`` (level 3) heading.

    Sections are stored flat, in reading order; a level-3 section belongs to the level-2
    section before it. ``anchor`` is the stable id used for links and contents.
    """

    level: int
    heading: tuple[Inline, ...]
    anchor: str
    blocks: tuple[Block, ...]
    easy_read: tuple[EasyReadPoint, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    line: int = _pos()


EASY_READ_TARGET = -1


@dataclass(frozen=True)
class Suppression:
    """A check rule switched off for one block of a section, with the author's reason.

    ``block`` is the index of the block in ``Section.blocks``, or ``EASY_READ_TARGET`` for
    the section's easy-read points.
    """

    rule: str
    reason: str
    block: int
    line: int = _pos()


@dataclass(frozen=True)
class Metadata:
    """Front matter: who wrote the leaflet, when, and for whom."""

    slug: str
    title: str
    summary: str
    organisation: str
    version: str
    published: dt.date
    review_due: dt.date
    contact: tuple[Inline, ...]
    locale: str
    reading_age: int | None = None
    governance: Governance = field(default_factory=Governance)
    line: int = _pos()
    # front-matter keys still 'TO FILL IN' (a draft from `leaflets import`; only format reads one)
    to_fill: tuple[str, ...] = ()


@dataclass(frozen=True)
class Leaflet:
    """One patient information leaflet in one language."""

    meta: Metadata
    sections: tuple[Section, ...]
    path: str = field(default="", compare=False)

    @property
    def glossary(self) -> tuple[GlossaryEntry, ...]:
        """Every glossary entry in the leaflet, in reading order."""
        return tuple(
            entry
            for section in self.sections
            for block in section.blocks
            if isinstance(block, Glossary)
            for entry in block.entries
        )

    @property
    def has_easy_read(self) -> bool:
        """True when at least one section carries easy-read points."""
        return any(section.easy_read for section in self.sections)

    def pictures(self) -> tuple[Picture, ...]:
        """Every picture the leaflet uses, standard and easy read, in reading order."""
        found: list[Picture] = []
        for section in self.sections:
            found.extend(b.picture for b in section.blocks if isinstance(b, Image))
            found.extend(p.picture for p in section.easy_read)
        return tuple(found)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The words a reader sees, without formatting."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)
