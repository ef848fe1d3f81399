"""Recording that a person checked a translation (``leaflets review``).

The library side of the command: read the leaflet's PO file in one locale, run the build's
safety checks, and add a review of every translated unit they accept (as it is now) to the
record beside the PO file (``pipeline/po/reviews.py``). Nothing is marked that is untranslated,
fuzzy or refused, and nothing a person did not just review: units already reviewed as they
are keep their earlier review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline import model as m
from pipeline.inputs import exists
from pipeline.po.apply import translate_leaflet
from pipeline.po.layout import po_path
from pipeline.po.reviews import (
    ReviewRecord,
    add_review,
    check_name,
    latest_day,
    pruned,
    read_record,
    review_path,
    write_record,
)
from pipeline.po.workflow import publish_rules, read_catalog, shown
from pipeline.problems import InputError, Problem
from pipeline.settings import Settings


@dataclass(frozen=True)
class ReviewOutcome:
    """What one ``leaflets review`` did."""

    record: str  # the record file, as shown to the user
    marked: int  # units this review checked
    already: int  # units already reviewed as they are
    left: int  # units not marked: untranslated, fuzzy or refused by the safety checks
    pruned: int  # marks of units no longer in the PO file, dropped
    reviewer: str
    day: dt.date


def record_review(settings: Settings, leaflet: m.Leaflet, locale: str, by: str, day: dt.date | None = None,
                  prune_only: bool = False) -> ReviewOutcome:
    """Record that ``by`` checked ``leaflet``'s current translation into ``locale`` on ``day``
    (default: today by the clock). With ``prune_only``, only drop marks of removed units."""
    slug = leaflet.meta.slug
    day = day or dt.datetime.now(dt.UTC).date()
    why = check_name(by) if not prune_only else ""
    if why:
        raise InputError([Problem("--by", 0, 0, why)])
    if day > latest_day():
        raise InputError([Problem("--date", 0, 0, f"{day} is after today: a review is recorded when it happens")])
    po = po_path(settings, locale, slug)
    if not exists(po):
        raise InputError([Problem(shown(settings, po), 0, 0, f"there is no translation of '{slug}' into {locale} "
                                  f"to review: run `leaflets init {locale}` and translate it first")])
    catalog = read_catalog(settings, po)
    path = review_path(settings, locale, slug)
    shown_record = shown(settings, path)
    record = read_record(path, shown_record, latest_day())
    record, dropped = pruned(record, catalog)
    if prune_only:
        if dropped:
            write_record(path, record, slug, locale)
        return ReviewOutcome(shown_record, 0, 0, 0, dropped, by, day)
    applied = translate_leaflet(leaflet, catalog, locale, publish_rules(settings))
    refused_lines = {problem.line for problem in applied.refused}
    checkable = {e.key for e in catalog.entries if e.translated and e.line not in refused_lines}
    new, marked, already, left = add_review(record, catalog, by, day, checkable)
    if marked or dropped:
        write_record(path, new if marked else record, slug, locale)
    return ReviewOutcome(shown_record, marked, already, left, dropped, by.strip(), day)


def review_state(settings: Settings, slug: str, locale: str) -> ReviewRecord:
    """The review record of a leaflet in a locale (empty if none); InputError if unusable."""
    path = review_path(settings, locale, slug)
    catalog = read_catalog(settings, po_path(settings, locale, slug)) if exists(po_path(settings, locale, slug)) \
        else None
    return read_record(path, shown(settings, path), latest_day(), catalog)
