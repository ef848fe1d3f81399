"""Translation checks, per locale, on units read from PO files.

A unit is ``(msgctxt, msgid, msgstr, fuzzy, PO path, PO line)`` plus the translator's
comments, so the checks can be tested on plain fixtures and fed from any PO reader.
Numbers are compared as values with babel's locale-aware parsing: "10,000" in English and
"10 000" in Polish agree, "24" and "42" do not. Phone numbers, addresses and link targets
are compared exactly, because a patient acts on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from pipeline.check.findings import Finding, Severity
from pipeline.problems import InputError

SWITCH_RE = re.compile(r"leaflets-disable\s+([a-z0-9][a-z0-9-]*)\s*:\s*(\S.*)")
LINK_RE = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(([^)\s]+)\)")
URL_RE = re.compile(r"\bhttps?://[^\s<>()\]]+[^\s<>()\].,;:!?'\"]")
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE_RE = re.compile(r"(?<![\w.,])\+?\d[\d \u00a0\-()]{5,}\d(?![\w])")
NUMBER_RE = re.compile(r"\d+(?:(?:[.,\u00a0\u202f'’\u066c]|\s)\d{3}(?!\d))*(?:[.,\u066b]\d+)?")


@dataclass(frozen=True)
class PoUnit:
    """One translation unit as a PO file holds it."""

    msgctxt: str
    msgid: str
    msgstr: str
    fuzzy: bool
    path: str
    line: int
    comments: str = ""
    switches: dict[str, str] = field(default_factory=dict, compare=False)
    markdown: bool | None = None  # the unit's kind when known from the leaflet (None: from the PO file alone)

    @property
    def translated(self) -> bool:
        """True when the unit has a translation that may be published (not empty, not fuzzy)."""
        return bool(self.msgstr) and not self.fuzzy


def read_po_units(path: Path, shown: str, locale: str | None = None) -> list[PoUnit]:
    """The units of one PO file; a file that cannot be used is an input error (exit 2).

    The file is read as ``update``, ``status`` and ``build`` read it (``pipeline.po.pofile``:
    every syntax problem as ``path:line``, a BOM or CRLF read through) and, given the
    ``locale``, its header is judged by the same rules (``check_header``).
    """
    from pipeline.inputs import read_input
    from pipeline.po.pofile import normalise_bytes, read_po

    catalog = read_po(normalise_bytes(read_input(path, shown, "po"), shown)[0], shown)
    if locale is not None:
        from pipeline.po.templates import check_header

        problems = check_header(catalog, locale)
        if problems:
            raise InputError(problems)
    units: list[PoUnit] = []
    for entry in catalog.entries:
        if entry.obsolete or not entry.msgid:
            continue
        plural = entry.msgstr_plural[0] if entry.msgstr_plural else ""
        msgstr = entry.msgstr if not entry.msgid_plural else plural
        comments = "\n".join(entry.translator_comments)
        units.append(
            PoUnit(
                entry.msgctxt or "",
                entry.msgid,
                msgstr,
                "fuzzy" in entry.flags,
                shown,
                entry.line or 1,
                comments,
                _switches(comments),
            )
        )
    return units


def _switches(comments: str) -> dict[str, str]:
    return {m.group(1): m.group(2).strip() for m in SWITCH_RE.finditer(comments)}


class _DigitTable(dict[int, int | str]):
    """``str.translate`` table, filled as characters are met: a digit of any script -> ASCII."""

    def __missing__(self, code: int) -> int | str:
        ch = chr(code)
        value: int | str = str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else code
        self[code] = value
        return value


_DIGITS = _DigitTable()


def ascii_digits(text: str) -> str:
    """Any script's digits (Arabic-Indic, Devanagari ...) as ASCII digits."""
    return text if text.isascii() else text.translate(_DIGITS)


def strip_markup(text: str) -> str:
    """Link targets removed (their digits are not numbers in the text), link text kept."""
    return LINK_RE.sub(lambda m: m.group(1), text)


def phones(text: str) -> list[str]:
    """Phone numbers as digit strings ("01234 567 890" -> "01234567890"): 7 or more digits."""
    out = []
    for found in PHONE_RE.finditer(ascii_digits(strip_markup(text))):
        digits = re.sub(r"\D", "", found.group(0))
        grouped = bool(re.search(r"[\s\-()\u00a0]", found.group(0)))
        if (
            len(digits) >= 7
            and (grouped or found.group(0).startswith(("0", "+")))
            and not _is_grouped_number(found.group(0))
        ):
            out.append(("+" if found.group(0).startswith("+") else "") + digits)
    return sorted(out)


