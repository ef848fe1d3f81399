"""Migration helper: fill a locale's PO files from a translated copy of a leaflet in Markdown.

For teams that already have translated leaflets as Markdown files: the translated file must
have the same block structure as the source (same sections, paragraphs, list items, table
cells, boxes, glossary entries and easy-read points, in the same order); the reader that reads
source leaflets reads it too. The two are aligned unit by unit and each translation is written
into ``locales/<locale>/LC_MESSAGES/<slug>.po`` as translated (not fuzzy). Interface words come
from a JSON object of UI key -> translation (``--ui``, may be given more than once).

Every translation passes the same checks as the build (same link targets, same bold and
emphasis count, valid leaflet Markdown); a unit that fails is left untranslated and reported.

Usage::

    python tools/import_aligned_translation.py cy translations/cy.md --ui translations/cy-ui.json

The PO files are created first if needed (as ``leaflets init`` does) and the locale is added to
``[tool.leaflets] locales``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from pipeline.atomic import write_text_atomic
from pipeline.po.apply import check_translation
from pipeline.po.pofile import Catalog, header_text, parse_header, write_po
from pipeline.po.templates import UI_DOMAIN, revision_date
from pipeline.po.units import Slot, walk
from pipeline.po.workflow import fill, init_locale, po_path, read_catalog, shown
from pipeline.problems import InputError
from pipeline.project import load_project
from pipeline.reader import read_leaflet
from pipeline.settings import find_project, load_settings
from pipeline.ui_strings import UI_STRINGS

TRANSLATOR = "Demonstration translation, not clinically reviewed"


def align(
    source_slots: list[Slot], translated_slots: list[Slot]
) -> tuple[dict[tuple[str | None, str], str], list[str]]:
    """Translations by unit key from two slot lists of the same structure, and any problems."""
    found: dict[tuple[str | None, str], str] = {}
    problems: list[str] = []
    if len(source_slots) != len(translated_slots):
        problems.append(
            f"the translation has {len(translated_slots)} units, the source {len(source_slots)}: "
            "the block structure differs"
        )
    for src, dst in zip(source_slots, translated_slots, strict=False):
        unit = src.unit
        if not unit.msgid.strip():
            continue
        if unit.markdown != dst.unit.markdown:
            problems.append(
                f"line {dst.unit.line}: a {'Markdown' if unit.markdown else 'plain'} unit is aligned "
                "with one of another kind: the block structure differs"
            )
            continue
        text = dst.unit.msgid
        _, reason = check_translation(src.original, text)
        if reason:
            problems.append(f"line {dst.unit.line}: {reason} (source line {unit.line}: {unit.msgid[:40]!r})")
            continue
        if unit.key in found and found[unit.key] != text:
            problems.append(
                f"line {dst.unit.line}: {unit.msgid[:40]!r} is translated two ways; the first is kept"
            )
            continue
        found.setdefault(unit.key, text)
    return found, problems


def _stamp(catalog: Catalog) -> Catalog:
    """Header fields saying who translated and when (only when the translations changed)."""
    fields = parse_header(catalog.header.msgstr)
    fields["Last-Translator"] = TRANSLATOR
    fields["PO-Revision-Date"] = revision_date()
    return replace(catalog, header=replace(catalog.header, msgstr=header_text(list(fields.items()))))


def main(argv: list[str] | None = None) -> int:
    """Run the import; exit 0 when every unit was filled, 1 when some were not, 2 on bad input."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locale")
    parser.add_argument("translated", type=Path, help="translated leaflet (Markdown)")
    parser.add_argument("--ui", type=Path, action="append", default=[], help="JSON of UI key -> translation")
    parser.add_argument("--project", type=Path, default=None)
    args = parser.parse_args(argv)
    root = args.project.resolve() if args.project else find_project(Path.cwd())
    try:
        settings = load_settings(root)
        project = load_project(settings)
        translated = read_leaflet(args.translated.resolve())
        slug = translated.meta.slug
        source = project.leaflet(slug)
        init_locale(settings, project.leaflets, args.locale)
        settings = load_settings(root)
        missing = 0
        translations, problems = align(list(walk(source)), list(walk(translated)))
        targets: list[tuple[str, dict[tuple[str | None, str], str]]] = [(slug, translations)]
        ui: dict[tuple[str | None, str], str] = {}
        for path in args.ui:
            for key, text in json.loads(path.read_text(encoding="utf-8")).items():
                if key in UI_STRINGS and isinstance(text, str) and text.strip():
                    ui[(key, UI_STRINGS[key])] = text
                elif key not in UI_STRINGS:
                    problems.append(f"{path}: unknown UI key '{key}'")
        if args.ui:
            targets.append((UI_DOMAIN, ui))
        for domain, found in targets:
            path = po_path(settings, args.locale, domain)
            catalog = read_catalog(settings, path)
            filled = fill(catalog, found)
            if filled != catalog:
                filled = _stamp(filled)
            write_text_atomic(path, write_po(filled))
            left = [e for e in filled.entries if not e.obsolete and not e.translated]
            missing += len(left)
            print(
                f"{shown(settings, path)}: {sum(1 for e in filled.entries if e.translated)} translated, "
                f"{len(left)} not"
            )
            for entry in left:
                print(f"  not translated: {entry.msgid[:60]!r}", file=sys.stderr)
        for problem in problems:
            print(f"{args.translated}: {problem}", file=sys.stderr)
        return 1 if missing or problems else 0
    except InputError as exc:
        for bad in exc.problems:
            print(bad, file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"{args.translated}: no source leaflet with id {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
