"""The Markdown writer: the document model back to a canonical source leaflet.

Reading what this writes gives back an equal model (``leaflets format`` relies on it), so text
is escaped wherever CommonMark would otherwise read it as markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

import yaml

from pipeline import model as m
from pipeline.frontmatter import PLACEHOLDER
from pipeline.governance import Governance

# Characters that start or end markup anywhere in a line.
_ALWAYS = re.compile(r"([\\`*_\[\]<>|#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Text that starts a block (heading, list, quote, definition, setext line) when it opens a line.
_BLOCK_CHAR = "#+-=:>~"
_NUMBER_MARKER = re.compile(r"^(\d+)([.)])")


def escape_text(text: str, at_line_start: bool = False) -> str:
    """Escape plain text so CommonMark reads it back as the same text."""
    out = _ENTITY.sub(r"\\&", _ALWAYS.sub(r"\\\1", text))
    if at_line_start:
        if _NUMBER_MARKER.match(out):
            out = _NUMBER_MARKER.sub(r"\1\\\2", out, count=1)
        elif out[:1] and out[0] in _BLOCK_CHAR:
            out = "\\" + out
    return out


def write_inlines(inlines: tuple[m.Inline, ...], continuation_indent: str = "") -> str:
    """Inline runs as Markdown on one line (a hard break continues on an indented line)."""
    parts: list[str] = []
    line_start = True
    for node in inlines:
        if isinstance(node, m.Text):
            parts.append(escape_text(node.text, at_line_start=line_start))
        elif isinstance(node, m.LineBreak):
            parts.append("\\\n" + continuation_indent)
            line_start = True
            continue
        elif isinstance(node, m.Strong):
            parts.append("**" + write_inlines(node.children, continuation_indent) + "**")
        elif isinstance(node, m.Emph):
            parts.append("*" + write_inlines(node.children, continuation_indent) + "*")
        elif isinstance(node, m.Link):
            label = write_inlines(node.children, continuation_indent)
            parts.append(f"[{label}]({_target(node.target)})")
        line_start = False
    return "".join(parts)


def _target(target: str) -> str:
    if re.search(r"[\s()<>]", target):
        return "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
    return target


def write_leaflet(leaflet: m.Leaflet) -> str:
    """The whole leaflet as canonical Markdown with YAML front matter."""
    meta = leaflet.meta
    front: dict[str, object] = {
        "id": meta.slug,
        "title": meta.title,
        "summary": meta.summary,
        "organisation": meta.organisation,
        "version": meta.version,
        "published": meta.published,
        "review_due": meta.review_due,
        "contact": write_inlines(meta.contact),
        "locale": meta.locale,
    }
    if meta.reading_age is not None:
        front["reading_age"] = meta.reading_age
    front.update(governance_front_matter(meta.governance))
    for key in meta.to_fill:
        front[key] = PLACEHOLDER
    chunks = ["---\n" + _yaml(front) + "---"]
    for section in leaflet.sections:
        chunks.append("#" * section.level + " " + write_inlines(section.heading))
        by_block: dict[int, list[m.Suppression]] = {}
        for sup in section.suppressions:
            by_block.setdefault(sup.block, []).append(sup)
        for index, text in enumerate(_blocks(section.blocks)):
            chunks.extend(_directive(s) for s in by_block.get(index, []))
            chunks.append(text)
        if section.easy_read:
            chunks.extend(_directive(s) for s in by_block.get(m.EASY_READ_TARGET, []))
            points = [f"- ![{escape_text(p.picture.alt)}]({_target(p.picture.ref)}) "
                      + write_inlines(p.inlines, "  ") for p in section.easy_read]
            chunks.append("::: easy-read\n" + "\n".join(points) + "\n:::")
    return "\n\n".join(chunks) + "\n"


def governance_front_matter(gov: Governance) -> dict[str, object]:
    """The governance keys given, as front matter, in the order the format documents."""
    out: dict[str, object] = {}
    if gov.owner:
        out["owner"] = gov.owner
    if gov.author:
        out["author"] = gov.author
    if gov.clinical_approver:
        out["clinical_approver"] = {"name": gov.clinical_approver.name, "role": gov.clinical_approver.role}
    if gov.approved:
        a = gov.approved
        out["approved"] = a.date if not (a.version or a.fingerprint) else {
            "date": a.date, **({"version": a.version} if a.version else {}),
            **({"text": a.fingerprint} if a.fingerprint else {})}
    if gov.last_reviewed:
        out["last_reviewed"] = gov.last_reviewed
    if gov.evidence:
        out["evidence"] = [{"title": e.title, **({"link": e.link} if e.link else {}),
                            **({"reference": e.reference} if e.reference else {})} for e in gov.evidence]
    if gov.changes:
        out["changes"] = [{"version": c.version, **({"date": c.date} if c.date else {}), "summary": c.summary}
                          for c in gov.changes]
    return out


def _yaml(data: dict[str, object]) -> str:
    lines = []
    for key, value in data.items():
        if isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")
        elif key == "version":
            # JSON's string syntax is YAML too, and keeps "1.0" from being read as a number
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000, sort_keys=False)
            lines.append(dumped.removesuffix("\n...\n").rstrip("\n"))
    return "\n".join(lines) + "\n"


def _directive(sup: m.Suppression) -> str:
    return f"<!-- leaflets-disable {sup.rule}: {sup.reason} -->"


def _blocks(blocks: Sequence[m.Block]) -> list[str]:
    """Each block as Markdown; lists in a row alternate their markers so they stay apart."""
    out: list[str] = []
    previous: m.Block | None = None
    alternate = False
    for block in blocks:
        if isinstance(block, m.ListBlock):
            same_kind = isinstance(previous, m.ListBlock) and previous.ordered == block.ordered
            alternate = same_kind and not alternate
            out.append(_list(block, "", alternate))
        else:
            out.append(_block(block))
        previous = block
    return out


def _block(block: m.Block) -> str:
    if isinstance(block, m.Paragraph):
        return write_inlines(block.inlines)
    if isinstance(block, m.ListBlock):
        return _list(block, "")
    if isinstance(block, m.Image):
        return f"![{escape_text(block.picture.alt)}]({_target(block.picture.ref)})"
    if isinstance(block, m.Table):
        return _table(block)
    if isinstance(block, m.Callout):
        title = (" " + write_inlines(block.title)) if block.title else ""
        return f"::: {block.kind}{title}\n" + "\n\n".join(_blocks(block.blocks)) + "\n:::"
    if isinstance(block, m.Glossary):
        return "\n\n".join(f"{escape_text(e.term, at_line_start=True)}\n: {write_inlines(e.meaning, '  ')}"
                           for e in block.entries)
    raise TypeError(f"unknown block {block!r}")


def _list(block: m.ListBlock, indent: str, alternate: bool = False) -> str:
    lines = []
    for number, item in enumerate(block.items, start=1):
        if block.ordered:
            marker = f"{number}{')' if alternate else '.'} "
        else:
            marker = "* " if alternate else "- "
        pad = indent + " " * len(marker)
        lines.append(indent + marker + write_inlines(item.inlines, pad))
        if item.sublist is not None:
            lines.append(_list(item.sublist, pad))
    return "\n".join(lines)


def _table(table: m.Table) -> str:
    def row(cells: tuple[m.TableCell, ...]) -> str:
        return "| " + " | ".join(write_inlines(c.inlines) for c in cells) + " |"

    lines = [row(table.header), "|" + "|".join(" --- " for _ in table.header) + "|"]
    lines.extend(row(r) for r in table.rows)
    return "\n".join(lines)
