"""What a published leaflet says about its own checking: last checked, next review, version,
when its translation was checked, and (when the project asks) who approved it and the
evidence it rests on. Shared by the web pages, e-books and printed leaflets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline import model as m
from pipeline.locale_info import format_date


@dataclass(frozen=True)
class Provenance:
    """Per edition: the day a person last checked its translation, and what the settings show."""

    translation_checked: dt.date | None = None
    show_approver: bool = False
    show_evidence: bool = False


def dates(meta: m.Metadata, labels: Mapping[str, str], locale: str, shown: Provenance
          ) -> list[tuple[str, str, str]]:
    """(label key, label, value) rows, in the order a reader looks for them."""
    gov = meta.governance
    rows = [("published", format_date(meta.published, locale))]
    if gov.last_reviewed:
        rows.append(("last_checked", format_date(gov.last_reviewed, locale)))
    rows.append(("next_review", format_date(meta.review_due, locale)))
    rows.append(("version", meta.version))
    if shown.translation_checked:
        rows.append(("translation_checked", format_date(shown.translation_checked, locale)))
    if shown.show_approver and gov.clinical_approver and gov.approved:
        approver = gov.clinical_approver
        rows.append(("approved_by", f"{approver.name}, {approver.role}, {format_date(gov.approved.date, locale)}"))
    return [(key, labels.get(key, key), value) for key, value in rows]


def evidence(meta: m.Metadata, shown: Provenance) -> list[tuple[str, str]]:
    """(title, link or reference) of each evidence source, when the settings show them."""
    if not shown.show_evidence:
        return []
    return [(e.title, e.link or e.reference) for e in meta.governance.evidence]


# interface words shown only when an edition has what they label
OPTIONAL_LABELS = frozenset({"last_checked", "translation_checked", "approved_by", "evidence"})


def labels_used(meta: m.Metadata, shown: Provenance) -> set[str]:
    """The optional interface words this edition shows."""
    used = {key for key, _label, _value in dates(meta, {}, "en", shown)} & OPTIONAL_LABELS
    if evidence(meta, shown):
        used.add("evidence")
    return used
