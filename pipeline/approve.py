"""Recording a clinical approval in a leaflet's front matter (``leaflets approve``).

The approval names the clinician (``clinical_approver``) and records the day, the version and
a fingerprint of the text approved (``approved``), so ``leaflets check`` can tell when the text
changed afterwards. Only those two keys' lines are replaced; everything else in the file stays
byte for byte as the author wrote it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline import model as m
from pipeline.atomic import write_text_atomic
from pipeline.governance import text_fingerprint
from pipeline.po.reviews import check_name, latest_day
from pipeline.problems import InputError, Problem
from pipeline.reader import read_leaflet


@dataclass(frozen=True)
class ApprovalOutcome:
    """What ``leaflets approve`` wrote."""

    path: Path
    version: str
    fingerprint: str
    day: dt.date


def approve(path: Path, name: str, role: str, day: dt.date | None = None) -> ApprovalOutcome:
    """Record that ``name`` (``role``) approved the leaflet at ``path`` as it is now, on ``day``
    (default: today by the clock)."""
    day = day or dt.datetime.now(dt.UTC).date()
    for option, value in (("--by", name), ("--role", role)):
        why = check_name(value)
        if why:
            raise InputError([Problem(option, 0, 0, why.replace("reviewer's name", "name and role"))])
    if day > latest_day():
        raise InputError([Problem("--date", 0, 0, f"{day} is after today: record an approval when it is given")])
    leaflet = read_leaflet(path)  # refuses a leaflet that does not read, with its lines
    text = path.read_text(encoding="utf-8")
    fingerprint = text_fingerprint(leaflet)
    write_text_atomic(path, with_approval(text, leaflet, name.strip(), role.strip(), day, fingerprint))
    return ApprovalOutcome(path, leaflet.meta.version, fingerprint, day)


def with_approval(text: str, leaflet: m.Leaflet, name: str, role: str, day: dt.date, fingerprint: str) -> str:
    """``text`` with its ``clinical_approver`` and ``approved`` front-matter keys replaced (or added
    before the closing ``---``)."""
    from pipeline.governance import Approval, Approver, Governance
    from pipeline.markdown_writer import _yaml, governance_front_matter

    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "---")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    record = Governance(clinical_approver=Approver(name, role),
                        approved=Approval(day, leaflet.meta.version, fingerprint))
    # written as `leaflets format` writes it, where it puts it: before the keys that follow
    block = _yaml(governance_front_matter(record)).replace("\n", newline).splitlines(keepends=True)
    kept: list[str] = []
    at = None
    skipping = False
    for line in lines[1:end]:
        top = line[:1] not in (" ", "\t", "-", "#", "\r", "\n") and ":" in line
        if top:
            key = line.split(":", 1)[0].strip()
            skipping = key in ("clinical_approver", "approved")
            if at is None and key in ("last_reviewed", "evidence", "changes"):
                at = len(kept)
        if not skipping:
            kept.append(line)
    at = len(kept) if at is None else at
    return "".join([lines[0], *kept[:at], *block, *kept[at:], *lines[end:]])
