"""What a reader sees in a real browser (headless Chromium), on the harder fixture leaflets.

- Doses keep their order in Arabic and Urdu: "500 mg", "1,000mg", "38°C", "15-30" are drawn left
  to right inside right-to-left sentences (a control page without isolation shows them reversed).
- Urdu body text is drawn with the Nastaliq Regular face and bold words with the Bold face.
- On a 320 px phone a five-column dose table shows every cell with no sideways scrolling, and
  the easy-read page puts its first point on the first screen.
- In print the table fits the page width and its header row repeats.

The fixture project is tests/fixtures/harder (leaflets written in English, Arabic and Urdu).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.incremental import build_catalogue
from pipeline.settings import load_settings

HARDER = Path(__file__).parent / "fixtures" / "harder"

# Where, on screen, two parts of a phrase are drawn: the phrase is found in the text of the
# element ``scope`` (across the element boundaries the writers add), then each part's range is
# measured. Returns [leftOfFirst, leftOfSecond] or null when the phrase is not there.
MEASURE = """(args) => {
  const scope = document.querySelector(args.scope);
  const nodes = []; let text = '';
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const at = text.indexOf(args.phrase);
  if (at < 0) return null;
  const place = (offset) => {
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
  };
  // a part is found as a whole number or word: "1" is not the 1 of "10,000"
  const whole = (part) => {
    const inNumber = (ch) => ch !== undefined && '0123456789,.'.includes(ch);
    for (let i = args.phrase.indexOf(part); i >= 0; i = args.phrase.indexOf(part, i + 1)) {
      if (!inNumber(args.phrase[i - 1]) && !inNumber(args.phrase[i + part.length])) return i;
    }
    return args.phrase.indexOf(part);
  };
  const left = (part) => {
    const start = at + whole(part);
    const [n1, o1] = place(start); const [n2, o2] = place(start + part.length - 1);
    const range = document.createRange(); range.setStart(n1, o1); range.setEnd(n2, o2 + 1);
    return range.getBoundingClientRect().left;
  };
  return [left(args.first), left(args.second)];
}"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("harder") / "project"
    shutil.copytree(HARDER, project)
    build_catalogue(load_settings(project), jobs=1)
    return project / "dist"


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    page = chromium.new_page(viewport={"width": 900, "height": 900})
    yield page
    page.close()


def _order(page: Any, scope: str, phrase: str, first: str, second: str) -> tuple[float, float]:
    found = page.evaluate(MEASURE, {"scope": scope, "phrase": phrase, "first": first, "second": second})
    assert found is not None, f"{phrase!r} not found in {scope}"
    return found[0], found[1]


# (page, scope, phrase, part drawn on the left, part drawn on the right)
DOSES = [
    ("ar-paracetamol/ar/index.html", "main", "500 mg", "500", "mg"),
    ("ar-paracetamol/ar/index.html", "main", "(1,000mg)", "1,000", "mg"),
    ("ar-paracetamol/ar/index.html", "main", "38°C", "38", "°C"),
    ("ar-paracetamol/ar/index.html", "main", "15-30 دقيقة", "15", "30"),
    # two numbers joined by Arabic words read right to left, as the sentence does: 1 first
    ("ar-paracetamol/ar/index.html", ".callout", "1 من كل 10,000", "10,000", "1"),
    ("ar-paracetamol/ar/index.html", "tbody", "500 mg إلى 1,000mg", "1,000mg", "500 mg"),
    ("ar-paracetamol/ar/index.html", "footer .contact", "020 7946 0999", "020", "0999"),
    ("ar-paracetamol/ar/index.html", "main", "St Mary's Hospital", "St", "Hospital"),
    ("ur-paracetamol/ur/index.html", "main", "500 mg", "500", "mg"),
    ("ur-paracetamol/ur/index.html", "main", "(1,000mg)", "1,000", "mg"),
    ("ur-paracetamol/ur/index.html", "main", "38°C", "38", "°C"),
    ("ur-paracetamol/ur/index.html", "main", "15-30 منٹ", "15", "30"),
    ("ur-paracetamol/ur/index.html", ".callout", "10,000 میں سے 1", "1", "10,000"),
    ("ur-paracetamol/ur/easy-read.html", "main", "38°C", "38", "°C"),
]


@pytest.mark.parametrize(("file", "scope", "phrase", "left", "right"), DOSES)
def test_doses_are_drawn_in_reading_order(page, dist: Path, file: str, scope: str, phrase: str,  # type: ignore[no-untyped-def]
                                          left: str, right: str) -> None:
    page.goto((dist / file).as_uri())
    x_left, x_right = _order(page, scope, phrase, left, right)
    assert x_left < x_right, f"{phrase!r}: {left!r} at {x_left}, {right!r} at {x_right}"


