"""Reading and writing PO files exactly as GNU ``msgcat`` writes them.

Why our own small reader and writer instead of polib or babel (measured in
``shared/research/po-anchors.md`` §3): polib wraps differently from msgcat (about 7,000 of
19,000 lines differ on a real file), wraps ``#.`` comments and drops ``#~|`` lines on save;
babel's ``read_po`` turns ``#| msgid`` lines into ``# | msgid`` translator comments, so a
second update damages what msgmerge or Weblate wrote, and it rewrites the header. Neither can
keep an untouched entry byte for byte. So this module:

* parses the whole PO syntax (comments of every kind, ``#|`` previous strings, ``#~``
  obsolete entries with ``#~|``, plurals, escapes) and reports bad input as ``path:line``
  problems (BOM, CRLF, non-UTF-8 bytes or charset, syntax errors, duplicate entries);
* writes each entry the way gettext's ``write-po.c`` does (page width 79, Unicode line breaking
  from :mod:`pipeline.po.linebreak`, the ``""`` first line when a string wraps or holds a
  newline), and keeps the exact original text of every entry nobody changed.

The tests prove the output byte-identical to ``msgcat`` on generated catalogs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.po.linebreak import width_breaks
from pipeline.problems import InputError, Problem

PAGE_WIDTH = 79

# gettext's format flags in the order write-po.c prints them (format_language[] in message.c).
FORMAT_NAMES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_FLAG_ORDER = {"fuzzy": 0}
for _n, _name in enumerate(FORMAT_NAMES):
    for _prefix in ("", "no-", "possible-", "impossible-"):
        _FLAG_ORDER[f"{_prefix}{_name}-format"] = 1 + _n
_FLAG_ORDER["wrap"] = _FLAG_ORDER["no-wrap"] = 1000

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}


@dataclass(frozen=True)
class Entry:
    """One PO entry. ``raw`` is its exact text as read (None when built in memory)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)
    # (exact text as read, the values it was read as): reused on write while the values match
    raw: tuple[str, tuple[object, ...]] | None = field(default=None, compare=False, repr=False)

    def values(self) -> tuple[object, ...]:
        """Everything an entry says (not where it was read from): two entries saying the same are equal."""
        return (
            self.msgid,
            self.msgstr,
            self.msgctxt,
            self.msgid_plural,
            self.msgstr_plural,
            self.translator_comments,
            self.extracted_comments,
            self.references,
            self.flags,
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
            self.obsolete,
        )

    def evolve(self, **changes: Any) -> Entry:
        """A copy with some fields changed: ``dataclasses.replace``, five times faster (an update
        of a catalogue copies hundreds of thousands of entries)."""
        return Entry(**{**self.__dict__, **changes})

    @property
    def key(self) -> tuple[str | None, str]:
        """The identity of an entry: context and source text."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        """True when a translator (or a merge) marked the translation as needing review."""
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """True when every msgstr is filled and the entry is not fuzzy (what msgfmt publishes)."""
        return not self.fuzzy and self.has_text

    @property
    def has_text(self) -> bool:
        """True when the translation text is filled (fuzzy or not)."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    def with_flag(self, flag: str, on: bool) -> Entry:
        """A copy with ``flag`` added or removed."""
        flags = tuple(f for f in self.flags if f != flag)
        if on:
            flags = (flag, *flags)
        return self.evolve(flags=flags)


@dataclass(frozen=True)
class Catalog:
    """A PO file: the header entry (msgid ``""``) and the other entries in file order."""

    header: Entry
    entries: tuple[Entry, ...]
    path: str = "<string>"

    def header_fields(self) -> dict[str, str]:
        """The header's ``Name: value`` fields."""
        return parse_header(self.header.msgstr)

    def find(self, msgctxt: str | None, msgid: str) -> Entry | None:
        """The live (not obsolete) entry with this key, or None."""
        for entry in self.entries:
            if not entry.obsolete and entry.key == (msgctxt, msgid):
                return entry
        return None


def parse_header(text: str) -> dict[str, str]:
    """Header fields from a header msgstr (``Name: value`` lines)."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


def header_text(fields: list[tuple[str, str]]) -> str:
    """A header msgstr from ordered fields."""
    return "".join(f"{name}: {value}\n" for name, value in fields)


def charset_of(header_msgstr: str) -> str | None:
    """The charset named in the header's Content-Type, or None."""
    match = re.search(r"charset=([^\s;]+)", parse_header(header_msgstr).get("Content-Type", ""))
    return match.group(1) if match else None


# --- reading ------------------------------------------------------------------------------


