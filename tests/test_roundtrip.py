"""Reading and writing a source leaflet is a round trip: parse(write(model)) == model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import model as m
from pipeline.markdown_writer import write_inlines, write_leaflet
from pipeline.reader import parse_inlines, parse_leaflet, read_leaflet, unique_anchor

ROOT = Path(__file__).resolve().parent.parent

# Characters that mean something to Markdown, YAML or HTML, plus non-Latin scripts and a
# no-break space (which must survive: "10 000").
SPECIAL = [*list("*_[]()<>!#|\\`&;:-+=~.,?'\"/%"), "&amp;", "&#35;", "1.", "2)", "-->"]
LETTERS = st.sampled_from([*list("abcdefXYZé"), "ß", "ł", "ŵ", "ع", "۔", "٣", "日", "\xa0"])
WORD = st.lists(st.one_of(LETTERS, st.sampled_from(SPECIAL)), min_size=1, max_size=6).map("".join).filter(
    lambda w: w.strip("\u00a0") == w
)
PHRASE = st.lists(WORD, min_size=1, max_size=5).map(" ".join)
TARGETS = st.sampled_from(["https://example.org/a_b?x=1", "tel:+441234567890", "mailto:clinic@example.org",
                           "#side-effects", "https://example.org/(x)"])


@st.composite
def inline_runs(draw: st.DrawFn, breaks: bool = False) -> tuple[m.Inline, ...]:
    """Canonical inline runs: text between formatted runs, spaces where CommonMark needs them."""
    parts: list[m.Inline] = []
    for index in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "strong", "emph", "link", "break"] if breaks
                                    else ["text", "text", "strong", "emph", "link"]))
        if index:
            # CommonMark only sees ** and * as formatting next to a space or the line's edge
            parts.append(m.Text(" " + draw(PHRASE) + " "))
        if kind == "text":
            parts.append(m.Text(draw(PHRASE)))
        elif kind == "strong":
            parts.append(m.Strong((m.Text(draw(PHRASE)),)))
        elif kind == "emph":
            parts.append(m.Emph((m.Text(draw(PHRASE)),)))
        elif kind == "link":
            parts.append(m.Link(draw(TARGETS), (m.Text(draw(PHRASE)),)))
        else:
            parts.extend([m.Text(draw(PHRASE)), m.LineBreak(), m.Text(draw(PHRASE))])
    return _merge(parts)


def _merge(parts: list[m.Inline]) -> tuple[m.Inline, ...]:
    out: list[m.Inline] = []
    for node in parts:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


PICTURES = st.builds(m.Picture, st.sampled_from(["doctor", "no-driving", "pictures/map.svg", "x-ray"]), PHRASE)


@st.composite
def list_blocks(draw: st.DrawFn, nested: bool = True) -> m.ListBlock:
    items = []
    for _ in range(draw(st.integers(1, 3))):
        sub = draw(st.one_of(st.none(), list_blocks(nested=False))) if nested else None
        items.append(m.ListItem(draw(inline_runs(breaks=True)), sub))
    return m.ListBlock(draw(st.booleans()), tuple(items))


TABLES = st.integers(1, 3).flatmap(
    lambda width: st.builds(
        m.Table,
        st.tuples(*[st.builds(m.TableCell, inline_runs())] * width),
        st.lists(st.tuples(*[st.builds(m.TableCell, st.one_of(st.just(()), inline_runs()))] * width),
                 min_size=1, max_size=3).map(tuple),
    )
)
CALLOUTS = st.builds(
    m.Callout,
    st.sampled_from(["warning", "note"]),
    st.one_of(st.just(()), inline_runs()),
    st.lists(st.one_of(st.builds(m.Paragraph, inline_runs(breaks=True)), list_blocks()), min_size=1,
             max_size=3).map(tuple),
)
GLOSSARIES = st.builds(
    m.Glossary,
    st.lists(st.builds(m.GlossaryEntry, PHRASE, inline_runs()), min_size=1, max_size=3).map(tuple),
)
BLOCKS = st.one_of(
    st.builds(m.Paragraph, inline_runs(breaks=True)),
    list_blocks(),
    st.builds(m.Image, PICTURES),
    TABLES,
    CALLOUTS,
    GLOSSARIES,
)


@st.composite
def sections(draw: st.DrawFn) -> tuple[m.Section, ...]:
    count = draw(st.integers(1, 4))
    taken: set[str] = set()
    out = []
    for number in range(1, count + 1):
        heading = draw(inline_runs())
        blocks = draw(st.lists(BLOCKS, min_size=0, max_size=4))
        # two glossaries in a row are one glossary to a reader
        blocks = [b for i, b in enumerate(blocks) if not (isinstance(b, m.Glossary) and i
                                                           and isinstance(blocks[i - 1], m.Glossary))]
        points = tuple(draw(st.lists(st.builds(m.EasyReadPoint, PICTURES, inline_runs()), max_size=3)))
        targets = list(range(len(blocks))) + ([m.EASY_READ_TARGET] if points else [])
        sups = []
        for target in targets:
            for _ in range(draw(st.integers(0, 1))):
                reason = draw(PHRASE).replace(">", "").strip() or "reason"
                sups.append(m.Suppression(draw(st.sampled_from(["passive-voice", "hard-words"])),
                                          " ".join(reason.split()), target))
        level = 2 if number == 1 else draw(st.sampled_from([2, 3]))
        anchor = unique_anchor(m.plain_text(heading), taken, number)
        out.append(m.Section(level, heading, anchor, tuple(blocks), points, tuple(sups)))
    # the '#side-effects' links the inline strategy draws must point at a heading (else a read error)
    heading = (m.Text("Side effects"),)
    out.append(m.Section(2, heading, unique_anchor("Side effects", taken, count + 1), ()))
    return tuple(out)


LINE = PHRASE.map(lambda s: " ".join(s.replace("\u00a0", " ").split())).filter(bool)
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1))
METADATA = st.builds(
    lambda slug, title, summary, org, version, published, gap, contact, locale, age: m.Metadata(
        slug, title, summary, org, version, published, published + dt.timedelta(days=gap), contact, locale, age),
    st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z"),
    LINE, LINE, LINE, st.sampled_from(["1.0", "2", "2026.1", "yes", "0.10"]), DATES, st.integers(1, 4000),
    inline_runs(), st.sampled_from(["en-GB", "cy", "ar", "ur", "pl", "es"]),
    st.one_of(st.none(), st.integers(5, 25)),
)
LEAFLETS = st.builds(m.Leaflet, METADATA, sections())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LEAFLETS)
def test_parse_of_write_is_identity(leaflet: m.Leaflet) -> None:
    text = write_leaflet(leaflet)
    assert parse_leaflet(text, "generated.md") == leaflet, text


@settings(max_examples=300, deadline=None)
@given(inline_runs(breaks=False))
def test_inline_units_round_trip(inlines: tuple[m.Inline, ...]) -> None:
    # translation units are one line of inline Markdown
    assert parse_inlines(write_inlines(inlines)) == inlines


def test_sample_leaflet_round_trips_and_is_already_canonical() -> None:
    path = ROOT / "source" / "sacroiliac-joint-injection.md"
    leaflet = read_leaflet(path, ROOT)
    text = write_leaflet(leaflet)
    assert parse_leaflet(text) == leaflet
    assert text == path.read_text(encoding="utf-8"), "run `leaflets format` on the sample"


def test_no_break_space_survives() -> None:
    inlines = parse_inlines("Fewer than 1 in 10\u00a0000 people.")
    assert inlines == (m.Text("Fewer than 1 in 10\u00a0000 people."),)
