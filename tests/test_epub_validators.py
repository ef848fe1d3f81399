"""The real validators on every output: EPUBCheck 5 and DAISY Ace on each EPUB, axe on each page.

Slow (a JVM and a browser per book), so marked ``validators``: deselected in the default run,
run by ``nox -s validate`` and in CI (``pytest -m validators``), where a missing tool FAILS
(``CI`` set) instead of skipping. Each validator is also shown a broken output, to prove the
driver reports what the tool finds rather than passing everything.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import require_tool
from editions import ROOT, edition

from pipeline.build import plan_editions, write_jobs
from pipeline.validate import (
    VIEWS,
    ace_command,
    browser_available,
    chromium_path,
    epubcheck_command,
    pdf_pictures,
    run_ace,
    run_axe,
    run_epubcheck,
    screenshot_targets,
)

pytestmark = pytest.mark.validators
LOCALES = ("en-GB", "cy", "ar", "ur")
REPORTS = Path(os.environ.get("LEAFLETS_REPORTS", ROOT / "reports")) / "model-editions"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every output for the sample in English and in Welsh, Arabic and Urdu built from the model."""
    out = tmp_path_factory.mktemp("dist")
    write_jobs(plan_editions([edition(loc) for loc in LOCALES], ROOT), out)
    return out


def _epubs(dist: Path) -> list[Path]:
    found = sorted(dist.rglob("*.epub"))
    assert len(found) == 2 * len(LOCALES)
    return found


def _broken_book(dist: Path) -> Path:
    """A copy of the English book with no accessibility summary and an invalid language tag."""
    source = next(p for p in _epubs(dist) if p.name.endswith(".en-GB.epub"))
    broken = dist.parent / "broken.epub"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "EPUB/package.opf":
                data = data.replace(b'property="schema:accessibilitySummary"',
                                    b'property="schema:accessibilityHazard"')
                data = data.replace(b"<dc:language>en-GB<", b"<dc:language>english_uk<")
            zout.writestr(info, data)
    return broken


def test_epubcheck_reports_nothing_on_every_book(dist: Path) -> None:
    require_tool("EPUBCheck", epubcheck_command() is not None, "run .ci/install-validators.sh")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        found = pool.map(lambda b: run_epubcheck(b, b.name), _epubs(dist))
        results = dict(zip(_epubs(dist), found, strict=True))
    assert {book.name: found for book, found in results.items() if found} == {}


def test_epubcheck_driver_reports_a_broken_book(dist: Path) -> None:
    require_tool("EPUBCheck", epubcheck_command() is not None, "run .ci/install-validators.sh")
    found = run_epubcheck(_broken_book(dist), "broken.epub")
    assert any(f.severity == "ERROR" and f.rule == "OPF-092" for f in found), found


def test_ace_reports_no_violation_on_every_book(dist: Path) -> None:
    require_tool("DAISY Ace", ace_command() is not None and chromium_path() is not None,
                 "run .ci/install-validators.sh")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        found = pool.map(lambda b: run_ace(b, b.name), _epubs(dist))
        results = dict(zip(_epubs(dist), found, strict=True))
    assert {book.name: found for book, found in results.items() if found} == {}


def test_ace_driver_reports_a_broken_book(dist: Path) -> None:
    require_tool("DAISY Ace", ace_command() is not None and chromium_path() is not None,
                 "run .ci/install-validators.sh")
    found = run_ace(_broken_book(dist), "broken.epub")
    assert any("accessibilitySummary" in f.message or f.rule.startswith("metadata") for f in found), found


def test_axe_reports_no_violation_on_every_page_and_screenshots_are_saved(dist: Path) -> None:
    require_tool("axe in Chromium", browser_available(), "run .ci/install-validators.sh")
    pages = [(p, p.relative_to(dist).as_posix()) for p in sorted(dist.rglob("*.html"))]
    assert len(pages) == 2 * len(LOCALES) + 1
    shots = screenshot_targets(pages, REPORTS)
    results = run_axe(pages, shots)
    assert {shown: found for shown, found in results.items() if found} == {}
    assert len(shots) == 6  # ar, ur, cy: standard and easy read
    for shot in shots.values():
        for view in VIEWS:  # one screenshot per screen: 320 px, 1280 px, 1280 px with text at 200%
            taken = shot.with_name(f"{shot.stem}.{view.name}{shot.suffix}")
            assert taken.is_file() and taken.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_print_of_every_page_is_whole_and_pictured(dist: Path, tmp_path: Path) -> None:
    require_tool("axe in Chromium", browser_available(), "run .ci/install-validators.sh")
    require_tool("pdftoppm", shutil.which("pdftoppm") is not None, "apt-get install poppler-utils")
    pages = [(p, p.relative_to(dist).as_posix()) for p in sorted(dist.rglob("*.html")) if "/ar/" in p.as_posix()]
    results = run_axe(pages, {}, VIEWS[:1], tmp_path)
    assert {shown: [f for f in found if f.tool == "print"] for shown, found in results.items()} == \
        {shown: [] for _p, shown in pages}
    pictures = pdf_pictures(sorted(tmp_path.glob("*.pdf")))
    assert len(pictures) >= len(pages) and all(p.read_bytes()[:4] == b"\x89PNG" for p in pictures)


def test_print_driver_reports_a_table_cut_off(tmp_path: Path) -> None:
    require_tool("axe in Chromium", browser_available(), "run .ci/install-validators.sh")
    bad = tmp_path / "wide.html"
    cells = "".join(f"<td>cell{i}_with_a_long_unbreakable_value</td>" for i in range(8))
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                   f'<div style="overflow:hidden"><table><tr>{cells}</tr></table></div></main></body></html>',
                   encoding="utf-8")
    found = run_axe([(bad, "wide.html")], {}, VIEWS[:1], tmp_path)["wide.html"]
    assert any(f.tool == "print" and f.rule == "cut-off" for f in found), found


def test_axe_driver_reports_a_bad_page(tmp_path: Path) -> None:
    require_tool("axe in Chromium", browser_available(), "run .ci/install-validators.sh")
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><img src="a.png">'
                   '<p style="color:#ccc">faint</p><img src="https://example.invalid/t.png" alt="t">'
                   '</body></html>',
                   encoding="utf-8")
    rules = {f.rule.split("@")[0] for f in run_axe([(bad, "bad.html")], {})["bad.html"]}  # rule@screen
    assert {"html-has-lang", "image-alt", "color-contrast", "external-request"} <= rules


def test_zip_of_every_book_reads_back(dist: Path) -> None:
    for book in _epubs(dist):
        with zipfile.ZipFile(io.BytesIO(book.read_bytes())) as z:
            assert z.testzip() is None