class _Draft:
    """An entry being read."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start
        self.tcomments: list[str] = []
        self.xcomments: list[str] = []
        self.refs: list[str] = []
        self.flags: list[str] = []
        self.strings: dict[str, str] = {}
        self.prev: dict[str, str] = {}
        self.plural: dict[int, str] = {}
        self.obsolete: bool | None = None
        self.keyword_line = 0
        self.last: tuple[str, str | int] | None = None  # which string a continuation line extends

    @property
    def has_msgstr(self) -> bool:
        return "msgstr" in self.strings or bool(self.plural)

    @property
    def empty(self) -> bool:
        return not (
            self.tcomments
            or self.xcomments
            or self.refs
            or self.flags
            or self.strings
            or self.prev
            or self.plural
        )


_KEYWORD_RE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s*(".*)$')


def normalise_bytes(data: bytes, path: str) -> tuple[bytes, list[Problem]]:
    """PO bytes without a byte-order mark and with LF line endings, and a notice for each repair.

    Windows editors and some platforms' downloads save a BOM or CRLF; neither changes a word, so
    the file is read as if saved plainly and ``leaflets update`` writes it back with LF (a lone
    CR, old Mac endings, is left for ``read_po`` to refuse: it may be inside a string).
    """
    notices: list[Problem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        notices.append(Problem(path, 1, 1, "the file starts with a byte-order mark (BOM), which gettext "
                               "tools refuse: read without it; `leaflets update` writes the file without it"))
    if b"\r\n" in data:
        line = data[: data.index(b"\r\n")].count(b"\n") + 1
        data = data.replace(b"\r\n", b"\n")
        notices.append(Problem(path, line, 1, "the file has Windows (CRLF) line endings: read as LF; "
                               "`leaflets update` writes it with LF (see .gitattributes)"))
    return data, notices


def read_po(data: bytes, path: str) -> Catalog:
    """Parse PO bytes; raise InputError with ``path:line`` problems for anything unusable."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the file starts with a byte-order mark (BOM): gettext "
                    "tools do not accept it; save the file as UTF-8 without BOM",
                )
            ]
        )
    if b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    path,
                    line,
                    1,
                    "the file has Windows (CRLF) or old Mac (CR) line "
                    "endings: save it with Unix (LF) line endings",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    path,
                    line,
                    1,
                    "the file is not UTF-8 text (byte "
                    f"0x{data[exc.start]:02x}): the project's PO files must be UTF-8 "
                    "with 'charset=UTF-8' in the header",
                )
            ]
        ) from None
    return parse_po(text, path)


def parse_po(text: str, path: str = "<string>") -> Catalog:
    """Parse PO text; raise InputError listing every problem found."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    problems: list[Problem] = []
    drafts: list[_Draft] = []
    draft: _Draft | None = None

    def finish() -> None:
        nonlocal draft
        if draft is not None and not draft.empty:
            if not draft.strings.get("msgid") and "msgid" not in draft.strings:
                problems.append(
                    Problem(
                        path,
                        draft.start + 1,
                        1,
                        "comments without an entry: every entry needs a msgid and a msgstr line",
                    )
                )
            elif not draft.has_msgstr:
                problems.append(
                    Problem(
                        path,
                        draft.keyword_line,
                        1,
                        "this entry has a msgid but no msgstr line: add 'msgstr \"\"'",
                    )
                )
            elif (reason := _plural_shape(draft)) is not None:
                problems.append(Problem(path, draft.keyword_line, 1, reason))
            else:
                drafts.append(draft)
        draft = None

    for index, line in enumerate(lines):
        number = index + 1
        if not line or line.isspace():
            finish()
            continue
        obsolete = line.startswith("#~")
        body = line
        if obsolete:
            body = line[2:]
            if body.startswith("|"):
                body = "#" + body  # "#~| msgid" is the obsolete entry's previous string
            else:
                body = body[1:] if body.startswith(" ") else body
                if not body.strip():
                    continue
        is_comment = (body.startswith("#") and not obsolete) or body.startswith("#|")
        keyword = _KEYWORD_RE.match(body)
        starts_entry = is_comment or (keyword is not None and keyword.group(1) in ("msgctxt", "msgid"))
        # a comment or a keyword after a complete entry starts the next entry
        if draft is not None and draft.has_msgstr and starts_entry:
            finish()
        if draft is None:
            draft = _Draft(index)
        draft.end = index
        if obsolete and not body.startswith("#|") and draft.obsolete is False and draft.strings:
            problems.append(Problem(path, number, 1, "an obsolete line (#~) inside a live entry"))
        if body.startswith("#|"):
            _previous(body[2:].lstrip(" "), draft, path, number, problems)
            if obsolete:
                draft.obsolete = True
            continue
        if body.startswith("#"):
            _comment(body[1:], draft)
            continue
        if obsolete:
            draft.obsolete = True
        elif draft.obsolete and (draft.strings or draft.plural):
            problems.append(
                Problem(
                    path,
                    number,
                    1,
                    "a live line inside an obsolete (#~) entry: add '#~ ' or a blank line before it",
                )
            )
        elif draft.obsolete is None:
            draft.obsolete = False
        _keyword_line(body, draft, path, number, problems, keyword)
    finish()
    entries = [_entry(d, lines) for d in drafts]
    problems.extend(_duplicates(entries, path))
    if problems:
        raise InputError(problems)
    header = Entry(msgid="", msgstr="")
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None and not entries[0].obsolete:
        header = entries.pop(0)
        charset = charset_of(header.msgstr)
        if charset is not None and charset.upper() not in ("UTF-8", "CHARSET"):
            raise InputError(
                [
                    Problem(
                        path,
                        header.line,
                        1,
                        f"the header says charset={charset}: the "
                        "project's PO files are UTF-8; convert the file (msgconv -t UTF-8) "
                        "and set 'charset=UTF-8'",
                    )
                ]
            )
    return Catalog(header, tuple(entries), path)


def _plural_shape(draft: _Draft) -> str | None:
    """Why an entry's msgstr lines do not fit its msgid_plural (None when they do)."""
    plural = "msgid_plural" in draft.strings
    if plural and "msgstr" in draft.strings:
        return "an entry with msgid_plural takes msgstr[0], msgstr[1] ... lines, not msgstr"
    if draft.plural and not plural:
        return "msgstr[N] lines need a msgid_plural line after the msgid"
    if draft.plural and sorted(draft.plural) != list(range(len(draft.plural))):
        return "msgstr[N] lines must be numbered 0, 1, 2 ... without gaps"
    return None


