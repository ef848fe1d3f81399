"""Front matter: the YAML block at the top of a source leaflet, checked key by key."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from pipeline.governance import GOVERNANCE_KEYS, check_value
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
OPTIONAL_KEYS = ("reading_age", *GOVERNANCE_KEYS)
ALL_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
# `leaflets import` writes this for what the document did not say; a leaflet holding it is a
# draft: `format` accepts it, `validate`, `check` and `build` refuse it with the key's line.
PLACEHOLDER = "TO FILL IN"
FILLABLE_KEYS = ("title", "summary", "organisation", "version", "published", "review_due", "contact")
# stands in for a date still to fill in; never published (the leaflet is refused first)
UNSET_DATE = dt.date(1, 1, 1)


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so a bad date is a message, not a crash."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# ids the pipeline uses for its own files: ``ui`` is the interface words' domain (ui.pot, ui.po)
RESERVED_IDS = frozenset({"ui"})

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class RawFrontMatter:
    """Front matter values that passed their checks, with the line of each key."""

    values: dict[str, Any]
    lines: dict[str, int]
    # keys still holding PLACEHOLDER (a draft from `leaflets import`), with their lines
    to_fill: dict[str, int] = field(default_factory=dict)


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

    if len(text) > MAX_FRONT_MATTER:
        problem(first_line, f"the front matter is too long ({len(text)} characters; at most "
                f"{MAX_FRONT_MATTER}): keep to the keys a leaflet needs")
        return RawFrontMatter({}, {}), problems
    try:
        refusal = _refusal(text)
        if refusal is not None:
            line, col, why = refusal
            problem(first_line + line, f"front matter: {why}", col + 1)
            return RawFrontMatter({}, {}), problems
        node = yaml.compose(text, Loader=_TextDatesLoader)
        data = yaml.load(text, Loader=_TextDatesLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        reason = getattr(exc, "problem", None) or "it is not valid YAML"
        problem(line, f"broken front matter: {_excerpt(str(reason))}; write one 'key: value' per line", col)
        return RawFrontMatter({}, {}), problems
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problem(first_line, "front matter must be 'key: value' lines (id, title, summary, ...)")
        return RawFrontMatter({}, {}), problems

    lines: dict[str, int] = {}
    value_nodes = {str(k.value): v for k, v in node.value}
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in lines:
            problem(first_line + key_node.start_mark.line, f"front matter key '{_excerpt(key)}' is given twice "
                    f"(first on line {lines[key]}): keep one", key_node.start_mark.column + 1)
            continue
        lines[key] = first_line + key_node.start_mark.line
    if problems:
        return RawFrontMatter({}, {}), problems

    values: dict[str, Any] = {}
    to_fill: dict[str, int] = {}
    for key, value in data.items():
        key = str(key)
        if key not in ALL_KEYS:
            problem(lines.get(key, first_line), f"unknown front matter key '{_excerpt(key)}'.{suggest(key, ALL_KEYS)}"
                    f" Valid keys: {', '.join(ALL_KEYS)}")
            continue
        if key in GOVERNANCE_KEYS:
            parsed, issues = check_value(key, value, value_nodes[key], first_line)
            problems.extend(Problem(path, line, col, message) for line, col, message in issues)
            if not issues:
                values[key] = parsed
            continue
        checker = _CHECKS[key]
        if key in FILLABLE_KEYS and isinstance(value, str) and value.strip() == PLACEHOLDER:
            to_fill[key] = lines.get(key, first_line)
            values[key] = UNSET_DATE if checker is _date else PLACEHOLDER
            continue
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
    if (isinstance(published, dt.date) and isinstance(review, dt.date) and review <= published
            and not {"published", "review_due"} & to_fill.keys()):
        problem(lines["review_due"], f"front matter 'review_due' ({review}) is not after 'published' "
                f"({published}): set the date the leaflet must next be reviewed")
    return RawFrontMatter(values, lines, to_fill), problems


def to_fill_problems(raw: RawFrontMatter, path: str) -> list[Problem]:
    """One problem per front-matter value still left as PLACEHOLDER: a draft cannot be published."""
    return [Problem(path, line, 1, f"front matter '{key}' is still '{PLACEHOLDER}' (left by `leaflets import`): "
                    f"replace it with {_FILL_HINTS[key]}")
            for key, line in sorted(raw.to_fill.items(), key=lambda item: item[1])]


# A real front matter is a dozen short lines; YAML nested deeper than this is not front matter.
MAX_FRONT_MATTER = 16_000
MAX_DEPTH = 4
# Embedding, override and isolate controls: they reorder what a reader sees (U+202E shows
# "0987" for "7890"), so no text of a leaflet may hold them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _refusal(text: str) -> tuple[int, int, str] | None:
    """Why the YAML must not be loaded at all (line and column from 0), or None.

    Anchors and aliases are refused outright (a leaflet never needs them, and an alias bomb of
    a few hundred bytes expands to gigabytes); so are tags, deep nesting, and text that is not
    Unicode (a lone surrogate such as "\\ud800").
    """
    depth = 0
    for event in yaml.parse(text, Loader=_TextDatesLoader):
        mark = event.start_mark
        at = (mark.line, mark.column) if mark is not None else (0, 0)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return *at, ("YAML anchors and aliases ('&name', '*name') are not allowed: "
                                            "write each value out")
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        if tag and not (implicit[0] if isinstance(implicit, tuple) else implicit) and tag != "!":
            return *at, f"YAML tags ('{_excerpt(tag)}') are not allowed: write plain values"
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return *at, "values are nested too deeply: write one 'key: value' per line"
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent):
            bad = _not_text(event.value)
            if bad:
                return *at, bad
    return None


def _not_text(value: str) -> str:
    for ch in value:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return f"U+{ord(ch):04X} is half of a surrogate pair, not a character: remove the escape"
    return ""


def _excerpt(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters of ``text``, for a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        return "must be text on one line"
    if "\n" in value.strip():
        return "must be on one line"
    return ""


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        return (f"'{_excerpt(str(value))}' is not a valid id: use lower-case letters, digits and single hyphens, "
                "such as 'sacroiliac-joint-injection'")
    if value in RESERVED_IDS:
        return (f"'{value}' is reserved (locales/{value}.pot holds the interface words): give the leaflet "
                "another id")
    return ""


def _version(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"write the version in quotes, such as \"{value}\", so it is kept exactly"
    return _text(value)


def _date(value: Any) -> str:
    bad = f"'{_excerpt(str(value))}' is not a date: write it as YYYY-MM-DD, such as 2026-11-01"
    if not isinstance(value, str) or not DATE_RE.match(value):
        return bad
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return bad
    return ""


def _reading_age(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or not 5 <= value <= 25:
        return f"'{_excerpt(str(value))}' is not a reading age: give a whole number of years from 5 to 25, such as 10"
    return ""


def _locale(value: Any) -> str:
    if not isinstance(value, str):
        return "must be a language code such as en-GB"
    try:
        parse_locale(value)
    except ValueError:
        return f"'{_excerpt(str(value))}' is not a language code babel knows: use one such as en-GB, cy or ar"
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

_FILL_HINTS = {
    "title": "the leaflet's title",
    "summary": "one line saying what the leaflet is about",
    "organisation": "the name of who publishes it",
    "version": "its version in quotes, such as \"1.0\"",
    "published": "the date it was published, as YYYY-MM-DD",
    "review_due": "the date its next review is due, as YYYY-MM-DD",
    "contact": "who to call with questions, in quotes, such as \"[01234 567890](tel:+441234567890)\"",
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
