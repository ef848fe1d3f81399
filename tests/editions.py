"""Translated editions built directly from the document model, for tests of the writers.

The demonstration translations arrive as PO files from another workstream; these tests must not
wait for them. ``pseudo_translate`` keeps the sample leaflet's whole structure (sections, tables,
call-outs, glossary, easy-read points, pictures, links) and replaces every piece of text with a
phrase in the target script that keeps the source's digits, so numbers and phone numbers still
appear inside right-to-left sentences exactly where a real translation puts them.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.build import Edition
from pipeline.reader import read_leaflet
from pipeline.ui_strings import english_labels

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "sacroiliac-joint-injection.md"

PHRASES = {
    "ar": "اتصل بعيادة الألم",
    "ur": "درد کے کلینک کو فون کریں",
    "cy": "Ffoniwch y clinig poen",
    "pl": "Zadzwoń do poradni leczenia bólu",
}
LABELS = {
    "ar": {"contents": "المحتويات", "skip_to_content": "انتقل إلى المحتوى الرئيسي", "warning": "تحذير",
           "contact": "هل لديك أسئلة؟", "easy_read_version": "النسخة سهلة القراءة"},
    "ur": {"contents": "فہرست", "skip_to_content": "مرکزی مواد پر جائیں", "warning": "انتباہ"},
    "cy": {"contents": "Cynnwys", "skip_to_content": "Neidio i'r prif gynnwys", "warning": "Rhybudd"},
    "pl": {"contents": "Spis treści", "skip_to_content": "Przejdź do treści", "warning": "Ostrzeżenie"},
}
DIGITS = re.compile(r"\d[\d ,.]*\d|\d")


def sample() -> m.Leaflet:
    """The sample leaflet, read from the repository."""
    return read_leaflet(SAMPLE, ROOT)


def _say(text: str, locale: str) -> str:
    if not text.strip() or re.fullmatch(r"[\d\s+().-]+", text):
        return text  # whitespace and bare numbers (a phone number's link text) stay as they are
    # numbers joined by a word, as in a real sentence ("1 in 10,000"), not run together
    numbers = f" {PHRASES[locale].split()[0]} ".join(DIGITS.findall(text))
    said = f"{PHRASES[locale]} {numbers}".rstrip() + ("." if text.rstrip().endswith(".") else "")
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return lead + said + trail


def _map(value: Any, locale: str, counter: list[int]) -> Any:
    if isinstance(value, tuple):
        return tuple(_map(v, locale, counter) for v in value)
    if isinstance(value, m.Text):
        return m.Text(_say(value.text, locale))
    if isinstance(value, m.GlossaryEntry):
        counter[0] += 1
        return dataclasses.replace(value, term=f"{PHRASES[locale].split()[0]} {counter[0]}",
                                   meaning=_map(value.meaning, locale, counter))
    if isinstance(value, m.Section):
        # distinct headings, as a real translation has: sections are landmarks named by them
        counter[0] += 1
        heading = (m.Text(f"{PHRASES[locale]} {counter[0]}"),)
        return replace_fields(value, locale, counter, heading=heading)
    if isinstance(value, m.Picture):
        return dataclasses.replace(value, alt=_say(value.alt, locale))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return replace_fields(value, locale, counter)
    return value


def replace_fields(value: Any, locale: str, counter: list[int], **fixed: Any) -> Any:
    """A copy of a model node with every nested node translated (``fixed`` fields as given)."""
    changes = {f.name: _map(getattr(value, f.name), locale, counter) for f in dataclasses.fields(value)
               if f.name not in fixed and (isinstance(getattr(value, f.name), tuple)
                                           or dataclasses.is_dataclass(getattr(value, f.name)))}
    return dataclasses.replace(value, **changes, **fixed)


def pseudo_translate(leaflet: m.Leaflet, locale: str) -> m.Leaflet:
    """The leaflet with every text in ``locale``'s script (digits kept), structure unchanged."""
    translated: m.Leaflet = _map(leaflet, locale, [0])
    meta = dataclasses.replace(translated.meta, locale=locale, title=f"{PHRASES[locale]} 1",
                               summary=_say(leaflet.meta.summary, locale))
    return dataclasses.replace(translated, meta=meta)


def edition(locale: str, leaflet: m.Leaflet | None = None) -> Edition:
    """A published edition of the sample (or of ``leaflet``) in ``locale`` with translated labels."""
    base = leaflet or sample()
    if locale == base.meta.locale:
        return Edition(base, locale, english_labels())
    return Edition(pseudo_translate(base, locale), locale, {**english_labels(), **LABELS.get(locale, {})})


def with_text(leaflet: m.Leaflet, text: str) -> m.Leaflet:
    """The leaflet with ``text`` as its title, first heading, first paragraph, a glossary word,
    an easy-read point and a picture's alt text: every place a translator's words reach."""
    first = leaflet.sections[0]
    blocks = (m.Paragraph((m.Text(text),)), *first.blocks)
    points = (m.EasyReadPoint(m.Picture("doctor", text), (m.Text(text),)), *first.easy_read)
    sections = (dataclasses.replace(first, heading=(m.Text(text),), blocks=blocks, easy_read=points),
                *leaflet.sections[1:])
    last = sections[-1]
    glossary = m.Glossary((m.GlossaryEntry(text, (m.Text(text),)),))
    sections = (*sections[:-1], dataclasses.replace(last, blocks=(*last.blocks, glossary)))
    meta = dataclasses.replace(leaflet.meta, title=text, summary=text)
    return dataclasses.replace(leaflet, meta=meta, sections=sections)
