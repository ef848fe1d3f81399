"""The publisher's dashboard, ``dist/report/``: the catalogue at a glance, as static pages.

Two charts drawn as inline SVG (reading age of each leaflet against its target; translation
progress per locale as stacked bars), each with a text alternative and the data table behind
it, then one row per leaflet and locale. The table is sorted four ways as four pages
(``index.html`` by leaflet, ``review.html`` by next review date, ``reading.html`` hardest first,
``problems.html`` most gate errors first), so it sorts without JavaScript. Every page is
built as an lxml tree (titles and reasons are text, never markup) and prints on A4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from pipeline.dashboard import Dashboard, EditionRow, LeafletRow
from pipeline.locale_info import bcp47, direction

SVG = "http://www.w3.org/2000/svg"

STYLE = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { border: 1px solid #6b6b6b; padding: 0.3rem 0.5rem; text-align: start; vertical-align: top; }
thead th { background: #e8e8e8; }
a { color: #0b4f8a; }
.fail, .overdue { color: #a00000; font-weight: bold; }
.warn, .soon { color: #7a4a00; font-weight: bold; }
.pass { color: #1d5e20; }
figure { margin: 1rem 0; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus { outline: 3px solid #0b4f8a; }
figcaption { font-weight: bold; }
.legend span { display: inline-block; margin-inline-end: 1rem; }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border: 1px solid #333;
          vertical-align: middle; margin-inline-end: 0.3rem;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.summary li { margin: 0.2rem 0; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .scroll { overflow: visible; }
  nav.sorts { display: none; }
  tr, figure { break-inside: avoid; }
  a { color: #000; }
}
"""

# progress colours (reviewed, translated, fuzzy, to do), told apart by lightness in grey print too
PROGRESS = (("reviewed", "Reviewed", "#1d5e20"), ("translated", "Translated, not reviewed", "#6aa84f"),
            ("fuzzy", "Fuzzy", "#e0a800"), ("untranslated", "Not translated", "#d9d9d9"))


@dataclass(frozen=True)
class Sorting:
    """One of the ways the table is sorted, as its own page."""

    page: str
    column: str  # the column it sorts
    label: str
    key: Callable[[tuple[LeafletRow, EditionRow]], tuple[object, ...]]


def _reading_value(row: tuple[LeafletRow, EditionRow]) -> float:
    reading = row[1].reading
    return reading.value if reading and reading.good is not None else -1.0


SORTINGS = (
    Sorting("index.html", "leaflet", "leaflet", lambda r: (r[0].id, not r[1].source, r[1].locale)),
    Sorting("review.html", "review", "next review (soonest first)", lambda r: (r[0].days_to_review, r[0].id,
                                                                             r[1].locale)),
    Sorting("reading.html", "reading", "reading age (hardest first)", lambda r: (-_reading_value(r), r[0].id,
                                                                               r[1].locale)),
    Sorting("problems.html", "problems", "gate errors (most first)", lambda r: (-r[1].errors, -r[1].warnings,
                                                                              r[0].id, r[1].locale)),
)


def _scrolling_table(parent: etree._Element, label: str) -> etree._Element:
    """A table in a region that scrolls sideways on a narrow phone (the page itself never does),
    reachable and named for keyboard and screen-reader users."""
    holder = _sub(parent, "div", class_="scroll", role="region", tabindex="0", aria_label=label)
    return _sub(holder, "table")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def render_dashboard(board: Dashboard, site_root: str = "../") -> dict[str, bytes]:
    """Every dashboard page by file name (``site_root``: the way from the report folder to dist/)."""
    return {sorting.page: _page(board, sorting, site_root) for sorting in SORTINGS}


