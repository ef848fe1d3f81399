"""Project settings from ``[tool.leaflets]`` in ``pyproject.toml``.

The schema below is the single list of valid settings: each has a type, a default and a one-line
description (the README's config reference mirrors it; a test keeps them in step). Unknown keys
are an error naming the key and the nearest valid one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.problems import InputError, Problem, suggest


@dataclass(frozen=True)
class Setting:
    """One valid setting: its type, default and meaning."""

    kind: type | tuple[type, ...]
    default: Any
    doc: str
    choices: tuple[str, ...] = ()


# Nested tables are dicts of Settings; the key path is "table.key".
SCHEMA: dict[str, Setting | dict[str, Setting]] = {
    "source_dir": Setting(str, "source", "Folder of source leaflets (`*.md`)."),
    "locales_dir": Setting(str, "locales", "Folder of POT templates and `<locale>/LC_MESSAGES/*.po` files."),
    "output_dir": Setting(str, "dist", "Folder the build writes to."),
    "locales": Setting(list, [], "Translation locales to extract, update, check and publish (the source "
                       "locale of each leaflet is always published)."),
    "publish_policy": Setting(str, "complete", "`complete`: publish a locale of a leaflet only when every "
                              "unit is translated. `fallback`: publish with the source text for missing units "
                              "and a visible notice.", ("complete", "fallback")),
    "demonstration_translations": Setting(bool, False, "The translations are unreviewed demonstrations: "
                                          "every translated page, e-book and the catalogue carry a visible "
                                          "notice saying so."),
    "reading_age": {
        "standard_pass": Setting(int, 10, "SMOG reading age up to which standard text passes."),
        "standard_fail": Setting(int, 12, "SMOG reading age above which standard text fails (warn between)."),
        "easy_read_pass": Setting(int, 8, "Reading age up to which easy-read text passes."),
        "easy_read_fail": Setting(int, 9, "Reading age above which easy-read text fails."),
        "sentence_length_pass": Setting(int, 15, "Average words per sentence that passes."),
        "sentence_length_fail": Setting(int, 20, "Average words per sentence above which the gate fails."),
        "min_sentences": Setting(int, 30, "Below this many sentences the formulas are reported but the gate "
                                 "decides on sentence measures only."),
    },
    "check": {
        "fail_on": Setting(str, "error", "Lowest severity that fails `leaflets check` (`--fail-on` "
                           "overrides).", ("error", "warning")),
        "enable": Setting(list, [], "Rule ids to switch on (rules shipped switched off, such as "
                          "`semicolon`)."),
        "disable": Setting(list, [], "Rule ids to switch off for the whole project."),
        "severity": Setting(dict, {}, "Re-level rules: `{ rule-id = \"error\" | \"warning\" | \"info\" | "
                            "\"off\" }`."),
        "accept": Setting(list, [], "Words and phrases the plain-English rules never flag (terms you "
                          "must keep)."),
        "rules_dirs": Setting(list, [], "Extra rule folders (`<dir>/common/*.toml`, `<dir>/<lang>/*.toml`) "
                              "that add to, extend or replace the shipped rules."),
        "easy_read_max_points": Setting(int, 6, "Most easy-read points one section may have (about a page)."),
        "baseline": Setting(str, "", "Baseline file of accepted findings; the gate fails only on new ones."),
        "sentence_length_ratio": Setting((int, float), 1.25, "Warn when a translation's average sentence "
                                         "is longer than this times the source's."),
        "length_ratio_min": Setting((int, float), 0.5, "Warn when a translated unit is shorter than this "
                                    "times its source (units of 20 characters or more)."),
        "length_ratio_max": Setting((int, float), 2.0, "Warn when a translated unit is longer than this "
                                    "times its source."),
    },
}


@dataclass(frozen=True)
class Settings:
    """Validated settings with every default filled in; ``root`` is the project folder."""

    root: Path
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """A setting by dotted key (``reading_age.standard_pass``)."""
        node: Any = self.values
        for part in key.split("."):
            node = node[part]
        return node

    @property
    def source_dir(self) -> Path:
        """Absolute folder of source leaflets."""
        return self.root / str(self.values["source_dir"])

    @property
    def locales_dir(self) -> Path:
        """Absolute folder of POT and PO files."""
        return self.root / str(self.values["locales_dir"])

    @property
    def output_dir(self) -> Path:
        """Absolute folder the build writes to."""
        return self.root / str(self.values["output_dir"])

    def source_files(self) -> list[Path]:
        """Every source leaflet file (``source_dir/*.md``), sorted by name."""
        folder = self.source_dir
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.md") if p.is_file())

    @property
    def locales(self) -> tuple[str, ...]:
        """Translation locales, in the order given."""
        return tuple(self.values["locales"])

    @property
    def publish_policy(self) -> str:
        """`complete` or `fallback`."""
        return str(self.values["publish_policy"])


    @property
    def demonstration_translations(self) -> bool:
        """True when translated editions must say they are unreviewed demonstrations."""
        return bool(self.values["demonstration_translations"])


def defaults(root: Path) -> Settings:
    """Settings with every default, for a project with no ``[tool.leaflets]`` table."""
    return Settings(root, _fill({}, SCHEMA, "", [], "", ""))


def find_project(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a ``pyproject.toml`` (else ``start``)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return start


def load_settings(root: Path) -> Settings:
    """Read and check ``[tool.leaflets]`` from ``root/pyproject.toml``; raise InputError on problems."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return defaults(root)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        raise InputError([Problem("pyproject.toml", line, col, f"not valid TOML: {exc}")]) from None
    table = data.get("tool", {}).get("leaflets", {})
    problems: list[Problem] = []
    values = _fill(table, SCHEMA, "", problems, text, "pyproject.toml")
    if problems:
        raise InputError(problems)
    return Settings(root, values)


def _fill(table: dict[str, Any], schema: dict[str, Any], prefix: str, problems: list[Problem],
          text: str, shown: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in table.items():
        spec = schema.get(key)
        dotted = prefix + key
        if spec is None:
            problems.append(Problem(shown, _line_of(text, key), 1,
                                    f"unknown setting 'tool.leaflets.{dotted}'.{suggest(key, schema)} "
                                    "See the README's config reference"))
            continue
        if isinstance(spec, dict):
            if not isinstance(value, dict):
                problems.append(Problem(shown, _line_of(text, key), 1,
                                        f"'tool.leaflets.{dotted}' must be a table"))
                continue
            values[key] = _fill(value, spec, dotted + ".", problems, text, shown)
            continue
        # a TOML boolean is an int to Python: accepted only where the setting is a bool
        if (isinstance(value, bool) and spec.kind is not bool) or not isinstance(value, spec.kind):
            problems.append(Problem(shown, _line_of(text, key), 1,
                                    f"'tool.leaflets.{dotted}' must be {_kind_name(spec.kind)}, not {value!r}"))
        elif spec.choices and value not in spec.choices:
            problems.append(Problem(shown, _line_of(text, key), 1,
                                    f"'tool.leaflets.{dotted}' must be one of {', '.join(spec.choices)}"
                                    f".{suggest(str(value), spec.choices)}"))
        else:
            values[key] = value
    for key, spec in schema.items():
        if key in values:
            continue
        values[key] = _fill({}, spec, prefix + key + ".", problems, text, shown) if isinstance(spec, dict) \
            else _copy(spec.default)
    return values


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", list: "a list", dict: "a table", float: "a number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        assignment = re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line)
        if assignment or re.match(rf"^\s*\[tool\.leaflets\.{re.escape(key)}\]", line):
            return number
    return 1


def iter_settings(schema: dict[str, Any] | None = None, prefix: str = "") -> list[tuple[str, Setting]]:
    """Every setting as (dotted key, Setting), for the README reference and its test."""
    out: list[tuple[str, Setting]] = []
    for key, spec in (schema or SCHEMA).items():
        if isinstance(spec, dict):
            out.extend(iter_settings(spec, prefix + key + "."))
        else:
            out.append((prefix + key, spec))
    return out
