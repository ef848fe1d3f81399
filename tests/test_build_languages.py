"""A built catalogue speaks each edition's language: interface words, notices, catalogue entries, messages."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import html
from typer.testing import CliRunner

from pipeline.cli import app

HARDER = Path(__file__).parent / "fixtures" / "harder"


def _build(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", "--project", str(project), "--jobs", "1"])
    return result.exit_code, result.output


def test_a_leaflet_written_in_arabic_gets_arabic_interface_words(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(HARDER, project, ignore=shutil.ignore_patterns("dist"))
    code, out = _build(project)
    assert code == 0, out
    page = html.fromstring((project / "dist" / "ar-paracetamol" / "ar" / "index.html").read_bytes())
    skip = page.find(".//a[@class='skip-link']")
    assert skip.text_content() == "انتقل إلى المحتوى الرئيسي" and skip.get("lang") is None
    assert page.find(".//nav[@class='contents']/h2").text_content() == "المحتويات"
    # the hidden "Warning:" of a call-out is Arabic too
    assert page.find(".//div[@role='note']//span[@class='visually-hidden']").text_content().startswith("تحذير")
    assert "published" not in out.lower()  # nothing to say: every interface word is translated


def test_a_missing_interface_translation_is_reported_and_marked_english(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(HARDER, project, ignore=shutil.ignore_patterns("dist"))
    shutil.rmtree(project / "locales" / "ur")
    code, out = _build(project)
    assert code == 0, out
    assert "published ur-paracetamol/ur, but:" in out and "locales/ur/LC_MESSAGES/ui.po" in out
    page = html.fromstring((project / "dist" / "ur-paracetamol" / "ur" / "index.html").read_bytes())
    skip = page.find(".//a[@class='skip-link']")
    assert skip.text_content() == "Skip to main content" and skip.get("lang") == "en" and skip.get("dir") == "ltr"


def test_demonstration_translations_say_so_and_the_catalogue_shows_every_language(project_copy: Path) -> None:
    code, out = _build(project_copy)
    assert code == 0, out
    assert "skipped" not in out  # every locale of the sample was published
    dist = project_copy / "dist"
    for locale in ("cy", "pl", "es", "ar", "ur"):
        for name in ("index.html", "easy-read.html"):
            page = html.fromstring((dist / "sacroiliac-joint-injection" / locale / name).read_bytes())
            notice = page.find(".//p[@class='demonstration-notice']")
            assert notice is not None and notice.get("lang") is None, (locale, name)
    english = html.fromstring((dist / "sacroiliac-joint-injection" / "en-GB" / "index.html").read_bytes())
    assert english.find(".//p[@class='demonstration-notice']") is None  # the source is not a translation
    index = html.fromstring((dist / "index.html").read_bytes())
    items = index.findall(".//ul[@class='language-list']/li")
    assert len(items) == 6
    for item in items:
        assert item.get("lang") and item.get("dir") in ("ltr", "rtl")
        assert item.find("p[@class='entry-title']").text_content().strip()
        assert item.find("p[@class='entry-summary']").text_content().strip()
    arabic = next(i for i in items if i.get("lang") == "ar")
    assert arabic.get("dir") == "rtl" and arabic.find("p[@class='demonstration-notice']") is not None
