"""Parsers given arbitrary input: a message or a result, never another exception (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.frontmatter import read_front_matter
from pipeline.pictures.svg import SvgError, clean_svg
from pipeline.po.plural import parse_plural_forms
from pipeline.po.pofile import read_po
from pipeline.problems import InputError
from pipeline.reader import parse_leaflet

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
YAML_BITS = st.sampled_from(["&a ", "*a", "[", "]", "{", "}", ": ", "- ", "\n", "  ", "!!str ", '"\\ud800"', "'",
                             "id", "title", "\u202e", "x" * 50, "? ", "<<: ", "|\n", "#"])


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_BITS, max_size=40).map("".join))
def test_front_matter_never_raises(text: str) -> None:
    _raw, problems = read_front_matter(text, "a.md", 2, 10)
    assert isinstance(problems, list)
    for problem in problems:
        assert len(problem.message) < 500


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('\\x0123456789abcdefnrtu"d8')), max_size=30))
def test_po_strings_with_any_escapes_are_read_or_refused(inner: str) -> None:
    data = (HEADER + f'msgid "a"\nmsgstr "{inner}"\n').encode("utf-8")
    try:
        catalog = read_po(data, "x.po")
    except InputError as exc:
        assert all(p.path == "x.po" and p.line >= 1 for p in exc.problems)
        return
    for entry in catalog.entries:
        entry.msgstr.encode("utf-8")  # no lone surrogates, nothing beyond Unicode


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("n()?:!<>=&|%+-*/0123 ")), max_size=2000))
def test_plural_expressions_parse_or_raise_value_error(expr: str) -> None:
    try:
        _count, rule = parse_plural_forms(f"nplurals=3; plural={expr};")
    except ValueError:
        return
    rule(7)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"url(#)\\72 \"'/*:htp", "\\75", "image-set(", "U"]), max_size=40).map("".join))
def test_presentation_values_with_any_escape_never_keep_an_outside_reference(value: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="{value.replace(chr(34), "&quot;")}"/></svg>'
    try:
        out = clean_svg(svg.encode("utf-8"))
    except SvgError:
        return
    for el in out.iter():
        kept = el.get("fill")
        if kept is not None:
            # decoded independently of the cleaner: CSS escapes resolved, comments dropped
            plain = re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), kept)
            plain = re.sub(r"/\*.*?\*/", "", plain.replace("\\", ""), flags=re.S).lower()
            assert all(ref.startswith("#") for ref in re.findall(r"url\(\s*['\"]?\s*([^'\")\s]*)", plain)), kept
            assert "image-set(" not in plain, kept


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["::: warning\n", ":::\n", "## A\n", "- x\n", "  - y\n", "> q\n", "text\n",
                                 "[a](javascript:x)\n", "<b>\n", "\u2067\n", "\n", "![a](p.png)\n"]), max_size=30))
def test_leaflet_bodies_are_read_or_refused_with_positions(lines: list[str]) -> None:
    front = ("---\nid: a\ntitle: T\nsummary: S\norganisation: O\nversion: \"1\"\npublished: 2026-01-01\n"
             "review_due: 2027-01-01\ncontact: C\nlocale: en-GB\n---\n\n")
    try:
        parse_leaflet(front + "".join(lines), "a.md")
    except InputError as exc:
        assert all(p.path == "a.md" and p.line >= 0 for p in exc.problems)
