"""Audio editions: a leaflet read aloud, ``<id>.<locale>.opus`` (Ogg Opus), one chapter per section.

What is said, in order (:func:`speech_script`): the sentence that the voice is a computer's
(``voices.toml``), the title and summary, the demonstration or fallback notice when the edition
carries one, then every section: its heading, paragraphs, list items (numbered lists say each
number), pictures' descriptions, table cells row by row each after its column's heading, boxes
("Warning: Do not drive home") and glossary words with their meanings; last the contact line and
the dates, said as a person says them. Easy-read points are not spoken (they belong to the easy-read
edition). It is the order of the e-book's content document, so the read-aloud EPUB
(:mod:`pipeline.writers.read_aloud`) highlights each piece as it is spoken.

Chapters: the first is named by the leaflet's title (notice, title, summary), then one per section
named by its heading (level 3 sections too), then one named by the "Questions?" label (contact and
dates): ``len(leaflet.sections) + 2`` in all. They are Vorbis comments as the Xiph chapter
extension writes them, ``CHAPTER001=00:00:00.000`` and ``CHAPTER001NAME=...``, beside ``TITLE``,
``ARTIST`` and ``ORGANIZATION`` (the organisation), ``LANGUAGE`` (BCP 47), ``DATE`` (publication),
``VERSION``, ``DESCRIPTION`` (the summary) and ``COMMENT`` (the synthetic-voice sentence).

Encoding: the speech is built as 16-bit mono PCM at 22 050 Hz (eSpeak NG's rate) with fixed pauses
(``[pauses]`` in ``voices.toml``), then encoded once by ffmpeg's libopus: 24 kbit/s VBR, complexity
5 (half the encoding time of 10 for a few per cent more bytes, measured on the sample),
``application=voip`` (tuned for speech), 20 ms frames, 48 kHz mono. Byte-reproducible: ffmpeg's
``-fflags +bitexact -flags:a +bitexact`` (no version strings), a fixed Ogg serial number
(``-serial_offset``), no creation time and no clock anywhere; eSpeak's output depends only on voice,
rate and text. (libopus picks SIMD code by CPU at run time, so two different machines may differ in
the last bits; one machine, or CI's, always repeats itself.)

Human recordings
----------------
A person's recording replaces the computer voice for one unit wherever it exists::

    <recordings>/<locale>/<leaflet id>/<name>.wav | .flac | .ogg | .opus

- ``<recordings>`` is the project's ``recordings/`` folder unless the caller names another;
- ``<locale>`` is the locale as BCP 47 writes it (``en-GB``, ``cy``, ``ar``);
- ``<name>`` is the SHA-1, in 40 lower-case hex digits, of the unit's key in the PO files in UTF-8:
  ``msgctxt + "\\x04" + msgid`` when the unit has a msgctxt, else the ``msgid`` alone (the key
  gettext uses; :func:`recording_name`). The msgid is always the source language's text
  (``pipeline/po/units.py``), so a Welsh recording has the same name as the English one, in ``cy/``.
  :func:`recording_plan` lists every name with the words to read.

A unit is a heading, paragraph, list item, table cell, box title, glossary word or meaning, the
title, summary or contact line. Interface words ("Warning", "Questions?"), list numbers and dates
stay synthetic. Recordings are decoded by ffmpeg to the speech's rate and channel count; a WAV is
PCM, an ``.ogg`` or ``.opus`` file is Ogg holding Opus, Vorbis or FLAC. A recording that is empty,
not the format its name says, not readable, holds no sound, or has a twin with another extension
raises :class:`RecordingError` naming the file and what to do; a file no unit uses is listed in
``Script.unused_recordings`` (it may be of words that have since changed). When a unit's words
change its msgid changes, so an old recording is never used for new words. A translation can change
without its msgid: so a recording in a translated locale is used only beside its transcript,
``<name>.txt`` holding the words recorded, and only while they are the unit's translation now;
otherwise the computer voice reads the new words and the recording is listed as unused.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pipeline import model as m
from pipeline.locale_info import bcp47
from pipeline.po.units import easy_read_slots, walk
from pipeline.problems import InputError, Problem, shown_path
from pipeline.ui_strings import UI_STRINGS, Labels
from pipeline.writers.collation import sort_key
from pipeline.writers.html import label_fell_back
from pipeline.writers.provenance import Provenance, dates
from pipeline.writers.speech import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    SpeechError,
    pauses,
    speech_voice,
    spoken_date,
    synthesize,
    to_ssml,
    voice_of,
)

SegmentKind = Literal["notice", "title", "summary", "heading", "paragraph", "item", "picture", "cell", "box",
                      "term", "meaning", "contact", "date"]
# the extensions a recording may have, and the container ffprobe must find in each
RECORDING_FORMATS = {".wav": "wav", ".flac": "flac", ".ogg": "ogg", ".opus": "ogg"}
OGG_CODECS = frozenset({"opus", "vorbis", "flac"})
WAV_CODECS = re.compile(r"^pcm_")
_SHA1 = re.compile(r"^[0-9a-f]{40}$")
# encoder settings: fixed, so the same speech always gives the same bytes
OPUS_SETTINGS = ("-c:a", "libopus", "-b:a", "24k", "-vbr", "on", "-compression_level", "5",
                 "-application", "voip", "-frame_duration", "20", "-ar", "48000", "-ac", "1")
OGG_SERIAL = 1_279_608_652  # a fixed Ogg stream serial number ("LEAL"): no random one per run
FFMPEG_TIMEOUT = 600
FFPROBE_TIMEOUT = 60


class RecordingError(InputError):
    """A human recording cannot be used: empty, not the format its name says, or unreadable.

    ``path`` is the file; the message (a :class:`~pipeline.problems.Problem`) names it and says
    what to do. A subclass of ``InputError``, so the build reports it like any bad input.
    """

    def __init__(self, path: Path, shown: str, message: str) -> None:
        self.path = path
        super().__init__([Problem(shown, 0, 0, message)])


class ScriptError(RuntimeError):
    """The spoken script and the leaflet's translation units disagree (a bug, never bad input)."""


