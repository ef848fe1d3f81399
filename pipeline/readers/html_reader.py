"""Saved web pages (.html, .htm) into the document model: the main content only.

The page is parsed by lxml's HTML parser with the network off. The main content is the page's
own ``<main>`` (or ``role="main"``, or its one ``<article>``); a page with none of these goes
through readability-lxml, which scores the blocks of text to find the article. Our own mapping
then walks what is left: ``h1``-``h6`` headings, paragraphs, nested lists, tables, pictures with
their alt text (copied from beside the saved page), call-out boxes (``aside``, ``blockquote``,
or a class such as ``warning``/``callout``), bold, italic, links and line breaks.

Never carried over: scripts, styles, iframes, forms, embedded objects, navigation, headers,
footers and elements whose class or id names chrome (cookie banners, "upgrade your browser",
related articles, share buttons; ``clutter.toml``). Each is counted in the report with its
HTML path. Page metadata (``<title>``, the description, the site name, dates) fills the front
matter where the page gives it.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from pathlib import Path, PurePosixPath

from lxml import etree, html

from pipeline import model as m
from pipeline.frontmatter import PLACEHOLDER
from pipeline.inputs import read_input
from pipeline.pictures.raster import RASTER_FORMATS, RasterError, verify_raster
from pipeline.pictures.svg import SvgError, clean_svg, serialise_svg
from pipeline.problems import InputError, Problem
from pipeline.readers.clutter import clutter, is_chrome, is_stop
from pipeline.readers.draft import Found, Heading, Imported, assemble, count, tidy
from pipeline.readers.facts import parse_date

_BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "aside", "figure", "dl", "pre", "hr", "details", "summary", "header", "center"}
_CALLOUT_WORDS = ("warning", "alert", "callout", "call-out", "important", "urgent", "emergency", "note",
                  "info", "tip", "panel", "box", "highlight", "care-card", "inset")
_WARNING_WORDS = ("warning", "alert", "urgent", "emergency", "immediate", "danger")
_LINKS = ("https://", "http://", "mailto:", "tel:")


def read_html(data: bytes, shown: str, path: Path | None = None) -> Imported:
    """A saved web page's bytes into an imported document; pictures are read from beside ``path``."""
    return _Reader(data, shown, path).read()


