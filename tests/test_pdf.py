"""Printed leaflets (clear print, large print, easy read) checked by tools nobody here wrote:
poppler's pdfinfo, pdffonts and pdftotext, and a pikepdf walk of the structure tree."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from cli_support import SLUG, run_cli
from conftest import ROOT, require_tool, sample_settings

from pipeline import model as m
from pipeline.reader import read_leaflet
from pipeline.writers.pdf import PrintSettings, PrintSpec, render_pdf

LOCALES = ("en-GB", "cy", "pl", "es", "ar", "ur")
VARIANTS = {"pdf": "", "large-print-pdf": ".large-print", "easy-read-pdf": ".easy-read"}


def _poppler(tool: str, *args: str) -> str:
    require_tool(tool, shutil.which(tool) is not None, "apt-get install poppler-utils")
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built in its three printed formats."""
    project = tmp_path_factory.mktemp("print")
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, project / name)
    sample_settings(project / "pyproject.toml")
    code, _, err = run_cli(project, "build", "--format", "html", *[a for f in VARIANTS for a in ("--format", f)])
    assert code == 0, err
    return project / "dist" / SLUG


def _files(printed: Path) -> Iterator[tuple[str, str, Path]]:
    for locale in LOCALES:
        for variant, suffix in VARIANTS.items():
            yield locale, variant, printed / locale / f"{SLUG}.{locale}{suffix}.pdf"


def _structure(pdf: pikepdf.Pdf) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            out.append((str(node.S), node))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def test_every_edition_is_a_tagged_a4_pdf_with_its_title_and_every_font_embedded(printed: Path) -> None:
    for _locale, variant, path in _files(printed):
        info = _poppler("pdfinfo", str(path))
        assert re.search(r"^Tagged:\s+yes$", info, re.M), (path, info)
        assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M), (path, info)
        title = re.search(r"^Title:\s+(.+)$", info, re.M)
        assert title and title[1].strip(), (path, info)
        fonts = _poppler("pdffonts", str(path)).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), (path, fonts)  # the "emb" column
        if variant == "large-print-pdf":
            assert not any("Italic" in line for line in fonts), (path, fonts)  # UKAAF: no italics


def test_structure_tree_lang_headings_lists_tables_and_figures_with_alt_text(printed: Path) -> None:
    for locale, variant, path in _files(printed):
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang).lower().startswith(locale.split("-")[0]), (path, pdf.Root.Lang)
            assert bool(pdf.Root.MarkInfo.Marked) and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
            assert str(pdf.Root.ViewerPreferences.Direction) == ("/R2L" if locale in ("ar", "ur") else "/L2R")
            tags = _structure(pdf)
            kinds = Counter(kind for kind, _ in tags)
            headings = [kind for kind, _ in tags if re.fullmatch(r"/H\d", kind)]
            assert headings[0] == "/H1" and kinds["/H1"] == 1 and kinds["/H2"] >= 5, (path, headings)
            # headings nest: never a level skipped on the way down
            levels = [int(h[2:]) for h in headings]
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)
            figures = [node for kind, node in tags if kind == "/Figure"]
            assert all(str(node.get("/Alt", "")).strip() for node in figures), path
            if variant == "easy-read-pdf":
                assert len(figures) >= 30, (path, len(figures))  # every point's picture
            else:
                assert kinds["/L"] >= 5 and kinds["/LI"] >= 20 and kinds["/Table"] == 1 and kinds["/TH"] >= 2
            outline = pdf.open_outline()
            assert len(list(outline.root)) >= 1  # bookmarks
            assert pdf.open_metadata().get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"  # PDF/UA-1 claimed
            uris = [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A]
            assert "tel:+441234567890" in uris, (path, uris)  # the contact box's number can be called


def test_text_comes_out_in_reading_order(printed: Path) -> None:
    leaflet = read_leaflet(ROOT / "source" / f"{SLUG}.md")
    text = " ".join(_poppler("pdftotext", str(printed / "en-GB" / f"{SLUG}.en-GB.pdf"), "-").split())
    headings = [m.plain_text(s.heading) for s in leaflet.sections]
    places = [text.find(h) for h in headings]
    assert all(p >= 0 for p in places), [h for h, p in zip(headings, places, strict=True) if p < 0]
    assert places == sorted(places)
    assert "Page 1 of" in text and "Published 1 November 2026" in text


def test_right_to_left_text_keeps_phone_numbers_left_to_right(printed: Path) -> None:
    for locale in ("ar", "ur"):
        words = _poppler("pdftotext", "-f", "1", "-l", "1", "-bbox",
                         str(printed / locale / f"{SLUG}.{locale}.pdf"), "-")
        found = {w: float(x) for x, w in re.findall(r'xMin="([\d.]+)"[^>]*>(01234|567|890)<', words)}
        assert set(found) == {"01234", "567", "890"}, (locale, found)
        assert found["01234"] < found["567"] < found["890"], (locale, found)


