"""English passive voice, found with a dictionary of past participles rather than "-ed".

Four shapes are passive ("the nurse checks it" would be active):
- a form of "be" or "get", up to two adverbs, then a past participle: "is given",
  "was previously given", "got infected", "have been told";
- a clause word ("once", "if", "when", "unless", "as" ...) and a participle: "once signed",
  "if needed" (a passive with its "it is" left out);
- a noun, a participle that cannot be a past tense ("done", "taken", "given") and a
  preposition: "tests done in the clinic";
- a noun, any participle and "by": "samples collected by the nurse".

A word is a past participle when lemminflect (an English dictionary of inflections, with
suffix rules for words it lacks, such as British "-ised" spellings) lists it as the past
participle of a verb (read from ``pipeline/rules/lemmas/en-participles.json``, generated
from lemminflect by ``tools/gen_lemma_tables.py``); "crowded" and "confused" after "be" are adjectives (the rule's data
``adjectives``) unless "by" follows. The rule's data holds every word list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True)
class PassiveWords:
    """The word lists of a passive rule (its TOML data)."""

    be: frozenset[str]
    get: frozenset[str]
    adverbs: frozenset[str]
    clause_words: frozenset[str]
    prepositions: frozenset[str]
    not_subjects: frozenset[str]
    adjectives: frozenset[str]
    idioms: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, object]) -> PassiveWords:
        """The lists from a rule's data; missing lists are empty."""

        def words(key: str) -> frozenset[str]:
            value = data.get(key, ())
            return frozenset(str(w).lower() for w in value) if isinstance(value, list | tuple) else frozenset()

        return cls(
            words("be"),
            words("get"),
            words("adverbs"),
            words("clause_words"),
            words("prepositions"),
            words("not_subjects"),
            words("adjectives") | words("not_participles"),
            words("idioms"),
        )


@lru_cache(maxsize=1)
def _participles() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    # generated from lemminflect's dictionaries by tools/gen_lemma_tables.py: loading those
    # takes 4 s in every worker process, the table 0.1 s
    path = resources.files("pipeline").joinpath("rules", "lemmas", "en-participles.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(data["vbn"]), frozenset(data["vbd"]), frozenset(data["other"])


@lru_cache(maxsize=65536)
def participle(word: str) -> tuple[bool, bool]:
    """``(is a past participle, is also a past tense)`` for one lower-case word.

    A word lemminflect's dictionary lacks ("anaesthetised") is judged by its suffix rules.
    """
    vbn, vbd, other = _participles()
    if word in vbn:
        return True, word in vbd
    if word in other or not word.endswith("ed"):
        return False, False
    import lemminflect

    lemmas = lemminflect.getAllLemmasOOV(word, "VERB").get("VERB", ())
    forms = [lemminflect.getAllInflectionsOOV(lemma, "VERB") for lemma in lemmas]
    return any(word in f.get("VBN", ()) for f in forms), any(word in f.get("VBD", ()) for f in forms)


def find_passive(text: str, lists: PassiveWords) -> str | None:
    """The first passive construction in one sentence, as written, or None."""
    words = [(m.start(), m.end(), m.group(0).lower().replace("’", "'")) for m in WORD_RE.finditer(text)]
    for i, (start, _, word) in enumerate(words):
        if word in lists.be or word in lists.get:
            j = i + 1
            while j < len(words) and j - i <= 2 and _adverb(words[j][2], lists):
                j += 1
            if j < len(words) and _passive_after_be(words, j, lists):
                return text[start : words[j][1]]
        elif word in lists.clause_words and i + 1 < len(words):
            nxt = words[i + 1][2]
            if participle(nxt)[0] and nxt not in lists.adjectives and _only_space(text, words, i):
                return text[start : words[i + 1][1]]
        elif i > 0 and i + 1 < len(words) and _reduced(words, i, lists) and _only_space(text, words, i - 1):
            return text[words[i - 1][0] : words[i + 1][1]]
    return None


def _adverb(word: str, lists: PassiveWords) -> bool:
    return word in lists.adverbs or (word.endswith("ly") and len(word) > 4 and word not in lists.be)


def _passive_after_be(words: list[tuple[int, int, str]], j: int, lists: PassiveWords) -> bool:
    word = words[j][2]
    vbn, _ = participle(word)
    if not vbn:
        return False
    following = words[j + 1][2] if j + 1 < len(words) else ""
    if f"{word} {following}" in lists.idioms:
        return False
    return word not in lists.adjectives or following == "by"


def _reduced(words: list[tuple[int, int, str]], i: int, lists: PassiveWords) -> bool:
    """A noun, then a participle and "by" (or a participle that is no past tense and a preposition)."""
    before, word, after = words[i - 1][2], words[i][2], words[i + 1][2]
    if before in lists.not_subjects or before in lists.be or before in lists.get or before in lists.adverbs:
        return False
    if before.endswith("ly") or word in lists.adjectives or participle(before)[0]:
        return False
    vbn, vbd = participle(word)
    if not vbn:
        return False
    return after == "by" or (not vbd and after in lists.prepositions)


def _only_space(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    return not text[words[i][1] : words[i + 1][0]].strip()


def passive_sentences(texts: Iterable[str], lists: PassiveWords) -> list[tuple[int, str]]:
    """``(index, construction)`` for every text that holds a passive."""
    found = []
    for index, text in enumerate(texts):
        match = find_passive(text, lists)
        if match is not None:
            found.append((index, match))
    return found
