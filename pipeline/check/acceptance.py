"""Which translations may be published: the one decision ``check``, ``status`` and ``build`` share.

A translated unit is accepted only when it keeps what a patient acts on: the same numbers (read
with the locale's separators), the same units after them ("500 mg" is not "500 g", "24 hours"
is not "24 days"), the same phone numbers, web and email addresses, link targets and bold or
emphasis runs, and its negation ("Do not drive" must not come back as "Drive"). It must also
read as the inline Markdown a leaflet allows. ``leaflets check`` reports each failure as an
error finding; ``leaflets build`` shows the unit in the source language (under the publish
policy) and names it with ``path:line`` and the reason; ``leaflets status`` counts it as not
publishable. The word lists are data: ``pipeline/rules/safety/*.toml``.

A translator may switch a rule off for one unit with a reasoned comment
(``# leaflets-disable number-changed: the Welsh writes the number as a word``), and a project
may re-level a rule in ``[tool.leaflets.check] severity`` or ``disable``: the build then
follows the same decision as the gate, so the two never disagree.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from pipeline import model as m
from pipeline.check.translation import (
    NUMBER_RE,
    _diff,
    _show,
    _value,
    ascii_digits,
    emails,
    emphasis,
    link_targets,
    numbers,
    phones,
    strip_markup,
    urls,
)

# The rules that stop a unit being published, in the order they are reported.
SAFETY_RULES: tuple[str, ...] = (
    "markup-changed",
    "number-changed",
    "unit-changed",
    "phone-changed",
    "url-changed",
    "email-changed",
    "negation-dropped",
)

@dataclass(frozen=True)
class Refusal:
    """Why one translation may not be published: the rule and what differs."""

    rule: str
    detail: str


# --- word lists (data files) ---------------------------------------------------------------


@cache
def _data(name: str) -> dict[str, Any]:
    text = resources.files("pipeline").joinpath(f"rules/safety/{name}").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _language(locale: str) -> str:
    return re.split(r"[_\-@]", locale, maxsplit=1)[0].lower()


@cache
def _negation_table(
    language: str,
) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    entry = _data("negations.toml").get(language)
    if entry is None:
        return None
    words = frozenset(w.casefold() for w in entry.get("words", []))
    return (words, tuple(entry.get("prefixes", [])), tuple(entry.get("suffixes", [])),
            tuple(entry.get("stems", [])))


def negation_languages() -> tuple[str, ...]:
    """The languages whose negation words are known (others are not checked for negation)."""
    return tuple(sorted(_data("negations.toml")))


_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


def negations(text: str, locale: str) -> Counter[str] | None:
    """The negating words of ``text`` in the locale's language (None when the language is not listed)."""
    table = _negation_table(_language(locale))
    if table is None:
        return None
    words, prefixes, suffixes, stems = table
    found: Counter[str] = Counter()
    plain = unicodedata.normalize("NFC", strip_markup(text))
    for token in _WORD_RE.findall(plain):
        word = token.casefold().replace("’", "'")
        if word in words or word.endswith(suffixes) or word.startswith(stems):
            found[word] += 1
            continue
        for prefix in prefixes:
            if word.startswith(prefix) and word[len(prefix) :] in words:
                found[word[len(prefix) :]] += 1
                break
    return found


@cache
def _unit_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical: dict[str, str] = {}
    for name, spellings in _data("dose-units.toml")["units"].items():
        for spelling in spellings:
            canonical[spelling.casefold()] = name
    # longest first, so "mmol/l" wins over "mmol" and "ملی گرام" over "مل"
    alternatives = "|".join(re.escape(s) for s in sorted(canonical, key=len, reverse=True))
    pattern = re.compile(
        rf"({NUMBER_RE.pattern})[ \u00a0\u202f]?({alternatives})(?![\w])", re.IGNORECASE
    )
    return pattern, canonical


def amounts(text: str, locale: str) -> list[tuple[Decimal, str]]:
    """Every "<number> <unit>" in the text as (value, unit name): "500 mg" -> (500, "mg")."""
    pattern, canonical = _unit_pattern()
    plain = ascii_digits(strip_markup(text))
    out = []
    for match in pattern.finditer(plain):
        unit = canonical.get(match.group(2).casefold())
        if unit is not None:
            out.append((_value(match.group(1), locale), unit))
    return sorted(out)


# --- the decision --------------------------------------------------------------------------


def inline_links(inlines: tuple[m.Inline, ...]) -> list[str]:
    """The link targets of inline runs, in order (links inside bold and emphasis included)."""
    found: list[str] = []
    for node in inlines:
        if isinstance(node, m.Link):
            found.append(node.target)
            found.extend(inline_links(node.children))
        elif isinstance(node, m.Strong | m.Emph):
            found.extend(inline_links(node.children))
    return found


