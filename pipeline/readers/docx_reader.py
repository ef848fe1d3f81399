"""Word documents (.docx) into the document model, by python-docx and our own mapping.

python-docx opens the package (zip, XML parts, relationships, pictures); the mapping walks the
body's XML in order, because python-docx's paragraph and table lists lose their order and do
not see text boxes, hyperlinks or pictures' alt text:

- headings by style (``Heading 1``.., ``Title``; also a paragraph's outline level, which
  LibreOffice and custom styles use), bold and italic runs (direct or by ``Strong``/``Emphasis``),
  hyperlinks (external targets and in-document bookmarks), line breaks;
- lists by numbering (``w:numPr``, as Word and pandoc write them) or by ``List Bullet``/``List
  Number`` styles, nested by level, ordered or not by the numbering's format;
- tables (first row the header), a one-cell table, a text box or shaded/bordered paragraphs as a
  call-out (``warning`` when its words say to get help at once, from ``callouts.toml``);
- pictures with their alt text (``descr``, else ``title``), copied out; a picture with none is
  kept with alt text 'TO FILL IN', which ``leaflets validate`` refuses until the author writes one.

What cannot be carried over (a nested table, an EMF drawing, a chart) is left out and reported
with its paragraph number.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from pipeline import model as m
from pipeline.frontmatter import PLACEHOLDER
from pipeline.pictures.raster import RasterError, verify_raster
from pipeline.problems import InputError, Problem
from pipeline.readers.clutter import is_chrome, is_stop
from pipeline.readers.draft import Found, Heading, Imported, assemble, count, tidy

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W, "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# a zip whose parts unpack to more than this is refused before anything is parsed (zip bombs)
MAX_UNPACKED = 256 * 1024 * 1024
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|nagłówek)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^list\s+(bullet|number|continue)(?:\s+(\d))?$", re.I)
_BOLD_LINE = 99  # the level a bold-line heading has until its real level is known
_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class _Para:
    """One body paragraph as the mapping sees it."""

    kind: str  # "heading", "list", "para", "title"
    inlines: tuple[m.Inline, ...]
    where: str
    level: int = 0
    ordered: bool = False
    boxed: bool = False
    pictures: list[m.Picture] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)  # text boxes anchored in it
    bold_line: bool = False  # a heading only by being a short bold line


class _Reader:
    def __init__(self, data: bytes, shown: str) -> None:
        self.shown = shown
        self.imported = Imported()
        self.number = 0  # body paragraph number, as the report shows it
        self.picture_count = 0
        self.document = _open(data, shown)
        part = self.document.part
        self.rels = {rid: rel for rid, rel in part.rels.items()}
        self.styles = _styles(self.document)
        self.formats = _numbering_formats(self.document)
        self.callouts = _callout_words()

    # -- walking the body ------------------------------------------------------------------

    def read(self) -> Imported:
        body = self.document.element.body
        items: list[Heading | Found] = []
        pending: list[_Para] = []  # a run of list paragraphs, or of boxed paragraphs
        stopped = False
        for child in _flatten(body):
            if stopped:
                break
            if child.tag == _w("p"):
                self.number += 1
                para = self.paragraph(child)
                if para is None:
                    continue
                text = m.plain_text(para.inlines).strip()
                if text and is_stop(text):
                    self.imported.notes.append(f"{para.where}: '{text[:40]}' and everything after it is a list of "
                                               "other pages: left out")
                    stopped = True
                    continue
                if text and is_chrome(text):
                    self.imported.notes.append(f"{para.where}: '{text[:40]}' is not part of the leaflet: left out")
                    continue
                together = pending and ((para.boxed and pending[0].boxed) or (
                    not para.boxed and not pending[0].boxed and para.kind == pending[0].kind == "list"))
                if pending and not together:
                    items.extend(self.flush(pending))
                    pending = []
                if para.kind == "list" or para.boxed:
                    pending.append(para)
                else:
                    items.extend(self.single(para))
                for box in para.boxes:
                    items.extend(self.flush(pending))
                    pending = []
                    inside = [self.paragraph(q) for q in box.iter(_w("p"))]
                    boxed = [q for q in inside if q is not None]
                    for q in boxed:
                        q.boxed = True
                    items.extend(self.flush(boxed))
            elif child.tag == _w("tbl"):
                items.extend(self.flush(pending))
                pending = []
                self.number += 1
                items.extend(self.table(child, f"paragraph {self.number} (a table)"))
        items.extend(self.flush(pending))
        styled = [i.level for i in items if isinstance(i, Heading) and i.level < _BOLD_LINE]
        # short bold lines are headings one level below the styled ones (or the only headings)
        items = [Heading(min(styled) + 1 if styled else 1, i.inlines, i.where)
                 if isinstance(i, Heading) and i.level == _BOLD_LINE else i for i in items]
        assemble(items, self.imported)
        return self.imported

    def single(self, para: _Para) -> list[Heading | Found]:
        out: list[Heading | Found] = []
        if para.kind == "title":
            if not self.imported.title:
                self.imported.title = m.plain_text(para.inlines).strip()
        elif para.kind == "heading" and para.inlines:
            out.append(Heading(para.level, para.inlines, para.where))
        elif para.inlines:
            out.append(Found(m.Paragraph(para.inlines), para.where))
            count(self.imported, "paragraphs")
        out.extend(self.images(para))
        return out

    def images(self, para: _Para) -> list[Found]:
        return [Found(m.Image(p), para.where) for p in para.pictures]

    def flush(self, pending: list[_Para]) -> list[Heading | Found]:
        if not pending:
            return []
        if pending[0].boxed:
            blocks: list[m.Paragraph | m.ListBlock] = []
            title: tuple[m.Inline, ...] = ()
            run: list[_Para] = []
            extra: list[Found] = []
            for index, para in enumerate(pending):
                if para.kind == "list":
                    run.append(para)
                    continue
                if run:
                    blocks.append(self.list_block(run))
                    run = []
                if (index == 0 and para.kind == "heading") or (index == 0 and len(pending) > 1
                                                             and _is_title_like(para.inlines)):
                    title = para.inlines
                elif para.inlines:
                    blocks.append(m.Paragraph(para.inlines))
                extra.extend(self.images(para))
            if run:
                blocks.append(self.list_block(run))
            if not blocks and title:
                blocks, title = [m.Paragraph(title)], ()
            if not blocks:
                return list(extra)
            return [self.callout(title, blocks, pending[0].where), *extra]
        count(self.imported, "lists")
        block = self.list_block(pending)
        return [Found(block, pending[0].where), *[f for p in pending for f in self.images(p)]]

    def callout(self, title: tuple[m.Inline, ...], blocks: list[m.Paragraph | m.ListBlock], where: str) -> Found:
        words = " ".join([m.plain_text(title)] + [_block_text(b) for b in blocks]).lower()
        kind: m.CalloutKind = "warning" if any(w in words for w in self.callouts) else "note"
        count(self.imported, "call-outs")
        return Found(m.Callout(kind, title, tuple(blocks)), where)

    def list_block(self, paras: list[_Para]) -> m.ListBlock:
        """Consecutive list paragraphs as one list, nested by level (two levels: deeper ones flattened)."""
        top = min(p.level for p in paras)
        items: list[tuple[_Para, list[_Para]]] = []
        for para in paras:
            if para.level > top and items:
                items[-1][1].append(para)
            else:
                items.append((para, []))
        for para, children in items:
            if any(c.level > top + 1 for c in children):
                self.imported.notes.append(f"{para.where}: a list nested more than two deep was flattened "
                                           "to two levels")
        built = []
        for para, children in items:
            for _ in range(1 + len(children)):
                count(self.imported, "list items")
            sub = m.ListBlock(children[0].ordered, tuple(m.ListItem(c.inlines) for c in children)) if children else None
            built.append(m.ListItem(para.inlines, sub))
        return m.ListBlock(paras[0].ordered, tuple(built))

    # -- one paragraph ---------------------------------------------------------------------

    def paragraph(self, p: etree._Element, in_table: bool = False) -> _Para | None:
        where = f"paragraph {self.number}"
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr, "pStyle") if ppr is not None else ""
        style = self.styles.get(style_id, _Style(style_id, style_id))
        inlines, pictures, boxes = self.runs(p, where)
        for _ in boxes:
            self.imported.notes.append(f"{where}: a text box became a call-out")
        para = _Para("para", tidy(inlines), where, pictures=pictures, boxes=boxes)
        name = style.name.strip()
        outline = _outline_level(ppr) if ppr is not None else None
        if outline is None:
            outline = style.outline
        heading = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(style.based_on)
        list_style = _LIST_STYLE.match(name)
        numbered = _num_pr(ppr) if ppr is not None else None
        if numbered is None and list_style is None:
            numbered = style.numbering  # a custom list style: its numbering says the kind and level
        if name.lower() in ("title",):
            para.kind = "title"
        elif name.lower() in ("subtitle",):
            para.kind = "para"
        elif heading is not None or outline is not None:
            para.kind, para.level = "heading", (int(heading.group(1)) if heading else (outline or 0) + 1)
        elif numbered is not None and numbered[0] != "0":
            num_id, ilvl = numbered
            para.kind, para.level = "list", ilvl
            para.ordered = self.formats.get((num_id, ilvl), "bullet") not in ("bullet", "none")
        elif list_style is not None and list_style.group(1).lower() != "continue":
            para.kind, para.level = "list", int(list_style.group(2) or 1) - 1
            para.ordered = list_style.group(1).lower() == "number"
        if para.kind in ("para", "list") and (style.boxed or (ppr is not None and _is_boxed(ppr))):
            para.boxed = True
        if not para.inlines and not pictures and not boxes:
            return None
        words = m.plain_text(para.inlines).strip()
        if para.kind == "para" and not para.boxed and not in_table and _all_bold(para.inlines) and len(words) < 80 \
                and not words.endswith((".", ",", ";", ":", "!")) and not re.search(r"\d", words):
            # a short all-bold line in body style is how many Word leaflets make a heading (a bold
            # line with a number in it, "Call 999 if...", stays the advice it is)
            para.kind, para.level, para.bold_line = "heading", _BOLD_LINE, True
            para.inlines = tidy(list(_unbold(para.inlines)))
            self.imported.notes.append(f"{where}: a short bold line '{m.plain_text(para.inlines)[:40]}' was "
                                       "taken as a heading (it has no heading style)")
        return para

    def runs(self, p: etree._Element, where: str) -> tuple[list[m.Inline], list[m.Picture], list[etree._Element]]:
        inlines: list[m.Inline] = []
        pictures: list[m.Picture] = []
        boxes: list[etree._Element] = []
        for node in p:
            tag = etree.QName(node).localname
            if tag == "r":
                inlines.extend(self.run(node, where, pictures, boxes))
            elif tag == "hyperlink":
                children: list[m.Inline] = []
                for r in node.iter(_w("r")):
                    children.extend(self.run(r, where, pictures, boxes))
                target = self.link_target(node, where)
                if target and m.plain_text(tuple(children)).strip():
                    inlines.append(m.Link(target, tuple(children)))
                    count(self.imported, "links")
                else:
                    inlines.extend(children)
            elif tag in ("ins", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent"):
                # wrappers around runs (tracked insertions, fields, content controls): read what they hold
                content = node.find("w:sdtContent", NS) if tag == "sdt" else node
                if content is not None:
                    more, more_pictures, more_boxes = self.runs(content, where)
                    inlines.extend(more)
                    pictures.extend(more_pictures)
                    boxes.extend(more_boxes)
            # deleted text (w:del), bookmarks and proofing marks carry no words of the leaflet
        return inlines, pictures, boxes

    def run(self, r: etree._Element, where: str, pictures: list[m.Picture],
            boxes: list[etree._Element]) -> list[m.Inline]:
        rpr = r.find(_w("rPr"))
        bold = _on(rpr, "b") if rpr is not None else False
        italic = _on(rpr, "i") if rpr is not None else False
        if rpr is not None:
            char = self.styles.get(_val(rpr, "rStyle"), None)
            if char is not None:
                bold = bold or char.bold
                italic = italic or char.italic
        parts: list[m.Inline] = []
        for node in r:
            tag = etree.QName(node).localname
            if tag == "t":
                parts.append(m.Text(node.text or ""))
            elif tag == "tab":
                parts.append(m.Text(" "))
            elif tag in ("br", "cr"):
                if node.get(_w("type")) in (None, "textWrapping"):
                    parts.append(m.LineBreak())
            elif tag == "noBreakHyphen":
                parts.append(m.Text("-"))
            elif tag in ("drawing", "pict", "AlternateContent", "object"):
                self.drawing(node, where, pictures, boxes)
        if not parts:
            return []
        run: tuple[m.Inline, ...] = tuple(parts)
        if italic:
            run = (m.Emph(run),)
        if bold:
            run = (m.Strong(run),)
        return list(run)

    def link_target(self, node: etree._Element, where: str) -> str:
        rid = node.get(f"{{{R}}}id")
        anchor = node.get(_w("anchor"))
        if rid and rid in self.rels and self.rels[rid].is_external:
            target = str(self.rels[rid].target_ref).strip()
            if target.lower().startswith(("https://", "http://", "mailto:", "tel:")):
                return target
            self.imported.notes.append(f"{where}: a link to '{target[:60]}' is not a web, mail or phone link: "
                                       "kept as text")
            return ""
        if anchor:
            # Word's bookmarks (_Toc123, _Ref...) name no heading the leaflet will have
            self.imported.notes.append(f"{where}: a link to a place in the document ('{anchor[:40]}') is kept "
                                       "as text: link it to a section's #id by hand if it is needed")
        return ""

    # -- pictures and text boxes -----------------------------------------------------------

    def drawing(self, node: etree._Element, where: str, pictures: list[m.Picture],
                boxes: list[etree._Element]) -> None:
        if etree.QName(node).localname == "AlternateContent":
            # Word writes a text box twice (DrawingML and a VML fallback): read the first choice only
            choice = node.find("mc:Choice", NS)
            node = choice if choice is not None else node
        texts = node.findall(".//w:txbxContent", NS)
        if texts:
            boxes.extend(texts[:1])
            return
        for blip_owner in node.iterfind(".//pic:pic", NS):
            blip = blip_owner.find(".//a:blip", NS)
            rid = blip.get(f"{{{R}}}embed") if blip is not None else None
            self.picture(rid, _alt_text(node), where, pictures)
            return
        image = node.find(".//v:imagedata", NS)
        if image is not None:
            self.picture(image.get(f"{{{R}}}id"), image.get(f"{{{'urn:schemas-microsoft-com:office:office'}}}title")
                         or "", where, pictures)
            return
        if node.find(".//a:graphicData", NS) is not None:
            self.imported.notes.append(f"{where}: a chart, shape or SmartArt cannot be carried over: left out "
                                       "(put its content in words, or save it as a PNG picture)")

    def picture(self, rid: str | None, alt: str, where: str, pictures: list[m.Picture]) -> None:
        rel = self.rels.get(rid or "")
        if rel is None or rel.is_external:
            self.imported.notes.append(f"{where}: a linked (not embedded) picture cannot be copied: left out")
            return
        part = rel.target_part
        content_type = str(part.content_type)
        suffix = _EXTENSIONS.get(content_type)
        if suffix is None:
            kind = content_type.split("/")[-1].upper().replace("X-", "")
            self.imported.notes.append(f"{where}: a {kind} picture cannot be published: left out (save it as "
                                       "PNG or JPEG in the document, or add it to the leaflet by hand)")
            return
        data = bytes(part.blob)
        try:
            verify_raster(data, suffix)
        except RasterError as exc:
            raise InputError([Problem(self.shown, self.number, 1, f"{where}: the picture "
                                      f"'{PurePosixPath(str(part.partname)).name}' is not a usable picture ({exc}):"
                                      " replace it in the document")]) from None
        self.picture_count += 1
        name = f"picture-{self.picture_count}{suffix}"
        self.imported.images[name] = data
        alt = " ".join(alt.split())
        if not alt:
            self.imported.notes.append(f"{where}: picture {self.picture_count} has no alt text: it is marked "
                                       f"'{PLACEHOLDER}' for you to describe")
        pictures.append(m.Picture(f"pictures/{name}", alt or PLACEHOLDER))
        count(self.imported, "pictures")

    # -- tables ----------------------------------------------------------------------------

    def table(self, tbl: etree._Element, where: str) -> list[Heading | Found]:
        rows: list[list[tuple[m.Inline, ...]]] = []
        box: list[_Para] = []
        for tr in tbl.findall("w:tr", NS):
            cells: list[tuple[m.Inline, ...]] = []
            for tc in tr.findall("w:tc", NS):
                if tc.find(".//w:tbl", NS) is not None:
                    self.imported.notes.append(f"{where}: a table inside a table cannot be carried over: its "
                                               "inner table's text is kept in the cell")
                tc_pr = tc.find("w:tcPr", NS)
                merge = tc_pr.find("w:vMerge", NS) if tc_pr is not None else None
                span = int(_val(tc_pr, "gridSpan") or 1) if tc_pr is not None else 1
                paras = [self.paragraph(p, in_table=True) for p in tc.iter(_w("p"))]
                kept = [p for p in paras if p is not None]
                box.extend(kept)
                joined: list[m.Inline] = []
                for p in kept:
                    if joined:
                        joined.append(m.LineBreak())
                    joined.extend(p.inlines)
                text = tidy(joined)
                if merge is not None and merge.get(_w("val")) != "restart":
                    text = ()  # a cell merged with the one above: its words are there
                cells.append(text)
                cells.extend(() for _ in range(span - 1))
            if cells:
                rows.append(cells)
        if not rows:
            return []
        if len(rows) == 1 and len(rows[0]) == 1:
            # a one-cell table is how Word leaflets draw a box around "Get help now" advice
            for para in box:
                para.boxed = True
                if para.kind == "title":
                    para.kind = "para"
            return self.flush(box)
        pictures = [Found(m.Image(pic), where) for para in box for pic in para.pictures]
        width = max(len(r) for r in rows)
        rows = [r + [()] * (width - len(r)) for r in rows]
        count(self.imported, "tables")
        header = tuple(m.TableCell(c) for c in rows[0])
        body = tuple(tuple(m.TableCell(c) for c in r) for r in rows[1:])
        if not body:
            return [Found(m.Paragraph(tidy([x for c in rows[0] for x in (*c, m.Text(" "))])), where), *pictures]
        return [Found(m.Table(header, body), where), *pictures]


def read_docx(data: bytes, shown: str) -> Imported:
    """A .docx file's bytes into an imported document; InputError for a file that is not one."""
    reader = _Reader(data, shown)
    imported = reader.read()
    props = reader.document.core_properties
    if not imported.title and (props.title or "").strip():
        imported.title = " ".join(props.title.split())
    return imported


