"""Merging a template into a translation the way GNU ``msgmerge --previous`` does.

Why not babel or polib (measured, ``shared/research/po-anchors.md`` §3): polib's
``POFile.merge`` does no fuzzy matching (every edited unit came back untranslated) and babel's
``Catalog.update`` plus ``write_po(include_previous=True)`` wrote ``#|`` lines that made 220 of
500 files fail ``msgfmt -c`` and damaged them further on the next run. The rules here are
msgmerge's, checked against it by the tests:

* an exact (msgctxt, msgid) match keeps its translation, translator comments and fuzzy state
  (and ``#|`` only while fuzzy); notes and references come from the template;
* otherwise an exact match in the compendium (every leaflet of the locale) fills the unit;
* otherwise the most similar translated entry (similarity = 2·LCS / total length over the UTF-8
  bytes, as gettext's ``fstrcmp``; strictly above 0.6; obsolete entries count) is taken as a
  fuzzy guess, with the previous source in ``#| msgid`` so the editor shows what changed. The
  search is msgmerge's own (``msgl-fsearch``): every entry of the PO file sharing a 4-gram of
  characters, then only the compendium entries sharing most 4-grams, so the guesses are the
  ones ``msgmerge --previous -C`` makes, not merely as good;
* entries no template unit uses become obsolete (``#~``) and are never deleted; an obsolete
  entry whose text returns comes back to life.

One addition to msgmerge: a fuzzy entry whose source changed a number or a negation gets a
``#.`` note saying so ("CHECK: a number changed (24 -> 48)"). It is recomputed on every
update, so it goes away once the translator has reviewed the entry.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from pipeline.po.pofile import Catalog, Entry

FUZZY_THRESHOLD = 0.6
CHECK_PREFIX = "CHECK: "
NEGATIONS = frozenset(
    {
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "neither",
        "nor",
        "without",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "wouldn't",
        "shouldn't",
        "mustn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "haven't",
        "hasn't",
        "hadn't",
        "couldn't",
    }
)
_NUMBER_RE = re.compile(r"\d+(?:[.,:]\d+)*")
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp: 2·LCS / (len a + len b) over UTF-8 bytes; 1.0 for two empty strings."""
    # rapidfuzz's Indel distance is the edit count fstrcmp uses (insertions + deletions), in C++;
    # the division is gettext's own, so the figure is the same to the last bit
    from rapidfuzz.distance import Indel

    x, y = a.encode("utf-8"), b.encode("utf-8")
    total = len(x) + len(y)
    return (total - Indel.distance(x, y)) / total if total else 1.0


def goal(cand: Entry, msgctxt: str | None, msgid: str) -> float:
    """gettext's fuzzy_search_goal_function: fstrcmp, plus a small advantage for a candidate
    valid in any context or in the same one."""
    weight = similarity(msgid, cand.msgid)
    if cand.msgctxt is None or (msgctxt is not None and cand.msgctxt == msgctxt):
        weight += 0.00001
    return weight


# gettext's msgl-fsearch: messages are found through the 4-grams of characters they share
# with the text looked up; texts of fewer than 4 characters are compared with every short text
# of a length that could reach the threshold.
_GRAM = 4
_STRETCH = 2 / FUZZY_THRESHOLD - 1  # fstrcmp <= 2·l1 / (l1 + l2): the lengths that can reach it
_SHORT_MSG_MAX = int((_GRAM - 1) * 4 * _STRETCH)


def _indexed(entry: Entry) -> bool:
    # gettext indexes a message whose msgstr does not start with NUL: for plurals, form 0
    if entry.msgid_plural is not None:
        return bool(entry.msgstr_plural and entry.msgstr_plural[0])
    return entry.msgstr != ""


@functools.lru_cache(maxsize=65536)
def _grams(text: str) -> tuple[frozenset[str], int]:
    # the same source texts are indexed for every file and locale: split each once
    return frozenset(text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)), len(text.encode("utf-8"))


