"""Braille editions: a Braille Ready File (``.brf``) and a Portable Embosser Format file (``.pef``).

The leaflet (already in ``locale``) is translated by liblouis with the table that
``braille_tables.toml`` names for the locale and grade, then laid out on pages of
``BrailleSettings.cells`` cells by ``lines`` lines. Both files carry the same braille, cell for
cell: the BRF as North American ASCII braille (the 64-cell mapping of liblouis's own
``en-us-brf.dis``), the PEF (DAISY PEF 1.0) as Unicode braille rows.

Layout, a plain version of the UK Association for Accessible Formats (UKAAF) and BANA
conventions a transcriber would use for a patient leaflet ("cell 1" is the left margin):

- Page 1 is a title page: the organisation, the title (and "Easy read version"), the version,
  any notices (a demonstration translation says so), then the contact words ("Questions?")
  and the contact details. Page 2 is the contents: each section's heading with guide dots
  (dot 5) to its braille page number at the right margin; level-3 sections start at cell 3.
  The text starts on a new page.
- Every page carries its braille page number (the number sign and digits, as the table writes
  them) at the right end of its last line, which holds nothing else.
- Level-2 headings are centred, with at least three blank cells each side, a blank line before
  and after; level-3 headings start at cell 1 with a blank line before. A heading is never
  the last thing on a page: it moves to the next page with the first line that follows it.
- Paragraphs are indented: the first line starts at cell 3, runover lines at cell 1, and there
  are no blank lines between blocks (indentation shows where each one starts).
- List items start at cell 1 with runover at cell 3 (a nested item at cell 3, runover cell 5);
  bullets are not brailled, numbered items keep their number ("1."). Easy-read points are list
  items (their pictures are left out: the words of each point carry its meaning).
- A call-out box (warning or note) is framed by a full line of dots 2-3-5-6 (ASCII ``7``)
  before and after; its first line is the kind and title ("Warning: Do not drive home").
- A table is linearised row by row between blank lines: the row's first cell as
  "header: value" at cell 1 (runover cell 3), the other cells as "header: value" at cell 3
  (runover cell 5); a row that fits on a page is not split across two. Glossary entries are
  "term: meaning" at cell 1, runover cell 3.
- A picture in the standard text is its alt text, set off at cell 5.
- Bold and italic are not marked: transcribers keep emphasis indicators for emphasis that
  changes the meaning, and in these leaflets bold only highlights key words. A web or e-mail
  link is followed by its address in brackets when the link words do not show it.
- Lines break only at the spaces between braille words (the text is translated first, then
  wrapped on cells). A braille word longer than the line is cut at the line's last cell but
  one, which holds a hyphen (dots 3-6), and goes on at the runover position.
- Invisible format characters (bidi marks, zero-width joiners, soft hyphens) are dropped and
  no-break spaces are ordinary spaces.

The BRF ends every line with CR LF except a page's last line, which ends with a form feed
(FF), so each page is exactly ``lines`` lines on every embosser; trailing blank cells are
dropped. The PEF is single-sided (``duplex="false"``), one volume and one section. Both files
are a pure function of their inputs: the PEF's ``dc:date`` is ``SOURCE_DATE_EPOCH`` (its UTC
day) or else the leaflet's publication date, never the clock, and its identifier is a UUID 5
of the leaflet, locale, version, variant, grade and page size.

liblouis comes from Debian (``liblouis-bin liblouis-data python3-louis``): there is no
binding on PyPI, so the module loads Debian's pure-Python ``louis`` package from its file
(not the whole of dist-packages). Without it every render raises ``LiblouisMissing``, whose
``reason`` is the sentence a build shows for the skipped files.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import importlib.util
import tomllib
import unicodedata
import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from lxml import etree

from pipeline import model as m
from pipeline.environment import source_date_epoch
from pipeline.locale_info import bcp47
from pipeline.ui_strings import UI_STRINGS

Variant = Literal["standard", "easy-read"]
VARIANTS: tuple[Variant, ...] = ("standard", "easy-read")

PEF_NS = "http://www.daisy.org/ns/2008/pef"
DC_NS = "http://purl.org/dc/elements/1.1/"
PEF_MEDIA_TYPE = "application/x-pef+xml"

# North American ASCII braille: the character for each 6-dot cell, indexed by its dot bits
# (dot 1 = 1, dot 2 = 2, ... dot 6 = 32); the same as liblouis's en-us-brf.dis (tested).
BRF_CELLS = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
BLANK = "\u2800"
BOX_CELL = "\u2836"  # dots 2-3-5-6, ASCII "7": the box line
GUIDE_CELL = "\u2810"  # dot 5: the guide dots of a contents line
HYPHEN_CELL = "\u2824"  # dots 3-6: the hyphen of a word cut at the end of a line

DEBIAN_LOUIS = Path("/usr/lib/python3/dist-packages/louis/__init__.py")
INSTALL_HINT = "apt-get install liblouis-bin liblouis-data python3-louis"
TABLES_FILE = "braille_tables.toml"
# A fixed namespace for this project's braille identifiers (uuid5 of a URL naming the project).
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/leaflets/leaflets/braille")

# layout, as (first line, runover) indents in cells from the margin
PARAGRAPH = (2, 0)
ITEM = (0, 2)
SUBITEM = (2, 4)
ROW_FIRST = (0, 2)
ROW_OTHER = (2, 4)
PICTURE = (4, 4)
CENTRE_MARGIN = 3  # blank cells kept each side of a centred heading
MIN_GUIDE = 2  # guide dots at least, between a contents heading and its page number


class BrailleError(ValueError):
    """A braille edition that cannot be made as asked: a grade, page size, locale or character
    the tables do not have. The message says what to change."""


class LiblouisMissing(BrailleError):
    """liblouis, its tables or Debian's ``louis`` module cannot be used on this machine.

    ``reason`` is the sentence a build shows for the files it skips.
    """

    def __init__(self, detail: str = "") -> None:
        self.reason = f"liblouis is not installed ({INSTALL_HINT})"
        super().__init__(self.reason + (f": {detail}" if detail else ""))


@dataclass(frozen=True)
class BrailleSettings:
    """Braille grade (1 uncontracted, 2 contracted) and page size in cells and lines."""

    grade: int = 2
    cells: int = 40
    lines: int = 25

    def problems(self) -> list[str]:
        """What is wrong with these settings, one sentence each (empty when they can be used)."""
        found: list[str] = []
        # bool is an int in Python: True must not pass for grade 1
        if isinstance(self.grade, bool) or self.grade not in (1, 2):
            found.append(f"the braille grade is {self.grade!r}: use 1 (uncontracted) or 2 (contracted)")
        for name, value, low, high in (("cells", self.cells, 20, 60), ("lines", self.lines, 10, 40)):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                found.append(f"braille {name} is {value!r}: use a whole number from {low} to {high}")
        return found

    def check(self) -> None:
        """Raise BrailleError naming every problem, if there are any."""
        found = self.problems()
        if found:
            raise BrailleError("; ".join(found))


# --- tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Language:
    code: str
    name: str
    grades: Mapping[int, tuple[str, ...]]
    replace: Mapping[str, str]
    default: int = 2


@functools.cache
def _languages() -> dict[str, _Language]:
    text = resources.files("pipeline.writers").joinpath(TABLES_FILE).read_text(encoding="utf-8")
    found: dict[str, _Language] = {}
    for code, entry in tomllib.loads(text)["languages"].items():
        grades = {grade: tuple(entry[f"grade{grade}"]) for grade in (1, 2) if f"grade{grade}" in entry}
        found[code.casefold()] = _Language(code, entry.get("name", code), grades, dict(entry.get("replace", {})),
                                           int(entry.get("default", 2)))
    return found


def _language(locale: str) -> _Language | None:
    """The table entry for a locale: its full code first (``en-GB``), then its language (``en``)."""
    code = bcp47(locale).casefold()
    languages = _languages()
    return languages.get(code) or languages.get(code.split("-")[0])


def braille_locales() -> tuple[str, ...]:
    """The language codes ``braille_tables.toml`` has tables for, sorted."""
    return tuple(sorted(language.code for language in _languages().values()))


def braille_table(locale: str, grade: int) -> str | None:
    """The liblouis table list (comma-separated file names) for ``locale`` at ``grade``.

    None when the locale has no braille table (skip it with ``no_table_reason``); BrailleError
    when the grade is not 1 or 2, or the language has no table for it (Polish has grade 1 only).
    """
    if isinstance(grade, bool) or grade not in (1, 2):
        raise BrailleError(f"the braille grade is {grade!r}: use 1 (uncontracted) or 2 (contracted)")
    language = _language(locale)
    if language is None:
        return None
    if grade not in language.grades:
        has = " and ".join(f"grade {g}" for g in sorted(language.grades))
        raise BrailleError(f"{language.name} braille ('{locale}') has no grade {grade} table in liblouis: "
                           f"it has {has} only; set the braille grade to {min(language.grades)}")
    return ",".join(language.grades[grade])


def default_grade(locale: str) -> int | None:
    """The grade a UK service gives in ``locale``'s language (``default`` in the data file: UEB
    grade 2 for English, grade 1 for Polish, Arabic and Urdu); None without a table."""
    language = _language(locale)
    if language is None:
        return None
    return language.default if language.default in language.grades else max(language.grades)


def no_table_reason(locale: str) -> str:
    """Why a locale has no braille edition, for the build's list of skipped files."""
    return (f"no braille table for '{locale}': {TABLES_FILE} names liblouis tables for "
            f"{', '.join(braille_locales())} only")


