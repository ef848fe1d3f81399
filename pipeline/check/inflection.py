"""Word lists matched in every inflected form of their entries, in every language.

A list entry ("utilise", "prior to") matches a run of words in the text when each word of
the entry and the word in the text share a lemma: "utilised", "utilising" and "utilises"
all match "utilise", with no form listed by hand. Lemmas come from simplemma (dictionaries
for English, Welsh with its mutations, Polish, Spanish and 40 more languages) and, for
English, also from lemminflect (a dictionary of English inflections with rules for words
it does not know, so "anaesthetised" still gives "anaesthetise"). An entry holding
punctuation ("e.g.", "and/or") is matched literally, as it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

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


def _simplemma_knows(lang: str) -> bool:
    if lang not in _SIMPLEMMA_CACHE:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

        _SIMPLEMMA_CACHE[lang] = lang in SUPPORTED_LANGUAGES
    return _SIMPLEMMA_CACHE[lang]


@lru_cache(maxsize=262144)
def lemmas(word: str, lang: str) -> frozenset[str]:
    """The word itself (lower case) and every lemma the language's lemmatisers give it."""
    low = word.lower().replace("’", "'")
    out = {low}
    if _simplemma_knows(lang):
        import simplemma

        out.add(simplemma.lemmatize(low, lang=lang).lower())
    if lang == "en":
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

    def __init__(self, entries: Iterable[str], lang: str) -> None:
        self.lang = lang
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
                keys = tuple(lemmas(word, lang) for word in form.split())
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
        words = tokens(text)
        keys = [lemmas(w, self.lang) for _, _, w in words]
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
def _cached(entries: tuple[str, ...], lang: str) -> PhraseMatcher:
    return PhraseMatcher(entries, lang)


def phrase_matcher(entries: Iterable[str], lang: str) -> PhraseMatcher:
    """A matcher for these entries, built once per process (rules are the same for every leaflet)."""
    return _cached(tuple(entries), lang)