class FuzzyIndex:
    """GNU msgmerge's fuzzy index over a list of messages, searched as msgmerge searches it.

    ``size`` is the length of the list as msgmerge holds it (a compendium's header counts):
    a heuristic search looks only at the max(10, √size) messages sharing most 4-grams.
    """

    def __init__(self, entries: Sequence[Entry], size: int | None = None) -> None:
        self.entries = list(entries)
        count = len(self.entries) if size is None else size
        self.firstfew = max(10, int(math.sqrt(count)))
        self.indexed = [(position, *_grams(e.msgid)) for position, e in enumerate(self.entries) if _indexed(e)]
        self.grams: dict[str, list[int]] | None = None  # 4-gram -> messages, for heuristic searches
        self.texts: list[bytes] | None = None  # the indexed msgids as UTF-8, for exhaustive ones
        self.short: dict[int, list[int]] = {}
        for position, _, length in self.indexed:
            if length <= _SHORT_MSG_MAX:
                self.short.setdefault(length, []).append(position)

    def _shared(self, msgid: str) -> Counter[int]:
        # for each message, how many of the 4-grams of msgid (counted with repeats) it contains
        wanted = Counter(msgid[i : i + _GRAM] for i in range(len(msgid) - _GRAM + 1))
        if self.grams is None:
            self.grams = {}
            for position, grams, _ in self.indexed:
                for gram in grams:
                    self.grams.setdefault(gram, []).append(position)
        shared: Counter[int] = Counter()
        for gram, n in wanted.items():
            for _ in range(n):
                shared.update(self.grams.get(gram, ()))
        return shared

    def search(self, msgctxt: str | None, msgid: str, lower_bound: float, heuristic: bool) -> Entry | None:
        """The message maximising ``goal`` above ``lower_bound``, tried in msgmerge's order: most
        shared 4-grams first (then list order), the first of equal weights winning; with
        ``heuristic``, only the first few are tried."""
        if len(msgid) < _GRAM:
            length = len(msgid.encode("utf-8"))
            low, high = math.ceil(length / _STRETCH), int(length * _STRETCH)
            order = [p for size in range(low, high + 1) for p in self.short.get(size, ())]
        elif heuristic:
            shared = self._shared(msgid)
            order = [p for _, p in heapq.nsmallest(self.firstfew, ((-n, p) for p, n in shared.items()))]
        else:
            return self._exhaustive(msgctxt, msgid, lower_bound)
        best: Entry | None = None
        best_weight = lower_bound
        for position in order:
            weight = goal(self.entries[position], msgctxt, msgid)
            if weight > best_weight:
                best, best_weight = self.entries[position], weight
        return best

    def _exhaustive(self, msgctxt: str | None, msgid: str, lower_bound: float) -> Entry | None:
        # Every message sharing a 4-gram is tried, so the winner is the heaviest of them, the
        # one sharing most 4-grams (then the first) among equals. rapidfuzz finds in C++ the few
        # that can clear the bound; only those are weighed exactly and counted.
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        if not self.indexed:
            return None
        if self.texts is None:
            self.texts = [self.entries[position].msgid.encode("utf-8") for position, _, _ in self.indexed]
        near = process.extract(msgid.encode("utf-8"), self.texts, scorer=Indel.normalized_similarity,
                               score_cutoff=max(0.0, lower_bound - 0.0001), limit=None)
        if not near:
            return None
        wanted = Counter(msgid[i : i + _GRAM] for i in range(len(msgid) - _GRAM + 1))
        best: tuple[float, int, int] | None = None
        for _, _, slot in near:
            position, grams, _ = self.indexed[slot]
            weight = goal(self.entries[position], msgctxt, msgid)
            hits = sum(n for gram, n in wanted.items() if gram in grams)
            if weight > lower_bound and hits and (best is None or (weight, hits, -position) > best):
                best = (weight, hits, -position)
        return None if best is None else self.entries[-best[2]]


def best_fuzzy(
    msgctxt: str | None, msgid: str, own: FuzzyIndex, compendium: FuzzyIndex | None = None
) -> Entry | None:
    """msgmerge's fuzzy match: every candidate of the PO file itself, then the compendium's
    few most promising ones, which win only if strictly better."""
    found = own.search(msgctxt, msgid, FUZZY_THRESHOLD, heuristic=False)
    if compendium is None:
        return found
    bound = goal(found, msgctxt, msgid) if found is not None else FUZZY_THRESHOLD
    other = compendium.search(msgctxt, msgid, bound, heuristic=True)
    if found is None or (other is not None and goal(other, msgctxt, msgid) > bound):
        return other
    return found


