"""Translation units: the document model cut into the pieces a translator translates.

One unit per block a reader sees, in reading order. A unit's msgid is its inline Markdown
(``write_inlines``) so bold, emphasis and links stay visible to the translator; plain-text
fields (title, summary, glossary terms, picture alt text) are plain text. Each unit carries
what a translator needs: a ``#.`` note with its place and role, the ``#:`` reference
``source/<file>.md:<line>``, and a msgctxt only where identical texts must be told apart
(easy-read text gets ``easy-read``, because easy-read wording follows its own rules). A
position never goes into msgctxt: a moved paragraph would lose its translation.

:func:`walk` is shared by extraction and by :mod:`pipeline.po.apply`, so the two can never
disagree about which text is a unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline import model as m
from pipeline.markdown_writer import write_inlines
from pipeline.ui_strings import UI_STRINGS

EASY_READ = "easy-read"
LINK_NOTE = (
    "Keep each link target in (...) exactly as it is; translate only the words in [...]. "
    "Keep the ** and * marks around the same words."
)
FORMAT_NOTE = "Keep the ** (bold) and * (emphasis) marks around the words they mark."
PLAIN_NOTE = "Plain text: no Markdown formatting."


@dataclass(frozen=True)
class Unit:
    """One translatable text: its msgid, optional msgctxt, notes for the translator and line."""

    msgid: str
    msgctxt: str | None
    notes: tuple[str, ...]
    line: int
    markdown: bool  # True: msgid is inline Markdown; False: plain text

    @property
    def key(self) -> tuple[str | None, str]:
        """(msgctxt, msgid): the unit's identity in a PO file."""
        return (self.msgctxt, self.msgid)


@dataclass(frozen=True)
class Slot:
    """A unit found in a leaflet, with how to build the translated node from its translation."""

    unit: Unit
    original: tuple[m.Inline, ...] | str


def _inline_unit(inlines: tuple[m.Inline, ...], role: str, line: int, ctxt: str | None = None) -> Slot:
    text = write_inlines(inlines)
    notes = [role]
    if _has_links(inlines):
        notes.append(LINK_NOTE)
    elif re.search(r"(?<!\\)\*", text):
        notes.append(FORMAT_NOTE)
    return Slot(Unit(text, ctxt, tuple(notes), line, True), inlines)


def _plain_unit(text: str, role: str, line: int, ctxt: str | None = None) -> Slot:
    return Slot(Unit(text, ctxt, (role, PLAIN_NOTE), line, False), text)


def _has_links(inlines: tuple[m.Inline, ...]) -> bool:
    return any(
        isinstance(n, m.Link) or (isinstance(n, m.Strong | m.Emph) and _has_links(n.children))
        for n in inlines
    )


def walk(leaflet: m.Leaflet) -> Iterator[Slot]:
    """Every unit of a leaflet in reading order (duplicates included)."""
    meta = leaflet.meta
    yield _plain_unit(meta.title, "Leaflet title (also the page title).", meta.line)
    yield _plain_unit(meta.summary, "Leaflet summary: one sentence under the title.", meta.line)
    yield _inline_unit(meta.contact, "Contact line: who to call with questions.", meta.line)
    path: list[str] = []
    for section in leaflet.sections:
        path = [*path[: section.level - 2], m.plain_text(section.heading)]
        yield from walk_section(section, " > ".join(path))


def walk_section(section: m.Section, where: str = "") -> Iterator[Slot]:
    """The units of one section, as :func:`walk` yields them; ``where`` is its heading path."""
    where = where or m.plain_text(section.heading)
    yield _inline_unit(section.heading, f"Section heading (level {section.level}): {where}", section.line)
    for block in section.blocks:
        yield from block_slots(block, where)
    yield from easy_read_slots(section, where)


def easy_read_slots(section: m.Section, where: str) -> Iterator[Slot]:
    """The easy-read units of one section: each point's picture description, then its words."""
    for point in section.easy_read:
        yield _plain_unit(
            point.picture.alt,
            f"Easy-read picture description (alt text) in: {where}. Picture: {point.picture.ref}.",
            point.line,
            EASY_READ,
        )
        yield _inline_unit(
            point.inlines,
            f"Easy-read point in: {where}. One idea, short words, at most 15 words a sentence.",
            point.line,
            EASY_READ,
        )


def block_slots(block: m.Block, where: str, inside: str = "") -> Iterator[Slot]:
    """The units of one block (a box's or list's nested units included), as :func:`walk` yields them."""
    if isinstance(block, m.Paragraph):
        yield _inline_unit(block.inlines, f"Paragraph{inside} in: {where}", block.line)
    elif isinstance(block, m.ListBlock):
        yield from _list(block, where, inside)
    elif isinstance(block, m.Image):
        yield _plain_unit(
            block.picture.alt,
            f"Picture description (alt text) in: {where}. Picture: {block.picture.ref}.",
            block.line,
        )
    elif isinstance(block, m.Table):
        for column, cell in enumerate(block.header, start=1):
            yield _inline_unit(
                cell.inlines, f"Table column heading {column} in: {where}", cell.line or block.line
            )
        for number, (row, ctxts) in enumerate(zip(block.rows, cell_contexts(block), strict=True), start=1):
            for column, (cell, ctxt) in enumerate(zip(row, ctxts, strict=True), start=1):
                head = m.plain_text(block.header[column - 1].inlines) if column <= len(block.header) else ""
                yield _inline_unit(
                    cell.inlines,
                    f"Table cell, row {number}, column '{head}' in: {where}"
                    + (". The same words are in other rows: translate them for this row." if ctxt else ""),
                    cell.line or block.line,
                    ctxt,
                )
    elif isinstance(block, m.Callout):
        if block.title:
            yield _inline_unit(block.title, f"Title of a {block.kind} box in: {where}", block.line)
        for child in block.blocks:
            yield from block_slots(child, where, f" inside a {block.kind} box")
    elif isinstance(block, m.Glossary):
        for entry in block.entries:
            yield _plain_unit(entry.term, f"Glossary: a hard word, in: {where}", entry.line)
            yield _inline_unit(entry.meaning, f"Glossary: the plain meaning of '{entry.term}'", entry.line)