def _marks(inlines: tuple[m.Inline, ...]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for node in inlines:
        if isinstance(node, m.Strong | m.Emph | m.Link):
            if not isinstance(node, m.Link):
                counts[type(node).__name__] += 1
            counts.update(_marks(node.children))
    return counts


def read_translation(
    original: tuple[m.Inline, ...] | str, msgstr: str
) -> tuple[tuple[m.Inline, ...] | str, str]:
    """The translated node (inline runs or plain text), or ("", reason) when its markup is broken."""
    if isinstance(original, str):
        if "\n" in msgstr:
            return "", "the translation has a line break, which a plain-text unit cannot hold"
        return msgstr, ""
    from pipeline.reader import parse_inlines

    try:
        translated = parse_inlines(msgstr)
    except ValueError as exc:
        return "", f"the translation is not valid leaflet Markdown: {exc}"
    want, got = sorted(inline_links(original)), sorted(inline_links(translated))
    if want != got:
        return "", (
            f"the translation changes the link targets ({_diff(want, got)}): keep every (...) target "
            "as in the source"
        )
    if _marks(original) != _marks(translated):
        return "", (
            "the translation has a different number of **bold** or *emphasis* runs than the source: "
            "keep the marks around the matching words"
        )
    if not translated:
        return "", "the translation is empty after reading its Markdown"
    return translated, ""


@lru_cache(maxsize=16384)  # the same msgids meet the same translations in check, status and build
def refusals(
    msgid: str, msgstr: str, source_locale: str, locale: str, markdown: bool | None = None
) -> tuple[Refusal, ...]:
    """Every safety rule the translation ``msgstr`` of ``msgid`` breaks (empty: it may be published).

    ``markdown``: True when the unit is inline Markdown, False for plain text, None when the
    caller does not know (the gate reading a PO file alone): then markup is compared by its marks.
    """
    out: list[Refusal] = []
    if markdown is None:
        a_links, b_links = link_targets(msgid), link_targets(msgstr)
        if a_links != b_links:
            out.append(Refusal("markup-changed", _diff(a_links, b_links)))
        elif emphasis(msgid) != emphasis(msgstr):
            out.append(Refusal(
                "markup-changed",
                f"bold/italic markers {emphasis(msgid)} in the source, {emphasis(msgstr)} here"))
    else:
        original: tuple[m.Inline, ...] | str = msgid
        if markdown:
            from pipeline.reader import parse_inlines

            try:
                original = parse_inlines(msgid)
            except ValueError:
                original = msgid
        _, reason = read_translation(original, msgstr)
        if reason:
            out.append(Refusal("markup-changed", reason))
    na, nb = numbers(msgid, source_locale), numbers(msgstr, locale)
    if na != nb:
        out.append(Refusal("number-changed", _diff([_show(n) for n in na], [_show(n) for n in nb])))
    ua, ub = amounts(msgid, source_locale), amounts(msgstr, locale)
    changed = Counter(ub) - Counter(ua)
    if changed and na == nb:  # a changed number is already refused: the unit check adds the unit case
        wanted = Counter(ua) - Counter(ub)
        detail = "; ".join(
            part for part in (
                "missing " + ", ".join(f"{_show(v)} {u}" for v, u in sorted(wanted.elements())) if wanted else "",
                "added " + ", ".join(f"{_show(v)} {u}" for v, u in sorted(changed.elements())),
            ) if part
        )
        out.append(Refusal("unit-changed", detail))
    if phones(msgid) != phones(msgstr):
        out.append(Refusal("phone-changed", _diff(phones(msgid), phones(msgstr))))
    if urls(msgid) != urls(msgstr):
        out.append(Refusal("url-changed", _diff(urls(msgid), urls(msgstr))))
    if emails(msgid) != emails(msgstr):
        out.append(Refusal("email-changed", _diff(emails(msgid), emails(msgstr))))
    source_neg, target_neg = negations(msgid, source_locale), negations(msgstr, locale)
    if source_neg and target_neg is not None and not target_neg:
        said = ", ".join(f"'{w}'" for w in sorted(source_neg))
        out.append(Refusal("negation-dropped", said))
    return tuple(out)


def blocking_rules(check_settings: Mapping[str, Any]) -> frozenset[str]:
    """The safety rules that stop publication under these ``[tool.leaflets.check]`` settings.

    Each is an error unless the project switched it off (``disable``) or re-levelled it
    (``severity``): then the gate does not fail on it either, and the build follows the gate.
    """
    disabled = set(check_settings.get("disable", ()))
    levels = dict(check_settings.get("severity", {}))
    return frozenset(r for r in SAFETY_RULES if r not in disabled and levels.get(r, "error") == "error")


def blocking(
    found: Iterable[Refusal], rules: frozenset[str], switched_off: Mapping[str, str]
) -> list[Refusal]:
    """The refusals that stop publication: a blocking rule not switched off for this unit."""
    return [r for r in found if r.rule in rules and r.rule not in switched_off]


def describe(refusal: Refusal) -> str:
    """A refusal as a sentence a translator can act on (the gate's own message and advice)."""
    from pipeline.check.translation import MESSAGES

    if refusal.rule == "markup-changed" and refusal.detail.startswith("the translation"):
        return f"{refusal.rule}: {refusal.detail}"  # the reader's own reason says what to do
    _, message, advice = MESSAGES[refusal.rule]
    return f"{refusal.rule}: {message.replace('{detail}', refusal.detail)} {advice}"
