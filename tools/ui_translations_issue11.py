"""Fill the interface words added for issue 11 into the demonstration ui.po files (run once after `leaflets update`).

The translations are demonstrations like the rest of locales/ (not clinically reviewed); only
empty entries are filled, so a translator's later work is never overwritten.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.po.pofile import read_po, write_po
from pipeline.po.workflow import fill
from pipeline.ui_strings import UI_STRINGS

WORDS: dict[str, dict[str, str]] = {
    "cy": {
        "demonstration_notice": "Cyfieithiad enghreifftiol yw hwn. Nid oes meddyg, nyrs na fferyllydd wedi'i "
        "wirio. Peidiwch â'i ddefnyddio ar gyfer eich gofal: gofynnwch i'ch clinig am daflen sydd wedi'i gwirio.",
        "a11y_structure": "Mae gan y daflen hon benawdau a thabl cynnwys.",
        "a11y_glossary": "Mae ganddi restr o eiriau anodd.",
        "a11y_tables": "Mae penawdau gan y tablau.",
        "a11y_pictures": "Mae disgrifiad testun gan bob llun.",
        "a11y_standard": "Mae'n bodloni WCAG 2.1 Lefel AA.",
    },
    "es": {
        "demonstration_notice": "Esta traducción es una demostración. Ningún médico, enfermero ni farmacéutico "
        "la ha revisado. No la use para su atención: pida a su clínica un folleto revisado.",
        "a11y_structure": "Este folleto tiene títulos y un índice.",
        "a11y_glossary": "Tiene una lista de palabras difíciles.",
        "a11y_tables": "Las tablas tienen encabezados.",
        "a11y_pictures": "Cada imagen tiene una descripción en texto.",
        "a11y_standard": "Cumple las WCAG 2.1 de nivel AA.",
    },
    "pl": {
        "demonstration_notice": "To tłumaczenie jest demonstracyjne. Nie sprawdził go żaden lekarz, pielęgniarka "
        "ani farmaceuta. Nie korzystaj z niego przy swoim leczeniu: poproś przychodnię o sprawdzoną ulotkę.",
        "a11y_structure": "Ta ulotka ma nagłówki i spis treści.",
        "a11y_glossary": "Ma listę trudnych słów.",
        "a11y_tables": "Tabele mają nagłówki.",
        "a11y_pictures": "Każdy obrazek ma opis tekstowy.",
        "a11y_standard": "Spełnia WCAG 2.1 na poziomie AA.",
    },
    "ar": {
        "demonstration_notice": "هذه الترجمة للعرض فقط. لم يراجعها أي طبيب أو ممرض أو صيدلي. لا تستخدمها في "
        "رعايتك: اطلب من عيادتك نشرة تمت مراجعتها.",
        "a11y_structure": "في هذه النشرة عناوين وجدول محتويات.",
        "a11y_glossary": "فيها قائمة بالكلمات الصعبة.",
        "a11y_tables": "للجداول عناوين.",
        "a11y_pictures": "لكل صورة وصف نصي.",
        "a11y_standard": "تستوفي معايير WCAG 2.1 المستوى AA.",
    },
    "ur": {
        "demonstration_notice": "یہ ترجمہ صرف نمونے کے لیے ہے۔ کسی ڈاکٹر، نرس یا فارماسسٹ نے اس کی جانچ نہیں کی۔ "
        "اسے اپنے علاج کے لیے استعمال نہ کریں: اپنے کلینک سے جانچا ہوا کتابچہ مانگیں۔",
        "a11y_structure": "اس کتابچے میں سرخیاں اور فہرست ہے۔",
        "a11y_glossary": "اس میں مشکل الفاظ کی فہرست ہے۔",
        "a11y_tables": "جدولوں کی سرخیاں ہیں۔",
        "a11y_pictures": "ہر تصویر کی تحریری وضاحت ہے۔",
        "a11y_standard": "یہ WCAG 2.1 لیول AA پر پورا اترتا ہے۔",
    },
}


def main(locales_dir: Path) -> None:
    """Fill the empty entries of ``<locales_dir>/<locale>/LC_MESSAGES/ui.po``."""
    for locale, words in WORDS.items():
        path = locales_dir / locale / "LC_MESSAGES" / "ui.po"
        if not path.exists():
            continue
        catalog = read_po(path.read_bytes(), str(path))
        wanted = {}
        for key, text in words.items():
            entry = catalog.find(key, UI_STRINGS[key])
            if entry is not None and not entry.msgstr:
                wanted[entry.key] = text
        if wanted:
            path.write_text(write_po(fill(catalog, wanted)), encoding="utf-8")
            print(f"filled {len(wanted)} in {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("locales"))
