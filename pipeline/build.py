"""The output jobs of a set of editions: every leaflet, every published locale, every format.

Each job is a pure function of its inputs (leaflet, locale, labels) returning bytes. This
module plans them; ``pipeline/incremental.py`` decides which to run and writes them atomically.
A new format slots in as one more job per edition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from pipeline import model as m
from pipeline.atomic import write_atomic
from pipeline.dist_layout import INDEX, PICTURES, STYLESHEET
from pipeline.locale_info import native_name
from pipeline.pictures import picture_bytes, picture_filename
from pipeline.project import Project
from pipeline.ui_strings import english_labels
from pipeline.writers.easy_read import render_easy_read
from pipeline.writers.epub import BookSpec, render_epub
from pipeline.writers.html import PageContext, PageLink, render_page
from pipeline.writers.index import CatalogueEntry, render_index


@dataclass(frozen=True)
class Edition:
    """One leaflet in one published locale."""

    leaflet: m.Leaflet
    locale: str
    labels: dict[str, str]
    fallback: bool = False


@dataclass(frozen=True)
class Job:
    """One output file, the function that makes its bytes, and its kind.

    ``kind`` is one of FORMATS for an edition's outputs, or ``asset`` / ``index`` for shared files.
    """

    path: str
    make: Callable[[], bytes]
    kind: str = "asset"




@dataclass
class BuildReport:
    """What a build wrote, left alone and skipped."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def editions(project: Project) -> tuple[list[Edition], list[tuple[str, str]]]:
    """Every leaflet in every locale that may be published, and the ones skipped with why.

    The source locale of each leaflet is always published; each locale in settings is published
    from its PO files under ``publish_policy`` (see pipeline/po/workflow.py ``translations``).
    """
    from pipeline.po.workflow import translations

    found = [Edition(leaflet, leaflet.meta.locale, english_labels()) for leaflet in project.leaflets]
    translated, skipped = translations(project.settings, project.leaflets)
    found.extend(Edition(t.leaflet, t.locale, t.labels, t.fallback) for t in translated)
    return found, skipped


def edition_dir(slug: str, locale: str) -> str:
    """Folder of one edition inside ``dist/``: ``<slug>/<locale>``."""
    return f"{slug}/{locale}"


@dataclass(frozen=True)
class EditionFiles:
    """The file names of one edition's outputs, relative to its folder (see docs/outputs.md)."""

    slug: str
    locale: str
    easy_read: bool

    @property
    def page(self) -> str:
        """The standard web page."""
        return "index.html"

    @property
    def easy_page(self) -> str:
        """The easy-read web page."""
        return "easy-read.html"

    @property
    def epub(self) -> str:
        """The standard e-book."""
        return f"{self.slug}.{self.locale}.epub"

    @property
    def easy_epub(self) -> str:
        """The easy-read e-book."""
        return f"{self.slug}.{self.locale}.easy-read.epub"


def plan(project: Project) -> tuple[list[Job], list[tuple[str, str]]]:
    """Every output job of the project, and the editions skipped."""
    found, skipped = editions(project)
    return plan_editions(found, project.settings.root), skipped


def plan_editions(found: list[Edition], root: Path) -> list[Job]:
    """The output jobs for these editions (``root``: the project folder, for picture files).

    Per leaflet and published locale: the standard page, the easy-read page, and both as EPUB.
    Shared: the stylesheet, every picture used (``assets/pictures/``) and the catalogue.
    """
    jobs, entries, pictures = edition_jobs(found, root)
    jobs.insert(0, Job(STYLESHEET, _asset("leaflet.css")))
    jobs.extend(pictures[name] for name in sorted(pictures))
    jobs.append(index_job(entries))
    return jobs


def index_job(entries: list[CatalogueEntry]) -> Job:
    """The catalogue page of these published editions."""
    return Job(INDEX, lambda: render_index(entries, STYLESHEET, english_labels()), "index")


