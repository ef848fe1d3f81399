"""A structural validator of PEF 1.0 documents (Portable Embosser Format, ``version="2008-1"``,
namespace ``http://www.daisy.org/ns/2008/pef``), written by this project from the rules of the
PEF 1.0 specification (DAISY Consortium, braillespecs "pef-specification").

The specification's official RELAX NG grammar is not installable from a package registry (it is
on no PyPI or Debian package, and CI has no Maven), and copying it into the repository would
commit third-party material, so this module is the check every PEF in the tests gets. When the
environment variable ``LEAFLETS_PEF_SCHEMA`` names the official grammar file (``pef-2008-1.rng``),
``tests/test_braille.py`` validates every PEF against that grammar with lxml too.

What is checked, each broken rule giving one human-readable error:

- the XML is well formed and encoded as UTF-8 or UTF-16;
- the root is ``pef`` in the PEF namespace with ``version="2008-1"``, holding ``head`` then
  ``body`` and nothing else;
- ``head`` holds exactly one ``meta``; ``meta`` holds Dublin Core elements
  (``http://purl.org/dc/elements/1.1/``): ``dc:format`` exactly once with the text
  ``application/x-pef+xml``, ``dc:identifier`` exactly once and not empty, at most one
  ``dc:title``, ``dc:description`` and ``dc:date`` (``YYYY-MM-DD``), ``dc:language`` a language
  tag, any number of the other Dublin Core elements; each is text only;
- ``body`` holds one or more ``volume``; a volume has ``cols`` and ``rows`` (positive integers),
  ``rowgap`` (a non-negative integer) and ``duplex`` (``true`` or ``false``) and holds one or more
  ``section``; a section may override any of the four and holds one or more ``page``; a page
  (which may set ``rowgap``) holds zero or more ``row``; a row (which may set ``rowgap``) holds
  only Unicode braille patterns, U+2800 to U+28FF, and no elements;
- the page size: no row has more cells than the ``cols`` in force, and the rows of a page fit in
  its height. ``rows`` is the page height in rows, a row is four dot-to-dot heights high and each
  row is followed by its row gap (in dot-to-dot heights), so a page's row count plus its row gaps
  divided by four, rounded up, must not exceed ``rows``; with ``rowgap="0"`` that is simply no
  more rows than ``rows``;
- no element in the PEF namespace but the ones above, each only where the specification puts it;
  no attribute without a namespace but the ones above (attributes in other namespaces, such as
  ``xml:lang``, are allowed); elements of other namespaces are allowed inside ``head``, ``body``,
  ``volume``, ``section`` and ``page`` (and in ``meta``, if not Dublin Core), are not looked
  into, and may not hold PEF elements;
- no text outside rows and Dublin Core elements: the PEF elements but ``row`` hold only
  whitespace between their children.

Comments and processing instructions are ignored.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

PEF_NS = "http://www.daisy.org/ns/2008/pef"
DC_NS = "http://purl.org/dc/elements/1.1/"
VERSION = "2008-1"
MEDIA_TYPE = "application/x-pef+xml"

# the fifteen Dublin Core 1.1 elements PEF's meta takes, and how many of each it may hold
DC_ONCE = ("format", "identifier")
DC_AT_MOST_ONCE = ("title", "description", "date")
DC_ANY = ("creator", "subject", "publisher", "contributor", "type", "source", "language", "relation",
          "coverage", "rights")

# the attributes without a namespace each PEF element may carry
LAYOUT = ("cols", "rows", "rowgap", "duplex")
ATTRIBUTES = {"pef": ("version",), "head": (), "meta": (), "body": (), "volume": LAYOUT, "section": LAYOUT,
              "page": ("rowgap",), "row": ("rowgap",)}

# a row gap is in dot-to-dot heights, a row four of them high
DOTS_PER_ROW = 4

XML_SPACE = " \t\r\n"
BRAILLE = re.compile("[\u2800-\u28ff]*")
DIGITS = re.compile(r"\+?[0-9]+")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class Layout:
    """The cols, rows and rowgap in force (None where an attribute was missing or broken)."""

    cols: int | None
    rows: int | None
    rowgap: int | None


def validate(document: bytes | str | etree._Element | etree._ElementTree) -> list[str]:
    """The errors that make ``document`` (a PEF's bytes or text, or a parsed one) not a PEF 1.0
    document, in document order; an empty list when it is one."""
    errors: list[str] = []
    if isinstance(document, bytes | str):
        data = document.encode("utf-8") if isinstance(document, str) else document
        try:
            tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False,
                                                                            no_network=True)))
        except etree.XMLSyntaxError as error:
            return [f"not well-formed XML: {error}"]
        encoding = (tree.docinfo.encoding or "UTF-8").upper()
        if isinstance(document, bytes) and encoding not in ("UTF-8", "UTF-16"):
            errors.append(f"the document is encoded as {encoding}: PEF must be UTF-8 or UTF-16")
        root = tree.getroot()
    elif isinstance(document, etree._ElementTree):
        root = document.getroot()
    else:
        root = document
    _Checker(errors).pef(root)
    return errors


def _local(element: etree._Element) -> tuple[str, str]:
    """An element's namespace ("" for none) and local name."""
    name = etree.QName(element)
    return name.namespace or "", name.localname


def _where(element: etree._Element) -> str:
    """Where an element is, for an error message: its path (local names, with a position where
    it has siblings of the same name) and source line."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        name = etree.QName(node).localname
        if parent is not None:
            same = [child for child in parent if child.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    line = f" (line {element.sourceline})" if element.sourceline else ""
    return "/" + "/".join(reversed(steps)) + line


def _elements(element: etree._Element) -> list[etree._Element]:
    """An element's element children (comments and processing instructions left out)."""
    return [child for child in element if isinstance(child.tag, str)]


class _Checker:
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors

    def error(self, element: etree._Element, message: str) -> None:
        self.errors.append(f"{_where(element)}: {message}")

    # --- shared rules ----------------------------------------------------------------------

    def attributes(self, element: etree._Element, name: str) -> None:
        """Only the element's own attributes without a namespace (any namespaced ones)."""
        for attribute in element.attrib:
            if "}" not in attribute and attribute not in ATTRIBUTES[name]:
                allowed = ", ".join(ATTRIBUTES[name]) or "none"
                self.error(element, f"unknown attribute {attribute!r} on {name} (allowed: {allowed})")

    def no_text(self, element: etree._Element, name: str) -> None:
        """Only whitespace directly inside the element, before and between its children."""
        texts = [element.text, *(child.tail for child in element)]
        for text in texts:
            if text and text.strip(XML_SPACE):
                self.error(element, f"text {text.strip(XML_SPACE)[:30]!r} directly in {name}: "
                                    "text is allowed only in rows and Dublin Core elements")
                return

    def foreign(self, element: etree._Element, parent: str) -> None:
        """An element of another namespace: allowed, not looked into, but it holds no PEF element."""
        for inner in element.iter():
            if inner is not element and isinstance(inner.tag, str) and _local(inner)[0] == PEF_NS:
                self.error(inner, f"PEF element {_local(inner)[1]!r} inside a foreign element in {parent}")

    def children(self, element: etree._Element, parent: str, wanted: tuple[str, ...],
                 foreign_allowed: bool = True) -> list[etree._Element]:
        """The element's PEF children named in ``wanted``; any other PEF child is an error, and a
        child of another namespace is one unless ``foreign_allowed``."""
        found = []
        for child in _elements(element):
            namespace, name = _local(child)
            if namespace == PEF_NS and name in wanted:
                found.append(child)
            elif namespace == PEF_NS:
                known = " (it belongs elsewhere)" if name in ATTRIBUTES else ""
                self.error(child, f"unknown element {name!r} in {parent}{known}: "
                                  f"{parent} holds {', '.join(wanted)}")
            elif foreign_allowed:
                self.foreign(child, parent)
            else:
                self.error(child, f"element {child.tag!r} of another namespace is not allowed in {parent}")
        return found

    def count(self, element: etree._Element, parent: str, found: list[etree._Element], name: str,
              least: int, most: int | None) -> None:
        number = sum(1 for child in found if _local(child)[1] == name)
        if number < least:
            self.error(element, f"{parent} has no {name}" if number == 0 else
                       f"{parent} has {number} {name} elements, at least {least} needed")
        elif most is not None and number > most:
            self.error(element, f"{parent} has {number} {name} elements, at most {most} allowed")

    def integer(self, element: etree._Element, attribute: str, least: int) -> int | None:
        """An integer attribute's value if it is a valid one (at least ``least``), else None."""
        raw = element.get(attribute)
        if raw is None:
            return None
        value = raw.strip(XML_SPACE)
        kind = "a positive integer" if least == 1 else "a non-negative integer"
        if not DIGITS.fullmatch(value) or int(value) < least:
            self.error(element, f"{attribute}={raw!r} is not {kind}")
            return None
        return int(value)

    def layout(self, element: etree._Element, name: str, outer: Layout | None) -> Layout:
        """Check the element's layout attributes; the layout in force inside it."""
        required = outer is None
        for attribute in LAYOUT:
            if required and element.get(attribute) is None:
                self.error(element, f"{name} has no {attribute} attribute (required)")
        cols = self.integer(element, "cols", 1)
        rows = self.integer(element, "rows", 1)
        rowgap = self.integer(element, "rowgap", 0)
        duplex = element.get("duplex")
        if duplex is not None and duplex.strip(XML_SPACE) not in ("true", "false"):
            self.error(element, f"duplex={duplex!r} is not 'true' or 'false'")
        if outer is None:
            return Layout(cols, rows, rowgap)
        return Layout(cols if element.get("cols") is not None else outer.cols,
                      rows if element.get("rows") is not None else outer.rows,
                      rowgap if element.get("rowgap") is not None else outer.rowgap)

    # --- the elements ----------------------------------------------------------------------

    def pef(self, root: etree._Element) -> None:
        namespace, name = _local(root)
        if name != "pef" or namespace != PEF_NS:
            self.error(root, f"the root element is {root.tag!r}, not pef in the namespace {PEF_NS}")
            return
        self.attributes(root, "pef")
        version = root.get("version")
        if version is None:
            self.error(root, f"pef has no version attribute (it must be {VERSION!r})")
        elif version != VERSION:
            self.error(root, f"pef version is {version!r}, not {VERSION!r}")
        self.no_text(root, "pef")
        found = self.children(root, "pef", ("head", "body"), foreign_allowed=False)
        if [_local(child)[1] for child in found] != ["head", "body"]:
            self.error(root, "pef must hold one head, then one body "
                             f"(found: {', '.join(_local(child)[1] for child in found) or 'nothing'})")
        for child in found:
            if _local(child)[1] == "head":
                self.head(child)
            else:
                self.body(child)

    def head(self, head: etree._Element) -> None:
        self.attributes(head, "head")
        self.no_text(head, "head")
        found = self.children(head, "head", ("meta",))
        self.count(head, "head", found, "meta", 1, 1)
        for meta in found:
            self.meta(meta)

    def meta(self, meta: etree._Element) -> None:
        self.attributes(meta, "meta")
        self.no_text(meta, "meta")
        dc: Counter[str] = Counter()
        for child in _elements(meta):
            namespace, name = _local(child)
            if namespace == DC_NS:
                dc[name] += 1
                self.dublin_core(child, name)
            elif namespace == PEF_NS:
                self.error(child, f"unknown element {name!r} in meta: meta holds Dublin Core elements "
                                  "and elements of other namespaces")
            else:
                self.foreign(child, "meta")
        for name in DC_ONCE:
            if dc[name] == 0:
                self.error(meta, f"meta has no dc:{name} (required)")
        for name in DC_ONCE + DC_AT_MOST_ONCE:
            if dc[name] > 1:
                self.error(meta, f"meta has {dc[name]} dc:{name} elements, at most one allowed")

    def dublin_core(self, element: etree._Element, name: str) -> None:
        if name not in DC_ONCE + DC_AT_MOST_ONCE + DC_ANY:
            self.error(element, f"dc:{name} is not a Dublin Core element")
            return
        for attribute in element.attrib:
            if "}" not in attribute:
                self.error(element, f"unknown attribute {attribute!r} on dc:{name}")
        if _elements(element):
            self.error(element, f"dc:{name} holds elements: it must hold text only")
            return
        text = element.text or ""
        if name == "format" and text != MEDIA_TYPE:
            self.error(element, f"dc:format is {text!r}, not {MEDIA_TYPE!r}")
        elif name == "identifier" and not text.strip(XML_SPACE):
            self.error(element, "dc:identifier is empty")
        elif name == "date" and not DATE.fullmatch(text):
            self.error(element, f"dc:date {text!r} is not a date as YYYY-MM-DD")
        elif name == "language" and not LANGUAGE_TAG.fullmatch(text.strip(XML_SPACE)):
            self.error(element, f"dc:language {text!r} is not a language tag")

    def body(self, body: etree._Element) -> None:
        self.attributes(body, "body")
        self.no_text(body, "body")
        found = self.children(body, "body", ("volume",))
        self.count(body, "body", found, "volume", 1, None)
        for volume in found:
            self.volume(volume)

    def volume(self, volume: etree._Element) -> None:
        self.attributes(volume, "volume")
        self.no_text(volume, "volume")
        layout = self.layout(volume, "volume", None)
        found = self.children(volume, "volume", ("section",))
        self.count(volume, "volume", found, "section", 1, None)
        for section in found:
            self.section(section, layout)

    def section(self, section: etree._Element, outer: Layout) -> None:
        self.attributes(section, "section")
        self.no_text(section, "section")
        layout = self.layout(section, "section", outer)
        found = self.children(section, "section", ("page",))
        self.count(section, "section", found, "page", 1, None)
        for page in found:
            self.page(page, layout)

    def page(self, page: etree._Element, outer: Layout) -> None:
        self.attributes(page, "page")
        self.no_text(page, "page")
        rowgap = self.integer(page, "rowgap", 0) if page.get("rowgap") is not None else outer.rowgap
        rows = self.children(page, "page", ("row",))
        gaps = 0
        for row in rows:
            gap = self.row(row, outer.cols, rowgap)
            gaps += gap or 0
        height = len(rows) + math.ceil(gaps / DOTS_PER_ROW)
        if outer.rows is not None and height > outer.rows:
            extra = f" and row gaps of {gaps} dot heights" if gaps else ""
            self.error(page, f"the page has {len(rows)} rows{extra}, more than its height of {outer.rows} rows")

    def row(self, row: etree._Element, cols: int | None, outer_gap: int | None) -> int | None:
        """Check a row; its row gap."""
        self.attributes(row, "row")
        gap = self.integer(row, "rowgap", 0) if row.get("rowgap") is not None else outer_gap
        children = _elements(row)
        if children:
            self.error(row, f"row holds an element ({children[0].tag!r}): a row holds braille only")
        # the row's own text (comments and processing instructions left out)
        text = (row.text or "") + "".join(child.tail or "" for child in row)
        if not BRAILLE.fullmatch(text):
            bad = next(ch for ch in text if not "\u2800" <= ch <= "\u28ff")
            self.error(row, f"row holds {bad!r} (U+{ord(bad):04X}): only Unicode braille U+2800 to U+28FF")
        if cols is not None and len(text) > cols:
            self.error(row, f"the row has {len(text)} cells, more than the page width of {cols}")
        return gap
