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

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import model as m
from pipeline.anchors import slugify
from pipeline.atomic import write_atomic, write_text_atomic
from pipeline.frontmatter import FILLABLE_KEYS, PLACEHOLDER, UNSET_DATE
from pipeline.inputs import read_input
from pipeline.markdown_writer import write_leaflet
from pipeline.parallel import process_map
from pipeline.problems import InputError, Problem, shown_path
from pipeline.reader import parse_leaflet
from pipeline.readers import INPUT_KINDS, read_document
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
    findings: list[str] = field(default_factory=list)  # the gate on the imported text: the to-do list
    errors: int = 0
    warnings: int = 0

    def as_json(self) -> dict[str, object]:
        """The report as plain data for ``--format json``."""
        return {"source": self.source, "id": self.leaflet_id, "written": self.written, "mapped": self.mapped,
                "notes": self.notes, "to_fill": self.to_fill, "problems": self.problems,
                "gate": {"errors": self.errors, "warnings": self.warnings, "findings": self.findings}}


def _read(job: tuple[str, str]) -> Imported | list[str]:
    """Read one document (in a worker): the imported document, or the problems that stopped it."""
    path, shown = Path(job[0]), job[1]
    try:
        return read_document(path, shown, read_input(path, shown, INPUT_KINDS.get(path.suffix.lower(), "source")))
    except InputError as exc:
        return [str(p) for p in exc.problems]
    except Exception as exc:
        return [f"{shown}:1:1: this file could not be imported ({type(exc).__name__}: {str(exc)[:80]}); "
                "please report it with the file"]


def _leaflet(imported: Imported, slug: str, locale: str) -> tuple[m.Leaflet, list[str]]:
    """The imported document as a draft leaflet, and the front-matter keys the author must fill in.

    Nothing is invented: a date, version or contact the document does not give stays 'TO FILL IN',
    which ``leaflets format`` accepts and ``validate``, ``check`` and ``build`` refuse, naming the line.
    """
    found = {key: imported.meta.get(key, "").strip() for key in FILLABLE_KEYS}
    if imported.title:
        found["title"] = imported.title
    if imported.contact:
        found["contact"] = m.plain_text(imported.contact)
    to_fill = [key for key in FILLABLE_KEYS if not found[key]]

    def date(key: str) -> dt.date:
        return dt.date.fromisoformat(found[key]) if found[key] else UNSET_DATE

    meta = m.Metadata(
        slug=slug, title=found["title"] or PLACEHOLDER, summary=found["summary"] or PLACEHOLDER,
        organisation=found["organisation"] or PLACEHOLDER, version=found["version"] or PLACEHOLDER,
        published=date("published"), review_due=date("review_due"),
        contact=imported.contact or (m.Text(found["contact"] or PLACEHOLDER),), locale=locale,
        to_fill=tuple(to_fill),
    )
    return m.Leaflet(meta=meta, sections=imported.sections), to_fill


def import_documents(settings: Settings, sources: list[Path], leaflet_id: str | None = None,
                     locale: str | None = None, force: bool = False, jobs: int | None = None,
                     progress: Callable[[int, int], None] | None = None) -> list[FileReport]:
    """Import ``sources`` into the project's source folder; one report per file, in order.

    ``progress(done, total)`` is called as each file is finished.
    """
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
        if progress is not None:
            progress(len(reports), len(sources))
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
        folder = f"pictures/{slug}"
        leaflet = dataclasses.replace(leaflet, sections=_rehome(leaflet.sections, folder))
        text = write_leaflet(leaflet)
        target = source_dir / f"{slug}.md"
        try:
            again = parse_leaflet(text, shown_path(target, settings.root), draft=True)
        except InputError as exc:
            report.problems.extend(f"{name}: the imported text does not read back ({p.message})" for p in exc.problems)
            continue
        if write_leaflet(again) != text:
            report.problems.append(f"{name}: the imported text is not in canonical form; nothing written")
            continue
        for name, data in sorted(result.images.items()):
            # each picture whole (temporary file, then rename) before the leaflet that names it
            write_atomic(source_dir / folder / name, data)
        write_text_atomic(target, text)
        report.leaflet_id, report.written = slug, f"{source_dir.name}/{slug}.md"
        report.mapped, report.notes, report.to_fill = result.mapped, report.notes + result.notes, to_fill
        _gate(settings, again, report)
    return reports


def _gate(settings: Settings, leaflet: m.Leaflet, report: FileReport) -> None:
    """The check gate's findings on the imported text, for the report."""
    from pipeline.check.gate import check_draft

    try:
        result = check_draft(settings, leaflet)
    except InputError as exc:
        report.notes.extend(f"the gate could not check it: {p.message}" for p in exc.problems)
        return
    # the placeholders are on the to-fill list already; the gate's word on them ("capitals") is noise
    result.findings = [f for f in result.findings if f.text.strip() != PLACEHOLDER]
    for finding in result.findings:
        report.findings.append(f"{finding.path}:{finding.line}:{finding.col}: {finding.severity}: "
                               f"{finding.message} [{finding.rule}]")
    report.errors = sum(1 for f in result.findings if f.severity == "error")
    report.warnings = sum(1 for f in result.findings if f.severity == "warning")


def _rehome(sections: tuple[m.Section, ...], folder: str) -> tuple[m.Section, ...]:
    """Pictures the readers name ``pictures/<file>`` moved under the leaflet's own ``folder``."""
    def move(block: m.Block) -> m.Block:
        if isinstance(block, m.Image) and block.picture.ref.startswith("pictures/"):
            name = block.picture.ref.removeprefix("pictures/")
            return dataclasses.replace(block, picture=dataclasses.replace(block.picture, ref=f"{folder}/{name}"))
        return block

    return tuple(dataclasses.replace(s, blocks=tuple(move(b) for b in s.blocks)) for s in sections)


def import_report_text(reports: list[FileReport]) -> str:
    """The import report as text: each file's mapping and to-do list, then a summary table."""
    out: list[str] = []
    for r in reports:
        if r.problems:
            out.append(f"{r.source}: not imported (see the problems below)")
            continue
        mapped = ", ".join(f"{n} {kind}" for kind, n in sorted(r.mapped.items()))
        out.append(f"{r.source} -> {r.written}: {mapped}")
        out.extend(f"  note: {note}" for note in r.notes)
        if r.to_fill:
            out.append(f"  to fill in (front matter): {', '.join(r.to_fill)}")
        out.extend(f"  gate: {finding}" for finding in r.findings)
    rows = [("file", "leaflet", "to fill in", "gate errors", "gate warnings", "result")]
    for r in reports:
        rows.append((Path(r.source).name, r.leaflet_id or "-", str(len(r.to_fill)) if not r.problems else "-",
                     str(r.errors) if not r.problems else "-", str(r.warnings) if not r.problems else "-",
                     "failed" if r.problems else "imported"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out.append("")
    out.extend("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
               for row in rows)
    out.append(f"{sum(1 for r in reports if not r.problems)} imported, {sum(1 for r in reports if r.problems)} "
               "failed")
    return "\n".join(out) + "\n"
