"""The Accessible Information Standard formats of each edition: braille (BRF and PEF, standard
and easy read) and audio (an Opus file with chapters, and a read-aloud EPUB 3 with Media
Overlays), planned as jobs beside the web pages, e-books and printed leaflets.

Which formats a project builds is its ``formats`` setting (audio is opt-in). A locale that
liblouis or espeak-ng does not cover is skipped with its reason in the build's notes, never an
empty file; a grade the locale's tables do not have, asked for by name, is refused (exit 2).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.dist_layout import AUDIO_FORMATS, BRAILLE_FORMATS, FORMATS
from pipeline.problems import InputError, Problem

DEFAULT_FORMATS = tuple(f for f in FORMATS if f not in AUDIO_FORMATS)


@dataclass(frozen=True)
class AccessSettings:
    """The ``formats``, ``braille`` and ``audio`` settings."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    grade: int = 0  # 0: each language's usual grade (braille_tables.toml); 1 or 2 where the tables have it
    grades: tuple[tuple[str, int], ...] = ()  # per-locale grades asked for by name (strict)
    cells: int = 40
    lines: int = 25
    recordings: str = ""  # folder of human recordings, relative to the project

    @classmethod
    def of(cls, values: dict[str, Any]) -> AccessSettings:
        """From validated ``Settings.values``."""
        braille, audio = values.get("braille", {}), values.get("audio", {})
        return cls(tuple(values.get("formats", DEFAULT_FORMATS)), braille.get("grade", 0),
                   tuple(sorted(braille.get("grades", {}).items())), braille.get("cells", 40),
                   braille.get("lines", 25), audio.get("recordings", ""))

    def wants(self, kind: str) -> bool:
        """Whether the project builds this format at all."""
        return kind in self.formats

    def grade_for(self, locale: str) -> tuple[int, bool]:
        """The grade for ``locale`` and whether it was asked for by name (then it must exist)."""
        named = dict(self.grades)
        for key in (locale, locale.replace("_", "-"), locale.split("-")[0].split("_")[0]):
            if key in named:
                return int(named[key]), True
        return self.grade, False


@dataclass
class Planned:
    """An edition's braille and audio jobs, the downloads its pages link, and notes on what was skipped."""

    jobs: list[tuple[str, Callable[[], bytes], str]] = field(default_factory=list)  # (file name, make, kind)
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (label key, file name)
    notes: list[str] = field(default_factory=list)


def braille_grade(access: AccessSettings, locale: str) -> tuple[int | None, str]:
    """The grade a locale's braille is made at (None: no braille, with the reason)."""
    from pipeline.writers.braille import (
        BrailleError,
        braille_table,
        default_grade,
        liblouis_available,
        no_table_reason,
    )

    grade, named = access.grade_for(locale)
    if not liblouis_available():
        from pipeline.writers.braille import LiblouisMissing

        return None, LiblouisMissing().reason
    if grade == 0:
        usual = default_grade(locale)
        return (usual, "") if usual is not None else (None, no_table_reason(locale))
    try:
        if braille_table(locale, grade) is None:
            return None, no_table_reason(locale)
        return grade, ""
    except BrailleError:
        if named:
            raise
        # the project-wide grade is a preference: a language without it uses the grade it has
        for other in (1, 2):
            try:
                if braille_table(locale, other) is not None:
                    return other, f"braille in '{locale}' is grade {other}: its tables have no grade {grade}"
            except BrailleError:
                continue
        return None, no_table_reason(locale)


def plan_access(leaflet: m.Leaflet, locale: str, labels: dict[str, str], access: AccessSettings, root: Path,
                notices: Sequence[str], sort_glossary: bool, slug: str, source: m.Leaflet | None = None,
                demonstration: bool = False, fallback: bool = False) -> Planned:
    """The braille and audio jobs of one edition (file names relative to the edition's folder);
    ``source``: the leaflet in its own language (recordings are named by its units)."""
    planned = Planned()
    if any(access.wants(k) for k in BRAILLE_FORMATS):
        _plan_braille(planned, leaflet, locale, labels, access, notices, sort_glossary, slug)
    if any(access.wants(k) for k in AUDIO_FORMATS):
        _plan_audio(planned, leaflet, locale, labels, access, root, slug, source, demonstration, fallback)
    return planned


