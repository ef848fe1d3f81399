"""Word lists matched in every inflected form of their entries, in every language.

A list entry ("utilise", "prior to") matches a run of words in the text when each word of
the entry and the word in the text share a lemma: "utilised", "utilising" and "utilises"
all match "utilise", with no form listed by hand. Lemmas come from simplemma (dictionaries
for English, Welsh with its mutations, Polish, Spanish and 40 more languages) and, for
English, also from lemminflect (a dictionary of English inflections with rules for words
it does not know, so "anaesthetised" still gives "anaesthetise"). An entry holding
punctuation ("e.g.", "and/or") is matched literally, as it is written.

simplemma's full dictionaries take seconds to load (Polish: 17 s, in every worker process),
so the shipped lists come with a lemma table (``pipeline/rules/lemmas/<lang>.json``) that
holds, from those same dictionaries, every form whose lemma is the lemma of an entry word:
for those lists the result is the same and the cost is a small JSON file. A list with a word
the table does not cover (a team's own entry) is matched with the full dictionary.
``tools/gen_lemma_tables.py`` writes the tables; a test checks they are current.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Letters (any script, marks included), joined by an apostrophe or hyphen: "follow-up", "don't".
TOKEN_RE = re.compile(r"[^\W\d_](?:[^\W_]|['’\-](?=[^\W\d_]))*")
# simplemma's languages (its LANGUAGES list): a locale outside it is matched on exact forms only.
_SIMPLEMMA_CACHE: dict[str, bool] = {}


@dataclass(frozen=True)
class WordMatch:
    """Where an entry matched: a regex-match-like object (``group(0)``, ``start()``, ``end()``)."""

    text: str
    begin: int
    finish: int
    entry: str  # the list's key, as written in the data file

    def group(self, index: int = 0) -> str:
        """The matched text (only group 0 exists)."""
        return self.text

    def start(self) -> int:
        """Offset of the first character."""
        return self.begin

    def end(self) -> int:
        """Offset after the last character."""
        return self.finish


def simplemma_knows(lang: str) -> bool:
    """True when simplemma has a dictionary for the language."""
    if lang not in _SIMPLEMMA_CACHE:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

        _SIMPLEMMA_CACHE[lang] = lang in SUPPORTED_LANGUAGES
    return _SIMPLEMMA_CACHE[lang]


@lru_cache(maxsize=64)
def shipped_table(lang: str) -> dict[str, str]:
    """The shipped lemma table of a language (form -> lemma), empty when none ships."""
    path = resources.files("pipeline").joinpath("rules", "lemmas", f"{lang}.json")
    if not path.is_file():
        return {}
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["lemmas"]
    return table


def build_table(lang: str, entries: Iterable[str]) -> dict[str, str]:
    """From simplemma's full dictionary: every form whose lemma is the lemma of an entry word."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    words = {w for e in entries for f in e.split("|") if not _is_literal(f.strip()) for w in f.lower().split()}
    wanted = {_full_lemma(w, lang) for w in words}
    table = {w: _full_lemma(w, lang) for w in words}
    for form, lemma in DefaultDictionaryFactory().get_dictionary(lang).items():
        if lemma.lower() in wanted:
            table[form.lower()] = lemma.lower()
    if lang == "en":
        # and every form lemminflect gives each entry word (its dictionary, else its suffix rules)
        for word in sorted(words):
            for form in english_forms(word):
                table.setdefault(form, table[word])
    return dict(sorted(table.items()))


def english_forms(word: str) -> set[str]:
    """Every inflection of every lemma lemminflect gives an English word."""
    import lemminflect

    found: dict[str, tuple[str, ...]] = dict(lemminflect.getAllLemmas(word))
    if not found:
        found = {pos: lemminflect.getAllLemmasOOV(word, pos)[pos] for pos in ("VERB", "NOUN")}
    forms = {word}
    for pos, lemma_forms in found.items():
        for lemma in lemma_forms:
            inflected = lemminflect.getAllInflections(lemma, pos) or lemminflect.getAllInflectionsOOV(lemma, pos)
            for group in inflected.values():
                forms.update(f.lower() for f in group)
    return forms


def participle_table() -> dict[str, list[str]]:
    """From lemminflect's dictionaries: English past participles and past tenses, and the other
    words ending in "-ed" or "-en" (so "hundred" or "garden" is never taken for a participle)."""
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    vbn: set[str] = set()
    vbd: set[str] = set()
    for forms in Inflections()._getInflDict().values():
        if "VB" not in forms and "VBD" not in forms:
            continue
        vbd.update(f.lower() for f in forms.get("VBD", ()))
        vbn.update(f.lower() for f in forms.get("VBN", forms.get("VBD", ())))
    other = {
        w.lower()
        for w in Lemmatizer()._getLemmaDict()
        if w.lower().endswith(("ed", "en")) and w.lower() not in vbn and w.isalpha()
    }
    return {"vbn": sorted(vbn), "vbd": sorted(vbd), "other": sorted(other)}


def _full_lemma(word: str, lang: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang=lang)).lower()