def _comment(rest: str, draft: _Draft) -> None:
    if rest.startswith("."):
        rest = rest[1:]
        draft.xcomments.append(rest[1:] if rest.startswith(" ") else rest)
    elif rest.startswith(":"):
        for ref in rest[1:].split():
            if ref not in draft.refs:
                draft.refs.append(ref)
    elif rest.startswith((",", "!")):
        for flag in rest[1:].split(","):
            flag = flag.strip()
            if flag and flag not in draft.flags:
                draft.flags.append(flag)
    else:
        draft.tcomments.append(rest[1:] if rest.startswith(" ") else rest)


def _previous(body: str, draft: _Draft, path: str, number: int, problems: list[Problem]) -> None:
    match = re.match(r'^(msgctxt|msgid_plural|msgid)\s*(".*)$', body)
    if match:
        value = _string(match.group(2), path, number, problems)
        draft.prev[match.group(1)] = value
        draft.last = ("prev", match.group(1))
    elif body.startswith('"') and draft.last and draft.last[0] == "prev":
        key = str(draft.last[1])
        draft.prev[key] += _string(body, path, number, problems)
    else:
        problems.append(
            Problem(
                path,
                number,
                1,
                "a '#|' line must hold msgctxt, msgid or msgid_plural with a quoted string, or continue one",
            )
        )


def _keyword_line(body: str, draft: _Draft, path: str, number: int, problems: list[Problem],
                  match: re.Match[str] | None) -> None:
    if match:
        keyword, index, rest = match.group(1), match.group(2), match.group(3)
        value = _string(rest, path, number, problems)
        if keyword == "msgstr" and index is not None:
            draft.plural[int(index)] = value
            draft.last = ("plural", int(index))
        elif index is not None:
            problems.append(
                Problem(path, number, 1, f"'{keyword}[{index}]' is not valid: only msgstr takes an index")
            )
        else:
            if keyword in draft.strings:
                problems.append(
                    Problem(
                        path,
                        number,
                        1,
                        f"a second '{keyword}' line in one entry: separate entries with a blank line",
                    )
                )
            if keyword == "msgid":
                draft.keyword_line = number
            if (
                keyword in ("msgid", "msgid_plural", "msgstr")
                and keyword != "msgid"
                and "msgid" not in draft.strings
            ):
                problems.append(Problem(path, number, 1, f"'{keyword}' before 'msgid'"))
            if keyword in ("msgctxt", "msgid", "msgid_plural") and draft.has_msgstr:
                problems.append(
                    Problem(path, number, 1, f"'{keyword}' after 'msgstr': put it before the msgstr")
                )
            draft.strings[keyword] = value
            draft.last = ("str", keyword)
        return
    if body.startswith('"'):
        if draft.last is None or draft.last[0] == "prev":
            problems.append(
                Problem(path, number, 1, "a quoted string without a keyword (msgid, msgstr ...) before it")
            )
            return
        value = _string(body, path, number, problems)
        kind, key = draft.last
        if kind == "plural":
            draft.plural[int(key)] += value
        else:
            draft.strings[str(key)] += value
        return
    word = body.split(None, 1)[0] if body.split() else body
    problems.append(
        Problem(
            path,
            number,
            1,
            f"cannot read this line: '{word[:30]}' is not a PO keyword "
            "(msgctxt, msgid, msgid_plural, msgstr) or comment",
        )
    )


