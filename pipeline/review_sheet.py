"""A printable translation review sheet: source and translation side by side, unit by unit.

For the bilingual clinician who signs off a translation but does not use a PO editor. The sheet
lists every unit of the leaflet's PO file for one locale in reading order, under the section it
is in: the source text, the translation (or that it is not translated, or fuzzy and needing
work), whether a person has reviewed it as it is now (the record ``leaflets review`` keeps,
``pipeline/po/reviews.py``) and whether the build's safety checks refuse it and why (the same
``translate_leaflet`` decision the build makes). Numbers, phone numbers and negation words are
marked in both columns, because those are what a patient acts on and what a translation most
often gets wrong. The sheet ends with a sign-off block to fill in by hand.

Two renderings of the same :class:`SheetData`: an HTML5 page built as an lxml tree (a
translation is untrusted text and is only ever inserted as text) and a PDF laid out by Typst
from JSON in ``sys.inputs`` (no text is ever read as Typst markup), both printable on A4 in
black and white: the marks are bold and underlined or boxed, not only coloured.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from pipeline import model as m
from pipeline.check.acceptance import negations
from pipeline.check.translation import NUMBER_RE, strip_markup
from pipeline.environment import source_date_epoch
from pipeline.locale_info import bcp47, direction, native_name
from pipeline.po.apply import translate_leaflet
from pipeline.po.layout import po_path
from pipeline.po.pofile import Entry
from pipeline.po.reviews import Review, latest_day, read_record, review_path
from pipeline.po.units import Slot, walk, walk_section
from pipeline.po.workflow import publish_rules, shown
from pipeline.problems import InputError, Problem
from pipeline.settings import Settings
from pipeline.writers import bidi
from pipeline.writers.html import append_text, serialise_html, sub
from pipeline.writers.phones import find_phone_numbers

TRANSLATED = "translated"
FUZZY = "fuzzy"
UNTRANSLATED = "untranslated"

FRONT = "Title, summary and contact"  # the units walk() gives before the first section
STALE = "In the PO file but no longer in the leaflet's source"
SIGN_OFF_FIELDS = ("Checked by", "Role", "Date", "Signature")
BLANK = "_" * 28  # a line to write on that survives any rendering, text-only included

# The word tokens acceptance.negations reads: "don't" stays one word, so its "n't" is seen.
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
# Stands in for text already marked as a number, so no later pattern matches inside it: it is
# neither a word character, a digit nor a space (NUMBER_RE groups digits across spaces).
_HIDDEN = "\x00"


# --- the facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One unit on the sheet."""

    number: int  # 1, 2 ... in reading order
    section: str  # the heading of the section the unit is in (FRONT, STALE)
    kind: str  # what the text is: "Paragraph", "List item", "Leaflet title" ...
    msgctxt: str | None
    msgid: str  # the unit's source as the PO file holds it (inline Markdown for most units)
    source: str  # plain text, as a reader sees it
    translation: str  # plain text; "" when there is none
    state: str  # TRANSLATED, FUZZY or UNTRANSLATED
    reviewed: Review | None  # the review that checked this translation as it is now
    refused: str  # why the build's safety checks refuse it ("" when they do not)
    line: int  # the entry's line in the PO file (0: the PO file has no entry)
    in_source: bool = True  # False: a PO entry the leaflet no longer has (run `leaflets update`)


@dataclass(frozen=True)
class Counts:
    """How many units the sheet lists, and in which state."""

    units: int
    translated: int
    fuzzy: int
    untranslated: int
    reviewed: int
    refused: int


@dataclass(frozen=True)
class SheetData:
    """Everything a review sheet shows, for one leaflet in one locale."""

    slug: str
    title: str
    organisation: str
    version: str
    published: dt.date
    source_locale: str
    locale: str
    po: str  # the PO file, as shown to the user
    record: str  # the review record, as shown to the user
    reviews: tuple[Review, ...]
    rows: tuple[SheetRow, ...]

    @property
    def language(self) -> str:
        """The translation's language named in itself (``Cymraeg``)."""
        return native_name(self.locale)

    @property
    def source_language(self) -> str:
        """The source's language named in itself."""
        return native_name(self.source_locale)

    @property
    def counts(self) -> Counts:
        """Units in each state (a refused unit is translated, and counted as refused too)."""
        rows = self.rows
        return Counts(
            units=len(rows),
            translated=sum(r.state == TRANSLATED for r in rows),
            fuzzy=sum(r.state == FUZZY for r in rows),
            untranslated=sum(r.state == UNTRANSLATED for r in rows),
            reviewed=sum(r.reviewed is not None for r in rows),
            refused=sum(bool(r.refused) for r in rows),
        )