def edition_jobs(found: list[Edition], root: Path) -> tuple[list[Job], list[CatalogueEntry], dict[str, Job]]:
    """Each edition's four outputs, its catalogue entries, and the pictures they use (by path)."""
    jobs: list[Job] = []
    pictures: dict[str, Job] = {}
    by_slug: dict[str, list[Edition]] = {}
    for edition in found:
        by_slug.setdefault(edition.leaflet.meta.slug, []).append(edition)
    entries: list[CatalogueEntry] = []
    for slug, group in sorted(by_slug.items()):
        for edition in group:
            leaflet, locale = edition.leaflet, edition.locale
            names = EditionFiles(slug, locale, leaflet.has_easy_read)
            folder = edition_dir(slug, locale)
            others = [PageLink(o.locale, native_name(o.locale), f"../{o.locale}/{names.page}")
                      for o in group if o.locale != locale]
            base = PageContext(locale, edition.labels, "../../" + STYLESHEET, others,
                               fallback_notice=edition.fallback, picture_base=f"../../{PICTURES}/")
            downloads = [PageLink(base.label_locale(key), base.label(key), href) for key, href in (
                ("download_epub", names.epub), ("download_easy_read_epub", names.easy_epub))
                if names.easy_read or key == "download_epub"]
            standard = replace(base, downloads=downloads,
                               variant_link=names.easy_page if names.easy_read else "")
            jobs.append(Job(f"{folder}/{names.page}", _bind(render_page, leaflet, standard), "html"))
            book = BookSpec(leaflet, locale, edition.labels, "standard", edition.fallback)
            jobs.append(Job(f"{folder}/{names.epub}", _bind_epub(book, root), "epub"))
            formats: list[tuple[str, str]] = []
            if names.easy_read:
                easy = replace(base, downloads=downloads, variant_link=names.page, easy_read=True)
                easy_page = _bind(render_easy_read, leaflet, easy)
                jobs.append(Job(f"{folder}/{names.easy_page}", easy_page, "easy-read-html"))
                jobs.append(Job(f"{folder}/{names.easy_epub}", _bind_epub(
                    BookSpec(leaflet, locale, edition.labels, "easy-read", edition.fallback), root), "easy-read-epub"))
                formats.append((base.label("easy_read_version"), f"{folder}/{names.easy_page}"))
            formats.extend((link.name, f"{folder}/{link.href}") for link in downloads)
            for picture in leaflet.pictures():
                name = f"{PICTURES}/{picture_filename(picture, leaflet)}"
                pictures.setdefault(name, Job(name, _bind_picture(picture, leaflet, root)))
            entries.append(CatalogueEntry(slug, leaflet.meta.title, locale, f"{folder}/{names.page}",
                                          tuple(formats)))
    return jobs, entries, pictures


def _bind(render: Callable[[m.Leaflet, PageContext], bytes], leaflet: m.Leaflet,
          ctx: PageContext) -> Callable[[], bytes]:
    return lambda: render(leaflet, ctx)


def _bind_epub(spec: BookSpec, root: Path) -> Callable[[], bytes]:
    return lambda: render_epub(spec, root)


def _bind_picture(picture: m.Picture, leaflet: m.Leaflet, root: Path) -> Callable[[], bytes]:
    return lambda: picture_bytes(picture, leaflet, root)


def _asset(name: str) -> Callable[[], bytes]:
    return lambda: resources.files("pipeline.assets").joinpath(name).read_bytes()


def write_jobs(jobs: list[Job], out: Path) -> BuildReport:
    """Write every job's output under ``out`` atomically (removing nothing: only the catalogue
    build, which keeps a manifest of what it wrote, removes stale outputs)."""
    report = BuildReport()
    for job in jobs:
        target = out / job.path
        if write_atomic(target, job.make()):
            report.written.append(job.path)
        else:
            report.unchanged.append(job.path)
    return report
