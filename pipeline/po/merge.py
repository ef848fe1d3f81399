"""Merging a template into a translation the way GNU ``msgmerge --previous`` does.

Why not babel or polib (measured, ``shared/research/po-anchors.md`` §3): polib's
``POFile.merge`` does no fuzzy matching (every edited unit came back untranslated) and babel's
``Catalog.update`` plus ``write_po(include_previous=True)`` wrote ``#|`` lines that made 220 of
500 files fail ``msgfmt -c`` and damaged them further on the next run. The rules here are
msgmerge's, checked against it by the tests:

* an exact (msgctxt, msgid) match keeps its translation, translator comments and fuzzy state
  (and ``#|`` only while fuzzy); notes and references come from the template;
* otherwise an exact match in the compendium (the locale's other leaflets) fills the unit;
* otherwise the most similar translated entry (similarity = 2·LCS / total length over the UTF-8
  bytes, as gettext's ``fstrcmp``; strictly above 0.6; obsolete entries count) is taken as a
  fuzzy guess, with the previous source in ``#| msgid`` so the editor shows what changed;
* entries no template unit uses become obsolete (``#~``) and are never deleted; an obsolete
  entry whose text returns comes back to life.

One addition to msgmerge: a fuzzy entry whose source changed a number or a negation gets a
``#.`` note saying so ("CHECK: a number changed (24 -> 48)"). It is recomputed on every
update, so it goes away once the translator has reviewed the entry.
"""

from __future__ import annotations

import hashlib
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


def lcs_length(a: bytes, b: bytes) -> int:
    """Length of the longest common subsequence (bit-parallel, Allison-Dix/Hyyrö)."""
    if len(a) < len(b):
        a, b = b, a
    masks: dict[int, int] = {}
    for i, byte in enumerate(b):
        masks[byte] = masks.get(byte, 0) | (1 << i)
    full = (1 << len(b)) - 1
    row = full
    for byte in a:
        match = row & masks.get(byte, 0)
        row = ((row + match) | (row - match)) & full
    return len(b) - row.bit_count()


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp: 2·LCS / (len a + len b) over UTF-8 bytes; 1.0 for two empty strings."""
    x, y = a.encode("utf-8"), b.encode("utf-8")
    if not x and not y:
        return 1.0
    return 2 * lcs_length(x, y) / (len(x) + len(y))


def _upper_bound(x: bytes, y: bytes) -> float:
    common = sum((Counter(x) & Counter(y)).values())
    return 2 * common / (len(x) + len(y)) if x or y else 1.0


class FuzzyPool:
    """Fuzzy candidates prepared once for many searches: those with a translation, as UTF-8."""

    def __init__(self, candidates: Sequence[Entry]) -> None:
        self.entries = [c for c in candidates if c.msgid != "" and c.has_text]
        self.texts = [c.msgid.encode("utf-8") for c in self.entries]


def best_fuzzy(
    msgctxt: str | None, msgid: str, candidates: Sequence[Entry], pool: FuzzyPool | None = None
) -> Entry | None:
    """The translated candidate most similar to ``msgid`` above the threshold (first wins ties).

    rapidfuzz's Indel similarity is gettext's fstrcmp (2·LCS over the summed lengths); it finds
    in C++ the few candidates near the threshold, and each is then weighed here exactly as
    gettext does, in the candidates' order (``pool``: the same candidates, prepared).
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    pool = pool if pool is not None else FuzzyPool(candidates)
    target = msgid.encode("utf-8")
    # a hair under the threshold: the exact figure below decides, rapidfuzz only narrows
    near = process.extract(target, pool.texts, scorer=Indel.normalized_similarity,
                           score_cutoff=FUZZY_THRESHOLD - 1e-6, limit=None)
    best: Entry | None = None
    best_weight = FUZZY_THRESHOLD
    for _, _, index in sorted(near, key=lambda hit: hit[2]):
        cand, other = pool.entries[index], pool.texts[index]
        total = len(target) + len(other)
        if total and 2 * min(len(target), len(other)) / total <= best_weight:
            continue
        if _upper_bound(target, other) <= best_weight:
            continue
        weight = similarity(msgid, cand.msgid)
        if weight > FUZZY_THRESHOLD and cand.msgctxt == msgctxt:
            weight += 0.00001  # gettext's small advantage for the same context
        if weight > best_weight:
            best, best_weight = cand, weight
    return best


# Every locale of a leaflet is merged against the same template with the same source texts as
# candidates, so the same fuzzy search recurs once per locale. The answer depends only on the
# candidates' (msgctxt, msgid, has-text) in order, so it is remembered under a digest of those.
_FUZZY_MEMO: dict[tuple[bytes, str | None, str], tuple[int | None, tuple[str | None, str] | None]] = {}
_FUZZY_MEMO_LIMIT = 500_000


def _signature(entries: Sequence[Entry]) -> bytes:
    # everything about an entry that decides whether and where it is a fuzzy candidate
    digest = hashlib.blake2b(digest_size=20)
    for e in entries:
        flags = f"{e.msgctxt is None:d}{e.has_text:d}{e.translated:d}{e.obsolete:d}{e.msgid_plural is None:d}"
        digest.update(f"{e.msgctxt or ''}\x00{e.msgid}\x00{flags}\x00".encode())
    return digest.digest()


