"""The update merge against GNU msgmerge --previous: same translations kept, same fuzzy entries,
previous msgid present, obsolete kept, idempotent, nothing translated ever lost."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

from conftest import require_tool
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline.po.merge import check_notes, merge, similarity
from pipeline.po.pofile import Catalog, Entry, header_text, parse_po, write_po

SENTENCES = [
    "Do not drive for 24 hours after the injection.",
    "Keep the area dry for 24 hours after the injection.",
    "Bring a list of all the medicines you take.",
    "Ask someone to take you home.",
    "A nurse may check your blood pressure and pulse.",
    "The doctor uses an X-ray machine to guide the needle to the right place.",
    "Most people go home 15 to 30 minutes after the injection.",
    "Call the pain clinic on [01234 567 890](tel:+441234567890), Monday to Friday, 9am to 5pm.",
    "Serious damage to a nerve",
    "Very rare: fewer than 1 in 10,000",
    "You can eat and drink as normal.",
    "Your pain may get worse for a few days.",
    "**Do not** have a bath for 2 days.",
    "Rare",
    "Common",
    "Tell your doctor if you might be pregnant.",
]
EDITS = [
    lambda s: re.sub(r"\d+", lambda m: str(int(m.group(0)) * 2), s, count=1),
    lambda s: s.replace(" may ", " may not ", 1) if " may " in s else "Do not " + s[0].lower() + s[1:],
    lambda s: s.rstrip(".") + " or your GP.",
    lambda s: s.replace("the ", "your ", 1),
    lambda s: s.upper(),
    lambda s: "Completely different text about aeroplanes and travel abroad.",
]
HEADER = Entry(
    msgid="",
    msgstr=header_text(
        [
            ("Project-Id-Version", "leaflet 1.0"),
            ("POT-Creation-Date", "2026-11-01 00:00+0000"),
            ("PO-Revision-Date", "2026-11-02 00:00+0000"),
            ("Last-Translator", "t"),
            ("Language-Team", "Welsh"),
            ("Language", "cy"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ]
    ),
)
POT_HEADER = Entry(
    msgid="",
    flags=("fuzzy",),
    msgstr=header_text(
        [
            ("Project-Id-Version", "leaflet 1.1"),
            ("POT-Creation-Date", "2026-12-01 00:00+0000"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ]
    ),
)


def _tools() -> None:
    require_tool("msgmerge", shutil.which("msgmerge") is not None, "GNU msgmerge is the oracle for update")


def _msgmerge(tmp_path: Path, po: str, pot: str, *extra: str) -> str:
    (tmp_path / "old.po").write_text(po, encoding="utf-8")
    (tmp_path / "new.pot").write_text(pot, encoding="utf-8")
    done = subprocess.run(
        ["msgmerge", "--previous", "-q", *extra, str(tmp_path / "old.po"), str(tmp_path / "new.pot")],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def _without_checks(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#. CHECK: "))


@st.composite
def scenario(draw: st.DrawFn) -> tuple[Catalog, Catalog]:
    """An old translation and a new template after random source edits."""
    chosen = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=10, unique=True))
    old: list[Entry] = []
    for n, text in enumerate(chosen):
        state = draw(st.sampled_from(["translated", "translated", "fuzzy", "empty"]))
        ctxt = "easy-read" if draw(st.integers(0, 5)) == 0 else None
        msgstr = "" if state == "empty" else f"CY{n} " + text[::-1]
        old.append(
            Entry(
                msgid=text,
                msgctxt=ctxt,
                msgstr=msgstr,
                flags=("fuzzy",) if state == "fuzzy" else (),
                translator_comments=("kept note",) if n % 3 == 0 else (),
                references=(f"source/x.md:{n + 1}",),
            )
        )
    new: list[Entry] = []
    for entry in old:
        action = draw(st.sampled_from(["keep", "keep", "edit", "drop"]))
        if action == "drop":
            continue
        text = draw(st.sampled_from(EDITS))(entry.msgid) if action == "edit" else entry.msgid
        if text not in {e.msgid for e in new}:
            new.append(
                Entry(
                    msgid=text,
                    msgctxt=entry.msgctxt,
                    extracted_comments=("Paragraph in: Going home",),
                    references=(f"source/x.md:{len(new) + 3}",),
                )
            )
    for extra in draw(st.lists(st.sampled_from(SENTENCES), max_size=3, unique=True)):
        if extra not in {e.msgid for e in new}:
            new.append(Entry(msgid=extra, references=("source/x.md:99",)))
    if draw(st.booleans()):
        new.reverse()
    return Catalog(HEADER, tuple(old)), Catalog(POT_HEADER, tuple(new))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=scenario())
def test_update_matches_msgmerge_previous(tmp_path: Path, case: tuple[Catalog, Catalog]) -> None:
    _tools()
    po, pot = case
    ours = write_po(merge(po, pot))
    theirs = _msgmerge(tmp_path, write_po(po), write_po(pot))
    diff = "".join(
        difflib.unified_diff(
            theirs.splitlines(True), _without_checks(ours).splitlines(True), "msgmerge", "ours"
        )
    )
    assert not diff, diff


@settings(max_examples=40, deadline=None)
@given(case=scenario())
def test_update_is_idempotent_and_loses_nothing(case: tuple[Catalog, Catalog]) -> None:
    po, pot = case
    once = merge(po, pot)
    text = write_po(once)
    assert write_po(merge(parse_po(text, "x.po"), pot)) == text
    kept = {e.msgstr for e in once.entries}
    assert {e.msgstr for e in po.entries if e.msgstr} <= kept


def test_compendium_fills_exact_matches_like_msgmerge(tmp_path: Path) -> None:
    _tools()
    po = Catalog(HEADER, (Entry(msgid="Ask someone to take you home.", msgstr="Gofynnwch i rywun."),))
    other = Catalog(HEADER, (Entry(msgid="Keep a phone near you.", msgstr="Cadwch ffôn gerllaw."),))
    pot = Catalog(
        POT_HEADER, (Entry(msgid="Ask someone to take you home."), Entry(msgid="Keep a phone near you."))
    )
    ours = merge(po, pot, [other])
    (tmp_path / "other.po").write_text(write_po(other), encoding="utf-8")
    theirs = parse_po(_msgmerge(tmp_path, write_po(po), write_po(pot), "-C", str(tmp_path / "other.po")), "t")
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in ours.entries] == [
        (e.msgid, e.msgstr, e.fuzzy) for e in theirs.entries
    ]
    assert ours.entries[1].translated


def test_fuzzy_number_and_negation_changes_are_flagged() -> None:
    po = Catalog(
        HEADER,
        (
            Entry(msgid="Do not drive for 24 hours after the injection.", msgstr="24 awr"),
            Entry(msgid="You may feel some pressure in your back.", msgstr="pwysau"),
        ),
    )
    pot = Catalog(
        POT_HEADER,
        (
            Entry(msgid="Do not drive for 48 hours after the injection."),
            Entry(msgid="You may not feel any pressure in your back."),
        ),
    )
    out = merge(po, pot)
    first, second = out.entries
    assert first.fuzzy and first.previous_msgid == "Do not drive for 24 hours after the injection."
    assert "CHECK: a number changed (24 -> 48)" in first.extracted_comments[0]
    assert second.fuzzy and any("'not' added" in c for c in second.extracted_comments)
    assert check_notes("Take 2 tablets.", "Take 2 tablets daily.") == ()


def test_similarity_is_gettext_fstrcmp() -> None:
    assert similarity("", "") == 1.0
    assert similarity("abc", "abc") == 1.0
    assert similarity("abcd", "abxd") == 0.75  # LCS 3 of 4 + 4


WORDS = ["the", "a", "knee", "ankle", "doctor", "nurse", "you", "take", "do", "not", "hours", "24", "12",
         "rest", "swimming", "can", "help", "if", "café", "żółw", "دوا", "your", "home"]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)


# no shrinking: each example runs msgmerge, and shrinking a 100-entry compendium takes minutes
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(
    library=st.lists(st.tuples(SENTENCE, st.sampled_from([None, "easy-read"])), min_size=90, max_size=160,
                     unique_by=lambda t: t),
    own=st.lists(SENTENCE, max_size=6, unique=True),
    wanted=st.lists(st.tuples(SENTENCE, st.sampled_from([None, "easy-read"])), min_size=1, max_size=12,
                    unique_by=lambda t: t),
)
def test_compendium_fuzzy_matches_are_msgmerges(
    tmp_path: Path, library: list[tuple[str, str | None]], own: list[str], wanted: list[tuple[str, str | None]]
) -> None:
    # a compendium large enough that msgmerge only tries the few entries sharing most 4-grams
    _tools()
    compendium = Catalog(HEADER, tuple(Entry(msgid=m, msgctxt=c, msgstr=f"C{i}") for i, (m, c) in enumerate(library)))
    po = Catalog(HEADER, tuple(Entry(msgid=m, msgstr=f"P{i}") for i, m in enumerate(own)))
    pot = Catalog(POT_HEADER, tuple(Entry(msgid=m, msgctxt=c) for m, c in wanted))
    ours = merge(po, pot, [compendium])
    (tmp_path / "compendium.po").write_text(write_po(compendium), encoding="utf-8")
    theirs = parse_po(
        _msgmerge(tmp_path, write_po(po), write_po(pot), "-C", str(tmp_path / "compendium.po")), "theirs"
    )

    def decisions(catalog: Catalog) -> list[tuple[object, ...]]:
        return [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.previous_msgid, e.obsolete) for e in catalog.entries]

    assert decisions(ours) == decisions(theirs)
