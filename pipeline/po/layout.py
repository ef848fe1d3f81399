"""Where translation files live (the standard gettext layout Weblate discovers).

Kept free of heavy imports so a no-op build can fingerprint PO files without loading the
PO machinery.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.settings import Settings

UI_DOMAIN = "ui"


def gettext_code(code: str) -> str:
    """The code as gettext's ``Language`` header and folder names want it (``en_GB``, ``sr@latin``)."""
    from pipeline.locale_codes import LocaleCodeError, canonical

    try:
        return canonical(code)
    except LocaleCodeError:
        return code.replace("-", "_")  # reported where the code entered; the path still says what was asked


def pot_path(settings: Settings, domain: str) -> Path:
    """``locales/<domain>.pot``."""
    return settings.locales_dir / f"{domain}.pot"


def po_path(settings: Settings, locale: str, domain: str) -> Path:
    """``locales/<locale>/LC_MESSAGES/<domain>.po``."""
    return settings.locales_dir / gettext_code(locale) / "LC_MESSAGES" / f"{domain}.po"