def test_same_inputs_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    leaflet = read_leaflet(ROOT / "source" / f"{SLUG}.md")
    from pipeline.ui_strings import english_labels

    spec = PrintSpec(leaflet, "en-GB", english_labels(), "large-print")
    first = render_pdf(spec, ROOT)
    assert render_pdf(spec, ROOT) == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamped = render_pdf(spec, ROOT)
    assert stamped == render_pdf(spec, ROOT) and stamped != first


def test_leaflet_text_is_never_typst_markup(tmp_path: Path) -> None:
    text = (ROOT / "source" / f"{SLUG}.md").read_text(encoding="utf-8")
    hostile = '#set text(fill: red) #read("/etc/passwd") $x^2$ = @ref [box] {code} // not a comment'
    text = text.replace("Your sacroiliac joints are at the bottom of your back.", hostile, 1)
    path = tmp_path / f"{SLUG}.md"
    path.write_text(text, encoding="utf-8")
    leaflet = read_leaflet(path)
    from pipeline.ui_strings import english_labels

    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(render_pdf(PrintSpec(leaflet, "en-GB", english_labels()), ROOT))
    said = " ".join(_poppler("pdftotext", str(pdf), "-").split())
    assert '#set text(fill: red) #read("/etc/passwd") $x^2$ = @ref [box] {code} // not a comment' in said
    assert "root:" not in said


def test_site_url_adds_a_qr_code_and_the_short_addresses(tmp_path: Path) -> None:
    leaflet = read_leaflet(ROOT / "source" / f"{SLUG}.md")
    from pipeline.ui_strings import english_labels

    online = (("Online", f"https://leaflets.example.nhs.uk/{SLUG}/en-GB/"),
              ("Other languages", f"https://leaflets.example.nhs.uk/{SLUG}/"))
    spec = PrintSpec(leaflet, "en-GB", english_labels(), paper=PrintSettings(page_size="A5"), online=online)
    path = tmp_path / "qr.pdf"
    path.write_bytes(render_pdf(spec, ROOT))
    info = _poppler("pdfinfo", str(path))
    assert re.search(r"^Page size:\s+419\.\d+ x 595\.\d+ pts$", info, re.M), info  # A5
    said = "".join(_poppler("pdftotext", "-f", "1", "-l", "1", str(path), "-").split())
    assert f"Online:leaflets.example.nhs.uk/{SLUG}/en-GB/" in said
    assert f"Otherlanguages:leaflets.example.nhs.uk/{SLUG}/" in said
    with pikepdf.open(path) as pdf:
        alts = [str(node.Alt) for kind, node in _structure(pdf) if kind == "/Figure" and "/Alt" in node]
    assert any(alt.startswith("QR code: https://leaflets.example.nhs.uk/") for alt in alts), alts


@pytest.mark.parametrize(("setting", "said"), [
    ('page_size = "A3"', "print.page_size"),
    ("body_size = 10", "clear print is never below 12"),
    ("large_print_size = 14", "large print is never below 16"),
    ('site_url = "leaflets dot example"', "print.site_url"),
])
def test_print_settings_out_of_range_exit_2(project_copy: Path, setting: str, said: str) -> None:
    settings = project_copy / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\n[tool.leaflets.print]\n{setting}\n",
                        encoding="utf-8")
    code, out, err = run_cli(project_copy, "build", "--format", "pdf")
    assert code == 2 and said in err and "pyproject.toml" in err, out + err
    assert not (project_copy / "dist").exists() or not list((project_copy / "dist").rglob("*.pdf"))


def test_a_locale_without_its_font_is_a_message_and_no_half_written_pdf(
        project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.writers import pdf

    table = {**pdf._fonts_table(), "languages": {**pdf._fonts_table()["languages"], "cy": ["No Such Font Sans"]}}
    monkeypatch.setattr(pdf, "_fonts_table", lambda: table)
    code, out, err = run_cli(project_copy, "build", "--jobs", "1", "--format", "pdf")
    assert code == 2, out + err
    assert "printed leaflets in 'cy' need the font No Such Font Sans, which is not installed" in err
    dist = project_copy / "dist" / SLUG
    assert not list((dist / "cy").glob("*.pdf")) if (dist / "cy").exists() else True
    assert (dist / "pl" / f"{SLUG}.pl.pdf").is_file()  # every other edition is still printed


def test_a_long_dose_table_in_large_print_has_no_word_running_into_another(tmp_path: Path) -> None:
    leaflet = read_leaflet(ROOT / "tests" / "fixtures" / "harder" / "source" / "paracetamol-for-children.md")
    from pipeline.ui_strings import english_labels

    path = tmp_path / "large.pdf"
    path.write_bytes(render_pdf(PrintSpec(leaflet, "en-GB", english_labels(), "large-print"), ROOT))
    pages = _poppler("pdftotext", "-bbox", str(path), "-").split("<page ")[1:]
    seen = False
    for page in pages:
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)
        boxes = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in words]
        seen = seen or any(w == "(120mg/5ml)" for *_, w in boxes)
        for i, (x0, y0, x1, y1, word) in enumerate(boxes):
            for a0, b0, a1, b1, other in boxes[i + 1:]:
                same_line = min(y1, b1) - max(y0, b0) > 0.5 * (y1 - y0)
                assert not (same_line and min(x1, a1) - max(x0, a0) > 0.5), (word, other)
    assert seen  # the table's header was set


