"""Every published version of a leaflet kept, and published again as an old version.

``leaflets archive ID`` keeps the leaflet as it is now in the project's archive folder
(``archive_dir``, committed with the project), one folder per version::

    archive/<id>/<version>/source.md              the source leaflet, byte for byte
    archive/<id>/<version>/<locale>.po            each locale's translation of it
    archive/<id>/<version>/<locale>.review.toml   the review record beside it, if there is one
    archive/<id>/<version>/<picture path>         the leaflet's own picture files (not concepts)

An archived version never changes: archiving a changed text under a version already kept is
refused (give the changed text a new version). The translations of a kept version may be kept
again (a translation finished after the version was first archived). A new version folder is
written whole in a temporary folder and renamed into place, so a killed command leaves no half
version.

``leaflets build`` publishes every kept version other than the current one as the standard web
page of each locale that version would have published (``dist/<id>/archive/<version>/<locale>/``)
under the project's ``publish_policy``, with a notice that it is an old version and a link to
the current one, and a list of the versions (``dist/<id>/archive/index.html``).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.atomic import TEMPORARY, write_atomic
from pipeline.inputs import exists, read_input
from pipeline.problems import InputError, Problem, shown_path, suggest
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline import model as m
    from pipeline.build import Edition, Job
    from pipeline.writers.html import PageContext

SOURCE = "source.md"
INDEX = "index.html"
# a version names a folder: letters, digits and . _ + - only, starting with a letter or digit
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]{0,63}")


def version_problem(version: str) -> str:
    """Why ``version`` cannot name an archive folder ("" if it can)."""
    if _VERSION.fullmatch(version) and not version.endswith(".") and version.lower() != INDEX:
        return ""
    return (f"the version {version[:70]!r} cannot name an archive folder: write it with letters, digits, dots, "
            "hyphens, underscores and plus signs only, starting with a letter or digit (at most 64), such as "
            "\"1.2\"")


def archive_folder(settings: Settings, slug: str) -> Path:
    """``archive/<id>``: the kept versions of one leaflet."""
    return settings.archive_dir / slug


def version_folders(settings: Settings, slug: str) -> list[tuple[str, Path]]:
    """Each kept version of a leaflet (folder name, folder), sorted by name; hidden and temporary
    folders are not versions. Cheap: one directory listing (the no-op build calls it)."""
    try:
        entries = list(os.scandir(archive_folder(settings, slug)))
    except OSError:
        return []
    return sorted((entry.name, Path(entry.path)) for entry in entries
                  if not entry.name.startswith(".") and entry.is_dir())


def version_files(folder: Path) -> list[Path]:
    """Every file of a kept version, sorted (temporary files of a running or killed writer left out)."""
    found: list[Path] = []
    for where, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(where) / name for name in names if not TEMPORARY.match(name))
    return sorted(found)


# --- leaflets archive ---------------------------------------------------------------------


@dataclass
class ArchiveOutcome:
    """What ``leaflets archive`` kept: the version, its folder, the files written and those already kept."""

    slug: str
    version: str
    folder: str
    created: bool = False
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def archive_leaflet(settings: Settings, slug: str) -> ArchiveOutcome:
    """Keep leaflet ``slug`` as it is now (source, translations, review records, own pictures) in
    ``archive/<id>/<version>/``; InputError (nothing written) if it cannot be kept."""
    from pipeline.project import check_sources

    path = settings.source_dir / f"{slug}.md"
    names = sorted(p.stem for p in settings.source_files())
    if slug not in names:  # an id names a file in source_dir, never a path
        raise InputError([Problem("ID", 0, 0, f"no leaflet '{slug}' in {settings.source_dir.name}/."
                                  f"{suggest(slug, names)}")])
    leaflets, problems = check_sources(settings, [path])  # the build's reader: a broken leaflet is refused
    if problems:
        raise InputError(problems)
    leaflet = leaflets[0]
    version = leaflet.meta.version
    source_name = shown_path(path, settings.root)
    source = read_input(path, source_name, "source")
    why = version_problem(version)
    if why:
        raise InputError([Problem(source_name, _version_line(source), 1, why)])
    files = {SOURCE: source, **_picture_files(settings, leaflet, path), **_translation_files(settings, slug)}
    parent = archive_folder(settings, slug)
    folder = parent / version
    shown = shown_path(folder, settings.root)
    outcome = ArchiveOutcome(slug, version, shown)
    if not exists(folder):
        _create_version(parent, version, files)
        outcome.created = True
        outcome.written = [f"{shown}/{name}" for name in sorted(files)]
        return outcome
    _refuse_changed(settings, leaflet, source_name, source, folder, files)
    for name, data in sorted(files.items()):
        (outcome.written if write_atomic(folder / name, data) else outcome.unchanged).append(f"{shown}/{name}")
    return outcome


def _version_line(source: bytes) -> int:
    for number, line in enumerate(source.decode("utf-8", "replace").splitlines(), start=1):
        if line.startswith("version:"):
            return number
    return 1


def _picture_files(settings: Settings, leaflet: m.Leaflet, path: Path) -> dict[str, bytes]:
    """The leaflet's own picture files, by their path beside the source (kept with the version,
    so an old version shows its own pictures)."""
    found: dict[str, bytes] = {}
    for picture in leaflet.pictures():
        if picture.is_concept:
            continue
        parts = Path(picture.ref).parts
        if Path(picture.ref).is_absolute() or ".." in parts or "\\" in picture.ref or not parts \
                or parts[0].startswith("."):
            raise InputError([Problem(leaflet.path, picture.line, 1, f"picture '{picture.ref}' is not in the "
                                      "leaflet's folder or one below it, so it cannot be archived with it: move it "
                                      "beside the leaflet (such as pictures/name.png)")])
        file = path.parent / picture.ref
        found["/".join(parts)] = read_input(file, shown_path(file, settings.root), "picture")
    return found


def _translation_files(settings: Settings, slug: str) -> dict[str, bytes]:
    """Each locale's PO file of the leaflet and its review record, checked as the build reads them."""
    from pipeline.po.layout import po_path
    from pipeline.po.reviews import latest_day, read_record
    from pipeline.po.templates import check_header
    from pipeline.po.workflow import read_catalog

    found: dict[str, bytes] = {}
    problems: list[Problem] = []
    for locale in settings.locales:
        po = po_path(settings, locale, slug)
        if not exists(po):
            continue
        try:
            catalog = read_catalog(settings, po)
            problems.extend(check_header(catalog, locale))
            review = po.with_name(f"{slug}.review.toml")
            read_record(review, shown_path(review, settings.root), latest_day(), catalog)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        found[f"{locale}.po"] = read_input(po, shown_path(po, settings.root), "po")
        if exists(review):
            found[f"{locale}.review.toml"] = read_input(review, shown_path(review, settings.root), "po")
    if problems:
        raise InputError(problems)
    return found


