"""The catalogue at a glance: per leaflet and locale, reading age against its target, the gate's
errors and warnings, translation progress (reviewed where recorded), the next review date and
links to every output. ``leaflets report --format json`` prints it; the build writes it as the
dashboard pages (``pipeline/writers/dashboard.py``).

It is computed from the same functions as ``leaflets check`` and ``leaflets status``, so the
dashboard never tells a different story from the gate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline import model as m
from pipeline.access_formats import AccessSettings
from pipeline.dist_layout import AUDIO_FORMATS, BRAILLE_FORMATS
from pipeline.settings import Settings

# the figure each language is gated on, in the order it is preferred (see docs/check.md)
READING_FIGURES = ("SMOG", "FOG-PL", "Fernández Huerta", "Average sentence length")


@dataclass
class Reading:
    """The figure a locale's reading level is judged by, with its target band."""

    figure: str
    value: float
    target: str
    status: str  # pass | warn | fail | info
    good: float | None = None  # the pass limit, for the chart's target line (reading ages only)
    bad: float | None = None


@dataclass
class Units:
    """Translation progress of one edition, in units."""

    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed: int = 0


@dataclass
class EditionRow:
    """One leaflet in one locale."""

    locale: str
    language: str
    source: bool
    published: bool
    reason: str = ""
    reading: Reading | None = None
    easy_read: Reading | None = None
    errors: int = 0
    warnings: int = 0
    units: Units | None = None  # None for the source locale
    outputs: list[tuple[str, str]] = field(default_factory=list)  # (format, href from dist/)


@dataclass
class LeafletRow:
    """One leaflet and its editions."""

    id: str
    title: str
    version: str
    review_due: str
    days_to_review: int
    overdue: bool
    due_soon: bool
    approved_by: str
    editions: list[EditionRow] = field(default_factory=list)


@dataclass
class Dashboard:
    """The whole catalogue on one day."""

    today: str
    passed: bool
    leaflets: list[LeafletRow] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Plain data (``leaflets report --format json``)."""
        return asdict(self)


def _reading(measurements: list[Any], slug: str, locale: str, variant: str,
             targets: tuple[float, float] | None) -> Reading | None:
    for measure in measurements:
        if measure.leaflet != slug or measure.locale != locale or measure.variant != variant:
            continue
        figures = {f.name: f for f in measure.figures}
        for name in READING_FIGURES:
            fig = figures.get(name)
            if fig is not None:
                good, bad = targets if name == "SMOG" and targets else (None, None)
                return Reading(fig.name, round(fig.value, 2), fig.target, fig.status, good, bad)
    return None


def _made(access: AccessSettings, kind: str, locale: str) -> bool:
    """Whether the build makes this format for this locale."""
    if not access.wants(kind):
        return False
    if kind in BRAILLE_FORMATS:
        from pipeline.access_formats import braille_grade
        from pipeline.writers.braille import BrailleError

        try:
            return braille_grade(access, locale)[0] is not None
        except BrailleError:
            return False
    if kind in AUDIO_FORMATS:
        from pipeline.writers.speech import speech_voice

        return speech_voice(locale) is not None
    return True


def collect(settings: Settings, leaflets: tuple[m.Leaflet, ...], today: dt.date | None = None,
            jobs: int | None = None) -> Dashboard:
    """Run the gate and the status count over the catalogue and gather the dashboard's data."""
    from pipeline.build import EditionFiles, edition_dir
    from pipeline.check.gate import CheckOptions, run_check, targets_for
    from pipeline.check.governance import check_day
    from pipeline.locale_info import native_name
    from pipeline.po.workflow import status

    day = check_day(today)
    result = run_check(settings, CheckOptions(today=day, jobs=jobs))
    rows = {(r.domain, r.locale): r for r in status(settings, leaflets).rows}
    window = int(result.rules["review-due-soon"].data.get("window_days", 90)) \
        if "review-due-soon" in result.rules else 90
    board = Dashboard(day.isoformat(), result.passed, locales=list(settings.locales))
    access = AccessSettings.of(settings.values)
    for leaflet in sorted(leaflets, key=lambda lf: lf.meta.slug):
        meta = leaflet.meta
        days = (meta.review_due - day).days
        approver = meta.governance.clinical_approver
        row = LeafletRow(meta.slug, meta.title, meta.version, meta.review_due.isoformat(), days, days < 0,
                         0 <= days <= window, f"{approver.name}, {approver.role}" if approver else "")
        for locale in (meta.locale, *(loc for loc in settings.locales if loc != meta.locale)):
            source = locale == meta.locale
            status_row = rows.get((meta.slug, locale))
            published = source or bool(status_row and status_row.publishable in ("yes", "with fallback"))
            standard = targets_for(leaflet, "standard", settings)
            easy = targets_for(leaflet, "easy-read", settings)
            edition = EditionRow(locale, native_name(locale), source, published,
                                 "" if published or status_row is None else status_row.reason,
                                 _reading(result.measurements, meta.slug, locale, "standard",
                                          (standard.formula_pass, standard.formula_fail)),
                                 _reading(result.measurements, meta.slug, locale, "easy-read",
                                          (easy.formula_pass, easy.formula_fail)))
            for finding in result.findings:
                if finding.leaflet == meta.slug and finding.locale == locale and not finding.baselined:
                    edition.errors += finding.severity == "error"
                    edition.warnings += finding.severity == "warning"
            if status_row is not None and not source:
                done = status_row.translated
                edition.units = Units(done + status_row.fuzzy + status_row.untranslated, done, status_row.fuzzy,
                                      status_row.untranslated, status_row.reviewed)
            if published:
                names = EditionFiles(meta.slug, locale, leaflet.has_easy_read)
                folder = edition_dir(meta.slug, locale)
                stem = f"{meta.slug}.{locale}"
                # every output the build makes for the edition: its formats, less what the locale's
                # tools do not cover (a locale liblouis or the voice does not cover has no braille or audio)
                candidates = (
                    ("web page", names.page, "html"), ("easy read", names.easy_page, "easy-read-html"),
                    ("EPUB", names.epub, "epub"), ("easy-read EPUB", names.easy_epub, "easy-read-epub"),
                    ("PDF", names.pdf, "pdf"), ("large print", names.large_pdf, "large-print-pdf"),
                    ("easy-read PDF", names.easy_pdf, "easy-read-pdf"), ("braille BRF", f"{stem}.brf", "brf"),
                    ("braille PEF", f"{stem}.pef", "pef"), ("easy-read BRF", f"{stem}.easy-read.brf", "easy-read-brf"),
                    ("easy-read PEF", f"{stem}.easy-read.pef", "easy-read-pef"), ("audio", f"{stem}.opus", "audio"),
                    ("read-aloud EPUB", f"{stem}.read-aloud.epub", "read-aloud-epub"))
                edition.outputs = [(label, f"{folder}/{name}") for label, name, kind in candidates
                                   if (names.easy_read or "easy" not in kind) and _made(access, kind, locale)]
            row.editions.append(edition)
        board.leaflets.append(row)
    return board
