"""A wrong number, dose, phone number or negation is never published (issue 10, point 1).

Each test edits a copy of the sample project the way a translator does (a PO editor clearing the
fuzzy flag, retyping a number), then runs the commands a user runs and looks in ``dist/``.
``leaflets check``, ``leaflets status`` and ``leaflets build`` must agree on every unit: one
module (``pipeline/check/acceptance.py``) decides for all three.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from cli_support import po_file
from cli_support import run_cli as _run
from hypothesis import given
from hypothesis import strategies as st

from pipeline.check.acceptance import amounts, blocking_rules, negations, refusals

SLUG = "sacroiliac-joint-injection"


def _po(project: Path, locale: str = "cy") -> Path:
    return po_file(project, locale)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    """The line of the msgid entry whose msgid line holds ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith("msgid") and needle in line:
            return number
    raise AssertionError(needle)


def _dist_text(project: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((project / "dist").rglob("*.html"))
    )


def test_cleared_fuzzy_with_the_old_number_is_not_published_and_the_check_note_stays(
    project_copy: Path,
) -> None:
    source = project_copy / "source" / f"{SLUG}.md"
    _edit(source, "Keep the area dry for 24 hours", "Keep the area dry for 48 hours")
    assert _run(project_copy, "update")[0] == 0
    po = _po(project_copy)
    note = "#. CHECK: a number changed (24 -> 48) since this was translated."
    assert note in po.read_text(encoding="utf-8")
    # the translator clears the fuzzy flag (and the #| line) without fixing the number
    _edit(po, '#, fuzzy\n#| msgid "Keep the area dry for 24 hours after the injection."\n', "")
    line = _line_of(po, "Keep the area dry for 48 hours")

    code, out, _ = _run(project_copy, "status", "--format", "json")
    data = json.loads(out)
    row = next(r for r in data["rows"] if r["domain"] == SLUG and r["locale"] == "cy")
    assert row["publishable"] == "no" and row["refused"] == 1
    assert any(
        r.startswith(f"locales/cy/LC_MESSAGES/{SLUG}.po:{line}:") and "number-changed" in r
        for r in data["refused"]
    ), data["refused"]

    code, out, err = _run(project_copy, "build", "--jobs", "1")
    assert code == 0
    assert f"locales/cy/LC_MESSAGES/{SLUG}.po:{line}:1: number-changed" in err
    assert not (project_copy / "dist" / SLUG / "cy").exists()
    assert "24 awr ar ôl y pigiad" not in _dist_text(project_copy)

    code, out, _ = _run(project_copy, "check", "--locale", "cy", "--format", "json")
    findings = json.loads(out)["findings"]
    assert any(
        f["rule"] == "number-changed" and f["line"] == line and f["severity"] == "error" for f in findings
    )

    assert _run(project_copy, "update")[0] == 0
    assert note in po.read_text(encoding="utf-8"), "the CHECK note must stay while the number is wrong"
    _edit(po, "sych am 24 awr ar ôl", "sych am 48 awr ar ôl")
    assert _run(project_copy, "update")[0] == 0
    assert note not in po.read_text(encoding="utf-8")
    data = json.loads(_run(project_copy, "status", "--format", "json")[1])
    assert next(r for r in data["rows"] if r["domain"] == SLUG and r["locale"] == "cy")["publishable"] == "yes"
    assert _run(project_copy, "build", "--jobs", "1")[0] == 0
    assert "sych am 48 awr ar ôl y pigiad" in (project_copy / "dist" / SLUG / "cy" / "index.html").read_text(
        encoding="utf-8"
    )


# (PO text as translated, the same unit retyped wrongly, the rule that must refuse it)
WRONG = [
    ("Prin iawn: llai nag 1 o bob 10,000", "Prin iawn: llai nag 1 o bob 1,000", "number-changed"),
    ("Peidiwch â gyrru adref", "Gyrrwch adref", "negation-dropped"),
    (
        "Ffoniwch y clinig poen ar [01234 567 890](tel:+441234567890), dydd Llun i ",
        "Ffoniwch y clinig poen ar [01234 567 899](tel:+441234567890), dydd Llun i ",
        "phone-changed",
    ),
]


