"""The easy-read gate reads what an easy-read reader reads: headings and the title, not only the points."""

from __future__ import annotations

from pathlib import Path

from pipeline.check.gate import CheckOptions, run_check
from pipeline.settings import load_settings

LEAFLET = """---
id: hip
title: Your hip replacement
summary: What happens when you have a new hip.
organisation: A clinic
version: "1"
published: 2026-01-01
review_due: 2027-01-01
contact: Call us on 01234 567 890.
locale: en-GB
---

## Your follow-up appointment after the sacroiliac check

We see you again after 6 weeks.

::: easy-read
- ![A doctor](doctor) We see you again after 6 weeks.
- ![A phone](phone) Call your GP if you feel unwell.
:::
{glossary}"""

GLOSSARY = """
## Words we use

Follow-up appointment
: Another appointment to check how you are.

Sacroiliac joint
: The joint at the bottom of your back.

GP
: Your family doctor.
"""


def _findings(tmp_path: Path, glossary: str) -> set[tuple[str, int, str]]:
    """(rule, line, message in lower case) of every easy-read finding."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "hip.md").write_text(LEAFLET.format(glossary=glossary), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.leaflets]\nlocales = []\n", encoding="utf-8")
    result = run_check(load_settings(tmp_path), CheckOptions())
    return {(f.rule, f.line, f.message.lower()) for f in result.findings if f.variant == "easy-read"}


def test_hard_words_in_an_easy_read_heading_and_an_unexplained_gp_are_found(tmp_path: Path) -> None:
    found = _findings(tmp_path, "")
    heading = [m for r, line, m in found if r == "easy-read-hard-word" and line == 13]
    assert any('"follow-up appointment"' in m for m in heading), found
    assert any('"sacroiliac"' in m for m in heading), found
    assert any(r == "easy-read-abbreviation" and line == 19 and '"gp"' in m for r, line, m in found), found


def test_the_glossary_explains_them(tmp_path: Path) -> None:
    found = _findings(tmp_path, GLOSSARY)
    assert not {f for f in found if f[0] in ("easy-read-hard-word", "easy-read-abbreviation")}, found
