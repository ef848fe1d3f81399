"""Front matter: the YAML block at the top of a source leaflet, checked key by key."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from pipeline.problems import Problem, suggest

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REQUIRED_KEYS = (
    "id",
    "title",
    "summary",
    "organisation",
    "version",
    "published",
    "review_due",
    "contact",
    "locale",
)
OPTIONAL_KEYS = ("reading_age",)
ALL_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so a bad date is a message, not a crash."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class RawFrontMatter:
    """Front matter values that passed their checks, with the line of each key."""

    values: dict[str, Any]
    lines: dict[str, int]


def parse_locale(code: str) -> Locale:
    """Parse a locale code written ``cy``, ``en-GB`` or ``en_GB``; raise ValueError if unknown."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from exc


def read_front_matter(text: str, path: str, first_line: int, end_line: int) -> tuple[RawFrontMatter, list[Problem]]:
    """Check the YAML front matter ``text`` that starts on ``first_line`` of ``path`` and closes on ``end_line``."""
    problems: list[Problem] = []

    def problem(line: int, message: str, col: int = 1) -> None:
        problems.append(Problem(path, line, col, message))

    try:
        node = yaml.compose(text, Loader=_TextDatesLoader)
        data = yaml.load(text, Loader=_TextDatesLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        reason = getattr(exc, "problem", None) or "it is not valid YAML"
        problem(line, f"broken front matter: {reason}; write one 'key: value' per line", col)
        return RawFrontMatter({}, {}), problems
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problem(first_line, "front matter must be 'key: value' lines (id, title, summary, ...)")
        return RawFrontMatter({}, {}), problems

    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = first_line + key_node.start_mark.line

    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key not in ALL_KEYS:
            problem(lines.get(key, first_line), f"unknown front matter key '{key}'.{suggest(key, ALL_KEYS)}"
                    f" Valid keys: {', '.join(ALL_KEYS)}")
            continue
        checker = _CHECKS[key]
        message = checker(value)
        if message:
            problem(lines.get(key, first_line), f"front matter '{key}': {message}")
        elif checker is _date:
            values[key] = dt.date.fromisoformat(value)
        else:
            values[key] = value.strip() if isinstance(value, str) else value
    for key in REQUIRED_KEYS:
        if key not in data:
            problem(end_line, f"front matter is missing '{key}': add a line '{key}: ...' ({_HINTS[key]})")
    published, review = values.get("published"), values.get("review_due")
    if isinstance(published, dt.date) and isinstance(review, dt.date) and review <= published:
        problem(lines["review_due"], f"front matter 'review_due' ({review}) is not after 'published' "
                f"({published}): set the date the leaflet must next be reviewed")
    return RawFrontMatter(values, lines), problems


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        return "must be text on one line"
    if "\n" in value.strip():
        return "must be on one line"
    return ""


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        return (f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, "
                "such as 'sacroiliac-joint-injection'")
    return ""


def _version(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"write the version in quotes, such as \"{value}\", so it is kept exactly"
    return _text(value)


def _date(value: Any) -> str:
    bad = f"'{value}' is not a date: write it as YYYY-MM-DD, such as 2026-11-01"
    if not isinstance(value, str) or not DATE_RE.match(value):
        return bad
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return bad
    return ""


def _reading_age(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or not 5 <= value <= 25:
        return f"'{value}' is not a reading age: give a whole number of years from 5 to 25, such as 10"
    return ""


def _locale(value: Any) -> str:
    if not isinstance(value, str):
        return "must be a language code such as en-GB"
    try:
        parse_locale(value)
    except ValueError:
        return f"'{value}' is not a language code babel knows: use one such as en-GB, cy or ar"
    return ""


_CHECKS: dict[str, Callable[[Any], str]] = {
    "id": _slug,
    "title": _text,
    "summary": _text,
    "organisation": _text,
    "version": _version,
    "published": _date,
    "review_due": _date,
    "contact": _text,
    "locale": _locale,
    "reading_age": _reading_age,
}

_HINTS = {
    "id": "a stable slug such as sacroiliac-joint-injection",
    "title": "the leaflet's title",
    "summary": "one line saying what the leaflet is about",
    "organisation": "who publishes it",
    "version": "such as \"1.0\"",
    "published": "the date published, YYYY-MM-DD",
    "review_due": "the date the next review is due, YYYY-MM-DD",
    "contact": "who to call with questions, such as a phone link",
    "locale": "the language of the text, such as en-GB",
}
