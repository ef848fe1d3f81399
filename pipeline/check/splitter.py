"""Sentence splitting that knows every script's full stops, abbreviations, times and brackets.

sentencex (a prebuilt wheel, no system libraries) splits on the script's own sentence
marks: Urdu ``۔``, Arabic ``؟``, Devanagari ``।``, CJK ``。``. A ``[.!?]`` regex counts three
Urdu sentences as one. Sentences are never split across structure units: the caller passes
one heading, list item or paragraph at a time (the NHS SMOG preparation).

Two corrections follow, with data from ``pipeline/rules/splitter/abbreviations.toml``:
pieces that sentencex ended after an abbreviation that never ends a sentence ("approx.",
"Vit.", "Dr.") are joined again, and so are pieces after one that may ("etc.", "Jan.",
"a.m.") when the next word is not capitalised; and a sentence that ends inside a bracket,
"(see the leaflet.) You can", is split after the bracket.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from sentencex import segment

SPLITTER_NAME = "sentencex"
_BRACKET_END = re.compile(r"(?<=[.!?][)\]])\s+(?=[\"'“‘(]?[^\W\d_])")


def splitter_version() -> str:
    """The installed sentencex version, for the report's tool list."""
    from importlib.metadata import version

    return version("sentencex")


@lru_cache(maxsize=64)
def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower() or "en"


@lru_cache(maxsize=1)
def _abbreviation_data() -> dict[str, dict[str, list[str]]]:
    path = resources.files("pipeline").joinpath("rules", "splitter", "abbreviations.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def abbreviations(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The language's abbreviations that never end a sentence, and those that may."""
    table = _abbreviation_data().get(lang, {})
    return frozenset(table.get("never_final", ())), frozenset(table.get("may_end", ()))


def split_sentences(text: str, locale: str) -> list[str]:
    """The sentences of one unit of text, stripped, in order; empty pieces dropped."""
    text = " ".join(text.split())
    if not text:
        return []
    lang = _language(locale)
    pieces = [piece.strip() for piece in segment(lang, text) if piece.strip()]
    never, may = abbreviations(lang)
    joined: list[str] = []
    for piece in pieces:
        if joined and _continues(joined[-1], piece, never, may):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return [part for piece in joined for part in _BRACKET_END.split(piece) if part]


def _continues(before: str, after: str, never: frozenset[str], may: frozenset[str]) -> bool:
    last = before.split()[-1].lower().lstrip("(\"'“‘")
    if last in never:
        return True
    first = after[:1]
    return last in may and not first.isupper()
