"""Fill the interface words added for issue 15 (governance, the archive) into the demonstration ui.po files.

Run once after `leaflets update`. Like the rest of locales/, these translations are
demonstrations, not clinically reviewed; only empty or fuzzy entries are filled.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ui_translations_issue11 import fill_file

WORDS: dict[str, dict[str, str]] = {
    "cy": {"last_checked": "Gwiriwyd ddiwethaf", "translation_checked": "Gwiriwyd y cyfieithiad",
           "approved_by": "Cymeradwywyd gan", "evidence": "O ble daw'r wybodaeth hon",
           "archived_notice": "Hen fersiwn o'r daflen hon yw hon (fersiwn {version}). Peidiwch â'i defnyddio ar "
           "gyfer eich gofal.",
           "current_version_link": "Darllenwch y fersiwn gyfredol",
           "archive_title": "Fersiynau cynharach o'r daflen hon"},
    "pl": {"last_checked": "Ostatnio sprawdzono", "translation_checked": "Tłumaczenie sprawdzono",
           "approved_by": "Zatwierdzone przez", "evidence": "Skąd pochodzą te informacje",
           "archived_notice": "To jest stara wersja tej ulotki (wersja {version}). Nie korzystaj z niej w "
           "swoim leczeniu.",
           "current_version_link": "Przeczytaj aktualną wersję",
           "archive_title": "Wcześniejsze wersje tej ulotki"},
    "es": {"last_checked": "Última revisión", "translation_checked": "Traducción revisada",
           "approved_by": "Aprobado por", "evidence": "De dónde procede esta información",
           "archived_notice": "Esta es una versión antigua de este folleto (versión {version}). No la use para "
           "su atención.",
           "current_version_link": "Lea la versión actual",
           "archive_title": "Versiones anteriores de este folleto"},
    "ar": {"last_checked": "آخر مراجعة", "translation_checked": "تمت مراجعة الترجمة",
           "approved_by": "وافق عليه", "evidence": "مصادر هذه المعلومات",
           "archived_notice": "هذه نسخة قديمة من هذه النشرة (النسخة {version}). لا تستخدمها في رعايتك.",
           "current_version_link": "اقرأ النسخة الحالية",
           "archive_title": "النسخ السابقة من هذه النشرة"},
    "ur": {"last_checked": "آخری جانچ", "translation_checked": "ترجمے کی جانچ ہوئی",
           "approved_by": "منظوری دی", "evidence": "یہ معلومات کہاں سے لی گئی ہیں",
           "archived_notice": "یہ اس کتابچے کا پرانا ورژن ہے (ورژن {version})۔ اسے اپنے علاج کے لیے استعمال نہ کریں۔",
           "current_version_link": "موجودہ ورژن پڑھیں",
           "archive_title": "اس کتابچے کے پچھلے ورژن"},
}


def main(locales_dir: Path) -> None:
    """Fill the empty entries of ``<locales_dir>/<locale>/LC_MESSAGES/ui.po``."""
    for locale, words in WORDS.items():
        path = locales_dir / locale / "LC_MESSAGES" / "ui.po"
        if path.exists():
            fill_file(path, words, by_context=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("locales"))