# --- liblouis ----------------------------------------------------------------------------

_LOG: deque[str] = deque(maxlen=20)  # liblouis's latest messages, shown when a table fails
_KEEP: list[Any] = []  # the log callback, kept alive while liblouis may call it


def _importable_louis() -> ModuleType | None:
    """liblouis's bindings when this Python can import them (built from source), else None."""
    try:
        return importlib.import_module("louis")
    except ImportError:
        return None


def _record(level: int, message: bytes) -> None:
    _LOG.append(message.decode("utf-8", "replace"))


@functools.cache
def _louis() -> ModuleType:
    """liblouis's Python module: an importable ``louis`` if there is one, else Debian's file."""
    module = _importable_louis()
    if module is None:
        if not DEBIAN_LOUIS.is_file():
            raise LiblouisMissing(f"{DEBIAN_LOUIS} is missing")
        spec = importlib.util.spec_from_file_location("louis", DEBIAN_LOUIS)
        if spec is None or spec.loader is None:
            raise LiblouisMissing(f"{DEBIAN_LOUIS} cannot be loaded")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except OSError as exc:  # the module is there, the shared library liblouis.so.20 is not
            raise LiblouisMissing(str(exc)) from None

    # liblouis logs to stderr by default: keep its messages for our own errors instead
    keep = module.LogCallback(_record)
    _KEEP.append(keep)
    module.registerLogCallback(keep)
    module.setLogLevel(module.LOG_WARN)
    return module