@dataclass(frozen=True)
class Part:
    """One piece of a spoken segment: a unit's words, or interface words, a number or a date.

    ``locale`` is the language whose voice says it (English for an untranslated interface word);
    ``key`` is the unit's (msgctxt, msgid) in the PO files, None for words that are not a unit;
    ``recording`` is the person's recording that replaces the voice; ``shown`` is False for words
    said but not written in the segment's element (a list's number, a date's label).
    """

    text: str
    ssml: str
    locale: str
    key: tuple[str | None, str] | None = None
    recording: Path | None = None
    shown: bool = True

    @property
    def recorded(self) -> bool:
        """True when a person's recording replaces the computer voice for this part."""
        return self.recording is not None


@dataclass(frozen=True)
class Segment:
    """One thing said: a heading, paragraph, list item, table cell ... (one element of the e-book).

    ``chapter`` indexes ``Script.chapters``; ``group`` names the table or list a cell or item
    belongs to ("table-1"), so a reader can skip the whole of it.
    """

    kind: SegmentKind
    parts: tuple[Part, ...]
    chapter: int
    group: str = ""

    @property
    def text(self) -> str:
        """The words said, as written."""
        return " ".join(part.text for part in self.parts)

    @property
    def ssml(self) -> str:
        """The SSML eSpeak reads for the whole segment (recorded parts included, for reference)."""
        return " ".join(part.ssml for part in self.parts)

    @property
    def recorded(self) -> bool:
        """True when any part is a person's recording."""
        return any(part.recorded for part in self.parts)


