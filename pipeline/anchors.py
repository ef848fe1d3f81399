"""Anchor ids of headings and glossary words, from text in any script: the one rule reader and writers share.

Latin letters are folded to ASCII as before ("Café" -> ``cafe``), so existing ``#links`` keep
working; letters and digits of every other script are kept, so an Arabic heading gets an Arabic
id an author can link to (``#الآثار-الجانبية``) instead of a ``section-3`` nobody can guess.
Arabic short-vowel marks (harakat) are dropped, since authors write them inconsistently.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

# Arabic tashkeel: fathatan .. sukun, superscript alef
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")


def slugify(text: str) -> str:
    """An anchor id from heading text: lower-case words of any script joined by hyphens."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", _HARAKAT.sub("", text)):
        if ch.isascii():
            out.append(ch.lower() if ch.isalnum() else "-")
        elif unicodedata.category(ch).startswith("M"):
            # an accent on a Latin letter is folded away; a vowel sign of another script is kept
            if out and not out[-1].isascii():
                out.append(ch)
        elif ch.isalnum():
            out.append(ch.lower())
        else:
            out.append("-")
    slug = unicodedata.normalize("NFC", "".join(out))
    return re.sub(r"-+", "-", slug).strip("-")


def glossary_id(term: str) -> str:
    """The anchor of a glossary entry (letters of any script are kept)."""
    slug = re.sub(r"[^\w]+", "-", term.lower(), flags=re.UNICODE).strip("-")
    return f"word-{slug}"


# Ids the page itself provides beside headings and glossary words.
PAGE_IDS = frozenset({"main"})


def fragment(target: str) -> str:
    """The id an in-page link (``#...``) points at, percent-decoded as a browser decodes it."""
    return unquote(target[1:]) if target.startswith("#") else ""
