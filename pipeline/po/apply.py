"""PO to translated document model: what the build publishes for a locale.

Only entries that are translated and not fuzzy are used (as ``msgfmt`` does: fuzzy matching
carried "24 awr" into the entry for "48 hours" in the research, so a fuzzy entry is never
published as if translated). A translation must also keep the unit's link targets and the
number of bold and emphasis runs, and read as the inline Markdown a leaflet allows; otherwise it
is refused with a ``path:line`` problem and counted as missing. Whether a leaflet with missing
units is published is the ``publish_policy`` setting: ``complete`` (default) publishes only
complete translations; ``fallback`` shows the source text for missing units and a notice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from pipeline import model as m
from pipeline.po.pofile import Catalog, Entry
from pipeline.po.units import walk
from pipeline.problems import Problem
from pipeline.reader import parse_inlines
from pipeline.ui_strings import UI_STRINGS


def _links(inlines: tuple[m.Inline, ...]) -> list[str]:
    found: list[str] = []
    for node in inlines:
        if isinstance(node, m.Link):
            found.append(node.target)
            found.extend(_links(node.children))
        elif isinstance(node, m.Strong | m.Emph):
            found.extend(_links(node.children))
    return found


def _marks(inlines: tuple[m.Inline, ...]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for node in inlines:
        if isinstance(node, m.Strong | m.Emph | m.Link):
            if not isinstance(node, m.Link):
                counts[type(node).__name__] += 1
            counts.update(_marks(node.children))
    return counts


def check_translation(
    original: tuple[m.Inline, ...] | str, msgstr: str
) -> tuple[tuple[m.Inline, ...] | str, str]:
    """The translated node text, or ("", reason) when the translation breaks the unit's markup."""
    if isinstance(original, str):
        if "\n" in msgstr:
            return "", "a plain-text unit cannot hold a line break"
        return msgstr, ""
    try:
        translated = parse_inlines(msgstr)
    except ValueError as exc:
        return "", f"the translation is not valid leaflet Markdown: {exc}"
    want, got = sorted(_links(original)), sorted(_links(translated))
    if want != got:
        lost = sorted((Counter(want) - Counter(got)).elements())
        extra = sorted((Counter(got) - Counter(want)).elements())
        detail = "; ".join(
            part
            for part in (
                f"missing {', '.join(lost)}" if lost else "",
                f"unexpected {', '.join(extra)}" if extra else "",
            )
            if part
        )
        return (
            "",
            f"the translation changes the link targets ({detail}): keep every (...) target as in the source",
        )
    if _marks(original) != _marks(translated):
        return "", (
            "the translation has a different number of **bold** or *emphasis* runs than the source: "
            "keep the marks around the matching words"
        )
    if not translated:
        return "", "the translation is empty after reading its Markdown"
    return translated, ""


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


def translate_leaflet(leaflet: m.Leaflet, catalog: Catalog, locale: str) -> Applied:
    """The leaflet in ``locale``: translated units replaced, missing ones left in the source text."""
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
        value, reason = check_translation(slot.original, entry.msgstr)
        if reason:
            result.refused.append(
                Problem(catalog.path, entry.line, 1, f"{reason} (msgid {entry.msgid[:50]!r})")
            )
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


def labels_from(catalog: Catalog | None) -> tuple[dict[str, str], int]:
    """Interface words from a locale's ui.po (English for any not translated), and how many fell back."""
    labels = dict(UI_STRINGS)
    missing = 0
    for key, english in UI_STRINGS.items():
        entry = catalog.find(key, english) if catalog is not None else None
        if entry is not None and entry.translated:
            labels[key] = entry.msgstr
        else:
            missing += 1
    return labels, missing
