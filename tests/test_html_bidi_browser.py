"""A browser proves the displayed order: a phone number in an Arabic paragraph reads 01234 567 890.

Without isolation the Unicode bidi algorithm lays the digit groups of "01234 567 890" out right
to left inside an Arabic paragraph, so a patient sees "890 567 01234". We render in headless
Chromium and compare where the first and last digit groups are drawn; a control page without
isolation must show the wrong order, so the test can tell the difference.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from editions import edition

from pipeline.writers.html import PageContext, render_page

MEASURE = """(needle) => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector(needle.scope), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const group of needle.groups) {
      const at = node.data.indexOf(group);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at); range.setEnd(node, at + group.length);
      out.push([group, range.getBoundingClientRect().left]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def browser_page(chromium):  # type: ignore[no-untyped-def]
    return chromium.new_page()


def _positions(page, file: Path, scope: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    page.goto(file.as_uri())
    found = page.evaluate(MEASURE, {"scope": scope, "groups": ["01234", "567", "890"]})
    return {group: left for group, left in found}


def test_phone_number_in_arabic_paragraph_displays_in_order(browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ed = edition("ar")
    out = tmp_path / "ar.html"
    out.write_bytes(render_page(ed.leaflet, PageContext("ar", ed.labels, "leaflet.css")))
    shutil.copy(Path(__file__).parent.parent / "pipeline" / "assets" / "leaflet.css", tmp_path)
    left = _positions(browser_page, out, "footer .contact")
    assert set(left) == {"01234", "567", "890"}
    # read left to right on screen, as the number is dialled
    assert left["01234"] < left["567"] < left["890"], left


def test_control_without_isolation_shows_the_wrong_order(browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "control.html"
    out.write_text('<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>t</title>'
                   '</head><body><p class="c">اتصل بعيادة الألم على 01234 567 890 من فضلك.</p></body></html>',
                   encoding="utf-8")
    left = _positions(browser_page, out, "p.c")
    assert left["890"] < left["567"] < left["01234"], left  # what a patient would otherwise see
