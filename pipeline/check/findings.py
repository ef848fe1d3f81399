"""Findings: one thing the gate noticed, with a stable rule id, a place and advice."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Literal, TypeAlias

Severity: TypeAlias = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
LEVELS: tuple[str, ...] = ("error", "warning", "info", "off")


def rank(severity: str) -> int:
    """Order of severities: info 0, warning 1, error 2."""
    return {"info": 0, "warning": 1, "error": 2}[severity]


@dataclass(frozen=True)
class Finding:
    """One finding. ``path:line:col`` is in the source leaflet or, for translations, the PO file."""

    rule: str
    severity: Severity
    path: str
    line: int
    col: int
    text: str
    message: str
    suggestion: str
    leaflet: str = ""
    locale: str = ""
    variant: str = ""
    msgid: str = ""
    msgctxt: str = ""
    baselined: bool = field(default=False, compare=False)

    @property
    def fingerprint(self) -> str:
        """A stable id that survives edits elsewhere in the file (no line numbers in it).

        The baseline matches findings by this, so adding a paragraph above an old finding
        does not make it "new".
        """
        key = "\x1f".join(
            (self.rule, self.leaflet, self.locale, self.variant, self.msgctxt, " ".join(self.text.split()))
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]

    def relevel(self, severity: Severity) -> Finding:
        """The same finding at another severity."""
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, str, str, int, int, str]:
        """Findings sort by leaflet, locale, file and place, then rule."""
        return (self.leaflet, self.locale, self.path, self.line, self.col, self.rule)
