"""Clinical governance in a leaflet's front matter: who owns, wrote and approved it, when it was
last checked, the evidence it rests on, and what changed in each version.

Every key is optional unless the ``governance.required`` setting names it. Values are checked
here with the line of the item that is wrong, so ``validate`` can say "line 14: evidence item 2
has no title". The approval carries a fingerprint of the text that was approved
(:func:`text_fingerprint`), written by ``leaflets approve``, so the gate can tell when the text
changed after it was approved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from pipeline import model as m

GOVERNANCE_KEYS = ("owner", "author", "clinical_approver", "approved", "last_reviewed", "evidence", "changes")
FINGERPRINT_RE = re.compile(r"^[0-9a-f]{32}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


@dataclass(frozen=True)
class Approver:
    """The clinician who approves the leaflet: a name and a role."""

    name: str
    role: str


@dataclass(frozen=True)
class Approval:
    """A clinical approval: when, which version, and a fingerprint of the text approved."""

    date: dt.date
    version: str = ""
    fingerprint: str = ""
    line: int = 0


@dataclass(frozen=True)
class Evidence:
    """One source the leaflet rests on: a title and a link or a reference (or both)."""

    title: str
    link: str = ""
    reference: str = ""


@dataclass(frozen=True)
class Change:
    """One version's entry in the change log."""

    version: str
    summary: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Governance:
    """The governance record of one leaflet (every field optional)."""

    owner: str = ""
    author: str = ""
    clinical_approver: Approver | None = None
    approved: Approval | None = None
    last_reviewed: dt.date | None = None
    evidence: tuple[Evidence, ...] = ()
    changes: tuple[Change, ...] = ()
    # the front-matter line of every key given (not part of the record: moving a line changes nothing)
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, key: str, default: int = 1) -> int:
        """The front-matter line of ``key`` (``default`` when it is not given)."""
        return dict(self.lines).get(key, default)


Issue = tuple[int, int, str]  # line, column, message


def _line(node: yaml.Node, first_line: int) -> tuple[int, int]:
    return first_line + node.start_mark.line, node.start_mark.column + 1


