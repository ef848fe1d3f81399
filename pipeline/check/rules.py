"""The plain-English rule engine: rules are data (``pipeline/rules/<lang>/*.toml``), engines are code.

A rule file holds ``[rules.<id>]`` tables. Each rule names an engine (``kind``), a severity,
a message and a suggestion (``{match}`` and the rule's own fields are filled in), and the
data the engine needs (word lists, limits). ``pipeline/rules/common`` applies to every
language; ``pipeline/rules/<lang>`` to one. A team adds folders with the ``check.rules_dirs``
setting: a rule there with a new id is added; with an existing id and ``extend = true`` its
lists and tables are merged into the shipped rule; otherwise it replaces it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.check.findings import LEVELS, Severity
from pipeline.check.inflection import PhraseMatcher, phrase_matcher
from pipeline.check.passive import PassiveWords, passive_sentences
from pipeline.check.text import Sentence, TextUnit
from pipeline.inputs import read_input
from pipeline.problems import InputError, Problem, shown_path


@dataclass(frozen=True)
class Rule:
    """One rule as loaded from data."""

    id: str
    kind: str
    severity: Severity
    message: str
    suggestion: str
    data: dict[str, Any]
    variants: tuple[str, ...] = ("standard", "easy-read")
    enabled: bool = True
    origin: str = ""


@dataclass(frozen=True)
class Hit:
    """A rule matched: where (unit and the matched text) and what to say."""

    rule: Rule
    unit: TextUnit
    text: str
    match: str
    fields: dict[str, str] = field(default_factory=dict)
    severity: Severity | None = None

    @property
    def message(self) -> str:
        """The rule's message with ``{match}`` and the hit's fields filled in."""
        return _fill(self.rule.message, self.match, self.fields)

    @property
    def suggestion(self) -> str:
        """The rule's suggestion, filled in."""
        return _fill(self.rule.suggestion, self.match, self.fields)


def _fill(template: str, match: str, fields: dict[str, str]) -> str:
    out = template.replace("{match}", match)
    for key, value in fields.items():
        out = out.replace("{" + key + "}", value)
    return out


@dataclass
class Context:
    """What the engines may look at beyond one sentence."""

    sentences: list[Sentence]
    units: list[TextUnit]
    variant: str
    locale: str
    glossary: frozenset[str]
    accepted: frozenset[str]
    settings: dict[str, Any] = field(default_factory=dict)

    def is_accepted(self, text: str) -> bool:
        """True when the team's accepted-words list holds this word or phrase."""
        return text.lower() in self.accepted


Engine = Callable[[Rule, Context], Iterable[Hit]]
ENGINES: dict[str, Engine] = {}


def engine(kind: str) -> Callable[[Engine], Engine]:
    """Register an engine for a rule ``kind``."""

    def register(func: Engine) -> Engine:
        ENGINES[kind] = func
        return func

    return register


# --- loading ------------------------------------------------------------------------------

REQUIRED = ("kind", "severity", "message", "suggestion")


def builtin_dirs(lang: str) -> list[tuple[Path, str]]:
    """The shipped rule folders for a language: ``common`` first, then the language's own."""
    base = Path(str(resources.files("pipeline").joinpath("rules")))
    return [(base / "common", "common"), (base / lang, lang)]


def has_language_rules(lang: str) -> bool:
    """True when rule files ship for this language (not just the common ones)."""
    folder = Path(str(resources.files("pipeline").joinpath("rules"))) / lang
    return folder.is_dir() and any(folder.glob("*.toml"))


def load_rules(lang: str, extra_dirs: Iterable[Path] = (), root: Path | None = None) -> dict[str, Rule]:
    """Every rule for a language, shipped and the team's, by id. Raise InputError on a bad file."""
    return dict(_load_rules(lang, tuple(extra_dirs), root))


@lru_cache(maxsize=64)
def _load_rules(lang: str, extra_dirs: tuple[Path, ...], root: Path | None) -> dict[str, Rule]:
    # once per process: a catalogue check asks for the same language's rules for every leaflet
    rules: dict[str, Rule] = {}
    problems: list[Problem] = []
    folders = builtin_dirs(lang) + [(d / sub, sub) for d in extra_dirs for sub in ("common", lang)]
    for folder, _ in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            _load_file(path, rules, problems, root)
    if problems:
        raise InputError(problems)
    return rules


