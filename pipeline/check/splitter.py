"""Sentence splitting that knows every script's full stops.

sentencex (a prebuilt wheel, no system libraries) splits on the script's own sentence
marks: Urdu ``۔``, Arabic ``؟``, Devanagari ``।``, CJK ``。``. A ``[.!?]`` regex counts three
Urdu sentences as one. Sentences are never split across structure units: the caller passes
one heading, list item or paragraph at a time (the NHS SMOG preparation).
"""

from __future__ import annotations

from functools import lru_cache

from sentencex import segment

SPLITTER_NAME = "sentencex"


def splitter_version() -> str:
    """The installed sentencex version, for the report's tool list."""
    from importlib.metadata import version

    return version("sentencex")


@lru_cache(maxsize=64)
def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower() or "en"


def split_sentences(text: str, locale: str) -> list[str]:
    """The sentences of one unit of text, stripped, in order; empty pieces dropped."""
    text = " ".join(text.split())
    if not text:
        return []
    return [piece.strip() for piece in segment(_language(locale), text) if piece.strip()]