@lru_cache(maxsize=262144)
def lemmas(word: str, lang: str, full: bool = False) -> frozenset[str]:
    """The word itself (lower case) and every lemma the language's lemmatisers give it.

    ``full`` looks the word up in simplemma's whole dictionary; otherwise in the shipped table.
    """
    low = word.lower().replace("’", "'")
    out = {low}
    if full and simplemma_knows(lang):
        out.add(_full_lemma(low, lang))
    elif not full:
        lemma = shipped_table(lang).get(low)
        if lemma is not None:
            out.add(lemma)
    if lang == "en" and full:
        import lemminflect

        found = lemminflect.getAllLemmas(low)
        if not found:
            # a word lemminflect's dictionary lacks (often a British spelling): its suffix rules
            found = {pos: lemminflect.getAllLemmasOOV(low, pos)[pos] for pos in ("VERB", "NOUN")}
        for forms in found.values():
            out.update(form.lower() for form in forms)
    return frozenset(out)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """The words of a text with their offsets."""
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]


def _is_literal(form: str) -> bool:
    return not all(TOKEN_RE.fullmatch(part) for part in form.split())


class PhraseMatcher:
    """Finds every entry of a word list in a text, in any inflected form.

    ``entries`` are the data file's keys; a key may still list forms as ``a|b``, each form
    matching in all its inflections.
    """

    def __init__(self, entries: Iterable[str], lang: str, full: bool | None = None) -> None:
        self.lang = lang
        entries = list(entries)
        table = shipped_table(lang)
        # the shipped table serves only lists whose every word it covers (``full=False``: forms as listed)
        self.full = full if full is not None else simplemma_knows(lang) and not all(
            w in table for e in entries for f in e.split("|") if not _is_literal(f.strip()) for w in f.lower().split()
        )
        self.first: dict[str, list[tuple[tuple[frozenset[str], ...], str]]] = {}
        literal: list[str] = []
        self.literal_of: dict[str, str] = {}
        for entry in entries:
            for form in (f.strip() for f in entry.split("|")):
                if not form:
                    continue
                if _is_literal(form):
                    literal.append(form)
                    self.literal_of[" ".join(form.lower().split())] = entry
                    continue
                keys = tuple(lemmas(word, lang, self.full) for word in form.split())
                for key in keys[0]:
                    self.first.setdefault(key, []).append((keys, entry))
        for candidates in self.first.values():
            candidates.sort(key=lambda c: -len(c[0]))  # longest entry first
        self.literal = _literal_regex(literal)

    def __bool__(self) -> bool:
        return bool(self.first) or self.literal is not None

    def finditer(self, text: str) -> Iterator[WordMatch]:
        """Every match in the text, left to right, longest first where two start together."""
        found: list[WordMatch] = []
        if self.literal is not None:
            for m in self.literal.finditer(text):
                entry = self.literal_of.get(" ".join(m.group(0).lower().split()), m.group(0))
                found.append(WordMatch(m.group(0), m.start(), m.end(), entry))
        words = tokens(text) if self.first else []
        keys = [lemmas(w, self.lang, self.full) for _, _, w in words]
        i = 0
        while i < len(words):
            hit = self._match_at(text, words, keys, i)
            if hit is None:
                i += 1
                continue
            size, entry = hit
            begin, finish = words[i][0], words[i + size - 1][1]
            found.append(WordMatch(text[begin:finish], begin, finish, entry))
            i += size
        found.sort(key=lambda w: (w.begin, -w.finish))
        last = -1
        for match in found:
            if match.begin >= last:  # a literal and a word match of the same words: report one
                yield match
                last = match.finish

    def _match_at(
        self, text: str, words: list[tuple[int, int, str]], keys: list[frozenset[str]], i: int
    ) -> tuple[int, str] | None:
        seen: set[int] = set()
        for key in keys[i]:
            for entry_keys, entry in self.first.get(key, ()):
                if id(entry_keys) in seen:
                    continue
                seen.add(id(entry_keys))
                size = len(entry_keys)
                if i + size > len(words):
                    continue
                if all(
                    keys[i + k] & entry_keys[k] and not text[words[i + k - 1][1] : words[i + k][0]].strip()
                    for k in range(1, size)
                ):
                    return size, entry
        return None


def _literal_regex(forms: list[str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    ordered = sorted(set(forms), key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=256)
def _cached(entries: tuple[str, ...], lang: str, full: bool | None) -> PhraseMatcher:
    return PhraseMatcher(entries, lang, full)


def phrase_matcher(entries: Iterable[str], lang: str, full: bool | None = None) -> PhraseMatcher:
    """A matcher for these entries, built once per process (rules are the same for every leaflet)."""
    return _cached(tuple(entries), lang, full)


def list_entries(lang: str) -> list[str]:
    """Every entry of the language's shipped word lists (``phrases`` and ``words`` tables)."""
    from pipeline.check import easyread  # noqa: F401  (registers the easy-read engines)
    from pipeline.check.rules import load_rules

    entries: list[str] = []
    for rule in load_rules(lang).values():  # no team folders: the shipped rules only
        for key in ("phrases", "words"):
            table = rule.data.get(key)
            if isinstance(table, dict):
                entries.extend(table)
    return sorted(set(entries))
