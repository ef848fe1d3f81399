"""The gate's clinical-governance rules: review dates, clinical approval, evidence, versions.

The rules and their words are data (``pipeline/rules/common/governance.toml``); this module
judges one source leaflet's front matter against them on a given day, so a check run with
``--today`` or ``SOURCE_DATE_EPOCH`` gives the same findings on every machine.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.check.findings import Finding, Severity
from pipeline.check.rules import Rule
from pipeline.environment import source_date_epoch
from pipeline.governance import text_fingerprint
from pipeline.problems import shown_path
from pipeline.settings import Settings


def check_day(today: dt.date | None = None) -> dt.date:
    """The day a check judges dates against: ``today`` if given, else ``SOURCE_DATE_EPOCH``
    (so CI is reproducible), else the clock's date in UTC."""
    if today is not None:
        return today
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def governance_findings(leaflet: m.Leaflet, rules: dict[str, Rule], today: dt.date,
                        settings: dict[str, Any]) -> list[Finding]:
    """Findings about ``leaflet``'s governance record on ``today`` (``settings``: the
    ``governance`` table: require_approval, require_evidence)."""
    meta, gov = leaflet.meta, leaflet.meta.governance
    out: list[Finding] = []

    def add(rule_id: str, line: int, text: str, **fields: str) -> None:
        rule = rules.get(rule_id)
        if rule is None or not rule.enabled:
            return
        values = {"leaflet": meta.slug, "version": meta.version, "today": today.isoformat(), **fields}
        message, suggestion = rule.message, rule.suggestion
        for key, value in values.items():
            message = message.replace("{" + key + "}", value)
            suggestion = suggestion.replace("{" + key + "}", value)
        severity: Severity = rule.severity
        out.append(Finding(rule_id, severity, leaflet.path, line, 1, text, message, suggestion,
                           meta.slug, meta.locale, ""))

    due_line = gov.line_of("review_due")
    days = (meta.review_due - today).days
    window = rules.get("review-due-soon")
    window_days = int(window.data.get("window_days", 90)) if window else 90
    if days < 0:
        add("review-overdue", due_line, f"review_due: {meta.review_due}", due=meta.review_due.isoformat(),
            days=str(-days))
    elif days <= window_days:
        add("review-due-soon", due_line, f"review_due: {meta.review_due}", due=meta.review_due.isoformat(),
            days=str(days))

    for key, day in (("last_reviewed", gov.last_reviewed), ("approved", gov.approved.date if gov.approved else None),
                     ("published", meta.published)):
        if day is not None and day > today:
            add("date-in-future", gov.line_of(key), f"{key}: {day}", key=key,
                date=day.isoformat())

    approval = gov.approved
    if approval is None or gov.clinical_approver is None:
        if settings.get("require_approval"):
            add("approval-missing", gov.line_of("approved", gov.line_of("clinical_approver", 1)),
                "clinical_approver / approved")
    elif not approval.fingerprint or not approval.version:
        add("approval-unverified", approval.line, f"approved: {approval.date}", approved=approval.date.isoformat())
    elif approval.version != meta.version:
        if settings.get("require_approval"):
            add("approval-outdated", approval.line, f"approved version {approval.version}",
                approved_version=approval.version)
    elif approval.fingerprint != text_fingerprint(leaflet):
        add("version-not-bumped", gov.line_of("version"), f"version: {meta.version}",
            approved=approval.date.isoformat())

    if settings.get("require_evidence") and not gov.evidence:
        add("evidence-missing", gov.line_of("evidence", 1), "evidence")
    if gov.changes and not any(change.version == meta.version for change in gov.changes):
        add("changes-missing-version", gov.line_of("changes", 1), f"changes: no {meta.version}")
    return out


def unreviewed_findings(settings: Settings, leaflet: m.Leaflet, locale: str, path: Path, shown: str
                        ) -> list[Finding]:
    """Under a ``reviewed`` publish policy: each translated unit no person checked as it is now
    (it is not published), at the level of the ``governance.unreviewed`` setting."""
    from pipeline.po.reviews import latest_day, read_record, review_path
    from pipeline.po.workflow import read_catalog

    if not settings.needs_review:
        return []
    catalog = read_catalog(settings, path)
    record_path = review_path(settings, locale, leaflet.meta.slug)
    record = read_record(record_path, shown_path(record_path, settings.root), latest_day(), catalog)
    severity: Severity = settings.get("governance.unreviewed")
    return [Finding("translation-unreviewed", severity, shown, entry.line, 1, entry.msgid[:80],
                    "This translation has not been checked by a person since it was last changed, so it is not "
                    "published.",
                    f"Have a bilingual reviewer read it (the review sheet shows it beside the source), then run "
                    f"'leaflets review {locale} --leaflet {leaflet.meta.slug} --by NAME'.",
                    leaflet.meta.slug, locale, "translation", entry.msgid, entry.msgctxt or "")
            for entry in catalog.entries
            if entry.msgid and not entry.obsolete and entry.translated and record.reviewed(entry) is None]
