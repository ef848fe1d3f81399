"""Front-matter facts in an imported document's own words: dates, version, organisation, contact.

A leaflet written in Word or on a web page states its review date, version and publisher in
lines such as "Review date: March 2028" or "© 2026 Example NHS Foundation Trust" (labels in
``facts.toml``). A line that is only such a fact fills its front-matter key and leaves the body;
the first UK phone number (or else e-mail address) in the text, with its sentence, becomes the
contact. Nothing is guessed beyond that: a date written as a month is read as the month's first
day, and the report says so for the author to check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.readers.draft import Imported

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})$", re.I)
_MONTH_YEAR = re.compile(rf"^({_MONTH})\.?,?\s+(\d{{4}})$", re.I)
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")  # UK order: day, month, year
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_VERSION = re.compile(r"^v?(\d{1,3}(?:\.\d{1,3}){0,2})$", re.I)
# 10 or 11 digits starting 0 (or +44), spaced as people write them; never 999 or 111
PHONE = re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?![\d])")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


@functools.cache
def _data() -> dict[str, Any]:
    return tomllib.loads((Path(__file__).parent / "facts.toml").read_text(encoding="utf-8"))


def parse_date(text: str) -> tuple[dt.date, bool] | None:
    """A date as UK leaflets write it, and whether only its month was given; None if it is not one."""
    text = " ".join(text.strip().rstrip(".").split())
    try:
        if found := _ISO.match(text):
            return dt.date(int(found[1]), int(found[2]), int(found[3])), False
        if found := _NUMERIC.match(text):
            return dt.date(int(found[3]), int(found[2]), int(found[1])), False
        if found := _DAY_MONTH_YEAR.match(text):
            return dt.date(int(found[3]), MONTHS[found[2].lower()], int(found[1])), False
        if found := _MONTH_YEAR.match(text):
            return dt.date(int(found[2]), MONTHS[found[1].lower()], 1), True
    except ValueError:
        return None
    return None


def tel_target(number: str) -> str:
    """The ``tel:`` link for a UK number as written: ``01632 960 123`` -> ``tel:+441632960123``."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    if digits.startswith("44"):
        return "tel:+" + digits
    return "tel:+44" + digits[1:]


def _fact(line: str) -> tuple[str, str] | None:
    """(key, value) when ``line`` is only a labelled fact."""
    text = " ".join(line.split()).strip()
    low = text.lower()
    for key, labels in _data()["labels"].items():
        for label in sorted(labels, key=len, reverse=True):
            found = re.match(rf"^{re.escape(label)}\s*(?:[:\-–—]\s*|\s)(.+)$", low)
            if found:
                return key, text[len(text) - len(found[1]):].strip().rstrip(".")
    for mark in _data()["organisation_marks"]:
        if low.startswith(mark):
            rest = re.sub(r"^\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,.:]*", "", text[len(mark):])
            if rest:
                return "organisation", rest.rstrip(".").strip()
    if len(text) < 80 and not text.endswith((".", "?", "!")) and any(
            low.endswith(end) for end in _data()["organisation_endings"]) and text[:1].isupper() \
            and all(w[:1].isupper() or w.lower() in ("and", "of", "the", "for", "&") for w in text.split()):
        return "organisation", text
    return None


def find_facts(imported: Imported) -> None:
    """Fill ``imported.meta`` (and its contact) from the text; fact-only lines leave the body."""
    sections = []
    for section in imported.sections:
        blocks: list[m.Block] = []
        for block in section.blocks:
            if isinstance(block, m.Paragraph) and _take(block.inlines, imported, section):
                continue
            blocks.append(block)
        sections.append(dataclasses.replace(section, blocks=tuple(blocks)))
    imported.sections = tuple(s for s in sections if s.blocks or s.easy_read or _keep_empty(s, sections))
    published, review = imported.meta.get("published"), imported.meta.get("review_due")
    if published and review and review <= published:
        del imported.meta["review_due"]
        imported.notes.append(f"the review date ({review}) is not after the publication date ({published}): "
                              "review_due is left for you to fill in")
    if not imported.contact:
        _contact(imported)


def _keep_empty(section: m.Section, sections: list[m.Section]) -> bool:
    # a heading with sub-sections under it keeps its place even with no text of its own
    index = sections.index(section)
    return section.level == 2 and index + 1 < len(sections) and sections[index + 1].level == 3


def _take(inlines: tuple[m.Inline, ...], imported: Imported, section: m.Section) -> bool:
    """Read each line of a paragraph as a fact; True when every line was one (the paragraph goes)."""
    lines: list[str] = [""]
    for node in inlines:
        if isinstance(node, m.LineBreak):
            lines.append("")
        else:
            lines[-1] += m.plain_text((node,))
    parts = [p for line in lines for p in re.split(r"\s+\|\s+", line) if p.strip()]
    found = [_fact(p) for p in parts]
    if not parts or any(f is None for f in found):
        return False
    heading = m.plain_text(section.heading)
    for key, value in (f for f in found if f is not None):
        _store(imported, key, value, heading)
    return True


def _store(imported: Imported, key: str, value: str, heading: str) -> None:
    shown = f"section '{heading[:40]}': '{value[:40]}'"
    if key in ("published", "review_due"):
        parsed = parse_date(value)
        if parsed is None:
            imported.notes.append(f"{shown} is not a date this importer reads: {key} is left for you to fill in")
            return
        date, month_only = parsed
        value = date.isoformat()
        if month_only:
            imported.notes.append(f"{shown} gives only a month: {key} is {value}; check it")
    elif key == "version":
        found = _VERSION.match(value.strip())
        if found is None:
            imported.notes.append(f"{shown} is not a version number: version is left for you to fill in")
            return
        value = found[1]
    if key in imported.meta:
        if imported.meta[key] != value:
            imported.notes.append(f"{shown}: {key} is already {imported.meta[key]}; this one was left out")
        return
    imported.meta[key] = value
    imported.notes.append(f"{shown} moved into the front matter as {key}")


def _contact(imported: Imported) -> None:
    for section in imported.sections:
        for block in section.blocks:
            if not isinstance(block, m.Paragraph):
                continue
            text = " ".join(m.plain_text(block.inlines).split())
            for pattern, scheme in ((PHONE, "tel"), (EMAIL, "mailto")):
                found = pattern.search(text)
                if not found:
                    continue
                start = max(text.rfind(". ", 0, found.start()) + 2, 0) if ". " in text[:found.start()] else 0
                end = text.find(". ", found.end())
                sentence = text[start: end + 1 if end != -1 else len(text)].strip()
                number = found[0]
                before, _, after = sentence.partition(number)
                target = tel_target(number) if scheme == "tel" else f"mailto:{number}"
                imported.contact = tuple(n for n in (m.Text(before), m.Link(target, (m.Text(number),)),
                                                     m.Text(after)) if not isinstance(n, m.Text) or n.text)
                imported.notes.append(f"section '{m.plain_text(section.heading)[:40]}': '{sentence[:60]}' is the "
                                      "contact in the front matter; check it")
                return
