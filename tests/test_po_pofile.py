"""The PO reader and writer: byte-identical to GNU msgcat, lossless, and strict about bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.po.linebreak import possible_breaks
from pipeline.po.pofile import Catalog, Entry, header_text, parse_po, read_po, write_po
from pipeline.problems import InputError

HEADER = Entry(
    msgid="",
    msgstr=header_text(
        [
            ("Project-Id-Version", "test 1.0"),
            ("Language", "cy"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            (
                "Plural-Forms",
                "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);",
            ),
        ]
    ),
)

# What leaflets hold, and what stresses gettext's line breaking: Latin with marks, Welsh and
# Polish letters, Markdown and URL punctuation, escapes, CJK, Arabic and Urdu with their marks.
LATIN = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 ŵŷâêîôûąćęłńóśźż¿¡ñé"
PUNCT = ".,;:!?()[]{}*_-/+#%&'’“”<>=|~@$"
SPECIAL = '\n\t"\\'
CJK = "日本語の文章はとても長い。、「」中文字符测试한국어"
ARABIC = "هذا نص عربي طويل، يجب أن يلتف؟ ۔ اردو متن کا ٹکڑا ہےَُِّ ١٢٣"
ALPHABET = LATIN + PUNCT + SPECIAL + CJK + ARABIC

words = st.text(alphabet=ALPHABET, min_size=1, max_size=14)
texts = st.lists(words, min_size=1, max_size=40).map(" ".join)
comment = st.text(alphabet=LATIN + PUNCT, max_size=90).map(lambda s: s.strip())
reference = st.from_regex(r"source/[a-z-]{1,30}\.md:[1-9][0-9]{0,3}", fullmatch=True)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    obsolete = draw(st.booleans()) and draw(st.booleans())
    msgstr = draw(st.one_of(st.just(""), texts))
    if obsolete and not msgstr:
        msgstr = draw(texts)
    fuzzy = bool(msgstr) and draw(st.booleans())  # gettext keeps no fuzzy flag on an empty msgstr
    plural = draw(st.integers(0, 5)) == 0
    forms = (msgstr, *(draw(texts) if msgstr else "" for _ in range(5))) if plural else ()
    previous = draw(st.one_of(st.none(), texts)) if fuzzy else None
    return Entry(
        msgid=draw(texts),
        msgstr="" if plural else msgstr,
        msgid_plural=draw(texts) if plural else None,
        msgstr_plural=forms,
        previous_msgctxt=draw(st.sampled_from([None, "heading"])) if previous is not None else None,
        msgctxt=draw(st.one_of(st.none(), st.sampled_from(["easy-read", "contents", "heading"]))),
        translator_comments=tuple(draw(st.lists(comment, max_size=2))),
        extracted_comments=tuple(draw(st.lists(comment, max_size=3))),
        references=tuple(dict.fromkeys(draw(st.lists(reference, max_size=6)))),
        flags=("fuzzy",) if fuzzy else (),
        previous_msgid=previous,
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    items = draw(st.lists(entries(), min_size=1, max_size=12))
    unique: dict[tuple[bool, str | None, str], Entry] = {}
    for item in items:
        unique.setdefault((item.obsolete, item.msgctxt, item.msgid), item)
    live = [e for e in unique.values() if not e.obsolete]
    dead = [e for e in unique.values() if e.obsolete and (e.msgctxt, e.msgid) not in {x.key for x in live}]
    return Catalog(HEADER, tuple(live + dead))


def _msgcat(tmp_path: Path, text: str, *args: str) -> str:
    require_tool("msgcat", shutil.which("msgcat") is not None, "GNU gettext is the reference for PO output")
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(["msgcat", *args, str(source)], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=catalogs())
def test_writer_is_byte_identical_to_msgcat(tmp_path: Path, catalog: Catalog) -> None:
    ours = write_po(catalog)
    assert _msgcat(tmp_path, ours) == ours


@settings(max_examples=40, deadline=None)
@given(catalog=catalogs())
def test_read_back_gives_the_same_entries(catalog: Catalog) -> None:
    again = parse_po(write_po(catalog), "x.po")
    assert [e.values() for e in again.entries] == [e.values() for e in catalog.entries]
    assert again.header.msgstr == catalog.header.msgstr


def test_long_lines_escapes_and_scripts_against_msgcat(tmp_path: Path) -> None:
    long_en = (
        "Call the pain clinic on [01234 567 890](tel:+441234567890), Monday to Friday, 9am to 5pm. "
        'Numbness </p> "quoted" and a tab\there, then a new line\nand another line\n'
    )
    cjk = "日本語のテキストはとても長いのでここで折り返す必要があります。" * 3
    arabic = "هذا نص عربي طويل جدا يجب أن يلتف حول عرض الصفحة بالتأكيد نعم هذا صحيح تماما ومؤكد " * 2
    urdu = "آپ کے کمر کے نچلے حصے میں درد کے لیے انجکشن کے بارے میں معلومات۔ " * 3
    catalog = Catalog(
        HEADER,
        (
            Entry(
                msgid=long_en,
                msgstr=arabic,
                references=tuple(f"source/leaflet-{n}.md:{n}" for n in range(12)),
            ),
            Entry(msgid="x" * 200, msgstr=cjk, flags=("fuzzy",), previous_msgid=long_en, msgctxt="easy-read"),
            Entry(msgid="Gone", msgstr=urdu, obsolete=True, flags=("fuzzy",), previous_msgid="Went"),
        ),
    )
    ours = write_po(catalog)
    assert _msgcat(tmp_path, ours) == ours


@pytest.mark.parametrize("args", [["--width=40"], ["--no-wrap"], ["--width=120"]])
def test_untouched_entries_stay_byte_for_byte(tmp_path: Path, args: list[str]) -> None:
    """A file another editor wrapped its own way is written back unchanged."""
    catalog = Catalog(
        HEADER,
        (
            Entry(
                msgid="Keep the area dry for 24 hours after the injection, please, "
                "and do not have a bath or go swimming.",
                msgstr="Cadwch yr ardal yn sych "
                "am 24 awr ar ôl y pigiad, ac peidiwch â chael bath na mynd i nofio.",
            ),
        ),
    )
    other = _msgcat(tmp_path, write_po(catalog), *args)
    assert other != write_po(catalog)
    assert write_po(parse_po(other, "x.po")) == other


def test_changed_entry_is_rewritten_in_msgcat_form(tmp_path: Path) -> None:
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n"b"\n'
    catalog = parse_po(text, "x.po")
    from dataclasses import replace

    changed = replace(catalog, entries=(replace(catalog.entries[0], msgstr="c"),))
    assert write_po(changed).endswith('msgid "a"\nmsgstr "c"\n')


def test_gettext_breaks_after_space_and_after_slash_tag() -> None:
    breaks = possible_breaks("ab cd</p>")
    assert breaks[3] and not breaks[2]  # after the space, not before it
    assert breaks[7] and not breaks[5]  # after "</" (SY then AL), as gettext does


BAD = [
    (b'\xef\xbb\xbfmsgid ""\nmsgstr ""\n', 1, "byte-order mark"),
    (b'msgid ""\r\nmsgstr ""\r\n', 1, "CRLF"),
    (
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "caf\xe9"\nmsgstr ""\n',
        4,
        "not UTF-8",
    ),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n', 1, "charset=ISO-8859-1"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', 5, "double quotes"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 7, "duplicate entry"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgtsr "b"\n', 5, "not a PO keyword"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\n\nmsgid "b"\nmsgstr ""\n', 4, "no msgstr"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a \\q"\nmsgstr ""\n', 4, "unknown escape"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nmsgid_plural "m"\n', 6, "after 'msgstr'"),
    (b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgid_plural "m"\nmsgstr[1] "x"\n', 4, "without gaps"),
]


@pytest.mark.parametrize(("data", "line", "words"), BAD)
def test_bad_input_names_path_and_line(data: bytes, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_po(data, "locales/cy/LC_MESSAGES/x.po")
    first = caught.value.problems[0]
    assert first.path == "locales/cy/LC_MESSAGES/x.po"
    assert first.line == line
    assert words in first.message


def test_previous_and_obsolete_previous_survive() -> None:
    """What polib and babel lose: #| and #~| lines."""
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#| msgid "Do not drive for 24 hours."\nmsgid "Do not drive for 48 hours."\n'
        'msgstr "Peidiwch â gyrru am 24 awr."\n\n'
        '#, fuzzy\n#~| msgid "Old"\n#~ msgid "Older"\n#~ msgstr "Hen"\n'
    )
    catalog = parse_po(text, "x.po")
    assert catalog.entries[0].previous_msgid == "Do not drive for 24 hours."
    assert catalog.entries[1].obsolete and catalog.entries[1].previous_msgid == "Old"
    assert write_po(catalog, keep_raw=False) == text


