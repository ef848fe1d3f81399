"""The one rule for keeping numbers, units and Latin-script names in order inside right-to-left text.

In an Arabic or Urdu paragraph the Unicode bidi algorithm lays out neutral characters by the
surrounding direction, so an unisolated "500 mg" shows as "mg 500", "(1,000mg)" as "(mg1,000)"
and "38°C" as "C°38": a patient can misread a dose. Isolating digits alone is not enough (it
splits a number from its unit). The rule here works on the text of the document model (never on
HTML) and finds whole left-to-right runs: a run starts and ends with a digit of any script, a
Latin letter or a unit sign, and holds only those and the joiners listed in ``ltr_runs.toml``
(spaces, number punctuation, apostrophes, the degree sign). The writers wrap each run in
``<bdi dir="ltr">`` (and ``lang`` when it holds Latin letters: WCAG 3.1.2 language of parts);
text that cannot hold elements (a page title, an attribute) gets the same runs wrapped in the
Unicode isolates LRI ... PDI instead.
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

LRI = "\u2066"
PDI = "\u2069"


@dataclass(frozen=True)
class Run:
    """A piece of text: ``ltr`` when it must be isolated left to right; ``latin`` when it holds Latin letters."""

    text: str
    ltr: bool = False
    latin: bool = False


@dataclass(frozen=True)
class _Classes:
    joiners: frozenset[str]
    unit_signs: frozenset[str]
    leading_signs: frozenset[str]


@functools.cache
def _classes() -> _Classes:
    data = tomllib.loads(resources.files("pipeline.writers").joinpath("ltr_runs.toml").read_text(encoding="utf-8"))
    return _Classes(frozenset(data["joiners"]), frozenset(data["unit_signs"]), frozenset(data["leading_signs"]))


@functools.lru_cache(maxsize=4096)
def is_latin_letter(ch: str) -> bool:
    """True for a letter of the Latin script (``a``, ``é``, ``ł``, ``ŵ``)."""
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN ")


def _is_core(ch: str, classes: _Classes) -> bool:
    # a character that may start and end a run
    return unicodedata.category(ch) == "Nd" or is_latin_letter(ch) or ch in classes.unit_signs


def ltr_runs(text: str) -> list[Run]:
    """``text`` split into plain pieces and left-to-right runs, in order; the pieces join back to ``text``."""
    classes = _classes()
    runs: list[Run] = []
    plain_from = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        starts = _is_core(ch, classes) or (ch in classes.leading_signs and i + 1 < n
                                            and unicodedata.category(text[i + 1]) == "Nd")
        if not starts:
            i += 1
            continue
        # extend over core characters and joiners, then give back joiners at the end
        end = j = i + 1
        while j < n and (_is_core(text[j], classes) or text[j] in classes.joiners):
            j += 1
            if _is_core(text[j - 1], classes):
                end = j
        if plain_from < i:
            runs.append(Run(text[plain_from:i]))
        piece = text[i:end]
        runs.append(Run(piece, ltr=True, latin=any(is_latin_letter(c) for c in piece)))
        plain_from = i = end
    if plain_from < n:
        runs.append(Run(text[plain_from:]))
    return runs


def isolate_plain(text: str) -> str:
    """``text`` with every left-to-right run between LRI and PDI, for places that hold no elements."""
    return "".join(f"{LRI}{run.text}{PDI}" if run.ltr else run.text for run in ltr_runs(text))
