"""The Markdown reader: a source leaflet (CommonMark + YAML front matter) to the document model.

Parsing is done by markdown-it-py and its plugins (front matter, containers, definition lists,
tables); this module only walks the token stream, checks what a leaflet may contain and builds
the model. Every problem is collected, so one run reports all of them.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline import model as m
from pipeline.anchors import PAGE_IDS, fragment, glossary_id, slugify
from pipeline.frontmatter import BIDI_CONTROLS, PLACEHOLDER, read_front_matter, to_fill_problems
from pipeline.governance import governance_of
from pipeline.inputs import read_input
from pipeline.problems import InputError, Problem, shown_path, suggest

CONTAINERS = ("warning", "note", "easy-read")
LINK_SCHEMES = ("https://", "http://", "tel:", "mailto:", "#")
DISABLE_RE = re.compile(r"^<!--\s*leaflets-disable\s+([a-z0-9][a-z0-9-]*)\s*:\s*(\S.*?)\s*-->\s*$", re.S)
# ASCII white space only: a no-break space inside "10 000" is meaningful and must survive
WHITESPACE_RE = re.compile(r"[ \t\r\n\f\v]+")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin).use(deflist_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    return md


_MD = _markdown()
# markdown-it leaves a link it thinks unsafe (javascript:, data:, file:) as literal text, which
# would publish it silently; every link is made a link here, and the reader refuses the target
_MD.validateLink = lambda url: True  # type: ignore[method-assign]


def read_leaflet(path: Path, root: Path | None = None, draft: bool = False) -> m.Leaflet:
    """Read one source file into a Leaflet; raise InputError listing every problem found.

    ``draft``: accept front-matter values still 'TO FILL IN' (``leaflets format`` and ``import`` only).
    """
    shown = shown_path(path, root)
    raw = read_input(path, shown, "source")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(shown, line, col, "the file is not UTF-8 text: save it as UTF-8 "
                                  f"(byte 0x{raw[exc.start]:02x} is not valid UTF-8)")]) from None
    return parse_leaflet(text, shown, draft)


def parse_leaflet(text: str, path: str = "<string>", draft: bool = False) -> m.Leaflet:
    """Parse the Markdown text of a leaflet; ``path`` is used in messages only.

    ``draft``: accept front-matter values still 'TO FILL IN', kept in ``meta.to_fill``.
    """
    builder = _Builder(path, text.replace("\r\n", "\n").replace("\r", "\n"))
    builder.draft = draft
    leaflet = builder.build()
    if builder.problems or leaflet is None:
        raise InputError(sorted(set(builder.problems)))
    return leaflet


def parse_inlines(text: str) -> tuple[m.Inline, ...]:
    """Parse one line of inline Markdown (a translated unit, say) into inline runs.

    Raises ValueError naming what is not allowed (raw HTML, code, pictures, block syntax).
    """
    match = BIDI_CONTROLS.search(text)
    if match:
        raise ValueError(_bidi_message(match.group(0)))
    builder = _Builder("<unit>", "")
    tokens = _MD.parseInline(text.replace("\n", " "))
    children = tokens[0].children or [] if tokens else []
    inlines = builder.inlines(children, 1, allow_images=False)
    if builder.problems:
        raise ValueError("; ".join(p.message for p in builder.problems))
    return inlines


def unique_anchor(text: str, taken: set[str], number: int) -> str:
    """The anchor for the ``number``-th heading: its slug, made unique among ``taken`` (updated)."""
    base = slugify(text) or f"section-{number}"
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


@dataclass
class _SectionDraft:
    level: int
    heading: tuple[m.Inline, ...]
    anchor: str
    line: int
    blocks: list[m.Block] = field(default_factory=list)
    easy_read: list[m.EasyReadPoint] | None = None
    suppressions: list[m.Suppression] = field(default_factory=list)


class _Builder:
    """Walks markdown-it tokens, collecting model nodes and problems."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.problems: list[Problem] = []
        self.pending: list[m.Suppression] = []
        self.anchor_links: list[tuple[str, str, int]] = []  # (id, as written, line) of every #link
        self.draft = False

    # -- reporting ---------------------------------------------------------------------

    def problem(self, line: int, message: str, needle: str | None = None) -> None:
        col = 1
        if needle and 0 < line <= len(self.lines):
            found = self.lines[line - 1].find(needle)
            col = found + 1 if found >= 0 else 1
        elif 0 < line <= len(self.lines):
            stripped = self.lines[line - 1]
            col = len(stripped) - len(stripped.lstrip()) + 1
        self.problems.append(Problem(self.path, line, col, message))

    # -- the whole file ----------------------------------------------------------------

    def build(self) -> m.Leaflet | None:
        if not self.text.strip():
            self.problem(1, "the file is empty: start with front matter between '---' lines, then sections")
            return None
        self.check_characters()
        try:
            tokens = _MD.parse(self.text)
        except RecursionError:
            self.problem(1, "the text is nested too deeply (lists, quotes or emphasis inside each other) to read")
            return None
        self.check_containers_closed(tokens)
        if not tokens or tokens[0].type != "front_matter":
            self.problem(1, "no front matter: start the file with a '---' line, 'key: value' lines "
                         "(id, title, summary, ...) and a closing '---' line")
            return None
        fm_token = tokens[0]
        raw, problems = read_front_matter(fm_token.content, self.path, 2, fm_token.map[1] if fm_token.map else 1)
        self.problems.extend(problems)
        if not self.draft:
            self.problems.extend(to_fill_problems(raw, self.path))
        sections = self.sections(tokens[1:])
        self.check_anchor_links(sections)
        if not sections:
            end = (fm_token.map[1] if fm_token.map else 1) + 1
            self.problem(min(end, len(self.lines)), "the leaflet is empty: add at least one '## ' section")
        if self.problems:
            return None
        v = raw.values
        contact = self.inline_text(str(v["contact"]), raw.lines["contact"])
        meta = m.Metadata(
            slug=v["id"], title=v["title"], summary=v["summary"], organisation=v["organisation"],
            version=str(v["version"]), published=v["published"], review_due=v["review_due"],
            contact=contact, locale=v["locale"], reading_age=v.get("reading_age"),
            governance=governance_of(v, raw.lines), line=1,
            to_fill=tuple(sorted(raw.to_fill)),
        )
        return m.Leaflet(meta=meta, sections=sections, path=self.path)

    def check_characters(self) -> None:
        """Bidirectional controls reorder what is shown (a phone number reads backwards): refuse them."""
        for number, text in enumerate(self.lines, start=1):
            for match in BIDI_CONTROLS.finditer(text):
                self.problems.append(Problem(self.path, number, match.start() + 1, _bidi_message(match.group(0))))

    def check_containers_closed(self, tokens: list[Token]) -> None:
        """A box without its closing ':::' runs to the end of the file and swallows what follows."""
        for tok in tokens:
            if not (tok.type.startswith("container_") and tok.type.endswith("_open")) or not tok.map:
                continue
            end = tok.map[1]
            closing = self.lines[end].strip() if end < len(self.lines) else ""
            if not (closing.startswith(":::") and not closing.strip(":")):
                self.problem(tok.map[0] + 1, f"the '::: {tok.info.strip()[:20]}' box is not closed: add a line "
                             "':::' where it ends")

    def check_anchor_links(self, sections: tuple[m.Section, ...]) -> None:
        """Every ``#link`` must point at a heading or glossary word of this leaflet."""
        if not self.anchor_links:
            return
        headings = [s.anchor for s in sections]
        known = set(headings) | PAGE_IDS | {glossary_id(e.term) for s in sections for b in s.blocks
                                            if isinstance(b, m.Glossary) for e in b.entries}
        for anchor, written, line in self.anchor_links:
            if anchor not in known:
                hint = suggest(anchor, headings) or f" Headings here: {', '.join('#' + h for h in headings[:8])}."
                self.problem(line, f"the link to '#{anchor}' goes nowhere: no heading or glossary word has that "
                             f"id; link to a heading's id (its words in lower case joined by '-').{hint}",
                             written[:20] or None)

    def inline_text(self, text: str, line: int) -> tuple[m.Inline, ...]:
        try:
            return parse_inlines(text)
        except ValueError as exc:
            self.problem(line, f"{exc}")
            return ()

    # -- sections ----------------------------------------------------------------------

    def sections(self, tokens: list[Token]) -> tuple[m.Section, ...]:
        drafts: list[_SectionDraft] = []
        anchors: set[str] = set()
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            line = _line(tok)
            if tok.type == "heading_open":
                level = int(tok.tag[1])
                inlines = self.inlines(tokens[i + 1].children or [], line, allow_images=False)
                self.check_heading(level, line, drafts)
                anchor = unique_anchor(m.plain_text(inlines), anchors, len(drafts) + 1)
                drafts.append(_SectionDraft(level, inlines, anchor, line))
                self.flush_pending(line)
                i += 3
                continue
            if tok.type == "html_block" and self.directive(tok):
                i += 1
                continue
            if not drafts:
                self.problem(line, "text before the first section: put it under a '## ' heading "
                             "(the title and summary come from the front matter)")
                i = _skip(tokens, i)
                continue
            section = drafts[-1]
            if tok.type == "container_easy-read_open":
                end = _close(tokens, i)
                if section.easy_read is not None:
                    self.problem(line, "this section already has an easy-read block: put all its "
                                 "points in one '::: easy-read' block")
                points = self.easy_read(tokens[i + 1 : end], line)
                section.easy_read = points
                self.attach_pending(section, m.EASY_READ_TARGET)
                i = end + 1
                continue
            j = _skip(tokens, i)
            block = self.block(tokens[i:j])
            if block is not None:
                self.attach_pending(section, len(section.blocks))
                section.blocks.append(block)
            i = j
        return tuple(
            m.Section(d.level, d.heading, d.anchor, tuple(d.blocks), tuple(d.easy_read or ()),
                      tuple(d.suppressions), line=d.line)
            for d in drafts
        )

    def check_heading(self, level: int, line: int, drafts: list[_SectionDraft]) -> None:
        if level == 1:
            self.problem(line, "a '# ' heading is not allowed: the title comes from the front matter; "
                         "use '## ' for sections")
        elif level > 3:
            self.problem(line, f"heading level {level} is too deep: use '## ' for sections and '### ' "
                         "for parts of a section")
        elif level == 3 and not drafts:
            self.problem(line, "heading levels skip from the title to '### ': use '## ' for the first section")

    def directive(self, tok: Token) -> bool:
        """Record a ``<!-- leaflets-disable rule: reason -->`` comment; refuse any other HTML."""
        match = DISABLE_RE.match(tok.content.strip())
        line = _line(tok)
        if match:
            self.pending.append(m.Suppression(match.group(1), WHITESPACE_RE.sub(" ", match.group(2)), 0, line))
            return True
        if tok.content.lstrip().startswith("<!--") and "leaflets-disable" in tok.content:
            self.problem(line, "a rule switch needs a rule id and a reason: "
                         "<!-- leaflets-disable rule-id: why it does not apply here -->")
            return True
        self.problem(line, "raw HTML is not allowed in a leaflet (text only): write it as Markdown, "
                     "or remove it", tok.content.strip()[:10])
        return True

    def attach_pending(self, section: _SectionDraft, index: int) -> None:
        for sup in self.pending:
            section.suppressions.append(m.Suppression(sup.rule, sup.reason, index, sup.line))
        self.pending.clear()

    def flush_pending(self, line: int) -> None:
        for sup in self.pending:
            self.problem(sup.line, "this rule switch is not followed by a block in the same section: "
                         "put it directly above the paragraph, list or box it is for")
        self.pending.clear()

    # -- blocks ------------------------------------------------------------------------

    def block(self, toks: list[Token]) -> m.Block | None:
        tok = toks[0]
        line = _line(tok)
        kind = tok.type
        if kind == "paragraph_open":
            return self.paragraph(toks[1], line)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(toks, depth=0)
        if kind == "table_open":
            return self.table(toks)
        if kind in ("container_warning_open", "container_note_open"):
            return self.callout(toks)
        if kind == "dl_open":
            return self.glossary(toks)
        if kind == "html_block":
            self.directive(tok)
            return None
        if kind in ("fence", "code_block"):
            self.problem(line, "code blocks are not allowed in a leaflet: write plain text "
                         "(indenting a line by 4 spaces also makes a code block)")
        elif kind == "blockquote_open":
            self.problem(line, "quotes ('>') are not supported: use '::: note' for an aside")
        elif kind == "hr":
            self.problem(line, "a horizontal rule ('---') is not supported: start a new '## ' section instead")
        else:
            self.problem(line, f"'{kind}' is not supported in a leaflet")
        return None

    def paragraph(self, inline_tok: Token, line: int) -> m.Block | None:
        children = inline_tok.children or []
        content = inline_tok.content.strip()
        if content.startswith(":::"):
            name = content[3:].strip().split(" ")[0] if content[3:].strip() else ""
            self.problem(line, f"unknown box ':::{' ' + name if name else ''}': use '::: warning', "
                         f"'::: note' or '::: easy-read'.{suggest(name, CONTAINERS)} Close it with ':::'")
            return None
        meaningful = [c for c in children if not (c.type == "text" and not c.content.strip())]
        if len(meaningful) == 1 and meaningful[0].type == "image":
            picture = self.picture(meaningful[0], line)
            return m.Image(picture, line=line) if picture else None
        inlines = self.inlines(children, line, allow_images=False)
        return m.Paragraph(inlines, line=line) if inlines else None

    def list_block(self, toks: list[Token], depth: int) -> m.ListBlock | None:
        first = toks[0]
        line = _line(first)
        ordered = first.type == "ordered_list_open"
        if ordered and first.attrGet("start") not in (None, 1, "1"):
            self.problem(line, "numbered lists must start at 1: renumber the list from 1")
        items: list[m.ListItem] = []
        i = 1
        while i < len(toks) - 1:
            tok = toks[i]
            if tok.type != "list_item_open":
                i += 1
                continue
            end = _close(toks, i)
            items.append(self.list_item(toks[i + 1 : end], _line(tok), depth))
            i = end + 1
        return m.ListBlock(ordered, tuple(items), line=line)

    def list_item(self, toks: list[Token], line: int, depth: int) -> m.ListItem:
        inlines: tuple[m.Inline, ...] = ()
        sublist: m.ListBlock | None = None
        paragraphs = 0
        i = 0
        while i < len(toks):
            tok = toks[i]
            j = _skip(toks, i)
            if tok.type == "paragraph_open":
                paragraphs += 1
                if paragraphs == 2:
                    self.problem(_line(tok), "a list item has more than one paragraph: keep each item "
                                 "to one line, or make a new item")
                inlines = self.inlines(toks[i + 1].children or [], _line(tok), allow_images=False)
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                if depth >= 1:
                    self.problem(_line(tok), "lists can be nested one level only: move these items up a level")
                elif sublist is not None:
                    self.problem(_line(tok), "a list item can hold one nested list only")
                else:
                    sublist = self.list_block(toks[i:j], depth + 1)
            elif tok.type == "html_block":
                self.directive(tok)
            else:
                self.problem(_line(tok), "a list item can hold text and one nested list only")
            i = j
        if not inlines:
            self.problem(line, "empty list item: write its text or remove it")
        return m.ListItem(inlines, sublist, line=line)

    def table(self, toks: list[Token]) -> m.Table | None:
        line = _line(toks[0])
        rows: list[tuple[m.TableCell, ...]] = []
        row: list[m.TableCell] = []
        row_line = line
        for idx, tok in enumerate(toks):
            if tok.type == "tr_open":
                row, row_line = [], _line(tok)
            elif tok.type in ("th_open", "td_open"):
                inlines = self.inlines(toks[idx + 1].children or [], row_line, allow_images=False)
                row.append(m.TableCell(inlines, line=row_line))
            elif tok.type == "tr_close":
                rows.append(tuple(row))
        if not rows:
            return None
        header, body = rows[0], rows[1:]
        if not body:
            self.problem(line, "a table needs at least one row under its header row")
        if any(not cell.inlines for cell in header):
            self.problem(line, "every column of a table needs a header: fill in the empty header cell")
        return m.Table(header, tuple(body), line=line)

    def callout(self, toks: list[Token]) -> m.Callout | None:
        first = toks[0]
        line = _line(first)
        kind_title = first.info.strip().split(" ", 1)
        kind = kind_title[0]
        title = self.inlines_from_text(kind_title[1] if len(kind_title) > 1 else "", line)
        blocks: list[m.Paragraph | m.ListBlock] = []
        i = 1
        while i < len(toks) - 1:
            j = _skip(toks, i)
            tok = toks[i]
            if tok.type == "paragraph_open":
                block = self.paragraph(toks[i + 1], _line(tok))
                if isinstance(block, m.Paragraph):
                    blocks.append(block)
                elif block is not None:
                    self.problem(_line(tok), "a box can hold paragraphs and lists only")
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                lst = self.list_block(toks[i:j], 0)
                if lst:
                    blocks.append(lst)
            elif tok.type == "html_block":
                self.directive(tok)
            elif tok.type == "heading_open" or tok.type.startswith("container_"):
                # the box's ':::' is missing: it ran on over what follows
                self.problem(line, f"the '::: {kind}' box is not closed before line {_line(tok)}: add a line "
                             "':::' where the box ends")
            else:
                self.problem(_line(tok), "a box can hold paragraphs and lists only")
            i = j
        if not blocks:
            self.problem(line, f"the '::: {kind}' box is empty: write what it says, then close it with ':::'")
        if kind not in m.CALLOUT_KINDS:
            return None
        return m.Callout(kind, title, tuple(blocks), line=line)

    def glossary(self, toks: list[Token]) -> m.Glossary:
        entries: list[m.GlossaryEntry] = []
        term: str | None = None
        term_line = _line(toks[0])
        i = 0
        while i < len(toks):
            tok = toks[i]
            if tok.type == "dt_open":
                term_line = _line(tok)
                inlines = self.inlines(toks[i + 1].children or [], term_line, allow_images=False)
                if any(not isinstance(n, m.Text) for n in inlines):
                    self.problem(term_line, "a glossary word must be plain text, without bold or links")
                term = m.plain_text(inlines)
                i = _close(toks, i) + 1
                continue
            if tok.type == "dd_open":
                end = _close(toks, i)
                paras = [t for t in toks[i + 1 : end] if t.type == "inline"]
                others = [t for t in toks[i + 1 : end] if t.type.endswith("_open") and t.type != "paragraph_open"]
                if len(paras) != 1 or others:
                    self.problem(_line(tok), "a glossary meaning must be one short paragraph")
                meaning = self.inlines(paras[0].children or [], _line(tok), allow_images=False) if paras else ()
                if term is None:
                    self.problem(_line(tok), "this meaning has no word before it: write the word on the line above")
                else:
                    entries.append(m.GlossaryEntry(term, meaning, line=term_line))
                i = end + 1
                continue
            i += 1
        return m.Glossary(tuple(entries), line=_line(toks[0]))

    def easy_read(self, toks: list[Token], line: int) -> list[m.EasyReadPoint]:
        points: list[m.EasyReadPoint] = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            j = _skip(toks, i)
            if tok.type == "bullet_list_open":
                depth = 0
                for k in range(i, j):
                    t = toks[k]
                    if t.type == "bullet_list_open":
                        depth += 1
                    elif t.type == "bullet_list_close":
                        depth -= 1
                    elif t.type == "inline" and depth == 1:
                        point = self.easy_read_point(t, _line(t))
                        if point:
                            points.append(point)
                    elif t.type in ("bullet_list_open", "ordered_list_open") and depth > 1:
                        self.problem(_line(t), "easy-read points cannot be nested")
                if any(t.type == "ordered_list_open" for t in toks[i:j]):
                    self.problem(_line(tok), "easy-read points cannot be nested")
            elif tok.type == "html_block":
                self.directive(tok)
            else:
                self.problem(_line(tok), "an easy-read block holds points only: write each as "
                             "'- ![alt text](picture) One short sentence.'")
            i = j
        if not points and not any(p.line >= line for p in self.problems):
            self.problem(line, "the easy-read block is empty: add points such as "
                         "'- ![A doctor](doctor) The doctor talks to you.'")
        return points

    def easy_read_point(self, inline_tok: Token, line: int) -> m.EasyReadPoint | None:
        children = list(inline_tok.children or [])
        while children and children[0].type == "text" and not children[0].content.strip():
            children.pop(0)
        if not children or children[0].type != "image":
            self.problem(line, "this easy-read point has no picture: start it with ![what the picture "
                         "shows](concept), such as ![A doctor](doctor)")
            return None
        picture = self.picture(children[0], line)
        inlines = self.inlines(children[1:], line, allow_images=False)
        if not inlines:
            self.problem(line, "this easy-read point has a picture but no words: add one or two short sentences")
        if picture is None:
            return None
        return m.EasyReadPoint(picture, inlines, line=line)

    # -- pictures ----------------------------------------------------------------------

    def picture(self, tok: Token, line: int) -> m.Picture | None:
        ref = str(tok.attrGet("src") or "")
        # the alt text is what the label reads as plain text (escapes resolved, emphasis dropped)
        alt = _normalise("".join(c.content if c.type == "text" else " " if c.type.endswith("break") else ""
                                 for c in tok.children or []))
        ok = True
        if not alt:
            self.problem(line, "this picture has no alt text: describe it in the brackets, such as "
                         "![A nurse checks your blood pressure](nurse)", "![")
            ok = False
        elif alt == PLACEHOLDER and not self.draft:
            self.problem(line, f"this picture's alt text is still '{PLACEHOLDER}' (left by `leaflets import`: the "
                         "document gave none): describe the picture in the brackets", "![")
        if not ref:
            self.problem(line, "this picture names no file or concept: write one in the parentheses")
            ok = False
        elif "://" in ref or ref.startswith("/") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref):
            self.problem(line, f"picture '{ref}' is not inside the project: use a concept name such as "
                         "'doctor' or a path relative to the leaflet, such as pictures/map.svg", ref)
            ok = False
        elif ".." in PurePosixPath(ref).parts:
            self.problem(line, f"picture path '{ref}' leaves the project ('..'): put the file under the "
                         "project's folder and use a path inside it", ref)
            ok = False
        return m.Picture(ref, alt, line=line) if ok else None

    # -- inline runs -------------------------------------------------------------------

    def inlines_from_text(self, text: str, line: int) -> tuple[m.Inline, ...]:
        tokens = _MD.parseInline(text)
        return self.inlines(tokens[0].children or [] if tokens else [], line, allow_images=False)

    def inlines(self, tokens: Sequence[Token], line: int, *, allow_images: bool) -> tuple[m.Inline, ...]:
        stack: list[tuple[str, str, list[m.Inline]]] = [("root", "", [])]
        for tok in tokens:
            kind = tok.type
            out = stack[-1][2]
            if kind == "text":
                out.append(m.Text(tok.content))
            elif kind == "softbreak":
                out.append(m.Text(" "))
            elif kind == "hardbreak":
                out.append(m.LineBreak())
            elif kind in ("strong_open", "em_open"):
                stack.append((kind, "", []))
            elif kind == "link_open":
                target = str(tok.attrGet("href") or "")
                shown = target if len(target) <= 60 else target[:57] + "..."
                if not target.lower().startswith(LINK_SCHEMES):
                    self.problem(line, f"link target '{shown}' is not allowed: use https://, tel:, "
                                 "mailto: or #section", target[:20] or None)
                elif _hidden_characters(target):
                    self.problem(line, f"link target '{shown}' holds {_hidden_characters(target)}: a link must "
                                 "be plain characters; remove it", target[:20] or None)
                elif target.startswith("#"):
                    anchor = fragment(target)
                    if anchor and not any(c.isspace() or c in "()<>" for c in anchor):
                        # stored as typed: "#الآثار-الجانبية", not its percent-encoding
                        target = "#" + anchor
                    self.anchor_links.append((anchor, target, line))
                stack.append((kind, target, []))
            elif kind in ("strong_close", "em_close", "link_close") and len(stack) > 1:
                opened, target, children = stack.pop()
                inner = _tidy(children)
                node: m.Inline
                if opened == "strong_open":
                    node = m.Strong(inner)
                elif opened == "em_open":
                    node = m.Emph(inner)
                else:
                    node = m.Link(target, inner)
                    if not inner:
                        self.problem(line, f"the link to '{target}' has no text: write the words to click")
                stack[-1][2].append(node)
            elif kind == "image":
                self.problem(line, "a picture must be on a line of its own (or start an easy-read point), "
                             "not inside text", "![")
            elif kind == "code_inline":
                self.problem(line, "code (`...`) is not allowed in a leaflet: write plain text", "`")
            elif kind == "html_inline":
                self.problem(line, "raw HTML is not allowed in a leaflet (text only): remove "
                             f"'{tok.content[:30]}'", tok.content[:10])
            else:
                self.problem(line, f"'{kind}' is not supported in text")
        return _tidy(stack[0][2], strip=True)