# Every locale of a leaflet is merged against the same template with the same source texts as
# candidates, so the same fuzzy search recurs once per locale. The answer depends only on the
# candidates' (msgctxt, msgid, has-text) in order, so it is remembered under a digest of those.
_FUZZY_MEMO: dict[tuple[bytes, str | None, str], tuple[int | None, tuple[str | None, str] | None]] = {}
_FUZZY_MEMO_LIMIT = 500_000


def _signature(entries: Sequence[Entry]) -> bytes:
    # everything about an entry that decides whether and where it is a fuzzy candidate
    digest = hashlib.blake2b(digest_size=20)
    for e in entries:
        flags = (f"{e.msgctxt is None:d}{e.has_text:d}{e.translated:d}{e.obsolete:d}{e.msgid_plural is None:d}"
                 f"{_indexed(e):d}")
        digest.update(f"{e.msgctxt or ''}\x00{e.msgid}\x00{flags}\x00".encode())
    return digest.digest()


def _best_fuzzy_cached(
    signature: bytes, ref: Entry, defs: Sequence[Entry], indexes: Callable[[], tuple[FuzzyIndex, FuzzyIndex | None]],
    remembered: Callable[[tuple[str | None, str]], Entry | None],
) -> Entry | None:
    """``best_fuzzy`` over this PO's entries and the compendium (``indexes()``), memoised.

    The memo records where the winner sits: an index into this PO's own entries, or the key
    of a compendium entry, which the same signature guarantees resolves to the same entry.
    """
    memo_key = (signature, ref.msgctxt, ref.msgid)
    where = _FUZZY_MEMO.get(memo_key)
    if where is None:
        own, compendium = indexes()
        best = best_fuzzy(ref.msgctxt, ref.msgid, own, compendium)
        if best is None:
            where = None, None
        else:
            found = next((i for i, c in enumerate(defs) if c is best), None)
            where = (found, None) if found is not None else (None, best.key)
        if len(_FUZZY_MEMO) >= _FUZZY_MEMO_LIMIT:
            _FUZZY_MEMO.clear()
        _FUZZY_MEMO[memo_key] = where
    index, key = where
    if index is not None:
        return defs[index]
    return remembered(key) if key is not None else None


def check_notes(previous: str | None, current: str) -> tuple[str, ...]:
    """Notes for a fuzzy entry whose source changed a number or a negation word."""
    if previous is None:
        return ()
    notes: list[str] = []
    old_numbers, new_numbers = _NUMBER_RE.findall(previous), _NUMBER_RE.findall(current)
    if Counter(old_numbers) != Counter(new_numbers):
        gone = list((Counter(old_numbers) - Counter(new_numbers)).elements())
        came = list((Counter(new_numbers) - Counter(old_numbers)).elements())
        change = f"{', '.join(gone) or 'none'} -> {', '.join(came) or 'none'}"
        notes.append(f"{CHECK_PREFIX}a number changed ({change}) since this was translated.")
    old_neg, new_neg = _negations(previous), _negations(current)
    if old_neg != new_neg:
        added = list((new_neg - old_neg).elements())
        removed = list((old_neg - new_neg).elements())
        parts = [f"'{w}' added" for w in added] + [f"'{w}' removed" for w in removed]
        notes.append(
            f"{CHECK_PREFIX}a negation changed ({', '.join(parts)}) since this was translated: "
            "the meaning may now be the opposite."
        )
    return tuple(notes)


def _negations(text: str) -> Counter[str]:
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(text)]
    return Counter(w for w in words if w in NEGATIONS or w.endswith("n't"))


# (msgid, msgstr) -> True while a translation still breaks the number or negation it was warned about
StillWrong = Callable[[str, str], bool]


