"""Project settings from ``[tool.leaflets]`` in ``pyproject.toml``.

The schema below is the single list of valid settings: each has a type, a default and a one-line
description (the README's config reference mirrors it; a test keeps them in step). Unknown keys
are an error naming the key and the nearest valid one.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.inputs import exists, read_input
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
    "archive_dir": Setting(str, "archive", "Folder of the kept published versions (`leaflets archive`), "
                           "committed with the project; the build publishes each old version from it."),
    "locales": Setting(list, [], "Translation locales to extract, update, check and publish (the source "
                       "locale of each leaflet is always published)."),
    "references": Setting(str, "lines", "`#:` references in templates and PO files: `lines` "
                          "(`source/<id>.md:12`), `file` (`source/<id>.md`, no diff when lines move) or "
                          "`none` (like `msgmerge --no-location`).", ("lines", "file", "none")),
    "publish_policy": Setting(str, "complete", "`complete`: publish a locale of a leaflet only when every "
                              "unit is translated. `fallback`: publish with the source text for missing units "
                              "and a visible notice. `reviewed` and `reviewed-fallback`: the same, counting only "
                              "units a person has checked (`leaflets review`) as translated.",
                              ("complete", "fallback", "reviewed", "reviewed-fallback")),
    "demonstration_translations": Setting(bool, False, "The translations are unreviewed demonstrations: "
                                          "every translated page, e-book and the catalogue carry a visible "
                                          "notice saying so."),
    "print": {
        "page_size": Setting(str, "A4", "Paper of the printed leaflets (`leaflets build --format pdf`, "
                             "`large-print-pdf`, `easy-read-pdf`).", ("A4", "A5", "Letter")),
        "body_size": Setting((int, float), 12, "Body text size of the clear-print PDF, in points (UKAAF clear "
                             "print: 12 to 14; never below 12)."),
        "large_print_size": Setting((int, float), 18, "Body text size of the large-print PDF, in points (UKAAF: "
                                    "at least 16, ideally 18; never below 16)."),
        "site_url": Setting(str, "", "Address the leaflets are published at online (such as "
                            "`https://leaflets.example.nhs.uk/`): printed leaflets then carry a QR code and the "
                            "short address of their online version, other languages and easy read."),
    },
    "formats": Setting(list, ["html", "easy-read-html", "epub", "easy-read-epub", "pdf", "large-print-pdf",
                              "easy-read-pdf", "brf", "pef", "easy-read-brf", "easy-read-pef"],
                       "The formats `leaflets build` makes for every edition (as `--format` names them). The audio "
                       "editions (`audio`: Opus with chapters; `read-aloud-epub`: EPUB 3 with Media Overlays) are "
                       "opt-in: add them here."),
    "braille": {
        "grade": Setting(int, 0, "Braille grade for every language: 0 (each language's usual grade: UEB grade 2 "
                         "for English, Welsh and Spanish grade 2, Polish, Arabic and Urdu grade 1), 2 (contracted) "
                         "or 1 (uncontracted); a language whose tables lack it uses the grade it has, said in the "
                         "build's notes."),
        "grades": Setting(dict, {}, "Grades by locale, such as `{ es = 1 }`; a grade the locale's tables do not "
                          "have is refused."),
        "cells": Setting(int, 40, "Cells per braille line (20 to 60)."),
        "lines": Setting(int, 25, "Lines per braille page (10 to 40)."),
    },
    "audio": {
        "recordings": Setting(str, "", "Folder of human recordings (`<locale>/<id>/<unit>.wav|.flac|.ogg|.opus`, "
                              "see docs/outputs.md) that replace the synthetic voice unit by unit."),
    },
    "governance": {
        "required": Setting(list, [], "Governance keys every leaflet's front matter must give (`owner`, `author`, "
                            "`clinical_approver`, `approved`, `last_reviewed`, `evidence`, `changes`): a leaflet "
                            "without one is refused with the line to add it."),
        "require_approval": Setting(bool, False, "The gate fails a leaflet with no clinical approval of its "
                                    "current version (rules `approval-missing`, `approval-outdated`)."),
        "require_evidence": Setting(bool, False, "The gate fails a leaflet that lists no evidence sources "
                                    "(rule `evidence-missing`)."),
        "show_approver": Setting(bool, False, "Pages, e-books and printed leaflets say who approved the leaflet "
                                 "and when."),
        "show_evidence": Setting(bool, False, "Pages, e-books and printed leaflets list the evidence sources."),
        "unreviewed": Setting(str, "warning", "Level at which `leaflets check` reports translated units no "
                              "person has checked, under a `reviewed` publish policy.", ("error", "warning", "info")),
    },
    "reading_age": {
        "standard_pass": Setting(int, 10, "SMOG reading age up to which standard text passes."),
        "standard_fail": Setting(int, 12, "SMOG reading age above which standard text fails (warn between)."),
        "easy_read_pass": Setting(int, 8, "Reading age up to which easy-read text passes."),
        "easy_read_fail": Setting(int, 9, "Reading age above which easy-read text fails."),
        "sentence_length_pass": Setting(int, 15, "Average words per sentence that passes."),
        "sentence_length_fail": Setting(int, 20, "Average words per sentence above which the gate fails."),
        "min_sentences": Setting(int, 10, "Below this many sentences the formulas are reported but the gate "
                                 "decides on sentence measures only (from this many up to 30, SMOG uses "
                                 "McLaughlin's adjustment for shorter texts)."),
        "formulas": Setting(dict, {
            "fernandez_huerta": {"standard": [60, 50], "easy-read": [70, 60]},
            "szigriszt_pazos": {"standard": [55, 40], "easy-read": [65, 55]},
            "fog_pl": {"standard": [9, 12], "easy-read": [7, 9]},
        }, "Bands of the languages' own formulas, by variant: `[pass, fail]` (Spanish: Fernández Huerta and "
            "Szigriszt-Pazos on the INFLESZ scale, higher is easier; Polish FOG-PL, lower is easier)."),
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
        "density": Setting(dict, {"hard-words": [2.0, 4.0], "style": [3.0, 6.0]}, "Plain-English findings per "
                           "100 words, by the kind each rule names (`density = \"hard-words\"`): `[pass, fail]`; "
                           "warn between, fail above."),
        "density_min_words": Setting(int, 100, "Texts shorter than this many words report the density but are "
                                     "not gated on it (one finding in 20 words is 5 per 100)."),
        "required_locales": Setting(list, [], "Locales that must be fully translated: for these, untranslated "
                                    "and fuzzy units and missing files are gate errors; for other locales they "
                                    "are status (info), since `publish_policy` keeps incomplete translations "
                                    "from patients."),
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

    @property
    def archive_dir(self) -> Path:
        """Absolute folder of the archived versions (``<id>/<version>/``)."""
        return self.root / str(self.values["archive_dir"])

    def source_files(self) -> list[Path]:
        """Every source leaflet (``source_dir/*.md``), sorted by name: anything of that name, so
        that a folder, a pipe or a broken link there is reported rather than passed over."""
        folder = self.source_dir
        if not folder.is_dir():
            return []
        return sorted(folder.glob("*.md"))

    @property
    def locales(self) -> tuple[str, ...]:
        """Translation locales, in the order given."""
        return tuple(self.values["locales"])

    @property
    def publish_policy(self) -> str:
        """`complete` or `fallback`."""
        return str(self.values["publish_policy"])


    @property
    def needs_review(self) -> bool:
        """True when only translations a person checked are published (`reviewed` policies)."""
        return self.publish_policy.startswith("reviewed")

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
    if not exists(path):
        return defaults(root)
    raw = read_input(path, "pyproject.toml", "settings")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem("pyproject.toml", line, 1, "the file is not UTF-8 text (byte "
                                  f"0x{raw[exc.start]:02x}): save it as UTF-8")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        raise InputError([Problem("pyproject.toml", line, col, f"not valid TOML: {exc}")]) from None
    except ValueError as exc:  # a number of thousands of digits
        raise InputError([Problem("pyproject.toml", 1, 1, f"not usable TOML: {str(exc)[:80]}")]) from None
    tool = data.get("tool", {})
    table = tool.get("leaflets", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        where = "tool.leaflets" if isinstance(tool, dict) else "tool"
        raise InputError([Problem("pyproject.toml", _line_of(text, where.split(".")[-1]), 1,
                                  f"'{where}' must be a table, such as a [tool.leaflets] section")])
    problems: list[Problem] = []
    values = _fill(table, SCHEMA, "", problems, text, "pyproject.toml")
    if isinstance(values.get("locales"), list):
        values["locales"] = _locales(values["locales"], text, problems)
    if not problems:
        problems.extend(consistency_problems(root, values, text))
    if problems:
        raise InputError(problems)
    return Settings(root, values)


def consistency_problems(root: Path, values: dict[str, Any], text: str) -> list[Problem]:
    """What each setting's type cannot say: list items, folders, and limits that fit together."""
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem("pyproject.toml", _line_of(text, key.split(".")[-1]), 1,
                                f"'tool.leaflets.{key}' {message}"))

    for key in ("locales", "check.enable", "check.disable", "check.accept", "check.rules_dirs",
                "governance.required", "formats"):
        items = _dotted(values, key)
        bad = [item for item in items if not isinstance(item, str) or not item.strip()]
        if bad:
            problem(key, f"must be a list of text, such as [\"cy\", \"pl\"]; {_short(bad[0])} is not text")
    for rule, level in values["check"]["severity"].items():
        if level not in ("error", "warning", "info", "off"):
            problem("check.severity", f"gives '{rule}' the level {_short(level)}: use \"error\", \"warning\", "
                    "\"info\" or \"off\"")
    from pipeline.governance import GOVERNANCE_KEYS

    for key in values["governance"]["required"]:
        if isinstance(key, str) and key not in GOVERNANCE_KEYS:
            problem("governance.required", f"names {_short(key)}, which is not a governance key: use "
                    + ", ".join(GOVERNANCE_KEYS))
    from pipeline.access_formats import settings_problems

    for key, message in settings_problems(values):
        problem(key, message)
    problems.extend(_folder_problems(root, values, problem))
    paper = values["print"]
    for name, least, most in (("body_size", 12, 24), ("large_print_size", 16, 36)):
        size = paper[name]
        if not (math.isfinite(size) and least <= size <= most):
            problem(f"print.{name}", f"is {_short(size)}: give a size from {least} to {most} points "
                    f"({'large print is never below 16' if least == 16 else 'clear print is never below 12'})")
    url = paper["site_url"]
    if url and not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(/[^\s?#]*)?", url):
        problem("print.site_url", f"is {_short(url)}: give the site's address, such as "
                "\"https://leaflets.example.nhs.uk/\"")
    ra = values["reading_age"]
    for name, value in ra.items():
        if isinstance(value, dict):
            continue  # the formula bands: checked band by band where they are read
        if not 0 <= value <= 100:
            problem(f"reading_age.{name}", f"is {_short(value)}: give a number from 0 to 100")
    for low, high in (("standard_pass", "standard_fail"), ("easy_read_pass", "easy_read_fail"),
                      ("sentence_length_pass", "sentence_length_fail")):
        if 0 <= ra[low] <= 100 and 0 <= ra[high] <= 100 and ra[low] > ra[high]:
            problem(f"reading_age.{low}", f"({ra[low]}) is above 'reading_age.{high}' ({ra[high]}): "
                    "the pass limit must not be above the fail limit")
    cfg = values["check"]
    if not 1 <= cfg["easy_read_max_points"] <= 1000:
        problem("check.easy_read_max_points", f"is {cfg['easy_read_max_points']}: give a number from 1 to 1000")
    for name in ("sentence_length_ratio", "length_ratio_min", "length_ratio_max"):
        value = cfg[name]
        if not (math.isfinite(value) and 0 < value <= 100):
            problem(f"check.{name}", f"is {_short(value)}: give a positive number, such as 1.5")
    low, high = cfg["length_ratio_min"], cfg["length_ratio_max"]
    if math.isfinite(low) and math.isfinite(high) and low > high > 0:
        problem("check.length_ratio_min", f"({low}) is above 'check.length_ratio_max' ({high})")
    return problems


def _folder_problems(root: Path, values: dict[str, Any], problem: Any) -> list[Problem]:
    """The folders: inside the project, and the output folder one the build may own outright."""
    resolved = root.resolve()

    def inside(key: str, value: str) -> Path | None:
        folder = (root / value).resolve()
        if key == "output_dir" and (not value.strip() or folder == resolved):
            problem(key, f"is {value!r}: name a folder inside the project, such as \"dist\"")
            return None
        if not folder.is_relative_to(resolved):
            problem(key, f"is {value!r}, which is outside the project folder: use a folder inside it")
            return None
        if folder.exists() and not folder.is_dir():
            problem(key, f"is {value!r}, which is a file, not a folder")
            return None
        return folder

    source = inside("source_dir", values["source_dir"])
    locales = inside("locales_dir", values["locales_dir"])
    for index, folder in enumerate(values["check"]["rules_dirs"]):
        if isinstance(folder, str) and folder.strip():
            found = inside("check.rules_dirs", folder)
            if found is not None and not found.is_dir():
                problem("check.rules_dirs", f"names {folder!r} (item {index + 1}), which does not exist: create "
                        "it or remove it from the list")
    archive = None
    if not values["archive_dir"].strip() or (root / values["archive_dir"]).resolve() == resolved:
        problem("archive_dir", f"is {values['archive_dir']!r}: name a folder inside the project, such as \"archive\"")
    else:
        archive = inside("archive_dir", values["archive_dir"])
    out = inside("output_dir", values["output_dir"])
    if archive is not None:
        # the archive is kept with the project: never the build's folder, nor a folder other commands read
        for name, other in (("output_dir", out), ("source_dir", source), ("locales_dir", locales)):
            if other is not None and (other.is_relative_to(archive) or archive.is_relative_to(other)):
                problem("archive_dir", f"is {values['archive_dir']!r}, which overlaps 'tool.leaflets.{name}' "
                        f"({_shown(other, resolved)}): keep the archive in a folder of its own, such as \"archive\"")
    if out is None:
        return []
    # The build removes what it wrote before: its folder must hold nothing else of the project's.
    package = Path(__file__).resolve().parent
    for name, other in (("source_dir", source), ("locales_dir", locales), ("the leaflets package", package)):
        if other is not None and (other.is_relative_to(out) or out.is_relative_to(other)):
            what = f"'tool.leaflets.{name}'" if not name.startswith("the ") else name
            problem("output_dir", f"is {values['output_dir']!r}, which overlaps {what} ({_shown(other, resolved)}): "
                    "the build needs a folder of its own, such as \"dist\"")
    return []


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _dotted(values: dict[str, Any], key: str) -> list[Any]:
    node: Any = values
    for part in key.split("."):
        node = node[part]
    return list(node)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
                                    f"'tool.leaflets.{dotted}' must be {_kind_name(spec.kind)}, not {_short(value)}"))
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


def _locales(codes: list[Any], text: str, problems: list[Problem]) -> list[str]:
    """``locales`` in gettext's spelling (``ES`` -> ``es``), each once; unknown codes are problems."""
    from pipeline.locale_codes import LocaleCodeError, canonical

    line = _line_of(text, "locales")
    out: list[str] = []
    first: dict[str, str] = {}
    for code in codes:
        if not isinstance(code, str):
            problems.append(Problem("pyproject.toml", line, 1, f"tool.leaflets.locales: {code!r} is not "
                                    "a locale code; write codes as text, such as \"cy\""))
            continue
        try:
            spelt = canonical(code)
        except LocaleCodeError as exc:
            problems.append(Problem("pyproject.toml", line, 1, f"tool.leaflets.locales: {exc}; use a CLDR "
                                    "code such as cy, pl, es, ar, ur, pt_BR or sr@latin "
                                    "(`leaflets init <name>` suggests close matches)"))
            continue
        if spelt in first:
            same = f"'{first[spelt]}' and '{code}' are" if first[spelt] != code else f"'{code}' is"
            problems.append(Problem("pyproject.toml", line, 1, f"tool.leaflets.locales: {same} the same "
                                    f"locale ({spelt}), listed twice: keep one"))
            continue
        first[spelt] = code
        out.append(spelt)
    return out


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


def setting_line(root: Path, key: str) -> int:
    """The line of ``pyproject.toml`` that sets ``key`` (1 if it is not set there)."""
    try:
        text = read_input(root / "pyproject.toml", "pyproject.toml", "settings").decode("utf-8", "replace")
    except InputError:
        return 1
    return _line_of(text, key.split(".")[-1])


def iter_settings(schema: dict[str, Any] | None = None, prefix: str = "") -> list[tuple[str, Setting]]:
    """Every setting as (dotted key, Setting), for the README reference and its test."""
    out: list[tuple[str, Setting]] = []
    for key, spec in (schema or SCHEMA).items():
        if isinstance(spec, dict):
            out.extend(iter_settings(spec, prefix + key + "."))
        else:
            out.append((prefix + key, spec))
    return out
