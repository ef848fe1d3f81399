"""The release check of built braille (``pipeline.validate.validate_braille``): it passes the
sample's BRF and PEF files and catches a line too long, a page too long, a PEF that differs
from its BRF and braille that does not read back as the leaflet."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import SLUG, run_cli
from conftest import require_tool

from pipeline.validate import validate_braille
from pipeline.writers.braille import liblouis_available


@pytest.fixture
def built(project_copy: Path) -> Path:
    require_tool("liblouis", liblouis_available(), "apt-get install liblouis-bin liblouis-data python3-louis")
    code, _, err = run_cli(project_copy, "build", "--format", "html", "--format", "easy-read-html",
                           "--format", "brf", "--format", "pef", "--locale", "en-GB", "--locale", "cy")
    assert code == 0, err
    return project_copy / "dist"


def test_the_sample_braille_passes(built: Path) -> None:
    report = validate_braille(built)
    assert report.findings == []
    assert len(report.checked["braille"]) == 2  # en-GB and cy standard BRF
    assert all(share >= 0.8 for share in report.braille_shares.values()), report.braille_shares


def test_broken_braille_is_caught(built: Path) -> None:
    brf = built / SLUG / "en-GB" / f"{SLUG}.en-GB.brf"
    data = brf.read_bytes()
    pages = data.split(b"\f")
    pages[0] = pages[0].replace(b"\r\n", b"A" * 45 + b"\r\n", 1)  # one line of 45+ cells
    pages[1] = pages[1] + b"\r\n" + b"\r\n".join([b"ABC"] * 3)  # a page of 28 lines
    brf.write_bytes(b"\f".join(pages))
    rules = {f.rule for f in validate_braille(built).findings if f.file.endswith(".en-GB.brf")}
    assert {"cells", "lines", "pef"} <= rules, rules
    cy = built / SLUG / "cy" / f"{SLUG}.cy.brf"
    cy.write_bytes(b"\f".join([b"\r\n".join([b"XYZ QQQ"] * 25)] * 3))  # braille of nothing the page says
    found = [f for f in validate_braille(built).findings if f.file.endswith(".cy.brf")]
    assert any(f.rule == "back-translation" for f in found), found
