"""Translation checks on PO units: numbers by value, phones, addresses, markup, completeness."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from check_support import leaflet_text, make_project

from pipeline.check.gate import CheckOptions, run_check, translated_units
from pipeline.check.text import reader_units
from pipeline.check.translation import PoUnit, check_units, numbers, phones, read_po_units
from pipeline.problems import InputError
from pipeline.settings import load_settings


def unit(msgid: str, msgstr: str, *, fuzzy: bool = False, ctxt: str = "", comments: str = "") -> PoUnit:
    from pipeline.check.translation import SWITCH_RE

    switches = {m.group(1): m.group(2) for m in SWITCH_RE.finditer(comments)}
    return PoUnit(ctxt, msgid, msgstr, fuzzy, "locales/pl/LC_MESSAGES/x.po", 40, comments, switches)


def rules(msgid: str, msgstr: str, locale: str = "pl", **kw: object) -> set[str]:
    return {f.rule for f in check_units([unit(msgid, msgstr, **kw)], "en-GB", locale, "x")}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "target", "locale", "same"),
    [
        ("fewer than 1 in 10,000", "mniej niż 1 na 10 000", "pl", True),  # space grouping
        ("fewer than 1 in 10,000", "mniej niż 1 na 10\u00a0000", "pl", True),  # no-break space
        ("fewer than 1 in 10,000", "menos de 1 de cada 10.000", "es", True),  # dot grouping
        ("fewer than 1 in 10,000", "llai nag 1 mewn 10,000", "cy", True),
        ("fewer than 1 in 10,000", "أقل من 1 من كل ١٠٬٠٠٠", "ar", True),  # Arabic-Indic digits
        ("for 24 hours", "przez 42 godziny", "pl", False),
        ("for 24 hours", "am 48 awr", "cy", False),
        ("1.5 ml", "1,5 ml", "pl", True),
        ("1.5 ml", "15 ml", "pl", False),
        ("fewer than 1 in 10,000", "menos de 1 de cada 10,000", "es", False),  # reads as 10 in Spanish
        ("CC BY-SA 4.0 and WCAG 2.1", "CC BY-SA 4.0 y WCAG 2.1", "es", True),  # a version is not 40 or 21
        ("about 2.5 hours", "unas 2,5 horas", "es", True),
    ],
)
def test_numbers_compare_by_value_in_each_locale(source: str, target: str, locale: str, same: bool) -> None:
    assert (numbers(source, "en-GB") == numbers(target, locale)) is same
    assert ("number-changed" not in rules(source, target, locale)) is same


def test_numbers_are_values() -> None:
    assert numbers("Call 111, or 1 in 10,000 people", "en-GB") == [Decimal(1), Decimal(111), Decimal(10000)]


def test_phone_numbers_urls_emails_and_links() -> None:
    src = "Call [01234 567 890](tel:+441234567890) or see https://example.org/help or mail help@example.org"
    good = "Zadzwoń [01234 567 890](tel:+441234567890) lub https://example.org/help lub help@example.org"
    assert rules(src, good) == set()
    assert phones(src) == ["01234567890"]
    assert "phone-changed" in rules(src, good.replace("567 890", "567 809"))
    assert "markup-changed" in rules(src, good.replace("tel:+441234567890", "tel:+441234567809"))
    assert "url-changed" in rules(src, good.replace("/help ", "/pomoc "))
    assert "email-changed" in rules(src, good.replace("help@", "pomoc@"))
    assert "markup-changed" in rules("Do **not** drive", "Nie prowadź")


def test_completeness_identity_length_and_space() -> None:
    assert rules("Go home", "") == {"untranslated"}
    assert "fuzzy" in rules("Go home", "Idź do domu", fuzzy=True)
    assert "identical-to-source" in rules("Keep the area dry", "Keep the area dry")
    assert "identical-to-source" not in rules("X-ray", "X-ray")  # one word: a name may stay the same
    assert "length-ratio" in rules("Keep the area dry for 24 hours after the injection", "Sucho 24")
    assert "whitespace-changed" in rules("Keep the area dry ", "Trzymaj w suchości")
    assert rules("Keep the area dry for 24 hours", "Trzymaj to miejsce w suchości przez 24 godziny") == set()


def test_a_translator_comment_switches_a_check_off() -> None:
    comment = "leaflets-disable identical-to-source: Welsh uses the English brand name"
    assert rules("Riverside Pain Clinic", "Riverside Pain Clinic", comments=comment) == set()


def test_finding_points_at_the_po_file_with_msgid_and_msgctxt() -> None:
    found = check_units([unit("for 24 hours", "przez 42 godziny", ctxt="easy-read")], "en-GB", "pl", "x")
    assert len(found) == 1
    f = found[0]
    assert (f.path, f.line, f.msgid, f.msgctxt, f.locale) == (
        "locales/pl/LC_MESSAGES/x.po",
        40,
        "for 24 hours",
        "easy-read",
        "pl",
    )
    assert "missing 24" in f.message and "added 42" in f.message


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: pl\\n"

#: source/t.md:1
msgid "Test leaflet"
msgstr "Ulotka testowa"

#: source/t.md:1
msgid "What this leaflet is about."
msgstr "O czym jest ta ulotka."

msgid "Section one"
msgstr "Sekcja pierwsza"

# leaflets-disable long-sentence: a list the clinic asked for
msgid "Keep the area dry for 24 hours."
msgstr ""
"Trzymaj to miejsce w suchości przez 42 godziny, i jeszcze bardzo długo, bardzo "
"długo, bardzo długo, bardzo długo, bardzo długo, bardzo długo, bardzo długo, naprawdę."

#, fuzzy
msgid "Call the clinic."
msgstr "Zadzwoń do kliniki."
"""


