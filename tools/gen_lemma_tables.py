"""Regenerate ``pipeline/rules/lemmas/<lang>.json``: the lemma tables of the shipped word lists.

Each table holds, from simplemma's dictionary, every form whose lemma is the lemma of a word
in the language's shipped lists (see ``pipeline/check/inflection.py``). Run it after changing
a list; ``tests/test_check_plain_english.py`` fails while a table is out of date::

    python tools/gen_lemma_tables.py
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

from pipeline.check.inflection import build_table, list_entries, participle_table, simplemma_knows

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "rules" / "lemmas"


def main() -> None:
    """Write one table per language that ships word lists."""
    OUT.mkdir(exist_ok=True)
    for lang in ("en", "cy", "pl", "es", "ar", "ur"):
        entries = list_entries(lang)
        if not entries or not simplemma_knows(lang):
            continue  # no list, or no dictionary (Urdu): entries match as written
        data = {"simplemma": version("simplemma"), "lemmas": build_table(lang, entries)}
        text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
        (OUT / f"{lang}.json").write_text(text, encoding="utf-8")
        print(f"{lang}: {len(data['lemmas'])} forms")
    participles = {"lemminflect": version("lemminflect"), **participle_table()}
    text = json.dumps(participles, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    (OUT / "en-participles.json").write_text(text, encoding="utf-8")
    print(f"en participles: {len(participles['vbn'])}")


if __name__ == "__main__":
    main()
