"""Plain-English and easy-read rules: bad-on-purpose leaflets fail for the right reasons."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_support import leaflet_text, make_project

from pipeline.check.findings import Finding
from pipeline.check.gate import CheckOptions, CheckResult, run_check
from pipeline.check.rules import load_rules
from pipeline.problems import InputError
from pipeline.settings import load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "check"


def check(folder: Path, leaflets: dict[str, str], settings: str = "") -> CheckResult:
    make_project(folder, leaflets, settings)
    return run_check(load_settings(folder), CheckOptions())


def hits(result: CheckResult, slug: str | None = None) -> set[tuple[str, int]]:
    return {(f.rule, f.line) for f in result.findings if slug is None or f.leaflet == slug}


def fixture_project(tmp_path: Path, *names: str, settings: str = "") -> CheckResult:
    texts = {name: (FIXTURES / f"{name}.md").read_text(encoding="utf-8") for name in names}
    return check(tmp_path, texts, settings)


def test_bad_plain_english_fails_for_the_right_reasons(tmp_path: Path) -> None:
    result = fixture_project(tmp_path, "bad-plain-english")
    found = hits(result)
    expected = {
        ("plain-words", 15),
        ("passive-voice", 15),  # "is undertaken", "prior to"
        ("medical-word-unexplained", 17),
        ("latin-abbreviation", 17),  # anticoagulant, e.g.
        ("and-or", 19),
        ("plural-s", 19),
        ("undefined-abbreviation", 21),  # MRI
        ("double-negative", 23),
        ("medical-word-unexplained", 23),  # not uncommon, anaesthetic
        ("passive-voice", 25),
        ("run-on-sentence", 27),
        ("latin-abbreviation", 27),  # "protocol The", as per
        ("capitals", 31),
        ("number-words", 33),
        ("very-long-sentence", 35),
        ("long-paragraph", 37),
    }
    assert expected <= found, expected - found
    assert not result.passed
    errors = {(f.rule, f.line) for f in result.blocking}
    # dense with jargon: it fails for that too, not only for one long sentence
    assert errors == {("run-on-sentence", 27), ("very-long-sentence", 35), ("plain-english-density", 1)}
    run_on = next(f for f in result.findings if f.rule == "run-on-sentence")
    assert "protocol The" in run_on.message and run_on.col == 41
    plain = {f.message: f.suggestion for f in result.findings if f.rule == "plain-words"}
    assert plain['"undertaken" is a hard word or phrase.'] == 'Write "do, carry out".'
    assert plain['"prior to" is a hard word or phrase.'] == 'Write "before".'


def test_bad_easy_read_fails_for_the_right_reasons(tmp_path: Path) -> None:
    result = fixture_project(tmp_path, "bad-easy-read")
    found = hits(result)
    expected = {
        ("easy-read-too-many-sentences", 18),
        ("easy-read-long-sentence", 19),
        ("easy-read-hard-word", 20),
        ("easy-read-digits", 20),
        ("easy-read-one-idea", 21),
        ("easy-read-section-too-long", 35),
    }
    assert expected <= found, expected - found
    easy = [f for f in result.findings if f.variant == "easy-read"]
    assert {f.rule for f in easy} <= {r for r, _ in expected} | {"passive-voice"}


def test_the_sample_leaflet_has_no_run_ons_plain_word_or_easy_read_errors(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root / "source", tmp_path / "source")
    (tmp_path / "pyproject.toml").write_text("[tool.leaflets]\nlocales = []\n", encoding="utf-8")
    result = run_check(load_settings(tmp_path), CheckOptions())
    rules = {f.rule for f in result.findings}
    assert not rules & {
        "run-on-sentence",
        "plain-words",
        "latin-abbreviation",
        "and-or",
        "capitals",
        "undefined-abbreviation",
        "double-negative",
        "easy-read-long-sentence",
        "easy-read-too-many-sentences",
        "easy-read-picture",
        "easy-read-hard-word",
    }
    smog = {m.variant: next(f for f in m.figures if f.name == "SMOG") for m in result.measurements}
    assert smog["standard"].status == "pass" and smog["easy-read"].status == "pass"


BODY = """
## Section one

