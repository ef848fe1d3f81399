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
from pipeline.po.pofile import Catalog
from pipeline.po.reviews import (
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
    catalog = translation_catalog(settings, slug, locale)
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


def translation_catalog(settings: Settings, slug: str, locale: str) -> Catalog:
    """The PO file of leaflet ``slug`` in ``locale``, read; InputError when there is none (or it
    cannot be used), saying how to make one."""
    po = po_path(settings, locale, slug)
    if not exists(po):
        raise InputError([Problem(shown(settings, po), 0, 0, f"there is no translation of '{slug}' into {locale} "
                                  f"to review: run `leaflets init {locale}` and translate it first")])
    return read_catalog(settings, po)
