"""The output jobs of a set of editions: every leaflet, every published locale, every format.

Each job is a pure function of its inputs (leaflet, locale, labels) returning bytes. This
module plans them; ``pipeline/incremental.py`` decides which to run and writes them atomically.
A new format slots in as one more job per edition.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.access_formats import AccessSettings, Planned, plan_access
from pipeline.atomic import write_atomic
from pipeline.dist_layout import FORMATS, INDEX, PICTURES, STYLESHEET
from pipeline.locale_info import bcp47, direction, native_name
from pipeline.pictures import picture_bytes, picture_filename
from pipeline.problems import InputError
from pipeline.project import Project
from pipeline.settings import Settings
from pipeline.ui_strings import english_labels
from pipeline.writers.easy_read import render_easy_read
from pipeline.writers.epub import BookSpec, render_epub
from pipeline.writers.html import PageContext, PageLink, missing_labels, render_page
from pipeline.writers.index import CatalogueEntry, render_index
from pipeline.writers.pdf import PrintSettings, PrintSpec, render_pdf
from pipeline.writers.provenance import Provenance


@dataclass(frozen=True)
class Edition:
    """One leaflet in one published locale."""

    leaflet: m.Leaflet
    locale: str
    labels: dict[str, str]
    fallback: bool = False
    source_locale: str = ""
    demonstration: bool = False
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def latin_lang(self) -> str:
        """The language of Latin-script runs in a right-to-left page: the source's when it is Latin, else English."""
        source = self.source_locale or self.leaflet.meta.locale
        return source if direction(source) == "ltr" else "en"


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

    The source locale of each leaflet is always published, with the interface words of its own
    language; each locale in settings is published from its PO files under ``publish_policy``
    (see pipeline/po/workflow.py ``translations``).
    """
    from pipeline.po.workflow import translations

    found, skipped = published_editions(project.settings, project.leaflets, translations)
    return found, skipped


def published_editions(settings: Settings, leaflets: tuple[m.Leaflet, ...],
                       translate: Callable[[Settings, tuple[m.Leaflet, ...]], tuple[list[Any], list[tuple[str, str]]]]
                       ) -> tuple[list[Edition], list[tuple[str, str]]]:
    """The source editions (in their own language's interface words) and the translations ``translate`` allows."""
    sources = {leaflet.meta.slug: leaflet.meta.locale for leaflet in leaflets}
    shown = Provenance(None, bool(settings.get("governance.show_approver")),
                       bool(settings.get("governance.show_evidence")))
    found = [Edition(leaflet, leaflet.meta.locale, source_labels(settings, leaflet.meta.locale),
                     source_locale=leaflet.meta.locale, provenance=shown) for leaflet in leaflets]
    translated, skipped = translate(settings, leaflets)
    found.extend(Edition(t.leaflet, t.locale, t.labels, t.fallback, sources[t.leaflet.meta.slug],
                         settings.demonstration_translations,
                         replace(shown, translation_checked=getattr(t, "checked", None))) for t in translated)
    return found, skipped


def source_labels(settings: Settings, locale: str) -> dict[str, str]:
    """The interface words of a leaflet's own language: English, or its ``ui.po`` (English where it lacks one)."""
    if bcp47(locale).lower().startswith("en"):
        return english_labels()
    from pipeline.po.workflow import ui_labels

    return ui_labels(settings, locale)


# interface words only a leaflet with archived versions shows (`leaflets archive`)
ARCHIVE_LABELS = frozenset({"archived_notice", "current_version_link", "archive_title"})


def label_notes(found: list[Edition], settings: Settings, also_shown: Iterable[str] = ()) -> list[tuple[str, str]]:
    """One message per locale whose interface words are partly English, naming the file to translate.

    ``also_shown``: optional words these editions' leaflets show besides their own (the archive's).
    """
    from pipeline.po.layout import po_path
    from pipeline.po.templates import UI_DOMAIN
    from pipeline.po.workflow import shown
    from pipeline.writers.provenance import OPTIONAL_LABELS, labels_used

    notes: list[tuple[str, str]] = []
    used: dict[str, set[str]] = {}
    also_shown = frozenset(also_shown)
    for edition in found:  # an optional word counts only where some edition shows it
        used.setdefault(edition.locale, set()).update(labels_used(edition.leaflet.meta, edition.provenance),
                                                      also_shown)
    seen: set[str] = set()
    for edition in found:
        if edition.locale in seen:
            continue
        seen.add(edition.locale)
        missing = [key for key in missing_labels(edition.labels, edition.locale)
                   if key not in OPTIONAL_LABELS | ARCHIVE_LABELS or key in used[edition.locale]]
        if missing:
            path = shown(settings, po_path(settings, edition.locale, UI_DOMAIN))
            notes.append((edition.locale, f"{len(missing)} interface word(s) not translated in {path} "
                          f"({', '.join(missing[:6])}{', ...' if len(missing) > 6 else ''}): shown in English, "
                          f"marked lang=\"en\"; translate them (leaflets update, then edit {path})"))
    return notes


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

    @property
    def pdf(self) -> str:
        """The printable leaflet (clear print)."""
        return f"{self.slug}.{self.locale}.pdf"

    @property
    def large_pdf(self) -> str:
        """The large-print leaflet."""
        return f"{self.slug}.{self.locale}.large-print.pdf"

    @property
    def easy_pdf(self) -> str:
        """The easy-read leaflet to print."""
        return f"{self.slug}.{self.locale}.easy-read.pdf"


def plan(project: Project) -> tuple[list[Job], list[tuple[str, str]]]:
    """Every output job of the project, and the editions skipped."""
    found, skipped = editions(project)
    return plan_editions(found, project.settings.root, PrintSettings.of(project.settings.values)), skipped


def plan_editions(found: list[Edition], root: Path, paper: PrintSettings | None = None) -> list[Job]:
    """The output jobs for these editions (``root``: the project folder, for picture files).

    Per leaflet and published locale: the standard page, the easy-read page, and both as EPUB.
    Shared: the stylesheet, every picture used (``assets/pictures/``) and the catalogue.
    """
    jobs, entries, pictures = edition_jobs(found, root, paper)
    makers = {job.path: job.make for job in jobs}
    jobs.insert(0, Job(STYLESHEET, _asset("leaflet.css")))
    jobs.extend(pictures[name] for name in sorted(pictures))
    jobs.append(index_job(entries, lambda path: made_size(makers[path]) if path in makers else None))
    return jobs


def index_job(entries: list[CatalogueEntry], size_of: Callable[[str], int | None] | None = None) -> Job:
    """The catalogue page of these published editions; ``size_of`` gives a download's size in
    bytes by its path in the output folder (None: not known, no size shown)."""
    def page() -> bytes:
        sized = with_sizes(entries, size_of) if size_of else entries
        return render_index(sized, STYLESHEET, english_labels())

    return Job(INDEX, page, "index")


def with_sizes(entries: list[CatalogueEntry], size_of: Callable[[str], int | None]) -> list[CatalogueEntry]:
    """The entries with each download's file size, written the entry's locale's way."""
    out = []
    for entry in entries:
        formats = []
        for text, href, size in entry.formats:
            known = size_of(href) if not href.endswith(".html") else None
            formats.append((text, href, file_size(known, entry.locale) if known is not None else size))
        out.append(replace(entry, formats=tuple(formats)))
    return out


# each download link on a page, and the format that makes its file
DOWNLOAD_KINDS = {"download_epub": "epub", "download_easy_read_epub": "easy-read-epub", "download_pdf": "pdf",
                  "download_large_print_pdf": "large-print-pdf", "download_easy_read_pdf": "easy-read-pdf"}


def edition_context(edition: Edition, group: list[Edition], up: str = "../../") -> PageContext:
    """The page context of an edition's web pages: its words, notices and language switcher to the
    other editions of ``group`` (its leaflet's, in the same folder); ``up`` leads from the
    edition's folder to the top of the output folder (the stylesheet and pictures)."""
    translated = bool(edition.source_locale) and edition.locale != edition.source_locale
    page = EditionFiles(edition.leaflet.meta.slug, edition.locale, edition.leaflet.has_easy_read).page
    others = [PageLink(o.locale, native_name(o.locale), f"../{o.locale}/{page}")
              for o in group if o.locale != edition.locale]
    return PageContext(edition.locale, edition.labels, up + STYLESHEET, others,
                       fallback_notice=edition.fallback, picture_base=f"{up}{PICTURES}/",
                       latin_lang=edition.latin_lang, demonstration_notice=edition.demonstration,
                       sort_glossary=translated, provenance=edition.provenance)


def edition_jobs(found: list[Edition], root: Path, paper: PrintSettings | None = None,
                 known_size: Callable[[str], int | None] | None = None,
                 archived: frozenset[str] = frozenset(),
                 access: AccessSettings | None = None,
                 notes: list[tuple[str, str]] | None = None, measure: bool = True,
                 ) -> tuple[list[Job], list[CatalogueEntry], dict[str, Job]]:
    """Each edition's outputs (web pages, e-books, printed leaflets), its catalogue entries, and
    the pictures they use (by path).

    ``known_size`` gives the size of a download that is already up to date in the output folder
    (by its path there), so a page can show it without the download being made again.
    ``archived``: the leaflets with archived versions, whose standard pages link their list.
    ``access``: the formats the project builds, with the braille and audio settings (None: the web
    pages, e-books and printed leaflets only); what it cannot make is added to ``notes``.
    ``measure``: make a download whose size is not known to show its size (off for a preview).
    """
    paper = paper or PrintSettings()
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
            translated = bool(edition.source_locale) and edition.locale != edition.source_locale
            # the easy-read page switches to the other languages' easy-read pages (their standard
            # page only where that language has no easy read)
            easy_others = [PageLink(o.locale, native_name(o.locale), f"../{o.locale}/"
                                    + (names.easy_page if o.leaflet.has_easy_read else names.page))
                           for o in group if o.locale != locale]
            base = edition_context(edition, group)
            print_notice = base.label("demonstration_notice") if edition.demonstration else (
                base.label("fallback_notice") if edition.fallback else "")
            wanted = access.wants if access is not None else (lambda kind: True)
            downloads = [PageLink(base.label_locale(key), base.label(key), href) for key, href in (
                ("download_epub", names.epub), ("download_easy_read_epub", names.easy_epub),
                ("download_pdf", names.pdf), ("download_large_print_pdf", names.large_pdf),
                ("download_easy_read_pdf", names.easy_pdf))
                if (names.easy_read or "easy_read" not in key) and wanted(DOWNLOAD_KINDS[key])]
            extra = plan_access(leaflet, locale, edition.labels, access, root, [print_notice] if print_notice else [],
                                translated, slug, next((o.leaflet for o in group if o.locale == o.source_locale),
                                                       None), edition.demonstration, edition.fallback) \
                if access is not None else Planned()
            if notes is not None:
                notes.extend((f"{folder}", note) for note in extra.notes)
            downloads += [PageLink(base.label_locale(key), base.label(key), name) for key, name in extra.downloads]
            standard = replace(base, downloads=downloads,
                               variant_link=names.easy_page if names.easy_read else "",
                               archive_link="../archive/index.html" if slug in archived else "")
            book = BookSpec(leaflet, locale, edition.labels, "standard", edition.fallback, edition.demonstration,
                            edition.latin_lang, translated, edition.provenance)
            made: dict[str, Callable[[], bytes]] = {}  # each download made once: its page shows its size
            sized = _Sizes(made, folder, known_size, measure)
            jobs.append(Job(f"{folder}/{names.page}", _bind_sized(render_page, leaflet, standard, sized, locale),
                            "html"))
            made[names.epub] = _once(_bind_epub(book, root))
            jobs.append(Job(f"{folder}/{names.epub}", made[names.epub], "epub"))
            for name, make, kind in extra.jobs:
                made[name] = _once(make)
                jobs.append(Job(f"{folder}/{name}", made[name], kind))
            online = _online(paper, folder, names)
            printed = PrintSpec(leaflet, locale, edition.labels, "standard", paper, print_notice,
                                tuple((base.label(k), a) for k, a in online), edition.provenance)
            made[names.pdf] = _once(_bind_pdf(printed, root))
            made[names.large_pdf] = _once(_bind_pdf(replace(printed, variant="large-print"), root))
            jobs.append(Job(f"{folder}/{names.pdf}", made[names.pdf], "pdf"))
            jobs.append(Job(f"{folder}/{names.large_pdf}", made[names.large_pdf], "large-print-pdf"))
            formats: list[tuple[str, str, str]] = []
            if names.easy_read:
                easy = replace(base, other_languages=easy_others, downloads=downloads, variant_link=names.page,
                               easy_read=True)
                easy_page = _bind_sized(render_easy_read, leaflet, easy, sized, locale)
                jobs.append(Job(f"{folder}/{names.easy_page}", easy_page, "easy-read-html"))
                made[names.easy_epub] = _once(_bind_epub(replace(book, variant="easy-read"), root))
                made[names.easy_pdf] = _once(_bind_pdf(replace(printed, variant="easy-read"), root))
                jobs.append(Job(f"{folder}/{names.easy_epub}", made[names.easy_epub], "easy-read-epub"))
                jobs.append(Job(f"{folder}/{names.easy_pdf}", made[names.easy_pdf], "easy-read-pdf"))
                formats.append((base.label("easy_read_version"), f"{folder}/{names.easy_page}", ""))
            formats.extend((link.name, f"{folder}/{link.href}", "") for link in downloads)
            for picture in leaflet.pictures():
                name = f"{PICTURES}/{picture_filename(picture, leaflet)}"
                pictures.setdefault(name, Job(name, _bind_picture(picture, leaflet, root)))
            notice = base.label("demonstration_notice") if edition.demonstration else ""
            entries.append(CatalogueEntry(slug, leaflet.meta.title, locale, f"{folder}/{names.page}",
                                          tuple(formats), leaflet.meta.summary, notice,
                                          base.label_locale("demonstration_notice"), edition.latin_lang))
    if access is not None:  # the formats the project does not build are not planned at all
        jobs = [job for job in jobs if job.kind not in FORMATS or access.wants(job.kind)]
    return jobs, entries, pictures


def _bind(render: Callable[[m.Leaflet, PageContext], bytes], leaflet: m.Leaflet,
          ctx: PageContext) -> Callable[[], bytes]:
    return lambda: render(leaflet, ctx)


def _once(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """``make``, run at most once (a page asks for its downloads' sizes, then they are written)."""
    return functools.cache(make)


@dataclass(frozen=True)
class _Sizes:
    """The sizes of one edition's downloads: read from the output folder when a download there is
    up to date, else measured by making it (once: it is then written from the same bytes)."""

    made: dict[str, Callable[[], bytes]]
    folder: str
    known: Callable[[str], int | None] | None
    measure: bool = True  # make a download whose size is not known (a preview shows none instead)

    def __call__(self, href: str) -> int | None:
        if href not in self.made:
            return None
        size = self.known(f"{self.folder}/{href}") if self.known else None
        if size is None and self.measure:
            size = made_size(self.made[href])
        return size


def made_size(make: Callable[[], bytes]) -> int | None:
    """The size of what ``make`` makes; None if it cannot be made (its own job says why)."""
    try:
        return len(make())
    except InputError:
        return None


def _bind_sized(render: Callable[[m.Leaflet, PageContext], bytes], leaflet: m.Leaflet, ctx: PageContext,
                sizes: _Sizes, locale: str) -> Callable[[], bytes]:
    """A page whose download links show each file's size, made when the page is."""
    def page() -> bytes:
        links = []
        for link in ctx.downloads:
            size = sizes(link.href)
            links.append(replace(link, size=file_size(size, locale)) if size is not None else link)
        return render(leaflet, replace(ctx, downloads=links))

    return page


def file_size(size: int, locale: str) -> str:
    """A file size as the locale writes it: ``96 kB``, ``1.2 MB``."""
    from babel.units import format_unit

    from pipeline.locale_info import babel_locale

    where = babel_locale(locale)
    if size < 1000 * 1000:
        return str(format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=where))
    return str(format_unit(round(size / 1000 / 1000, 1), "digital-megabyte", length="short", locale=where,
                           format="#,##0.#"))


def _bind_epub(spec: BookSpec, root: Path) -> Callable[[], bytes]:
    return lambda: render_epub(spec, root)


def _online(paper: PrintSettings, folder: str, names: EditionFiles) -> list[tuple[str, str]]:
    """The addresses a printed edition gives for its online versions (with ``site_url`` set)."""
    if not paper.site_url:
        return []
    site = paper.site_url.rstrip("/") + "/"
    found = [("online_version", f"{site}{folder}/"), ("languages", f"{site}{names.slug}/")]
    if names.easy_read:
        found.append(("easy_read_version", f"{site}{folder}/{names.easy_page}"))
    return found


def _bind_pdf(spec: PrintSpec, root: Path) -> Callable[[], bytes]:
    return lambda: render_pdf(spec, root)


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
