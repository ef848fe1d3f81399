"""Phone numbers written as plain text, found so the writers can make each one a ``tel:`` link.

A patient reading on a phone should be able to tap any number the leaflet tells them to call.
The rule (data in ``phone_numbers.toml``): a number of at least ``min_digits`` digits in groups
joined by spaces or hyphens (an optional leading ``+``), or one of the short ``service_numbers``
standing alone and not followed by a unit. It reads the model's text, never HTML.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from importlib import resources


@functools.cache
def _pattern() -> tuple[re.Pattern[str], int]:
    data = tomllib.loads(resources.files("pipeline.writers").joinpath("phone_numbers.toml")
                         .read_text(encoding="utf-8"))
    units = "|".join(re.escape(u) for u in sorted(data["units_after"], key=len, reverse=True))
    service = "|".join(re.escape(n).replace(r"\ ", "[ \u00a0]") for n in data["service_numbers"])
    long = r"\+?\d(?:[ \u00a0\-]?\d){" + str(int(data["min_digits"]) - 1) + ",}"
    # not inside a longer number or word, not a decimal or thousands group, no unit after
    short = rf"(?:{service})(?![ \u00a0]?(?:{units})(?!\w))"
    pattern = re.compile(rf"(?<![\w.,/:+-])(?:{long}|{short})(?![\w.,/:%°-]\d|\w|%|°)")
    return pattern, int(data["min_digits"])


def find_phone_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every phone number written in ``text``."""
    pattern, _ = _pattern()
    return [(found.start(), found.end()) for found in pattern.finditer(text)]


def tel_target(number: str) -> str:
    """The ``tel:`` URI of a written number: its digits, and a leading ``+`` if it has one."""
    # Arabic-Indic and Urdu digits dial the same numbers: a tel: URI holds ASCII digits
    digits = "".join(str(unicodedata.digit(ch)) for ch in number if ch.isdigit())
    return f"tel:{'+' if number.lstrip().startswith('+') else ''}{digits}"
