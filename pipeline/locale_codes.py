"""Locale codes in one spelling: gettext's (``es``, ``pt_BR``, ``sr@latin``), wherever they enter.

A code comes in from ``leaflets init``, from ``[tool.leaflets] locales``, from folder names
under ``locales/`` and from front matter, written ``ES``, ``pt-br``, ``sr-Latn`` or
``sr_RS@latin``. Spelt two ways, one language would get two folders (``locales/ES`` beside
``locales/es``) and be published twice, so every entry point goes through ``canonical``.
Only babel's locale-data file list is consulted (``babel.localedata.exists``), not its
parsed data, so settings stay quick to load.
"""

from __future__ import annotations

import re
from functools import cache

# the scripts gettext writes as a modifier (sr@latin, uz@cyrillic), and back
_SCRIPT_MODIFIERS = {"Latn": "latin", "Cyrl": "cyrillic", "Arab": "arabic", "Deva": "devanagari"}
_MODIFIER_SCRIPTS = {v: k for k, v in _SCRIPT_MODIFIERS.items()}
_CODE_RE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:[-_](?P<script>[A-Za-z]{4}))?"
    r"(?:[-_](?P<territory>[A-Za-z]{2}|\d{3}))?"
    r"(?:@(?P<modifier>[A-Za-z0-9]{1,8}))?"
)


class LocaleCodeError(ValueError):
    """A code that is not a locale code, or names a locale CLDR does not know."""


def _parts(code: str) -> tuple[str, str | None, str | None, str | None]:
    match = _CODE_RE.fullmatch(code.strip())
    if not match:
        raise LocaleCodeError(f"'{code}' is not a locale code (write it as cy, pt_BR or sr@latin)")
    language = match.group("language").lower()
    script = match.group("script").title() if match.group("script") else None
    territory = match.group("territory").upper() if match.group("territory") else None
    modifier = match.group("modifier").lower() if match.group("modifier") else None
    if modifier in _MODIFIER_SCRIPTS and script is None:
        script, modifier = _MODIFIER_SCRIPTS[modifier], None
    return language, script, territory, modifier


@cache
def canonical(code: str) -> str:
    """The gettext spelling of ``code``: ``ES`` -> ``es``, ``pt-br`` -> ``pt_BR``, ``sr-Latn`` -> ``sr@latin``.

    Raises LocaleCodeError for a code that is not written like one or that CLDR does not know.
    """
    language, script, territory, modifier = _parts(code)
    if not _known(cldr_identifier(code)):
        raise LocaleCodeError(f"unknown locale code '{code}'")
    text = language
    if script is not None and script not in _SCRIPT_MODIFIERS:
        text += f"_{script}"  # zh_Hant: gettext has no modifier for it
    if territory is not None:
        text += f"_{territory}"
    if script in _SCRIPT_MODIFIERS:
        text += f"@{_SCRIPT_MODIFIERS[script]}"
    elif modifier is not None:
        text += f"@{modifier}"
    return text


def cldr_identifier(code: str) -> str:
    """The code as babel and CLDR name it: ``sr@latin`` -> ``sr_Latn``, ``pt-br`` -> ``pt_BR``."""
    language, script, territory, _ = _parts(code)
    return "_".join(part for part in (language, script, territory) if part)


def same_locale(a: str, b: str) -> bool:
    """True when two codes name one locale however they are spelt (``en-GB`` and ``en_gb``)."""
    try:
        return canonical(a) == canonical(b)
    except LocaleCodeError:
        return a == b


def _known(identifier: str) -> bool:
    from babel.localedata import exists

    return bool(exists(identifier))