def _merged(ref: Entry, d: Entry, force_fuzzy: bool, still_wrong: StillWrong | None = None) -> Entry:
    has_text = d.has_text
    fuzzy = (d.fuzzy or force_fuzzy) and has_text
    prev_ctxt: str | None = None
    prev_id: str | None = None
    prev_plural: str | None = None
    if fuzzy:
        if d.fuzzy:  # as msgmerge: an entry already fuzzy keeps the previous source it had (or none)
            prev_ctxt, prev_id, prev_plural = d.previous_msgctxt, d.previous_msgid, d.previous_msgid_plural
        else:
            prev_ctxt, prev_id, prev_plural = d.msgctxt, d.msgid, d.msgid_plural
    notes = tuple(c for c in ref.extracted_comments if not c.startswith(CHECK_PREFIX))
    if fuzzy:
        notes += check_notes(prev_id, ref.msgid)
    elif still_wrong is not None and has_text and still_wrong(ref.msgid, d.msgstr):
        # the fuzzy flag was cleared but the number or negation still differs: the note stays
        notes += tuple(c for c in d.extracted_comments if c.startswith(CHECK_PREFIX))
    flags = tuple(f for f in ref.flags if f != "fuzzy")
    result = Entry(
        msgid=ref.msgid,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        msgstr=d.msgstr if ref.msgid_plural is None else "",
        msgstr_plural=d.msgstr_plural if ref.msgid_plural is not None else (),
        translator_comments=d.translator_comments,
        extracted_comments=notes,
        references=ref.references,
        flags=(("fuzzy",) if fuzzy else ()) + flags,
        previous_msgctxt=prev_ctxt,
        previous_msgid=prev_id,
        previous_msgid_plural=prev_plural,
        line=d.line,
    )
    return result.evolve(raw=d.raw)  # reused by the writer only if nothing changed


def _new(ref: Entry, nplurals: int) -> Entry:
    return Entry(
        msgid=ref.msgid,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        msgstr_plural=("",) * nplurals if ref.msgid_plural is not None else (),
        extracted_comments=tuple(c for c in ref.extracted_comments if not c.startswith(CHECK_PREFIX)),
        references=ref.references,
        flags=tuple(f for f in ref.flags if f != "fuzzy"),
    )


def _obsolete(d: Entry) -> Entry:
    if d.obsolete:
        return d
    return d.evolve(obsolete=True, extracted_comments=(), references=(), raw=None)


# msgmerge's header fields, in the order it writes them (gettext-tools/src/msgmerge.c); any
# other line (Plural-Forms, X-Generator ...) follows them in the order the PO file has it
_KNOWN_FIELDS = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding",
)
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")


def merge_header(po_header: Entry, pot_header: Entry) -> Entry:
    """The PO header as msgmerge rewrites it: Report-Msgid-Bugs-To and POT-Creation-Date taken
    from the template, gettext's known fields in gettext's order, every other line kept after."""
    def split(text: str) -> tuple[dict[str, str], list[str]]:
        known: dict[str, str] = {}
        other: list[str] = []
        for line in (text[:-1] if text.endswith("\n") else text).split("\n") if text else []:
            name = line.split(":", 1)[0]
            if name in _KNOWN_FIELDS and ":" in line and name not in known:
                known[name] = line
            else:
                other.append(line)
        return known, other

    known, other = split(po_header.msgstr)
    template, _ = split(pot_header.msgstr)
    for name in _FROM_TEMPLATE:
        if name in template:
            known[name] = template[name]
    lines = [known[name] for name in _KNOWN_FIELDS if name in known] + other
    text = "\n".join(lines) + ("\n" if lines and (po_header.msgstr.endswith("\n") or not po_header.msgstr) else "")
    return po_header if text == po_header.msgstr else po_header.evolve(msgstr=text)


class Compendium:
    """The translated entries of a locale's catalogs, as ``msgmerge --compendium`` takes them
    from ``msgcat --use-first`` of them all: the first translation of each (msgctxt, msgid), in
    catalog order. Built once per locale for many merges."""

    def __init__(self, catalogs: dict[str, Catalog]) -> None:
        self.memory: dict[tuple[str | None, str], Entry] = {}
        # texts translated more than one way: msgcat marks them fuzzy in a compendium it builds
        self.conflicts: dict[tuple[str | None, str], list[str]] = {}
        digest = hashlib.blake2b(digest_size=20)
        # each catalog's signature by the identity of its entries, which the compendium keeps alive
        self._signatures: dict[int, bytes] = {}
        for catalog in catalogs.values():
            signature = _signature(catalog.entries)
            self._signatures[id(catalog.entries)] = signature
            digest.update(signature)
            for entry in catalog.entries:
                if entry.translated and not entry.obsolete:
                    kept = self.memory.setdefault(entry.key, entry)
                    if kept.msgstr != entry.msgstr or kept.msgstr_plural != entry.msgstr_plural:
                        ways = self.conflicts.setdefault(entry.key, [kept.msgstr])
                        if entry.msgstr not in ways:
                            ways.append(entry.msgstr)
        self.digest = digest.digest()  # of everything ``memory`` depends on
        self._index: list[FuzzyIndex | None] = []

    def signature_of(self, entries: tuple[Entry, ...]) -> bytes:
        """``_signature(entries)``, reused when they are one of the compendium's catalogs."""
        known = self._signatures.get(id(entries))
        return known if known is not None else _signature(entries)

    def fuzzy_index(self) -> FuzzyIndex | None:
        """msgmerge's fuzzy index over ``memory`` (None when it is empty), built once."""
        if not self._index:
            entries = list(self.memory.values())
            # a compendium file msgmerge reads holds a header too: it counts in the list's size
            self._index.append(FuzzyIndex(entries, size=len(entries) + 1) if entries else None)
        return self._index[0]