def cell_contexts(table: m.Table) -> list[list[str | None]]:
    """The msgctxt of each body cell: ``table row: <row label>`` for words repeated in other rows.

    "Rare" in two rows of a side-effects table is one text in English but may need two
    translations (Polish agrees it with the row's noun), so each repeated cell is told apart by
    its row's label: its first cell (the second, for a repeated first cell). The label is the
    row's words, not its number, so moving a row keeps its translations.
    """
    counts: dict[str, int] = {}
    for row in table.rows:
        for cell in row:
            text = write_inlines(cell.inlines)
            counts[text] = counts.get(text, 0) + 1
    out: list[list[str | None]] = []
    for row in table.rows:
        ctxts: list[str | None] = []
        for column, cell in enumerate(row):
            text = write_inlines(cell.inlines)
            if counts.get(text, 0) < 2 or not text.strip():
                ctxts.append(None)
                continue
            others = [c for i, c in enumerate(row) if i != column and write_inlines(c.inlines).strip()]
            label = " ".join(m.plain_text(others[0].inlines).split()) if others else ""
            ctxts.append(f"table row: {label}" if label else None)
        out.append(ctxts)
    return out


def _list(block: m.ListBlock, where: str, inside: str) -> Iterator[Slot]:
    kind = "Numbered list item" if block.ordered else "List item"
    for number, item in enumerate(block.items, start=1):
        role = f"{kind} {number}" if block.ordered else kind
        yield _inline_unit(item.inlines, f"{role}{inside} in: {where}", item.line)
        if item.sublist is not None:
            yield from _list(item.sublist, where, inside + " (nested)")


def units(leaflet: m.Leaflet) -> list[tuple[Unit, list[int], list[str]]]:
    """The leaflet's distinct units in first-seen order, each with every line and note it has."""
    merged: dict[tuple[str | None, str], tuple[Unit, list[int], list[str]]] = {}
    for slot in walk(leaflet):
        unit = slot.unit
        if not unit.msgid.strip():
            continue
        if unit.key not in merged:
            merged[unit.key] = (unit, [], [])
        _, lines, notes = merged[unit.key]
        if unit.line not in lines:
            lines.append(unit.line)
        for note in unit.notes:
            if note not in notes:
                notes.append(note)
    return list(merged.values())


def ui_units() -> list[Unit]:
    """The interface words, one unit each; msgctxt is the stable UI key."""
    return [
        Unit(text, key, (f"Interface words of the published pages and books (key: {key}).",), 0, False)
        for key, text in UI_STRINGS.items()
    ]


def map_inlines(
    leaflet: m.Leaflet,
    inline: Callable[[tuple[m.Inline, ...], str | None], tuple[m.Inline, ...]],
    plain: Callable[[str, str | None], str],
) -> m.Leaflet:
    """A copy of the leaflet with every unit's text replaced through ``inline`` / ``plain``.

    Walks in the same order as :func:`walk`; the callbacks get the original text and msgctxt.
    """
    from dataclasses import replace

    meta = leaflet.meta
    new_meta = replace(
        meta,
        title=plain(meta.title, None),
        summary=plain(meta.summary, None),
        contact=inline(meta.contact, None),
    )

    def block(b: m.Block) -> m.Block:
        if isinstance(b, m.Paragraph):
            return replace(b, inlines=inline(b.inlines, None))
        if isinstance(b, m.ListBlock):
            return lst(b)
        if isinstance(b, m.Image):
            return replace(b, picture=replace(b.picture, alt=plain(b.picture.alt, None)))
        if isinstance(b, m.Table):
            return replace(
                b,
                header=tuple(replace(c, inlines=inline(c.inlines, None)) for c in b.header),
                rows=tuple(
                    tuple(replace(c, inlines=inline(c.inlines, ctxt)) for c, ctxt in zip(row, ctxts, strict=True))
                    for row, ctxts in zip(b.rows, cell_contexts(b), strict=True)
                ),
            )
        if isinstance(b, m.Callout):
            kids = tuple(block(k) for k in b.blocks)
            return replace(
                b,
                title=inline(b.title, None) if b.title else b.title,
                blocks=tuple(k for k in kids if isinstance(k, m.Paragraph | m.ListBlock)),
            )
        if isinstance(b, m.Glossary):
            return replace(
                b,
                entries=tuple(
                    replace(e, term=plain(e.term, None), meaning=inline(e.meaning, None)) for e in b.entries
                ),
            )
        return b

    def lst(b: m.ListBlock) -> m.ListBlock:
        return replace(
            b,
            items=tuple(
                replace(i, inlines=inline(i.inlines, None), sublist=lst(i.sublist) if i.sublist else None)
                for i in b.items
            ),
        )

    sections = tuple(
        replace(
            s,
            heading=inline(s.heading, None),
            blocks=tuple(block(b) for b in s.blocks),
            easy_read=tuple(
                replace(
                    p,
                    picture=replace(p.picture, alt=plain(p.picture.alt, EASY_READ)),
                    inlines=inline(p.inlines, EASY_READ),
                )
                for p in s.easy_read
            ),
        )
        for s in leaflet.sections
    )
    return replace(leaflet, meta=new_meta, sections=sections)
