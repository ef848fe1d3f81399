"""The left-to-right run rule (pipeline/writers/bidi.py): whole doses, units, ranges and names, nothing lost."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from pipeline.writers.bidi import LRI, PDI, isolate_plain, ltr_runs
from pipeline.writers.html import append_text


def _isolated(text: str) -> list[str]:
    return [run.text for run in ltr_runs(text) if run.ltr]


def test_a_number_keeps_its_unit() -> None:
    assert _isolated("خذ 500 mg مرتين") == ["500 mg"]
    assert _isolated("الجرعة (1,000mg) فقط") == ["1,000mg"]  # brackets stay outside: the RTL text mirrors them
    assert _isolated("حرارة 38°C أو أكثر") == ["38°C"]
    assert _isolated("خلال 15-30 دقيقة") == ["15-30"]
    assert _isolated("120mg/5ml سائل") == ["120mg/5ml"]


def test_latin_phrases_names_phone_numbers_dates_times_are_one_run() -> None:
    assert _isolated("نحو 1 in 10,000 شخص") == ["1 in 10,000"]
    assert _isolated("من St Mary's Hospital اليوم") == ["St Mary's Hospital"]
    assert _isolated("اتصل على +44 20 7946 0321، أو 111.") == ["+44 20 7946 0321", "111"]
    assert _isolated("في 12/03/2026 الساعة 10:30") == ["12/03/2026", "10:30"]
    assert _isolated("۵۰۰ mg کی گولی") == ["۵۰۰ mg"]  # Urdu digits with a Latin unit


def test_right_to_left_words_and_arabic_punctuation_end_a_run() -> None:
    assert _isolated("1 من كل 10,000") == ["1", "10,000"]
    assert _isolated("500 mg، 250 mg") == ["500 mg", "250 mg"]
    assert _isolated("بدون أرقام") == []


def test_runs_know_whether_they_hold_latin_letters() -> None:
    runs = [r for r in ltr_runs("خذ 500 mg في 24 ساعة") if r.ltr]
    assert [(r.text, r.latin) for r in runs] == [("500 mg", True), ("24", False)]


def test_append_text_marks_latin_runs_with_their_language() -> None:
    p = html.Element("p")
    append_text(p, "خذ 500 mg في 24 ساعة", rtl=True, latin={"lang": "en"})
    assert [(b.text, b.get("dir"), b.get("lang")) for b in p.iter("bdi")] == [("500 mg", "ltr", "en"),
                                                                             ("24", "ltr", None)]
    assert p.text_content() == "خذ 500 mg في 24 ساعة"


def test_isolate_plain_wraps_runs_in_unicode_isolates() -> None:
    assert isolate_plain("خذ 500 mg") == f"خذ {LRI}500 mg{PDI}"


@given(st.lists(st.sampled_from([*"ab1 ,.-:/()°%+'خذ٣۵،", "mg", "\u00a0"]), max_size=30).map("".join))
def test_runs_join_back_to_the_text_and_have_clean_edges(text: str) -> None:
    runs = ltr_runs(text)
    assert "".join(r.text for r in runs) == text
    for run in runs:
        if run.ltr:
            assert run.text == run.text.strip()  # spaces and trailing joiners are outside the run
            assert run.text[-1] not in ",.-:/'"
    # a plain piece never sits next to another plain piece (runs are maximal)
    assert all(a.ltr or b.ltr for a, b in itertools.pairwise(runs))