def _page(board: Dashboard, sorting: Sorting, root: str) -> bytes:
    html = etree.Element("html", lang="en", dir="ltr")
    head = _sub(html, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _sub(head, "title", f"Leaflet dashboard: {sorting.label}")
    _sub(head, "style", STYLE)
    body = _sub(html, "body")
    main = _sub(body, "main")
    _sub(main, "h1", "Leaflet dashboard")
    editions = [(lf, ed) for lf in board.leaflets for ed in lf.editions]
    _summary(main, board, editions)
    _reading_chart(main, board)
    _progress_chart(main, board)
    _sub(main, "h2", "Every leaflet and language", id="table")
    nav = _sub(main, "nav", class_="sorts", aria_label="Sort the table")
    _sub(nav, "span", "Sort by: ")
    for index, other in enumerate(SORTINGS):
        if index:
            _sub(nav, "span", " · ")
        if other is sorting:
            _sub(nav, "strong", other.label, aria_current="page")
        else:
            _sub(nav, "a", other.label, href=f"{other.page}#table")
    _table(main, sorted(editions, key=sorting.key), sorting, root)
    out: bytes = etree.tostring(html, method="html", encoding="utf-8", doctype="<!DOCTYPE html>")
    return out + b"\n"


def _summary(parent: etree._Element, board: Dashboard, editions: list[tuple[LeafletRow, EditionRow]]) -> None:
    ul = _sub(parent, "ul", class_="summary")
    overdue = [lf for lf in board.leaflets if lf.overdue]
    soon = [lf for lf in board.leaflets if lf.due_soon]
    failing = [ed for _, ed in editions if ed.errors]
    unpublished = [ed for _, ed in editions if not ed.published]
    for text, cls in (
        (f"{len(board.leaflets)} leaflets in {len(board.locales) + 1} languages, checked on {board.today}.", ""),
        (f"The gate {'passes' if board.passed else 'fails'}.", "pass" if board.passed else "fail"),
        (f"{len(overdue)} leaflets are overdue for review; {len(soon)} are due soon.",
         "overdue" if overdue else ("soon" if soon else "")),
        (f"{len(failing)} editions have gate errors; {len(unpublished)} translations are not published.",
         "fail" if failing else ""),
    ):
        li = _sub(ul, "li", text)
        if cls:
            li.set("class", cls)


def _svg(parent: etree._Element, width: int, height: int, title: str, desc: str, ident: str) -> etree._Element:
    svg = etree.SubElement(parent, f"{{{SVG}}}svg", nsmap={None: SVG},
                           attrib={"viewBox": f"0 0 {width} {height}", "width": "100%", "role": "img",
                                   "aria-labelledby": f"{ident}-title {ident}-desc",
                                   "style": f"max-width:{width}px"})
    etree.SubElement(svg, f"{{{SVG}}}title", id=f"{ident}-title").text = title
    etree.SubElement(svg, f"{{{SVG}}}desc", id=f"{ident}-desc").text = desc
    return svg


def _s(svg: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(svg, f"{{{SVG}}}{tag}", {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _reading_chart(parent: etree._Element, board: Dashboard) -> None:
    rows = [(lf, ed.reading) for lf in board.leaflets for ed in lf.editions
            if ed.source and ed.reading is not None and ed.reading.good is not None]
    if not rows:
        return
    _sub(parent, "h2", "Reading age of each leaflet")
    figure = _sub(parent, "figure")
    _sub(figure, "figcaption", "SMOG reading age of each leaflet's own text (standard version), with its target")
    label_w, bar_h, gap, scale_max = 260, 16, 6, max(16.0, max(r.value for _, r in rows if r) + 1)
    chart_w = 420
    height = 30 + len(rows) * (bar_h + gap) + 24
    good = max(float(r.good or 0) for _, r in rows if r)
    over = len([r for _, r in rows if r is not None and r.good is not None and r.value > r.good])
    svg = _svg(figure, label_w + chart_w + 60, height, "Reading age against target",
               f"{len(rows)} leaflets; {over} above their target reading age of {good:g} (or their own target). "
               "The table after the chart gives each value.", "reading-chart")

    def x(value: float) -> float:
        return label_w + chart_w * value / scale_max

    for index, (leaflet, reading) in enumerate(rows):
        assert reading is not None and reading.good is not None
        y = 20 + index * (bar_h + gap)
        _s(svg, "text", leaflet.title[:38], x=str(label_w - 6), y=str(y + bar_h - 4), text_anchor="end",
           font_size="12", fill="#1a1a1a")
        colour = {"pass": "#1d5e20", "warn": "#b36b00", "fail": "#a00000"}.get(reading.status, "#555")
        _s(svg, "rect", x=str(label_w), y=str(y), width=f"{x(reading.value) - label_w:.1f}", height=str(bar_h),
           fill=colour)
        _s(svg, "text", f"{reading.value:g}", x=f"{x(reading.value) + 4:.1f}", y=str(y + bar_h - 4), font_size="12",
           fill="#1a1a1a")
        # each leaflet's own target (a leaflet may set its own reading_age)
        _s(svg, "line", x1=f"{x(reading.good):.1f}", x2=f"{x(reading.good):.1f}", y1=str(y - 2),
           y2=str(y + bar_h + 2), stroke="#000", stroke_width="2", stroke_dasharray="4 2")
    axis_y = 20 + len(rows) * (bar_h + gap) + 4
    for tick in range(0, int(scale_max) + 1, 2):
        _s(svg, "text", str(tick), x=f"{x(tick):.1f}", y=str(axis_y + 12), font_size="11", text_anchor="middle",
           fill="#1a1a1a")
    legend = _sub(figure, "p", "Bars: green within target, amber above it, red above the failing level. "
                  "Dashed line: the target.", class_="legend")
    legend.tail = None
    table = _scrolling_table(figure, "Reading age data")
    _sub(table, "caption", "Reading age data")
    tr = _sub(_sub(table, "thead"), "tr")
    for name in ("Leaflet", "Reading age (SMOG)", "Target", "Result"):
        _sub(tr, "th", name, scope="col")
    tbody = _sub(table, "tbody")
    for leaflet, reading in rows:
        assert reading is not None
        tr = _sub(tbody, "tr")
        _sub(tr, "th", leaflet.title, scope="row")
        _sub(tr, "td", f"{reading.value:g}")
        _sub(tr, "td", reading.target)
        _sub(tr, "td", reading.status, class_=reading.status)


def _progress_chart(parent: etree._Element, board: Dashboard) -> None:
    totals: dict[str, dict[str, int]] = {}
    for leaflet in board.leaflets:
        for ed in leaflet.editions:
            if ed.units is None:
                continue
            t = totals.setdefault(ed.locale, {"total": 0, "reviewed": 0, "translated": 0, "fuzzy": 0,
                                              "untranslated": 0})
            t["total"] += ed.units.total
            t["reviewed"] += ed.units.reviewed
            t["translated"] += ed.units.translated - ed.units.reviewed
            t["fuzzy"] += ed.units.fuzzy
            t["untranslated"] += ed.units.untranslated
    if not totals:
        return
    _sub(parent, "h2", "Translation progress")
    figure = _sub(parent, "figure")
    _sub(figure, "figcaption", "Units of every leaflet, per language: reviewed, translated, fuzzy, not translated")
    label_w, bar_w, bar_h, gap = 140, 480, 18, 8
    height = 10 + len(totals) * (bar_h + gap)
    done = ", ".join(f"{loc}: {100 * (t['reviewed'] + t['translated']) // max(1, t['total'])}% translated, "
                     f"{100 * t['reviewed'] // max(1, t['total'])}% reviewed" for loc, t in totals.items())
    svg = _svg(figure, label_w + bar_w + 20, height, "Translation progress per language", done + ".",
               "progress-chart")
    for index, (locale, t) in enumerate(totals.items()):
        y = 5 + index * (bar_h + gap)
        _s(svg, "text", locale, x=str(label_w - 6), y=str(y + bar_h - 4), text_anchor="end", font_size="12",
           fill="#1a1a1a")
        start = float(label_w)
        for key, _name, colour in PROGRESS:
            width = bar_w * t[key] / max(1, t["total"])
            if width > 0:
                _s(svg, "rect", x=f"{start:.1f}", y=str(y), width=f"{width:.1f}", height=str(bar_h), fill=colour,
                   stroke="#333", stroke_width="0.5")
            start += width
    legend = _sub(figure, "p", class_="legend")
    for _key, name, colour in PROGRESS:
        item = _sub(legend, "span")
        _sub(item, "span", class_="swatch", style=f"background:{colour}", aria_hidden="true")
        item.append(etree.Element("span"))
        item[-1].text = name
    table = _scrolling_table(figure, "Translation progress data")
    _sub(table, "caption", "Translation progress data (units)")
    tr = _sub(_sub(table, "thead"), "tr")
    for name in ("Language", "Units", *(name for _k, name, _c in PROGRESS)):
        _sub(tr, "th", name, scope="col")
    tbody = _sub(table, "tbody")
    for locale, t in totals.items():
        tr = _sub(tbody, "tr")
        _sub(tr, "th", locale, scope="row")
        for key in ("total", *(k for k, _n, _c in PROGRESS)):
            _sub(tr, "td", str(t[key]))


def _table(parent: etree._Element, editions: list[tuple[LeafletRow, EditionRow]], sorting: Sorting,
           root: str) -> None:
    table = _scrolling_table(parent, "Every leaflet and language")
    _sub(table, "caption", f"Each leaflet in each language, sorted by {sorting.label}")
    tr = _sub(_sub(table, "thead"), "tr")
    columns = (("Leaflet", "leaflet"), ("Language", ""), ("Reading", "reading"), ("Gate", "problems"),
               ("Translation", ""), ("Next review", "review"), ("Outputs", ""))
    for name, column in columns:
        th = _sub(tr, "th", name, scope="col")
        if column and column == sorting.column:
            th.set("aria-sort", "descending" if column in ("reading", "problems") else "ascending")
    tbody = _sub(table, "tbody")
    for leaflet, ed in editions:
        tr = _sub(tbody, "tr")
        th = _sub(tr, "th", scope="row")
        _sub(th, "span", leaflet.title)
        _sub(th, "br")
        _sub(th, "small", f"{leaflet.id} · version {leaflet.version}")
        _sub(tr, "td", ed.language + (" (source)" if ed.source else ""), lang=bcp47(ed.locale),
             dir=direction(ed.locale))
        cell = _sub(tr, "td")
        if ed.reading is not None:
            _sub(cell, "span", f"{ed.reading.figure} {ed.reading.value:g} ({ed.reading.status})",
                 class_=ed.reading.status)
            _sub(cell, "br")
            _sub(cell, "small", f"target {ed.reading.target}")
        else:
            cell.text = "not measured"
        gate = _sub(tr, "td", f"{ed.errors} errors, {ed.warnings} warnings")
        if ed.errors:
            gate.set("class", "fail")
        cell = _sub(tr, "td")
        if ed.units is None:
            cell.text = "source text"
        else:
            u = ed.units
            cell.text = (f"{u.translated} of {u.total} translated, {u.reviewed} reviewed, {u.fuzzy} fuzzy, "
                         f"{u.untranslated} to do")
            if not ed.published:
                _sub(cell, "br")
                _sub(cell, "strong", "Not published: ")
                _sub(cell, "span", ed.reason or "incomplete")
        due = _sub(tr, "td", leaflet.review_due)
        if leaflet.overdue:
            _sub(due, "br")
            _sub(due, "span", f"Overdue by {-leaflet.days_to_review} days", class_="overdue")
        elif leaflet.due_soon:
            _sub(due, "br")
            _sub(due, "span", f"Due in {leaflet.days_to_review} days", class_="soon")
        cell = _sub(tr, "td")
        for index, (kind, href) in enumerate(ed.outputs):
            if index:
                _sub(cell, "span", ", ")
            _sub(cell, "a", kind, href=root + href, hreflang=bcp47(ed.locale))