@dataclass(frozen=True)
class Script:
    """Everything an audio edition says, in order, in chapters."""

    locale: str
    chapters: tuple[str, ...]
    segments: tuple[Segment, ...]
    unused_recordings: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Timeline:
    """The rendered speech: PCM samples, where each segment and chapter starts, and the length.

    ``pcm`` is empty in a timeline taken from the render cache: the writers need only the times.
    """

    pcm: bytes = field(repr=False)
    starts: tuple[int, ...]  # the sample each segment starts at; it runs to the next one's start
    speech_ends: tuple[int, ...]  # the sample each segment's speech ends at (its pause follows)
    chapter_starts: tuple[int, ...]
    samples: int  # the length in samples
    sample_rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        """The length in seconds."""
        return self.samples / self.sample_rate

    def seconds(self, sample: int) -> float:
        """A sample position in seconds."""
        return sample / self.sample_rate


@dataclass(frozen=True)
class Rendered:
    """An edition's script, its speech and the Ogg Opus file's bytes (shared by both writers)."""

    script: Script
    timeline: Timeline
    opus: bytes = field(repr=False)


# --- recordings --------------------------------------------------------------------------


def recording_name(msgctxt: str | None, msgid: str) -> str:
    """The file name (without extension) of a unit's recording: SHA-1 of its gettext key in UTF-8."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()  # a name, not a security measure


def recording_folder(recordings: Path, locale: str, slug: str) -> Path:
    """Where the recordings of one leaflet in one locale live: ``<recordings>/<locale>/<id>``."""
    return recordings / bcp47(locale) / slug


@dataclass(frozen=True)
class Probe:
    """What ffprobe finds in a file: its container, audio codecs and length, or why it cannot read it."""

    container: frozenset[str] = frozenset()
    codecs: frozenset[str] = frozenset()
    duration: float | None = None
    error: str = ""


def probe(path: Path) -> Probe:
    """ffprobe's view of an audio file."""
    proc = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                           "format=format_name,duration:stream=codec_type,codec_name", "-of", "json", str(path)],
                          capture_output=True, text=True, timeout=FFPROBE_TIMEOUT, check=False)
    said = proc.stderr.strip().splitlines()
    if proc.returncode != 0:
        return Probe(error=said[-1] if said else f"ffprobe exit {proc.returncode}")
    data = json.loads(proc.stdout or "{}")
    fmt = data.get("format") or {}
    codecs = frozenset(str(s.get("codec_name", "")) for s in data.get("streams", []) if s.get("codec_type") == "audio")
    duration = fmt.get("duration")
    return Probe(frozenset(str(fmt.get("format_name", "")).split(",")) - {""}, codecs,
                 float(duration) if duration not in (None, "N/A") else None)


def check_recording(path: Path, root: Path | None = None) -> None:
    """RecordingError unless ``path`` is a non-empty audio file of the format its extension names."""
    shown = shown_path(path, root)
    extension = path.suffix.lower()
    wanted = RECORDING_FORMATS.get(extension)
    formats = "WAV (PCM), FLAC, or Ogg with Opus, Vorbis or FLAC (.ogg or .opus)"
    if wanted is None:
        raise RecordingError(path, shown, f"a recording must be {formats}, not '{extension or 'no extension'}': "
                             "convert it (ffmpeg -i in.mp3 out.flac) and name it <sha1>.flac")
    if path.stat().st_size == 0:
        raise RecordingError(path, shown, "the recording is empty (0 bytes): record or export it again, or delete "
                             "it so the computer voice reads this unit")
    info = probe(path)
    if info.error:
        raise RecordingError(path, shown, f"the recording is not a readable {wanted.upper()} file ({info.error}): "
                             f"export it again as {formats}, with the extension that format has")
    right_codec = (bool(info.codecs & OGG_CODECS) if wanted == "ogg" else
                   any(WAV_CODECS.match(c) for c in info.codecs) if wanted == "wav" else "flac" in info.codecs)
    if wanted not in info.container or not right_codec:
        container = ",".join(sorted(info.container)) or "no known format"
        held = f"{container} ({', '.join(sorted(info.codecs)) or 'no audio'})"
        raise RecordingError(path, shown, f"the recording is named '{extension}' but holds {held}: export it again "
                             f"as {formats}, with the extension that format has")
    if info.duration is not None and info.duration <= 0:
        raise RecordingError(path, shown, "the recording holds no sound (0 seconds): record it again, or delete it")