def liblouis_available() -> bool:
    """True when liblouis and its Python module can be loaded."""
    try:
        _louis()
    except LiblouisMissing:
        return False
    return True


@functools.cache
def _checked(tables: tuple[str, ...]) -> tuple[str, ...]:
    louis = _louis()
    _LOG.clear()
    try:
        louis.checkTable(list(tables))
    except RuntimeError:
        said = "; ".join(_LOG) or "no message"
        raise LiblouisMissing(f"liblouis cannot load the tables {','.join(tables[1:])} ({said}): "
                              "is liblouis-data installed?") from None
    return tables


def _table_list(table: str) -> tuple[str, ...]:
    # unicode.dis first: liblouis then reads and writes Unicode braille (U+2800...), which is
    # what back-translation is given; translation always asks for it (dotsIO | ucBrl) too,
    # because some tables (Urdu) write Unicode braille whatever the display table says
    return _checked(("unicode.dis", *table.split(",")))


def _is_cell(char: str) -> bool:
    # six-dot cells only: BRF cannot carry dots 7 and 8 (liblouis marks undefined characters so)
    return "\u2800" <= char <= "\u283f"


def _clean(text: str, substitutes: Mapping[str, str]) -> str:
    text = unicodedata.normalize("NFC", text)
    for old, new in substitutes.items():
        text = text.replace(old, new)
    # bidi marks, joiners and soft hyphens have no braille; braille always runs left to right
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


