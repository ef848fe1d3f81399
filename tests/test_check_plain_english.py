"""The plain-English gate measured: recall of the word lists in every inflected form, precision on
plain text, passive voice, run-ons, the splitter, density and the verdict, translations as status.

The texts here were written for these tests in the NHS leaflet style (no sentence is copied);
the word list in fixtures/check/plain-language-sources.tsv is built from public sources named there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import lemminflect
import polib
import pytest
from check_support import leaflet_text, make_project

from pipeline.check.gate import CheckOptions, CheckResult, run_check
from pipeline.check.inflection import phrase_matcher
from pipeline.check.passive import PassiveWords, find_passive
from pipeline.check.rules import load_rules
from pipeline.check.splitter import split_sentences
from pipeline.settings import load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "check"
RULES = Path(__file__).resolve().parent.parent / "pipeline" / "rules"


def _sources() -> list[tuple[str, str]]:
    rows = []
    for line in (FIXTURES / "plain-language-sources.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, word = line.split("\t")
            rows.append((source, word))
    return rows


def inflections(entry: str) -> set[str]:
    """Every inflected form of an entry's first word that lemminflect's dictionary gives.

    A word the dictionary does not know ("haemorrhoids", "advantageous") is taken as it is,
    with a plural for a noun-like word, since suffix rules would make forms nobody writes.
    """
    first, _, rest = entry.partition(" ")
    forms = {first}
    known = lemminflect.getAllLemmas(first)
    for upos in known:
        for found in lemminflect.getAllInflections(first, upos).values():
            forms.update(found)
    if not known and not rest and not first.endswith(("s", "ous", "al", "ic", "ly")):
        forms.update(lemminflect.getAllInflectionsOOV(first, "NOUN").get("NNS", ()))
    return {f"{form} {rest}".strip() for form in forms}


def english_lists() -> list[str]:
    rules = load_rules("en")
    return [*rules["plain-words"].data["phrases"], *rules["medical-word-unexplained"].data["words"]]


def test_hard_words_of_public_sources_are_found_in_every_inflected_form() -> None:
    matcher = phrase_matcher(english_lists(), "en")
    found = missed = 0
    misses: list[str] = []
    for _, word in _sources():
        for form in sorted(inflections(word)):
            if any(matcher.finditer(f"Please {form} it now.")):
                found += 1
            else:
                missed += 1
                misses.append(form)
    recall = found / (found + missed)
    print(f"recall {recall:.3f} over {found + missed} inflected forms; missed: {misses}")
    assert recall >= 0.90, misses


@pytest.mark.parametrize("form", ["utilised", "commencing", "facilitates", "ensuring", "undertaken", "required"])
def test_the_forms_the_issue_names_are_found(form: str) -> None:
    assert any(phrase_matcher(english_lists(), "en").finditer(f"It was {form} here."))


def test_at_least_300_medical_words_each_explained_in_plain_words() -> None:
    words = load_rules("en")["medical-word-unexplained"].data["words"]
    assert len(words) >= 300
    hard = phrase_matcher(english_lists(), "en")
    not_plain = {k: v for k, v in words.items() if not v or any(hard.finditer(v))}
    assert not not_plain, not_plain


def _check(folder: Path, body: str, settings: str = "", title: str = "Having a test") -> CheckResult:
    make_project(folder, {"t": leaflet_text("t", body, title=title)}, settings)
    return run_check(load_settings(folder), CheckOptions())


PLAIN = """
## What Happens At Your Appointment

A nurse will meet you at the front desk of the Pain Clinic. They will ask your name and date of birth.
You can bring a friend or family member with you.

Take Warfarin as your doctor told you. If you take Apixaban, tell us before the day.

## Before The Test

- Eat and drink as normal.
- Bring a list of your medicines.
- Wear loose clothes.

The test takes about 20 minutes. You lie on a bed and the nurse puts a small pad on your chest.
It does not hurt. You can go home straight after.

## After the test

You can drive and go back to work the same day. Your GP gets a letter with the results in 2 weeks.
Call the clinic on 01234 567 890 if you have any questions. We are open from 9am to 5pm, Monday to Friday.
If you feel unwell, call 111. In an emergency, call 999.

| When | What to do |
| --- | --- |
| Morning Of The Test | Have a light breakfast |
| After The Test | Rest if you feel tired |
"""

DENSE = """
## Information regarding your procedure

