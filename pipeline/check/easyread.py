"""Easy-read rules: short points, one idea each, a picture with alt text, digits, known words.

The limits are data in ``pipeline/rules/common/easy-read.toml``; the page length (how many
points one section may have) is the ``check.easy_read_max_points`` setting, because it depends
on the layout a team prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.check.inflection import phrase_matcher
from pipeline.check.rules import Context, Hit, Rule, engine, language, phrase_regex
from pipeline.check.text import Sentence, TextUnit

# What an easy-read reader reads besides the points: the title and the section headings.
READ_KINDS = ("easy-read-point", "heading", "title")


def _points(ctx: Context, kinds: Iterable[str] = ("easy-read-point",)) -> dict[int, list[Sentence]]:
    wanted = set(kinds)
    by_unit: dict[int, list[Sentence]] = {}
    for sentence in ctx.sentences:
        if sentence.unit.kind in wanted:
            by_unit.setdefault(id(sentence.unit), []).append(sentence)
    return by_unit


def _kinds(rule: Rule) -> tuple[str, ...]:
    """The units a rule reads (``units`` in its data): points, headings and the title by default."""
    return tuple(rule.data.get("units", READ_KINDS))


@engine("easy-read-sentences")
def _sentences(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """A point of more than ``max_sentences`` sentences."""
    top = int(rule.data.get("max_sentences", 2))
    for group in _points(ctx).values():
        if len(group) > top:
            unit = group[0].unit
            yield Hit(rule, unit, unit.text, group[0].text[:60], {"sentences": str(len(group))})


@engine("easy-read-sentence-length")
def _length(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """A sentence of a point (or a heading, or the title) longer than ``max_words`` words."""
    top = round(int(rule.data.get("max_words", 15)) * float(ctx.settings.get("word_scale", 1.0)))
    for group in _points(ctx, _kinds(rule)).values():
        for sentence in group:
            if len(sentence.words) > top:
                yield Hit(
                    rule,
                    sentence.unit,
                    sentence.text,
                    sentence.text[:60],
                    {"words": str(len(sentence.words)), "max_words": str(top)},
                )


@engine("easy-read-one-idea")
def _one_idea(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """A sentence that joins ideas: a semicolon, a colon, or more joining words than ``max_joins``."""
    joiners = phrase_regex(rule.data.get("joiners", ()))
    marks = re.compile("[" + re.escape("".join(rule.data.get("marks", (";", ":")))) + "]")
    top = int(rule.data.get("max_joins", 1))
    for group in _points(ctx).values():
        for sentence in group:
            joins = len(joiners.findall(sentence.text)) if joiners else 0
            mark = marks.search(sentence.text)
            if mark or joins > top:
                yield Hit(rule, sentence.unit, sentence.text, mark.group(0) if mark else sentence.text[:40])


@engine("easy-read-picture")
def _picture(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """A point whose picture is missing or has no alt text (a translation can lose it)."""
    seen: set[int] = set()
    for unit in ctx.units:
        if unit.kind != "easy-read-point" or id(unit) in seen:
            continue
        seen.add(id(unit))
        picture = unit.picture
        if picture is None or not picture.ref.strip() or not picture.alt.strip():
            yield Hit(rule, unit, unit.text, unit.text[:40])


@engine("easy-read-section-length")
def _section_length(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """A section with more points than fit on a page (the ``check.easy_read_max_points`` setting)."""
    top = int(ctx.settings.get("easy_read_max_points", rule.data.get("max_points", 6)))
    by_section: dict[int, list[TextUnit]] = {}
    for unit in ctx.units:
        if unit.kind == "easy-read-point":
            by_section.setdefault(unit.section, []).append(unit)
    for group in by_section.values():
        if len(group) > top:
            yield Hit(
                rule,
                group[top],
                group[top].text,
                group[top].text[:40],
                {"points": str(len(group)), "max_points": str(top)},
            )


@engine("easy-read-hard-words")
def _hard_words(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Hard words in easy-read points, headings and the title that the glossary does not explain.

    The word lists are the language's ``plain-words`` and ``medical-words`` rules (named in
    ``lists``), so a team extends one list for both variants.
    """
    table: dict[str, str] = {}
    for other in ctx.settings.get("rules", {}).values():
        if other.id in rule.data.get("lists", ()):
            table.update(other.data.get("phrases", {}))
            table.update(other.data.get("words", {}))
    terms = {
        k: v for k, v in table.items() if not any(f.strip().lower() in ctx.glossary for f in k.split("|"))
    }
    regex = phrase_matcher(terms, language(ctx.locale))  # every inflected form
    if not regex:
        return
    for group in _points(ctx, _kinds(rule)).values():
        for sentence in group:
            for found in regex.finditer(sentence.text):
                if not ctx.is_accepted(found.group(0)):
                    yield Hit(rule, sentence.unit, sentence.text, found.group(0))