def test_each_page_links_its_printed_leaflets_with_their_size(printed: Path) -> None:
    from lxml import html

    from pipeline.build import file_size

    for locale in ("en-GB", "ar"):
        page = html.parse(str(printed / locale / "index.html"))
        for suffix in VARIANTS.values():
            name = f"{SLUG}.{locale}{suffix}.pdf"
            links = page.xpath(f"//nav[@class='versions']//a[@href='{name}']")
            assert links, (locale, name)
            size = links[0].getparent().find("span[@class='file-size']")
            written = (printed / locale / name).stat().st_size
            assert size is not None and file_size(written, locale) in size.text_content(), (locale, name)


def _dose_table_leaflet(tmp_path: Path, rows: int) -> m.Leaflet:
    """A leaflet whose one table runs over several pages, each row several lines tall."""
    text = (ROOT / "tests" / "fixtures" / "harder" / "source" / "paracetamol-for-children.md").read_text(
        encoding="utf-8")
    head = text.split("| Age |", 1)[0]
    table = ["| Age | Dose | How often | What to watch for |", "| --- | --- | --- | --- |"]
    for i in range(1, rows + 1):
        table.append(f"| R{i:02d}begin {i} to {i + 1} years | {i * 20} mg | Every 4 to 6 hours, no more than "
                     f"4 doses in 24 hours | A rash, swelling of the face or trouble breathing: call 999 at once "
                     f"R{i:02d}finish |")
    path = tmp_path / "paracetamol-for-children.md"
    path.write_text(head + "\n".join(table) + "\n", encoding="utf-8")
    return read_leaflet(path)


@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_a_table_row_never_splits_across_pages_and_its_header_repeats(tmp_path: Path, variant: str) -> None:
    from pipeline.ui_strings import english_labels

    leaflet = _dose_table_leaflet(tmp_path, 40)
    path = tmp_path / f"{variant}.pdf"
    path.write_bytes(render_pdf(PrintSpec(leaflet, "en-GB", english_labels(), variant), ROOT))
    pages = _poppler("pdftotext", "-layout", str(path), "-").split("\f")
    page_of: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for marker in re.findall(r"R\d\dbegin|R\d\dfinish", page):
            page_of[marker] = number
    assert len(page_of) == 80, sorted(page_of)
    spread = {page_of[f"R{i:02d}begin"] for i in range(1, 41)}
    assert len(spread) >= 3, spread  # the table really runs over pages
    split = [i for i in range(1, 41) if page_of[f"R{i:02d}begin"] != page_of[f"R{i:02d}finish"]]
    assert not split, split
    for number in spread:
        assert "What to watch for" in pages[number - 1], number  # the header row repeats


def test_easy_read_prints_at_most_six_rows_a_page(printed: Path) -> None:
    for locale in LOCALES:
        with pikepdf.open(printed / locale / f"{SLUG}.{locale}.easy-read.pdf") as pdf:
            pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
            # each row's picture is a tagged figure on the page it is drawn on
            per_page = Counter(pages[node.Pg.objgen] for kind, node in _structure(pdf) if kind == "/Figure")
        assert per_page and max(per_page.values()) <= 6, (locale, per_page)
        assert sum(per_page.values()) >= 30 and max(per_page.values()) >= 4, (locale, per_page)  # not one a page


def test_the_catalogue_lists_each_download_with_its_size(printed: Path) -> None:
    from lxml import html

    from pipeline.build import file_size

    page = html.parse(str(printed.parent / "index.html"))
    for locale in ("en-GB", "ur"):
        for suffix in VARIANTS.values():
            name = f"{SLUG}/{locale}/{SLUG}.{locale}{suffix}.pdf"
            links = page.xpath(f"//ul[@class='format-list']//a[@href='{name}']")
            assert links, name
            size = links[0].getparent().find("span[@class='file-size']")
            written = (printed.parent / name).stat().st_size
            assert size is not None and file_size(written, locale) in size.text_content(), name


def test_a_web_only_rebuild_reads_download_sizes_from_the_files_already_built(
        project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.incremental import Selection, build_catalogue
    from pipeline.settings import load_settings
    from pipeline.writers import pdf

    settings = load_settings(project_copy)
    build_catalogue(settings, jobs=1)
    page = project_copy / "dist" / SLUG / "cy" / "index.html"
    before = page.read_bytes()
    page.unlink()  # the page must be made again, its printed leaflets are up to date

    def refuse(*_: object) -> bytes:
        raise AssertionError("a printed leaflet was made again for its size")

    monkeypatch.setattr(pdf, "render_pdf", refuse)
    import pipeline.build

    monkeypatch.setattr(pipeline.build, "render_pdf", refuse)
    report = build_catalogue(settings, Selection(formats=frozenset({"html"})), jobs=1)
    assert f"{SLUG}/cy/index.html" in report.written
    assert page.read_bytes() == before
