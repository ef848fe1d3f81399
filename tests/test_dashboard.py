"""The catalogue dashboard (``leaflets report``, ``dist/report/``): its data against the gate and
the status count, its pages (charts with text alternatives, tables sorted four ways without
JavaScript), and axe in Chromium."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polib
import pytest
from cli_support import SLUG, po_file, run_cli
from conftest import ROOT, require_tool
from lxml import html as lxml_html

SVG = "{http://www.w3.org/2000/svg}"


def _second_leaflet(project: Path) -> None:
    """A second leaflet, due for review long ago, and two Welsh units left fuzzy and empty."""
    text = (project / "source" / f"{SLUG}.md").read_text(encoding="utf-8")
    other = text.replace(f"id: {SLUG}", "id: old-leaflet").replace("review_due: 2029-11-01", "review_due: 2026-01-01")
    other = other.replace("published: 2026-11-01", "published: 2023-01-01") \
        .replace("title: Sacroiliac joint injection", "title: An old leaflet")
    (project / "source" / "old-leaflet.md").write_text(other, encoding="utf-8")
    po = polib.pofile(str(po_file(project, "cy")))
    entries = [e for e in po if e.msgstr]
    entries[0].flags.append("fuzzy")
    entries[1].msgstr = ""
    po.save()


def test_report_json_agrees_with_the_gate_and_the_status_count(project_copy: Path) -> None:
    _second_leaflet(project_copy)
    assert run_cli(project_copy, "update")[0] == 0
    code, out, err = run_cli(project_copy, "report", "--format", "json", "--today", "2026-12-03")
    assert code == 0, err
    board = json.loads(out)
    assert board["today"] == "2026-12-03" and not board["passed"]  # the old leaflet is overdue
    rows = {lf["id"]: lf for lf in board["leaflets"]}
    old = rows["old-leaflet"]
    assert old["overdue"] and old["days_to_review"] == -336
    assert not rows[SLUG]["overdue"]
    editions = {ed["locale"]: ed for ed in rows[SLUG]["editions"]}
    assert editions["en-GB"]["source"] and editions["en-GB"]["reading"]["figure"] == "SMOG"
    assert editions["en-GB"]["reading"]["good"] == 10
    cy = editions["cy"]
    assert cy["units"] == {"total": 192, "translated": 190, "fuzzy": 1, "untranslated": 1, "reviewed": 0}
    assert not cy["published"] and "untranslated" in cy["reason"]
    assert editions["pl"]["published"]
    code, out, _ = run_cli(project_copy, "check", "--format", "json", "--today", "2026-12-03")
    findings = json.loads(out)["findings"]
    errors = sum(f["severity"] == "error" for f in findings if f["leaflet"] == "old-leaflet" and f["locale"] == "en-GB")
    assert old["editions"][0]["errors"] == errors >= 1


def test_dashboard_pages_chart_and_sort_without_javascript(project_copy: Path) -> None:
    _second_leaflet(project_copy)
    assert run_cli(project_copy, "update")[0] == 0
    assert run_cli(project_copy, "build")[0] in (0, 1)
    code, _, err = run_cli(project_copy, "report", "--today", "2026-12-03")
    assert code == 0, err
    folder = project_copy / "dist" / "report"
    pages = {name: lxml_html.parse(str(folder / name)) for name in ("index.html", "review.html", "reading.html",
                                                                    "problems.html")}
    for name, page in pages.items():
        assert not page.xpath("//script"), name
        charts = page.xpath("//*[local-name()='svg']")
        assert len(charts) == 2, name
        for chart in charts:
            assert chart.get("role") == "img"
            ids = chart.get("aria-labelledby").split()
            assert [chart.xpath(f".//*[@id='{i}']")[0].text for i in ids], name  # title and description
            # the legend and the data table follow the chart
            assert chart.getnext() is not None or chart.getparent().getnext() is not None
        assert all(th.get("scope") in ("col", "row") for th in page.xpath("//th")), name
        links = page.xpath("//table//a/@href")
        assert links and all((folder / href).resolve().is_file() for href in links), name
        kinds = set(page.xpath("//table//a/text()"))
        assert {"web page", "PDF", "braille BRF", "easy-read PEF"} <= kinds, kinds
    first = [tr.xpath("string(th/span)") for tr in pages["review.html"].xpath("//main/div/table/tbody/tr")]
    assert first[0] == "An old leaflet"  # overdue first
    by_id = [tr.xpath("string(th/span)") for tr in pages["index.html"].xpath("//main/div/table/tbody/tr")]
    assert by_id[0] == "An old leaflet" and by_id[-1] == "Sacroiliac joint injection"
    assert "Overdue by 336 days" in pages["index.html"].xpath("string(//main/div/table)")
    progress = pages["index.html"].xpath("//figure[2]//table//tr[th='cy']/td/text()")
    # two leaflets of 192 units in Welsh; the new one filled from the first by update, but for the
    # fuzzy and the empty unit (not in the compendium)
    assert progress[:5] == ["384", "0", "380", "1", "3"]


@pytest.mark.validators
def test_axe_finds_nothing_on_the_dashboard(project_copy: Path) -> None:
    from pipeline.validate import VIEWS, browser_available, run_axe

    require_tool("axe in Chromium", browser_available(), "run .ci/install-validators.sh")
    _second_leaflet(project_copy)
    assert run_cli(project_copy, "update")[0] == 0
    assert run_cli(project_copy, "build")[0] in (0, 1)
    assert run_cli(project_copy, "report", "--today", "2026-12-03")[0] == 0
    folder = project_copy / "dist" / "report"
    reports = Path(os.environ.get("LEAFLETS_REPORTS", ROOT / "reports")) / "screenshots"
    shots = {"report/index.html": reports / "dashboard.png"}
    results = run_axe([(folder / "index.html", "report/index.html"), (folder / "review.html", "report/review.html")],
                      shots, VIEWS)
    assert {shown: found for shown, found in results.items() if found} == {}