def _string(rest: str, path: str, number: int, problems: list[Problem]) -> str:
    """The value of one quoted string on a line, escapes resolved."""
    rest = rest.strip()
    if len(rest) < 2 or not rest.startswith('"') or not rest.endswith('"'):
        problems.append(
            Problem(
                path,
                number,
                1,
                'a string must be in double quotes on one line: check for a missing closing quote (")',
            )
        )
        return ""
    inner = rest[1:-1]
    if "\\" not in inner and '"' not in inner:
        return inner  # the common case: nothing to unescape, nothing to report
    out: list[str] = []
    i, end = 1, len(rest) - 1
    while i < end:
        ch = rest[i]
        if ch == '"':
            problems.append(
                Problem(path, number, i + 1, 'a double quote inside a string must be written \\"')
            )
            return ""
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= end:
            problems.append(Problem(path, number, i + 1, "a string ends with a lone backslash: write \\\\"))
            return ""
        nxt = rest[i + 1]
        if nxt in _UNESCAPES:
            out.append(_UNESCAPES[nxt])
            i += 2
        elif nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", rest[i + 1 : end])
            assert digits is not None
            if int(digits.group(0), 8) == 0:
                problems.append(Problem(path, number, i + 1, "the escape '\\0' (NUL) ends a message in a "
                                        "compiled catalogue: remove it"))
                return ""
            out.append(chr(int(digits.group(0), 8)))
            i += 1 + len(digits.group(0))
        elif nxt == "x" and re.match(r"[0-9a-fA-F]", rest[i + 2 : i + 3]):
            digits = re.match(r"[0-9a-fA-F]+", rest[i + 2 : end])
            assert digits is not None
            code = int(digits.group(0)[:8], 16) if len(digits.group(0)) <= 8 else 0x110000
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0:
                problems.append(Problem(path, number, i + 1, f"the escape '\\x{digits.group(0)[:8]}' is not a "
                                        "character (beyond Unicode, a surrogate or NUL): write the character itself"))
                return ""
            out.append(chr(code))
            i += 2 + len(digits.group(0))
        else:
            problems.append(Problem(path, number, i + 1, f"unknown escape '\\{nxt}' in a string"))
            return ""
    return "".join(out)


def _entry(draft: _Draft, lines: list[str]) -> Entry:
    strings, prev = draft.strings, draft.prev
    # in the order of Entry.values(): built once, not built and then copied with its raw text
    values = (
        strings.get("msgid", ""),
        strings.get("msgstr", ""),
        strings.get("msgctxt"),
        strings.get("msgid_plural"),
        tuple(draft.plural[k] for k in sorted(draft.plural)),
        tuple(draft.tcomments),
        tuple(draft.xcomments),
        tuple(draft.refs),
        tuple(draft.flags),
        prev.get("msgctxt"),
        prev.get("msgid"),
        prev.get("msgid_plural"),
        bool(draft.obsolete),
    )
    raw = "\n".join(lines[draft.start : draft.end + 1]) + "\n"
    return Entry(*values, line=draft.keyword_line or draft.start + 1, raw=(raw, values))


def _duplicates(entries: list[Entry], path: str) -> list[Problem]:
    problems = []
    seen: dict[tuple[bool, str | None, str], int] = {}
    for entry in entries:
        key = (entry.obsolete, entry.msgctxt, entry.msgid)
        if key in seen:
            what = f"msgid {entry.msgid[:40]!r}" + (f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt else "")
            problems.append(
                Problem(
                    path,
                    entry.line,
                    1,
                    f"duplicate entry: {what} is already on line "
                    f"{seen[key]}; merge the two (msgcat --use-first) or delete one",
                )
            )
        else:
            seen[key] = entry.line
    return problems


# --- writing ------------------------------------------------------------------------------


def escape(text: str) -> str:
    """A string in PO syntax without the quotes."""
    return "".join("\\" + _ESCAPES[c] if c in _ESCAPES else c for c in text)