def _one_line(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and "\n" not in value.strip()


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _mapping(node: yaml.Node) -> dict[str, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return {str(k.value): v for k, v in node.value}


def check_value(key: str, value: Any, node: yaml.Node, first_line: int) -> tuple[Any, list[Issue]]:
    """Check one governance key's ``value`` (``node``: its YAML node, for lines); return the value
    as the model holds it and what is wrong with it."""
    return _CHECKS[key](value, node, first_line)


def _text(what: str) -> Callable[[Any, yaml.Node, int], tuple[Any, list[Issue]]]:
    def check(value: Any, node: yaml.Node, first_line: int) -> tuple[Any, list[Issue]]:
        if not _one_line(value):
            return None, [(*_line(node, first_line), f"front matter '{what}' must be text on one line, such as "
                           f"{_EXAMPLES[what]}")]
        return value.strip(), []
    return check


def _approver(value: Any, node: yaml.Node, first_line: int) -> tuple[Any, list[Issue]]:
    fields = _mapping(node)
    shape = (f"front matter 'clinical_approver' must give a name and a role on two indented lines, such as\n"
             f"  clinical_approver:\n    name: {_EXAMPLES['name']}\n    role: {_EXAMPLES['role']}")
    if fields is None or not isinstance(value, dict):
        return None, [(*_line(node, first_line), shape)]
    issues = _unknown(fields, ("name", "role"), "clinical_approver", first_line)
    for part in ("name", "role"):
        if part not in fields:
            issues.append((*_line(node, first_line), f"front matter 'clinical_approver' has no '{part}': add "
                           f"'{part}: ...' ({_EXAMPLES[part]})"))
        elif not _one_line(value[part]):
            issues.append((*_line(fields[part], first_line), f"front matter 'clinical_approver.{part}' must be "
                           f"text on one line, such as {_EXAMPLES[part]}"))
    if issues:
        return None, issues
    return Approver(value["name"].strip(), value["role"].strip()), []


def _approved(value: Any, node: yaml.Node, first_line: int) -> tuple[Any, list[Issue]]:
    at = _line(node, first_line)
    if isinstance(node, yaml.ScalarNode):
        day = _date(value)
        if day is None:
            return None, [(*at, f"front matter 'approved': '{str(value)[:40]}' is not a date: write it as "
                           "YYYY-MM-DD, or let `leaflets approve` write the approval")]
        return Approval(day, line=at[0]), []
    fields = _mapping(node)
    if fields is None or not isinstance(value, dict):
        return None, [(*at, "front matter 'approved' must be a date (YYYY-MM-DD) or the record `leaflets approve` "
                       "writes (date, version, text)")]
    issues = _unknown(fields, ("date", "version", "text"), "approved", first_line)
    day = _date(value.get("date"))
    if "date" not in fields or day is None:
        where = _line(fields["date"], first_line) if "date" in fields else at
        issues.append((*where, "front matter 'approved.date' must be a date written YYYY-MM-DD"))
    version = value.get("version", "")
    if "version" in fields and not _one_line(version):
        issues.append((*_line(fields["version"], first_line), "front matter 'approved.version' must be the "
                       "version approved, in quotes, such as \"2.1\""))
    text = value.get("text", "")
    if "text" in fields and not (isinstance(text, str) and FINGERPRINT_RE.match(text)):
        issues.append((*_line(fields["text"], first_line), "front matter 'approved.text' is not a fingerprint "
                       "`leaflets approve` wrote (32 hexadecimal digits): do not edit it by hand; run "
                       "`leaflets approve` again after the clinician has approved the text"))
    if issues or day is None:
        return None, issues
    return Approval(day, str(version).strip(), str(text), at[0]), []


def _day(what: str) -> Callable[[Any, yaml.Node, int], tuple[Any, list[Issue]]]:
    def check(value: Any, node: yaml.Node, first_line: int) -> tuple[Any, list[Issue]]:
        day = _date(value)
        if day is None:
            return None, [(*_line(node, first_line), f"front matter '{what}': '{str(value)[:40]}' is not a date: "
                           "write it as YYYY-MM-DD, such as 2026-11-01")]
        return day, []
    return check


def _evidence(value: Any, node: yaml.Node, first_line: int) -> tuple[Any, list[Issue]]:
    if not isinstance(node, yaml.SequenceNode) or not isinstance(value, list):
        return None, [(*_line(node, first_line), "front matter 'evidence' must be a list of sources, one per "
                       "'- title: ...' line with a 'link:' or 'reference:' under it")]
    found: list[Evidence] = []
    issues: list[Issue] = []
    for number, (item, item_node) in enumerate(zip(value, node.value, strict=True), start=1):
        fields = _mapping(item_node)
        at = _line(item_node, first_line)
        if fields is None or not isinstance(item, dict):
            issues.append((*at, f"front matter 'evidence' item {number} must have a 'title:' and a 'link:' or "
                           "'reference:'"))
            continue
        issues.extend(_unknown(fields, ("title", "link", "reference"), f"evidence item {number}", first_line))
        if not _one_line(item.get("title")):
            issues.append((*at, f"front matter 'evidence' item {number} has no title: add 'title: ...' (such as "
                           "NICE guideline NG59)"))
        link, reference = item.get("link", ""), item.get("reference", "")
        if "link" in fields and not (isinstance(link, str) and URL_RE.match(link.strip())):
            issues.append((*_line(fields["link"], first_line), f"front matter 'evidence' item {number}: the link "
                           "must be a web address starting https:// or http://"))
        if "reference" in fields and not _one_line(reference):
            issues.append((*_line(fields["reference"], first_line), f"front matter 'evidence' item {number}: the "
                           "reference must be text on one line"))
        if "link" not in fields and "reference" not in fields:
            issues.append((*at, f"front matter 'evidence' item {number} says neither where to find it: add "
                           "'link: https://...' or 'reference: ...'"))
        if not issues:
            found.append(Evidence(item["title"].strip(), str(link).strip(), str(reference).strip()))
    return (None if issues else tuple(found)), issues


def _changes(value: Any, node: yaml.Node, first_line: int) -> tuple[Any, list[Issue]]:
    if not isinstance(node, yaml.SequenceNode) or not isinstance(value, list):
        return None, [(*_line(node, first_line), "front matter 'changes' must be a list, one '- version: \"1.1\"' "
                       "item per version with a 'summary:' under it")]
    found: list[Change] = []
    issues: list[Issue] = []
    for number, (item, item_node) in enumerate(zip(value, node.value, strict=True), start=1):
        fields = _mapping(item_node)
        at = _line(item_node, first_line)
        if fields is None or not isinstance(item, dict):
            issues.append((*at, f"front matter 'changes' item {number} must have a 'version:' and a 'summary:'"))
            continue
        issues.extend(_unknown(fields, ("version", "date", "summary"), f"changes item {number}", first_line))
        for part in ("version", "summary"):
            if not _one_line(item.get(part)):
                issues.append((*at, f"front matter 'changes' item {number} has no {part}: add '{part}: ...'"
                               + (" in quotes, such as \"1.1\"" if part == "version" else "")))
        day = _date(item.get("date")) if "date" in fields else None
        if "date" in fields and day is None:
            issues.append((*_line(fields["date"], first_line), f"front matter 'changes' item {number}: the date "
                           "must be written YYYY-MM-DD"))
        if not issues:
            found.append(Change(item["version"].strip(), item["summary"].strip(), day))
    return (None if issues else tuple(found)), issues


def _unknown(fields: dict[str, yaml.Node], known: tuple[str, ...], where: str, first_line: int) -> list[Issue]:
    return [(*_line(fields[name], first_line), f"front matter '{where}' has an unknown key '{name[:40]}': use "
             + ", ".join(known)) for name in fields if name not in known]


_EXAMPLES = {
    "owner": "Pain Management Team",
    "author": "Sam Jones, Clinical Nurse Specialist",
    "name": "Dr Aisha Patel",
    "role": "Consultant in Pain Medicine",
}

_CHECKS: dict[str, Callable[[Any, yaml.Node, int], tuple[Any, list[Issue]]]] = {
    "owner": _text("owner"),
    "author": _text("author"),
    "clinical_approver": _approver,
    "approved": _approved,
    "last_reviewed": _day("last_reviewed"),
    "evidence": _evidence,
    "changes": _changes,
}


def governance_of(values: dict[str, Any], lines: dict[str, int]) -> Governance:
    """The governance record from checked front-matter values."""
    return Governance(
        owner=values.get("owner", ""), author=values.get("author", ""),
        clinical_approver=values.get("clinical_approver"), approved=values.get("approved"),
        last_reviewed=values.get("last_reviewed"), evidence=values.get("evidence", ()),
        changes=values.get("changes", ()),
        lines=tuple(sorted(lines.items())),
    )


def text_fingerprint(leaflet: m.Leaflet) -> str:
    """A fingerprint of what a patient reads: title, summary, contact and every section, written
    canonically (a change of layout only, such as re-wrapping a paragraph, keeps it), and none
    of the dates, version or governance record."""
    from pipeline.markdown_writer import write_leaflet

    neutral = replace(leaflet.meta, version="0", published=dt.date(2000, 1, 1), review_due=dt.date(2000, 1, 2),
                      governance=Governance(), reading_age=None)
    text = write_leaflet(replace(leaflet, meta=neutral))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
