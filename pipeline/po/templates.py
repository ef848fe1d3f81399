"""Templates (POT) from the document model, and PO headers with babel's locale data.

babel does what it does well here: it validates locale codes and gives each locale's
``Plural-Forms`` from CLDR (gettext's own ``msginit`` writes none for Welsh or Arabic).
Headers carry no creation clock: the POT date is the leaflet's publication date, so
re-running extract on an unchanged leaflet changes no byte.
"""

from __future__ import annotations

import difflib
import re
import time

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from babel.messages.catalog import Catalog as BabelCatalog

from pipeline import model as m
from pipeline.environment import source_date_epoch
from pipeline.locale_info import gettext_code
from pipeline.po.layout import UI_DOMAIN as UI_DOMAIN
from pipeline.po.plural import SAMPLES, parse_plural_forms
from pipeline.po.pofile import Catalog, Entry, header_text, parse_header
from pipeline.po.units import Unit, ui_units, units
from pipeline.problems import Problem

# xgettext's placeholders: a template's header names every field a translation will fill.
_TEMPLATE_PLACEHOLDERS = [
    ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
    ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
    ("Language-Team", "LANGUAGE <LL@li.org>"),
    ("Language", ""),
]


# The date the interface words last changed: ui.pot's POT-Creation-Date. A constant, not the
# clock, so extracting twice changes no byte; move it on when UI_STRINGS change.
UI_TEMPLATE_DATE = "2026-12-03 00:00+0000"
# xgettext writes this field empty unless told where to report problems in the source text;
# PO tools (Poedit, Lokalize, msginit) expect it to be there.
_BUGS_TO = ("Report-Msgid-Bugs-To", "")


def _generator() -> tuple[str, str]:
    from pipeline import __version__

    return ("X-Generator", f"leaflets {__version__}")


class LocaleError(ValueError):
    """An unknown locale code; the message names close matches."""


def _entry(unit: Unit, refs: list[str], notes: list[str]) -> Entry:
    return Entry(
        msgid=unit.msgid, msgctxt=unit.msgctxt, extracted_comments=tuple(notes), references=tuple(refs)
    )


def leaflet_template(leaflet: m.Leaflet, source_text: str = "", references: str = "lines") -> Catalog:
    """The POT of one leaflet: every distinct unit with notes and ``source/<file>.md:<line>``.

    ``source_text`` (the Markdown file) places title, summary and contact on their front
    matter lines; without it they point at line 1. ``references``: ``lines`` (the default),
    ``file`` (the file name once, so moving text changes no reference) or ``none``.
    """
    source = leaflet.path or f"source/{leaflet.meta.slug}.md"
    keys = {}
    for number, text in enumerate(source_text.split("\n")[:60], start=1):
        match = re.match(r"^(title|summary|contact):", text)
        if match and match.group(1) not in keys:
            keys[match.group(1)] = number
    meta_lines = [keys.get(k, 1) for k in ("title", "summary", "contact")]
    found = units(leaflet)
    for index, (unit, lines, _notes) in enumerate(found[:3]):
        if unit.line == leaflet.meta.line and lines == [leaflet.meta.line]:
            lines[:] = [meta_lines[index]]
    def refs(lines: list[int]) -> list[str]:
        if references == "none":
            return []
        return [source] if references == "file" else [f"{source}:{line}" for line in lines]

    entries = [_entry(unit, refs(lines), notes) for unit, lines, notes in found]
    meta = leaflet.meta
    header = Entry(
        msgid="",
        msgstr=header_text(
            [
                ("Project-Id-Version", f"{meta.slug} {meta.version}"),
                _BUGS_TO,
                ("POT-Creation-Date", f"{meta.published.isoformat()} 00:00+0000"),
                *_TEMPLATE_PLACEHOLDERS,
                ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("Content-Transfer-Encoding", "8bit"),
                _generator(),
            ]
        ),
        translator_comments=(
            f'Translation template for the leaflet "{meta.title}" ({meta.slug}).',
            "Written by `leaflets extract` from the source leaflet: do not edit by hand.",
        ),
        flags=("fuzzy",),
    )
    return Catalog(header, tuple(entries), f"{meta.slug}.pot")