TRANSCRIPT = ".txt"


def transcript_matches(recording: Path, text: str) -> bool:
    """Whether a translation's recording was made of ``text``: its transcript (the same name,
    ``.txt``) holds the words recorded. A recording is named by the source's msgid, which does not
    change when only the translation does, so without this a patient would hear the old words.
    No transcript, or other words: the recording is not used (and is listed as unused)."""
    try:
        said = recording.with_suffix(TRANSCRIPT).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return unicodedata.normalize("NFC", " ".join(said.split())) == unicodedata.normalize("NFC", " ".join(text.split()))


def find_recordings(folder: Path | None, root: Path | None = None) -> dict[str, Path]:
    """The recordings in one leaflet's locale folder by name (SHA-1); every one is checked.

    Files not named by a SHA-1 are left for ``Script.unused_recordings``; two files of one name
    (``x.wav`` and ``x.flac``) are a RecordingError: which one is meant cannot be known.
    """
    found: dict[str, Path] = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or not _SHA1.match(path.stem.lower()) \
                or path.suffix.lower() == TRANSCRIPT:
            continue
        name = path.stem.lower()
        if name in found:
            raise RecordingError(path, shown_path(path, root), f"two recordings of one unit: "
                                 f"{found[name].name} and {path.name}: delete the one that is not meant")
        check_recording(path, root)
        found[name] = path
    return found


def _other_files(folder: Path | None, found: Mapping[str, Path]) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    known = set(found.values()) | {p.with_suffix(TRANSCRIPT) for p in found.values()}
    return [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".") and p not in known]


def decode_recording(path: Path, raw: Path, root: Path | None = None) -> bytes:
    """A recording as 16-bit mono PCM at the speech's rate (through ``raw``); RecordingError if silent."""
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path), "-map", "0:a:0",
               "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le", "-fflags", "+bitexact",
               "-flags:a", "+bitexact", "-f", "s16le", "-y", str(raw)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=FFMPEG_TIMEOUT, check=False)
    data = raw.read_bytes() if proc.returncode == 0 and raw.is_file() else b""
    if proc.returncode != 0:
        raise RecordingError(path, shown_path(path, root), f"ffmpeg cannot decode the recording "
                             f"({proc.stderr.strip()[-200:]}): export it again as WAV (PCM) or FLAC")
    if not data:
        raise RecordingError(path, shown_path(path, root), "the recording holds no sound: record it again, or "
                             "delete it so the computer voice reads this unit")
    return data


# --- the script ----------------------------------------------------------------------------