# -- opening the package, styles and numbering ---------------------------------------------


def _open(data: bytes, shown: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError([Problem(shown, 1, 1, "this Word file is protected by a password, so it cannot be "
                                      "read: open it in Word, remove the password (File > Info > Protect "
                                      "Document), save it and import it again")])
        raise InputError([Problem(shown, 1, 1, "this is an old binary Word file (.doc) named .docx: open it in "
                                  "Word or LibreOffice and save it as .docx (Word Document), then import that")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError([Problem(shown, 1, 1, "this .docx file is damaged (it is not a complete Word "
                                  "document): open it in Word and save it again, or ask for a new copy")]) from None
    if unpacked > MAX_UNPACKED:
        raise InputError([Problem(shown, 1, 1, f"this .docx file unpacks to {unpacked // (1024 * 1024)} MB, "
                                  f"more than the {MAX_UNPACKED // (1024 * 1024)} MB a leaflet could need: "
                                  "make the pictures in it smaller and save it again")])
    if "word/document.xml" not in names:
        raise InputError([Problem(shown, 1, 1, "this zip file is not a Word document (it has no "
                                  "word/document.xml): import the .docx that Word saved")])
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError([Problem(shown, 1, 1, f"this .docx file is damaged ({str(exc)[:80]}): open it in Word "
                                  "and save it again")]) from None


@dataclass(frozen=True)
class _Style:
    style_id: str
    name: str
    based_on: str = ""
    outline: int | None = None
    numbering: tuple[str, int] | None = None
    boxed: bool = False
    bold: bool = False
    italic: bool = False


def _styles(document: object) -> dict[str, _Style]:
    """Styles by id, with what the mapping needs (inherited along ``basedOn``)."""
    try:
        root = document.styles.element  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return {}
    raw: dict[str, etree._Element] = {}
    for style in root.findall("w:style", NS):
        sid = style.get(_w("styleId"))
        if sid:
            raw[sid] = style
    out: dict[str, _Style] = {}

    def build(sid: str, depth: int = 0) -> _Style:
        if sid in out:
            return out[sid]
        el = raw[sid]
        name = _val(el, "name") or sid
        parent_id = _val(el, "basedOn")
        parent = build(parent_id, depth + 1) if parent_id in raw and depth < 10 else None
        ppr = el.find("w:pPr", NS)
        rpr = el.find("w:rPr", NS)
        outline = _outline_level(ppr) if ppr is not None else None
        heading = _HEADING_STYLE.match(name)
        style = _Style(
            style_id=sid, name=name,
            based_on=(parent.name if parent and _HEADING_STYLE.match(parent.name) else
                      parent.based_on if parent else ""),
            outline=outline if outline is not None else (parent.outline if parent and not heading else None),
            numbering=(_num_pr(ppr) if ppr is not None else None) or (parent.numbering if parent else None),
            boxed=(ppr is not None and _is_boxed(ppr)) or bool(parent and parent.boxed),
            bold=(rpr is not None and _on(rpr, "b")) or bool(parent and parent.bold) or name.lower() == "strong",
            italic=(rpr is not None and _on(rpr, "i")) or bool(parent and parent.italic)
            or name.lower() == "emphasis",
        )
        out[sid] = style
        return style

    for sid in raw:
        build(sid)
    return out


def _numbering_formats(document: object) -> dict[tuple[str, int], str]:
    """(numId, level) -> the number format ('bullet', 'decimal', ...) from the numbering part."""
    try:
        root = document.part.numbering_part.element  # type: ignore[attr-defined]
    except (KeyError, AttributeError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for an in root.findall("w:abstractNum", NS):
        levels = {}
        for lvl in an.findall("w:lvl", NS):
            levels[int(lvl.get(_w("ilvl"), "0"))] = _val(lvl, "numFmt") or "decimal"
        abstract[an.get(_w("abstractNumId"), "")] = levels
    out: dict[tuple[str, int], str] = {}
    for num in root.findall("w:num", NS):
        num_id = num.get(_w("numId"), "")
        for level, fmt in abstract.get(_val(num, "abstractNumId"), {}).items():
            out[(num_id, level)] = fmt
    return out


def _flatten(body: etree._Element) -> list[etree._Element]:
    """Body paragraphs and tables in order, with content controls and tracked insertions opened."""
    out: list[etree._Element] = []
    for child in body:
        tag = etree.QName(child).localname
        if tag in ("p", "tbl"):
            out.append(child)
        elif tag in ("sdt", "customXml", "ins"):
            content = child.find("w:sdtContent", NS) if tag == "sdt" else child
            if content is not None:
                out.extend(_flatten(content))
    return out


def _val(el: etree._Element | None, name: str) -> str:
    if el is None:
        return ""
    found = el.find(f"w:{name}", NS)
    return found.get(_w("val"), "") if found is not None else ""


def _on(rpr: etree._Element, name: str) -> bool:
    found = rpr.find(f"w:{name}", NS)
    return found is not None and found.get(_w("val"), "true").lower() not in ("0", "false", "off", "none")


def _outline_level(ppr: etree._Element) -> int | None:
    value = _val(ppr, "outlineLvl")
    return int(value) if value.isdigit() and int(value) < 9 else None


def _num_pr(ppr: etree._Element) -> tuple[str, int] | None:
    num = ppr.find("w:numPr", NS)
    if num is None:
        return None
    num_id = _val(num, "numId")
    level = _val(num, "ilvl")
    return (num_id, int(level) if level.isdigit() else 0) if num_id else None


def _is_boxed(ppr: etree._Element) -> bool:
    shd = ppr.find("w:shd", NS)
    fill = (shd.get(_w("fill"), "") if shd is not None else "").lower()
    if fill and fill not in ("auto", "ffffff", "none"):
        return True
    border = ppr.find("w:pBdr", NS)
    return border is not None and any(_w(side) == b.tag and b.get(_w("val"), "nil") not in ("nil", "none")
                                      for b in border for side in ("top", "left", "bottom", "right"))


def _alt_text(node: etree._Element) -> str:
    doc_pr = node.find(".//wp:docPr", NS)
    if doc_pr is None:
        return ""
    alt = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
    # Word fills in a picture's file name or "A picture containing..." guesses; a file name is no description
    if re.fullmatch(r"[\w\- ]+\.(?:png|jpe?g|gif|bmp|emf|wmf|tiff?)", alt, re.I) or alt.lower() in ("picture", "image"):
        return ""
    return alt


def _all_bold(inlines: tuple[m.Inline, ...]) -> bool:
    words = [n for n in inlines if not (isinstance(n, m.Text) and not n.text.strip())]
    return bool(words) and all(isinstance(n, m.Strong) for n in words)


def _unbold(inlines: tuple[m.Inline, ...]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for node in inlines:
        out.extend(node.children if isinstance(node, m.Strong) else (node,))
    return out


def _is_title_like(inlines: tuple[m.Inline, ...]) -> bool:
    text = m.plain_text(inlines).strip()
    return bool(text) and len(text) < 60 and not text.endswith((".", ","))


def _block_text(block: m.Paragraph | m.ListBlock) -> str:
    if isinstance(block, m.Paragraph):
        return m.plain_text(block.inlines)
    return " ".join(m.plain_text(i.inlines) for i in block.items)


def _callout_words() -> tuple[str, ...]:
    data = tomllib.loads((Path(__file__).parent / "callouts.toml").read_text(encoding="utf-8"))
    return tuple(str(w).lower() for w in data["warning_words"])