def test_latin_phrases_keep_their_order_inside_arabic(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from editions import with_text

    from pipeline.reader import read_leaflet
    from pipeline.writers.html import PageContext, render_page

    leaflet = read_leaflet(HARDER / "source" / "ar-paracetamol.md", HARDER)
    leaflet = with_text(leaflet, "الخطر 1 in 10,000 بعد 15-30 minutes من الجرعة.")
    out = tmp_path / "p.html"
    out.write_bytes(render_page(leaflet, PageContext("ar", {}, "leaflet.css")))
    shutil.copy(Path(__file__).parent.parent / "pipeline" / "assets" / "leaflet.css", tmp_path)
    page.goto(out.as_uri())
    first, second = _order(page, "main section p", "1 in 10,000", "1", "10,000")
    assert first < second
    first, second = _order(page, "main section p", "15-30 minutes", "15-30", "minutes")
    assert first < second


def test_control_without_isolation_draws_the_dose_reversed(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "control.html"
    out.write_text('<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>t</title></head>'
                   '<body><p>خذ قرصين (<bdi>1,000</bdi>mg) عند <bdi>38</bdi>°C.</p><p class="raw">خذ 500 mg مرتين.</p>'
                   '</body></html>', encoding="utf-8")
    page.goto(out.as_uri())
    # isolating only the digits splits them from the unit: "(mg1,000)" and "C°38" on screen
    first, second = _order(page, "p", "1,000mg", "1,000", "mg")
    assert first > second
    first, second = _order(page, "p.raw", "500 mg", "500", "mg")
    assert first > second


def _fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    fonts: list[dict[str, Any]] = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return fonts


def test_urdu_body_is_nastaliq_regular_and_bold_words_are_nastaliq_bold(page, dist: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((dist / "ur-paracetamol" / "ur" / "index.html").as_uri())
    body = [f for f in _fonts(page, "main section:nth-of-type(1) p:nth-of-type(2)") if "Nastaliq" in f["familyName"]]
    bold = [f for f in _fonts(page, "main section p strong") if "Nastaliq" in f["familyName"]]
    assert body and all(f["postScriptName"].endswith("-Regular") for f in body), body
    assert bold and all(f["postScriptName"].endswith("-Bold") for f in bold), bold
    weights = page.evaluate("() => [getComputedStyle(document.querySelector('main section p')).fontWeight,"
                            " getComputedStyle(document.querySelector('main section p strong')).fontWeight]")
    assert weights == ["400", "700"]


def test_a_wide_dose_table_shows_every_cell_on_a_320px_phone(chromium, dist: Path) -> None:  # type: ignore[no-untyped-def]
    for file in ("paracetamol-for-children/en-GB/index.html", "ar-paracetamol/ar/index.html"):
        page = chromium.new_page(viewport={"width": 320, "height": 640})
        page.goto((dist / file).as_uri())
        found = page.evaluate("""() => {
          const cells = [...document.querySelectorAll('tbody th, tbody td')];
          const out = cells.filter(c => {
            const r = c.getBoundingClientRect(); return r.left < -0.5 || r.right > innerWidth + 0.5; });
          const wrap = document.querySelector('.table-wrap');
          return {cells: cells.length, outside: out.length, pageWidth: document.scrollingElement.scrollWidth,
                  wrapScrolls: wrap.scrollWidth > wrap.clientWidth,
                  label: getComputedStyle(document.querySelector('tbody td .cell-label')).display};
        }""")
        page.close()
        assert found["cells"] >= 10 and found["outside"] == 0, (file, found)
        assert found["pageWidth"] <= 320 and not found["wrapScrolls"], (file, found)
        assert found["label"] == "block", (file, found)  # each cell names its column


def test_the_table_scrolls_only_where_it_can_be_reached_by_keyboard(chromium, dist: Path) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page(viewport={"width": 700, "height": 900})
    page.goto((dist / "paracetamol-for-children" / "en-GB" / "index.html").as_uri())
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('table-wrap')"):
            break
    else:
        pytest.fail("Tab never reached the table")
    name = page.evaluate("() => document.activeElement.getAttribute('aria-labelledby').split(' ')"
                         ".map(id => document.getElementById(id).textContent)")
    page.close()
    assert name[:2] == ["Age", "Dose"]


def test_first_easy_read_point_is_on_the_first_phone_screen(chromium, dist: Path) -> None:  # type: ignore[no-untyped-def]
    for file in ("paracetamol-for-children/en-GB/easy-read.html", "ar-paracetamol/ar/easy-read.html",
                 "ur-paracetamol/ur/easy-read.html"):
        page = chromium.new_page(viewport={"width": 320, "height": 640})
        page.goto((dist / file).as_uri())
        top = page.evaluate("() => document.querySelector('li.er-point').getBoundingClientRect().top")
        contact = page.evaluate("() => document.querySelector('.contact-box').getBoundingClientRect().top")
        page.close()
        assert top < 640 - 80, (file, top)  # the picture and the first words, not just an edge
        assert contact < 3 * 640, (file, contact)  # the phone number near the top, not only in the footer


def test_print_keeps_the_whole_table_on_the_page_with_its_header_repeated(page, dist: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((dist / "paracetamol-for-children" / "en-GB" / "index.html").as_uri())
    page.emulate_media(media="print")
    found = page.evaluate("""() => {
      const wrap = document.querySelector('.table-wrap'), table = wrap.querySelector('table');
      return {overflow: getComputedStyle(wrap).overflowX, head: getComputedStyle(table.tHead).display,
              fits: table.getBoundingClientRect().right <= document.body.getBoundingClientRect().right + 0.5,
              dt: getComputedStyle(document.querySelector('dl.glossary dt')).breakAfter,
              footer: getComputedStyle(document.querySelector('.leaflet-footer dl')).breakInside};
    }""")
    pdf = page.pdf(format="A4")
    page.emulate_media(media="screen")
    assert found == {"overflow": "visible", "head": "table-header-group", "fits": True, "dt": "avoid",
                     "footer": "avoid"}
    assert pdf.startswith(b"%PDF")