Prior to the commencement of the procedure, it is essential that you ensure all documentation is completed.
The practitioner will endeavour to facilitate your understanding of the intervention and its prognosis.
Subsequently, the anaesthetist will administer sedation intravenously to alleviate discomfort.

## Following the procedure

Individuals may experience transient paraesthesia and haematoma formation at the locality of the incision.
Should symptoms persist or deteriorate, consult your practitioner immediately in accordance with local protocol.
Patients with hypertension or anaemia are required to notify personnel prior to discharge.
Utilisation of analgesia is permissible; however, excessive consumption is detrimental.
Furthermore, mobilise cautiously and refrain from strenuous activity for the duration of your recovery.
Additional particulars are obtainable from the department upon request.
"""


def test_plain_nhs_style_text_passes_and_most_findings_are_right(tmp_path: Path) -> None:
    result = _check(tmp_path, PLAIN)
    assert result.passed, [(f.rule, f.message) for f in result.blocking]
    # no run-on on Title Case headings, table cells or capitalised drug names
    assert not [f for f in result.findings if f.rule == "run-on-sentence"]
    findings = [f for f in result.findings if f.rule not in ("unused-switch",)]
    # judged by hand: the two paragraphs of 4 and 6 sentences are long; any other finding is wrong
    # ("as your doctor told you" is no passive, "Warfarin" no run-on, "Pain Clinic" no shouting)
    right = [f for f in findings if f.rule == "long-paragraph" and f.message.split()[3] in ("4", "6")]
    assert findings and len(right) / len(findings) >= 0.9, [(f.rule, f.message) for f in findings]


def test_dense_jargon_fails_for_plain_english_and_never_for_a_false_error(tmp_path: Path) -> None:
    result = _check(tmp_path, DENSE)
    blocking = {f.rule for f in result.blocking}
    assert "plain-english-density" in blocking
    assert blocking <= {"plain-english-density", "reading-age", "average-sentence-length", "very-long-sentence"}
    density = next(f for f in result.findings if f.rule == "plain-english-density")
    assert "Hard words per 100 words" in density.message


def test_density_bands_are_settings(tmp_path: Path) -> None:
    loose = '[tool.leaflets.check]\ndensity = { hard-words = [40.0, 60.0] }\n'
    result = _check(tmp_path, DENSE, loose)
    assert "plain-english-density" not in {f.rule for f in result.blocking}
    bad = '[tool.leaflets.check]\ndensity = { hard-words = "high" }\n'
    from pipeline.problems import InputError

    with pytest.raises(InputError) as err:
        _check(tmp_path / "b", DENSE, bad)
    assert "tool.leaflets.check.density.hard-words" in str(err.value)


def test_a_medical_word_in_brackets_explains_only_with_plain_words(tmp_path: Path) -> None:
    body = """
    ## The test

    The nurse puts a thin tube (cannula) in your arm. You will then have a biopsy (a small sample of skin).
    You may have a haematoma (an intravenous bleed) afterwards.
    """
    result = _check(tmp_path, body)
    flagged = {f.text for f in result.findings if f.rule == "medical-word-unexplained"}
    words = " ".join(f.message for f in result.findings if f.rule == "medical-word-unexplained")
    assert '"haematoma"' in words and '"cannula"' not in words and '"biopsy"' not in words, flagged


def _passive_rows() -> list[tuple[bool, str]]:
    rows = []
    for line in (FIXTURES / "passive-sentences.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t")
            rows.append((label == "P", text))
    return rows


def test_passive_voice_precision_and_recall_on_a_labelled_set() -> None:
    data = tomllib.loads((RULES / "en" / "style.toml").read_text(encoding="utf-8"))["rules"]["passive-voice"]
    lists = PassiveWords.from_data(data)
    rows = _passive_rows()
    kinds = {"get": ["get", "got"], "reduced": ["done in", "taken by", "Once signed"], "adjective": ["crowded"]}
    text = " ".join(t for _, t in rows)
    assert all(any(k in text for k in words) for words in kinds.values())  # the set holds every shape
    tp = sum(1 for passive, t in rows if passive and find_passive(t, lists))
    fp = sum(1 for passive, t in rows if not passive and find_passive(t, lists))
    fn = sum(1 for passive, t in rows if passive and not find_passive(t, lists))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"passive voice: precision {precision:.2f}, recall {recall:.2f} over {len(rows)} sentences")
    assert precision >= 0.85 and recall >= 0.85


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The risk is approx. 1 in 10,000. Call us.", ["The risk is approx. 1 in 10,000.", "Call us."]),
        ("Take Vit. D every day. It helps.", ["Take Vit. D every day.", "It helps."]),
        ("Come at 10 a.m. The clinic opens then.", ["Come at 10 a.m.", "The clinic opens then."]),
        ("Come at 10 a.m. on Monday.", ["Come at 10 a.m. on Monday."]),
        (
            "Rest today (see the leaflet.) You can walk tomorrow.",
            ["Rest today (see the leaflet.)", "You can walk tomorrow."],
        ),
        ("See Dr. Patel on the ward. Bring your letter.", ["See Dr. Patel on the ward.", "Bring your letter."]),
    ],
)
def test_the_splitter_handles_abbreviations_times_and_brackets(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en-GB") == expected


def test_run_on_still_finds_a_lost_full_stop(tmp_path: Path) -> None:
    result = _check(tmp_path, "## The day\n\nThe scan was made A nurse will ring you. Rest at home.\n")
    assert [f.message for f in result.findings if f.rule == "run-on-sentence"]


# --- translations do not block authors ---------------------------------------------------


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and GNU gettext's {tool} is missing")
        pytest.skip(f"SKIPPED LOUDLY: GNU gettext's {tool} is not installed")
    return found


def _project_with_msginit_po(tmp_path: Path, settings: str = "") -> Path:
    body = "## Before\n\nDo not eat for 6 hours before the test.\n\nCall the clinic if you are ill.\n"
    make_project(tmp_path, {"t": leaflet_text("t", body)}, settings, locales='["pl"]')
    from typer.testing import CliRunner

    from pipeline.cli import app

    assert CliRunner().invoke(app, ["extract", "-C", str(tmp_path)]).exit_code == 0
    po = tmp_path / "locales" / "pl" / "LC_MESSAGES" / "t.po"
    po.parent.mkdir(parents=True)
    subprocess.run(
        [_need("msginit"), "--no-translator", "-l", "pl", "-i", str(tmp_path / "locales" / "t.pot"), "-o", str(po)],
        check=True,
        capture_output=True,
    )
    return po


def test_an_untranslated_locale_is_status_unless_required(tmp_path: Path) -> None:
    po = _project_with_msginit_po(tmp_path)
    catalog = polib.pofile(str(po))  # a translator's tool saves one unit
    entry = next(e for e in catalog if e.msgid.startswith("Do not eat"))
    entry.msgstr = "Nie jedz przez 6 godzin przed badaniem."
    catalog.save()
    subprocess.run([_need("msgfmt"), "-c", "-o", os.devnull, str(po)], check=True)
    result = run_check(load_settings(tmp_path), CheckOptions())
    untranslated = [f for f in result.findings if f.rule == "untranslated"]
    assert untranslated and all(f.severity == "info" for f in untranslated) and result.passed

    required = tmp_path / "req"
    po_required = _project_with_msginit_po(required, '[tool.leaflets.check]\nrequired_locales = ["pl"]\n')
    assert po_required.is_file()
    result = run_check(load_settings(required), CheckOptions())
    assert not result.passed and {f.rule for f in result.blocking} >= {"untranslated"}


def test_what_is_translated_is_still_checked_strictly(tmp_path: Path) -> None:
    po = _project_with_msginit_po(tmp_path)
    catalog = polib.pofile(str(po))
    entry = next(e for e in catalog if e.msgid.startswith("Do not eat"))
    entry.msgstr = "Jedz przez 8 godzin przed badaniem."  # a changed number
    catalog.save()
    result = run_check(load_settings(tmp_path), CheckOptions())
    assert "number-changed" in {f.rule for f in result.blocking} and not result.passed


# --- the shipped lemma tables ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy", "pl", "es", "ar"])
def test_each_shipped_list_is_covered_by_its_lemma_table(lang: str) -> None:
    from pipeline.check.inflection import list_entries

    matcher = phrase_matcher(list_entries(lang), lang)
    assert not matcher.full, "run tools/gen_lemma_tables.py: a list word is missing from its lemma table"


@pytest.mark.parametrize("lang", ["es", "cy"])  # the small dictionaries; Polish takes 17 s to load
def test_a_lemma_table_is_what_the_generator_makes_from_simplemma(lang: str) -> None:
    from pipeline.check.inflection import build_table, list_entries, shipped_table

    assert build_table(lang, list_entries(lang)) == shipped_table(lang)


def test_a_teams_own_entry_is_matched_with_the_full_dictionary() -> None:
    matcher = phrase_matcher(["zweryfikować"], "pl")  # not in any shipped list
    assert matcher.full and any(matcher.finditer("Lekarz zweryfikował wynik."))


def test_the_participle_table_is_what_the_generator_makes_from_lemminflect() -> None:
    import json

    from pipeline.check.inflection import participle_table

    shipped = json.loads((RULES / "lemmas" / "en-participles.json").read_text(encoding="utf-8"))
    assert {k: shipped[k] for k in ("vbn", "vbd", "other")} == participle_table()


def test_the_english_table_holds_every_lemminflect_form_of_each_entry() -> None:
    from pipeline.check.inflection import english_forms, shipped_table

    table = shipped_table("en")
    for entry in ("utilise", "undertake", "observation", "haemorrhoids"):
        assert english_forms(entry) <= set(table), entry


# --- more leaflets in the styles of GP and hospital leaflets (written for these tests) ------

GP_PLAIN = """
## Taking Your Tablets

