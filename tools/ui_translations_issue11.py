"""Fill the interface words added for issue 11 into the demonstration ui.po files (run once after `leaflets update`).

The translations are demonstrations like the rest of locales/ (not clinically reviewed); only
empty entries are filled, so a translator's later work is never overwritten.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.po.pofile import read_po, write_po
from pipeline.po.workflow import fill

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


# The glossary entries added to the sample leaflet for issue 11 (easy-read headings and "GP" explained).
GLOSSARY_IDS = ("Follow-up appointment", "Another appointment, after your treatment, to check how you are.", "GP",
                "Your family doctor (general practitioner).", "Sacroiliac joint",
                "The joint at the bottom of your back, where your spine joins your pelvis.")
GLOSSARY: dict[str, tuple[str, ...]] = {
    "cy": ("Apwyntiad dilynol", "Apwyntiad arall, ar ôl eich triniaeth, i weld sut rydych chi.", "Meddyg teulu",
           "Y meddyg yn eich meddygfa leol.", "Cymal sacroiliac",
           "Y cymal ar waelod eich cefn, lle mae eich asgwrn cefn yn ymuno â'ch pelfis."),
    "es": ("Cita de seguimiento", "Otra cita, después del tratamiento, para ver cómo está.", "Médico de cabecera",
           "Su médico de familia.", "Articulación sacroilíaca",
           "La articulación de la parte baja de la espalda, donde la columna se une a la pelvis."),
    "pl": ("Wizyta kontrolna", "Kolejna wizyta po leczeniu, aby sprawdzić, jak się czujesz.", "Lekarz rodzinny",
           "Twój lekarz pierwszego kontaktu.", "Staw krzyżowo-biodrowy",
           "Staw w dolnej części pleców, w którym kręgosłup łączy się z miednicą."),
    "ar": ("موعد المتابعة", "موعد آخر بعد العلاج للاطمئنان عليك.", "طبيب الأسرة", "طبيبك العام الذي تراجعه عادة.",
           "المفصل العجزي الحرقفي", "المفصل في أسفل ظهرك، حيث يتصل العمود الفقري بالحوض."),
    "ur": ("فالو اپ ملاقات", "علاج کے بعد ایک اور ملاقات، یہ دیکھنے کے لیے کہ آپ کیسے ہیں۔", "فیملی ڈاکٹر",
           "آپ کا خاندانی ڈاکٹر۔", "سیکرو ایلیک جوڑ",
           "آپ کی کمر کے نچلے حصے کا جوڑ، جہاں ریڑھ کی ہڈی کولہے کی ہڈی سے ملتی ہے۔"),
}


def fill_file(path: Path, words: dict[str, str], by_context: bool) -> None:
    """Fill (and clear the fuzzy flag of) the named entries that are empty or fuzzy."""
    catalog = read_po(path.read_bytes(), str(path))
    wanted = {}
    for entry in catalog.entries:
        key = entry.msgctxt if by_context else entry.msgid
        text = words.get(key or "")
        if text is not None and not entry.obsolete and (not entry.msgstr or "fuzzy" in entry.flags):
            wanted[entry.key] = text
    if wanted:
        path.write_text(write_po(fill(catalog, wanted)), encoding="utf-8")
        print(f"filled {len(wanted)} in {path}")


def main(locales_dir: Path) -> None:
    """Fill the empty entries of ``<locales_dir>/<locale>/LC_MESSAGES/ui.po``."""
    for locale, words in WORDS.items():
        folder = locales_dir / locale / "LC_MESSAGES"
        if (folder / "ui.po").exists():
            fill_file(folder / "ui.po", words, by_context=True)
        sample = folder / "sacroiliac-joint-injection.po"
        if sample.exists():
            fill_file(sample, dict(zip(GLOSSARY_IDS, GLOSSARY[locale], strict=True)), by_context=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("locales"))
