"""The gate's last findings and measurements, kept per leaflet, and what each page is shown.

A page of the output folder is ``<id>/<locale>/index.html`` (the standard variant) or
``<id>/<locale>/easy-read.html`` (easy read). It is shown the findings of that leaflet, locale
and variant, plus the locale's translation findings (untranslated, fuzzy or refused units),
which are about units both pages hold. Each finding carries ``match``: the words a reader sees,
which the overlay looks for in the page (a PO unit's text is Markdown; the page shows it
rendered).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from pipeline.check.findings import Finding
from pipeline.check.gate import CheckResult, plain_unit_text
from pipeline.check.readability import FORMULAS, GATED_FORMULAS, Figure, Measurement

PAGE_VARIANTS = {"index.html": "standard", "easy-read.html": "easy-read"}
# Reported formulas, for a language the gate measures but does not gate on (German, Italian, Arabic).
REPORTED_FORMULAS = frozenset(formula.name for formula in FORMULAS.values())


@dataclass(frozen=True)
class PageRef:
    """The leaflet, locale and variant a page of the output folder shows."""

    leaflet: str
    locale: str
    variant: str


def page_ref(key: str) -> PageRef | None:
    """What page ``key`` (``<id>/<locale>/<file>``, relative to the output folder) shows, if a leaflet."""
    parts = key.split("/")
    if len(parts) != 3 or parts[2] not in PAGE_VARIANTS:
        return None  # the catalogue, an archived version's page, a download
    return PageRef(parts[0], parts[1], PAGE_VARIANTS[parts[2]])


def same_locale(a: str, b: str) -> bool:
    """``en-GB``, ``en_GB`` and ``en-gb`` are one locale (settings and folders may spell it differently)."""
    return a.replace("_", "-").lower() == b.replace("_", "-").lower()


def reading_age(measurements: list[Measurement]) -> dict[str, Any] | None:
    """The page's headline figure: the gated formula (SMOG for English), else a reported one,
    else the average sentence length for a language with no formula (Welsh, Urdu)."""
    figures: list[Figure] = [f for m in measurements for f in m.figures]
    notes = [note for m in measurements for note in m.notes]
    for names in (GATED_FORMULAS, REPORTED_FORMULAS, frozenset({"Average sentence length"})):
        for figure in figures:
            if figure.name in names:
                return {"name": figure.name, "value": round(figure.value, 1), "target": figure.target,
                        "status": figure.status, "notes": notes[:2]}
    return None


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as the overlay reads it."""
    text = plain_unit_text(finding.text) if finding.variant == "translation" else " ".join(finding.text.split())
    return {"rule": finding.rule, "severity": finding.severity, "text": finding.text, "match": text,
            "message": finding.message, "suggestion": finding.suggestion, "path": finding.path,
            "line": finding.line, "col": finding.col, "variant": finding.variant}


class GateView:
    """The latest findings and measurements per leaflet, replaced leaflet by leaflet as the gate reruns."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._findings: dict[str, list[Finding]] = {}
        self._measurements: dict[str, list[Measurement]] = {}

    def update(self, result: CheckResult, leaflets: frozenset[str] | None) -> None:
        """Take the result of a gate run over ``leaflets`` (None: every leaflet, replacing all)."""
        findings: dict[str, list[Finding]] = {}
        measurements: dict[str, list[Measurement]] = {}
        for finding in result.findings:
            findings.setdefault(finding.leaflet, []).append(finding)
        for measurement in result.measurements:
            measurements.setdefault(measurement.leaflet, []).append(measurement)
        with self._lock:
            if leaflets is None:
                self._findings, self._measurements = findings, measurements
                return
            for slug in leaflets:
                self._findings[slug] = findings.get(slug, [])
                self._measurements[slug] = measurements.get(slug, [])

    def forget(self, leaflets: set[str]) -> None:
        """Drop what is known of leaflets that are no longer in the sources."""
        with self._lock:
            for slug in leaflets:
                self._findings.pop(slug, None)
                self._measurements.pop(slug, None)

    def count(self, leaflet: str | None = None) -> int:
        """How many findings are known (for one leaflet, or all)."""
        with self._lock:
            if leaflet is not None:
                return len(self._findings.get(leaflet, []))
            return sum(len(found) for found in self._findings.values())

    def for_page(self, key: str) -> dict[str, Any]:
        """The overlay's data for one page: its findings and its reading age."""
        ref = page_ref(key)
        if ref is None:
            return {"page": key, "leaflet": None, "locale": None, "variant": None, "findings": [],
                    "reading_age": None}
        with self._lock:
            findings = [f for f in self._findings.get(ref.leaflet, [])
                        if same_locale(f.locale, ref.locale) and f.variant in (ref.variant, "translation")]
            measured = [m for m in self._measurements.get(ref.leaflet, [])
                        if same_locale(m.locale, ref.locale) and m.variant == ref.variant]
        findings.sort(key=lambda f: (f.line, f.col, f.rule))
        return {"page": key, "leaflet": ref.leaflet, "locale": ref.locale, "variant": ref.variant,
                "findings": [finding_json(f) for f in findings], "reading_age": reading_age(measured)}