def _shown(path: Path, root: Path | None) -> str:
    if root is not None and path.resolve().is_relative_to(root.resolve()):
        return shown_path(path, root)
    if "pipeline" in path.parts:
        return "/".join(path.parts[path.parts.index("pipeline") :])
    return path.as_posix()


def _load_file(path: Path, rules: dict[str, Rule], problems: list[Problem], root: Path | None) -> None:
    shown = _shown(path, root)
    try:
        text = read_input(path, shown, "rules").decode("utf-8")
    except InputError as exc:
        problems.extend(exc.problems)
        return
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, 1, "the rule file is not UTF-8 text: save it as UTF-8"))
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(shown, int(match.group(1)) if match else 1, 1, f"not valid TOML: {exc}"))
        return
    table = data.get("rules", {})
    if not isinstance(table, dict) or set(data) - {"rules"}:
        problems.append(Problem(shown, 1, 1, "a rule file holds only [rules.<id>] tables"))
        return
    for rule_id, spec in table.items():
        line = _line_of(text, rule_id)
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule_id) or not isinstance(spec, dict):
            problems.append(
                Problem(
                    shown,
                    line,
                    1,
                    f"rule id '{rule_id}' must be lower-case words joined by hyphens, with a table of fields",
                )
            )
            continue
        if spec.get("extend") and rule_id in rules:
            rules[rule_id] = _extend(rules[rule_id], spec)
            continue
        missing = [k for k in REQUIRED if k not in spec]
        if missing:
            problems.append(Problem(shown, line, 1, f"rule '{rule_id}' is missing {', '.join(missing)}"))
            continue
        if spec["kind"] not in ENGINES:
            problems.append(
                Problem(
                    shown,
                    line,
                    1,
                    f"rule '{rule_id}': unknown kind '{spec['kind']}'; known "
                    f"kinds: {', '.join(sorted(ENGINES))}",
                )
            )
            continue
        if spec["severity"] not in ("error", "warning", "info"):
            problems.append(
                Problem(shown, line, 1, f"rule '{rule_id}': severity must be error, warning or info")
            )
            continue
        extra = {k: v for k, v in spec.items() if k not in (*REQUIRED, "variants", "enabled", "extend")}
        rules[rule_id] = Rule(
            rule_id,
            spec["kind"],
            spec["severity"],
            spec["message"],
            spec["suggestion"],
            extra,
            tuple(spec.get("variants", ("standard", "easy-read"))),
            bool(spec.get("enabled", True)),
            f"{shown}:{line}",
        )


def _extend(rule: Rule, spec: dict[str, Any]) -> Rule:
    data = dict(rule.data)
    for key, value in spec.items():
        if key == "extend":
            continue
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        elif isinstance(value, list) and isinstance(data.get(key), list):
            data[key] = [*data[key], *value]
        else:
            data[key] = value
    return Rule(
        rule.id,
        rule.kind,
        rule.severity,
        rule.message,
        rule.suggestion,
        data,
        rule.variants,
        rule.enabled,
        rule.origin,
    )