class _Translator:
    """Print text to Unicode braille with one locale's tables."""

    def __init__(self, locale: str, grade: int) -> None:
        table = braille_table(locale, grade)
        language = _language(locale)
        if table is None or language is None:
            raise BrailleError(no_table_reason(locale))
        self.locale = locale
        self.language = language
        self.table = table
        self.tables = _table_list(table)
        louis = _louis()
        self._louis = louis
        self.mode = louis.dotsIO | louis.ucBrl

    def _raw(self, text: str) -> str:
        try:
            braille: str = self._louis.translateString(list(self.tables), text, mode=self.mode)
        except RuntimeError:
            raise BrailleError(f"liblouis could not translate {text[:60]!r} with {self.table}") from None
        return braille

    def __call__(self, text: str) -> str:
        """``text`` in braille, words separated by blank cells; BrailleError for a character the
        tables do not have."""
        text = _clean(text, self.language.replace)
        if not text:
            return ""
        braille = self._raw(text)
        if all(_is_cell(ch) for ch in braille):
            return braille
        missing = sorted({ch for ch in text if not ch.isspace() and not all(_is_cell(c) for c in self._raw(ch))})
        shown = ", ".join(f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, '?')})" for ch in missing)
        raise BrailleError(f"the {self.language.name} braille tables {self.table} have no braille for "
                           f"{shown or 'a character'} in {text[:60]!r}: add a table that defines it to "
                           f"[languages.{self.language.code}] in pipeline/writers/{TABLES_FILE}, or a 'replace' "
                           "entry with the words a transcriber would use")

    def number(self, value: int) -> str:
        """A page number as the table writes numbers (the number sign and digits)."""
        return self(str(value))


def translate(text: str, locale: str, grade: int = 2) -> str:
    """Print text as Unicode braille with ``locale``'s tables at ``grade`` (words separated by
    blank cells), as the editions write it; BrailleError as for ``render_brf``."""
    return _Translator(locale, grade)(text)


def back_translate(braille: str, locale: str, grade: int = 2) -> str:
    """Print text from Unicode braille (or ASCII braille: see ``brf_to_unicode``) by liblouis's
    back-translation with the tables ``locale`` and ``grade`` are rendered with."""
    table = braille_table(locale, grade)
    if table is None:
        raise BrailleError(no_table_reason(locale))
    try:
        text: str = _louis().backTranslateString(list(_table_list(table)), braille)
    except RuntimeError:
        raise BrailleError(f"liblouis could not back-translate {braille[:60]!r} with {table}") from None
    return text


def unicode_to_brf(braille: str) -> str:
    """Unicode braille (six-dot cells, U+2800 to U+283F) as North American ASCII braille."""
    out: list[str] = []
    for ch in braille:
        if not _is_cell(ch):
            raise BrailleError(f"U+{ord(ch):04X} is not a six-dot braille cell")
        out.append(BRF_CELLS[ord(ch) - 0x2800])
    return "".join(out)


