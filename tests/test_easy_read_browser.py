"""Easy read in a real browser: the picture sits at the reading start, and the print rules apply."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from editions import ROOT, edition

from pipeline.writers.easy_read import render_easy_read
from pipeline.writers.html import PageContext

ROW_GEOMETRY = """() => [...document.querySelectorAll('li.er-point')].map(row => {
  const picture = row.querySelector('img').getBoundingClientRect();
  const words = row.querySelector('p').getBoundingClientRect();
  return [picture.left, words.left, picture.top < words.bottom && words.top < picture.bottom];
})"""

PRINT_STYLE = """() => {
  const body = getComputedStyle(document.body);
  const row = getComputedStyle(document.querySelector('li.er-point'));
  const words = getComputedStyle(document.querySelector('li.er-point p'));
  return {size: parseFloat(body.fontSize), family: body.fontFamily, rowBreak: row.breakInside,
          style: words.fontStyle, contents: getComputedStyle(document.querySelector('nav.er-contents')).display};
}"""


@pytest.fixture(scope="module")
def browser_page(chromium):  # type: ignore[no-untyped-def]
    return chromium.new_page(viewport={"width": 800, "height": 900})


def _write(tmp_path: Path, locale: str) -> Path:
    ed = edition(locale)
    folder = tmp_path / locale
    folder.mkdir()
    shutil.copy(ROOT / "pipeline" / "assets" / "leaflet.css", folder / "leaflet.css")
    out = folder / "easy-read.html"
    ctx = PageContext(locale, ed.labels, "leaflet.css", picture_base="", easy_read=True)
    out.write_bytes(render_easy_read(ed.leaflet, ctx))
    return out


@pytest.mark.parametrize(("locale", "picture_first_on_left"), [("en-GB", True), ("ar", False), ("ur", False)])
def test_picture_is_beside_the_words_at_the_reading_start(browser_page, tmp_path: Path, locale: str,  # type: ignore[no-untyped-def]
                                                          picture_first_on_left: bool) -> None:
    browser_page.goto(_write(tmp_path, locale).as_uri())
    rows = browser_page.evaluate(ROW_GEOMETRY)
    assert len(rows) == 37
    for picture_left, words_left, side_by_side in rows:
        assert side_by_side  # on the same line, not stacked
        assert (picture_left < words_left) is picture_first_on_left


def test_print_gives_16pt_sans_serif_unsplit_rows_and_no_navigation(browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    browser_page.goto(_write(tmp_path, "en-GB").as_uri())
    browser_page.emulate_media(media="print")
    try:
        style = browser_page.evaluate(PRINT_STYLE)
    finally:
        browser_page.emulate_media(media="screen")
    assert style["size"] >= 16 * 96 / 72 - 0.01  # 16pt in CSS pixels
    assert "sans-serif" in style["family"] and style["style"] == "normal"
    assert style["rowBreak"] == "avoid" and style["contents"] == "none"


def test_text_scales_with_the_readers_font_size(browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    browser_page.goto(_write(tmp_path, "en-GB").as_uri())
    size = "() => parseFloat(getComputedStyle(document.querySelector('li p')).fontSize)"
    normal = browser_page.evaluate(size)
    browser_page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    bigger = browser_page.evaluate(size)
    assert bigger == pytest.approx(2 * normal)
