"""The web-page chrome list (``clutter.toml``), loaded once."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any


@functools.cache
def clutter() -> dict[str, Any]:
    """The chrome patterns: ``drop_containing``, ``stop_at``, ``html_drop_tags``, ``html_drop_words``,
    ``html_helper_classes``."""
    return tomllib.loads((Path(__file__).parent / "clutter.toml").read_text(encoding="utf-8"))


def is_chrome(text: str) -> bool:
    """True when a paragraph is web chrome ("Please upgrade your browser", a cookie notice)."""
    low = " ".join(text.lower().split())
    return any(word in low for word in clutter()["drop_containing"])


def is_stop(text: str) -> bool:
    """True when a heading starts the related-pages list that ends a web page's own content."""
    low = " ".join(text.lower().split()).rstrip(":")
    return low in clutter()["stop_at"]