def _create_version(parent: Path, version: str, files: dict[str, bytes]) -> None:
    """Write a new version folder whole: in a temporary folder beside it, then renamed into place."""
    parent.mkdir(parents=True, exist_ok=True)
    _sweep_folders(parent)
    temporary = Path(tempfile.mkdtemp(prefix=f".{version}.{os.getpid()}.", suffix=".tmp", dir=parent))
    try:
        for name, data in files.items():
            target = temporary / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(temporary, 0o755)
        os.rename(temporary, parent / version)  # fails if another command kept this version meanwhile
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _sweep_folders(parent: Path) -> None:
    """Remove the temporary folders archiving commands no longer running left in ``parent``."""
    from pipeline.atomic import _alive

    for entry in os.scandir(parent):
        match = TEMPORARY.match(entry.name)
        if match and entry.is_dir(follow_symlinks=False) and not _alive(int(match.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)


def _refuse_changed(settings: Settings, leaflet: m.Leaflet, source_name: str, source: bytes, folder: Path,
                    files: dict[str, bytes]) -> None:
    """InputError if the version kept in ``folder`` has another text or other pictures than the
    leaflet now: an archived version never changes."""
    kept_name = shown_path(folder / SOURCE, settings.root)
    try:
        kept = read_input(folder / SOURCE, kept_name, "source")
    except InputError as exc:
        raise InputError([Problem(p.path, p.line, p.col, f"{p.message} (the archived text of version "
                                  f"{leaflet.meta.version})") for p in exc.problems]) from None
    version = leaflet.meta.version
    advice = (f"an archived version never changes: give the changed text a new version (the 'version:' line) "
              f"and run `leaflets archive {leaflet.meta.slug}` again")
    if kept != source:
        old, new = kept.decode("utf-8", "replace").splitlines(), source.decode("utf-8", "replace").splitlines()
        line = next((n for n, (a, b) in enumerate(zip(old, new, strict=False), start=1) if a != b),
                    min(len(old), len(new)) + 1)
        raise InputError([Problem(source_name, line, 1, f"version {version} is already archived in {kept_name} "
                                  f"with a different text (from line {line}): {advice}")])
    for name, data in files.items():
        if name == SOURCE or name.endswith((".po", ".review.toml")):
            continue
        target = folder / name
        kept_picture = target.read_bytes() if target.is_file() else None
        if kept_picture != data:
            raise InputError([Problem(source_name, 1, 1, f"version {version} is already archived with another "
                                      f"picture '{name}' ({shown_path(target, settings.root)}): {advice}")])


# --- leaflets build -----------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveJob:
    """One output of the archive: the job, the locale of the page (None: shared), and the kept
    version it is made from (None: the list of versions, made from all of them)."""

    job: Job
    locale: str | None
    version: str | None


@dataclass
class ArchivePlan:
    """The archive's outputs for one leaflet, the archived editions not published and the problems
    of kept files that cannot be used (each stops only its own version)."""

    jobs: list[ArchiveJob] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # about old editions that were published
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Version:
    name: str
    leaflet: m.Leaflet
    editions: list[Edition]


def archived_edition_dir(slug: str, version: str, locale: str) -> str:
    """Folder of one archived edition inside ``dist/``: ``<id>/archive/<version>/<locale>``."""
    return f"{slug}/archive/{version}/{locale}"


def archive_index(slug: str) -> str:
    """The list of a leaflet's archived versions inside ``dist/``."""
    return f"{slug}/archive/{INDEX}"


def listed_versions(settings: Settings, slug: str, current: str) -> list[str]:
    """The kept versions the build publishes: every one but the current version."""
    return [name for name, _ in version_folders(settings, slug) if name != current]


def plan_archive(settings: Settings, current: m.Leaflet, published: list[str], taken: set[str]) -> ArchivePlan:
    """The pages of every kept version of ``current`` but its own version, and their list.

    ``published``: the locales the current version is published in (an old page links to the
    current page of its own language, or of the source language when that one is not published);
    ``taken``: output paths the current version already makes (shared pictures).
    """
    from pipeline.build import edition_context
    from pipeline.dist_layout import PICTURES
    from pipeline.pictures import picture_bytes, picture_filename
    from pipeline.writers.html import ArchivedNotice, render_page

    plan = ArchivePlan()
    slug = current.meta.slug
    kept: list[_Version] = []
    for name, folder in version_folders(settings, slug):
        if name == current.meta.version:
            continue
        version = _read_version(settings, slug, name, folder, plan)
        if version is not None:
            kept.append(version)
    pictures: set[str] = set(taken)
    for version in kept:
        for edition in version.editions:
            here = edition.locale if edition.locale in published else current.meta.locale
            notice = ArchivedNotice(version.name, f"../../../{here}/index.html", here)
            ctx = replace(edition_context(edition, version.editions, "../../../../"), archived=notice,
                          archive_link=f"../../{INDEX}")
            path = f"{archived_edition_dir(slug, version.name, edition.locale)}/{INDEX}"
            plan.jobs.append(ArchiveJob(_job(path, render_page, edition.leaflet, ctx), edition.locale, version.name))
        for picture in version.leaflet.pictures():
            path = f"{PICTURES}/{picture_filename(picture, version.leaflet)}"
            if path not in pictures:
                pictures.add(path)
                plan.jobs.append(ArchiveJob(_picture_job(path, picture_bytes, picture, version.leaflet,
                                                         settings.root), None, version.name))
    if listed_versions(settings, slug, current.meta.version):
        plan.jobs.append(ArchiveJob(_index_job(settings, current, kept), None, None))
    return plan


def _job(path: str, render: Callable[[m.Leaflet, PageContext], bytes], leaflet: m.Leaflet,
         ctx: PageContext) -> Job:
    from pipeline.build import Job

    return Job(path, lambda: render(leaflet, ctx), "html")


def _picture_job(path: str, make: Callable[[Any, m.Leaflet, Path], bytes], picture: m.Picture,
                 leaflet: m.Leaflet, root: Path) -> Job:
    from pipeline.build import Job

    return Job(path, lambda: make(picture, leaflet, root))


def _read_version(settings: Settings, slug: str, name: str, folder: Path, plan: ArchivePlan) -> _Version | None:
    """One kept version read and its editions chosen; None (with its problems) if it cannot be used."""
    from pipeline.build import published_editions
    from pipeline.pictures import concept_problems
    from pipeline.reader import read_leaflet

    path = folder / SOURCE
    shown = shown_path(path, settings.root)
    where = f"{slug}/archive/{name}"
    why = version_problem(name)
    problems: list[Problem] = []
    if why:
        problems.append(Problem(shown_path(folder, settings.root), 0, 0, why.replace("the version", "the folder")))
    elif not exists(path):
        problems.append(Problem(shown, 0, 0, f"the archived version {name} has no {SOURCE}: restore it from "
                                "git, or remove the folder"))
    else:
        try:
            leaflet = read_leaflet(path, settings.root)
        except InputError as exc:
            problems.extend(exc.problems)
        else:
            text = read_input(path, shown, "source").decode("utf-8-sig")
            problems.extend(concept_problems(leaflet, text.replace("\r\n", "\n").split("\n")))
            if leaflet.meta.slug != slug:
                problems.append(Problem(shown, 2, 1, f"the archived id is '{leaflet.meta.slug}', but it is kept "
                                        f"under {slug}: move it to the folder of its own leaflet"))
            if leaflet.meta.version != name:
                problems.append(Problem(shown, _version_line(text.encode("utf-8")), 1, f"the archived version is "
                                        f"{leaflet.meta.version!r}, but it is kept as {name!r}: an archived version "
                                        "never changes; restore the file from git"))
    if problems:
        plan.problems.extend(problems)
        plan.skipped.append((where, f"{shown_path(folder, settings.root)} cannot be used (see the problems "
                                    "listed); this old version is not published until it is fixed"))
        return None

    def translate(settings: Settings, leaflets: tuple[m.Leaflet, ...]) -> tuple[list[Any], list[tuple[str, str]]]:
        found, skipped, problems = archived_translations(settings, leaflets[0], folder, where)
        plan.problems.extend(problems)
        return found, skipped

    editions, skipped = published_editions(settings, (leaflet,), translate)
    # as for the current version: a message about an edition that was published is a note
    done = {f"{where}/{edition.locale}" for edition in editions}
    plan.skipped.extend((here, why) for here, why in skipped if here not in done)
    plan.notes.extend((here, why) for here, why in skipped if here in done)
    return _Version(name, leaflet, editions)


def archived_translations(settings: Settings, leaflet: m.Leaflet, folder: Path, where: str
                          ) -> tuple[list[Any], list[tuple[str, str]], list[Problem]]:
    """The translations of a kept version the publish policy allows, from its kept PO files and
    review records (and each locale's interface words as they are now), as the build chooses the
    current ones (``pipeline.po.workflow.translations_and_problems``); the skipped ones, and the
    problems of kept files that cannot be used."""
    from pipeline.locale_codes import same_locale
    from pipeline.po.apply import checked_labels
    from pipeline.po.layout import UI_DOMAIN
    from pipeline.po.templates import check_header
    from pipeline.po.workflow import (
        Translation,
        publish_decision,
        publish_rules,
        read_catalog,
        read_locale,
        review_filter,
    )

    found: list[Translation] = []
    skipped: list[tuple[str, str]] = []
    problems: list[Problem] = []
    rules = publish_rules(settings)
    for locale in settings.locales:
        po = folder / f"{locale}.po"
        if same_locale(locale, leaflet.meta.locale) or not exists(po):
            continue  # not translated when this version was kept
        here = f"{where}/{locale}"
        ui = read_locale(settings, locale, [UI_DOMAIN])
        if ui.bad:
            skipped.append((here, f"{locale}: its interface words cannot be used (see the problems listed)"))
            continue
        labels, _, refused_labels = checked_labels(ui.catalogs.get(UI_DOMAIN), locale, rules)
        review = folder / f"{locale}.review.toml"
        try:
            catalog = read_catalog(settings, po)
            header = check_header(catalog, locale)
            if header:
                raise InputError(header)
            catalog, unreviewed, record = review_filter(settings, locale, leaflet.meta.slug, catalog, review)
        except InputError as exc:
            problems.extend(exc.problems)
            skipped.append((here, f"{locale}: {shown_path(po, settings.root)} cannot be used (see the problems "
                                  "listed); this old edition is not published until it is fixed"))
            continue
        published, said = publish_decision(settings, leaflet, catalog, record, unreviewed, locale, labels,
                                           refused_labels, here)
        skipped.extend(said)
        if published is not None:
            found.append(published)
    return found, skipped, problems


# --- the list of versions -----------------------------------------------------------------


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A version's order: numbers as numbers ("1.10" after "1.9")."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|[^\d.]+", version))


def _index_job(settings: Settings, current: m.Leaflet, kept: list[_Version]) -> Job:
    from pipeline.build import Job

    return Job(archive_index(current.meta.slug), lambda: render_archive_index(settings, current, kept), "html")


def render_archive_index(settings: Settings, current: m.Leaflet, kept: list[_Version]) -> bytes:
    """The list of a leaflet's archived versions, newest first, each with its published date and
    the languages it was published in, and a link to the current version; in the words of the
    current version's language."""
    from pipeline.build import source_labels
    from pipeline.dist_layout import STYLESHEET
    from pipeline.locale_info import bcp47, direction, format_date, native_name
    from pipeline.writers.html import (
        PageContext,
        add_head,
        append_text,
        new_document,
        say,
        serialise_html,
        sub,
    )

    meta = current.meta
    ctx = PageContext(meta.locale, source_labels(settings, meta.locale), f"../../{STYLESHEET}")
    html = new_document(ctx)
    body = add_head(html, ctx, f"{ctx.label('archive_title')} - {meta.title}")
    say(body, "a", ctx, "skip_to_content", href="#main", class_="skip-link")
    header = sub(body, "header", class_="leaflet-header")
    append_text(sub(header, "p", class_="organisation"), meta.organisation, ctx.rtl, ctx.latin_attrs())
    main = sub(body, "main", id="main")
    append_text(sub(main, "h1"), meta.title, ctx.rtl, ctx.latin_attrs())
    now = sub(main, "p", class_="current-version")
    say(now, "a", ctx, "current_version_link", href=f"../{meta.locale}/{INDEX}")
    append_text(now, " (", ctx.rtl)
    say(now, "span", ctx, "version", " ")
    append_text(now, f"{meta.version})", ctx.rtl, ctx.latin_attrs())
    say(main, "h2", ctx, "archive_title", id="versions")
    versions = sub(main, "ul", class_="archive-versions")
    newest = sorted(kept, key=lambda v: (v.leaflet.meta.published, version_key(v.name)), reverse=True)
    for version in newest:
        item = sub(versions, "li")
        first = next((e for e in version.editions if e.locale == version.leaflet.meta.locale), version.editions[0])
        link = sub(item, "a", href=f"{version.name}/{first.locale}/{INDEX}")
        say(link, "span", ctx, "version", " ")
        append_text(link, version.name, ctx.rtl, ctx.latin_attrs())
        append_text(item, ". ", ctx.rtl)
        say(item, "span", ctx, "published", ": ")
        append_text(item, format_date(version.leaflet.meta.published, meta.locale), ctx.rtl, ctx.latin_attrs())
        others = [e for e in version.editions if e is not first]
        if others:
            languages = sub(item, "ul", class_="language-list")
            for edition in others:
                code = bcp47(edition.locale)
                sub(sub(languages, "li"), "a", native_name(edition.locale), href=f"{version.name}/{edition.locale}/"
                    f"{INDEX}", lang=code, hreflang=code, dir=direction(edition.locale))
    return serialise_html(html)