class _ScriptBuilder:
    """Walks the leaflet in the content document's order, taking units in ``walk``'s order."""

    def __init__(self, leaflet: m.Leaflet, locale: str, labels: Labels, source: m.Leaflet,
                 recordings: Mapping[str, Path], fallback: bool) -> None:
        self.leaflet, self.locale, self.labels = leaflet, locale, labels
        self.slots = list(walk(leaflet))
        source_slots = list(walk(source))
        if len(source_slots) != len(self.slots):
            raise ScriptError(f"the leaflet has {len(self.slots)} units and its source {len(source_slots)}: "
                              "pass the source leaflet this translation was made from")
        self.keys = [slot.unit.key for slot in source_slots]
        self.translated = bcp47(source.meta.locale) != bcp47(locale)
        self.same = [s.original == t.original for s, t in zip(source_slots, self.slots, strict=True)]
        self.source_locale = source.meta.locale if speech_voice(source.meta.locale) else locale
        self.recordings = recordings
        self.fallback = fallback
        self.used: set[str] = set()
        self.cursor = 0
        self.groups = 0
        self.chapters: list[str] = []
        self.segments: list[Segment] = []

    # units and words

    def unit(self, original: tuple[m.Inline, ...] | str) -> Part:
        index = self.cursor
        if index >= len(self.slots) or self.slots[index].original != original:
            raise ScriptError(f"unit {index} of the leaflet is not the one spoken next: the script's walk and "
                              "pipeline/po/units.py walk() disagree")
        self.cursor += 1
        text = original if isinstance(original, str) else m.plain_text(original)
        key = self.keys[index]
        locale = self.locale
        # in an edition that shows the source text for untranslated units (fallback), a unit left as
        # the source has it is read by the source language's voice; only in such an edition, and only
        # when it has several words: "Pelvis" in a Spanish glossary is a Spanish word
        if self.fallback and self.translated and self.same[index] and len(re.findall(r"[^\W\d_]+", text)) > 1:
            locale = self.source_locale
        recording = None
        if key[1].strip():
            name = recording_name(*key)
            recording = self.recordings.get(name)
            if recording is not None and self.translated and not transcript_matches(recording, text):
                recording = None  # a recording of an earlier translation: the computer reads the new words
            if recording is not None:
                self.used.add(name)
        return Part(text, to_ssml(text), locale, key, recording)

    def skip(self, count: int) -> None:
        self.cursor += count

    def label(self, key: str, shown: bool = True) -> Part:
        fell_back = label_fell_back(self.labels, key, self.locale)
        text = UI_STRINGS[key] if fell_back else self.labels[key]
        locale = "en" if fell_back and speech_voice("en") else self.locale  # English words, English voice
        return Part(text, to_ssml(text), locale, shown=shown)

    def words(self, text: str, spoken: str | None = None, shown: bool = True) -> Part:
        return Part(text, to_ssml(text if spoken is None else spoken), self.locale, shown=shown)

    def add(self, kind: SegmentKind, parts: list[Part], group: str = "") -> None:
        self.segments.append(Segment(kind, tuple(parts), len(self.chapters) - 1, group))

    def group(self, kind: str) -> str:
        self.groups += 1
        return f"{kind}-{self.groups}"

    # the leaflet

    def build(self, notice: str, demonstration: bool, fallback: bool, sort_glossary: bool) -> None:
        meta = self.leaflet.meta
        title, summary, contact = self.unit(meta.title), self.unit(meta.summary), self.unit(meta.contact)
        self.chapters.append(meta.title)
        self.add("notice", [self.words(notice)])
        self.add("title", [title])
        self.add("summary", [summary])
        if demonstration:
            self.add("notice", [self.label("demonstration_notice")])
        if fallback:
            self.add("notice", [self.label("fallback_notice")])
        for section in self.leaflet.sections:
            self.chapters.append(m.plain_text(section.heading))
            self.add("heading", [self.unit(section.heading)])
            self.blocks(section.blocks, sort_glossary)
            self.skip(len(list(easy_read_slots(section, ""))))  # easy read has its own edition
        closing = self.label("contact")
        self.chapters.append(closing.text)
        self.add("contact", [closing, contact])
        when = {"published": meta.published, "next_review": meta.review_due,
                "last_checked": meta.governance.last_reviewed}
        for key, _label, value in dates(meta, self.labels, self.locale, Provenance()):
            day = when.get(key)
            spoken = spoken_date(day, self.locale) if day is not None else value
            self.add("date", [self.label(key, shown=False), self.words(value, spoken)])
        if self.cursor != len(self.slots):
            raise ScriptError(f"{len(self.slots) - self.cursor} units of the leaflet were not spoken")

    def blocks(self, blocks: tuple[m.Block, ...], sort_glossary: bool, group: str = "") -> None:
        for block in blocks:
            if isinstance(block, m.Paragraph):
                self.add("paragraph", [self.unit(block.inlines)], group)
            elif isinstance(block, m.ListBlock):
                self.listing(block, self.group("list"))
            elif isinstance(block, m.Image):
                self.add("picture", [self.unit(block.picture.alt)], group)
            elif isinstance(block, m.Table):
                self.table(block)
            elif isinstance(block, m.Callout):
                self.add("box", [self.label(block.kind), *([self.unit(block.title)] if block.title else [])], group)
                self.blocks(tuple(block.blocks), sort_glossary, group)
            elif isinstance(block, m.Glossary):
                entries = [(entry.term, self.unit(entry.term), self.unit(entry.meaning)) for entry in block.entries]
                if sort_glossary:  # the page re-sorts a translation's glossary in its alphabet: so do we
                    entries.sort(key=lambda entry: sort_key(entry[0], self.locale))
                for _term, term, meaning in entries:
                    self.add("term", [term], group)
                    self.add("meaning", [meaning], group)

    def listing(self, block: m.ListBlock, group: str) -> None:
        for number, item in enumerate(block.items, start=1):
            words = self.unit(item.inlines)
            # a numbered list says each number: the page shows it, and steps are followed by number
            self.add("item", [self.words(f"{number}.", shown=False), words] if block.ordered else [words], group)
            if item.sublist is not None:
                self.listing(item.sublist, group)

    def table(self, table: m.Table) -> None:
        heads = [self.unit(cell.inlines) for cell in table.header]
        group = self.group("table")
        for row in table.rows:
            for index, cell in enumerate(row):
                words = self.unit(cell.inlines)
                if not words.text.strip():
                    continue  # an empty cell says nothing (and the book gives it no clip)
                # each cell after its column's name, as the page shows it on a phone
                head = heads[index] if index < len(heads) and heads[index].text.strip() else None
                self.add("cell", [head, words] if head else [words], group)