def review_sheet(settings: Settings, leaflet: m.Leaflet, locale: str) -> SheetData:
    """The review sheet of ``leaflet``'s translation into ``locale``, read from its PO file and
    review record; InputError when there is no PO file, or it or the record cannot be used."""
    slug = leaflet.meta.slug
    from pipeline.review import translation_catalog

    po = po_path(settings, locale, slug)
    catalog = translation_catalog(settings, slug, locale)
    record_file = review_path(settings, locale, slug)
    # no catalog: a mark of a unit the source has since dropped only stops matching, and a sheet
    # is still worth printing before `leaflets update` prunes it
    record = read_record(record_file, shown(settings, record_file), latest_day())
    applied = translate_leaflet(leaflet, catalog, locale, publish_rules(settings))
    refused = {problem.line: _reason(problem.message) for problem in applied.refused}
    entries = {e.key: e for e in catalog.entries if not e.obsolete and e.msgid}

    rows: list[SheetRow] = []
    seen: set[tuple[str | None, str]] = set()
    for section, slot in _slots_by_section(leaflet):
        unit = slot.unit
        # each distinct unit once, where it is first read: as the PO file and the build hold it
        if not unit.msgid.strip() or unit.key in seen:
            continue
        seen.add(unit.key)
        entry = entries.get(unit.key)
        rows.append(_row(len(rows) + 1, section, _kind(unit.notes), unit.msgctxt, unit.msgid, unit.markdown,
                         entry, record.reviewed(entry) if entry else None,
                         refused.get(entry.line, "") if entry else ""))
    for key, entry in entries.items():
        if key not in seen:
            # not in reading order (the source no longer has it) but on the sheet, so that
            # every unit of the PO file is accounted for
            rows.append(_row(len(rows) + 1, STALE, "Not in the leaflet", entry.msgctxt, entry.msgid, True,
                             entry, record.reviewed(entry), "", in_source=False))
    meta = leaflet.meta
    return SheetData(meta.slug, meta.title, meta.organisation, meta.version, meta.published, meta.locale, locale,
                     shown(settings, po), shown(settings, record_file), record.reviews, tuple(rows))


def _row(number: int, section: str, kind: str, msgctxt: str | None, msgid: str, markdown: bool,
         entry: Entry | None, reviewed: Review | None, refused: str, in_source: bool = True) -> SheetRow:
    if entry is None or not entry.has_text:
        state, text = UNTRANSLATED, ""
    else:
        state = FUZZY if entry.fuzzy else TRANSLATED
        text = entry.msgstr if entry.msgid_plural is None else entry.msgstr_plural[0]
    return SheetRow(number, section, kind, msgctxt, msgid, plain(msgid, markdown),
                    plain(text, markdown) if text else "", state, reviewed, refused,
                    entry.line if entry else 0, in_source)


def _slots_by_section(leaflet: m.Leaflet) -> Iterator[tuple[str, Slot]]:
    """walk()'s slots, each with the heading of the section it is in.

    walk() yields the front units, then each section's walk_section() in turn; counting each
    section's slots keeps the order exactly walk()'s, however walk() words its notes.
    """
    slots = list(walk(leaflet))
    sizes = [sum(1 for _ in walk_section(section)) for section in leaflet.sections]
    start = len(slots) - sum(sizes)
    for slot in slots[:start]:
        yield FRONT, slot
    for section, size in zip(leaflet.sections, sizes, strict=True):
        heading = m.plain_text(section.heading)
        for slot in slots[start:start + size]:
            yield heading, slot
        start += size


def _kind(notes: tuple[str, ...]) -> str:
    """What a unit is, from its translator note: "Paragraph in: Going home" -> "Paragraph"."""
    note = notes[0] if notes else ""
    kind = note.split(" in: ", 1)[0]
    kind = re.sub(r"(\(level \d+\)):.*", r"\1", kind)  # a heading's note goes on to name its path
    return kind.rstrip(",.") or "Text"