{switch}The procedure is undertaken by a nurse.

Other text here.
"""


def test_a_source_comment_switches_a_rule_off_for_one_block(tmp_path: Path) -> None:
    switch = "<!-- leaflets-disable plain-words: the regulator's own term -->\n"
    result = check(tmp_path, {"s": leaflet_text("s", BODY.format(switch=switch))})
    assert "plain-words" not in {f.rule for f in result.findings}
    # "procedure" and "undertaken" are both switched off in that paragraph, with the reason
    assert {(s.finding.rule, s.reason) for s in result.suppressed} == {
        ("plain-words", "the regulator's own term")
    }
    assert len(result.suppressed) == 2
    assert "passive-voice" in {f.rule for f in result.findings}  # only the named rule is off


def test_an_unused_switch_is_reported(tmp_path: Path) -> None:
    switch = "<!-- leaflets-disable capitals: no reason really -->\n"
    result = check(tmp_path, {"s": leaflet_text("s", BODY.format(switch=switch))})
    unused = [f for f in result.findings if f.rule == "unused-switch"]
    assert len(unused) == 1 and unused[0].line == 15


def test_a_switch_naming_an_unknown_rule_is_bad_input(tmp_path: Path) -> None:
    switch = "<!-- leaflets-disable plain-word: typo in the id -->\n"
    with pytest.raises(InputError) as err:
        check(tmp_path, {"s": leaflet_text("s", BODY.format(switch=switch))})
    assert "unknown rule 'plain-word'" in str(err.value) and "plain-words" in str(err.value)
    assert err.value.problems[0].line == 15


def test_settings_disable_relevel_and_accept(tmp_path: Path) -> None:
    text = leaflet_text("s", BODY.format(switch=""))
    base = {f.rule: f.severity for f in check(tmp_path / "a", {"s": text}).findings}
    assert base["plain-words"] == "warning" and "passive-voice" in base
    settings = '[tool.leaflets.check]\ndisable = ["passive-voice"]\nseverity = { plain-words = "error" }\n'
    result = check(tmp_path / "b", {"s": text}, settings)
    got = {f.rule: f.severity for f in result.findings}
    assert "passive-voice" not in got and got["plain-words"] == "error" and not result.passed
    accepted = check(
        tmp_path / "c", {"s": text}, '[tool.leaflets.check]\naccept = ["undertaken", "procedure"]\n'
    )
    assert "plain-words" not in {f.rule for f in accepted.findings}


def test_an_unknown_rule_in_settings_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        check(
            tmp_path,
            {"s": leaflet_text("s", BODY.format(switch=""))},
            '[tool.leaflets.check]\ndisable = ["pasive-voice"]\n',
        )
    assert "pasive-voice" in str(err.value) and "passive-voice" in str(err.value)


def test_a_team_extends_and_adds_rules_with_data_files(tmp_path: Path) -> None:
    rules = tmp_path / "house-rules" / "en"
    rules.mkdir(parents=True)
    (rules / "ours.toml").write_text(
        '[rules.plain-words]\nextend = true\nphrases = { "nurse" = "the person who looks after you" }\n\n'
        '[rules.brand-names]\nkind = "phrases"\nseverity = "error"\nmessage = "Brand name \\"{match}\\"."\n'
        'suggestion = "Write \\"{alternative}\\"."\nphrases = { "Nurofen" = "ibuprofen" }\n',
        encoding="utf-8",
    )
    text = leaflet_text("s", "## One\n\nA nurse gives you Nurofen tablets.\n")
    result = check(tmp_path, {"s": text}, '[tool.leaflets.check]\nrules_dirs = ["house-rules"]\n')
    found = {(f.rule, f.text.split()[1] if f.rule == "plain-words" else "") for f in result.findings}
    assert ("plain-words", "nurse") in found
    brand = next(f for f in result.findings if f.rule == "brand-names")
    assert brand.severity == "error" and "ibuprofen" in brand.suggestion


def test_a_broken_rule_file_is_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "r" / "en"
    folder.mkdir(parents=True)
    (folder / "bad.toml").write_text(
        '[rules.x-rule]\nkind = "nonsense"\nseverity = "error"\nmessage = "m"\nsuggestion = "s"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_rules("en", [tmp_path / "r"], tmp_path)
    assert "r/en/bad.toml:1:1: rule 'x-rule': unknown kind 'nonsense'" in str(err.value)


def test_every_shipped_rule_has_id_severity_message_and_suggestion() -> None:
    rules = load_rules("en")
    assert len(rules) >= 25
    for rule in rules.values():
        assert rule.severity in ("error", "warning", "info") and rule.message and rule.suggestion


def test_translated_units_are_checked_with_common_rules_only(tmp_path: Path) -> None:
    rules = load_rules("cy")
    assert "long-sentence" in rules and "easy-read-long-sentence" in rules
    # Welsh has its own plain-words list (Cymraeg Clir); no English entry is in it
    assert "derbyn" in rules["plain-words"].data["phrases"] and "utilise" not in rules["plain-words"].data["phrases"]


def test_finding_fingerprint_ignores_line_numbers() -> None:
    a = Finding("r", "error", "p", 10, 1, "Some  text", "m", "s", "l", "en-GB", "standard")
    b = Finding("r", "error", "p", 99, 5, "Some text", "m", "s", "l", "en-GB", "standard")
    c = Finding("r", "error", "p", 10, 1, "Other text", "m", "s", "l", "en-GB", "standard")
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_the_sample_passes_the_gate_in_every_locale(root: Path) -> None:
    result = run_check(load_settings(root), CheckOptions())
    assert result.passed, [f"{f.path}:{f.line} {f.rule}" for f in result.blocking]


def test_built_in_translation_rules_are_configurable(tmp_path: Path) -> None:
    text = leaflet_text("s", "## One\n\nKeep the area dry.\n")
    make_project(
        tmp_path,
        {"s": text},
        '[tool.leaflets.check]\nseverity = { translation-missing = "warning" }\n',
        locales='["pl"]',
    )
    result = run_check(load_settings(tmp_path), CheckOptions())
    missing = [f for f in result.findings if f.rule == "translation-missing"]
    # not a required locale: an unfinished translation is status, whatever its configured level
    assert [f.severity for f in missing] == ["info"] and result.passed
    make_project(
        tmp_path,
        {"s": text},
        '[tool.leaflets.check]\nseverity = { translation-missing = "warning" }\nrequired_locales = ["pl"]\n',
        locales='["pl"]',
    )
    result = run_check(load_settings(tmp_path), CheckOptions())
    missing = [f for f in result.findings if f.rule == "translation-missing"]
    assert [f.severity for f in missing] == ["warning"] and result.passed
    assert result.rules["number-changed"].message  # SARIF gets each rule's description


@pytest.mark.parametrize(
    ("lang", "text", "rule"),
    [
        ("es", "Tome agua y/o zumo.", "and-or"),
        ("es", "Traiga sus medicinas, p. ej. la insulina.", "latin-abbreviation"),
        ("pl", "Weź wodę i/lub sok.", "and-or"),
        ("cy", "Dewch â'ch meddyginiaethau, e.e. inswlin.", "latin-abbreviation"),
    ],
)
def test_language_rule_files_apply_to_their_language(lang: str, text: str, rule: str) -> None:
    from pipeline.check.rules import Context, run_rules
    from pipeline.check.text import TextUnit, sentences

    rules = load_rules(lang)
    # English word lists never run on another language: its own list replaces them
    assert "utilise" not in rules["plain-words"].data["phrases"]
    unit = TextUnit(text, "paragraph", 1, 0, 0, 1)
    ctx = Context(sentences([unit], lang), [unit], "standard", lang, frozenset(), frozenset())
    assert rule in {hit.rule.id for hit in run_rules(rules, ctx)}