def speech_script(leaflet: m.Leaflet, locale: str, labels: Labels, root: Path, recordings: Path | None = None, *,
                  source: m.Leaflet | None = None, demonstration: bool = False, fallback: bool = False) -> Script:
    """Everything the audio edition of ``leaflet`` in ``locale`` says, in order; its first segment is the
    synthetic-voice notice.

    ``source`` is the leaflet in its source language when ``leaflet`` is a translation (its units'
    msgids name the recordings); ``recordings`` defaults to ``root / "recordings"``. Raises
    RecordingError for a recording that cannot be used, SpeechError when there is no voice.
    """
    voice = voice_of(locale)
    base = source or leaflet
    folder = recording_folder(root / "recordings" if recordings is None else recordings, locale, leaflet.meta.slug)
    found = find_recordings(folder, root)
    builder = _ScriptBuilder(leaflet, locale, labels, base, found, fallback)
    sort_glossary = bcp47(base.meta.locale) != bcp47(locale)
    builder.build(voice.notice, demonstration, fallback, sort_glossary)
    unused = [path for name, path in found.items() if name not in builder.used] + _other_files(folder, found)
    return Script(bcp47(locale), tuple(builder.chapters), tuple(builder.segments), tuple(sorted(unused)))


def recording_plan(script: Script) -> list[tuple[str, str]]:
    """(file name without extension, words to read) of every unit a person may record, in order."""
    plan: dict[str, str] = {}
    for segment in script.segments:
        for part in segment.parts:
            if part.key is not None and part.key[1].strip():
                plan.setdefault(recording_name(*part.key), part.text)
    return list(plan.items())


# --- speech and encoding ----------------------------------------------------------------------


