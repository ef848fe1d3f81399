"""SVG cleaning: what reaches an output is drawing, never behaviour or a request.

Pictures come from a package (OpenMoji), from the project (``drawn/``) or from a leaflet's own
folder, so they are treated as untrusted: parsed with entities, DTDs and network access off, then
rebuilt from an allow-list. Scripts, event handlers, foreign objects, animations, external
references (``href`` to anything but ``#id``, ``url()`` to anything but ``#id``, read with a
real CSS tokenizer so escapes cannot hide one) and unknown elements are dropped; the rest is
serialised again as plain SVG.
"""

from __future__ import annotations

import re
from typing import Any

import tinycss2
from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Drawing elements only. No script, foreignObject, image, a, animate/set, iframe, style.
ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "defs",
    "linearGradient", "radialGradient", "stop", "clipPath", "mask", "title", "desc", "use",
    "symbol", "pattern", "marker",
})

# Presentation and geometry attributes OpenMoji and ordinary drawings use.
ALLOWED_ATTRIBUTES = frozenset({
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
    "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "stroke-opacity", "opacity", "clip-path", "clip-rule", "mask", "display",
    "visibility", "color", "paint-order", "marker-start", "marker-mid", "marker-end", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy",
    "preserveAspectRatio", "patternUnits", "patternTransform", "clipPathUnits", "maskUnits",
    "markerWidth", "markerHeight", "refX", "refY", "orient", "version", "href",
})

# url(...) values may only point inside the same picture (used to prefix ids of clean values).
URL_VALUE = re.compile(r"url\(\s*['\"]?\s*([^)'\"]*)", re.IGNORECASE)
# A drawing nested deeper than this is not a drawing (and would exhaust the stack).
MAX_DEPTH = 64
# The only CSS functions a presentation value may use besides url(#id): colours, arithmetic and
# transforms. Anything else (image-set(), element(), src(), a disguised name) drops the value.
HARMLESS_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "calc", "translate", "rotate", "scale", "matrix",
                                "skewx", "skewy"})


class SvgError(ValueError):
    """The file is not a usable SVG picture."""


def parser() -> etree.XMLParser:
    """An XML parser that resolves no entities, loads no DTD and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           remove_comments=True, remove_pis=True, huge_tree=False)


def clean_svg(data: bytes) -> etree._Element:
    """Parse SVG bytes and return a cleaned copy of the drawing (a new ``svg`` element)."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise SvgError(f"not well-formed XML: {exc}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgError(f"the root element is {root.tag!r}, not an SVG <svg>")
    clean = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    _copy_attributes(root, clean)
    _copy_children(root, clean, 1)
    return clean


def _copy_children(source: etree._Element, target: etree._Element, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise SvgError(f"the drawing is nested more than {MAX_DEPTH} levels deep: simplify it")
    for child in source:
        # comments, processing instructions and unresolved entity references are not drawing
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        if qname.namespace != SVG_NS or qname.localname not in ALLOWED_ELEMENTS:
            continue
        copy = etree.SubElement(target, f"{{{SVG_NS}}}{qname.localname}")
        _copy_attributes(child, copy)
        if qname.localname in ("title", "desc") and child.text:
            copy.text = child.text
        _copy_children(child, copy, depth + 1)


def _copy_attributes(source: etree._Element, target: etree._Element) -> None:
    for name, value in source.attrib.items():
        qname = etree.QName(name)
        local = qname.localname
        if qname.namespace not in (None, XLINK_NS) or local not in ALLOWED_ATTRIBUTES:
            continue  # event handlers (on*), style, foreign attributes
        if qname.namespace == XLINK_NS and local != "href":
            continue
        if local == "href":
            if not value.strip().startswith("#"):
                continue  # external or javascript: reference
            target.set("href", value.strip())
            continue
        if not _urls_internal(value):
            continue
        target.set(local, value)


def _urls_internal(value: str) -> bool:
    """True when every reference in a presentation value points inside the picture.

    The value is read by a real CSS tokenizer (tinycss2), so an escaped ``u\\72l(...)``, a
    comment inside the function name or an unquoted url token is seen as the ``url()`` it is.
    """
    if "\\" in value or "/*" in value:
        return False  # escapes and comments in a colour or a length are only ever a disguise
    return all(_tokens_internal(tinycss2.parse_component_value_list(value)))


def _tokens_internal(tokens: list[Any]) -> list[bool]:
    verdicts: list[bool] = []
    for token in tokens:
        kind = getattr(token, "type", "")
        if kind == "url":
            verdicts.append(str(token.value).strip().startswith("#"))
        elif kind == "function":
            name = str(token.lower_name)
            if name == "url":
                strings = [t for t in token.arguments if getattr(t, "type", "") not in ("whitespace", "comment")]
                verdicts.append(len(strings) == 1 and getattr(strings[0], "type", "") == "string"
                                and str(strings[0].value).strip().startswith("#"))
            elif name in HARMLESS_FUNCTIONS:
                verdicts.extend(_tokens_internal(list(token.arguments)))
            else:
                verdicts.append(False)
        elif kind in ("() block", "[] block", "{} block", "at-keyword", "error", "string"):
            verdicts.append(False)  # never in a colour, a length or a transform
    return verdicts


def prefix_ids(svg: etree._Element, prefix: str) -> None:
    """Make the ids of one picture unique before it is combined with another in one file."""
    for el in svg.iter():
        if el.get("id"):
            el.set("id", prefix + str(el.get("id")))
        for name, value in el.attrib.items():
            if name == "id":
                continue
            if name == "href" and value.startswith("#"):
                el.set(name, "#" + prefix + value[1:])
            elif "url(" in value:
                el.set(name, URL_VALUE.sub(lambda m: "url(#" + prefix + m.group(1).strip()[1:], value))


def serialise_svg(svg: etree._Element) -> bytes:
    """The picture as a standalone UTF-8 SVG file, ending in a newline."""
    out: bytes = etree.tostring(svg, encoding="utf-8", xml_declaration=True)
    return out + b"\n"