def _is_grouped_number(token: str) -> bool:
    # "1 000 000" is a number with space grouping, not a phone number.
    return bool(re.fullmatch(r"\d{1,3}(?:[ \u00a0]\d{3})+", token.strip()))


def urls(text: str) -> list[str]:
    """Web addresses in the text and in link targets."""
    plain = [u for u in URL_RE.findall(strip_markup(text))]
    return sorted(plain)


def emails(text: str) -> list[str]:
    """Email addresses, lower-cased."""
    return sorted(e.lower() for e in EMAIL_RE.findall(strip_markup(text).replace("mailto:", " ")))


def link_targets(text: str) -> list[str]:
    """Targets of Markdown links, in order."""
    return sorted(m.group(2) for m in LINK_RE.finditer(text))


def emphasis(text: str) -> tuple[int, int]:
    """How many bold and how many italic markers a unit has."""
    plain = LINK_RE.sub(lambda m: m.group(1), text)
    bold = len(re.findall(r"\*\*|__", plain))
    rest = re.sub(r"\*\*|__", "", plain)
    italic = len(re.findall(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])", rest))
    return bold, italic


def numbers(text: str, locale: str) -> list[Decimal]:
    """Every number in the text as a value, read the way the locale writes numbers."""
    plain = ascii_digits(strip_markup(text))
    for pattern in (URL_RE, EMAIL_RE):
        plain = pattern.sub(" ", plain)
    for found in PHONE_RE.finditer(plain):
        digits = re.sub(r"\D", "", found.group(0))
        if len(digits) >= 7 and not _is_grouped_number(found.group(0)):
            plain = plain.replace(found.group(0), " ")
    return sorted(_value(tok, locale) for tok in NUMBER_RE.findall(plain))


@lru_cache(maxsize=64)
def _babel_locale(locale: str) -> Locale | None:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def _value(token: str, locale: str) -> Decimal:
    loc = _babel_locale(locale)
    if loc is None:
        return Decimal(re.sub(r"\D", "", token) or "0")
    group, decimal = get_group_symbol(loc), get_decimal_symbol(loc)
    token = token.replace("\u066c", group).replace("\u066b", decimal)
    # Space, narrow and no-break spaces all group thousands; babel wants the locale's own one.
    token = (
        re.sub(r"[ \u00a0\u202f]", group, token) if group.isspace() else re.sub(r"[ \u00a0\u202f]", "", token)
    )
    try:
        # strict: a grouping mark must be followed by groups of three digits, so "4.0" in
        # Spanish (where "." groups thousands) is not read as 40
        return parse_decimal(token, locale=loc, strict=True)
    except NumberFormatError:
        pass
    single = re.fullmatch(r"(\d+)[.,](\d+)", token)
    if single and len(single.group(2)) != 3:
        # one mark not followed by three digits can only be a decimal point ("2.1", "1,5")
        return Decimal(f"{single.group(1)}.{single.group(2)}")
    try:
        return parse_decimal(token, locale=loc)
    except NumberFormatError:
        return Decimal(re.sub(r"\D", "", token) or "0")


# --- the checks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TranslationLimits:
    """Limits for the length check (``check.length_ratio_min`` and ``max``)."""

    ratio_min: float = 0.5
    ratio_max: float = 2.0
    min_chars: int = 20
    usual: float = 1.0  # the locale's median length ratio: Arabic runs shorter than English, Welsh longer