def _best_fuzzy_cached(
    signature: bytes, ref: Entry, defs: Sequence[Entry], candidates: Callable[[], tuple[list[Entry], FuzzyPool]],
    remembered: Callable[[tuple[str | None, str]], Entry | None],
) -> Entry | None:
    """``best_fuzzy`` over ``candidates()`` (this PO's entries, then the compendium's), memoised.

    The memo records where the winner sits: an index into this PO's own entries, or the key
    of a compendium entry, which the same signature guarantees resolves to the same entry.
    """
    memo_key = (signature, ref.msgctxt, ref.msgid)
    where = _FUZZY_MEMO.get(memo_key)
    if where is None:
        everything, pool = candidates()
        best = best_fuzzy(ref.msgctxt, ref.msgid, everything, pool)
        if best is None:
            where = None, None
        else:
            found = next(i for i, c in enumerate(everything) if c is best)
            where = (found, None) if found < len(defs) else (None, best.key)
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


def _merged(ref: Entry, d: Entry, force_fuzzy: bool) -> Entry:
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


def merge_header(po_header: Entry, pot_header: Entry) -> Entry:
    """The PO header with the template's POT-Creation-Date (msgmerge changes nothing else)."""
    match = re.search(r"^POT-Creation-Date:.*$", pot_header.msgstr, re.M)
    if not match:
        return po_header
    if re.search(r"^POT-Creation-Date:.*$", po_header.msgstr, re.M):
        text = re.sub(
            r"^POT-Creation-Date:.*$", lambda _: match.group(0), po_header.msgstr, count=1, flags=re.M
        )
    else:
        text = po_header.msgstr + match.group(0) + "\n"
    return po_header.evolve(msgstr=text)


class Compendium:
    """The translated entries of a locale's other catalogs, indexed once for many merges.

    ``memory(exclude)`` is exactly what ``msgmerge --compendium`` would take from every catalog
    but ``exclude``, in the same order, without walking every entry's properties each time.
    """

    def __init__(self, catalogs: dict[str, Catalog]) -> None:
        self.order = list(catalogs)
        self.translated = {
            name: [(c.key, c) for c in catalog.entries if c.translated and not c.obsolete]
            for name, catalog in catalogs.items()
        }
        self.digests = {name: _signature(catalog.entries) for name, catalog in catalogs.items()}
        self.index: dict[tuple[str | None, str], list[tuple[str, Entry]]] = {}
        for name in self.order:
            for key, entry in self.translated[name]:
                self.index.setdefault(key, []).append((name, entry))

    def first(self, key: tuple[str | None, str], exclude: str | None = None) -> Entry | None:
        """The entry ``memory(exclude)`` holds for ``key``, found without building it."""
        for name, entry in self.index.get(key, ()):
            if name != exclude:
                return entry
        return None

    def memory(self, exclude: str | None = None) -> dict[tuple[str | None, str], Entry]:
        """First translated entry for each key across the catalogs other than ``exclude``."""
        memory: dict[tuple[str | None, str], Entry] = {}
        for name in self.order:
            if name == exclude:
                continue
            for key, entry in self.translated[name]:
                if key not in memory:
                    memory[key] = entry
        return memory

    def digest(self, exclude: str | None = None) -> bytes:
        """A digest of everything ``memory(exclude)`` depends on."""
        digest = hashlib.blake2b(digest_size=20)
        for name in self.order:
            if name != exclude:
                digest.update(self.digests[name])
        return digest.digest()


def merge(
    po: Catalog,
    pot: Catalog,
    compendium: Sequence[Catalog] | Compendium = (),
    nplurals: int = 2,
    exclude: str | None = None,
) -> Catalog:
    """``po`` updated to ``pot`` with msgmerge's rules; ``compendium`` fills exact matches.

    A ``Compendium`` built once per locale may be passed with the name of the catalog being
    merged as ``exclude``; a plain sequence of catalogs is used whole.
    """
    defs = list(po.entries)
    exact: dict[tuple[str | None, str], Entry] = {}
    for d in defs:
        if d.key not in exact or (exact[d.key].obsolete and not d.obsolete):
            exact[d.key] = d
    if not isinstance(compendium, Compendium):
        compendium = Compendium({str(i): c for i, c in enumerate(compendium)})
    book = compendium
    signature = hashlib.blake2b(_signature(defs) + book.digest(exclude), digest_size=20).digest()
    built: list[tuple[list[Entry], FuzzyPool]] = []

    def candidates() -> tuple[list[Entry], FuzzyPool]:
        # only a memo miss needs the whole list: most units match exactly
        if not built:
            everything = defs + list(book.memory(exclude).values())
            built.append((everything, FuzzyPool(everything)))
        return built[0]

    def remembered(key: tuple[str | None, str]) -> Entry | None:
        return book.first(key, exclude)

    used: set[int] = set()
    out: list[Entry] = []
    for ref in pot.entries:
        found = exact.get(ref.key)
        if found is not None and (found.msgid_plural is None) == (ref.msgid_plural is None):
            out.append(_merged(ref, found, force_fuzzy=False))
            used.add(id(found))
            continue
        known = remembered(ref.key)
        if known is not None and (known.msgid_plural is None) == (ref.msgid_plural is None):
            out.append(_merged(ref, known, force_fuzzy=False).evolve(translator_comments=(), raw=None))
            continue
        guess = _best_fuzzy_cached(signature, ref, defs, candidates, remembered) if ref.msgid else None
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
