"""The project as a whole: its settings and every source leaflet, read and checked together."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pipeline.inputs import exists, read_input
from pipeline.model import Leaflet
from pipeline.parallel import process_map
from pipeline.pictures import concept_problems, own_picture
from pipeline.problems import InputError, Problem, shown_path
from pipeline.reader import read_leaflet
from pipeline.settings import Settings


@dataclass(frozen=True)
class Project:
    """Settings plus the leaflets read from ``source_dir``, sorted by slug."""

    settings: Settings
    leaflets: tuple[Leaflet, ...]

    def leaflet(self, slug: str) -> Leaflet:
        """The leaflet with this id; KeyError if there is none."""
        for leaflet in self.leaflets:
            if leaflet.meta.slug == slug:
                return leaflet
        raise KeyError(slug)


def source_files(settings: Settings) -> list[Path]:
    """Every source leaflet file, sorted by name."""
    return settings.source_files()


def check_sources(
    settings: Settings, files: list[Path] | None = None, jobs: int | None = 1, draft: bool = False
) -> tuple[list[Leaflet], list[Problem]]:
    """Read every source leaflet; return the good ones and every problem found in any of them.

    ``draft``: accept front-matter values still 'TO FILL IN' (for ``leaflets format`` only).

    ``jobs`` worker processes read the files (None: one per CPU); a handful are read in this one.
    """
    leaflets: list[Leaflet] = []
    problems: list[Problem] = []
    files = source_files(settings) if files is None else files
    if not files:
        shown = shown_path(settings.source_dir, settings.root)
        problems.append(Problem(shown, 0, 0, "no source leaflets (*.md) found: add one, or set "
                                "tool.leaflets.source_dir in pyproject.toml"))
    seen: dict[str, str] = {}
    for path, (leaflet, found) in zip(files, _read_all(settings, files, jobs, draft), strict=True):
        if leaflet is None:
            problems.extend(found)
            continue
        slug = leaflet.meta.slug
        if slug in seen:
            problems.append(Problem(leaflet.path, 2, 1, f"duplicate id '{slug}': {seen[slug]} already uses "
                                    "it; give each leaflet its own id"))
            continue
        if path.stem != slug:
            problems.append(Problem(leaflet.path, 2, 1, f"the id '{slug}' does not match the file name "
                                    f"'{path.name}': rename the file to '{slug}.md' or change the id"))
            continue
        problems.extend(found)
        missing = [key for key in settings.get("governance.required")
                   if not getattr(leaflet.meta.governance, key, None)]
        if missing and not draft:
            # the closing '---' of the front matter: where the keys go
            end = max((line for _key, line in leaflet.meta.governance.lines), default=1) + 1
            problems.extend(Problem(leaflet.path, end, 1, f"front matter is missing '{key}', which "
                                    "tool.leaflets.governance.required asks every leaflet to give: add it (see "
                                    "docs/source-format.md)") for key in missing)
            continue
        seen[slug] = leaflet.path
        leaflets.append(leaflet)
    return leaflets, problems


# Below this many files a process pool costs more than it saves.
_POOL_FROM = 16


def _read_all(settings: Settings, files: list[Path], jobs: int | None,
              draft: bool = False) -> list[tuple[Leaflet | None, list[Problem]]]:
    return list(process_map(functools.partial(_read_one, settings, draft=draft), files, jobs,
                            serial_below=_POOL_FROM))


def _read_one(settings: Settings, path: Path, draft: bool = False) -> tuple[Leaflet | None, list[Problem]]:
    """One source file read, and its pictures checked: (None, why) if it cannot be read."""
    try:
        inside = path.resolve().is_relative_to(settings.root.resolve())
    except (OSError, RuntimeError):
        inside = True  # a symlink loop: the reader says so
    if not inside:
        return None, [Problem(shown_path(path, settings.root), 1, 1, "this is a symbolic link to a file outside "
                              "the project: copy the file into the project instead")]
    try:
        leaflet = read_leaflet(path, settings.root, draft)
    except InputError as exc:
        return None, list(exc.problems)
    problems = _picture_file_problems(leaflet, path, settings.root)
    text = read_input(path, leaflet.path, "source").decode("utf-8-sig")
    problems.extend(concept_problems(leaflet, text.replace("\r\n", "\n").split("\n")))
    return leaflet, problems


def _picture_file_problems(leaflet: Leaflet, path: Path, root: Path) -> list[Problem]:
    """Each of the leaflet's own pictures: inside the project, present, and publishable as it is
    (validate checks what the build will publish, so a picture it passes never stops a build)."""
    problems = []
    for picture in leaflet.pictures():
        if picture.is_concept:
            continue
        file = path.parent / picture.ref
        try:
            resolved = file.resolve()
        except (OSError, RuntimeError):  # a symlink loop
            resolved = file.absolute()
        if not resolved.is_relative_to(root.resolve()):
            problems.append(Problem(leaflet.path, picture.line, 1, f"picture '{picture.ref}' is outside "
                                    "the project: move it inside"))
        elif not exists(file):
            problems.append(Problem(leaflet.path, picture.line, 1, f"picture file '{picture.ref}' does not "
                                    "exist: check the path (it is relative to the leaflet)"))
        else:
            try:
                own_picture(file, leaflet.path, picture)
            except InputError as exc:
                problems.extend(exc.problems)
    return problems


def load_project(settings: Settings, jobs: int | None = 1) -> Project:
    """Read every leaflet (in ``jobs`` processes; None: one per CPU); InputError if any is bad."""
    leaflets, problems = check_sources(settings, jobs=jobs)
    if problems:
        raise InputError(problems)
    return Project(settings, tuple(sorted(leaflets, key=lambda lf: lf.meta.slug)))