def _reason(message: str) -> str:
    # translate_leaflet names the msgid after the reason: the sheet shows the text beside it
    reason, found, _ = message.rpartition(" (msgid ")
    return reason if found else message


def plain(text: str, markdown: bool) -> str:
    """A unit's text as a reader sees it: inline Markdown read (bold marks and link targets
    dropped), or, when it is not valid leaflet Markdown (a refused translation), the text the
    translator wrote with only its link targets dropped, so the reviewer still sees it all."""
    if not markdown:
        return text
    from pipeline.reader import parse_inlines

    try:
        return m.plain_text(parse_inlines(text))
    except ValueError:
        return strip_markup(text)


# --- the marks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A piece of text and its mark: "number", "negation" or "" (none)."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class Stretch:
    """Consecutive pieces; ``ltr`` when they are a left-to-right run isolated inside right-to-left
    text (``pipeline/writers/bidi.py``: "500 mg" and phone numbers keep their order)."""

    pieces: tuple[Piece, ...]
    ltr: bool = False
    latin: bool = False


@functools.lru_cache(maxsize=16384)
def _negates(word: str, locale: str) -> bool:
    return bool(negations(word, locale))


def mark_spans(text: str, locale: str) -> list[tuple[int, int, str]]:
    """(start, end, mark) of every number, phone number and negation word in ``text``."""
    spans = [(start, end, "number") for start, end in find_phone_numbers(text)]
    hidden = _hide(text, spans)
    # NUMBER_RE's \d is any script's digit, so Arabic-Indic and Extended Arabic-Indic digits
    # and their decimal and grouping marks (U+066B, U+066C) are matched as the check reads them
    spans += [(found.start(), found.end(), "number") for found in NUMBER_RE.finditer(hidden)]
    if negations("", locale) is not None:  # None: the language has no negation word list
        hidden = _hide(text, spans)
        spans += [(found.start(), found.end(), "negation") for found in _WORD_RE.finditer(hidden)
                  if _negates(found.group(0), locale)]
    return sorted(spans)


def _hide(text: str, spans: list[tuple[int, int, str]]) -> str:
    chars = list(text)
    for start, end, _ in spans:
        chars[start:end] = _HIDDEN * (end - start)
    return "".join(chars)


def highlight(text: str, locale: str) -> tuple[Stretch, ...]:
    """``text`` cut into marked pieces, grouped into isolated left-to-right runs when the
    locale is written right to left."""
    marks = [""] * len(text)
    for start, end, mark in mark_spans(text, locale):
        marks[start:end] = [mark] * (end - start)
    runs = bidi.ltr_runs(text) if direction(locale) == "rtl" else [bidi.Run(text)]
    out: list[Stretch] = []
    at = 0
    for run in runs:
        pieces = tuple(
            Piece("".join(text[i] for i in indices), mark)
            for mark, indices in ((mark, list(group)) for mark, group in
                                  itertools.groupby(range(at, at + len(run.text)), key=marks.__getitem__))
        )
        out.append(Stretch(pieces, run.ltr, run.latin))
        at += len(run.text)
    return tuple(out)


# --- wording shared by both renderings ------------------------------------------------------


def _state_lines(row: SheetRow) -> list[tuple[str, str]]:
    """(class, sentence) lines under a translation: its state, review and refusal."""
    lines: list[tuple[str, str]] = []
    if row.state == UNTRANSLATED:
        lines.append(("untranslated", "Not translated."))
    elif row.state == FUZZY:
        lines.append(("fuzzy", "Fuzzy: needs work. This draft is not used until a translator confirms it."))
    if row.refused:
        lines.append(("refused", f"Refused by the safety checks: {row.refused}"))
    if row.reviewed is not None:
        lines.append(("reviewed", f"Reviewed by {row.reviewed.by} on {row.reviewed.date.isoformat()}."))
    elif row.state == TRANSLATED:
        lines.append(("unreviewed", "Not reviewed yet."))
    if not row.in_source:
        lines.append(("stale", "The leaflet no longer has this text: run `leaflets update`."))
    return lines


