"""Alphabetical order in a language's own alphabet (``alphabets.toml``), for translated glossaries.

A glossary translated unit by unit keeps the English order, so a Polish reader finds "Łokieć"
among the K words, and an Arabic reader finds nothing where they look. Python has no locale
collation without the system's locales; the alphabets here are small, fixed data, enough to
sort a list of words the way a reader of that language looks them up.
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from importlib import resources

from pipeline.locale_info import bcp47


@functools.cache
def _alphabets() -> dict[str, dict[str, int]]:
    data = tomllib.loads(resources.files("pipeline.writers").joinpath("alphabets.toml").read_text(encoding="utf-8"))
    return {lang: {letter: rank for rank, letter in enumerate(text.split())}
            for lang, text in data["alphabets"].items()}


# Arabic letter forms that sort as their base letter (alef with hamza or madda, teh marbuta, alef maksura)
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ئ": "ي", "ؤ": "و"})


def sort_key(word: str, locale: str) -> tuple[tuple[int, int], ...]:
    """A key ordering ``word`` in the alphabet of ``locale``'s language (unknown letters last)."""
    language = bcp47(locale).split("-")[0].lower()
    letters = _alphabets().get(language)
    text = word.casefold()
    if language == "ar":
        # the article "al-" is not looked up: الحوض sorts under ح
        text = text.translate(_ARABIC_FOLD)
        text = text[2:] if text.startswith("ال") and len(text) > 3 else text
    if letters is None:
        return tuple((0, ord(ch)) for ch in text if ch.isalnum())
    longest = max(len(letter) for letter in letters)
    key: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        for size in range(longest, 0, -1):
            piece = text[i : i + size]
            if piece in letters:
                key.append((0, letters[piece]))
                i += size
                break
        else:
            # an accent the alphabet does not list sorts as its base letter ("é" as "e")
            base = unicodedata.normalize("NFD", text[i])[0]
            if base in letters:
                key.append((0, letters[base]))
            elif text[i].isalnum():
                key.append((1, ord(text[i])))
            i += 1
    return tuple(key)
