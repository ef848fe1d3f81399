"""Readers for documents a team already has: Word (.docx), web pages, plain Markdown and plain text.

Each reader turns one file into an :class:`~pipeline.readers.draft.Imported`: the same document
model the Markdown reader produces (``pipeline/model.py``), the front matter the document
itself holds, and notes on what could not be mapped (with the document's paragraph number or
HTML path). ``pipeline/importer.py`` writes the result as a canonical source leaflet.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.problems import InputError, Problem
from pipeline.readers.draft import Imported

EXTENSIONS = (".docx", ".html", ".htm", ".md", ".markdown", ".txt")
# how much of each kind read_input reads at most
INPUT_KINDS = {".docx": "document", ".html": "webpage", ".htm": "webpage"}


def read_document(path: Path, shown: str, data: bytes) -> Imported:
    """Read ``data`` (the bytes of ``path``) with the reader its extension names, then find the
    front-matter facts (dates, version, organisation, contact) its text states."""
    from pipeline.readers.facts import find_facts

    imported = _read(path, shown, data)
    find_facts(imported)
    if not imported.sections:
        raise InputError([Problem(shown, 1, 1, "the document holds no text to import (it is empty, or all of it "
                                  "is page chrome or front-matter facts): check that this is the right file")])
    return imported


def _read(path: Path, shown: str, data: bytes) -> Imported:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        from pipeline.readers.draft import clean_text
        from pipeline.readers.text_reader import read_markdown, read_text

        text = clean_text(decode(data, shown))
        return read_markdown(text, shown) if suffix != ".txt" else read_text(text, shown)
    if suffix == ".docx":
        from pipeline.readers.docx_reader import read_docx

        return read_docx(data, shown)
    if suffix in (".html", ".htm"):
        from pipeline.readers.html_reader import read_html

        return read_html(data, shown, path)
    if suffix == ".doc":
        raise InputError([Problem(shown, 1, 1, "this is an old binary Word file (.doc), which cannot be read: "
                                  "open it in Word or LibreOffice and save it as .docx, then import the .docx")])
    raise InputError([Problem(shown, 1, 1, f"cannot import a '{suffix or 'extensionless'}' file: "
                              f"import one of {', '.join(EXTENSIONS)}")])


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text (a BOM allowed); InputError at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(shown, line, 1, "the file is not UTF-8 text: save it as UTF-8 "
                                  f"(byte 0x{data[exc.start]:02x} is not valid UTF-8)")]) from None
