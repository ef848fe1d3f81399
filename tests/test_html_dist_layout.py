"""The layout of dist/: per leaflet and locale, two pages and two books; shared assets; the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from editions import ROOT, edition
from lxml import html

from pipeline.build import plan_editions, write_jobs

SLUG = "sacroiliac-joint-injection"
LOCALES = ("en-GB", "cy", "ar", "ur")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    write_jobs(plan_editions([edition(loc) for loc in LOCALES], ROOT), out)
    return out


def test_every_edition_has_two_pages_two_books_and_three_printed_leaflets(dist: Path) -> None:
    for locale in LOCALES:
        folder = dist / SLUG / locale
        assert sorted(p.name for p in folder.iterdir()) == sorted([
            "index.html", "easy-read.html", f"{SLUG}.{locale}.epub", f"{SLUG}.{locale}.easy-read.epub",
            f"{SLUG}.{locale}.pdf", f"{SLUG}.{locale}.large-print.pdf", f"{SLUG}.{locale}.easy-read.pdf"])


def test_shared_assets_hold_the_stylesheet_and_every_picture(dist: Path) -> None:
    pictures = {p.name for p in (dist / "assets" / "pictures").iterdir()}
    used = {f"{p.ref}.svg" for p in edition("en-GB").leaflet.pictures()}
    assert pictures == used
    assert (dist / "assets" / "leaflet.css").is_file()


def test_every_local_reference_in_every_page_exists(dist: Path) -> None:
    for page_file in dist.rglob("*.html"):
        page = html.fromstring(page_file.read_bytes())
        for el in page.xpath("//a[@href]|//link[@href]|//img[@src]"):
            ref = (el.get("href") or el.get("src")).split("#")[0]
            if not ref or ":" in ref:
                continue
            assert (page_file.parent / ref).resolve().is_file(), (page_file, ref)


def test_catalogue_names_each_language_in_itself(dist: Path) -> None:
    page = html.fromstring((dist / "index.html").read_bytes())
    names = {li.get("lang"): li.find("a").text for li in page.findall(".//ul[@class='language-list']/li")}
    assert names == {"en-GB": "English (United Kingdom)", "cy": "Cymraeg", "ar": "العربية", "ur": "اردو"}
    arabic = page.find(".//ul[@class='language-list']/li[@lang='ar']")
    assert arabic.get("dir") == "rtl"
    assert [a.get("href") for a in arabic.find("ul").iter("a")] == [
        f"{SLUG}/ar/easy-read.html", f"{SLUG}/ar/{SLUG}.ar.epub", f"{SLUG}/ar/{SLUG}.ar.easy-read.epub",
        f"{SLUG}/ar/{SLUG}.ar.pdf", f"{SLUG}/ar/{SLUG}.ar.large-print.pdf", f"{SLUG}/ar/{SLUG}.ar.easy-read.pdf"]
    assert "OpenMoji" in page.find(".//footer").text_content()


def test_rebuild_writes_nothing_and_is_identical(dist: Path, tmp_path: Path) -> None:
    report = write_jobs(plan_editions([edition(loc) for loc in LOCALES], ROOT), dist)
    assert report.written == [] and len(report.unchanged) > 0
    write_jobs(plan_editions([edition(loc) for loc in LOCALES], ROOT), tmp_path)
    for file in dist.rglob("*"):
        if file.is_file():
            assert (tmp_path / file.relative_to(dist)).read_bytes() == file.read_bytes(), file
