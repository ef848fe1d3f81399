"""A catalogue of bad inputs and faults, each a change to a scratch copy of the project.

Each case names the commands it concerns and a marker the error must contain (a ``path:line``
or a named setting). ``tests/test_fault_catalogue.py`` runs every command of every case and
asserts exit 2 with that marker, no traceback, a bounded time and nothing changed on disk.
The cases are written as an attacker or a careless user would: alias bombs, special files,
escapes beyond Unicode, renamed pictures, a project whose output folder is its own source.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SLUG = "sacroiliac-joint-injection"
SOURCE = f"source/{SLUG}.md"
PO = f"locales/cy/LC_MESSAGES/{SLUG}.po"

SOURCE_COMMANDS = ("validate", "extract", "update", "check", "build", "format --check", "status")
PO_COMMANDS = ("update", "status", "check", "build")
ALL_COMMANDS = ("validate", "extract", "update", "status", "check", "build", "format --check")
SETTINGS_COMMANDS = ALL_COMMANDS


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, which commands must refuse it, and what the message names."""

    name: str
    make: Callable[[Path], None]
    commands: tuple[str, ...]
    expect: str  # a regular expression the error output must match


def _edit(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        target = project / path
        text = target.read_text(encoding="utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, count), encoding="utf-8")
    return make


def _append(path: str, extra: str) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        target = project / path
        target.write_text(target.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return make


def _settings(extra: str, drop: str | None = None) -> Callable[[Path], None]:
    """Add lines to [tool.leaflets] (after removing a line starting with ``drop``)."""
    def make(project: Path) -> None:
        target = project / "pyproject.toml"
        lines = target.read_text(encoding="utf-8").splitlines()
        if drop:
            lines = [line for line in lines if not line.startswith(drop)]
        index = lines.index("[tool.leaflets]") + 1
        lines[index:index] = extra.splitlines()
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return make


def _replace_file(path: str, data: bytes) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        (project / path).write_bytes(data)
    return make


def _special(path: str, kind: str) -> Callable[[Path], None]:
    """Put a FIFO, a directory, a symlink loop or a link to a device where a file should be."""
    def make(project: Path) -> None:
        target = project / path
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "directory":
            target.mkdir()
        elif kind == "loop":
            target.symlink_to(target.name)
        elif kind == "device":
            target.symlink_to("/dev/zero")
        else:
            raise AssertionError(kind)
    return make


def _picture(name: str, data: bytes, alt: str = "A map of the clinic") -> Callable[[Path], None]:
    def make(project: Path) -> None:
        folder = project / "source" / "pictures"
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        _edit(SOURCE, "## Why you might have it\n", f"## Why you might have it\n\n![{alt}](pictures/{name})\n")(project)
    return make


def _both(*makers: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        for maker in makers:
            maker(project)
    return make


ALIAS_BOMB = "\n".join(
    ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
)

GOOD_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _deep_svg(depth: int) -> bytes:
    return (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * depth + b"</g>" * depth + b"</svg>")


def _plural_po(formula: str) -> Callable[[Path], None]:
    return _edit(PO, "Plural-Forms: nplurals=", f"Plural-Forms: nplurals=6; plural={formula};\\n\"\n\"X-Old: ")


CASES: tuple[Case, ...] = (
    # -- source front matter -------------------------------------------------------------
    Case("yaml-alias-bomb", _edit(SOURCE, "locale: en-GB\n", "locale: en-GB\n" + ALIAS_BOMB.replace(
        "a:", "x0:", 1) + "\n"), ("validate", "build", "check"), rf"{SOURCE}:\d+:\d+: .*alias"),
    Case("yaml-alias-in-title", _edit(SOURCE, "title: Sacroiliac joint injection",
                                      "title: &t Sacroiliac joint injection\nsummary2: *t"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*alias"),
    Case("yaml-lone-surrogate", _edit(SOURCE, "title: Sacroiliac joint injection", 'title: "\\ud800"'),
         ("validate", "build", "check"), rf"{SOURCE}:3:\d+: "),
    Case("yaml-deep-list", _edit(SOURCE, "locale: en-GB\n", "locale: en-GB\nx: " + "[" * 10000 + "]" * 10000 + "\n"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: "),
    Case("yaml-duplicate-key", _edit(SOURCE, "locale: en-GB\n", "locale: en-GB\ntitle: Another title\n"),
         ("validate", "build", "check"), rf"{SOURCE}:11:\d+: .*twice"),
    Case("yaml-huge-value", _edit(SOURCE, "title: Sacroiliac joint injection", "title: " + "x" * 300_000),
         ("validate",), rf"{SOURCE}:2:\d+: .*too long"),
    Case("yaml-tag", _edit(SOURCE, "title: Sacroiliac", "title: !!python/object:os.system Sacroiliac"),
         ("validate", "build"), rf"{SOURCE}:3:\d+: "),
    Case("reserved-id-ui", _both(_edit(SOURCE, f"id: {SLUG}", "id: ui"),
                                 lambda p: (p / SOURCE).rename(p / "source" / "ui.md")),
         ("validate", "extract", "update", "build"), r"source/ui.md:2:\d+: .*reserved"),
    # -- source body -----------------------------------------------------------------------
    Case("javascript-link", _append(SOURCE, "\nSee [our page](javascript:alert(1)) for more.\n"),
         ("validate", "build", "check"), rf"{SOURCE}:\d+:\d+: link target 'javascript:"),
    Case("data-link", _append(SOURCE, "\nSee [this](data:text/html;base64,PHNjcmlwdD4=) too.\n"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: link target 'data:"),
    Case("file-link", _append(SOURCE, "\nSee [this](file:///etc/passwd) too.\n"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: link target 'file:"),
    Case("autolink-javascript", _append(SOURCE, "\nSee <javascript:alert(1)> too.\n"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: "),
    Case("unclosed-warning", _edit(SOURCE, "## Why you might have it\n",
                                   "## Why you might have it\n\n::: warning\nDo not drive.\n\n"),
         ("validate", "build", "check"), rf"{SOURCE}:\d+:\d+: .*not closed"),
    Case("unclosed-warning-at-end", _append(SOURCE, "\n::: warning\nDo not drive for 24 hours.\n\nYou can eat.\n"),
         ("validate", "build", "check"), rf"{SOURCE}:\d+:\d+: .*not closed"),
    Case("bidi-in-phone", _edit(SOURCE, "[01234 567 890](tel:+441234567890)",
                                "[01234 \u202e567 890](tel:+441234567890)"),
         ("validate", "build", "check"), rf"{SOURCE}:9:\d+: .*U\+202E"),
    Case("bidi-in-link-target", _edit(SOURCE, "(tel:+441234567890)", "(tel:+44123\u202e4567890)"),
         ("validate", "build"), rf"{SOURCE}:9:\d+: .*U\+202E"),
    Case("bidi-in-text", _edit(SOURCE, "These joints help you move.", "These joints help you \u2067move\u2069."),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*U\+2067"),
    Case("deep-blockquote", _append(SOURCE, "\n" + "> " * 5000 + "deep\n"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: "),
    Case("deep-list", _append(SOURCE, "\n" + "".join("  " * i + "- x\n" for i in range(3000))),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: "),
    Case("deep-emphasis-in-a-link", _append(SOURCE, "\n[" + "*" * 3000 + "x" + "*" * 3000 + "](javascript:x)\n"),
         ("validate",), rf"{SOURCE}:\d+:\d+: link target"),
    Case("huge-source", _append(SOURCE, ("\nA long line of words that goes on. " * 100 + "\n") * 1200),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*(too large|MB)"),
    Case("source-fifo", _special("source/extra.md", "fifo"), ("validate", "build", "check", "update"),
         r"source/extra.md:\d+:\d+: .*(not a regular file|FIFO|pipe)"),
    Case("source-directory", _special("source/extra.md", "directory"), ("validate", "build"),
         r"source/extra.md:\d+:\d+: .*(directory|not a regular file)"),
    Case("source-symlink-loop", _special("source/extra.md", "loop"), ("validate", "build", "check"),
         r"source/extra.md:\d+:\d+: "),
    Case("source-device", _special("source/extra.md", "device"), ("validate", "build"),
         r"source/extra.md:\d+:\d+: .*(not a regular file|device|outside the project)"),
    Case("source-symlink-outside", lambda p: (p / "source" / "extra.md").symlink_to(p.parent / "outside.md"),
         ("validate", "build", "extract"), r"source/extra.md:\d+:\d+: .*outside"),
    # -- pictures --------------------------------------------------------------------------
    Case("picture-html", _picture("p.html", b"<script>alert(1)</script>"), ("validate", "build"),
         rf"{SOURCE}:\d+:\d+: .*p.html"),
    Case("picture-svg-named-png", _picture("p.png", GOOD_SVG), ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*p.png"),
    Case("picture-truncated-png", _picture("p.png", PNG_1PX[:40]), ("validate", "build"),
         rf"{SOURCE}:\d+:\d+: .*p.png"),
    Case("picture-text-named-jpg", _picture("p.jpg", b"not a picture at all"), ("validate", "build"),
         rf"{SOURCE}:\d+:\d+: .*p.jpg"),
    Case("picture-gif", _picture("p.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ("validate", "build"),
         rf"{SOURCE}:\d+:\d+: .*p.gif"),
    Case("picture-broken-svg", _picture("p.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*p.svg"),
    Case("picture-svg-not-svg", _picture("p.svg", b"<html><body>hi</body></html>"), ("validate", "build"),
         rf"{SOURCE}:\d+:\d+: .*p.svg"),
    Case("picture-svg-deep", _picture("p.svg", _deep_svg(5000)), ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*p.svg"),
    Case("picture-svg-huge", _picture("p.svg", GOOD_SVG[:-6] + b"<desc>" + b"x" * 6_000_000 + b"</desc></svg>"),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*p.svg"),
    Case("picture-directory", _both(_picture("p.svg", GOOD_SVG),
                                    lambda p: ((p / "source/pictures/p.svg").unlink(),
                                               (p / "source/pictures/p.svg").mkdir())),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*p.svg"),
    Case("picture-fifo", _both(_picture("p.svg", GOOD_SVG), _special("source/pictures/p.svg", "fifo")),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*p.svg"),
    Case("picture-symlink-outside", _both(_picture("p.svg", GOOD_SVG),
                                          lambda p: ((p / "source/pictures/p.svg").unlink(),
                                                     (p / "source/pictures/p.svg").symlink_to("/etc/hostname"))),
         ("validate", "build"), rf"{SOURCE}:\d+:\d+: .*outside"),
    # -- PO files --------------------------------------------------------------------------
    Case("po-escape-beyond-unicode", _edit(PO, 'msgstr "Pigiad', 'msgstr "\\x110000 Pigiad'),
         PO_COMMANDS, rf"{PO}:\d+:\d+: .*escape"),
    Case("po-escape-surrogate", _edit(PO, 'msgstr "Pigiad', 'msgstr "\\xd800 Pigiad'), PO_COMMANDS,
         rf"{PO}:\d+:\d+: .*escape"),
    Case("po-escape-octal-nul", _edit(PO, 'msgstr "Pigiad', 'msgstr "\\0 Pigiad'), PO_COMMANDS,
         rf"{PO}:\d+:\d+: .*escape"),
    # `check` judges PO headers by the same rules as update, status and build (check_header)
    Case("po-plural-5000-parentheses", _plural_po("(" * 5000 + "n" + ")" * 5000), PO_COMMANDS,
         rf"{PO}:\d+:\d+: "),
    Case("po-plural-garbage", _plural_po("n ** 99999999"), PO_COMMANDS, rf"{PO}:\d+:\d+: "),
    Case("po-directory", _special(PO, "directory"), PO_COMMANDS, rf"{PO}:\d+:\d+: .*(directory|regular file)"),
    Case("po-symlink-loop", _special(PO, "loop"), PO_COMMANDS, rf"{PO}:\d+:\d+: "),
    Case("po-device", _special(PO, "device"), PO_COMMANDS, rf"{PO}:\d+:\d+: .*(regular file|device)"),
    Case("po-fifo", _special(PO, "fifo"), PO_COMMANDS, rf"{PO}:\d+:\d+: .*(regular file|FIFO|pipe)"),
    Case("ui-po-fifo", _special("locales/cy/LC_MESSAGES/ui.po", "fifo"), PO_COMMANDS,
         r"locales/cy/LC_MESSAGES/ui.po:\d+:\d+: "),
    Case("po-huge", _append(PO, '\n#. filler\nmsgid "x"\nmsgstr "' + "y" * 60_000_000 + '"\n'), PO_COMMANDS,
         rf"{PO}:\d+:\d+: .*(too large|MB)"),
    Case("po-not-utf8", _replace_file(PO, b'msgid ""\nmsgstr "\xff"\n'), PO_COMMANDS, rf"{PO}:\d+:\d+: .*UTF-8"),
    Case("pot-fifo", _special(f"locales/{SLUG}.pot", "fifo"), ("update", "extract"), rf"locales/{SLUG}.pot"),
    # -- settings --------------------------------------------------------------------------
    Case("settings-locales-numbers", _settings("locales = [1, 2]", drop="locales ="), SETTINGS_COMMANDS,
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.locales"),
    Case("settings-table-is-text", lambda p: (p / "pyproject.toml").write_text('[tool]\nleaflets = "x"\n'),
         SETTINGS_COMMANDS, r"pyproject.toml:\d+:\d+: .*tool.leaflets"),
    Case("settings-tool-is-text", lambda p: (p / "pyproject.toml").write_text('tool = "x"\n'),
         SETTINGS_COMMANDS, r"pyproject.toml:\d+:\d+: .*tool"),
    Case("settings-not-utf8", lambda p: (p / "pyproject.toml").write_bytes(b"[tool.leaflets]\n# caf\xe9\n"),
         SETTINGS_COMMANDS, r"pyproject.toml:2:\d+: .*UTF-8"),
    Case("settings-pyproject-fifo", _special("pyproject.toml", "fifo"), ("validate", "build"), r"pyproject.toml"),
    Case("settings-pyproject-directory", _special("pyproject.toml", "directory"), ("validate", "build"),
         r"pyproject.toml"),
    Case("settings-output-dot", _settings('output_dir = "."', drop="output_dir"), ("build",),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.output_dir"),
    Case("settings-output-empty", _settings('output_dir = ""', drop="output_dir"), ("build",),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.output_dir"),
    Case("settings-output-source", _settings('output_dir = "source"', drop="output_dir"), ("build",),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.output_dir"),
    Case("settings-output-locales", _settings('output_dir = "locales/cy"', drop="output_dir"), ("build",),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.output_dir"),
    Case("settings-output-root", _settings('output_dir = "/"', drop="output_dir"), ("build",),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.output_dir"),
    Case("settings-output-outside", _settings('output_dir = "../elsewhere"', drop="output_dir"), ("build",),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.output_dir"),
    Case("settings-output-holds-source", _both(_settings('output_dir = "site"', drop="output_dir"),
                                               _settings('source_dir = "site/source"', drop="source_dir"),
                                               lambda p: (p / "source").rename(p / "site")), ("build", "validate"),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.(output_dir|source_dir)"),
    Case("settings-source-outside", _settings('source_dir = "/etc"', drop="source_dir"), ("validate", "build"),
         r"pyproject.toml:\d+:\d+: .*tool.leaflets.source_dir"),
    Case("settings-inverted-thresholds", _edit("pyproject.toml", "standard_pass = 10", "standard_pass = 14"),
         ("check",), r"pyproject.toml:\d+:\d+: .*standard_pass"),
    Case("settings-negative-threshold", _edit("pyproject.toml", "easy_read_pass = 8", "easy_read_pass = -3"),
         ("check",), r"pyproject.toml:\d+:\d+: .*easy_read_pass"),
    Case("settings-nan-ratio", _append("pyproject.toml", "\n[tool.leaflets.check]\nlength_ratio_max = nan\n"),
         ("check",), r"pyproject.toml:\d+:\d+: .*length_ratio_max"),
    Case("settings-inverted-ratios", _append("pyproject.toml", "\n[tool.leaflets.check]\nlength_ratio_min = 3\n"),
         ("check",), r"pyproject.toml:\d+:\d+: .*length_ratio_min"),
    Case("settings-missing-rules-dir", _append("pyproject.toml", '\n[tool.leaflets.check]\nrules_dirs = ["nope"]\n'),
         ("check",), r"pyproject.toml:\d+:\d+: .*rules_dirs"),
    Case("settings-rules-dir-numbers", _append("pyproject.toml", "\n[tool.leaflets.check]\nrules_dirs = [1]\n"),
         ("check",), r"pyproject.toml:\d+:\d+: .*rules_dirs"),
    Case("settings-severity-number", _append("pyproject.toml", "\n[tool.leaflets.check]\nseverity = { x = 1 }\n"),
         ("check",), r"pyproject.toml:\d+:\d+: .*severity"),
    Case("settings-huge-integer", _edit("pyproject.toml", "standard_pass = 10", "standard_pass = " + "9" * 5000),
         ("check", "validate"), r"pyproject.toml:\d+:\d+: "),
    Case("rules-file-fifo", _both(_append("pyproject.toml", '\n[tool.leaflets.check]\nrules_dirs = ["house"]\n'),
                                  lambda p: (p / "house" / "common").mkdir(parents=True),
                                  _special("house/common/extra.toml", "fifo")),
         ("check",), r"house/common/extra.toml:\d+:\d+: "),
    Case("baseline-fifo", _special("baseline.json", "fifo"), ("check --baseline {project}/baseline.json",),
         r"baseline.json:1:1: "),
    Case("baseline-deep-json", _replace_file("baseline.json", b"[" * 100_000 + b"]" * 100_000),
         ("check --baseline {project}/baseline.json",), r"baseline.json:\d+:\d+: "),
    # -- the environment and the output folder -------------------------------------------
    Case("env-huge-source-date-epoch", lambda p: None, ("build", "update"), r"SOURCE_DATE_EPOCH"),
    Case("dist-not-ours", lambda p: ((p / "dist").mkdir(), (p / "dist" / "photo.png").write_bytes(PNG_1PX)),
         ("build",), r"tool.leaflets.output_dir"),
    Case("dist-is-a-file", lambda p: (p / "dist").write_text("my notes\n"), ("build",),
         r"tool.leaflets.output_dir"),
)

ENVIRONMENT = {"env-huge-source-date-epoch": {"SOURCE_DATE_EPOCH": "9" * 30}}

MARKER = re.compile(r"(\S+:\d+:\d+: |tool\.leaflets|SOURCE_DATE_EPOCH)")