def brf_to_unicode(text: str) -> str:
    """ASCII braille (either letter case) as Unicode braille; line and page breaks are kept."""
    cells = {ch: chr(0x2800 + bits) for bits, ch in enumerate(BRF_CELLS)}
    return "".join(cells.get(ch.upper(), ch) for ch in text)


# --- layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    cells: str  # Unicode braille, blank cells for spaces, no trailing blanks
    keep: bool = False  # keep with the next line on the same page (headings, box tops)
    mark: str = ""  # the section anchor whose heading starts here, for the contents


_BREAK = None  # a forced page break in a list of lines


def wrap(braille: str, width: int, first: int = 0, runover: int = 0) -> list[str]:
    """Braille broken into lines of at most ``width`` cells at the blank cells between words.

    The first line is indented ``first`` cells, the others ``runover``. A word longer than a
    whole line is cut at the line's last cell but one, which holds a hyphen (dots 3-6).
    """
    words = [word for word in braille.split(BLANK) if word]
    # at least two cells of room on every line, so a cut word always fits with its hyphen
    first, runover = min(first, width - 2), min(runover, width - 2)
    lines: list[str] = []
    indent = first
    current: list[str] = []
    for word in words:
        while True:
            used = indent + sum(len(w) + 1 for w in current) - (1 if current else 0)
            if not current:
                room = width - indent
                if len(word) <= room:
                    current = [word]
                    break
                cut = max(room - 1, 1)
                lines.append(BLANK * indent + word[:cut] + HYPHEN_CELL)
                word, indent = word[cut:], runover
                continue
            if used + 1 + len(word) <= width:
                current.append(word)
                break
            lines.append(BLANK * indent + BLANK.join(current))
            indent, current = runover, []
    if current:
        lines.append(BLANK * indent + BLANK.join(current))
    return lines


def _segments(inlines: tuple[m.Inline, ...]) -> list[str]:
    """The print text of inline runs, one string per line of a hard line break."""
    segments = [""]

    def walk(nodes: tuple[m.Inline, ...]) -> None:
        for node in nodes:
            if isinstance(node, m.Text):
                segments[-1] += node.text
            elif isinstance(node, m.LineBreak):
                segments.append("")
            elif isinstance(node, m.Link):
                walk(node.children)
                address = _address(node.target)
                if address and address not in m.plain_text(node.children):
                    segments[-1] += f" ({address})"
            else:
                walk(node.children)

    walk(inlines)
    return [s for s in segments if s.strip()]


def _label(labels: Mapping[str, str], key: str) -> str:
    """An interface word in the edition's language, or English when the locale has none."""
    return labels.get(key) or UI_STRINGS[key]


def _address(target: str) -> str:
    """The address a reader needs from a link: web and e-mail ones (a phone link shows its number)."""
    target = target.strip()
    for scheme in ("https://", "http://", "mailto:"):
        if target.lower().startswith(scheme):
            return target[len(scheme):].rstrip("/")
    return ""


