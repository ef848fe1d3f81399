"""Locale codes are spelt one way wherever they enter: init, settings, folders (issue 10, point 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import run_cli as _run
from hypothesis import given
from hypothesis import strategies as st

from pipeline.locale_codes import LocaleCodeError, canonical, cldr_identifier
from pipeline.locale_info import bcp47

SLUG = "sacroiliac-joint-injection"


def _set_locales(project: Path, value: str) -> None:
    path = project / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    old = 'locales = ["cy", "pl", "es", "ar", "ur"]'
    assert old in text
    path.write_text(text.replace(old, value), encoding="utf-8")


@pytest.mark.parametrize(
    ("typed", "spelt", "cldr", "lang"),
    [
        ("ES", "es", "es", "es"),
        ("Pl", "pl", "pl", "pl"),
        ("pt-br", "pt_BR", "pt_BR", "pt-BR"),
        ("PT_br", "pt_BR", "pt_BR", "pt-BR"),
        ("sr@latin", "sr@latin", "sr_Latn", "sr-Latn"),
        ("sr-Latn", "sr@latin", "sr_Latn", "sr-Latn"),
        ("sr_RS@latin", "sr_RS@latin", "sr_Latn_RS", "sr-Latn-RS"),
        ("zh-hant-tw", "zh_Hant_TW", "zh_Hant_TW", "zh-Hant-TW"),
        ("en-GB", "en_GB", "en_GB", "en-GB"),
    ],
)
def test_codes_are_spelt_the_gettext_way(typed: str, spelt: str, cldr: str, lang: str) -> None:
    assert canonical(typed) == spelt
    assert canonical(spelt) == spelt
    assert cldr_identifier(typed) == cldr
    assert bcp47(spelt) == lang


@pytest.mark.parametrize("bad", ["xx", "xx-QQ", "es_QQ", "welsh", "e", "es-", "../es", "es/LC"])
def test_unknown_or_malformed_codes_are_refused(bad: str) -> None:
    with pytest.raises(LocaleCodeError):
        canonical(bad)


@given(st.sampled_from(["cy", "pl", "es", "ar", "ur", "pt_BR", "en_GB", "sr@latin", "zh_Hant_TW"]),
       st.lists(st.booleans(), min_size=12, max_size=12), st.booleans())
def test_any_casing_or_separator_gives_the_same_code(code: str, upper: list[bool], dash: bool) -> None:
    typed = "".join(c.upper() if u else c.lower() for c, u in zip(code, upper * 2, strict=False))
    typed = typed.replace("_", "-") if dash else typed
    assert canonical(typed) == canonical(code) == code


def test_init_in_another_case_uses_the_existing_folder(project_copy: Path) -> None:
    before = (project_copy / "pyproject.toml").read_text(encoding="utf-8")
    for typed in ("ES", "Pl"):
        assert _run(project_copy, "init", typed)[0] == 0
    assert sorted(p.name for p in (project_copy / "locales").iterdir() if p.is_dir()) == [
        "ar", "cy", "es", "pl", "ur"]
    assert (project_copy / "pyproject.toml").read_text(encoding="utf-8") == before
    code, _, _ = _run(project_copy, "init", "FR")
    assert code == 0 and (project_copy / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po").is_file()
    assert 'locales = ["cy", "pl", "es", "ar", "ur", "fr"]' in (project_copy / "pyproject.toml").read_text(
        encoding="utf-8")
    assert '"Language: fr\\n"' in (project_copy / "locales" / "fr" / "LC_MESSAGES" / "ui.po").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("typed", ["en_GB", "en-GB", "EN-gb"])
def test_the_source_locale_cannot_be_added_as_a_translation(project_copy: Path, typed: str) -> None:
    before = (project_copy / "pyproject.toml").read_text(encoding="utf-8")
    code, _, err = _run(project_copy, "init", typed)
    assert code == 2 and "source locale" in err and "Traceback" not in err
    assert not (project_copy / "locales" / "en_GB").exists()
    assert (project_copy / "pyproject.toml").read_text(encoding="utf-8") == before


def test_settings_codes_are_canonicalised_and_duplicates_unknown_and_source_refused(project_copy: Path) -> None:
    _set_locales(project_copy, 'locales = ["CY", "pl", "ES", "ar", "ur"]')
    code, out, _ = _run(project_copy, "status", "--format", "json")
    assert code == 0 and {r["locale"] for r in json.loads(out)["rows"]} == {"cy", "pl", "es", "ar", "ur"}
    assert _run(project_copy, "build", "--jobs", "1", "--locale", "ES")[0] == 0
    assert (project_copy / "dist" / SLUG / "es" / "index.html").is_file()
    assert not (project_copy / "dist" / SLUG / "ES").exists()

    text = (project_copy / "pyproject.toml").read_text(encoding="utf-8")
    for value, words in [
        ('locales = ["es", "ES"]', "'es' and 'ES' are the same locale (es), listed twice"),
        ('locales = ["es", "es"]', "'es' is the same locale (es), listed twice"),
        ('locales = ["xx"]', "unknown locale code 'xx'"),
    ]:
        (project_copy / "pyproject.toml").write_text(
            text.replace('locales = ["CY", "pl", "ES", "ar", "ur"]', value), encoding="utf-8")
        for command in ("status", "update", "build"):
            code, _, err = _run(project_copy, command)
            assert code == 2 and words in err and "pyproject.toml:" in err, (command, err)
    (project_copy / "pyproject.toml").write_text(
        text.replace('locales = ["CY", "pl", "ES", "ar", "ur"]', 'locales = ["cy", "en_GB"]'), encoding="utf-8")
    for command in ("status", "update", "build"):
        code, _, err = _run(project_copy, command)
        assert code == 2 and "source locale" in err, (command, err)
    assert (project_copy / "dist" / SLUG / "cy" / "index.html").is_file()  # the rest is still built
    assert not (project_copy / "locales" / "en_GB").exists()


def test_a_folder_spelt_differently_is_reported(project_copy: Path) -> None:
    (project_copy / "locales" / "PT-br" / "LC_MESSAGES").mkdir(parents=True)
    code, _, err = _run(project_copy, "status")
    assert code == 2 and "locales/PT-br" in err and "rename it to locales/pt_BR" in err
    code, _, err = _run(project_copy, "update")
    assert code == 2 and "locales/PT-br" in err


def test_init_adds_to_a_multi_line_list_and_keeps_its_comments(project_copy: Path) -> None:
    _set_locales(project_copy, 'locales = [\n    "cy",  # Welsh: reviewed by the board\n    "pl",\n]  # more soon')
    assert _run(project_copy, "init", "de")[0] == 0
    text = (project_copy / "pyproject.toml").read_text(encoding="utf-8")
    assert 'locales = [\n    "cy",  # Welsh: reviewed by the board\n    "pl",\n    "de",\n]  # more soon' in text
