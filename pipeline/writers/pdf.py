"""Printed leaflets: the document model laid out as tagged PDF by Typst.

Three editions per leaflet and locale: clear print (``<id>.<locale>.pdf``, 12 pt by default),
large print (``.large-print.pdf``, 18 pt, no italics, 1.5 line spacing) and easy read
(``.easy-read.pdf``: one point per row with its picture beside it). The model becomes JSON
data that ``leaflet.typ`` reads with ``json()`` and sets as text, so a leaflet's words (or a
translator's) can never act as Typst markup. Typst writes PDF/UA-1: a structure tree with
headings, paragraphs, lists, tables with header cells and figures with alt text, running
footers as artifacts, ``/Lang``, the title shown as the window title, bookmarks, and every font
embedded. The output is a pure function of its inputs: the creation date is
``SOURCE_DATE_EPOCH`` or else the leaflet's publication date.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.anchors import fragment, glossary_id
from pipeline.environment import source_date_epoch
from pipeline.locale_info import babel_locale, bcp47, direction
from pipeline.pictures import picture_bytes, picture_filename
from pipeline.problems import InputError, Problem
from pipeline.writers.provenance import Provenance, dates, evidence

VARIANTS = ("standard", "large-print", "easy-read")
PAPERS = {"A4": "a4", "A5": "a5", "Letter": "us-letter"}
_DIGITS = {"arab": "١", "arabext": "۱", "deva": "१", "beng": "১"}  # Typst numbering patterns


@dataclass(frozen=True)
class PrintSettings:
    """``[tool.leaflets.print]``: paper, body sizes and the online address for QR codes."""

    page_size: str = "A4"
    body_size: float = 12
    large_print_size: float = 18
    site_url: str = ""

    @classmethod
    def of(cls, values: dict[str, Any]) -> PrintSettings:
        """The print settings from validated ``Settings.values``."""
        paper = values.get("print", {})
        return cls(paper.get("page_size", "A4"), paper.get("body_size", 12), paper.get("large_print_size", 18),
                   paper.get("site_url", ""))


@dataclass(frozen=True)
class PrintSpec:
    """One printed edition: the leaflet, its locale, interface words, variant and where it lives online."""

    leaflet: m.Leaflet
    locale: str
    labels: dict[str, str]
    variant: str = "standard"
    paper: PrintSettings = field(default_factory=PrintSettings)
    notice: str = ""  # the demonstration or fallback notice, when the edition carries one
    online: tuple[tuple[str, str], ...] = ()  # (label, address) of the online versions, for the QR block
    provenance: Provenance = field(default_factory=Provenance)


@functools.cache
def _fonts_table() -> dict[str, Any]:
    return tomllib.loads(resources.files("pipeline.writers").joinpath("print_fonts.toml").read_text("utf-8"))


@functools.cache
def installed_families() -> frozenset[str]:
    """The font families Typst finds on this machine (system fonts and its own)."""
    import typst

    from pipeline.parallel import mark_fork_unsafe

    mark_fork_unsafe()
    return frozenset(typst.Fonts(include_system_fonts=True).families())


def fonts_for(locale: str) -> list[str]:
    """The font families a printed leaflet in ``locale`` is set in (first choice first)."""
    table = _fonts_table()
    language = bcp47(locale).split("-")[0].lower()
    return list(table["languages"].get(language, table["default"]))


def font_problem(locale: str, shown: str = "pyproject.toml") -> Problem | None:
    """A problem when no font for ``locale``'s script is installed (Typst would draw boxes)."""
    families = fonts_for(locale)
    wanted = families[0] if families != _fonts_table()["default"] else None
    have = installed_families()
    if (wanted is not None and wanted not in have) or not any(f in have for f in families):
        name = wanted or " or ".join(families)
        return Problem(shown, 1, 1, f"printed leaflets in '{locale}' need the font {name}, which is not installed: "
                       "install it (Debian: apt-get install fonts-noto-core), or build without the PDF formats "
                       "(--format html --format epub ...)")
    return None


def _digits(locale: str) -> str:
    try:
        system = babel_locale(locale).default_numbering_system
    except (AttributeError, ValueError):
        return "1"
    return _DIGITS.get(system, "1")


