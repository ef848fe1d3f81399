"""The build: every leaflet, every published locale, every output format, into ``dist/``.

The build is a list of independent output jobs. Each job is a pure function of its inputs
(leaflet, locale, labels) returning bytes; this module only plans the jobs and writes their
results atomically. New formats slot in as more entries in ``FORMATS``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pipeline import model as m
from pipeline.atomic import write_atomic
from pipeline.locale_info import native_name
from pipeline.project import Project
from pipeline.ui_strings import english_labels
from pipeline.writers.html import PageContext, PageLink, render_page
from pipeline.writers.index import CatalogueEntry, render_index

STYLESHEET = "assets/leaflet.css"


@dataclass(frozen=True)
class Edition:
    """One leaflet in one published locale."""

    leaflet: m.Leaflet
    locale: str
    labels: dict[str, str]
    fallback: bool = False


@dataclass(frozen=True)
class Job:
    """One output file and the function that makes its bytes."""

    path: str
    make: Callable[[], bytes]


@dataclass
class BuildReport:
    """What a build wrote, left alone and skipped."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def editions(project: Project) -> tuple[list[Edition], list[tuple[str, str]]]:
    """Every leaflet in every locale that may be published, and the ones skipped with why."""
    found = [Edition(leaflet, leaflet.meta.locale, english_labels()) for leaflet in project.leaflets]
    return found, []


def edition_dir(slug: str, locale: str) -> str:
    """Folder of one edition inside ``dist/``: ``<slug>/<locale>``."""
    return f"{slug}/{locale}"


def plan(project: Project) -> tuple[list[Job], list[tuple[str, str]]]:
    """Every output job of the project, and the editions skipped."""
    found, skipped = editions(project)
    jobs: list[Job] = [Job(STYLESHEET, _asset("leaflet.css"))]
    by_slug: dict[str, list[Edition]] = {}
    for edition in found:
        by_slug.setdefault(edition.leaflet.meta.slug, []).append(edition)
    for slug, group in sorted(by_slug.items()):
        for edition in group:
            folder = edition_dir(slug, edition.locale)
            others = [PageLink(o.locale, native_name(o.locale), f"../{o.locale}/index.html")
                      for o in group if o.locale != edition.locale]
            ctx = PageContext(edition.locale, edition.labels, "../../" + STYLESHEET, others,
                              fallback_notice=edition.fallback)
            jobs.append(Job(f"{folder}/index.html", _bind(render_page, edition.leaflet, ctx)))
    entries = [CatalogueEntry(e.leaflet.meta.slug, e.leaflet.meta.title, e.locale,
                              f"{edition_dir(e.leaflet.meta.slug, e.locale)}/index.html") for e in found]
    jobs.append(Job("index.html", lambda: render_index(entries, STYLESHEET, english_labels())))
    return jobs, skipped


def _bind(render: Callable[[m.Leaflet, PageContext], bytes], leaflet: m.Leaflet,
          ctx: PageContext) -> Callable[[], bytes]:
    return lambda: render(leaflet, ctx)


def _asset(name: str) -> Callable[[], bytes]:
    return lambda: resources.files("pipeline.assets").joinpath(name).read_bytes()


def build(project: Project) -> BuildReport:
    """Write every output into the output folder; files whose bytes are unchanged are not touched."""
    out = project.settings.output_dir
    jobs, skipped = plan(project)
    report = BuildReport(skipped=skipped)
    for job in jobs:
        target = out / job.path
        if write_atomic(target, job.make()):
            report.written.append(job.path)
        else:
            report.unchanged.append(job.path)
    _remove_stale(out, {job.path for job in jobs})
    return report


def _remove_stale(out: Path, keep: set[str]) -> None:
    """Remove outputs of leaflets or locales that no longer exist (only files the build owns)."""
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in keep and path.suffix in (".html", ".epub", ".css", ".svg"):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            os.rmdir(path)