def _facts(data: SheetData) -> list[tuple[str, str]]:
    reviews = "; ".join(f"{r.by} on {r.date.isoformat()} ({r.units} units)" for r in data.reviews) or "none yet"
    return [
        ("Leaflet id", data.slug),
        ("Version", data.version),
        ("Published", data.published.isoformat()),
        ("Organisation", data.organisation),
        ("Source language", f"{data.source_language} ({data.source_locale})"),
        ("Translation file", data.po),
        ("Reviews recorded", reviews),
    ]


def _count_lines(data: SheetData) -> list[tuple[str, int]]:
    c = data.counts
    return [("Units", c.units), ("Translated", c.translated), ("Fuzzy (needs work)", c.fuzzy),
            ("Not translated", c.untranslated), ("Reviewed", c.reviewed),
            ("Refused by the safety checks", c.refused)]


def _legend(data: SheetData) -> list[tuple[str, str, str]]:
    """(mark, sample, explanation) of each mark."""
    out = [("number", "24", "A number or phone number: check that each one is the same in both columns.")]
    negation = "A word that says not (not, never, without, avoid ...): check that the translation still says not."
    if negations("", data.locale) is None:
        negation += f" There is no list of such words for {data.language}: they are marked in the source only."
    out.append(("negation", "not", negation))
    return out


def _statement(data: SheetData) -> str:
    c = data.counts
    return (f"I have compared the translation into {data.language} ({data.locale}) of '{data.title}', "
            f"version {data.version}, with the {data.source_language} source, unit by unit, and it says "
            f"the same: the same numbers, phone numbers and warnings. Units on this sheet: {c.units}; not "
            f"translated or needing work: {c.untranslated + c.fuzzy}; refused by the safety checks: "
            f"{c.refused}. This sign-off does not cover those units.")


def _title(data: SheetData) -> str:
    return f"Translation review: {data.title} ({data.locale})"


def _sections(rows: tuple[SheetRow, ...]) -> list[tuple[str, list[SheetRow]]]:
    # consecutive rows of one section: a heading repeated later (two sections with the same
    # words) is a new group, so reading order is kept
    return [(section, list(group)) for section, group in itertools.groupby(rows, key=lambda r: r.section)]


# --- HTML -----------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm; }
html { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.45;
       color: #000; background: #fff; }
body { margin: 0 auto; max-width: 62rem; padding: 1rem; }
@media print { body { max-width: none; padding: 0; } }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 1.2rem 0 0.4rem; break-after: avoid; }
dl.facts, dl.counts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; }
dl.counts { grid-template-columns: max-content max-content; }
dt { font-weight: bold; }
dd { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 0.6rem; }
caption { text-align: start; font-weight: bold; padding-bottom: 0.3rem; }
th, td { border: 1px solid #000; padding: 0.35rem 0.5rem; vertical-align: top; text-align: start;
         overflow-wrap: anywhere; }
