"""Every published version stays reachable: `leaflets archive` keeps a version, the build publishes
the old ones under dist/<id>/archive/<version>/ with a notice and a link to the current version."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from cli_support import SLUG, po_file, run_cli
from lxml import html

from pipeline.incremental import Selection, build_catalogue
from pipeline.problems import InputError
from pipeline.settings import load_settings

LOCALES = ("cy", "pl", "es", "ar", "ur")
OLD = "They join your spine to your pelvis."
NEW = "They join your spine to your hips."
MARK = "NEWTEXT"  # put in front of each translation of the changed paragraph in version 1.1


def source(project: Path) -> Path:
    return project / "source" / f"{SLUG}.md"


def new_version(project: Path, version: str = "1.1") -> None:
    """Change a sentence and bump the version; the translators translate the changed paragraph."""
    text = source(project).read_text(encoding="utf-8")
    assert OLD in text and 'version: "1.0"' in text
    source(project).write_text(text.replace(OLD, NEW).replace('version: "1.0"', f'version: "{version}"'),
                               encoding="utf-8")
    for locale in LOCALES:
        catalog = polib.pofile(str(po_file(project, locale)))
        entry = next(e for e in catalog if OLD in e.msgid)
        entry.msgid = entry.msgid.replace(OLD, NEW)
        entry.msgstr = f"{MARK} {entry.msgstr}"
        catalog.save()
        if po_file(project, locale).with_name(f"{SLUG}.review.toml").exists():  # as `leaflets update` does
            assert run_cli(project, "review", locale, "--leaflet", SLUG, "--prune")[0] == 0


def files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def page(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def target(path: Path, href: str) -> Path:
    return (path.parent / href).resolve()


@pytest.fixture
def archived(project_copy: Path) -> Path:
    """The sample archived at 1.0, with a review record for Polish, then changed as version 1.1 and built."""
    assert run_cli(project_copy, "review", "pl", "--leaflet", SLUG, "--by", "Dr Ola Nowak")[0] == 0
    code, out, err = run_cli(project_copy, "archive", SLUG)
    assert code == 0, err
    assert f"version 1.0 archived in archive/{SLUG}/1.0/" in out
    new_version(project_copy)
    code, out, err = run_cli(project_copy, "build", "--jobs", "1", "--quiet")
    assert code == 0, err
    return project_copy


def test_archive_keeps_the_source_translations_and_review_records(archived: Path) -> None:
    folder = archived / "archive" / SLUG / "1.0"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["source.md", "pl.review.toml", *(f"{loc}.po" for loc in LOCALES)])
    assert OLD in (folder / "source.md").read_text(encoding="utf-8")
    assert MARK not in (folder / "cy.po").read_text(encoding="utf-8")


def test_the_old_version_is_published_beside_the_current_one(archived: Path) -> None:
    dist = archived / "dist" / SLUG
    for locale in ("en-GB", *LOCALES):
        current, old = dist / locale / "index.html", dist / "archive" / "1.0" / locale / "index.html"
        assert current.is_file() and old.is_file(), locale
        now, then = page(current), page(old)
        assert now.find(".//div[@class='archived-notice']") is None
        notice = then.find(".//main/div[@class='archived-notice']")
        assert notice is not None and then.find(".//main")[0] is notice, "the notice comes first"
        assert "1.0" in notice.text_content()
        if locale == "en-GB":
            assert "version 1.0" in notice.text_content() and "Do not use it for your care" in notice.text_content()
        link = notice.find(".//a[@class='current-version']")
        assert link.text_content() == {"en-GB": "Read the current version",
                                       "cy": "Darllenwch y fersiwn gyfredol"}.get(locale, link.text_content())
        assert target(old, link.get("href")) == current.resolve()
        assert then.get("lang") == now.get("lang") and then.get("dir") == now.get("dir")
        if locale == "en-GB":
            assert NEW in now.text_content() and OLD in then.text_content() and OLD not in now.text_content()
        else:
            assert MARK in now.text_content() and MARK not in then.text_content()
        # the old page's language switcher goes to the same old version in the other languages
        for other in then.findall(".//nav[@class='languages']//a"):
            assert target(old, other.get("href")).is_file()
            assert "/archive/1.0/" in target(old, other.get("href")).as_posix()
        assert then.find(".//link[@rel='stylesheet']").get("href") == "../../../../assets/leaflet.css"
        assert target(old, then.find(".//link[@rel='stylesheet']").get("href")).is_file()
        for img in then.findall(".//img"):
            assert target(old, img.get("src")).is_file()


def test_the_notice_is_in_english_marked_as_such_until_translated(archived: Path) -> None:
    ui = po_file(archived, "ar", "ui")
    catalog = polib.pofile(str(ui))
    for entry in catalog:
        if entry.msgctxt in ("archived_notice", "current_version_link"):
            entry.msgstr = ""  # not translated yet
    catalog.save()
    assert run_cli(archived, "build", "--jobs", "1", "--quiet")[0] == 0
    old = page(archived / "dist" / SLUG / "archive" / "1.0" / "ar" / "index.html")
    assert old.get("lang") == "ar" and old.get("dir") == "rtl"
    text = old.find(".//div[@class='archived-notice']/p")
    assert text.get("lang") == "en" and text.get("dir") == "ltr"
    link = old.find(".//a[@class='current-version']")
    assert link.get("lang") == "en" and link.get("dir") == "ltr" and link.get("hreflang") == "ar"
    english = page(archived / "dist" / SLUG / "archive" / "1.0" / "en-GB" / "index.html")
    assert english.find(".//div[@class='archived-notice']/p").get("lang") is None  # the page's own language


def test_a_translated_notice_is_in_the_pages_language(archived: Path) -> None:
    old = page(archived / "dist" / SLUG / "archive" / "1.0" / "ar" / "index.html")
    text = old.find(".//div[@class='archived-notice']/p")
    assert text.get("lang") is None and text.get("dir") is None
    assert "هذه نسخة قديمة" in text.text_content()
    assert text.find(".//bdi[@dir='ltr']").text == "1.0"  # the version number reads left to right


def test_the_list_of_versions_and_the_link_to_it(archived: Path) -> None:
    dist = archived / "dist" / SLUG
    index = dist / "archive" / "index.html"
    listing = page(index)
    current = listing.find(".//p[@class='current-version']/a")
    assert target(index, current.get("href")) == (dist / "en-GB" / "index.html").resolve()
    assert "1.1" in listing.find(".//p[@class='current-version']").text_content()
    item = listing.find(".//ul[@class='archive-versions']/li")
    assert "Version 1.0" in item.text_content() and "1 November 2026" in item.text_content()
    for link in item.findall(".//a"):
        assert target(index, link.get("href")).is_file()
    assert {a.get("hreflang") for a in item.findall(".//ul[@class='language-list']/li/a")} == set(LOCALES)
    for locale in ("en-GB", "cy"):
        link = page(dist / locale / "index.html").find(".//p[@class='archive-link']/a")
        assert target(dist / locale / "index.html", link.get("href")) == index.resolve()
    assert page(dist / "archive" / "1.0" / "en-GB" / "index.html").find(".//p[@class='archive-link']/a") \
        is not None


def test_newest_version_first(archived: Path) -> None:
    assert run_cli(archived, "archive", SLUG)[0] == 0  # 1.1
    text = source(archived).read_text(encoding="utf-8")
    source(archived).write_text(text.replace('version: "1.1"', 'version: "1.10"')
                                .replace("published: 2026-11-01", "published: 2026-12-01"), encoding="utf-8")
    assert run_cli(archived, "build", "--jobs", "1", "--quiet")[0] == 0
    listing = page(archived / "dist" / SLUG / "archive" / "index.html")
    items = [li.find("a").text_content() for li in listing.findall(".//ul[@class='archive-versions']/li")]
    assert items == ["Version 1.1", "Version 1.0"]
    old = page(archived / "dist" / SLUG / "archive" / "1.1" / "cy" / "index.html")
    assert MARK in old.text_content()  # 1.1 as it was published, in Welsh too


def test_archiving_the_same_version_twice_changes_nothing(archived: Path) -> None:
    code, out, err = run_cli(archived, "archive", SLUG)
    assert code == 0, err
    folder = archived / "archive"
    before = files(folder)
    code, out, err = run_cli(archived, "archive", SLUG)
    assert code == 0, err
    assert "version 1.1 is already archived, unchanged" in out and "0 file(s) written" in out
    assert files(folder) == before


def test_a_changed_text_under_an_archived_version_is_refused(archived: Path) -> None:
    assert run_cli(archived, "archive", SLUG)[0] == 0  # 1.1
    folder = archived / "archive"
    before = files(folder)
    text = source(archived).read_text(encoding="utf-8")
    source(archived).write_text(text.replace(NEW, "They join your spine to your legs."), encoding="utf-8")
    code, _out, err = run_cli(archived, "archive", SLUG)
    assert code == 2
    assert f"source/{SLUG}.md:15:1: version 1.1 is already archived" in err
    assert "an archived version never changes: give the changed text a new version" in err
    assert files(folder) == before


def test_translations_of_an_archived_version_may_be_kept_again(archived: Path) -> None:
    assert run_cli(archived, "archive", SLUG)[0] == 0  # 1.1
    po = po_file(archived, "cy")
    po.write_text(po.read_text(encoding="utf-8").replace("Pigiad i'r cymal sacroiliac", "Pigiad i gymal sacroiliac"),
                  encoding="utf-8")
    code, out, err = run_cli(archived, "archive", SLUG)
    assert code == 0, err
    assert f"wrote archive/{SLUG}/1.1/cy.po" in out and "translations updated" in out
    assert (archived / "archive" / SLUG / "1.1" / "cy.po").read_bytes() == po.read_bytes()


@pytest.mark.parametrize("version", ["../x", "/", "a/b", "..", "index.html", "1.0 final"])
def test_a_version_that_cannot_name_a_folder_is_refused(project_copy: Path, version: str) -> None:
    text = source(project_copy).read_text(encoding="utf-8")
    source(project_copy).write_text(text.replace('version: "1.0"', f'version: "{version}"'), encoding="utf-8")
    code, _out, err = run_cli(project_copy, "archive", SLUG)
    assert code == 2
    assert f"source/{SLUG}.md:6:1: the version" in err and "cannot name an archive folder" in err
    assert not (project_copy / "archive").exists()


def test_a_broken_leaflet_or_unknown_id_is_refused(project_copy: Path) -> None:
    text = source(project_copy).read_text(encoding="utf-8")
    source(project_copy).write_text(text.replace("published: 2026-11-01", "published: 2026-13-01"), encoding="utf-8")
    code, _out, err = run_cli(project_copy, "archive", SLUG)
    assert code == 2 and f"source/{SLUG}.md:7:" in err
    code, _out, err = run_cli(project_copy, "archive", "sacroiliac-joint-injektion")
    assert code == 2 and f"Did you mean '{SLUG}'?" in err
    code, _out, err = run_cli(project_copy, "archive", f"../source/{SLUG}")
    assert code == 2 and f"no leaflet '../source/{SLUG}'" in err
    assert not (project_copy / "archive").exists()


def test_the_current_version_archived_is_not_published_twice(project_copy: Path) -> None:
    assert run_cli(project_copy, "archive", SLUG)[0] == 0
    code, _out, err = run_cli(project_copy, "build", "--jobs", "1", "--quiet", "--format", "html")
    assert code == 0, err
    assert not (project_copy / "dist" / SLUG / "archive").exists()
    assert page(project_copy / "dist" / SLUG / "en-GB" / "index.html").find(".//p[@class='archive-link']") is None


def test_a_no_op_build_writes_nothing(archived: Path) -> None:
    settings = load_settings(archived)
    dist = settings.output_dir
    before = files(dist)
    report = build_catalogue(settings, jobs=1)
    assert report.written == [] and report.leaflets_read == []
    assert f"{SLUG}/archive/1.0/cy/index.html" in report.reused
    assert files(dist) == before


def test_an_archive_edit_rebuilds_only_what_it_changes(archived: Path) -> None:
    settings = load_settings(archived)
    kept = archived / "archive" / SLUG / "1.0" / "cy.po"
    kept.write_text(kept.read_text(encoding="utf-8").replace("Pigiad i'r cymal sacroiliac",
                                                             "Pigiad i gymal sacroiliac"), encoding="utf-8")
    report = build_catalogue(settings, jobs=1)
    assert report.written == [f"{SLUG}/archive/1.0/cy/index.html"]
    assert "Pigiad i gymal sacroiliac" in (settings.output_dir / SLUG / "archive" / "1.0" / "cy" / "index.html"
                                           ).read_text(encoding="utf-8")


def test_a_removed_version_loses_its_outputs(archived: Path) -> None:
    settings = load_settings(archived)
    dist = settings.output_dir
    shutil.rmtree(archived / "archive" / SLUG / "1.0")
    report = build_catalogue(settings, jobs=1)
    assert not (dist / SLUG / "archive").exists()
    assert f"{SLUG}/archive/1.0/en-GB/index.html" in report.removed and f"{SLUG}/archive/index.html" in report.removed
    assert page(dist / SLUG / "en-GB" / "index.html").find(".//p[@class='archive-link']") is None
    assert (dist / SLUG / "cy" / "index.html").is_file()


def test_a_partial_build_leaves_the_archive_to_the_full_build(archived: Path) -> None:
    settings = load_settings(archived)
    old = settings.output_dir / SLUG / "archive" / "1.0" / "cy" / "index.html"
    old.unlink()
    build_catalogue(settings, Selection(formats=frozenset({"pdf"})), jobs=1)
    assert not old.exists()
    build_catalogue(settings, Selection(locales=frozenset({"cy"}), formats=frozenset({"html"})), jobs=1)
    assert old.is_file()


def test_an_unusable_archived_po_file_stops_only_its_old_edition(archived: Path) -> None:
    kept = archived / "archive" / SLUG / "1.0" / "cy.po"
    kept.write_text(kept.read_text(encoding="utf-8") + 'msgid "broken\n', encoding="utf-8")
    (archived / "dist" / SLUG / "archive" / "1.0" / "cy" / "index.html").unlink()
    (archived / "dist" / SLUG / "archive" / "1.0" / "pl" / "index.html").unlink()
    code, _out, err = run_cli(archived, "build", "--jobs", "1", "--quiet")
    assert code == 2
    assert f"archive/{SLUG}/1.0/cy.po:" in err and "skipped " + f"{SLUG}/archive/1.0/cy" in err
    dist = archived / "dist" / SLUG
    assert (dist / "archive" / "1.0" / "pl" / "index.html").is_file()  # the rest is built
    assert not (dist / "archive" / "1.0" / "cy" / "index.html").exists()
    again = build_catalogue(load_settings(archived), jobs=1)
    assert again.leaflets_read == [SLUG] and again.problems  # said again on every build until it is fixed


def test_a_broken_archived_source_stops_only_its_version(archived: Path) -> None:
    kept = archived / "archive" / SLUG / "1.0" / "source.md"
    kept.write_text(kept.read_text(encoding="utf-8").replace("published: 2026-11-01", "published: 2026-13-01"),
                    encoding="utf-8")
    (archived / "dist" / SLUG / "en-GB" / "index.html").unlink()
    code, _out, err = run_cli(archived, "build", "--jobs", "1", "--quiet")
    assert code == 2
    assert f"archive/{SLUG}/1.0/source.md:7:" in err
    assert (archived / "dist" / SLUG / "en-GB" / "index.html").is_file()  # the current version is built


def test_a_kept_version_that_does_not_match_its_folder_is_refused(archived: Path) -> None:
    folder = archived / "archive" / SLUG
    (folder / "1.0").rename(folder / "0.9")
    code, _out, err = run_cli(archived, "build", "--jobs", "1", "--quiet")
    assert code == 2
    assert f"archive/{SLUG}/0.9/source.md:6:1: the archived version is '1.0', but it is kept as '0.9'" in err


def test_an_old_version_shows_its_own_pictures(project_copy: Path) -> None:
    from io import BytesIO

    from PIL import Image

    def png(colour: str) -> bytes:
        out = BytesIO()
        Image.new("RGB", (8, 8), colour).save(out, "PNG")
        return out.getvalue()

    pictures = project_copy / "source" / "pictures"
    pictures.mkdir()
    (pictures / "joint.png").write_bytes(png("red"))
    text = source(project_copy).read_text(encoding="utf-8")
    picture = "one on each side.\n\n![The joint](pictures/joint.png)\n"
    source(project_copy).write_text(text.replace("one on each side.\n", picture, 1), encoding="utf-8")
    code, _out, err = run_cli(project_copy, "archive", SLUG)
    assert code == 0, err
    assert (project_copy / "archive" / SLUG / "1.0" / "pictures" / "joint.png").read_bytes() == png("red")
    (pictures / "joint.png").write_bytes(png("blue"))
    text = source(project_copy).read_text(encoding="utf-8")
    source(project_copy).write_text(text.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    code, _out, err = run_cli(project_copy, "build", "--jobs", "1", "--quiet", "--locale", "en-GB")
    assert code == 0, err
    dist = project_copy / "dist" / SLUG
    old = dist / "archive" / "1.0" / "en-GB" / "index.html"
    now = dist / "en-GB" / "index.html"
    old_src = page(old).find(".//figure/img").get("src")
    assert target(old, old_src).read_bytes() == png("red")
    assert target(now, page(now).find(".//figure/img").get("src")).read_bytes() == png("blue")


def test_the_archive_folder_must_be_a_folder_of_its_own(project_copy: Path) -> None:
    pyproject = project_copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    for value in ("dist/archive", "locales", ""):
        pyproject.write_text(text.replace('output_dir = "dist"', f'output_dir = "dist"\narchive_dir = "{value}"'),
                             encoding="utf-8")
        with pytest.raises(InputError) as info:
            load_settings(project_copy)
        assert "'tool.leaflets.archive_dir'" in str(info.value), value