class _Layout:
    """Lines of braille for one edition, before they are cut into pages."""

    def __init__(self, braille: _Translator, settings: BrailleSettings, labels: Mapping[str, str]) -> None:
        self.braille = braille
        self.cells = settings.cells
        self.labels = labels
        self.lines: list[_Line | None] = []

    def label(self, key: str) -> str:
        return _label(self.labels, key)

    def blank(self, keep: bool = False) -> None:
        self.lines.append(_Line("", keep))

    def page_break(self) -> None:
        self.lines.append(_BREAK)

    def text(self, text: str, indents: tuple[int, int], keep: bool = False, mark: str = "") -> None:
        """Print text translated and wrapped at the given (first, runover) indents."""
        for number, line in enumerate(wrap(self.braille(text), self.cells, *indents)):
            self.lines.append(_Line(line, keep, mark if number == 0 else ""))

    def runs(self, inlines: tuple[m.Inline, ...], indents: tuple[int, int], prefix: str = "") -> None:
        """Inline runs as one block: a hard line break starts a line at the runover indent."""
        segments = _segments(inlines) or [""]
        segments[0] = prefix + segments[0]
        for number, segment in enumerate(segments):
            self.text(segment, indents if number == 0 else (indents[1], indents[1]))

    def centred(self, text: str, keep: bool = True, mark: str = "") -> None:
        width = self.cells - 2 * CENTRE_MARGIN
        for number, line in enumerate(wrap(self.braille(text), width)):
            pad = (self.cells - len(line)) // 2
            self.lines.append(_Line(BLANK * pad + line, keep, mark if number == 0 else ""))

    def heading(self, section: m.Section) -> None:
        text = m.plain_text(section.heading)
        self.blank()
        if section.level <= 2:
            self.centred(text, mark=section.anchor)
            self.blank(keep=True)
        else:
            self.text(text, (0, 0), keep=True, mark=section.anchor)

    def box_line(self, keep: bool) -> None:
        self.lines.append(_Line(BOX_CELL * self.cells, keep))

    # -- blocks --

    def block(self, block: m.Block, sort_glossary: bool) -> None:
        if isinstance(block, m.Paragraph):
            self.runs(block.inlines, PARAGRAPH)
        elif isinstance(block, m.ListBlock):
            self.listing(block, ITEM, SUBITEM)
        elif isinstance(block, m.Image):
            self.text(block.picture.alt, PICTURE)
        elif isinstance(block, m.Table):
            self.table(block)
        elif isinstance(block, m.Callout):
            self.callout(block)
        elif isinstance(block, m.Glossary):
            self.glossary(block, sort_glossary)

    def listing(self, block: m.ListBlock, indents: tuple[int, int], nested: tuple[int, int]) -> None:
        for number, item in enumerate(block.items, start=1):
            self.runs(item.inlines, indents, f"{number}. " if block.ordered else "")
            if item.sublist is not None:
                self.listing(item.sublist, nested, (nested[0] + 2, nested[1] + 2))

    def table(self, table: m.Table) -> None:
        headers = [m.plain_text(cell.inlines) for cell in table.header]
        self.blank()
        for row in table.rows:
            start = len(self.lines)
            for index, cell in enumerate(row):
                header = headers[index] if index < len(headers) else ""
                value = m.plain_text(cell.inlines)
                self.text(f"{header}: {value}" if header else value, ROW_FIRST if index == 0 else ROW_OTHER)
            self.keep_together(start)
        self.blank()

    def keep_together(self, start: int) -> None:
        """Keep the lines from ``start`` on one page (a table row is one record), if they fit."""
        for index in range(start, len(self.lines) - 1):
            line = self.lines[index]
            if line is not None:
                self.lines[index] = replace(line, keep=True)

    def callout(self, callout: m.Callout) -> None:
        kind = self.label(callout.kind)
        title = m.plain_text(callout.title)
        self.box_line(keep=True)
        self.text(f"{kind}: {title}" if title else kind, (0, 2), keep=True)
        for block in callout.blocks:
            self.block(block, sort_glossary=False)
        self.box_line(keep=False)

    def glossary(self, block: m.Glossary, sort: bool) -> None:
        entries = block.entries
        if sort:
            from pipeline.writers.collation import sort_key

            # a translation keeps the source's order: re-sort it in the language's alphabet
            entries = tuple(sorted(entries, key=lambda e: sort_key(e.term, self.braille.locale)))
        for entry in entries:
            self.text(f"{entry.term}: {m.plain_text(entry.meaning)}", ITEM)

    def contents_entry(self, section: m.Section, page: int) -> None:
        number = self.braille.number(page)
        indent = 0 if section.level <= 2 else 2
        width = self.cells - len(number) - MIN_GUIDE - 2
        lines = wrap(self.braille(m.plain_text(section.heading)), width, indent, indent + 2) or [BLANK * indent]
        last = lines[-1]
        lines[-1] = last + BLANK + GUIDE_CELL * (self.cells - len(last) - len(number) - 2) + BLANK + number
        self.lines.extend(_Line(line) for line in lines)


