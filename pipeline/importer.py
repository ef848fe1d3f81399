"""``leaflets import``: existing documents into canonical source leaflets, with a report.

Each file is read (in worker processes for many files) into the document model by
``pipeline.readers``; the main process then gives it an id that collides with nothing (a ``-2``,
``-3`` suffix, reported), writes it with the Markdown writer (via a temporary file and rename),
and checks that reading what was written gives the same leaflet. A file that fails is reported
and never stops the rest. Front-matter values the document does not hold (dates included: none
is invented) are written as ``TO FILL IN`` and listed in the report; ``leaflets validate`` names
each one until the author fills it in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import model as m
from pipeline.anchors import slugify
from pipeline.atomic import write_text_atomic
from pipeline.frontmatter import FILLABLE_KEYS, PLACEHOLDER, UNSET_DATE
from pipeline.inputs import read_input
from pipeline.markdown_writer import write_leaflet
from pipeline.parallel import process_map
from pipeline.problems import InputError, Problem
from pipeline.reader import parse_leaflet
from pipeline.readers import read_document
from pipeline.readers.draft import Imported
from pipeline.settings import Settings


@dataclass
class FileReport:
    """What happened to one imported file."""

    source: str
    leaflet_id: str = ""
    written: str = ""
    mapped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The report as plain data for ``--format json``."""
        return {"source": self.source, "id": self.leaflet_id, "written": self.written, "mapped": self.mapped,
                "not_mapped": self.notes, "to_fill": self.to_fill, "problems": self.problems}


def _read(job: tuple[str, str]) -> Imported | list[str]:
    """Read one document (in a worker): the imported document, or the problems that stopped it."""
    path, shown = Path(job[0]), job[1]
    try:
        return read_document(path, shown, read_input(path, shown, "source"))
    except InputError as exc:
        return [str(p) for p in exc.problems]


def _leaflet(imported: Imported, slug: str, locale: str) -> tuple[m.Leaflet, list[str]]:
    """The imported document as a draft leaflet, and the front-matter keys the author must fill in.

    Nothing is invented: a date, version or contact the document does not give stays 'TO FILL IN',
    which ``leaflets format`` accepts and ``validate``, ``check`` and ``build`` refuse, naming the line.
    """
    found = {key: imported.meta.get(key, "").strip() for key in FILLABLE_KEYS}
    if imported.title:
        found["title"] = imported.title
    to_fill = [key for key in FILLABLE_KEYS if not found[key]]

    def date(key: str) -> dt.date:
        return dt.date.fromisoformat(found[key]) if found[key] else UNSET_DATE

    meta = m.Metadata(
        slug=slug, title=found["title"] or PLACEHOLDER, summary=found["summary"] or PLACEHOLDER,
        organisation=found["organisation"] or PLACEHOLDER, version=found["version"] or PLACEHOLDER,
        published=date("published"), review_due=date("review_due"),
        contact=(m.Text(found["contact"] or PLACEHOLDER),), locale=locale, to_fill=tuple(to_fill),
    )
    return m.Leaflet(meta=meta, sections=imported.sections), to_fill


def import_documents(settings: Settings, sources: list[Path], leaflet_id: str | None = None,
                     locale: str | None = None, force: bool = False, jobs: int | None = None) -> list[FileReport]:
    """Import ``sources`` into the project's source folder; one report per file, in order."""
    if leaflet_id is not None and len(sources) != 1:
        raise InputError([Problem("--id", 1, 1, "--id names one leaflet: give it with one SOURCE only")])
    if leaflet_id is not None and slugify(leaflet_id) != leaflet_id:
        raise InputError([Problem("--id", 1, 1, f"'{leaflet_id}' is not an id: use lower-case words joined by "
                                  f"hyphens, like '{slugify(leaflet_id) or 'my-leaflet'}'")])
    source_dir = settings.source_dir
    taken = {p.stem for p in source_dir.glob("*.md")} if source_dir.is_dir() else set()
    shown = [str(p) for p in sources]
    reports: list[FileReport] = []
    for path, name, result in zip(sources, shown, process_map(_read, [(str(p), s) for p, s in zip(sources, shown,
                                                                strict=True)], jobs), strict=True):
        report = FileReport(source=name)
        reports.append(report)
        if isinstance(result, list):
            report.problems = result
            continue
        base = leaflet_id or slugify(result.title or path.stem) or "imported-leaflet"
        slug = base
        if leaflet_id is None or not force:
            number = 2
            while slug in taken or slug == "ui":
                if leaflet_id is not None:
                    report.problems.append(f"{name}: a leaflet with id '{slug}' is already in "
                                           f"{source_dir.name}/: give another --id, or --force to replace it")
                    break
                slug, number = f"{base}-{number}", number + 1
            if report.problems:
                continue
            if slug != base:
                report.notes.append(f"the id '{base}' is taken: this leaflet is '{slug}'")
        taken.add(slug)
        leaflet, to_fill = _leaflet(result, slug, locale or "en-GB")
        if not leaflet.sections:
            report.problems.append(f"{name}: nothing to import (no text left after the page's chrome was removed)")
            continue
        text = write_leaflet(leaflet)
        target = source_dir / f"{slug}.md"
        try:
            again = parse_leaflet(text, str(target), draft=True)
        except InputError as exc:
            report.problems.extend(f"{name}: the imported text does not read back ({p.message})" for p in exc.problems)
            continue
        if write_leaflet(again) != text:
            report.problems.append(f"{name}: the imported text is not in canonical form; nothing written")
            continue
        write_text_atomic(target, text)
        report.leaflet_id, report.written = slug, f"{source_dir.name}/{slug}.md"
        report.mapped, report.notes, report.to_fill = result.mapped, report.notes + result.notes, to_fill
    return reports