PO_BITS = st.sampled_from(
    [
        'msgid "a"',
        'msgstr "b"',
        'msgctxt "c"',
        '"d"',
        "#, fuzzy",
        '#| msgid "e"',
        '#~ msgid "f"',
        '#~ msgstr "g"',
        '#~| msgid "h"',
        "#. i",
        "#: j:1",
        "# k",
        "",
        'msgstr[0] "l"',
        'msgid_plural "m"',
        '"\\q"',
        '"unterminated',
        "garbage",
        "#~",
        'msgid ""',
    ]
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(PO_BITS, max_size=14))
def test_any_input_gives_a_catalog_or_path_line_problems(lines: list[str]) -> None:
    """Never a traceback: bad input is an InputError naming path and line."""
    text = "\n".join(lines) + "\n"
    try:
        catalog = parse_po(text, "x.po")
    except InputError as exc:
        assert exc.problems and all(p.path == "x.po" and p.line >= 1 for p in exc.problems)
        return
    again = parse_po(write_po(catalog, keep_raw=False), "x.po")
    assert [e.values() for e in again.entries] == [e.values() for e in catalog.entries]


def test_line_break_data_is_generated_from_the_unicode_database(root: Path) -> None:
    require_tool(
        "perl", shutil.which("perl") is not None, "Perl ships the Unicode database the table is made from"
    )
    done = subprocess.run(
        [sys.executable, str(root / "tools" / "gen_linebreak_data.py")], capture_output=True, check=True
    )
    assert done.stdout == (root / "pipeline" / "po" / "_lbdata.py").read_bytes()