MESSAGES: dict[str, tuple[Severity, str, str]] = {
    "untranslated": (
        "error",
        "This unit is not translated.",
        "Translate it, or the locale cannot be published.",
    ),
    "fuzzy": (
        "error",
        "This translation is marked fuzzy: the source changed since it was translated.",
        "Check the translation against the new source, then remove the fuzzy flag.",
    ),
    "markup-changed": (
        "error",
        "Formatting or links differ from the source: {detail}.",
        "Keep every link target exactly, and the same bold and italic parts.",
    ),
    "number-changed": (
        "error",
        "Numbers differ from the source: {detail}.",
        "Give the same numbers as the source (the locale's own digits and separators are fine).",
    ),
    "phone-changed": (
        "error",
        "Phone numbers differ from the source: {detail}.",
        "Copy the phone number exactly: a patient will ring it.",
    ),
    "unit-changed": (
        "error",
        "Units after a number differ from the source: {detail}.",
        "Give each amount with the same unit as the source (500 mg stays 500 mg).",
    ),
    "negation-dropped": (
        "error",
        "The source says {detail} but the translation has no word that negates: the meaning may be the opposite.",
        "Keep the negation ('Do not drive' must not become 'Drive'); if the language negates another "
        "way, say so with '# leaflets-disable negation-dropped: reason'.",
    ),
    "url-changed": ("error", "Web addresses differ from the source: {detail}.", "Copy the address exactly."),
    "email-changed": (
        "error",
        "Email addresses differ from the source: {detail}.",
        "Copy the address exactly.",
    ),
    "identical-to-source": (
        "warning",
        "The translation is the same as the source text.",
        "Translate it; if it really is the same in this language, say so with "
        "'# leaflets-disable identical-to-source: reason'.",
    ),
    "length-ratio": (
        "warning",
        "The translation is {detail}.",
        "Check nothing was left out or added.",
    ),
    "whitespace-changed": (
        "warning",
        "Leading or trailing space differs from the source.",
        "Start and end the translation as the source does.",
    ),
}
TRANSLATION_RULES = tuple(MESSAGES)


def check_units(
    units: Iterable[PoUnit],
    source_locale: str,
    locale: str,
    leaflet: str,
    limits: TranslationLimits = TranslationLimits(),
) -> list[Finding]:
    """Every translation finding for one locale of one leaflet.

    The length check is relative to the locale's own median length ratio, so a language that
    is simply more compact (Arabic) or longer (Welsh) than English is not flagged unit by unit.
    """
    import statistics
    from dataclasses import replace as dc_replace

    units = list(units)
    ratios = [
        len(u.msgstr.strip()) / len(u.msgid.strip())
        for u in units
        if u.translated and len(u.msgid.strip()) >= limits.min_chars
    ]
    if len(ratios) >= 5:
        limits = dc_replace(limits, usual=statistics.median(ratios))
    findings: list[Finding] = []
    for unit in units:
        for rule, detail in _check_unit(unit, source_locale, locale, limits):
            severity, message, suggestion = MESSAGES[rule]
            findings.append(
                Finding(
                    rule,
                    severity,
                    unit.path,
                    unit.line,
                    1,
                    unit.msgstr or unit.msgid,
                    message.replace("{detail}", detail),
                    suggestion,
                    leaflet,
                    locale,
                    "translation",
                    unit.msgid,
                    unit.msgctxt,
                )
            )
    return findings


def _check_unit(unit: PoUnit, src: str, dst: str, limits: TranslationLimits) -> list[tuple[str, str]]:
    if not unit.msgstr:
        return [("untranslated", "")]
    out: list[tuple[str, str]] = []
    if unit.fuzzy:
        out.append(("fuzzy", ""))
    a, b = unit.msgid, unit.msgstr
    from pipeline.check.acceptance import refusals

    # the safety rules are decided in one place, the same for the build (pipeline/check/acceptance.py)
    out.extend((r.rule, r.detail) for r in refusals(a, b, src, dst, unit.markdown))
    if a.strip() == b.strip() and sum(1 for w in a.split() if any(c.isalpha() for c in w)) >= 2:
        out.append(("identical-to-source", ""))
    if len(a.strip()) >= limits.min_chars:
        ratio = len(b.strip()) / len(a.strip())
        relative = ratio / limits.usual
        if not limits.ratio_min <= relative <= limits.ratio_max:
            usual = f" (this locale's usual is {limits.usual:.2f})" if limits.usual != 1.0 else ""
            out.append(("length-ratio", f"{ratio:.2f} times as long as the source{usual}"))
    if _edges(a) != _edges(b):
        out.append(("whitespace-changed", ""))
    return [(rule, detail) for rule, detail in out if rule not in unit.switches]


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def _show(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _diff(source: list[str], target: list[str]) -> str:
    missing = list((Counter(source) - Counter(target)).elements())
    extra = list((Counter(target) - Counter(source)).elements())
    parts = []
    if missing:
        parts.append("missing " + ", ".join(missing))
    if extra:
        parts.append("added " + ", ".join(extra))
    return "; ".join(parts) or "different order"