def _silence(ms: int) -> bytes:
    return b"\x00" * (SAMPLE_WIDTH * (SAMPLE_RATE * ms // 1000))


def _pause_after(script: Script, index: int, gaps: Mapping[str, int]) -> int:
    segments = script.segments
    if index + 1 < len(segments) and segments[index + 1].chapter != segments[index].chapter:
        return gaps["chapter"]
    kind = segments[index].kind
    return gaps["heading"] if kind == "heading" else gaps["item"] if kind == "item" else gaps["segment"]


def render_speech(script: Script, root: Path | None = None) -> Timeline:
    """The script spoken: eSpeak NG once per distinct piece (in parallel), recordings decoded, joined
    with the fixed pauses. Raises RecordingError or SpeechError."""
    gaps = pauses()
    pieces: dict[tuple[str, ...], concurrent.futures.Future[bytes]] = {}
    with tempfile.TemporaryDirectory(prefix="leaflets-audio-") as folder, \
            concurrent.futures.ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as pool:
        base = Path(folder)
        for segment in script.segments:
            for part in segment.parts:
                key = _piece_key(part)
                if key in pieces:
                    continue
                out = base / f"{len(pieces)}.{'raw' if part.recording else 'wav'}"
                if part.recording is not None:
                    pieces[key] = pool.submit(decode_recording, part.recording, out, root)
                else:
                    pieces[key] = pool.submit(synthesize, voice_of(part.locale), part.ssml, out)
        pcm = bytearray()
        starts: list[int] = []
        ends: list[int] = []
        chapter_starts: list[int] = []
        for index, segment in enumerate(script.segments):
            starts.append(len(pcm) // SAMPLE_WIDTH)
            if segment.chapter == len(chapter_starts):
                chapter_starts.append(starts[-1])
            for number, part in enumerate(segment.parts):
                if number:
                    pcm += _silence(gaps["part"])
                pcm += pieces[_piece_key(part)].result()
            ends.append(len(pcm) // SAMPLE_WIDTH)
            pcm += _silence(_pause_after(script, index, gaps))
    return Timeline(bytes(pcm), tuple(starts), tuple(ends), tuple(chapter_starts), len(pcm) // SAMPLE_WIDTH)


def _piece_key(part: Part) -> tuple[str, ...]:
    if part.recording is not None:
        return ("recording", str(part.recording))
    voice = voice_of(part.locale)
    return ("espeak", voice.name, str(voice.rate), part.ssml)


def clock(seconds: float) -> str:
    """``HH:MM:SS.mmm``, as the chapter comments write a time."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def audio_tags(leaflet: m.Leaflet, locale: str, notice: str) -> list[tuple[str, str]]:
    """The Vorbis comments of an audio edition (chapters apart), in a fixed order."""
    meta = leaflet.meta
    return [("TITLE", meta.title), ("ARTIST", meta.organisation), ("ORGANIZATION", meta.organisation),
            ("LANGUAGE", bcp47(locale)), ("DATE", meta.published.isoformat()), ("VERSION", meta.version),
            ("DESCRIPTION", meta.summary), ("COMMENT", notice)]


def chapter_tags(script: Script, timeline: Timeline) -> list[tuple[str, str]]:
    """``CHAPTER001=00:00:00.000`` and ``CHAPTER001NAME=...`` for every chapter (Xiph chapter extension)."""
    if len(script.chapters) > 999:
        raise ScriptError("more than 999 chapters: the Vorbis chapter comments number them with three digits")
    tags: list[tuple[str, str]] = []
    for number, (title, start) in enumerate(zip(script.chapters, timeline.chapter_starts, strict=True), start=1):
        tags.append((f"CHAPTER{number:03d}", clock(timeline.seconds(start))))
        tags.append((f"CHAPTER{number:03d}NAME", " ".join(title.split())))
    return tags


def _ffmetadata(tags: list[tuple[str, str]]) -> str:
    def escape(value: str) -> str:
        # ffmetadata escapes '=', ';', '#', '\' and line breaks with a backslash
        return re.sub(r"([=;#\\\n])", r"\\\1", value)

    return ";FFMETADATA1\n" + "".join(f"{escape(key)}={escape(value)}\n" for key, value in tags)


def encode_opus(timeline: Timeline, tags: list[tuple[str, str]]) -> bytes:
    """The speech as Ogg Opus with ``tags`` as its Vorbis comments, byte-reproducible (see the module)."""
    with tempfile.TemporaryDirectory(prefix="leaflets-opus-") as folder:
        base = Path(folder)
        (base / "speech.raw").write_bytes(timeline.pcm)
        (base / "tags.txt").write_text(_ffmetadata(tags), encoding="utf-8")
        command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                   "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", str(base / "speech.raw"),
                   "-f", "ffmetadata", "-i", str(base / "tags.txt"),
                   # the comments come from the tags file; chapters are in them, never a second time
                   "-map", "0:a", "-map_metadata", "1", "-map_chapters", "-1", *OPUS_SETTINGS,
                   "-fflags", "+bitexact", "-flags:a", "+bitexact", "-serial_offset", str(OGG_SERIAL),
                   "-f", "ogg", "-y", str(base / "speech.opus")]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=FFMPEG_TIMEOUT, check=False)
        if proc.returncode != 0:
            raise SpeechError(f"ffmpeg could not encode the audio edition (exit {proc.returncode}): "
                              f"{proc.stderr.strip()[-300:]}; install ffmpeg with libopus (apt-get install ffmpeg)")
        return (base / "speech.opus").read_bytes()


_CACHE: OrderedDict[str, Rendered] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16  # an edition's audio file and read-aloud book share one render (a few MB each: no PCM kept)


def _fingerprint(script: Script, tags: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([tags, pauses(), list(script.chapters)], ensure_ascii=False).encode("utf-8"))
    for segment in script.segments:
        for part in segment.parts:
            digest.update(json.dumps([segment.kind, segment.chapter, *_piece_key(part)]).encode("utf-8"))
            if part.recording is not None:
                digest.update(hashlib.sha256(part.recording.read_bytes()).digest())
    return digest.hexdigest()


def render_edition(leaflet: m.Leaflet, locale: str, labels: Labels, root: Path, recordings: Path | None = None, *,
                   source: m.Leaflet | None = None, demonstration: bool = False, fallback: bool = False) -> Rendered:
    """The script, speech and Ogg Opus bytes of one audio edition (made once for both writers)."""
    script = speech_script(leaflet, locale, labels, root, recordings, source=source, demonstration=demonstration,
                           fallback=fallback)
    tags = audio_tags(leaflet, locale, script.segments[0].text)
    key = _fingerprint(script, tags)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            # the same speech, times and bytes; this call's own script (its written words may differ)
            return replace(_CACHE[key], script=script)
    timeline = render_speech(script, root)
    rendered = Rendered(script, timeline, encode_opus(timeline, tags + chapter_tags(script, timeline)))
    with _CACHE_LOCK:
        _CACHE[key] = replace(rendered, timeline=replace(timeline, pcm=b""))
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return rendered


def render_audio(leaflet: m.Leaflet, locale: str, labels: Labels, root: Path, recordings: Path | None = None, *,
                 source: m.Leaflet | None = None, demonstration: bool = False, fallback: bool = False) -> bytes:
    """The audio edition ``<id>.<locale>.opus``: Ogg Opus bytes, one chapter per section.

    ``labels`` are the edition's interface words; ``root`` the project folder; ``recordings`` the
    human recordings' folder (default ``root / "recordings"``, see the module); ``source`` the
    source-language leaflet of a translation (it names the recordings); ``demonstration`` and
    ``fallback`` add the notices the edition's page shows. Call :func:`~pipeline.writers.speech.speech_voice`
    first: SpeechError when the locale has no voice, RecordingError for an unusable recording.
    """
    return render_edition(leaflet, locale, labels, root, recordings, source=source, demonstration=demonstration,
                          fallback=fallback).opus
