"""Translation review records: which translated units a person checked, who, and when.

PO files have no review state that every editor keeps (Weblate's "approved" lives in its
database, issue 4852; a flag or comment survives msgcat but not a translator who edits the
msgstr and leaves the flag), so the record is a small file beside the PO file that no PO
editor opens: ``locales/<locale>/LC_MESSAGES/<id>.review.toml``.

It holds each review (who, when, how many units) and, per unit, a fingerprint of the
(msgctxt, msgid, msgstr) pair that was checked. A unit whose source or translation changed
since no longer matches, so it is unreviewed again without anyone having to remember. A seal
over the record's content makes a hand edit (a fingerprint changed to match a new msgstr) a
refusal rather than a review nobody made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.atomic import write_text_atomic
from pipeline.po.layout import po_path
from pipeline.po.pofile import Catalog, Entry
from pipeline.problems import InputError, Problem
from pipeline.settings import Settings

SUFFIX = ".review.toml"
HEX32 = re.compile(r"^[0-9a-f]{32}$")
NAME_RE = re.compile(r"^[^\W\d_][\w .,'’()&/-]{1,99}$")


def latest_day() -> dt.date:
    """The latest day a review can have happened: tomorrow by the clock (a reviewer ahead of UTC
    is not refused), whatever SOURCE_DATE_EPOCH says (a reproducible build still knows the day)."""
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def review_path(settings: Settings, locale: str, slug: str) -> Path:
    """``locales/<locale>/LC_MESSAGES/<id>.review.toml``, beside the leaflet's PO file."""
    return po_path(settings, locale, slug).with_name(slug + SUFFIX)


