"""What the pipeline needs to know about a locale, all from babel's CLDR data."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date as babel_format_date

from pipeline.frontmatter import parse_locale
from pipeline.po.layout import gettext_code as layout_gettext_code


@cache
def babel_locale(code: str) -> Locale:
    """The babel Locale for a code written ``cy``, ``en-GB``, ``en_GB`` or ``sr@latin``."""
    from pipeline.locale_codes import LocaleCodeError, cldr_identifier

    try:
        return parse_locale(cldr_identifier(code))
    except (LocaleCodeError, ValueError):
        return parse_locale(code)


def bcp47(code: str) -> str:
    """The code as HTML's ``lang`` and EPUB's ``dc:language`` want it (``en-GB``, ``sr-Latn``)."""
    from pipeline.locale_codes import LocaleCodeError, cldr_identifier

    try:
        return cldr_identifier(code).replace("_", "-")
    except LocaleCodeError:
        return code.replace("_", "-")


gettext_code = layout_gettext_code

def direction(code: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic, Urdu, Hebrew ...), else ``ltr``."""
    return "rtl" if babel_locale(code).character_order == "right-to-left" else "ltr"


@cache
def native_name(code: str) -> str:
    """The language's name in the language itself (``Cymraeg`` for ``cy``)."""
    loc = babel_locale(code)
    name = loc.get_display_name(loc) or code
    return name[:1].upper() + name[1:]


def format_date(date: dt.date, code: str) -> str:
    """A date written the way the locale writes it in full prose (``1 November 2029``)."""
    return babel_format_date(date, format="long", locale=babel_locale(code))
