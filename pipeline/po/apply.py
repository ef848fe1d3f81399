"""PO to translated document model: what the build publishes for a locale.

Only entries that are translated and not fuzzy are used (as ``msgfmt`` does: fuzzy matching
carried "24 awr" into the entry for "48 hours" in the research, so a fuzzy entry is never
published as if translated). A translation must also pass the safety rules that
``leaflets check`` applies (``pipeline/check/acceptance.py`` decides for both: numbers, units,
phone numbers, addresses, link targets, bold and emphasis runs, negation) and read as the
inline Markdown a leaflet allows; otherwise it is refused with a ``path:line`` problem and
counted as missing. Whether a leaflet with missing
units is published is the ``publish_policy`` setting: ``complete`` (default) publishes only
complete translations; ``fallback`` shows the source text for missing units and a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline import model as m
from pipeline.check.acceptance import SAFETY_RULES, blocking, describe, read_translation, refusals
from pipeline.po.pofile import Catalog, Entry
from pipeline.po.units import walk
from pipeline.problems import Problem
from pipeline.ui_strings import UI_STRINGS

DEFAULT_BLOCKING = frozenset(SAFETY_RULES)


def check_translation(
    original: tuple[m.Inline, ...] | str, msgstr: str
) -> tuple[tuple[m.Inline, ...] | str, str]:
    """The translated node text, or ("", reason) when the translation breaks the unit's markup."""
    return read_translation(original, msgstr)


@dataclass
class Applied:
    """A leaflet translated from one PO file, and what was missing or refused."""

    leaflet: m.Leaflet
    total: int
    untranslated: int = 0
    fuzzy: int = 0
    refused: list[Problem] = field(default_factory=list)

    @property
    def missing(self) -> int:
        """Units shown in the source language (untranslated, fuzzy or refused)."""
        return self.untranslated + self.fuzzy + len(self.refused)

    @property
    def complete(self) -> bool:
        """True when every unit is translated and accepted."""
        return self.missing == 0


def translate_leaflet(
    leaflet: m.Leaflet, catalog: Catalog, locale: str, rules: frozenset[str] = DEFAULT_BLOCKING
) -> Applied:
    """The leaflet in ``locale``: translated units replaced, missing ones left in the source text.

    A translated unit that breaks a safety rule in ``rules`` (``pipeline/check/acceptance.py``:
    numbers, units, phone numbers, addresses, links, markup, negation) is refused: it is
    counted as missing and named with its ``path:line`` and reason.
    """
    entries: dict[tuple[str | None, str], Entry] = {e.key: e for e in catalog.entries if not e.obsolete}
    translated: dict[tuple[str | None, str], tuple[m.Inline, ...] | str] = {}
    result = Applied(leaflet, 0)
    seen: set[tuple[str | None, str]] = set()
    for slot in walk(leaflet):
        key = slot.unit.key
        if not slot.unit.msgid.strip() or key in seen:
            continue
        seen.add(key)
        result.total += 1
        entry = entries.get(key)
        if entry is None or not entry.has_text:
            result.untranslated += 1
            continue
        if entry.fuzzy:
            result.fuzzy += 1
            continue
        value, reason = read_translation(slot.original, entry.msgstr)
        found = blocking(
            refusals(entry.msgid, entry.msgstr, leaflet.meta.locale, locale, slot.unit.markdown),
            rules,
            _switches(entry),
        )
        if found or reason:
            why = " + ".join(describe(r) for r in found) if found else reason
            result.refused.append(Problem(catalog.path, entry.line, 1, f"{why} (msgid {entry.msgid[:50]!r})"))
            continue
        translated[key] = value

    def inline(original: tuple[m.Inline, ...], ctxt: str | None) -> tuple[m.Inline, ...]:
        from pipeline.markdown_writer import write_inlines

        value = translated.get((ctxt, write_inlines(original)))
        return value if isinstance(value, tuple) else original

    def plain(original: str, ctxt: str | None) -> str:
        value = translated.get((ctxt, original))
        return value if isinstance(value, str) else original

    from pipeline.po.units import map_inlines

    new = map_inlines(leaflet, inline, plain)
    result.leaflet = replace(new, meta=replace(new.meta, locale=locale))
    return result


def _switches(entry: Entry) -> dict[str, str]:
    from pipeline.check.translation import SWITCH_RE

    text = "\n".join(entry.translator_comments)
    return {found.group(1): found.group(2).strip() for found in SWITCH_RE.finditer(text)}


def labels_from(catalog: Catalog | None) -> tuple[dict[str, str], int]:
    """Interface words from a locale's ui.po (English for any not translated), and how many fell back."""
    labels, missing, _ = checked_labels(catalog, None)
    return labels, missing


def checked_labels(
    catalog: Catalog | None, locale: str | None, rules: frozenset[str] = DEFAULT_BLOCKING
) -> tuple[dict[str, str], int, list[Problem]]:
    """``labels_from``, with each translation held to the safety rules when ``locale`` is given.

    A refused interface word (the licence's "4.0" changed, say) is shown in English and named.
    """
    labels = dict(UI_STRINGS)
    missing = 0
    refused: list[Problem] = []
    for key, english in UI_STRINGS.items():
        entry = catalog.find(key, english) if catalog is not None else None
        if entry is None or not entry.translated:
            missing += 1
            continue
        found = blocking(refusals(english, entry.msgstr, "en", locale, False), rules, _switches(entry)) \
            if locale is not None else []
        if found and catalog is not None:
            missing += 1
            why = " + ".join(describe(r) for r in found)
            refused.append(Problem(catalog.path, entry.line, 1, f"{why} (interface words, key {key!r})"))
            continue
        labels[key] = entry.msgstr
    return labels, missing, refused