def paginate(lines: Sequence[_Line | None], body: int) -> tuple[list[list[str]], dict[str, int]]:
    """Lines cut into pages of ``body`` lines, and the page index (from 0) of each marked line.

    No page starts with a blank line or has two in a row; a run of ``keep`` lines moves to the
    next page with the line after it rather than end a page (unless the run fills a page).
    """
    pages: list[list[str]] = []
    page: list[str] = []
    marks: dict[str, int] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if line is None:
            if page:
                pages.append(page)
                page = []
            i += 1
            continue
        if not line.cells and (not page or not page[-1]):
            i += 1
            continue
        if len(page) == body:
            pages.append(page)
            page = []
            continue
        if line.keep and page:
            end = i
            while end < len(lines) and (kept := lines[end]) is not None and kept.keep:
                end += 1
            chain = end - i + (1 if end < len(lines) and lines[end] is not None else 0)
            if len(page) + chain > body and chain <= body:
                pages.append(page)
                page = []
                continue
        if line.mark:
            marks.setdefault(line.mark, len(pages))
        page.append(line.cells)
        i += 1
    if page:
        pages.append(page)
    return pages, marks


def _sections(leaflet: m.Leaflet, variant: Variant) -> list[m.Section]:
    if variant == "standard":
        return list(leaflet.sections)
    from pipeline.writers.easy_read import easy_read_sections

    return easy_read_sections(leaflet)


def braille_pages(leaflet: m.Leaflet, locale: str, labels: Mapping[str, str], variant: str = "standard",
                  settings: BrailleSettings = BrailleSettings(), *, notices: Sequence[str] = (),
                  sort_glossary: bool = False) -> list[list[str]]:
    """The edition as pages of rows of Unicode braille, every page ``settings.lines`` rows long
    with its number at the end of the last row. Both file writers lay out these pages."""
    settings.check()
    if variant not in VARIANTS:
        raise BrailleError(f"the braille variant is {variant!r}: use {' or '.join(VARIANTS)}")
    chosen: Variant = "standard" if variant == "standard" else "easy-read"
    if chosen == "easy-read" and not leaflet.has_easy_read:
        raise BrailleError(f"'{leaflet.meta.slug}' has no easy-read points: it has no easy-read braille edition")
    braille = _Translator(locale, settings.grade)
    body_lines = settings.lines - 1  # the last line holds the page number
    meta = leaflet.meta

    front = _Layout(braille, settings, labels)
    front.centred(meta.organisation, keep=False)
    front.blank()
    front.centred(meta.title, keep=False)
    if chosen == "easy-read":
        front.blank()
        front.centred(front.label("easy_read_version"), keep=False)
    front.blank()
    front.centred(f"{front.label('version')} {meta.version}", keep=False)
    for notice in notices:
        front.blank()
        front.text(notice, (0, 0))
    front.blank()
    front.text(front.label("contact"), (0, 0), keep=True)
    front.runs(meta.contact, (0, 0))
    title_pages, _ = paginate(front.lines, body_lines)

    sections = _sections(leaflet, chosen)
    text = _Layout(braille, settings, labels)
    for section in sections:
        text.heading(section)
        if chosen == "easy-read":
            for point in section.easy_read:
                text.runs(point.inlines, ITEM)
            for block in section.blocks:
                if isinstance(block, m.Glossary):
                    text.glossary(block, sort_glossary)
        else:
            for block in section.blocks:
                text.block(block, sort_glossary)
    text_pages, marks = paginate(text.lines, body_lines)

    contents_pages: list[list[str]] = []
    if sections:
        # the contents' length depends on its page numbers' widths: lay it out until it is stable
        guess = 1
        for _ in range(5):
            contents = _Layout(braille, settings, labels)
            contents.centred(contents.label("contents"))
            contents.blank(keep=True)
            start = len(title_pages) + guess + 1
            for section in sections:
                contents.contents_entry(section, start + marks.get(section.anchor, 0))
            contents_pages, _ = paginate(contents.lines, body_lines)
            if len(contents_pages) == guess:
                break
            guess = len(contents_pages)

    pages: list[list[str]] = []
    for rows in (*title_pages, *contents_pages, *text_pages):
        number = braille.number(len(pages) + 1)
        filled = [*rows, *([""] * (body_lines - len(rows)))]
        pages.append([row.rstrip(BLANK) for row in filled] + [BLANK * (settings.cells - len(number)) + number])
    return pages


