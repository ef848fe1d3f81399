"""The baseline: findings a team has accepted for now, so the gate fails only on new ones.

Findings are matched by fingerprint (rule, leaflet, locale, variant, msgctxt and the text),
never by line number, so editing elsewhere in a file does not make old findings new.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from pipeline.check.findings import Finding
from pipeline.problems import InputError, Problem

VERSION = 1


def load_baseline(path: Path, root: Path) -> set[str]:
    """Fingerprints in a baseline file; a missing or broken file is an input error."""
    shown = path.as_posix()
    if os.path.lexists(path) and not os.path.isfile(path):  # a pipe would block the read
        raise InputError([Problem(shown, 1, 1, "the baseline is not a regular file: give the path of the file "
                                  "'leaflets check --write-baseline' wrote")])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "the baseline file does not exist: write it with 'leaflets check --write-baseline'",
                )
            ]
        ) from None
    except (OSError, UnicodeDecodeError, RecursionError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        raise InputError([Problem(shown, line, 1, f"the baseline file is not valid JSON: {exc}")]) from None
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise InputError(
            [Problem(shown, 1, 1, f"not a leaflets baseline (version {VERSION} with a findings list)")]
        )
    return {str(item.get("fingerprint")) for item in data["findings"] if isinstance(item, dict)}


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file for these findings: stable order, one finding per entry, readable diffs."""
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint,
                "rule": f.rule,
                "leaflet": f.leaflet,
                "locale": f.locale,
                "variant": f.variant,
                "text": " ".join(f.text.split())[:120],
            }
            for f in findings
        ),
        key=lambda e: (e["leaflet"], e["locale"], e["rule"], e["fingerprint"]),
    )
    unique = list({e["fingerprint"]: e for e in entries}.values())
    return (
        json.dumps(
            {"version": VERSION, "tool": "leaflets check", "findings": unique}, indent=2, ensure_ascii=False
        )
        + "\n"
    )