def ui_template(version: str) -> Catalog:
    """The shared POT of the interface words (``locales/ui.pot``)."""
    header = Entry(
        msgid="",
        msgstr=header_text(
            [
                ("Project-Id-Version", f"leaflets-ui {version}"),
                _BUGS_TO,
                ("POT-Creation-Date", UI_TEMPLATE_DATE),
                *_TEMPLATE_PLACEHOLDERS,
                ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("Content-Transfer-Encoding", "8bit"),
                _generator(),
            ]
        ),
        translator_comments=(
            "Translation template for the interface words of the published leaflets.",
            "Written by `leaflets extract`: do not edit by hand.",
        ),
        flags=("fuzzy",),
    )
    entries = [Entry(msgid=u.msgid, msgctxt=u.msgctxt, extracted_comments=u.notes) for u in ui_units()]
    return Catalog(header, tuple(entries), "ui.pot")


def validate_locale(code: str) -> Locale:
    """The babel Locale for ``code``; InputError naming close matches when babel does not know it."""
    from pipeline.locale_codes import canonical, cldr_identifier

    try:
        canonical(code)  # written like a code, and one CLDR knows
        return Locale.parse(cldr_identifier(code))
    except (UnknownLocaleError, ValueError, TypeError):
        raise LocaleError(
            f"unknown locale code '{code}'{close_locales(code)}. Use a CLDR code such as "
            "cy, pl, es, ar, ur or pt_BR"
        ) from None


def close_locales(code: str) -> str:
    """'; close matches: ...' naming known codes near ``code`` (by code or by language name)."""
    known = locale_identifiers()
    wanted = code.replace("-", "_")
    close = difflib.get_close_matches(wanted, known, n=4, cutoff=0.6)
    close += [k for k in known if k.lower() == wanted.split("_")[0].lower()]
    names: dict[str, str] = {}
    for ident in known:
        if "_" in ident:
            continue
        loc = Locale.parse(ident)
        for name in (loc.get_display_name("en"), loc.get_display_name(loc)):
            if name:
                names.setdefault(name.lower(), ident)
    close += [names[n] for n in difflib.get_close_matches(code.lower(), list(names), n=3, cutoff=0.7)]
    hint = ", ".join(dict.fromkeys(close))
    return f"; close matches: {hint}" if hint else ""


def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a locale, from babel's CLDR data."""
    return str(BabelCatalog(locale=validate_locale(code)).plural_forms)


def language_name(code: str) -> str:
    """The locale's English name (for the Language-Team field and header comment)."""
    return str(validate_locale(code).get_display_name("en") or code)


def revision_date() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible runs), as gettext writes dates."""
    epoch = source_date_epoch()
    stamp = epoch if epoch is not None else int(time.time())
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(stamp))


def po_header(template: Catalog, locale: str) -> Entry:
    """A new PO file's header for ``locale``, from the template's header."""
    fields = parse_header(template.header.msgstr)
    name = language_name(locale)
    ordered = [
        ("Project-Id-Version", fields.get("Project-Id-Version", "")),
        *([("Report-Msgid-Bugs-To", fields["Report-Msgid-Bugs-To"])] if "Report-Msgid-Bugs-To" in fields else []),
        *([("POT-Creation-Date", fields["POT-Creation-Date"])] if "POT-Creation-Date" in fields else []),
        ("PO-Revision-Date", revision_date()),
        ("Last-Translator", "none yet"),
        ("Language-Team", name),
        ("Language", gettext_code(locale)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(locale)),
    ]
    what = template.header.translator_comments[0] if template.header.translator_comments else ""
    subject = what.removeprefix("Translation template for ").rstrip(".")
    return Entry(
        msgid="", msgstr=header_text(ordered), translator_comments=(f"{name} translation of {subject}.",)
    )


def plural_entries_forms(catalog: Catalog) -> set[int]:
    """How many msgstr[i] forms the catalog's live plural entries have (empty: no plural entry)."""
    return {len(e.msgstr_plural) for e in catalog.entries if e.msgid_plural is not None and not e.obsolete}