# --- the files ---------------------------------------------------------------------------


def render_brf(leaflet: m.Leaflet, locale: str, labels: Mapping[str, str], variant: str = "standard",
               settings: BrailleSettings = BrailleSettings(), *, notices: Sequence[str] = (),
               sort_glossary: bool = False) -> bytes:
    """The edition as a Braille Ready File: ASCII braille, CR LF after each line but a page's
    last, which ends with a form feed.

    ``notices`` are sentences for the title page (the demonstration or fallback notice, already
    in the locale's language); ``sort_glossary`` re-sorts the glossary in the language's
    alphabet (for a translation). Raises BrailleError (or its LiblouisMissing) when the edition
    cannot be made.
    """
    pages = braille_pages(leaflet, locale, labels, variant, settings, notices=notices, sort_glossary=sort_glossary)
    text = "".join("\r\n".join(unicode_to_brf(row) for row in page) + "\f" for page in pages)
    return text.encode("ascii")


def render_pef(leaflet: m.Leaflet, locale: str, labels: Mapping[str, str], variant: str = "standard",
               settings: BrailleSettings = BrailleSettings(), *, notices: Sequence[str] = (),
               sort_glossary: bool = False) -> bytes:
    """The edition as a PEF 1.0 document (the same braille as ``render_brf``, in Unicode rows),
    with Dublin Core metadata; arguments and errors as for ``render_brf``."""
    pages = braille_pages(leaflet, locale, labels, variant, settings, notices=notices, sort_glossary=sort_glossary)
    meta = leaflet.meta
    title = meta.title if variant == "standard" else f"{meta.title} - {_label(labels, 'easy_read_version')}"

    def q(tag: str) -> str:
        return f"{{{PEF_NS}}}{tag}"

    root = etree.Element(q("pef"), nsmap={None: PEF_NS}, version="2008-1")
    head = etree.SubElement(root, q("head"))
    info = etree.SubElement(head, q("meta"), nsmap={"dc": DC_NS})
    identity = "|".join((meta.slug, bcp47(locale), meta.version, variant, f"grade{settings.grade}",
                         f"{settings.cells}x{settings.lines}"))
    for name, value in (("format", PEF_MEDIA_TYPE), ("identifier", f"urn:uuid:{uuid.uuid5(UUID_NAMESPACE, identity)}"),
                        ("title", title), ("language", bcp47(locale)), ("publisher", meta.organisation),
                        ("description", meta.summary), ("date", _date(leaflet))):
        if value:
            etree.SubElement(info, f"{{{DC_NS}}}{name}").text = value
    body = etree.SubElement(root, q("body"))
    volume = etree.SubElement(body, q("volume"), cols=str(settings.cells), rows=str(settings.lines),
                              rowgap="0", duplex="false")
    section = etree.SubElement(volume, q("section"))
    for rows in pages:
        page = etree.SubElement(section, q("page"))
        for row in rows:
            etree.SubElement(page, q("row")).text = row or None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _date(leaflet: m.Leaflet) -> str:
    """``SOURCE_DATE_EPOCH``'s UTC day, or else the publication date: never the clock."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
    return leaflet.meta.published.isoformat()
