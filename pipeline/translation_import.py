"""Import a translation a team already has (Word, web page or Markdown) into a locale's PO file.

The translated document is read by the readers ``leaflets import`` uses, then aligned with the
source leaflet section by section and block by block: each section must have the same heading
level and the same blocks (a paragraph against a paragraph, a list of four items against a list
of four items, a table of the same rows and columns...). Only then are their units paired, in
the order :func:`pipeline.po.units.walk` gives them. Where the structures stop matching, the
report names the source unit (line and words) and the translated place (paragraph number, HTML
path or line); a section whose blocks differ gives no translations, and when the number of
sections differs the alignment stops at the first difference, because everything after it
would pair a translation with the wrong text.

Every paired translation passes the build's safety checks (numbers, units, phone numbers,
links, markup, negation) before it is written. Nothing is written when anything failed to
align or was refused, unless ``partial``; entries are written fuzzy (for review in a PO
editor) unless ``reviewed``; a different translation already in the PO file is kept unless
``force``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.frontmatter import PLACEHOLDER
from pipeline.markdown_writer import write_inlines
from pipeline.po.units import Unit
from pipeline.problems import InputError, Problem
from pipeline.readers.draft import INTRO_HEADING
from pipeline.settings import Settings

IMPORTED_NOTE = "imported from "  # the translator comment each imported entry carries


@dataclass
class TranslationReport:
    """What importing one translated document did, and why anything was left out."""

    file: str
    leaflet: str
    locale: str
    po: str = ""
    units: int = 0  # distinct source units
    aligned: int = 0  # distinct source units paired with a translation that passed the checks
    written: int = 0  # entries set in the PO file
    unchanged: int = 0  # entries that already held this translation
    fuzzy: bool = True
    problems: list[str] = field(default_factory=list)  # misalignments and refused translations
    kept: list[str] = field(default_factory=list)  # existing translations left as they were
    notes: list[str] = field(default_factory=list)  # units the document does not hold, and similar

    @property
    def blocked(self) -> bool:
        """True when problems stopped anything being written."""
        return bool(self.problems) and not self.written and not self.unchanged

    def as_json(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "file": self.file, "leaflet": self.leaflet, "locale": self.locale, "po": self.po,
            "units": self.units, "aligned": self.aligned, "written": self.written,
            "unchanged": self.unchanged, "fuzzy": self.fuzzy, "blocked": self.blocked,
            "problems": self.problems, "kept": self.kept, "notes": self.notes,
        }


def report_text(report: TranslationReport) -> str:
    """The report as the lines ``leaflets import --translation`` prints."""
    lines = [f"{report.file} -> {report.po or report.leaflet + ' (' + report.locale + ')'}"]
    lines += [f"  problem: {p}" for p in report.problems]
    lines += [f"  kept: {k}" for k in report.kept]
    lines += [f"  note: {n}" for n in report.notes]
    state = "fuzzy, for review" if report.fuzzy else "reviewed"
    if report.blocked:
        lines.append(f"  nothing written: {len(report.problems)} problem(s); fix the document, "
                     "or use --partial to write what aligned")
    else:
        lines.append(f"  {report.aligned} of {report.units} units aligned; {report.written} written ({state}), "
                     f"{report.unchanged} already so, {len(report.kept)} kept")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Translated:
    """A translated document as a leaflet's parts, with where each part was in the document."""

    title: str
    summary: str
    contact: tuple[m.Inline, ...]
    sections: tuple[m.Section, ...]
    where: Callable[[m.Section, m.Block | None], str]
    full: bool  # a leaflet in our Markdown: summary, contact and easy read are there too
    contact_block: m.Block | None = None  # the paragraph the contact sentence was found in


def _read(path: Path, shown: str) -> _Translated:
    from pipeline.inputs import read_input
    from pipeline.readers import INPUT_KINDS, decode, read_document

    data = read_input(path, shown, INPUT_KINDS.get(path.suffix.lower(), "source"))
    if path.suffix.lower() in (".md", ".markdown") and data.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        from pipeline.reader import parse_leaflet

        leaflet = parse_leaflet(decode(data, shown), shown, draft=True)
        meta = leaflet.meta
        return _Translated(
            meta.title, meta.summary, meta.contact, leaflet.sections,
            lambda s, b: f"line {b.line if b is not None and b.line else s.line}", True,
        )
    imported = read_document(path, shown, data)

    def where(section: m.Section, block: m.Block | None) -> str:
        if block is not None and id(block) in imported.block_where:
            return imported.block_where[id(block)]
        return imported.section_where.get(section.anchor, "") or f"section '{m.plain_text(section.heading)[:40]}'"

    said = " ".join(m.plain_text(imported.contact).split())
    holder = next((b for s in imported.sections for b in s.blocks if isinstance(b, m.Paragraph) and said
                   and said in " ".join(m.plain_text(b.inlines).split())), None)
    return _Translated(imported.title, "", imported.contact, imported.sections, where, False, holder)