def test_a_locale_is_checked_from_its_po_file(tmp_path: Path) -> None:
    text = leaflet_text("t", "## Section one\n\nKeep the area dry for 24 hours.\n\nCall the clinic.\n")
    make_project(tmp_path, {"t": text}, locales='["pl"]')
    po = tmp_path / "locales" / "pl" / "LC_MESSAGES" / "t.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    result = run_check(load_settings(tmp_path), CheckOptions(locales=("pl",)))
    found = {(f.rule, f.line) for f in result.findings if f.locale == "pl"}
    assert ("number-changed", 18) in found and ("fuzzy", 24) in found
    assert ("length-ratio", 18) in found
    # the translator switched the long-sentence rule off for that unit, with a reason
    assert [s.reason for s in result.suppressed] == ["a list the clinic asked for"]
    assert not result.passed
    assert [m.locale for m in result.measurements] == ["pl", "pl"] or [
        m.locale for m in result.measurements
    ] == ["pl"]
    measured = result.measurements[0]
    assert measured.counts.sentences == 4  # the fuzzy unit is not measured as if translated
    assert any("1 units have no usable translation" in n for n in result.notes)


def test_a_missing_po_file_is_a_finding_and_a_broken_one_is_bad_input(tmp_path: Path) -> None:
    text = leaflet_text("t", "## Section one\n\nKeep the area dry.\n")
    make_project(tmp_path, {"t": text}, locales='["pl"]')
    result = run_check(load_settings(tmp_path), CheckOptions())
    assert [f.rule for f in result.findings if f.locale == "pl"] == ["translation-missing"]
    po = tmp_path / "locales" / "pl" / "LC_MESSAGES" / "t.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_po_units(po, "locales/pl/LC_MESSAGES/t.po")
    assert "locales/pl/LC_MESSAGES/t.po:4:1:" in str(err.value)


def test_pairing_agrees_with_the_po_apply_module(root: Path) -> None:
    """The gate reads PO files itself; what it measures must be what the build publishes."""
    apply = pytest.importorskip("pipeline.po.apply")
    pofile = pytest.importorskip("pipeline.po.pofile")
    from pipeline.reader import read_leaflet

    leaflet = read_leaflet(root / "source" / "sacroiliac-joint-injection.md", root)
    for locale in ("cy", "ar"):
        path = root / "locales" / locale / "LC_MESSAGES" / "sacroiliac-joint-injection.po"
        if not path.is_file():
            pytest.skip(f"no {locale} translation in this checkout")
        catalog = pofile.read_po(path.read_bytes(), str(path))
        published = apply.translate_leaflet(leaflet, catalog, locale).leaflet
        for variant in ("standard", "easy-read"):
            ours, _, missing = translated_units(leaflet, variant, read_po_units(path, str(path)))
            theirs = reader_units(published, variant)
            assert missing == 0
            assert [u.text for u in ours][1:] == [u.text for u in theirs][1:]


def test_length_is_judged_against_the_locales_usual_ratio() -> None:
    # a compact language: every unit about 0.45 times the English length is normal for it
    compact = [
        unit(f"Keep the area dry for {n} hours after it", f"جاف {n} ساعة بعدها") for n in range(10, 16)
    ]
    outlier = unit("Keep the area dry for 24 hours after the injection", "جاف")
    found = check_units([*compact, outlier], "en-GB", "ar", "x")
    ratios = [f for f in found if f.rule == "length-ratio"]
    assert [f.text for f in ratios] == ["جاف"]
    assert "usual is" in ratios[0].message


def test_locale_option_checks_only_that_locale(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    text = leaflet_text("t", "## Section one\n\nKeep the area dry for 24 hours.\n\nCall the clinic.\n")
    make_project(tmp_path, {"t": text}, locales='["pl", "cy"]')
    po = tmp_path / "locales" / "pl" / "LC_MESSAGES" / "t.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "-C", str(tmp_path), "--locale", "pl", "--format", "json"])
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert {m["locale"] for m in data["measurements"]} == {"pl"}
    assert {f["locale"] for f in data["findings"]} == {"pl"}  # no cy "translation-missing"
    failing = {
        (f["rule"], f["path"], f["line"], f["msgid"]) for f in data["findings"] if f["severity"] == "error"
    }
    assert ("number-changed", "locales/pl/LC_MESSAGES/t.po", 18, "Keep the area dry for 24 hours.") in failing
    everything = CliRunner().invoke(app, ["check", "-C", str(tmp_path), "--format", "json"])
    assert "translation-missing" in {f["rule"] for f in json.loads(everything.output)["findings"]}