def _plan_braille(planned: Planned, leaflet: m.Leaflet, locale: str, labels: dict[str, str],
                  access: AccessSettings, notices: Sequence[str], sort_glossary: bool, slug: str) -> None:
    from pipeline.writers.braille import BrailleError, BrailleSettings, render_brf, render_pef

    try:
        grade, why = braille_grade(access, locale)
    except BrailleError as exc:
        raise InputError([Problem("pyproject.toml", 1, 1, f"'tool.leaflets.braille.grades': {exc}")]) from None
    if why:
        planned.notes.append(why)
    if grade is None:
        return
    settings = BrailleSettings(grade, access.cells, access.lines)
    variants = [("standard", ""), *([("easy-read", ".easy-read")] if leaflet.has_easy_read else [])]
    for variant, infix in variants:
        prefix = "easy-read-" if variant == "easy-read" else ""
        for suffix, render in (("brf", render_brf), ("pef", render_pef)):
            kind = f"{prefix}{suffix}"
            if not access.wants(kind):
                continue
            name = f"{slug}.{locale}{infix}.{suffix}"
            make = functools.partial(_braille, render, leaflet, locale, labels, variant, settings, tuple(notices),
                                     sort_glossary)
            planned.jobs.append((name, make, kind))
            planned.downloads.append((f"download_{kind.replace('-', '_')}", name))


def _braille(render: Callable[..., bytes], leaflet: m.Leaflet, locale: str, labels: dict[str, str], variant: str,
             settings: Any, notices: tuple[str, ...], sort_glossary: bool) -> bytes:
    from pipeline.writers.braille import BrailleError

    try:
        out: bytes = render(leaflet, locale, labels, variant, settings, notices=notices, sort_glossary=sort_glossary)
        return out
    except BrailleError as exc:  # a character no table has: the author's to fix, at the leaflet
        raise InputError([Problem(leaflet.path, 1, 1, f"the {variant} braille in '{locale}' cannot be made: "
                                  f"{exc}")]) from None


def _plan_audio(planned: Planned, leaflet: m.Leaflet, locale: str, labels: dict[str, str],
                access: AccessSettings, root: Path, slug: str, source: m.Leaflet | None,
                demonstration: bool, fallback: bool) -> None:
    from pipeline.writers.speech import no_voice_reason, speech_voice

    if speech_voice(locale) is None:
        planned.notes.append(no_voice_reason(locale))
        return
    recordings = root / access.recordings if access.recordings else None
    if access.wants("audio"):
        from pipeline.writers.audio import render_audio

        name = f"{slug}.{locale}.opus"
        planned.jobs.append((name, functools.partial(render_audio, leaflet, locale, labels, root, recordings,
                                                     source=source, demonstration=demonstration, fallback=fallback),
                             "audio"))
        planned.downloads.append(("download_audio", name))
    if access.wants("read-aloud-epub"):
        from pipeline.writers.read_aloud import render_read_aloud_epub

        name = f"{slug}.{locale}.read-aloud.epub"
        planned.jobs.append((name, functools.partial(render_read_aloud_epub, leaflet, locale, labels, root,
                                                     recordings, source=source, demonstration=demonstration,
                                                     fallback=fallback), "read-aloud-epub"))
        planned.downloads.append(("download_read_aloud_epub", name))


def settings_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(setting, message) for every ``formats``, ``braille`` or ``audio`` value that cannot be used."""
    from pipeline.writers.braille import BrailleSettings

    found: list[tuple[str, str]] = []
    unknown = [f for f in values.get("formats", []) if f not in FORMATS]
    if unknown:
        found.append(("formats", f"names {unknown[0]!r}, which is not a format: use {', '.join(FORMATS)}"))
    braille = values.get("braille", {})
    grade = braille.get("grade", 0)
    for problem in BrailleSettings(grade if grade != 0 else 2, braille.get("cells", 40),
                                   braille.get("lines", 25)).problems():
        found.append(("braille", problem))
    for code, grade in braille.get("grades", {}).items():
        if isinstance(grade, bool) or grade not in (1, 2):
            found.append(("braille.grades", f"gives '{code}' the grade {grade!r}: use 1 or 2"))
    return found
