"""The text and Markdown importers on arbitrary and leaflet-like text (hypothesis): a leaflet or
a message, never another exception, and what they write is canonical leaflet Markdown that the
reader reads back to the same text (``leaflets format --check`` passes on it)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.importer import _leaflet
from pipeline.markdown_writer import write_leaflet
from pipeline.problems import InputError
from pipeline.reader import parse_leaflet
from pipeline.readers import read_document

WORDS = st.sampled_from([
    "Take", "your", "tablets", "with", "food", "the", "nurse", "Gofynnwch", "i'ch", "meddyg", "ألم", "الظهر",
    "Dawka", "żółć", "500", "mg", "2", "x", "24", "hours", "*", "**", "_", "[link]", "(x)", "<b>", "&amp;",
    "#", ">", "|", "\\", "`", "1.", "-", "•", "01632", "960", "123", "Review", "date:", "March", "2028",
    "Version", "2.1", "©", "NHS", "Trust", ":::", "---", "![alt](pic)", "https://www.nhs.uk/", "e.g.",
])
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)
LINE = st.one_of(
    SENTENCE,
    SENTENCE.map(lambda s: s + "?"),  # questions become headings
    SENTENCE.map(lambda s: "• " + s),
    SENTENCE.map(lambda s: "- " + s),
    SENTENCE.map(lambda s: "* " + s),
    SENTENCE.map(lambda s: "1. " + s),
    SENTENCE.map(lambda s: "  - " + s),
    SENTENCE.map(lambda s: "## " + s),
    st.just(""),
    st.just("Review date: March 2028"),
    st.just("Call the clinic on 01632 960 123."),
)
LEAFLET_TEXT = st.lists(LINE, min_size=1, max_size=40).map("\n".join)


def _round_trip(name: str, text: str) -> str:
    """The leaflet Markdown the import writes ("" when it refused, with a message naming the file)."""
    try:
        imported = read_document(Path(name), name, text.encode("utf-8"))
    except InputError as exc:
        assert exc.problems and all(p.path == name for p in exc.problems)
        return ""
    leaflet, _ = _leaflet(imported, "imported", "en-GB")
    written = write_leaflet(leaflet)
    reread = parse_leaflet(written, "source/imported.md", draft=True)
    assert write_leaflet(reread) == written
    return written


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LEAFLET_TEXT)
@example("What is it?\n• one\n• two\n\nReview date: March 2028")
@example("")
def test_text_import_is_canonical_or_a_message(text: str) -> None:
    _round_trip("leaflet.txt", text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LEAFLET_TEXT)
def test_markdown_import_is_canonical_or_a_message(text: str) -> None:
    _round_trip("leaflet.md", text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
@example("\u2066")  # a bidi isolate (Word puts them round copied Arabic): removed, not refused
def test_any_text_imports_or_gives_a_message(text: str) -> None:
    _round_trip("anything.txt", text)
    _round_trip("anything.md", text)


TEXT = st.lists(WORDS, min_size=0, max_size=6).map(" ".join)


LEAF = st.one_of(
    TEXT.map(lambda t: t.replace("<", "&lt;").replace("&amp;", "&")),
    st.just("<br>"),
    st.just('<img src="data:image/png;base64,AAAA" alt="a picture">'),
    st.just("<script>document.write('never')</script>"),
    st.just('<iframe src="https://example.org/"></iframe>'),
)
TAGS = [(tag, "") for tag in ("p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "b", "i", "strong", "em", "span",
                             "div", "section", "aside", "blockquote", "table", "tr", "td", "th", "thead",
                             "dl", "dt", "dd", "nav", "main", "article")]
TAGS += [("a", ' href="https://www.nhs.uk/"'), ("a", ' href="javascript:alert(1)"'),
         ("div", ' class="cookie-banner"'), ("span", ' class="visually-hidden"'), ("p", " hidden")]


def _elements(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(TAGS), st.lists(children, max_size=4)).map(
        lambda t: f"<{t[0][0]}{t[0][1]}>{''.join(t[1])}</{t[0][0]}>")


# st.recursive, not st.deferred: a self-referring deferred strategy has a repr that grows without
# bound, and Hypothesis's CI profile (derandomize) hashes that repr
NODE = st.recursive(LEAF, _elements, max_leaves=30)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NODE, min_size=1, max_size=8).map(lambda nodes: f"<html><body>{''.join(nodes)}</body></html>"))
def test_web_page_import_is_canonical_or_a_message(page: str) -> None:
    written = _round_trip("page.html", page)
    # scripts, frames, javascript: links and hidden or screen-reader-only text are never carried over
    assert "document.write" not in written and "javascript:" not in written and "example.org" not in written