class _Reader:
    def __init__(self, data: bytes, shown: str, path: Path | None) -> None:
        self.shown = shown
        self.folder = path.parent if path is not None else None
        self.imported = Imported()
        self.dropped: dict[str, list[str]] = {}
        self.picture_count = 0
        parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                                 encoding=_encoding(data))
        try:
            self.tree = html.document_fromstring(data, parser=parser)
        except (etree.ParserError, ValueError):
            raise InputError([Problem(shown, 1, 1, "this file holds no HTML page: save the page again from "
                                      "the browser (File > Save Page As, 'Web page, complete')")]) from None
        self.root_tree = self.tree.getroottree()

    def read(self) -> Imported:
        self.meta()
        main = self.main()
        self.strip(main)
        items: list[Heading | Found] = []
        self.stopped = False
        self.blocks(main, items)
        for kind, where in sorted(self.dropped.items()):
            self.imported.notes.append(f"{len(where)} {kind} left out (never carried over): {', '.join(where[:3])}"
                                       + (" ..." if len(where) > 3 else ""))
        assemble(items, self.imported)
        page_title = self.imported.meta.pop("page_title", "")
        if not self.imported.title and page_title:
            self.imported.title = page_title
        return self.imported

    # -- page metadata and main content -------------------------------------------------

    def meta(self) -> None:
        def content(*names: str) -> str:
            for name in names:
                for el in self.tree.xpath(f"//meta[@name='{name}' or @property='{name}']"):
                    value = " ".join(str(el.get("content") or "").split())
                    if value:
                        return value
            return ""

        title = content("og:title", "dc.title", "dcterms.title")
        if not title:
            found = self.tree.find(".//title")
            title = " ".join((found.text_content() if found is not None else "").split())
            title = re.split(r"\s+[|–—-]\s+", title)[0] if title else ""
        if title:
            self.imported.meta["page_title"] = title
        if summary := content("description", "og:description", "dc.description"):
            self.imported.meta["summary"] = summary
        if site := content("og:site_name", "dc.publisher", "dcterms.publisher"):
            self.imported.meta["organisation"] = site
        for key, names in (("published", ("dcterms.created", "dc.date.issued", "article:published_time",
                                          "dcterms.issued", "date")),
                           ("review_due", ("dcterms.valid", "review-date", "next-review-date"))):
            value = content(*names)
            parsed = parse_date(value[:10]) if value else None
            if parsed is not None:
                self.imported.meta[key] = parsed[0].isoformat()

    def main(self) -> html.HtmlElement:
        for query in ("//main", "//*[@role='main']"):
            found = self.tree.xpath(query)
            if len(found) == 1:
                self.imported.notes.append(f"main content: {self.where(found[0])}; the rest of the page was left out")
                return found[0]  # type: ignore[no-any-return]
        articles = self.tree.xpath("//article")
        if len(articles) == 1:
            self.imported.notes.append(f"main content: {self.where(articles[0])}; the rest of the page was left out")
            return articles[0]  # type: ignore[no-any-return]
        body = self.tree.find("body")
        if body is None:
            return self.tree
        self.strip(body)
        from readability import Document

        try:
            summary = Document(html.tostring(body, encoding="unicode")).summary(html_partial=True)
            picked = html.fragment_fromstring(summary, create_parent="div",
                                              parser=html.HTMLParser(no_network=True, remove_comments=True))
        except Exception:  # readability finds nothing on some pages: use the whole body then
            picked = None
        if picked is not None and len(" ".join(picked.text_content().split())) > 200:
            self.imported.notes.append("main content: chosen by readability-lxml (the page has no <main>); check "
                                       "nothing of the leaflet is missing")
            return picked
        return body

    def strip(self, root: html.HtmlElement) -> None:
        """Remove what is never carried over (scripts, iframes, forms) and page chrome, counting each."""
        tags = set(clutter()["html_drop_tags"])
        words = tuple(clutter()["html_drop_words"])
        helpers = set(clutter()["html_helper_classes"])
        for el in list(root.iter()):
            if not isinstance(el.tag, str) or el.getparent() is None:
                continue
            tag = el.tag.lower()
            marks = f"{el.get('class', '')} {el.get('id', '')}".lower()
            hidden = el.get("hidden") is not None or el.get("aria-hidden") == "true" \
                or re.search(r"display\s*:\s*none", el.get("style", ""), re.I) is not None
            reason = ""
            if tag in tags:
                reason = f"<{tag}>"
            elif chrome := next((w for w in words if re.search(rf"(?<![a-z]){re.escape(w)}", marks)), ""):
                reason = f"page chrome ({chrome})"
            elif hidden:
                reason = "hidden element"
            elif helpers & set(marks.split()):
                reason = "text for screen readers only"
            if reason:
                self.dropped.setdefault(reason, []).append(self.where(el))
                el.drop_tree()

    def where(self, el: html.HtmlElement) -> str:
        try:
            return str(self.root_tree.getpath(el))
        except ValueError:
            return str(el.tag)

    # -- blocks ----------------------------------------------------------------------------

    def blocks(self, el: html.HtmlElement, items: list[Heading | Found]) -> None:
        """Walk a container's children, turning each block into model items."""
        loose: list[m.Inline] = list(self.text_inlines(el.text))
        loose_where = self.where(el)

        def flush() -> None:
            nonlocal loose
            inlines = tidy(loose)
            loose = []
            if inlines:
                self.paragraph(inlines, loose_where, items)

        for child in el:
            if self.stopped:
                return
            if not isinstance(child.tag, str):
                loose.extend(self.text_inlines(child.tail))
                continue
            tag = child.tag.lower()
            if tag in _BLOCKS or (tag == "img" and child.getparent() is not None and len(el) == 1):
                flush()
                self.block(child, tag, items)
                loose.extend(self.text_inlines(child.tail))
            elif tag == "img":
                flush()
                self.image(child, items)
                loose.extend(self.text_inlines(child.tail))
            else:
                loose.extend(self.inline(child))
                loose.extend(self.text_inlines(child.tail))
        flush()

    def block(self, el: html.HtmlElement, tag: str, items: list[Heading | Found]) -> None:
        where = self.where(el)
        if re.fullmatch(r"h[1-6]", tag):
            inlines = tidy(self.inlines(el))
            text = m.plain_text(inlines).strip()
            if is_stop(text):
                self.imported.notes.append(f"{where}: '{text[:40]}' and everything after it is a list of other "
                                           "pages: left out")
                self.stopped = True
            elif inlines:
                items.append(Heading(int(tag[1]), _plain_heading(inlines), where))
        elif tag == "p":
            inlines = tidy(self.inlines(el))
            if inlines:
                self.paragraph(inlines, where, items)
            for img in el.iter("img"):
                self.image(img, items)
        elif tag in ("ul", "ol"):
            block = self.list_block(el)
            if block.items:
                items.append(Found(block, where))
                count(self.imported, "lists")
        elif tag == "table":
            self.table(el, items)
        elif tag == "img":
            self.image(el, items)
        elif tag == "hr":
            return
        elif tag in ("aside", "blockquote") or (tag in ("div", "section") and self.is_callout(el)):
            self.callout(el, items)
        elif tag == "pre":
            inlines = tidy(self.text_inlines(el.text_content()))
            if inlines:
                self.paragraph(inlines, where, items)
        elif tag == "dl":
            glossary = self.glossary(el)
            if glossary is not None:
                items.append(Found(glossary, where))
                for _ in glossary.entries:
                    count(self.imported, "glossary words")
                return
            for term in el.iter("dt", "dd"):
                inlines = tidy(self.inlines(term))
                if inlines:
                    self.paragraph((m.Strong(inlines),) if term.tag == "dt" else inlines, self.where(term), items)
        else:
            self.blocks(el, items)

    def glossary(self, el: html.HtmlElement) -> m.Glossary | None:
        """A definition list of one plain word and one meaning each, as a glossary; None otherwise."""
        parts = [c for c in el.iter("dt", "dd")]
        if not parts or len(parts) % 2 or any(p.tag != ("dt", "dd")[i % 2] for i, p in enumerate(parts)):
            return None
        entries = []
        for term, meaning in zip(parts[::2], parts[1::2], strict=True):
            word = " ".join(term.text_content().split())
            inlines = tidy(self.inlines(meaning))
            if not word or not inlines or any(not isinstance(n, m.Text) for n in tidy(self.inlines(term))):
                return None
            entries.append(m.GlossaryEntry(word, inlines))
        return m.Glossary(tuple(entries))

    def paragraph(self, inlines: tuple[m.Inline, ...], where: str, items: list[Heading | Found]) -> None:
        if not inlines:
            return
        text = m.plain_text(inlines).strip()
        if is_stop(text):
            self.imported.notes.append(f"{where}: '{text[:40]}' and everything after it is a list of other pages: "
                                       "left out")
            self.stopped = True
            return
        if is_chrome(text):
            self.imported.notes.append(f"{where}: '{text[:40]}' is page chrome: left out")
            return
        items.append(Found(m.Paragraph(inlines), where))
        count(self.imported, "paragraphs")

    def is_callout(self, el: html.HtmlElement) -> bool:
        marks = f"{el.get('class', '')} {el.get('role', '')}".lower()
        return any(re.search(rf"(?<![a-z]){w}", marks) for w in _CALLOUT_WORDS)

    def callout(self, el: html.HtmlElement, items: list[Heading | Found]) -> None:
        inner: list[Heading | Found] = []
        self.blocks(el, inner)
        title: tuple[m.Inline, ...] = ()
        blocks: list[m.Paragraph | m.ListBlock] = []
        for item in inner:
            if isinstance(item, Heading) and not title and not blocks:
                title = item.inlines
            elif isinstance(item, Heading):
                blocks.append(m.Paragraph((m.Strong(item.inlines),)))
            elif isinstance(item.block, (m.Paragraph, m.ListBlock)):
                blocks.append(item.block)
            else:
                items.append(item)  # a table or picture in a box stands after it
        if not blocks:
            if title:
                blocks = [m.Paragraph(title)]
                title = ()
            else:
                return
        marks = f"{el.get('class', '')} {el.get('role', '')}".lower()
        words = " ".join([m.plain_text(title)] + [m.plain_text(b.inlines) if isinstance(b, m.Paragraph) else
                                                  " ".join(m.plain_text(i.inlines) for i in b.items)
                                                  for b in blocks]).lower()
        urgent = any(w in marks for w in _WARNING_WORDS) or any(w in words for w in ("999", "a&e", "111", "urgent"))
        items.append(Found(m.Callout("warning" if urgent else "note", title, tuple(blocks)), self.where(el)))
        count(self.imported, "call-outs")

    def list_block(self, el: html.HtmlElement, depth: int = 0) -> m.ListBlock:
        items: list[m.ListItem] = []
        for li in el:
            if not isinstance(li.tag, str) or li.tag.lower() != "li":
                continue
            sub: m.ListBlock | None = None
            words: list[m.Inline] = list(self.text_inlines(li.text))
            for child in li:
                if not isinstance(child.tag, str):
                    words.extend(self.text_inlines(child.tail))
                    continue
                if child.tag.lower() in ("ul", "ol"):
                    nested = self.list_block(child, depth + 1)
                    if depth >= 1:  # leaflets nest lists two deep: deeper items join the level above
                        items.extend(nested.items)
                        self.imported.notes.append(f"{self.where(child)}: a list nested more than two deep was "
                                                   "flattened")
                    elif nested.items:
                        sub = nested
                elif child.tag.lower() == "p":
                    if words:
                        words.append(m.LineBreak())
                    words.extend(self.inlines(child))
                else:
                    words.extend(self.inline(child))
                words.extend(self.text_inlines(child.tail))
            inlines = tidy(words)
            if inlines or sub:
                items.append(m.ListItem(inlines or (m.Text(" "),), sub))
                count(self.imported, "list items")
        return m.ListBlock(str(el.tag).lower() == "ol", tuple(items))

    def table(self, el: html.HtmlElement, items: list[Heading | Found]) -> None:
        rows: list[list[tuple[m.Inline, ...]]] = []
        header_rows = 0
        for tr in el.iter("tr"):
            cells = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                inlines = tidy(self.inlines(cell))
                span = int(cell.get("colspan", "1")) if cell.get("colspan", "1").isdigit() else 1
                cells.append(inlines)
                cells.extend(() for _ in range(min(span, 20) - 1))
            if cells:
                parent = tr.getparent()
                if (not rows and all(str(c.tag).lower() == "th" for c in tr if isinstance(c.tag, str))) \
                        or (parent is not None and parent.tag == "thead"):
                    header_rows += 1
                rows.append(cells)
        if not any(cell for row in rows for cell in row):
            return  # no words in it (a layout table, or an empty one)
        width = max(len(r) for r in rows)
        rows = [r + [()] * (width - len(r)) for r in rows]
        if len(rows) == 1:
            self.paragraph(tidy([x for c in rows[0] for x in (*c, m.Text(" "))]), self.where(el), items)
            return
        if header_rows == 0:
            self.imported.notes.append(f"{self.where(el)}: a table with no header row: its first row is the header")
        count(self.imported, "tables")
        items.append(Found(m.Table(tuple(m.TableCell(c) for c in rows[0]),
                                   tuple(tuple(m.TableCell(c) for c in r) for r in rows[1:])), self.where(el)))

    # -- pictures --------------------------------------------------------------------------

    def image(self, el: html.HtmlElement, items: list[Heading | Found]) -> None:
        where = self.where(el)
        src = (el.get("src") or "").strip()
        alt = " ".join((el.get("alt") or "").split())
        if el.get("role") == "presentation" or (el.get("alt") == "" and el.get("alt") is not None):
            self.imported.notes.append(f"{where}: a decorative picture (empty alt) was left out")
            return
        data, suffix = self.picture_bytes(src, where)
        if data is None:
            return
        self.picture_count += 1
        name = f"picture-{self.picture_count}{suffix}"
        self.imported.images[name] = data
        if not alt:
            self.imported.notes.append(f"{where}: picture {self.picture_count} has no alt text: it is marked "
                                       f"'{PLACEHOLDER}' for you to describe")
        items.append(Found(m.Image(m.Picture(f"pictures/{name}", alt or PLACEHOLDER)), where))
        count(self.imported, "pictures")

    def picture_bytes(self, src: str, where: str) -> tuple[bytes | None, str]:
        if src.startswith("data:"):
            head, _, body = src.partition(",")
            kind = head[5:].split(";")[0].lower()
            suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp",
                      "image/svg+xml": ".svg"}.get(kind)
            if suffix is None or ";base64" not in head:
                self.imported.notes.append(f"{where}: an inline '{kind}' picture cannot be published: left out")
                return None, ""
            try:
                data = base64.b64decode(body, validate=True)
            except (binascii.Error, ValueError):
                raise self.refuse(where, "an inline picture is damaged (its base64 data does not decode)") from None
            return self.checked(data, suffix, where), suffix
        parsed = urllib.parse.urlsplit(src)
        if parsed.scheme or src.startswith("//"):
            self.imported.notes.append(f"{where}: the picture '{src[:60]}' is on the web, not saved with the page: "
                                       "left out (save the page as 'Web page, complete', or add it by hand)")
            return None, ""
        relative = PurePosixPath(urllib.parse.unquote(parsed.path))
        if self.folder is None or not src or relative.is_absolute() or ".." in relative.parts:
            self.imported.notes.append(f"{where}: the picture '{src[:60]}' is not beside the saved page: left out")
            return None, ""
        file = self.folder / Path(*relative.parts)
        suffix = file.suffix.lower().replace(".jpeg", ".jpg")
        if suffix not in RASTER_FORMATS and suffix != ".svg":
            self.imported.notes.append(f"{where}: the picture '{src[:60]}' is a '{suffix or 'no suffix'}' file, "
                                       "which is not published: left out (use PNG, JPEG, WebP or SVG)")
            return None, ""
        if not file.is_file():
            self.imported.notes.append(f"{where}: the picture '{src[:60]}' was not saved with the page: left out")
            return None, ""
        try:
            data = read_input(file, src, "svg" if suffix == ".svg" else "picture")
        except InputError as exc:
            raise self.refuse(where, f"the picture '{src[:60]}': {exc.problems[0].message}") from None
        return self.checked(data, suffix, where, src), suffix

    def checked(self, data: bytes, suffix: str, where: str, src: str = "inline") -> bytes:
        try:
            if suffix == ".svg":
                return serialise_svg(clean_svg(data))
            verify_raster(data, suffix)
        except (RasterError, SvgError) as exc:
            raise self.refuse(where, f"the picture '{src[:60]}' is not a usable picture ({exc}): replace it or "
                              "remove it from the page") from None
        return data

    def refuse(self, where: str, message: str) -> InputError:
        return InputError([Problem(self.shown, 1, 1, f"{where}: {message}")])

    # -- inline runs -----------------------------------------------------------------------

    def text_inlines(self, text: str | None) -> list[m.Inline]:
        return [m.Text(text)] if text else []

    def inlines(self, el: html.HtmlElement) -> list[m.Inline]:
        out: list[m.Inline] = list(self.text_inlines(el.text))
        for child in el:
            if isinstance(child.tag, str):
                out.extend(self.inline(child))
            out.extend(self.text_inlines(child.tail))
        return out

    def inline(self, el: html.HtmlElement) -> list[m.Inline]:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "br":
            return [m.LineBreak()]
        if tag == "img":
            return []  # pictures inside running text stand after their paragraph
        children = tuple(self.inlines(el))
        if tag in ("strong", "b"):
            return [m.Strong(children)]
        if tag in ("em", "i", "cite"):
            return [m.Emph(children)]
        if tag == "a":
            href = (el.get("href") or "").strip()
            if href.lower().startswith(_LINKS) and m.plain_text(children).strip():
                count(self.imported, "links")
                return [m.Link(href, children)]
            if href and not href.startswith("#"):
                self.imported.notes.append(f"{self.where(el)}: the link '{href[:60]}' is not a full web, mail or "
                                           "phone address: kept as text")
            return list(children)
        return list(children)


def _plain_heading(inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """A heading's words: bold, italic or a link inside a heading adds nothing (and a line break is a space)."""
    out: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, (m.Strong, m.Emph, m.Link)):
            out.extend(_plain_heading(node.children))
        elif isinstance(node, m.LineBreak):
            out.append(m.Text(" "))
        else:
            out.append(node)
    return tidy(out)


def _encoding(data: bytes) -> str:
    """The page's encoding: its BOM, else its ``<meta charset>``, else UTF-8 when it decodes, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    found = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    if found:
        name = found[1].decode("ascii").lower()
        try:
            data[:0].decode(name)
            return name
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