def merge(
    po: Catalog,
    pot: Catalog,
    compendium: Sequence[Catalog] | Compendium = (),
    nplurals: int = 2,
    still_wrong: StillWrong | None = None,
) -> Catalog:
    """``po`` updated to ``pot`` with msgmerge's rules; ``compendium`` fills new units, exactly or
    fuzzily (a ``Compendium`` built once per locale, or the catalogs to build one of).

    ``still_wrong(msgid, msgstr)``: when given, a translated entry that carries a ``CHECK:`` note
    keeps it while this says the translation still disagrees with its source.
    """
    defs = list(po.entries)
    exact: dict[tuple[str | None, str], Entry] = {}
    for d in defs:
        if d.key not in exact or (exact[d.key].obsolete and not d.obsolete):
            exact[d.key] = d
    if not isinstance(compendium, Compendium):
        compendium = Compendium({str(i): c for i, c in enumerate(compendium)})
    book = compendium
    signature = hashlib.blake2b(book.signature_of(po.entries) + book.digest, digest_size=20).digest()
    built: list[tuple[FuzzyIndex, FuzzyIndex | None]] = []

    def indexes() -> tuple[FuzzyIndex, FuzzyIndex | None]:
        # only a memo miss needs them: most units match exactly
        if not built:
            built.append((FuzzyIndex(defs), book.fuzzy_index()))
        return built[0]

    remembered = book.memory.get

    used: set[int] = set()
    out: list[Entry] = []
    for ref in pot.entries:
        found = exact.get(ref.key)
        if found is not None and found.msgid_plural is None and found.msgstr == "" and remembered(ref.key):
            found = None  # as msgmerge: a translation in the compendium beats an empty one here
        if found is not None and (found.msgid_plural is None) == (ref.msgid_plural is None):
            out.append(_merged(ref, found, force_fuzzy=False, still_wrong=still_wrong))
            used.add(id(found))
            continue
        known = remembered(ref.key)
        if known is not None and (known.msgid_plural is None) == (ref.msgid_plural is None):
            ways = book.conflicts.get(ref.key)
            if ways:
                # as from a msgcat compendium: a text translated two ways is a choice for a person
                note = (f"{CHECK_PREFIX}this text has {len(ways)} different translations in this locale's "
                        "other leaflets (" + "; ".join(repr(w[:40]) for w in ways) + "): the first is "
                        "shown; choose one.")
                entry = _merged(ref, known, force_fuzzy=True).evolve(
                    translator_comments=(), raw=None, previous_msgctxt=None, previous_msgid=None,
                    previous_msgid_plural=None)
                out.append(entry.evolve(extracted_comments=(*entry.extracted_comments, note)))
                continue
            out.append(_merged(ref, known, force_fuzzy=False).evolve(translator_comments=(), raw=None))
            continue
        guess = _best_fuzzy_cached(signature, ref, defs, indexes, remembered) if ref.msgid else None
        if guess is not None and (guess.msgid_plural is None) == (ref.msgid_plural is None):
            out.append(_merged(ref, guess, force_fuzzy=True).evolve(raw=None))
            used.add(id(guess))
            continue
        out.append(_new(ref, nplurals))
    out.extend(_obsolete(d) for d in defs if id(d) not in used and d.has_text)
    return Catalog(merge_header(po.header, pot.header), tuple(out), po.path)


def translated_strings(catalog: Catalog) -> set[tuple[str | None, str, str]]:
    """Every (msgctxt, msgid, msgstr) with a translation, live or obsolete, fuzzy or not."""
    return {(e.msgctxt, e.msgid, e.msgstr) for e in catalog.entries if e.msgstr}
