"""Settings read from the environment: ``SOURCE_DATE_EPOCH`` (reproducible dates), checked once."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pipeline.problems import InputError, Problem

# 9999-12-31T23:59:59Z: the last second a four-digit year (and every date format here) can show
LAST_SECOND = 253_402_300_799


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds since 1970 (None when unset or empty); InputError if it is
    not a whole number of seconds from 0 to the end of year 9999."""
    env = os.environ if environ is None else environ
    value = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 12 or int(value) > LAST_SECOND:
        shown = value if len(value) <= 20 else value[:17] + "..."
        raise InputError([Problem("SOURCE_DATE_EPOCH", 0, 0, f"the environment variable is {shown!r}: set it to "
                                  "a whole number of seconds since 1970, such as 1767225600, or unset it")])
    return int(value)