def _bidi_message(ch: str) -> str:
    return (f"U+{ord(ch):04X} (a bidirectional control character) is not allowed: it changes the order in "
            "which text is shown, so a number or a link can read differently; remove it")


def _hidden_characters(target: str) -> str:
    """A description of an invisible or control character in a link target, or ''."""
    for ch in urllib.parse.unquote(target):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch.isspace():
            return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'a control character').lower()})"
    return ""


def _normalise(text: str) -> str:
    return WHITESPACE_RE.sub(" ", text).strip()


def _tidy(nodes: list[m.Inline], strip: bool = False) -> tuple[m.Inline, ...]:
    """Merge neighbouring text, collapse runs of white space, and trim a block's ends."""
    merged: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, m.Text):
            text = WHITESPACE_RE.sub(" ", node.text)
            if merged and isinstance(merged[-1], m.Text):
                text = WHITESPACE_RE.sub(" ", merged[-1].text + text)
                merged.pop()
            if text:
                merged.append(m.Text(text))
        else:
            merged.append(node)
    if strip:
        if merged and isinstance(merged[0], m.Text):
            merged[0] = m.Text(merged[0].text.lstrip())
        if merged and isinstance(merged[-1], m.Text):
            merged[-1] = m.Text(merged[-1].text.rstrip())
        merged = [n for n in merged if not (isinstance(n, m.Text) and not n.text)]
        # a line break at the edge of a block carries nothing
        while merged and isinstance(merged[-1], m.LineBreak):
            merged.pop()
    return tuple(merged)


def _line(tok: Token) -> int:
    return tok.map[0] + 1 if tok.map else 0


def _skip(tokens: Sequence[Token], i: int) -> int:
    """Index just past the block that starts at ``tokens[i]``."""
    if tokens[i].nesting == 1:
        return _close(tokens, i) + 1
    return i + 1


def _close(tokens: Sequence[Token], i: int) -> int:
    """Index of the token that closes the one opened at ``tokens[i]``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
