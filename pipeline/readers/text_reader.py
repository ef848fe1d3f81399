"""Plain text (text copied from a web page, like the seed) and plain Markdown without front matter.

Plain text: paragraphs are separated by blank lines; a one-line paragraph that asks a question,
or a short line with no closing punctuation, is a heading; lines starting with a bullet
character are list items (an indented line continues the item before it). Web chrome
(``clutter.toml``) is dropped and reported.

Plain Markdown is read by the project's own Markdown reader, under front matter made up here;
a leading ``# Title`` line gives the title.
"""

from __future__ import annotations

import re

from pipeline import model as m
from pipeline.problems import InputError, Problem
from pipeline.reader import parse_leaflet
from pipeline.readers.clutter import is_chrome, is_stop
from pipeline.readers.draft import Found, Heading, Imported, assemble, count

BULLETS = "•◦▪‣●○■–-*·"
_BULLET = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_HEADING_MAX = 100
_SHORT_MAX = 60


def read_text(text: str, shown: str) -> Imported:
    """Plain text into sections, lists and paragraphs."""
    imported = Imported()
    items: list[Heading | Found] = []
    for number, (start, lines) in enumerate(_paragraphs(text), start=1):
        where = f"paragraph {number} (line {start})"
        joined = " ".join(line.strip() for line in lines)
        if is_stop(joined):
            imported.notes.append(f"{where}: '{joined[:40]}' and everything after it is a list of other "
                                  "pages: left out")
            break
        if is_chrome(joined):
            imported.notes.append(f"{where}: web-page chrome '{joined[:40]}' left out")
            continue
        if _BULLET.match(lines[0]) or _NUMBERED.match(lines[0]):
            items.extend(_lists(lines, where, imported))
        elif len(lines) == 1 and _is_heading(joined):
            items.append(Heading(1, (m.Text(joined.strip()),), where))
        else:
            items.append(Found(m.Paragraph((m.Text(joined),)), where))
            count(imported, "paragraphs")
    if items and isinstance(items[0], Heading) and not m.plain_text(items[0].inlines).endswith("?") \
            and len(items) > 1 and isinstance(items[1], Heading):
        # a short line straight above the first question is the page's title, not a section
        first = items.pop(0)
        assert isinstance(first, Heading)
        imported.title = m.plain_text(first.inlines)
    assemble(items, imported)
    return imported


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    found: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        body = line.lstrip()
        # indentation says a line continues a list item; inside a line, tabs and runs of spaces are one space
        line = line[: len(line) - len(body)].expandtabs(4) + " ".join(body.split())
        if not line.strip():
            if current:
                found.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        found.append((start, current))
    return found


def _is_heading(line: str) -> bool:
    line = line.strip()
    if line.endswith("?") and len(line) <= _HEADING_MAX:
        return True
    return len(line) <= _SHORT_MAX and line[-1:] not in ".,;:!" and line[:1].isupper()


def _lists(lines: list[str], where: str, imported: Imported) -> list[Found]:
    """Bullet or numbered lines as lists; a line without a marker continues the item before it."""
    blocks: list[Found] = []
    items: list[str] = []
    ordered = bool(_NUMBERED.match(lines[0]))

    def flush() -> None:
        if items:
            blocks.append(Found(m.ListBlock(ordered, tuple(m.ListItem((m.Text(t),)) for t in items)), where))
            count(imported, "lists")
            count(imported, "list items")
            imported.mapped["list items"] += len(items) - 1
            items.clear()

    for line in lines:
        marker = _NUMBERED.match(line) if ordered else _BULLET.match(line)
        if marker:
            items.append(line[marker.end():].strip())
        elif items:
            items[-1] += " " + line.strip()
    flush()
    return blocks


_FRONT = """---
id: imported
title: imported
summary: imported
organisation: imported
version: "0"
published: 2000-01-01
review_due: 2000-01-02
contact: imported
locale: en-GB
---

"""


def read_markdown(text: str, shown: str) -> Imported:
    """Plain Markdown (no front matter) by the project's reader; ``# Title`` is the title."""
    imported = Imported()
    lines = text.replace("\r\n", "\n").split("\n")
    if text.startswith("---\n"):
        raise InputError([Problem(shown, 1, 1, "this Markdown file already has front matter: it is a source "
                                  "leaflet; copy it into the source folder instead of importing it")])
    body = []
    for line in lines:
        if not imported.title and re.match(r"^# \S", line):
            imported.title = line[2:].strip()
            body.append("")  # keeps line numbers
            continue
        body.append(line)
    offset = _FRONT.count("\n")
    try:
        leaflet = parse_leaflet(_FRONT + "\n".join(body), shown)
    except InputError as exc:
        raise InputError([Problem(p.path, max(1, p.line - offset), p.col, p.message)
                          for p in exc.problems]) from None
    imported.sections = leaflet.sections
    for section in leaflet.sections:
        count(imported, "headings")
        for block in section.blocks:
            count(imported, type(block).__name__.lower() + "s")
    return imported