class _Data:
    """The JSON the template reads, and the picture files it names."""

    def __init__(self, spec: PrintSpec, root: Path) -> None:
        self.spec = spec
        self.root = root
        self.rtl = direction(spec.locale) == "rtl"
        self.files: dict[str, bytes] = {}
        self.anchors: set[str] = set()
        self.tall = float(_fonts_table()["tall"].get(bcp47(spec.locale).split("-")[0].lower(), 0))

    def text(self, text: str) -> list[dict[str, Any]]:
        if not self.rtl:
            return [{"k": "t", "s": text}]
        from pipeline.writers.bidi import ltr_runs

        return [{"k": "ltr" if run.ltr else "t", "s": run.text} for run in ltr_runs(text)]

    def spans(self, inlines: tuple[m.Inline, ...]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for node in inlines:
            if isinstance(node, m.Text):
                out.extend(self.text(node.text))
            elif isinstance(node, m.Strong):
                out.append({"k": "b", "c": self.spans(node.children)})
            elif isinstance(node, m.Emph):
                out.append({"k": "i", "c": self.spans(node.children)})
            elif isinstance(node, m.Link):
                anchor = fragment(node.target)
                if node.target.startswith("#"):
                    out.append({"k": "in", "href": anchor, "c": self.spans(node.children)}
                               if anchor in self.anchors else {"k": "b", "c": self.spans(node.children)})
                else:
                    out.append({"k": "a", "href": node.target, "c": self.spans(node.children)})
            elif isinstance(node, m.LineBreak):
                out.append({"k": "br"})
        return out

    def picture(self, picture: m.Picture) -> str:
        name = "pictures/" + picture_filename(picture, self.spec.leaflet)
        if name not in self.files:
            self.files[name] = picture_bytes(picture, self.spec.leaflet, self.root)
        return name

    def block(self, block: m.Block) -> dict[str, Any]:
        if isinstance(block, m.Paragraph):
            return {"k": "p", "c": self.spans(block.inlines)}
        if isinstance(block, m.ListBlock):
            return self.listing(block)
        if isinstance(block, m.Table):
            width = len(block.header)
            rows = [[self.spans(c.inlines) for c in row][:width] + [[]] * (width - len(row)) for row in block.rows]
            return {"k": "table", "header": [self.spans(c.inlines) for c in block.header], "rows": rows,
                    "widths": _column_weights(block)}
        if isinstance(block, m.Callout):
            title = self.spans(block.title) if block.title else [{"k": "t", "s": self.spec.labels.get(block.kind, "")}]
            return {"k": "box", "kind": block.kind, "title": title, "blocks": [self.block(b) for b in block.blocks]}
        if isinstance(block, m.Image):
            return {"k": "picture", "file": self.picture(block.picture), "alt": block.picture.alt}
        if isinstance(block, m.Glossary):
            return {"k": "glossary", "entries": [{"term": e.term, "anchor": glossary_id(e.term),
                                                  "meaning": self.spans(e.meaning)} for e in block.entries]}
        raise TypeError(type(block).__name__)

    def listing(self, block: m.ListBlock) -> dict[str, Any]:
        return {"k": "list", "ordered": block.ordered,
                "items": [{"c": self.spans(i.inlines), "sub": self.listing(i.sublist) if i.sublist else None}
                          for i in block.items]}

    def document(self) -> dict[str, Any]:
        spec, labels = self.spec, self.spec.labels
        leaflet, meta = spec.leaflet, spec.leaflet.meta
        easy = spec.variant == "easy-read"
        sections = [s for s in leaflet.sections if s.easy_read] if easy else list(leaflet.sections)
        self.anchors = {s.anchor for s in sections}
        if not easy:
            self.anchors |= {glossary_id(e.term) for s in sections for b in s.blocks
                             if isinstance(b, m.Glossary) for e in b.entries}
        size = {"standard": spec.paper.body_size, "large-print": spec.paper.large_print_size,
                "easy-read": max(16.0, float(spec.paper.body_size))}[spec.variant]
        before, _, rest = labels.get("page_of", "Page {page} of {pages}").partition("{page}")
        between, _, after = rest.partition("{pages}")
        qr = self.qr() if spec.online else None
        rows = {key: f"{label} {value}" for key, label, value in dates(meta, labels, spec.locale, spec.provenance)}
        review_line = " · ".join(rows[k] for k in ("last_checked", "next_review") if k in rows)
        checked = [rows[k] for k in ("translation_checked", "approved_by") if k in rows]
        lang = bcp47(spec.locale).split("-")
        standard = spec.variant == "standard"
        return {
            "title": meta.title, "organisation": meta.organisation, "summary": meta.summary,
            "keywords": [meta.slug], "lang": lang[0].lower(),
            "region": next((part.upper() for part in lang[1:] if len(part) == 2), None),
            "dir": "rtl" if self.rtl else "ltr", "fonts": fonts_for(spec.locale), "size": float(size),
            "variant": spec.variant, "tall": bool(self.tall),
            "leading": self.tall or (0.7 if standard else 0.85), "spacing": 1.0 if standard else 1.1,
            "italic": standard, "paper": PAPERS[spec.paper.page_size],
            "footer_size": max(10.0, float(size) - 2) if standard else max(16.0, float(size) - 2),
            "digits": _digits(spec.locale),
            "footer": {"left": f"{meta.slug} · {labels.get('version', 'Version')} {meta.version}",
                       "published": rows["published"],
                       "review": review_line,
                       "page_before": before, "page_between": between, "page_after": after},
            "notice": spec.notice, "contact_label": labels.get("contact", "Questions?"),
            "checked": checked,
            "evidence_label": labels.get("evidence", "Where this information comes from"),
            "evidence": [{"title": title, "where": where} for title, where in evidence(meta, spec.provenance)],
            "contact": self.spans(meta.contact), "qr": qr, "picture_width": 3.6,
            "sections": [{"level": 2 if easy else s.level, "anchor": s.anchor, "heading": self.spans(s.heading),
                          "blocks": [] if easy else [self.block(b) for b in s.blocks],
                          "points": [{"file": self.picture(p.picture), "alt": p.picture.alt,
                                      "c": self.spans(p.inlines)} for p in s.easy_read] if easy else []}
                         for s in sections],
        }

    def qr(self) -> dict[str, Any]:
        import segno

        first = self.spec.online[0][1]
        out = io.BytesIO()
        segno.make(first, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
        self.files["qr.svg"] = out.getvalue()
        return {"file": "qr.svg", "alt": f"QR code: {first}",
                # the short address a person types: the QR code holds the whole one
                # a line may break after a "/", never at a hyphen the address holds
                "lines": [{"label": label, "parts": _parts(address)} for label, address in self.spec.online]}


def _column_weights(table: m.Table) -> list[float]:
    """Each column's share of the width: at least its longest word (a dose such as "(120mg/5ml)"
    is never cut or run into the next column), more for columns of longer text."""
    weights = []
    for index in range(len(table.header)):
        cells = [m.plain_text(c.inlines) for c in (table.header[index], *(r[index] for r in table.rows
                                                                         if index < len(r)))]
        longest = max((len(w) for text in cells for w in text.split()), default=1)
        average = sum(len(text) for text in cells) / max(1, len(cells))
        weights.append(round(max(4.0, longest + 2.5, average / 1.6), 2))  # + the cell's inset
    return weights


def _parts(address: str) -> list[str]:
    return [part for part in re.findall(r"[^/]*/?", address.split("://", 1)[-1]) if part]


@functools.cache
def _compiler() -> Any:
    import typst

    from pipeline.parallel import mark_fork_unsafe

    mark_fork_unsafe()
    return typst.Compiler()


def _timestamp(leaflet: m.Leaflet) -> int:
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    return int(dt.datetime.combine(leaflet.meta.published, dt.time(), dt.UTC).timestamp())


def render_pdf(spec: PrintSpec, root: Path) -> bytes:
    """The printed edition ``spec`` as PDF/UA-1 bytes; InputError naming the leaflet when it cannot be made."""
    import typst

    shown = spec.leaflet.path or f"source/{spec.leaflet.meta.slug}.md"
    problem = font_problem(spec.locale, shown)
    if problem is not None:
        raise InputError([problem])
    data = _Data(spec, root)
    document = json.dumps(data.document(), ensure_ascii=False, sort_keys=True)
    template = resources.files("pipeline.writers").joinpath("leaflet.typ").read_bytes()
    with tempfile.TemporaryDirectory(prefix="leaflets-pdf-") as folder:
        base = Path(folder)
        (base / "leaflet.typ").write_bytes(template)
        for name, content in data.files.items():
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_bytes(content)
        try:
            pdf = _compiler().compile(input=str(base / "leaflet.typ"), root=str(base), format="pdf",
                                      sys_inputs={"data": document}, pdf_standards=["ua-1"],
                                      timestamp=_timestamp(spec.leaflet))
        except typst.TypstError as exc:
            raise InputError([Problem(shown, 1, 1, f"the {spec.variant} PDF in '{spec.locale}' could not be made: "
                                      f"{exc.message}; check the leaflet's pictures, or report this")]) from None
    assert isinstance(pdf, bytes)
    return pdf