def check_header(catalog: Catalog, locale: str) -> list[Problem]:
    """Problems with a PO file's header: a Plural-Forms that would break an entry, a wrong Language.

    gettext's own headers (``msginit``, Weblate: ``nplurals=2; plural=(n != 1);`` for Spanish)
    and CLDR's (babel: three forms for Spanish since CLDR 42) are both accepted when they agree
    with the forms the file's plural entries have; a file with no plural entry, as every leaflet
    catalogue is, needs only a readable rule. A missing or empty field is not a problem here:
    ``leaflets update`` fills it (``repair_header``).
    """
    problems: list[Problem] = []
    fields = catalog.header_fields()
    expected = plural_forms(locale)
    found = fields.get("Plural-Forms")
    if found:
        line = _field_line(catalog.header, "Plural-Forms")
        try:
            count, rule = parse_plural_forms(found)
        except ValueError as exc:
            problems.append(Problem(catalog.path, line, 1, f"Plural-Forms '{found}' cannot be read ({exc}): "
                                    f"set it to '{expected}' (babel's CLDR value for {locale})"))
        else:
            needed = plural_entries_forms(catalog)
            wrong = next((n for n in SAMPLES if not 0 <= rule(n) < count), None)
            if count < 1 or wrong is not None:
                problems.append(Problem(catalog.path, line, 1, f"Plural-Forms '{found}' gives form "
                                        f"{rule(wrong) if wrong is not None else 0} for n = {wrong}, but "
                                        f"nplurals is {count}: set it to '{expected}'"))
            elif needed and needed != {count}:
                have = ", ".join(str(n) for n in sorted(needed))
                problems.append(Problem(catalog.path, line, 1, f"Plural-Forms has nplurals={count} but the "
                                        f"file's plural entries have {have} forms: the forms would be "
                                        f"mixed up; set it to '{expected}' (babel's CLDR value for {locale}) "
                                        "and check those entries"))
    language = fields.get("Language")
    if language and language.replace("-", "_").lower() != gettext_code(locale).lower():
        problems.append(
            Problem(
                catalog.path,
                _field_line(catalog.header, "Language"),
                1,
                f"Language is '{language}' but the file is in the "
                f"folder for '{locale}': move the file or fix the header",
            )
        )
    return problems


def repair_header(catalog: Catalog, locale: str) -> tuple[Catalog, list[Problem]]:
    """The catalog with a missing or empty ``Language`` or ``Plural-Forms`` filled, and a notice each.

    Some editors and ``msginit`` of old write ``Language:`` empty or no ``Plural-Forms``;
    ``msgfmt -c`` then cannot check plural entries. The values are the folder's locale and
    babel's CLDR rule; every other header line keeps its text and place.
    """
    fields = catalog.header_fields()
    text = catalog.header.msgstr
    notices: list[Problem] = []
    line = catalog.header.line or 1
    for name, value in (("Language", gettext_code(locale)), ("Plural-Forms", plural_forms(locale))):
        if fields.get(name):
            continue
        if re.search(rf"^{name}:[ \t]*$", text, re.M):
            text = re.sub(rf"^{name}:[ \t]*$", f"{name}: {value}", text, count=1, flags=re.M)
        else:
            anchor = re.search(r"^Language-Team:.*\n", text, re.M) if name == "Language" else None
            at = anchor.end() if anchor else len(text)
            before = text[:at] if text[:at].endswith("\n") or not text[:at] else text[:at] + "\n"
            text = before + f"{name}: {value}\n" + text[at:]
        notices.append(Problem(catalog.path, line, 1, f"the header had no {name}: set to '{value}' "
                               f"(the folder's locale{'' if name == 'Language' else ', rule from CLDR'})"))
    if not notices:
        return catalog, []
    header = catalog.header.evolve(msgstr=text, raw=None)
    return Catalog(header, catalog.entries, catalog.path), notices


def _field_line(header: Entry, name: str) -> int:
    """The file line of a header field (the msgid line when it cannot be found)."""
    line = header.line or 1
    if header.raw is None:
        return line
    rows = header.raw[0].split("\n")
    keyword = next((i for i, row in enumerate(rows) if row.startswith("msgid")), 0)
    for i, row in enumerate(rows):
        if row.lstrip('"').startswith(f"{name}:") or f'"{name}:' in row:
            return line + i - keyword
    return line