Take Metformin with food. This helps stop an upset stomach.

| Time | Dose |
| --- | --- |
| Breakfast | 1 tablet (500 mg) |
| Evening Meal | 1 tablet (500 mg) |

Do not take more than 4 tablets in 24 hours. If you forget a dose, take the next one at the usual time.
Do not take 2 doses together.

## Side Effects

Some people feel sick or have runny poo (diarrhoea) in the first few weeks. This usually gets better.
Tell your GP if it does not stop after 2 weeks.

Stop taking the tablets and call 111 if:

- your skin or the whites of your eyes turn yellow
- you feel very tired and short of breath

## Checks With Your GP Practice

Your GP will check your blood every year. Bring your tablets to the check so the nurse can see them.
You can ask the pharmacist about your tablets at any time.
"""

HOSPITAL_DENSE = """
## Post-operative instructions

Following your laparoscopic cholecystectomy, it is imperative that you mobilise regularly to minimise
the likelihood of deep vein thrombosis. Analgesia will be administered as required; nevertheless,
should you experience persistent abdominal discomfort, pyrexia or jaundice, you must notify the ward
immediately. Sutures are subsequently removed at your GP practice. Refrain from strenuous exertion
for the duration of your convalescence and ensure adequate hydration. Individuals with comorbidities
such as hypertension may require additional monitoring prior to discharge. Medication should be
discontinued only in accordance with the instructions provided by the consultant.
"""


def test_a_gp_style_leaflet_with_a_dose_table_passes_with_no_false_error(tmp_path: Path) -> None:
    result = _check(tmp_path, GP_PLAIN, title="Metformin Tablets")
    assert result.passed, [(f.rule, f.message) for f in result.blocking]
    assert not [f for f in result.findings if f.severity == "error"]
    assert not [f for f in result.findings if f.rule in ("run-on-sentence", "plain-words", "capitals")]


def test_a_dense_hospital_leaflet_fails_for_plain_english(tmp_path: Path) -> None:
    result = _check(tmp_path, HOSPITAL_DENSE, title="After Your Operation")
    blocking = {f.rule for f in result.blocking}
    assert "plain-english-density" in blocking and "run-on-sentence" not in blocking
    named = " ".join(f.message for f in result.findings if f.rule in ("plain-words", "medical-word-unexplained"))
    for word in ("mobilise", "cholecystectomy", "pyrexia", "jaundice", "subsequently", "discontinued", "provided"):
        assert f'"{word}"' in named, word


@pytest.mark.parametrize(
    ("lang", "text", "entry"),
    [
        ("cy", "Byddwn ni'n ddarparu taflen i chi.", "darparu"),  # soft mutation
        ("cy", "Mae'r clinig yn cynorthwyo cleifion.", "cynorthwyo"),
        ("pl", "Pacjent posiada skierowanie.", "posiadać"),
        ("pl", "Niezwłocznie zadzwoń do lekarza.", "niezwłocznie|bezzwłocznie"),
        ("es", "El médico efectuó la prueba.", "efectuar"),
        ("es", "Le proporcionamos un folleto.", "proporcionar"),
    ],
)
def test_welsh_polish_and_spanish_lists_match_inflected_forms(lang: str, text: str, entry: str) -> None:
    rules = load_rules(lang)
    table = rules["plain-words"].data["phrases"]
    found = [m.entry for m in phrase_matcher(table, lang).finditer(text)]
    assert entry in found, found