def _digest(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def unit_id(entry: Entry) -> str:
    """A unit's id in the record: a fingerprint of its msgctxt and msgid."""
    return _digest(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def pair_fingerprint(entry: Entry) -> str:
    """A fingerprint of the source and translation a person checked."""
    return _digest(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr,
                   *entry.msgstr_plural)


@dataclass(frozen=True)
class Review:
    """One review: who checked the translation, on which day, how many units."""

    by: str
    date: dt.date
    units: int


@dataclass(frozen=True)
class ReviewRecord:
    """Every review of one leaflet in one locale, and the units each one checked."""

    reviews: tuple[Review, ...] = ()
    units: dict[str, tuple[str, int]] = field(default_factory=dict)  # unit id -> (pair fingerprint, review no.)

    def reviewed(self, entry: Entry) -> Review | None:
        """The review that checked this entry as it is now (None: not reviewed, or changed since)."""
        if not entry.translated:
            return None
        mark = self.units.get(unit_id(entry))
        if mark is None or mark[0] != pair_fingerprint(entry):
            return None
        return self.reviews[mark[1] - 1]


def check_name(name: str) -> str:
    """What is wrong with a reviewer's name ("" if nothing)."""
    name = name.strip()
    if not NAME_RE.match(name):
        return (f"'{name[:60]}' is not a reviewer's name: give the person's name (and role if you like) as text "
                "on one line, such as \"Dr Catrin Jones, consultant\"")
    return ""


def _seal(reviews: tuple[Review, ...], units: dict[str, tuple[str, int]]) -> str:
    body = json.dumps({"reviews": [[r.by, r.date.isoformat(), r.units] for r in reviews],
                       "units": sorted([k, v[0], v[1]] for k, v in units.items())}, ensure_ascii=False)
    return _digest("leaflets review record 1", body)


def read_record(path: Path, shown: str, today: dt.date, catalog: Catalog | None = None) -> ReviewRecord:
    """The record at ``path`` (empty if there is none); InputError naming ``shown:line`` if it is
    malformed, edited by hand, dated after ``today``, or (with ``catalog``) names a unit that is
    no longer in the PO file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ReviewRecord()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(shown, 1, 1, f"the review record cannot be read ({exc}): restore it from git "
                                  "or delete it and review again")]) from None
    lines = text.splitlines()

    def line_of(needle: str) -> int:
        return next((n for n, t in enumerate(lines, start=1) if needle in t), 1)

    def refuse(line: int, message: str) -> InputError:
        return InputError([Problem(shown, line, 1, message)])

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise refuse(int(found[1]) if found else 1, f"the review record is not valid TOML ({exc}): restore it "
                     "from git, or delete it and review again") from None
    reviews: list[Review] = []
    for number, item in enumerate(data.get("review", []) if isinstance(data.get("review"), list) else [], 1):
        at = _nth_line(lines, "[[review]]", number)
        if not isinstance(item, dict) or set(item) != {"by", "date", "units"}:
            raise refuse(at, f"review {number} must have exactly 'by', 'date' and 'units'")
        by, day, count = item["by"], item["date"], item["units"]
        if not isinstance(by, str) or check_name(by):
            raise refuse(at + 1, f"review {number}: {check_name(str(by))}")
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise refuse(at + 2, f"review {number}: the date must be written YYYY-MM-DD")
        if day > today:
            raise refuse(at + 2, f"review {number} is dated {day}, after today ({today}): a review cannot be "
                         "recorded before it happens; run `leaflets review` when it does")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise refuse(at + 3, f"review {number}: 'units' must be a whole number")
        reviews.append(Review(by.strip(), day, count))
    if "review" in data and not reviews:
        raise refuse(line_of("review"), "'review' must be a list of [[review]] tables")
    units: dict[str, tuple[str, int]] = {}
    table = data.get("units", {})
    if not isinstance(table, dict):
        raise refuse(line_of("units"), "'units' must be a table of unit fingerprints")
    for key, mark in table.items():
        at = line_of(key)
        if (not HEX32.match(key) or not isinstance(mark, list) or len(mark) != 2 or not isinstance(mark[0], str)
                or not HEX32.match(mark[0]) or isinstance(mark[1], bool) or not isinstance(mark[1], int)
                or not 1 <= mark[1] <= len(reviews)):
            raise refuse(at, "this unit mark is not one `leaflets review` writes (a unit fingerprint = "
                         "[translation fingerprint, review number]): do not edit the record by hand")
        units[key] = (mark[0], mark[1])
    extra = set(data) - {"seal", "review", "units"}
    if extra:
        raise refuse(line_of(sorted(extra)[0]), f"unknown key '{sorted(extra)[0][:40]}' in the review record")
    if data.get("seal") != _seal(tuple(reviews), units):
        raise refuse(line_of("seal"), "the review record was changed by hand (its seal does not match its "
                     "content): only `leaflets review` marks units reviewed; restore the file from git, or "
                     "delete it and review again")
    if catalog is not None:
        present = {unit_id(e) for e in catalog.entries if not e.obsolete and e.msgid != ""}
        gone = [key for key in units if key not in present]
        if gone:
            raise InputError([Problem(shown, line_of(key), 1, f"the review record marks a unit ({key[:12]}...) "
                                      "that is no longer in the PO file: run `leaflets update` or `leaflets review "
                                      "--prune`, which drop the marks of removed units") for key in gone[:5]])
    return ReviewRecord(tuple(reviews), units)


def _nth_line(lines: list[str], needle: str, number: int) -> int:
    seen = 0
    for index, text in enumerate(lines, start=1):
        if text.strip() == needle:
            seen += 1
            if seen == number:
                return index
    return 1


def record_text(record: ReviewRecord, slug: str, locale: str) -> str:
    """The record as the diff-friendly TOML ``leaflets review`` writes (units sorted)."""
    out = [f"# Translation review record: {slug} in {locale}. Written by `leaflets review`; do not edit by hand.",
           "# A unit is reviewed while its msgid and msgstr are the ones fingerprinted here; a changed",
           "# source or translation is unreviewed again. Each unit: [translation fingerprint, review number].",
           f"seal = {json.dumps(_seal(record.reviews, record.units))}", ""]
    for review in record.reviews:
        out += ["[[review]]", f"by = {json.dumps(review.by, ensure_ascii=False)}",
                f"date = {review.date.isoformat()}", f"units = {review.units}", ""]
    out.append("[units]")
    out += [f'"{key}" = ["{pair}", {number}]' for key, (pair, number) in sorted(record.units.items())]
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class ReviewOutcome:
    """What ``leaflets review`` recorded."""

    path: Path
    marked: int  # units checked in this review
    already: int  # units already reviewed as they are
    left: int  # units not marked: untranslated or fuzzy
    pruned: int


def add_review(record: ReviewRecord, catalog: Catalog, by: str, day: dt.date,
               checkable: set[tuple[str | None, str]] | None = None) -> tuple[ReviewRecord, int, int, int]:
    """``record`` with a new review by ``by`` on ``day`` of every translated unit of ``catalog``
    not already reviewed as it is (``checkable``: the keys that may be marked, such as those the
    safety checks let through). Returns the record, units marked, already reviewed, left."""
    units = dict(record.units)
    number = len(record.reviews) + 1
    marked = already = left = 0
    for entry in catalog.entries:
        if entry.obsolete or not entry.msgid:
            continue
        if not entry.translated or (checkable is not None and entry.key not in checkable):
            left += 1
        elif record.reviewed(entry) is not None:
            already += 1
        else:
            units[unit_id(entry)] = (pair_fingerprint(entry), number)
            marked += 1
    if not marked:
        return record, 0, already, left
    return ReviewRecord((*record.reviews, Review(by.strip(), day, marked)), units), marked, already, left


def pruned(record: ReviewRecord, catalog: Catalog) -> tuple[ReviewRecord, int]:
    """``record`` without the marks of units no longer in ``catalog`` (after a merge)."""
    present = {unit_id(e) for e in catalog.entries if not e.obsolete and e.msgid}
    units = {k: v for k, v in record.units.items() if k in present}
    return ReviewRecord(record.reviews, units), len(record.units) - len(units)


def write_record(path: Path, record: ReviewRecord, slug: str, locale: str) -> None:
    """Write the record atomically (nothing half-written if the command is stopped)."""
    write_text_atomic(path, record_text(record, slug, locale))


def only_reviewed(catalog: Catalog, record: ReviewRecord) -> tuple[Catalog, int]:
    """The catalog with every translated unit no person checked (as it is now) left untranslated,
    and how many there were: under a ``reviewed`` publish policy those fall back like missing ones."""
    from dataclasses import replace

    out: list[Entry] = []
    unreviewed = 0
    for entry in catalog.entries:
        if entry.translated and not entry.obsolete and entry.msgid and record.reviewed(entry) is None:
            entry = replace(entry, msgstr="", msgstr_plural=tuple("" for _ in entry.msgstr_plural))
            unreviewed += 1
        out.append(entry)
    return replace(catalog, entries=tuple(out)), unreviewed


def last_checked(catalog: Catalog, record: ReviewRecord) -> dt.date | None:
    """The day of the latest review, when every translated unit is reviewed as it is now."""
    days: list[dt.date] = []
    for entry in catalog.entries:
        if entry.obsolete or not entry.msgid or not entry.translated:
            continue
        review = record.reviewed(entry)
        if review is None:
            return None
        days.append(review.date)
    return max(days) if days else None


def as_data(record: ReviewRecord) -> dict[str, Any]:
    """The record as plain data (for JSON reports)."""
    return {"reviews": [{"by": r.by, "date": r.date.isoformat(), "units": r.units} for r in record.reviews],
            "units": len(record.units)}
