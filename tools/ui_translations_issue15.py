"""Fill the interface words added for issues 15 and 17 (governance, the archive, braille and
audio) into the demonstration ui.po files.

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


# issue 17: the braille and audio downloads
FORMAT_WORDS: dict[str, dict[str, str]] = {
    "cy": {
        "download_brf": "Braille (ffeil BRF)",
        "download_pef": "Braille ar gyfer boglynwyr (PEF)",
        "download_easy_read_brf": "Braille hawdd ei ddarllen (BRF)",
        "download_easy_read_pef": "Braille hawdd ei ddarllen ar gyfer boglynwyr (PEF)",
        "download_audio": "Sain (Opus)",
        "download_read_aloud_epub": "E-lyfr sy'n darllen yn uchel (EPUB)",
    },
    "pl": {
        "download_brf": "Brajl (BRF)",
        "download_pef": "Brajl do drukarek brajlowskich (PEF)",
        "download_easy_read_brf": "Tekst łatwy do czytania w brajlu (BRF)",
        "download_easy_read_pef": "Tekst łatwy do czytania w brajlu do drukarek (PEF)",
        "download_audio": "Nagranie (Opus)",
        "download_read_aloud_epub": "E-book czytany na głos (EPUB)",
    },
    "es": {
        "download_brf": "Braille (archivo BRF)",
        "download_pef": "Braille para impresoras braille (PEF)",
        "download_easy_read_brf": "Lectura fácil en braille (BRF)",
        "download_easy_read_pef": "Lectura fácil en braille para impresoras (PEF)",
        "download_audio": "Audio (archivo Opus)",
        "download_read_aloud_epub": "Libro electrónico con lectura en voz alta (EPUB)",
    },
    "ar": {
        "download_brf": "برايل (BRF)",
        "download_pef": "برايل للطابعات البارزة (PEF)",
        "download_easy_read_brf": "نسخة سهلة القراءة بطريقة برايل (BRF)",
        "download_easy_read_pef": "نسخة سهلة القراءة بطريقة برايل للطابعات (PEF)",
        "download_audio": "تسجيل صوتي (Opus)",
        "download_read_aloud_epub": "كتاب إلكتروني يُقرأ بصوت عالٍ (EPUB)",
    },
    "ur": {
        "download_brf": "بریل (BRF)",
        "download_pef": "ابھرے حروف کی مشین کے لیے بریل (PEF)",
        "download_easy_read_brf": "آسان پڑھائی بریل میں (BRF)",
        "download_easy_read_pef": "آسان پڑھائی بریل میں، مشین کے لیے (PEF)",
        "download_audio": "آڈیو (Opus)",
        "download_read_aloud_epub": "بلند آواز سے پڑھی جانے والی ای بک (EPUB)",
    },
}
for _locale, _words in FORMAT_WORDS.items():
    WORDS[_locale].update(_words)


def main(locales_dir: Path) -> None:
    """Fill the empty entries of ``<locales_dir>/<locale>/LC_MESSAGES/ui.po``."""
    for locale, words in WORDS.items():
        path = locales_dir / locale / "LC_MESSAGES" / "ui.po"
        if path.exists():
            fill_file(path, words, by_context=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("locales"))