thead { display: table-header-group; }
thead th { background: #ddd; }
tr, th, td { break-inside: avoid; page-break-inside: avoid; }
th[scope="rowgroup"] { background: #eee; font-size: 1.05em; }
tr.section { break-after: avoid; page-break-after: avoid; }
td p { margin: 0; }
td p + p { margin-top: 0.3rem; }
.unit { font-size: 0.85em; }
.draft { font-style: italic; }
.state { font-size: 0.9em; }
.state.refused, .state.fuzzy, .state.untranslated { font-weight: bold; }
.state.refused { border: 2px solid #000; padding: 0.15rem 0.3rem; }
mark { color: #000; font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
mark.number { background: #ffef9e; text-decoration: underline solid 0.12em; text-underline-offset: 0.18em; }
mark.negation { background: #cfe6ff; border: 1.5px solid #000; padding: 0 0.12em; text-decoration: none; }
[lang|="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", serif; }
[lang|="ur"] { font-family: "Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans", serif; line-height: 2.1; }
.sign-off { border: 2px solid #000; padding: 0.8rem 1rem; margin-top: 1.5rem; break-inside: avoid;
            page-break-inside: avoid; }
.sign-off p.field { margin: 1.1rem 0 0; }
.sign-off .label { display: inline-block; min-width: 7rem; font-weight: bold; }
"""


def render_sheet_html(data: SheetData) -> bytes:
    """The review sheet as a self-contained, printable HTML5 page (UTF-8 bytes)."""
    html = etree.Element("html", lang="en", dir="ltr")  # the sheet's own words are English
    head = sub(html, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    sub(head, "title", _title(data))
    sub(head, "style", CSS)
    body = sub(html, "body")

    header = sub(body, "header")
    h1 = sub(header, "h1", "Translation review: ")
    sub(h1, "span", data.title, lang=bcp47(data.source_locale))
    facts = sub(header, "dl", class_="facts")
    sub(facts, "dt", "Translation")
    dd = sub(facts, "dd")
    _native(dd, data)
    append_text(dd, f" ({data.locale})", False)
    for label, value in _facts(data):
        sub(facts, "dt", label)
        sub(facts, "dd", value)

    main = sub(body, "main")
    summary = sub(main, "section", aria_labelledby="summary")
    sub(summary, "h2", "Summary", id="summary")
    counts = sub(summary, "dl", class_="counts")
    for label, number in _count_lines(data):
        sub(counts, "dt", label)
        sub(counts, "dd", str(number))

    legend = sub(main, "section", aria_labelledby="legend")
    sub(legend, "h2", "How to read this sheet", id="legend")
    items = sub(legend, "ul")
    for mark, sample, explanation in _legend(data):
        li = sub(items, "li")
        sub(li, "mark", sample, class_=mark)
        append_text(li, " " + explanation, False)
    sub(items, "li", "Under each translation: whether it is translated, whether a person has reviewed it as it "
        "is now, and whether the safety checks refuse it (the build then does not use it).")

    _add_table(main, data)
    _add_sign_off(main, data)
    return serialise_html(html)


def _native(parent: etree._Element, data: SheetData) -> None:
    sub(parent, "span", data.language, lang=bcp47(data.locale), dir=direction(data.locale))


def _add_table(parent: etree._Element, data: SheetData) -> None:
    table = sub(parent, "table", class_="units")
    sub(table, "caption", "Every unit in reading order: the source on the left, the translation on the right")
    colgroup = sub(table, "colgroup")
    sub(colgroup, "col", style="width: 50%")
    sub(colgroup, "col", style="width: 50%")
    row = sub(sub(table, "thead"), "tr")
    sub(row, "th", f"Source: {data.source_language} ({data.source_locale})", scope="col")
    th = sub(row, "th", "Translation: ", scope="col")
    _native(th, data)
    append_text(th, f" ({data.locale})", False)
    source_attrs = {"lang": bcp47(data.source_locale), "dir": direction(data.source_locale)}
    target_attrs = {"lang": bcp47(data.locale), "dir": direction(data.locale)}
    for section, rows in _sections(data.rows):
        tbody = sub(table, "tbody")
        sub(sub(tbody, "tr", class_="section"), "th", section, scope="rowgroup", colspan="2")
        for unit in rows:
            tr = sub(tbody, "tr", id=f"unit-{unit.number}", class_=unit.state + (" refused" if unit.refused else ""))
            source = sub(tr, "td", class_="source", **source_attrs)
            # the sheet's own words are English whatever the source language is
            sub(source, "p", f"Unit {unit.number} · {unit.kind}", class_="unit", lang="en", dir="ltr")
            _add_marked(sub(source, "p", class_="text"), unit.source, data.source_locale)
            target = sub(tr, "td", class_="translation", **target_attrs)
            if unit.translation:
                _add_marked(sub(target, "p", class_="draft" if unit.state == FUZZY else "text"),
                            unit.translation, data.locale)
            for kind, sentence in _state_lines(unit):
                sub(target, "p", sentence, class_=f"state {kind}", lang="en", dir="ltr")


def _add_marked(parent: etree._Element, text: str, locale: str) -> None:
    """Append ``text`` with its marks: every piece goes in as text, never parsed as markup."""
    for stretch in highlight(text, locale):
        into = parent
        if stretch.ltr:
            into = sub(parent, "bdi", dir="ltr", **({"lang": "en"} if stretch.latin else {}))
        for piece in stretch.pieces:
            if piece.mark:
                sub(into, "mark", piece.text, class_=piece.mark)
            else:
                append_text(into, piece.text, False)


def _add_sign_off(parent: etree._Element, data: SheetData) -> None:
    block = sub(parent, "section", class_="sign-off", aria_labelledby="sign-off")
    sub(block, "h2", "Sign-off", id="sign-off")
    sub(block, "p", _statement(data))
    for label in SIGN_OFF_FIELDS:
        field = sub(block, "p", class_="field")
        sub(field, "span", f"{label}:", class_="label")
        append_text(field, " " + BLANK, False)


# --- PDF ------------------------------------------------------------------------------------

# Kept here rather than in a .typ file so the sheet is one module. Every word arrives as JSON in
# sys.inputs.data and is set as a string: no leaflet or translation text is read as markup.
TEMPLATE = r"""
#let d = json(bytes(sys.inputs.data))
#set document(title: d.title, keywords: d.keywords)
#set text(lang: "en", font: d.fonts, size: 10pt, hyphenate: false, fallback: true)
#set par(justify: false, leading: 0.6em, spacing: 0.7em)
#set page(paper: "a4", margin: (x: 1.5cm, top: 1.5cm, bottom: 2cm),
  footer: context {
    set text(size: 8pt)
    [#d.footer #h(1fr) Page #counter(page).display() of #counter(page).final().first()]
  })
#show heading: set block(sticky: true, above: 1.1em, below: 0.5em)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 2): set text(size: 12.5pt)
// a unit is never split across pages: its source and translation are read together
#set table.cell(breakable: false)

// black-and-white print keeps the marks: bold and underlined, or bold in a box
#let number-mark(s) = underline(stroke: 0.8pt, offset: 2pt, strong(s))
#let negation-mark(s) = box(stroke: 0.8pt, inset: (x: 1.5pt), outset: (y: 2.5pt), strong(s))
#let marked(xs) = {
  for x in xs {
    if x.k == "t" { x.s }
    else if x.k == "number" { number-mark(x.s) }
    else if x.k == "negation" { negation-mark(x.s) }
    else if x.k == "ltr" { box(text(dir: ltr, marked(x.c))) }
  }
}
#let in-lang(l, body) = {
  set text(lang: l.lang, region: l.region, dir: if l.dir == "rtl" { rtl } else { ltr }, font: l.fonts,
           top-edge: if l.tall { "bounds" } else { "cap-height" },
           bottom-edge: if l.tall { "bounds" } else { "baseline" })
  set par(leading: if l.tall { 0.9em } else { 0.6em })
  body
}
// start is resolved inside in-lang: right for a right-to-left translation
#let cell-text(l, body) = in-lang(l, align(start, par(body)))
// a language's name inside an English line: its language and fonts, not its direction (a
// direction is the paragraph's: setting it here would break the line)
#let name-in(l, body) = text(lang: l.lang, region: l.region, font: l.fonts, body)
#let english(body) = {
  set text(lang: "en", dir: ltr, font: d.fonts)
  align(left, body)
}

#heading(level: 1, d.title)
#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.45em,
  strong("Translation"), [#name-in(d.target, d.language) (#d.locale)],
  ..d.facts.map(f => (strong(f.at(0)), f.at(1))).flatten(),
)

#heading(level: 2, "Summary")
#grid(columns: (auto, auto), column-gutter: 1.5em, row-gutter: 0.45em,
  ..d.counts.map(c => (strong(c.at(0)), c.at(1))).flatten(),
)

#heading(level: 2, "How to read this sheet")
#list(
  ..d.legend.map(l => [#marked(((k: l.mark, s: l.sample),)) #l.text]),
  d.legend_states,
)

#heading(level: 2, "Units")
#table(
  columns: (1fr, 1fr),
  inset: 5pt,
  stroke: 0.6pt,
  align: start,
  table.header(
    strong(d.columns.at(0)),
    strong[#d.columns.at(1)#name-in(d.target, d.language) (#d.locale)],
  ),
  ..d.sections.map(s => (
    table.cell(colspan: 2, fill: luma(225), strong(s.heading)),
    ..s.rows.map(r => (
      {
        english(text(size: 8pt, r.unit))
        cell-text(d.source, marked(r.source))
      },
      {
        if r.translation.len() > 0 {
          cell-text(d.target, if r.draft { emph(marked(r.translation)) } else { marked(r.translation) })
        }
        for line in r.states {
          english(par(text(size: 8.5pt, if line.strong { strong(line.s) } else { line.s })))
        }
      },
    )).flatten(),
  )).flatten(),
)

#block(breakable: false, width: 100%, inset: 10pt, stroke: 1.5pt, above: 1.5em, {
  heading(level: 2, "Sign-off")
  par(d.statement)
  v(0.6em)
  grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 1.6em,
    ..d.fields.map(f => (strong(f + ":"), box(width: 100%, height: 1em, stroke: (bottom: 0.6pt)))).flatten(),
  )
})
"""


def _lang(locale: str) -> dict[str, Any]:
    """How the template sets text in ``locale``: language, region, direction and fonts."""
    from pipeline.writers.pdf import _fonts_table, fonts_for

    parts = bcp47(locale).split("-")
    language = parts[0].lower()
    return {"lang": language, "region": next((p.upper() for p in parts[1:] if len(p) == 2), None),
            "dir": direction(locale), "fonts": fonts_for(locale),
            # Nastaliq reaches far above and below the line: space lines by the letters' height
            "tall": bool(_fonts_table()["tall"].get(language, 0))}


def _runs(text: str, locale: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for stretch in highlight(text, locale):
        pieces = [{"k": piece.mark or "t", "s": piece.text} for piece in stretch.pieces]
        out.extend([{"k": "ltr", "c": pieces}] if stretch.ltr else pieces)
    return out


def sheet_document(data: SheetData) -> dict[str, Any]:
    """The JSON data the Typst template lays out."""
    from pipeline.writers.pdf import fonts_for

    # the sheet's own words first, then the translation's script: the header names the language
    fonts = list(dict.fromkeys([*fonts_for(data.source_locale), *fonts_for(data.locale)]))
    strong_states = {"refused", "fuzzy", "untranslated"}
    return {
        "title": _title(data), "keywords": [data.slug, data.locale, "translation review"], "fonts": fonts,
        "locale": data.locale, "language": data.language,
        "source": _lang(data.source_locale), "target": _lang(data.locale),
        "facts": [list(fact) for fact in _facts(data)],
        "counts": [[label, str(number)] for label, number in _count_lines(data)],
        "legend": [{"mark": mark, "sample": sample, "text": text} for mark, sample, text in _legend(data)],
        "legend_states": "Under each translation: whether it is translated, whether a person has reviewed it "
                         "as it is now, and whether the safety checks refuse it (the build then does not use it).",
        "columns": [f"Source: {data.source_language} ({data.source_locale})", "Translation: "],
        "sections": [{"heading": section, "rows": [{
            "unit": f"Unit {row.number} · {row.kind}",
            "source": _runs(row.source, data.source_locale),
            "translation": _runs(row.translation, data.locale),
            "draft": row.state == FUZZY,
            "states": [{"s": sentence, "strong": kind in strong_states} for kind, sentence in _state_lines(row)],
        } for row in rows]} for section, rows in _sections(data.rows)],
        "statement": _statement(data),
        "fields": list(SIGN_OFF_FIELDS),
        "footer": f"{data.slug} · version {data.version} · {data.locale} · translation review",
    }


def _timestamp(data: SheetData) -> int:
    # the PDF's creation date is fixed, so the same sheet is the same bytes
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    return int(dt.datetime.combine(data.published, dt.time(), dt.UTC).timestamp())


def render_sheet_pdf(data: SheetData) -> bytes:
    """The review sheet as PDF bytes (tagged PDF/UA-1, fonts embedded); InputError when the fonts
    the translation's script needs are not installed or Typst cannot lay it out."""
    import typst

    from pipeline.writers.pdf import _compiler, font_problem

    for locale in (data.source_locale, data.locale):
        problem = font_problem(locale, data.po)
        if problem is not None:
            raise InputError([problem])
    document = json.dumps(sheet_document(data), ensure_ascii=False, sort_keys=True)
    try:
        # the build's compiler: its fonts are loaded once per process
        pdf = _compiler().compile(input=TEMPLATE.encode("utf-8"), format="pdf", sys_inputs={"data": document},
                                  pdf_standards=["ua-1"], timestamp=_timestamp(data))
    except typst.TypstError as exc:
        raise InputError([Problem(data.po, 1, 1, f"the review sheet PDF in '{data.locale}' could not be made: "
                                  f"{exc.message}; report this")]) from None
    assert isinstance(pdf, bytes)
    return pdf
