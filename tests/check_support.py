"""Helpers for the ``leaflets check`` tests: scratch projects and the seed page as a leaflet."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_8e65f65363b438e4.txt"

FRONT = """---
id: {slug}
title: {title}
summary: {summary}
organisation: Test Clinic
version: "1.0"
published: 2026-01-01
review_due: 2028-01-01
contact: Call the clinic on [01234 567 890](tel:+441234567890).
locale: en-GB
{extra}---

"""


def leaflet_text(
    slug: str,
    body: str,
    title: str = "Test leaflet",
    summary: str = "What this leaflet is about.",
    extra: str = "",
) -> str:
    """A complete source leaflet: front matter plus ``body`` (dedented)."""
    return FRONT.format(slug=slug, title=title, summary=summary, extra=extra) + textwrap.dedent(body).lstrip()


def make_project(folder: Path, leaflets: dict[str, str], settings: str = "", locales: str = "[]") -> Path:
    """A scratch project: ``pyproject.toml`` with ``[tool.leaflets]`` and the given source files."""
    (folder / "source").mkdir(parents=True, exist_ok=True)
    for slug, text in leaflets.items():
        (folder / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        f'[project]\nname = "scratch"\nversion = "0"\n\n[tool.leaflets]\nlocales = {locales}\n{settings}',
        encoding="utf-8",
    )
    return folder


def _escape(text: str) -> str:
    return re.sub(r"([\\*_\[\]<>#`])", r"\\\1", text)


def seed_as_leaflet(text: str) -> str:
    """The seed web page as a source leaflet, without copying it into the repository.

    Page chrome is cut (everything before the title line and from "Related Advice Articles"
    on); question lines become headings, "•" lines list items, wrapped lines are re-joined.
    """
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Sacroiliac Joint Injection")
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("Related Advice Articles"))
    blocks: list[list[str]] = []
    open_block = False
    for raw in lines[start + 1 : end]:
        line = raw.strip()
        if not line:
            open_block = False
            continue
        continues = blocks and (raw.startswith("    ") or line[0].islower() or line[0].isdigit())
        if continues and blocks[-1][0] in ("item", "para"):
            blocks[-1][1] += " " + line
        elif line.startswith("•"):
            blocks.append(["item", line[1:].strip()])
        elif line.endswith("?") and len(line.split()) <= 14:
            blocks.append(["heading", line])
        elif open_block and blocks[-1][0] == "para":
            blocks[-1][1] += " " + line
        else:
            blocks.append(["para", line])
        open_block = True
    out: list[str] = []
    previous = ""
    for kind, content in blocks:
        if kind == "heading":
            out.append(f"\n## {_escape(content)}\n")
        elif kind == "item":
            out.append(("" if previous == "item" else "\n") + f"- {_escape(content)}")
        else:
            out.append(f"\n{_escape(content)}\n")
        previous = kind
    return leaflet_text(
        "seed",
        "\n".join(out),
        title="Sacroiliac joint injection",
        summary="A leaflet written by someone else, used to test the gate.",
    )