@pytest.mark.parametrize(("right", "wrong", "rule"), WRONG, ids=[w[2] for w in WRONG])
def test_a_wrong_translation_is_refused_by_build_status_and_check_alike(
    project_copy: Path, right: str, wrong: str, rule: str
) -> None:
    po = _po(project_copy)
    _edit(po, right, wrong)
    pyproject = project_copy / "pyproject.toml"
    _edit(pyproject, 'publish_policy = "complete"', 'publish_policy = "fallback"')
    code, _, err = _run(project_copy, "build", "--jobs", "1", "--locale", "cy")
    assert code == 0
    refused = [line for line in err.splitlines() if f"locales/cy/LC_MESSAGES/{SLUG}.po:" in line]
    assert len(refused) == 1 and f": {rule}:" in refused[0], err
    line = int(refused[0].split(f"{SLUG}.po:")[1].split(":")[0])
    page = (project_copy / "dist" / SLUG / "cy" / "index.html").read_text(encoding="utf-8")
    assert wrong.split("](")[0].strip() not in page  # the wrong text is not shown ...
    status = json.loads(_run(project_copy, "status", "--format", "json")[1])
    assert [r for r in status["refused"] if f"{SLUG}.po:{line}:" in r and rule in r]
    findings = json.loads(_run(project_copy, "check", "--locale", "cy", "--format", "json")[1])["findings"]
    assert {(f["rule"], f["line"]) for f in findings if f["severity"] == "error"} >= {(rule, line)}


def test_a_dose_with_another_unit_is_refused_and_the_right_one_published(project_copy: Path) -> None:
    source = project_copy / "source" / f"{SLUG}.md"
    _edit(source, "Keep the area dry for 24 hours after the injection.",
          "Keep the area dry for 24 hours after the injection.\n\nTake 500 mg of paracetamol up to 4 times a day.")
    assert _run(project_copy, "update")[0] == 0
    po = _po(project_copy)
    _edit(po, 'msgid "Take 500 mg of paracetamol up to 4 times a day."\nmsgstr ""',
          'msgid "Take 500 mg of paracetamol up to 4 times a day."\n'
          'msgstr "Cymerwch 500 g o barasetamol hyd at 4 gwaith y dydd."')
    code, _, err = _run(project_copy, "build", "--jobs", "1", "--locale", "cy")
    assert code == 0 and "unit-changed" in err and "500 mg" in err
    assert not (project_copy / "dist" / SLUG / "cy").exists()
    _edit(po, "Cymerwch 500 g o", "Cymerwch 500 mg o")
    code, _, err = _run(project_copy, "build", "--jobs", "1", "--locale", "cy")
    assert code == 0 and "unit-changed" not in err
    assert "Cymerwch 500 mg o barasetamol" in (project_copy / "dist" / SLUG / "cy" / "index.html").read_text(
        encoding="utf-8"
    )


def test_the_demonstration_translations_pass_every_safety_rule(root: Path) -> None:
    from pipeline.po.pofile import read_po

    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{SLUG}.po")):
        locale = po.parent.parent.name
        catalog = read_po(po.read_bytes(), po.name)
        wrong = [(e.line, refusals(e.msgid, e.msgstr, "en-GB", locale)) for e in catalog.entries
                 if e.translated and not e.obsolete and refusals(e.msgid, e.msgstr, "en-GB", locale)]
        assert wrong == [], (locale, wrong)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "locale", "rules"),
    [
        ("Take 500 mg twice a day.", "Cymerwch 500 mg ddwywaith y dydd.", "cy", set()),
        ("Take 500 mg twice a day.", "Cymerwch 0.5 g ddwywaith y dydd.", "cy", {"number-changed"}),
        ("Take 500 mg twice a day.", "خذ ٥٠٠ ملغ مرتين في اليوم.", "ar", set()),
        ("Take 500 mg twice a day.", "خذ ٥٠٠ غرام مرتين في اليوم.", "ar", {"unit-changed"}),
        ("Fewer than 1 in 10,000", "Mniej niż 1 na 10 000", "pl", set()),
        ("Fewer than 1 in 10,000", "Mniej niż 1 na 1000", "pl", {"number-changed"}),
        ("Do not drive.", "No conduzca.", "es", set()),
        ("Do not drive.", "Conduzca.", "es", {"negation-dropped"}),
        ("Do not drive.", "لا تقد السيارة.", "ar", set()),
        ("Do not drive.", "ولا تقد السيارة.", "ar", set()),  # with the clitic "and"
        ("Do not drive.", "قد السيارة.", "ar", {"negation-dropped"}),
        ("Do not drive.", "گاڑی نہ چلائیں۔", "ur", set()),
        ("Do not drive.", "گاڑی چلائیں۔", "ur", {"negation-dropped"}),
        ("Do not drive.", "Ne conduisez pas.", "fr", set()),
        ("Do not drive.", "Conduisez.", "fr", {"negation-dropped"}),
        ("Do not drive.", "Nicht fahren.", "de", set()),
        ("Do not drive.", "Vozi.", "hr", set()),  # no Croatian word list: not judged on negation
        ("Wait 24 hours.", "Arhoswch 24 diwrnod.", "cy", {"unit-changed"}),
        ("Call [01234 567 890](tel:+441234567890).", "Ffoniwch [01234 567 890](tel:+441234567890).", "cy",
         set()),
        ("Call [01234 567 890](tel:+441234567890).", "Ffoniwch [01234 567 890](tel:+441234567899).", "cy",
         {"markup-changed"}),
    ],
)
def test_safety_rules_on_translations_written_as_translators_write_them(
    msgid: str, msgstr: str, locale: str, rules: set[str]
) -> None:
    assert {r.rule for r in refusals(msgid, msgstr, "en-GB", locale, True)} == rules