def wrap_string(prefix: str, name: str, value: str, width: int = PAGE_WIDTH) -> list[str]:
    """The lines gettext writes for one keyword and its string (write-po.c's ``wrap``)."""
    return list(_wrap_cached(prefix, name, value, width))


@functools.lru_cache(maxsize=65_536)
def _wrap_cached(prefix: str, name: str, value: str, width: int) -> tuple[str, ...]:
    # the same source text is wrapped once for every locale's PO file
    return tuple(_wrap(prefix, name, value, width))


def _wrap(prefix: str, name: str, value: str, width: int) -> list[str]:
    out: list[str] = []
    portions = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    after_break = len(prefix) + 1
    line_width = width - 1 - after_break
    first = True
    for number, portion in enumerate(portions):
        escaped: list[str] = []
        prohibited: list[bool] = []
        for ch in portion:
            if ch in _ESCAPES:
                escaped.extend(("\\", _ESCAPES[ch]))
                prohibited.extend((False, True))  # a break may come before an escape, not inside it
            else:
                escaped.append(ch)
                prohibited.append(False)
        if portion.endswith("\n"):
            prohibited[-2] = True  # gettext never breaks just before the closing "\n"
        text = "".join(escaped)
        more = number < len(portions) - 1
        start = len(prefix) + len(name) + 2 - after_break if first else 0
        breaks = width_breaks(text, line_width, start, prohibited)
        if first and text and (more or start > line_width or any(breaks)):
            out.append(f'{prefix}{name} ""')
            first = False
            breaks = width_breaks(text, line_width, 0, prohibited)
        pieces: list[str] = []
        begin = 0
        for i, brk in enumerate(breaks):
            if brk:
                pieces.append(text[begin:i])
                begin = i
        pieces.append(text[begin:])
        for k, piece in enumerate(pieces):
            lead = f"{prefix}{name} " if first and k == 0 else prefix
            out.append(f'{lead}"{piece}"')
        first = False
    return out


def _comment_lines(marker: str, comments: tuple[str, ...]) -> list[str]:
    out = []
    for comment in comments:
        for part in comment.split("\n"):
            out.append(marker + (" " + part if part else ""))
    return out


def _reference_lines(refs: tuple[str, ...]) -> list[str]:
    if not refs:
        return []
    lines = ["#:"]
    column = 2
    for ref in refs:
        size = len(ref.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append("#:")
            column = 2
        lines[-1] += " " + ref
        column += size
    return lines


def sorted_flags(flags: tuple[str, ...]) -> tuple[str, ...]:
    """Flags in the order gettext writes them (unknown flags last, in their own order)."""
    return tuple(sorted(dict.fromkeys(flags), key=lambda f: _FLAG_ORDER.get(f, 2000)))


def format_entry(entry: Entry) -> str:
    """One entry in msgcat's form (no blank line around it)."""
    lines: list[str] = []
    lines += _comment_lines("#", entry.translator_comments)
    lines += _comment_lines("#.", entry.extracted_comments)
    lines += _reference_lines(entry.references)
    flags = sorted_flags(entry.flags)
    first = entry.msgstr_plural[0] if entry.msgid_plural is not None and entry.msgstr_plural else entry.msgstr
    if not first:
        flags = tuple(f for f in flags if f != "fuzzy")  # gettext writes no fuzzy on an empty msgstr
    if flags:
        lines.append("#, " + ", ".join(flags))
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines += wrap_string(prev, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        lines += wrap_string(prev, "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        lines += wrap_string(prev, "msgid_plural", entry.previous_msgid_plural)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += wrap_string(prefix, "msgctxt", entry.msgctxt)
    lines += wrap_string(prefix, "msgid", entry.msgid)
    if entry.msgid_plural is not None:
        lines += wrap_string(prefix, "msgid_plural", entry.msgid_plural)
        for n, text in enumerate(entry.msgstr_plural or ("",)):
            lines += wrap_string(prefix, f"msgstr[{n}]", text)
    else:
        lines += wrap_string(prefix, "msgstr", entry.msgstr)
    return "\n".join(lines) + "\n"


def write_po(catalog: Catalog, keep_raw: bool = True) -> str:
    """The catalog as PO text. Entries read from a file and not changed keep their exact text."""
    blocks: list[str] = []
    for entry in (catalog.header, *catalog.entries):
        if entry.obsolete and not entry.has_text:
            continue  # msgcat drops obsolete entries that carry no translation
        if keep_raw and entry.raw is not None and entry.raw[1] == entry.values():
            blocks.append(entry.raw[0])
        else:
            blocks.append(format_entry(entry))
    return "\n".join(blocks)