def _line_of(text: str, rule_id: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^\s*\[rules\.\"?{re.escape(rule_id)}\"?\]", line):
            return number
    return 1


def configure(
    rules: dict[str, Rule],
    enable: Iterable[str],
    disable: Iterable[str],
    severity: dict[str, str],
    where: str = "pyproject.toml",
) -> dict[str, Rule]:
    """Apply the settings: switch rules on or off and re-level them. Unknown ids are input errors."""
    problems: list[Problem] = []
    known = set(rules)
    out = dict(rules)
    from pipeline.problems import suggest

    def check(rule_id: str, key: str) -> bool:
        if rule_id not in known:
            problems.append(
                Problem(
                    where,
                    1,
                    1,
                    f"tool.leaflets.check.{key}: unknown rule '{rule_id}'.{suggest(rule_id, known)}",
                )
            )
            return False
        return True

    for rule_id in enable:
        if check(rule_id, "enable"):
            out[rule_id] = _with(out[rule_id], enabled=True)
    for rule_id in disable:
        if check(rule_id, "disable"):
            out[rule_id] = _with(out[rule_id], enabled=False)
    for rule_id, level in severity.items():
        if not check(rule_id, "severity"):
            continue
        if level not in LEVELS:
            problems.append(
                Problem(
                    where,
                    1,
                    1,
                    f"tool.leaflets.check.severity.{rule_id}: '{level}' must be error, warning, info or off",
                )
            )
        elif level == "off":
            out[rule_id] = _with(out[rule_id], enabled=False)
        else:
            out[rule_id] = _with(out[rule_id], severity=level)
    if problems:
        raise InputError(problems)
    return out


def _with(rule: Rule, **changes: Any) -> Rule:
    from dataclasses import replace

    return replace(rule, **changes)


def run_rules(rules: dict[str, Rule], ctx: Context) -> list[Hit]:
    """Every hit of every enabled rule that applies to the context's variant."""
    hits: list[Hit] = []
    for rule in rules.values():
        if rule.enabled and ctx.variant in rule.variants:
            hits.extend(ENGINES[rule.kind](rule, ctx))
    return hits


# --- helpers for engines ------------------------------------------------------------------


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for literal phrases; ``a|b`` in a key lists forms of one entry.

    Boundaries are "not a letter or digit" rather than ``\\b`` so "e.g." and "and/or" match.
    """
    forms = sorted({f.strip() for p in phrases for f in p.split("|") if f.strip()}, key=len, reverse=True)
    if not forms:
        return None
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


def lookup(table: dict[str, str], found: str) -> str:
    """The value for a matched form: keys may list forms as ``a|b``."""
    low = " ".join(found.lower().split())
    for key, value in table.items():
        if low in (f.strip().lower() for f in key.split("|")):
            return value
    return ""


# --- engines ------------------------------------------------------------------------------


@engine("phrases")
def _phrases(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Words and phrases with a plainer alternative (``phrases = { "prior to" = "before" }``).

    Every inflected form of an entry matches ("utilised" for "utilise"): see ``inflection``.
    """
    table: dict[str, str] = rule.data.get("phrases", {})
    matcher = phrase_matcher(table, language(ctx.locale))
    if not matcher:
        return
    skip = set(rule.data.get("skip_units", ("glossary-term",)))
    for sentence in ctx.sentences:
        if sentence.unit.kind in skip:
            continue
        for found in matcher.finditer(sentence.text):
            word = found.group(0)
            if ctx.is_accepted(word) or ctx.is_accepted(found.entry.split("|")[0]):
                continue
            yield Hit(rule, sentence.unit, sentence.text, word, {"alternative": table.get(found.entry, "")})


def language(locale: str) -> str:
    """The language part of a locale (``en`` for ``en-GB``)."""
    return locale.replace("-", "_").split("_")[0].lower()


@engine("pattern")
def _pattern(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Regular expressions (``patterns = ["and/or"]``); case-insensitive unless ``case = true``."""
    flags = 0 if rule.data.get("case") else re.IGNORECASE
    for source in rule.data.get("patterns", []):
        regex = re.compile(source, flags)
        for sentence in ctx.sentences:
            for found in regex.finditer(sentence.text):
                if not ctx.is_accepted(found.group(0)):
                    yield Hit(rule, sentence.unit, sentence.text, found.group(0))


@engine("sentence-length")
def _sentence_length(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Sentences over ``max_words`` words (and not over ``below_words``, so two bands do not both fire)."""
    scale = float(ctx.settings.get("word_scale", 1.0))
    top = round(int(rule.data.get("max_words", 20)) * scale)
    ceiling = rule.data.get("below_words")
    limit = None if ceiling is None else round(int(ceiling) * scale)
    for sentence in ctx.sentences:
        n = len(sentence.words)
        if n > top and (limit is None or n <= limit):
            yield Hit(
                rule,
                sentence.unit,
                sentence.text,
                sentence.text[:60],
                {"words": str(n), "max_words": str(top), "limit": str(limit or top)},
            )


@engine("paragraph-length")
def _paragraph_length(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Paragraphs of more than ``max_sentences`` sentences."""
    top = int(rule.data.get("max_sentences", 3))
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in ctx.sentences:
        if sentence.unit.kind == "paragraph":
            by_paragraph.setdefault(sentence.unit.paragraph, []).append(sentence)
    for group in by_paragraph.values():
        if len(group) > top:
            yield Hit(
                rule,
                group[0].unit,
                group[0].unit.text,
                group[0].text[:60],
                {"sentences": str(len(group)), "max_sentences": str(top)},
            )


@engine("passive")
def _passive(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Passive voice: "be" or "get" and a past participle, and the reduced passives."""
    for sentence, match in passive_matches(rule, ctx.sentences):
        yield Hit(rule, sentence.unit, sentence.text, match)


def passive_matches(rule: Rule, sentences: list[Sentence]) -> list[tuple[Sentence, str]]:
    """Every passive construction found, one per sentence at most (see ``pipeline.check.passive``)."""
    lists = PassiveWords.from_data(rule.data)
    return [(sentences[i], match) for i, match in passive_sentences((s.text for s in sentences), lists)]


@engine("capitals")
def _capitals(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Runs of two or more words in capitals, or one long word in capitals that is no abbreviation."""
    known = {w.upper() for w in rule.data.get("allow", ())}
    single = int(rule.data.get("min_letters", 6))
    regex = re.compile(r"\b[A-Z][A-Z'’-]*[A-Z]\b(?:[\s,]+\b[A-Z][A-Z'’-]*[A-Z]\b)*")
    for sentence in ctx.sentences:
        for found in regex.finditer(sentence.text):
            words = found.group(0).replace(",", " ").split()
            shouting = len(words) >= 2 or (len(words[0]) >= single and words[0] not in known)
            if shouting and not ctx.is_accepted(found.group(0)):
                yield Hit(rule, sentence.unit, sentence.text, found.group(0))


@engine("abbreviations")
def _abbreviations(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Abbreviations whose first use neither spells them out nor is a known one (GP, NHS)."""
    known = {w.upper() for w in rule.data.get("known", ())}
    regex = re.compile(r"(?<![\w-])([A-Z]{2,6})(s?)(?![\w-])")
    seen: set[str] = set()
    for sentence in ctx.sentences:
        text = sentence.text
        for found in regex.finditer(text):
            abbr = found.group(1)
            if abbr in seen or abbr in known or ctx.is_accepted(abbr) or abbr.lower() in ctx.glossary:
                continue
            seen.add(abbr)
            before, after = text[: found.start()], text[found.end() :]
            if _caps_neighbour(before, after):
                continue  # a run of capitals: the capitals rule speaks for it
            if before.rstrip().endswith("(") or after.lstrip().startswith("("):
                continue
            yield Hit(rule, sentence.unit, text, abbr)


def _caps_neighbour(before: str, after: str) -> bool:
    prev = before.split()[-1:] or [""]
    nxt = after.split()[:1] or [""]
    return any(len(w.strip(",.;:")) > 1 and w.strip(",.;:").isupper() for w in (*prev, *nxt))


@engine("run-on")
def _run_on(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """A full stop lost between two sentences: "... the scan was made A nurse will ...".

    Only a word that starts sentences and is never a name (data ``starters``: "The", "You",
    "If", "There" ...) counts, written with a capital in mid-sentence after a lower-case word
    or ")" and before a lower-case word. Any other capitalised word may be a name ("take
    Warfarin as", "the Pain Clinic"), so it is never flagged; neither are headings, titles,
    table cells or Title Case lines, where capitals are the style, not a lost full stop.
    """
    names = {w.lower() for w in rule.data.get("names", ())}
    starters = {w.lower() for w in rule.data.get("starters", ())}
    skip = set(rule.data.get("skip_units", ("title", "heading", "callout-title", "table-cell", "glossary-term")))
    regex = re.compile(r"(?<=[a-z0-9%)])(\s+)([A-Z][a-z']*)(?=(?:[\s,;:]+(\S+))|[.!?]?$)")
    for sentence in ctx.sentences:
        if sentence.unit.kind in skip or title_case(sentence.words):
            continue
        for found in regex.finditer(sentence.text):
            word, nxt = found.group(2), found.group(3) or ""
            low = word.lower()
            prev = sentence.text[: found.start()].split()[-1]
            if low not in starters or low in names or ctx.is_accepted(word) or nxt[:1].isupper():
                continue
            if prev[:1].isupper():
                continue  # part of a name written in capitals: "The Royal Marsden"
            yield Hit(rule, sentence.unit, sentence.text, f"{prev} {word}", {"word": word})


def title_case(words: tuple[str, ...]) -> bool:
    """True for a line in Title Case: most words of four letters or more start with a capital."""
    long = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
    return len(long) >= 2 and sum(w[:1].isupper() for w in long) * 2 > len(long)


@engine("number-words")
def _number_words(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Numbers written as words where digits read faster (``numbers = { two = "2" }``)."""
    table: dict[str, str] = rule.data.get("numbers", {})
    regex = phrase_regex(table)
    keep = phrase_regex(rule.data.get("keep", ()))
    if regex is None:
        return
    for sentence in ctx.sentences:
        kept = [(m.start(), m.end()) for m in keep.finditer(sentence.text)] if keep else []
        for found in regex.finditer(sentence.text):
            if any(a <= found.start() < b for a, b in kept):
                continue
            yield Hit(
                rule, sentence.unit, sentence.text, found.group(0), {"digits": lookup(table, found.group(0))}
            )


@engine("medical-words")
def _medical_words(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Medical words not explained where first used.

    ``mode = "unexplained"``: words from the list that neither the glossary nor the text
    explains. ``mode = "first-use"``: glossary words whose first use is not written the NHS
    way, plain words first and the medical word in brackets ("a small tube (cannula)").
    An explanation in brackets counts only when it is plain: a bracket holding another
    medical or hard word ("anticoagulant (antithrombotic)") explains nothing.
    """
    mode = rule.data.get("mode", "unexplained")
    table: dict[str, str] = rule.data.get("words", {})
    lang = language(ctx.locale)
    full: bool | None = None
    if mode == "first-use":
        # glossary terms: each as written and its plural (suffix rules, no dictionary to load)
        terms = {glossary_forms(t, lang): "" for t in ctx.glossary}
        full = False
    else:
        terms = {
            k: v for k, v in table.items() if not any(f.strip().lower() in ctx.glossary for f in k.split("|"))
        }
    matcher = phrase_matcher(terms, lang, full)
    if not matcher:
        return
    hard = hard_words(ctx)
    seen: set[str] = set()
    skip = {"glossary-term", "glossary-meaning", "title", "heading"}
    for sentence in ctx.sentences:
        if sentence.unit.kind in skip:
            continue
        for found in matcher.finditer(sentence.text):
            key = found.entry.lower()
            if key in seen or ctx.is_accepted(found.group(0)):
                continue
            seen.add(key)
            if explained_in_place(sentence.text, found.start(), found.end(), hard):
                continue
            yield Hit(rule, sentence.unit, sentence.text, found.group(0), {"plain": table.get(found.entry, "")})


def glossary_forms(term: str, lang: str) -> str:
    """A glossary term and, for English, its plural: ``"steroid|steroids"``."""
    if lang != "en" or not term.isalpha():
        return term
    import lemminflect

    plurals = lemminflect.getAllInflectionsOOV(term, "NOUN").get("NNS", ())
    return "|".join(dict.fromkeys([term, *plurals]))


def hard_words(ctx: Context) -> PhraseMatcher:
    """Every hard word the language's lists hold (plain-words and medical words), for judging explanations."""
    entries: list[str] = []
    for other in ctx.settings.get("rules", {}).values():
        if other.kind == "medical-words":
            entries.extend(other.data.get("words", {}))
        elif other.id == "plain-words":
            entries.extend(other.data.get("phrases", {}))
    return phrase_matcher(entries, language(ctx.locale))


def explained_in_place(text: str, start: int, end: int, hard: PhraseMatcher | None = None) -> bool:
    """True for "plain words (medical word)" or "medical word (plain words)".

    With ``hard``, the plain words must be plain: an explanation holding a hard word does not count.
    """
    before, after = text[:start], text[end:]
    opened = before.rfind("(")
    if opened > before.rfind(")") and ")" in after:
        # "a thin tube (cannula)": the words just before the bracket explain it
        lead = before[:opened].split()[-6:]
        return hard is None or not any(hard.finditer(" ".join(lead)))
    bracket = re.match(r"\s*\(([^)]{3,})\)", after)
    if bracket is None:
        return False
    return hard is None or not any(hard.finditer(bracket.group(1)))


@engine("governance")
def _governance(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Governance is judged on the front matter in ``check.governance``, not on the text."""
    return ()


@engine("metric")
def _metric(rule: Rule, ctx: Context) -> Iterable[Hit]:
    """Document figures are judged in ``gate``; the rule entry only carries id, level and words."""
    return ()