@given(st.integers(0, 100_000), st.integers(0, 100_000), st.sampled_from(["mg", "ml", "mcg", "hours"]))
def test_any_changed_amount_is_refused(wanted: int, written: int, unit: str) -> None:
    msgid = f"Take {wanted:,} {unit} each time."
    msgstr = f"Cymerwch {written:,} {unit} bob tro."
    found = {r.rule for r in refusals(msgid, msgstr, "en-GB", "cy", True)}
    assert ("number-changed" in found) == (wanted != written)
    assert amounts(msgid, "en-GB") == [(Decimal(wanted), {"hours": "hour"}.get(unit, unit))]


def test_negation_words_are_data_and_the_project_settings_decide_what_blocks() -> None:
    assert negations("Do not drive; don't drink.", "en-GB") == {"not": 1, "don't": 1}
    assert negations("Nie prowadź.", "pl") == {"nie": 1}
    assert negations("Vozi.", "hr") is None
    assert "number-changed" in blocking_rules({})
    assert "number-changed" not in blocking_rules({"severity": {"number-changed": "warning"}})
    assert "negation-dropped" not in blocking_rules({"disable": ["negation-dropped"]})


def test_a_translator_switch_with_a_reason_lets_one_unit_through(project_copy: Path) -> None:
    po = _po(project_copy)
    _edit(po, 'msgid "Do not drive home"\nmsgstr "Peidiwch â gyrru adref"',
          "# leaflets-disable negation-dropped: reviewed by the clinical lead\n"
          'msgid "Do not drive home"\nmsgstr "Gyrrwch adref"')
    code, _, err = _run(project_copy, "build", "--jobs", "1", "--locale", "cy")
    assert code == 0 and not re.search(r"negation-dropped", err)
    assert (project_copy / "dist" / SLUG / "cy" / "index.html").exists()


def test_an_interface_word_with_a_wrong_number_is_shown_in_english(project_copy: Path) -> None:
    po = project_copy / "locales" / "cy" / "LC_MESSAGES" / "ui.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgctxt "pictures_credit"')
    block = text[start:text.index("\n\n", start)]
    head, translation = block.split("msgstr", 1)
    assert "4.0" in translation and "4.0" in head
    po.write_text(text.replace(block, head + "msgstr" + translation.replace("4.0", "3.0")), encoding="utf-8")
    code, _, err = _run(project_copy, "build", "--jobs", "1", "--locale", "cy")
    assert code == 0 and "locales/cy/LC_MESSAGES/ui.po:" in err and "number-changed" in err
    page = (project_copy / "dist" / SLUG / "cy" / "easy-read.html").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in page and "CC BY-SA 3.0" not in page  # the credit, in English
    data = json.loads(_run(project_copy, "status", "--format", "json")[1])
    row = next(r for r in data["rows"] if r["domain"] == "ui" and r["locale"] == "cy")
    assert row["publishable"] == "English for missing" and row["refused"] == 1
    assert any("ui.po:" in r and "pictures_credit" in r for r in data["refused"])