def _unlinked(msgid: str, text: str) -> str:
    """The translation without the tel: and mailto: links the source unit does not have.

    Web pages and word processors link phone numbers and addresses by themselves; the number
    stays in the text (and is still compared with the source's), only the link goes.
    """
    from pipeline.reader import parse_inlines

    try:
        source, translated = parse_inlines(msgid), parse_inlines(text)
    except ValueError:
        return text  # the safety checks say what is wrong with it

    from pipeline.check.acceptance import inline_links

    wanted = set(inline_links(source))

    def strip(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        out: list[m.Inline] = []
        for node in nodes:
            if isinstance(node, m.Link) and node.target.startswith(("tel:", "mailto:")) \
                    and node.target not in wanted:
                out.extend(strip(node.children))
            elif isinstance(node, m.Link | m.Strong | m.Emph):
                out.append(replace(node, children=strip(node.children)))
            else:
                out.append(node)
        return tuple(out)

    stripped = strip(translated)
    return text if stripped == translated else write_inlines(stripped)


def _inlines(block: m.Block) -> tuple[m.Inline, ...]:
    return block.inlines if isinstance(block, m.Paragraph) else ()


def _states_front_matter(block: m.Block, meta: m.Metadata) -> bool:
    """True for a short paragraph whose every number is one of the front matter's (a review date,
    a version, a copyright year), in whatever language its words are."""
    if not isinstance(block, m.Paragraph):
        return False
    text = m.plain_text(block.inlines)
    numbers = re.findall(r"\d+(?:[.,]\d+)*", text)
    if len(text.split()) > 12 or not (numbers or "\u00a9" in text):
        return False
    known = {meta.version}
    for day in (meta.published, meta.review_due):
        if day.year > 1:
            known |= {str(day.year), str(day.month), f"{day.month:02d}", str(day.day), f"{day.day:02d}"}
    return all(n in known for n in numbers)


def _shape(block: m.Block) -> tuple[object, ...]:
    if isinstance(block, m.ListBlock):
        return ("list", tuple(_shape(i.sublist) if i.sublist else None for i in block.items))
    if isinstance(block, m.Table):
        return ("table", len(block.header), tuple(len(r) for r in block.rows))
    if isinstance(block, m.Callout):
        return ("box", bool(block.title), tuple(_shape(k) for k in block.blocks))
    if isinstance(block, m.Glossary):
        return ("glossary", len(block.entries))
    return (type(block).__name__,)


def _describe(block: m.Block) -> str:
    if isinstance(block, m.Paragraph):
        return "a paragraph"
    if isinstance(block, m.ListBlock):
        nested = sum(1 for i in block.items if i.sublist)
        return f"a list of {len(block.items)} items" + (f" ({nested} with a nested list)" if nested else "")
    if isinstance(block, m.Table):
        return f"a table of {len(block.header)} columns and {len(block.rows)} rows"
    if isinstance(block, m.Callout):
        return f"a box{' with a title' if block.title else ''} holding {len(block.blocks)} block(s)"
    if isinstance(block, m.Image):
        return "a picture"
    if isinstance(block, m.Glossary):
        return f"a glossary of {len(block.entries)} words"
    return f"a {type(block).__name__}"


def _words(text: str) -> str:
    return repr(" ".join(text.split())[:50])


@dataclass
class _Aligner:
    """Pairs source units with translations, collecting problems as it goes."""

    settings: Settings
    source: m.Leaflet
    locale: str
    shown: str
    rules: frozenset[str]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    found: dict[tuple[str | None, str], str] = field(default_factory=dict)
    partners: dict[int, m.Block] = field(default_factory=dict)  # id(translated block) -> source block
    whence: dict[tuple[str | None, str], str] = field(default_factory=dict)

    def pair(self, unit: Unit, text: str, there: str) -> None:
        """Check one translation of one source unit and keep it if it passes."""
        from pipeline.check.acceptance import describe, refusals

        if not unit.msgid.strip():
            return
        if not text.strip() or text.strip() == PLACEHOLDER:
            self.notes.append(f"{there}: no translation of source line {unit.line} {_words(unit.msgid)} "
                              "in the document: translate it in the PO file")
            return
        if unit.markdown:
            text = _unlinked(unit.msgid, text)
        found = refusals(unit.msgid, text, self.source.meta.locale, self.locale, unit.markdown)
        blocking = [r for r in found if r.rule in self.rules]
        for refusal in found:
            message = (f"source line {unit.line} {_words(unit.msgid)} against {there} {_words(text)}: "
                       f"{describe(refusal)}")
            (self.problems if refusal in blocking else self.notes).append(message)
        if blocking:
            return
        if unit.key in self.found:
            if self.found[unit.key] != text:
                self.notes.append(f"{there}: {_words(unit.msgid)} is translated differently at "
                                  f"{self.whence[unit.key]}; the first is kept")
            return
        self.found[unit.key] = text
        self.whence[unit.key] = there

    def section(self, number: int, src: m.Section, dst: m.Section, doc: _Translated, last: bool = False) -> bool:
        """Pair one section's units; False (and a problem) when its structure differs.

        ``last``: the document's last section, where lines stating the front matter's facts in
        the translation's language ("Dyddiad adolygu: Mawrth 2028") may follow the text.
        """
        from pipeline.po.units import block_slots

        label = f"section {number} {_words(m.plain_text(src.heading))} (source line {src.line})"
        there = doc.where(dst, None)
        if src.level != dst.level:
            self.problems.append(f"{label} is a level-{src.level} heading; the translation's section {number} "
                                 f"{_words(m.plain_text(dst.heading))} at {there} is level {dst.level}")
            return False
        for index in range(max(len(src.blocks), len(dst.blocks))):
            a = src.blocks[index] if index < len(src.blocks) else None
            b = dst.blocks[index] if index < len(dst.blocks) else None
            if a is not None and b is not None and _shape(a) == _shape(b):
                continue
            if a is None and last and all(_states_front_matter(x, self.source.meta) for x in dst.blocks[index:]):
                for extra in dst.blocks[index:]:
                    self.notes.append(f"{doc.where(dst, extra)}: {_words(write_inlines(_inlines(extra)))} states only "
                                      "what the source keeps in its front matter (date, version, copyright): "
                                      "left out")
                dst = replace(dst, blocks=dst.blocks[:index])
                break
            if a is None:
                assert b is not None
                self.problems.append(f"{label} ends after {len(src.blocks)} block(s); the translation has more: "
                                     f"{_describe(b)} at {doc.where(dst, b)}")
            elif b is None:
                first = next(block_slots(a, ""), None)
                end = f"after {doc.where(dst, dst.blocks[-1])}" if dst.blocks else f"at {there}"
                self.problems.append(
                    f"{label}: the translation's section ends {end}, after {index} block(s); the source "
                    f"goes on with {_describe(a)} at line {a.line}" + (f" {_words(first.unit.msgid)}" if first else ""))
            else:
                first = next(block_slots(a, ""), None)
                self.problems.append(
                    f"{label}, block {index + 1}: the source has {_describe(a)} (line {a.line}"
                    + (f", {_words(first.unit.msgid)}" if first else "")
                    + f"); the translation has {_describe(b)} at {doc.where(dst, b)}")
            self.notes.append(f"{label}: not aligned, so none of its units were imported")
            return False
        if doc.full and len(src.easy_read) != len(dst.easy_read):
            self.problems.append(f"{label} has {len(src.easy_read)} easy-read points; the translation's has "
                                 f"{len(dst.easy_read)} at {there}")
            return False
        from pipeline.po.units import easy_read_slots, walk_section

        heading = next(walk_section(src)).unit
        self.pair(heading, write_inlines(dst.heading), there)
        for a, b in zip(src.blocks, dst.blocks, strict=True):
            place = doc.where(dst, b)
            self.partners[id(b)] = a
            if isinstance(a, m.Glossary) and not doc.full:
                # a translated glossary is often sorted in its own language: pairing its words by
                # place could give a word another word's meaning
                self.notes.append(f"{label}: the glossary at {place} was not imported (a translated glossary "
                                  "may be in another order, so its words cannot be paired safely): "
                                  "translate its words in the PO file")
                continue
            for s, d in zip(block_slots(a, ""), block_slots(b, ""), strict=True):
                self.pair(s.unit, d.unit.msgid, place)
        if doc.full:
            for s, d in zip(easy_read_slots(src, ""), easy_read_slots(dst, ""), strict=True):
                self.pair(s.unit, d.unit.msgid, f"line {d.unit.line}")
        elif src.easy_read:
            self.notes.append(f"{label}: its {len(src.easy_read)} easy-read points are not in the document: "
                              "translate them in the PO file")
        return True


def import_translation(
    settings: Settings,
    leaflets: tuple[m.Leaflet, ...],
    locale: str,
    leaflet_id: str,
    path: Path,
    reviewed: bool = False,
    partial: bool = False,
    force: bool = False,
) -> TranslationReport:
    """Align the translated document at ``path`` with leaflet ``leaflet_id`` and fill its PO file.

    InputError when the document, leaflet or locale cannot be used; otherwise a report, whose
    ``blocked`` says nothing was written because of problems.
    """
    from pipeline.locale_codes import canonical, same_locale
    from pipeline.po.templates import validate_locale
    from pipeline.po.units import units
    from pipeline.po.workflow import publish_rules

    shown = str(path)
    source = next((lf for lf in leaflets if lf.meta.slug == leaflet_id), None)
    if source is None:
        known = ", ".join(sorted(lf.meta.slug for lf in leaflets)) or "none yet"
        raise InputError([Problem(shown, 1, 1, f"there is no source leaflet with the id '{leaflet_id}' "
                                  f"(the ids are: {known}): give --leaflet the id of the leaflet it translates")])
    from pipeline.po.templates import LocaleError

    try:
        validate_locale(locale)
    except LocaleError as exc:
        raise InputError([Problem(shown, 1, 1, f"--translation: {exc}")]) from None
    code = canonical(locale)
    if same_locale(code, source.meta.locale):
        raise InputError([Problem(shown, 1, 1, f"'{locale}' is the source locale of '{leaflet_id}': "
                                  "--translation takes the language the document is translated into")])
    doc = _read(path, shown)
    report = TranslationReport(shown, leaflet_id, code, fuzzy=not reviewed)
    report.units = len(units(source))
    aligner = _Aligner(settings, source, code, shown, publish_rules(settings))
    meta = source.meta
    if doc.title:
        aligner.pair(_meta_unit(source, 0), doc.title, "the document's title")
    else:
        aligner.notes.append(f"the document has no title: translate the title {_words(meta.title)} in the PO file")
    if doc.full:
        aligner.pair(_meta_unit(source, 1), doc.summary, "the summary")
        aligner.pair(_meta_unit(source, 2), write_inlines(doc.contact), "the contact line")
    src_sections, dst_sections = source.sections, doc.sections
    if (not doc.full and dst_sections and m.plain_text(dst_sections[0].heading) == INTRO_HEADING
            and not (src_sections and m.plain_text(src_sections[0].heading) == INTRO_HEADING)):
        # the reader put the text before the document's first heading in a section of its own
        aligner.notes.append(f"the text before the first heading ({doc.where(dst_sections[0], None)}) has no "
                             "section in the source: left out")
        dst_sections = dst_sections[1:]
    if len(src_sections) != len(dst_sections):
        aligner.problems.append(f"the source has {len(src_sections)} sections, the translation {len(dst_sections)}")
    for number, (src, dst) in enumerate(zip(src_sections, dst_sections, strict=False), start=1):
        last = number == len(src_sections) == len(dst_sections)
        if not aligner.section(number, src, dst, doc, last) and len(src_sections) != len(dst_sections):
            aligner.notes.append(f"alignment stopped at section {number}: with a section missing or added, "
                                 "every later section would pair with the wrong text")
            break
    if not doc.full:
        _pair_contact(aligner, source, doc)
    left = [u for u, _lines, _notes in units(source) if u.key not in aligner.found and u.msgctxt != "easy-read"]
    if left and (aligner.found or not aligner.problems):
        shown_left = "; ".join(f"line {u.line} {_words(u.msgid)}" for u in left[:5])
        aligner.notes.append(f"{len(left)} unit(s) of the source have no translation from this document "
                             f"({shown_left}{'; ...' if len(left) > 5 else ''}): translate them in the PO file")
    report.problems, report.notes = aligner.problems, aligner.notes
    report.aligned = len(aligner.found)
    if report.problems and not partial:
        return report
    if aligner.found:
        _write(settings, leaflets, source, code, aligner.found, report, reviewed, force, path.name)
    return report


def _pair_contact(aligner: _Aligner, source: m.Leaflet, doc: _Translated) -> None:
    """Pair the contact line when the translated contact sentence's paragraph is aligned with the
    source paragraph that holds the source's contact line (both found the same way), else say so."""
    said = " ".join(m.plain_text(source.meta.contact).split())
    partner = aligner.partners.get(id(doc.contact_block)) if doc.contact_block is not None else None
    if said and doc.contact and isinstance(partner, m.Paragraph) \
            and said in " ".join(m.plain_text(partner.inlines).split()):
        aligner.pair(_meta_unit(source, 2), write_inlines(doc.contact), "the contact sentence")
    elif said:
        aligner.notes.append(f"the contact line {_words(said)} is not a sentence of the document's text: "
                             "translate it in the PO file")


def _meta_unit(source: m.Leaflet, index: int) -> Unit:
    from pipeline.po.units import walk

    slots = walk(source)
    for _ in range(index):
        next(slots)
    return next(slots).unit


def _write(
    settings: Settings, leaflets: tuple[m.Leaflet, ...], source: m.Leaflet, code: str,
    found: dict[tuple[str | None, str], str], report: TranslationReport, reviewed: bool, force: bool, name: str,
) -> None:
    from pipeline.atomic import write_text_atomic
    from pipeline.po.layout import po_path
    from pipeline.po.pofile import header_text, parse_header, write_po
    from pipeline.po.templates import revision_date
    from pipeline.po.workflow import init_locale, read_catalog, shown

    path = po_path(settings, code, source.meta.slug)
    report.po = shown(settings, path)
    if not path.exists():
        init = init_locale(settings, leaflets, code)
        if init.problems:
            raise InputError(init.problems)
    catalog = read_catalog(settings, path)
    stale = [key for key in found if catalog.find(*key) is None]
    if stale:
        raise InputError([Problem(report.po, 1, 1, f"this PO file is older than the source leaflet "
                                  f"({len(stale)} unit(s) such as {_words(stale[0][1])} are not in it): run "
                                  "`leaflets update`, then import the translation again")])
    entries = []
    for entry in catalog.entries:
        text = None if entry.obsolete else found.get(entry.key)
        if text is None:
            entries.append(entry)
            continue
        if entry.has_text and entry.msgstr == text and (not entry.fuzzy or not reviewed):
            report.unchanged += 1
            entries.append(entry)
            continue
        guess = entry.fuzzy and entry.previous_msgid is not None  # msgmerge's guess from a similar text
        if entry.has_text and entry.msgstr != text and guess:
            report.notes.append(f"{_words(entry.msgid)}: the fuzzy guess {_words(entry.msgstr)} (from "
                                f"{_words(entry.previous_msgid or '')}) was replaced by the document's translation")
        elif entry.has_text and entry.msgstr != text and not force:
            report.kept.append(f"{_words(entry.msgid)} already has the translation {_words(entry.msgstr)} "
                               f"(the document says {_words(text)}); use --force to replace it")
            entries.append(entry)
            continue
        comments = tuple(c for c in entry.translator_comments if not c.startswith(IMPORTED_NOTE))
        entries.append(entry.evolve(
            msgstr=text,
            flags=entry.with_flag("fuzzy", not reviewed).flags,
            previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None,
            translator_comments=(*comments, IMPORTED_NOTE + name),
            extracted_comments=tuple(c for c in entry.extracted_comments if not c.startswith("CHECK: ")),
            raw=None,
        ))
        report.written += 1
    if not report.written:
        return
    fields = parse_header(catalog.header.msgstr)
    fields["PO-Revision-Date"] = revision_date()
    header = catalog.header.evolve(msgstr=header_text(list(fields.items())), raw=None)
    write_text_atomic(path, write_po(replace(catalog, header=header, entries=tuple(entries))))
