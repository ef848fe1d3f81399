"""Audio editions (Ogg Opus with chapters) and read-aloud EPUBs (Media Overlays), from the sample leaflet.

The sample is spoken in all six locales the speech engine covers, from the real PO files. Needs
eSpeak NG 1.51 and ffmpeg/ffprobe: skips loudly when they are missing, fails when CI is set.
EPUBCheck and DAISY Ace run on the read-aloud books in the tests marked ``validators``.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import io
import json
import math
import re
import struct
import subprocess
import wave
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, require_tool
from lxml import etree

from pipeline import model as m
from pipeline.locale_info import format_date
from pipeline.po.apply import translate_leaflet
from pipeline.po.workflow import read_catalog, ui_labels
from pipeline.reader import read_leaflet
from pipeline.settings import load_settings
from pipeline.ui_strings import english_labels
from pipeline.validate import ace_command, chromium_path, epubcheck_command, run_ace, run_epubcheck
from pipeline.writers.audio import (
    RecordingError,
    Rendered,
    Script,
    audio_tags,
    chapter_tags,
    encode_opus,
    recording_folder,
    recording_name,
    recording_plan,
    render_audio,
    render_edition,
    render_speech,
    speech_script,
)
from pipeline.writers.epub import zip_header_problems
from pipeline.writers.read_aloud import SMIL, render_read_aloud_epub, smil_clock
from pipeline.writers.speech import (
    SAMPLE_RATE,
    missing_tools,
    no_voice_reason,
    phonemes,
    speech_voice,
    synthetic_notice,
    voice_of,
)

LOCALES = ("en-GB", "cy", "pl", "es", "ar", "ur")
BOOK_LOCALES = ("en-GB", "cy", "ar")
SLUG = "sacroiliac-joint-injection"
OPF = "{http://www.idpf.org/2007/opf}"
SMIL_NS = "{http://www.w3.org/ns/SMIL}"


def _need_tools() -> None:
    require_tool("espeak-ng, ffmpeg and ffprobe", not missing_tools(), "apt-get install espeak-ng ffmpeg")


@pytest.fixture(scope="module")
def source() -> m.Leaflet:
    return read_leaflet(ROOT / "source" / f"{SLUG}.md", ROOT)


@pytest.fixture(scope="module")
def editions(source: m.Leaflet) -> dict[str, tuple[m.Leaflet, dict[str, str]]]:
    """The sample in every locale: the source, and each translation applied from its PO file."""
    settings = load_settings(ROOT)
    found = {"en-GB": (source, english_labels())}
    for locale in LOCALES[1:]:
        catalog = read_catalog(settings, ROOT / "locales" / locale / "LC_MESSAGES" / f"{SLUG}.po")
        found[locale] = (translate_leaflet(source, catalog, locale).leaflet, ui_labels(settings, locale))
    return found


class Outputs:
    """Each locale's render, audio file and read-aloud book, made once for the module."""

    def __init__(self, source: m.Leaflet, editions: dict[str, tuple[m.Leaflet, dict[str, str]]]) -> None:
        self.source, self.editions = source, editions
        self.made: dict[str, tuple[Rendered, bytes, bytes | None]] = {}

    def get(self, locale: str) -> tuple[Rendered, bytes, bytes | None]:
        _need_tools()
        require_tool(f"the eSpeak NG voice for {locale}", speech_voice(locale) is not None, no_voice_reason(locale))
        if locale not in self.made:
            leaflet, labels = self.editions[locale]
            kwargs: dict[str, Any] = {"source": self.source, "demonstration": locale != "en-GB"}
            rendered = render_edition(leaflet, locale, labels, ROOT, **kwargs)
            opus = render_audio(leaflet, locale, labels, ROOT, **kwargs)
            # the book right after the audio: it reuses the same render
            book = render_read_aloud_epub(leaflet, locale, labels, ROOT, **kwargs) if locale in BOOK_LOCALES else None
            self.made[locale] = (rendered, opus, book)
        return self.made[locale]


@pytest.fixture(scope="module")
def outputs(source: m.Leaflet, editions: dict[str, tuple[m.Leaflet, dict[str, str]]]) -> Outputs:
    return Outputs(source, editions)


def _probe(path: Path) -> dict[str, Any]:
    proc = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-show_streams", "-of", "json",
                           str(path)], capture_output=True, text=True, timeout=60, check=True)
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def _probe_bytes(data: bytes, tmp_path: Path, name: str = "edition.opus") -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(data)
    return _probe(path)


def _tags(probed: dict[str, Any]) -> dict[str, str]:
    tags = {**probed["format"].get("tags", {}), **probed["streams"][0].get("tags", {})}
    return {key.upper(): value for key, value in tags.items()}


# --- voices ----------------------------------------------------------------------------------


def test_every_locale_has_a_voice_and_a_notice_and_others_have_a_reason() -> None:
    _need_tools()
    assert speech_voice("en-GB") == "en-gb" and speech_voice("cy") == "cy" and speech_voice("ur") == "ur"
    for locale in LOCALES:
        notice = synthetic_notice(locale)
        assert (notice.strip() and notice != synthetic_notice("en-GB")) or locale == "en-GB"
        assert no_voice_reason(locale) == ""
    assert speech_voice("de") is None
    assert "voices.toml" in no_voice_reason("de")
    text = (ROOT / "pipeline" / "writers" / "voices.toml").read_text(encoding="utf-8")
    assert "UNREVIEWED DEMONSTRATIONS" in text


# --- the audio file ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_audio_edition_is_opus_with_a_chapter_per_section_title_and_language(
        locale: str, outputs: Outputs, editions: dict[str, tuple[m.Leaflet, dict[str, str]]], tmp_path: Path) -> None:
    rendered, opus, _book = outputs.get(locale)
    leaflet, labels = editions[locale]
    probed = _probe_bytes(opus, tmp_path, f"{SLUG}.{locale}.opus")
    assert probed["format"]["format_name"] == "ogg"
    assert [s["codec_name"] for s in probed["streams"]] == ["opus"]
    assert probed["streams"][0]["channels"] == 1
    assert float(probed["format"]["duration"]) > 30
    assert abs(float(probed["format"]["duration"]) - rendered.timeline.duration) < 0.1
    chapters = probed["chapters"]
    # the opening (notice, title, summary), one per section, and "Questions?" (contact and dates)
    assert len(chapters) == len(leaflet.sections) + 2
    titles = [c["tags"]["title"] for c in chapters]
    assert titles[1:-1] == [m.plain_text(s.heading) for s in leaflet.sections]
    assert titles[0] == leaflet.meta.title and titles[-1] == labels["contact"]
    starts = [float(c["start_time"]) for c in chapters]
    assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == len(starts)
    tags = _tags(probed)
    assert tags["TITLE"] == leaflet.meta.title
    assert tags["LANGUAGE"] == locale
    assert tags["ARTIST"] == leaflet.meta.organisation
    assert tags["COMMENT"] == synthetic_notice(locale)
    # ffprobe turns the chapter comments into chapters: read them as written, from the OpusTags packet
    comments = _opus_comments(opus)
    assert comments[:2] == [("CHAPTER001", "00:00:00.000"), ("CHAPTER001NAME", titles[0])]
    assert ("CHAPTER002NAME", titles[1]) in comments and ("LANGUAGE", locale) in comments


def _opus_comments(opus: bytes) -> list[tuple[str, str]]:
    """The chapter comments of an Ogg Opus file's OpusTags header (one page: it is small)."""
    at = opus.index(b"OpusTags") + 8
    vendor = struct.unpack("<I", opus[at : at + 4])[0]
    at += 4 + vendor
    count = struct.unpack("<I", opus[at : at + 4])[0]
    at += 4
    found = []
    for _ in range(count):
        size = struct.unpack("<I", opus[at : at + 4])[0]
        key, _, value = opus[at + 4 : at + 4 + size].decode("utf-8").partition("=")
        found.append((key, value))
        at += 4 + size
    return [(k, v) for k, v in found if k.startswith("CHAPTER")] + [(k, v) for k, v in found
                                                                   if not k.startswith("CHAPTER")]


@pytest.mark.parametrize("locale", LOCALES)
def test_it_starts_by_saying_the_voice_is_synthetic(locale: str, outputs: Outputs) -> None:
    rendered, _opus, _book = outputs.get(locale)
    first = rendered.script.segments[0]
    assert first.kind == "notice" and first.text == synthetic_notice(locale) and first.chapter == 0
    timeline = rendered.timeline
    assert timeline.starts[0] == 0
    said = (timeline.speech_ends[0] - timeline.starts[0]) / SAMPLE_RATE
    assert 1.0 < said < 10.0  # the first seconds are the notice
    assert [s.kind for s in rendered.script.segments[1:3]] == ["title", "summary"]


def _phone_part(script: Script) -> str:
    contact = next(s for s in script.segments if s.kind == "contact")
    return contact.parts[-1].ssml


def _tokens(text: str) -> list[str]:
    return text.split()  # eSpeak's phoneme words (":" marks a long sound, "_!" a pause)


@pytest.mark.parametrize("locale", LOCALES)
def test_phone_number_is_read_digit_by_digit(locale: str, outputs: Outputs) -> None:
    rendered, _opus, _book = outputs.get(locale)
    ssml = _phone_part(rendered.script)
    assert '0 1 2 3 4<break time="300ms"/>5 6 7<break time="300ms"/>8 9 0' in ssml
    # eSpeak says exactly the eleven digits, each as it says that digit alone (not "one thousand ...")
    voice = voice_of(locale)
    number = re.search(r"0 1 2 3 4.*8 9 0", ssml)
    assert number is not None
    said = _tokens(phonemes(voice, number.group(0)))
    one_by_one = [token for digit in "01234567890" for token in _tokens(phonemes(voice, digit))]
    # one word per digit, each the digit's own word (a neighbour may soften a sound: Spanish "dos" after "uno")
    assert len(said) == len(one_by_one) == 11
    assert all(difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.7
               for a, b in zip(said, one_by_one, strict=True)), (said, one_by_one)
    assert len(_tokens(phonemes(voice, "01234 567 890"))) != 11  # as a plain number it is not eleven words
    # and "111" (a service number, in the warning box) too
    if locale == "en-GB":
        box = next(s for s in rendered.script.segments if "111" in s.text)
        assert "1 1 1" in box.ssml
        assert _tokens(phonemes(voice, "1 1 1")) == _tokens(phonemes(voice, "1")) * 3


def test_numbers_and_dates_are_said_as_words(outputs: Outputs, source: m.Leaflet) -> None:
    rendered, _opus, _book = outputs.get("en-GB")
    voice = voice_of("en-GB")
    hours = next(s for s in rendered.script.segments if "24 hours" in s.text)
    assert "24 hours" in hours.ssml
    assert "tw'Enti" in phonemes(voice, "24 hours")  # "twenty-four", not "two four"
    assert _tokens(phonemes(voice, "24")) != _tokens(phonemes(voice, "2 4"))
    published = next(s for s in rendered.script.segments if s.kind == "date")
    assert published.parts[-1].text == format_date(source.meta.published, "en-GB") == "1 November 2026"
    assert published.parts[-1].ssml == "1st November 2026"
    assert "f'3:st" in phonemes(voice, published.parts[-1].ssml)  # "first November"
    pl_rendered, _opus, _book = outputs.get("pl")
    pl_date = next(s for s in pl_rendered.script.segments if s.kind == "date")
    assert pl_date.parts[-1].ssml.startswith("pierwszego listopada")


@pytest.mark.parametrize("locale", ["en-GB", "cy", "ar"])
def test_recordings_are_named_by_the_po_files_keys(locale: str, outputs: Outputs) -> None:
    rendered, _opus, _book = outputs.get(locale)
    template = read_catalog(load_settings(ROOT), ROOT / "locales" / f"{SLUG}.pot")
    keys = {entry.key for entry in template.entries}
    units = [p.key for s in rendered.script.segments for p in s.parts if p.key is not None]
    assert units and all(key in keys for key in units)
    plan = recording_plan(rendered.script)
    assert plan[0] == (hashlib.sha1(b"Sacroiliac joint injection").hexdigest(), rendered.script.segments[1].text)
    assert all(re.fullmatch(r"[0-9a-f]{40}", name) for name, _words in plan)


def test_two_renders_are_byte_identical(outputs: Outputs, source: m.Leaflet) -> None:
    rendered, opus, book = outputs.get("en-GB")
    # a second render from scratch: eSpeak and ffmpeg again, no cache
    again = render_speech(rendered.script, ROOT)
    assert again.pcm == rendered.timeline.pcm
    tags = audio_tags(source, "en-GB", synthetic_notice("en-GB")) + chapter_tags(rendered.script, again)
    assert encode_opus(again, tags) == opus
    assert render_read_aloud_epub(source, "en-GB", english_labels(), ROOT) == book
    assert struct.unpack("<I", opus[14:18])[0] == 1_279_608_652  # the fixed Ogg serial number
    assert b"Lavf5" not in opus and b"Lavc5" not in opus  # no encoder version: bitexact


# --- human recordings --------------------------------------------------------------------------


def _short(source: m.Leaflet) -> m.Leaflet:
    """The sample cut to its first two sections: a quicker render."""
    return dataclasses.replace(source, sections=source.sections[:2])


def _tone(path: Path, seconds: float, rate: int = 16000, channels: int = 2) -> None:
    frames = bytearray()
    for n in range(int(seconds * rate)):
        sample = int(8000 * math.sin(2 * math.pi * 440 * n / rate))
        frames += struct.pack("<h", sample) * channels
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


def _first_paragraph_name(script: Script) -> tuple[int, str]:
    index = next(i for i, s in enumerate(script.segments) if s.kind == "paragraph")
    key = script.segments[index].parts[0].key
    assert key is not None
    return index, recording_name(*key)


def test_a_recording_replaces_its_unit(source: m.Leaflet, tmp_path: Path) -> None:
    _need_tools()
    short = _short(source)
    labels = english_labels()
    plain = render_edition(short, "en-GB", labels, ROOT, tmp_path / "none")
    index, name = _first_paragraph_name(plain.script)
    folder = recording_folder(tmp_path / "recordings", "en-GB", SLUG)
    folder.mkdir(parents=True)
    _tone(folder / f"{name}.wav", 2.5)
    recorded = render_edition(short, "en-GB", labels, ROOT, tmp_path / "recordings")
    segment = recorded.script.segments[index]
    assert segment.recorded and segment.parts[0].recording == folder / f"{name}.wav"
    assert sum(s.recorded for s in recorded.script.segments) == 1
    assert not plain.script.segments[index].recorded
    assert recorded.script.unused_recordings == ()

    def said(r: Rendered) -> int:
        return r.timeline.speech_ends[index] - r.timeline.starts[index]

    assert abs(said(recorded) - 2.5 * SAMPLE_RATE) <= 2  # the recording, resampled to the speech's rate
    shift = (said(recorded) - said(plain)) / SAMPLE_RATE
    assert abs(recorded.timeline.duration - plain.timeline.duration - shift) < 0.001
    before = [float(c["start_time"]) for c in _probe_bytes(plain.opus, tmp_path, "a.opus")["chapters"]]
    after = [float(c["start_time"]) for c in _probe_bytes(recorded.opus, tmp_path, "b.opus")["chapters"]]
    # the paragraph is in the first section (chapter 2): the chapters after it move by the difference
    assert after[:2] == before[:2]
    assert all(abs(a - b - shift) < 0.002 for a, b in zip(after[2:], before[2:], strict=True))
    assert recorded.opus != plain.opus
    # a file no unit uses is reported, not spoken
    (folder / f"{'0' * 40}.wav").write_bytes((folder / f"{name}.wav").read_bytes())
    extra = speech_script(short, "en-GB", labels, ROOT, tmp_path / "recordings")
    assert extra.unused_recordings == (folder / f"{'0' * 40}.wav",)


def _bad_recording(source: m.Leaflet, tmp_path: Path, suffix: str, content: bytes | None) -> RecordingError:
    short = _short(source)
    script = speech_script(short, "en-GB", english_labels(), ROOT, tmp_path / "none")
    _index, name = _first_paragraph_name(script)
    folder = recording_folder(tmp_path / "recordings", "en-GB", SLUG)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}{suffix}"
    if content is None:  # a real FLAC file, named as something else
        flac = tmp_path / "tone.flac"
        _tone(tmp_path / "tone.wav", 0.5)
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(tmp_path / "tone.wav"), "-y", str(flac)],
                       check=True, timeout=60)
        content = flac.read_bytes()
    path.write_bytes(content)
    with pytest.raises(RecordingError) as caught:
        render_audio(short, "en-GB", english_labels(), ROOT, tmp_path / "recordings")
    assert caught.value.path == path
    assert str(path.name) in str(caught.value)
    return caught.value


def test_an_empty_recording_is_a_clear_error(source: m.Leaflet, tmp_path: Path) -> None:
    _need_tools()
    error = _bad_recording(source, tmp_path, ".wav", b"")
    assert "empty (0 bytes)" in str(error) and "record or export it again" in str(error)


def test_a_text_file_named_wav_is_a_clear_error(source: m.Leaflet, tmp_path: Path) -> None:
    _need_tools()
    error = _bad_recording(source, tmp_path, ".wav", b"this is not a recording\n")
    assert "not a readable WAV file" in str(error) and "export it again" in str(error)


def test_a_recording_in_another_format_than_its_name_is_a_clear_error(source: m.Leaflet, tmp_path: Path) -> None:
    _need_tools()
    error = _bad_recording(source, tmp_path, ".wav", None)
    assert "named '.wav' but holds flac" in str(error)
    error = _bad_recording(source, tmp_path / "mp3", ".mp3", b"ID3")
    assert "not '.mp3'" in str(error)


# --- the read-aloud EPUB -------------------------------------------------------------------------


def _book(outputs: Outputs, locale: str, tmp_path: Path) -> tuple[Rendered, bytes, Path]:
    rendered, _opus, book = outputs.get(locale)
    assert book is not None
    path = tmp_path / f"{SLUG}.{locale}.read-aloud.epub"
    path.write_bytes(book)
    return rendered, book, path


def _clock(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@pytest.mark.parametrize("locale", BOOK_LOCALES)
def test_read_aloud_book_has_media_overlays_that_match_its_text_and_audio(
        locale: str, outputs: Outputs, tmp_path: Path) -> None:
    rendered, book, _path = _book(outputs, locale, tmp_path)
    assert zip_header_problems(book) == []
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        assert z.namelist()[0] == "mimetype"
        names = set(z.namelist())
        opf = etree.fromstring(z.read("EPUB/package.opf"))
        smil = etree.fromstring(z.read(f"EPUB/{SMIL}"))
        content = etree.fromstring(z.read("EPUB/content.xhtml"))
        audio = {name: z.read(name) for name in names if name.endswith(".opus")}
    items = {item.get("href"): item for item in opf.iter(f"{OPF}item")}
    overlay = items[SMIL]
    assert overlay.get("media-type") == "application/smil+xml"
    assert items["content.xhtml"].get("media-overlay") == overlay.get("id")
    assert [items[n.removeprefix("EPUB/")].get("media-type") for n in audio] == ["audio/ogg; codecs=opus"]
    durations = {el.get("refines"): el.text for el in opf.iter(f"{OPF}meta") if el.get("property") == "media:duration"}
    assert durations == {f"#{overlay.get('id')}": smil_clock(rendered.timeline.duration),
                         None: smil_clock(rendered.timeline.duration)}
    props = [(el.get("property"), el.text) for el in opf.iter(f"{OPF}meta")]
    assert ("schema:accessMode", "auditory") in props
    assert ("schema:accessibilityFeature", "synchronizedAudioText") in props
    assert ("media:active-class", "leaflet-speaking") in props
    ids = {el.get("id"): el for el in content.iter() if el.get("id")}
    pars = list(smil.iter(f"{SMIL_NS}par"))
    assert len(pars) == len(rendered.script.segments)
    [sound] = audio.values()
    assert sound == outputs.get(locale)[1]  # the audio edition itself
    audio_length = float(_probe_bytes(sound, tmp_path)["format"]["duration"])
    last_end = 0.0
    for par, segment in zip(pars, rendered.script.segments, strict=True):
        text, clip = par.find(f"{SMIL_NS}text"), par.find(f"{SMIL_NS}audio")
        assert text is not None and clip is not None
        page, _, fragment = str(text.get("src")).partition("#")
        assert page == "content.xhtml" and fragment in ids
        words = re.sub(r"\s+", "", "".join(ids[fragment].itertext()))
        assert all(re.sub(r"\s+", "", p.text) in words for p in segment.parts if p.shown)
        assert f"EPUB/{clip.get('src')}" in audio
        begin, end = _clock(str(clip.get("clipBegin"))), _clock(str(clip.get("clipEnd")))
        assert last_end <= begin < end <= audio_length
        last_end = end
    first = ids[str(pars[0].find(f"{SMIL_NS}text").get("src")).partition("#")[2]]  # type: ignore[union-attr]
    assert first.get("class") == "synthetic-voice-notice" and "".join(first.itertext()) == synthetic_notice(locale)
    # tables and lists can be skipped whole
    assert {seq.get("{http://www.idpf.org/2007/ops}type") for seq in smil.iter(f"{SMIL_NS}seq")} >= {"table", "list"}


@pytest.mark.validators
@pytest.mark.parametrize("locale", BOOK_LOCALES)
def test_epubcheck_passes_the_read_aloud_book(locale: str, outputs: Outputs, tmp_path: Path) -> None:
    require_tool("EPUBCheck", epubcheck_command() is not None, "run .ci/install-validators.sh")
    _rendered, _book_bytes, path = _book(outputs, locale, tmp_path)
    assert run_epubcheck(path, path.name) == []


@pytest.mark.validators
@pytest.mark.parametrize("locale", BOOK_LOCALES)
def test_ace_passes_the_read_aloud_book(locale: str, outputs: Outputs, tmp_path: Path) -> None:
    require_tool("DAISY Ace", ace_command() is not None and chromium_path() is not None,
                 "run .ci/install-validators.sh")
    _rendered, _book_bytes, path = _book(outputs, locale, tmp_path)
    assert run_ace(path, path.name) == []



def _every_block(source: m.Leaflet) -> m.Leaflet:
    """A short leaflet with what the sample lacks: a picture, a nested list, a box with no title, an
    empty table cell and a level-3 section."""
    first = source.sections[0]
    nested = m.ListBlock(False, (m.ListItem((m.Text("Outer item"),), m.ListBlock(True, (
        m.ListItem((m.Text("Inner step"),)), m.ListItem((m.Text("Second inner step"),))))),))
    table = m.Table((m.TableCell((m.Text("Name"),)), m.TableCell((m.Text("Value"),))),
                    ((m.TableCell((m.Text("Dose"),)), m.TableCell(())),))
    blocks = (first.blocks[0], m.Image(m.Picture("doctor", "A doctor talking to you")), nested,
              m.Callout("note", (), (m.Paragraph((m.Text("A note with no title."),)),)), table)
    smaller = m.Section(3, (m.Text("A smaller heading"),), "a-smaller-heading", (m.Paragraph((m.Text("Under it."),)),))
    return dataclasses.replace(source, sections=(dataclasses.replace(first, blocks=blocks, easy_read=()), smaller))


@pytest.fixture(scope="module")
def every_block_book(source: m.Leaflet) -> tuple[Rendered, bytes]:
    _need_tools()
    leaflet = _every_block(source)
    rendered = render_edition(leaflet, "en-GB", english_labels(), ROOT, ROOT / "no-recordings")
    return rendered, render_read_aloud_epub(leaflet, "en-GB", english_labels(), ROOT, ROOT / "no-recordings")


def test_every_kind_of_block_is_spoken_and_highlighted(every_block_book: tuple[Rendered, bytes]) -> None:
    rendered, book = every_block_book
    script = rendered.script
    assert len(script.chapters) == 4 and script.chapters[2] == "A smaller heading"
    said = [(s.kind, s.text) for s in script.segments]
    assert ("picture", "A doctor talking to you") in said
    assert ("item", "Outer item") in said and ("item", "1. Inner step") in said
    assert ("box", "Note") in said and ("paragraph", "A note with no title.") in said
    assert ("cell", "Name Dose") in said and not any(k == "cell" and t.startswith("Value") for k, t in said)
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        smil = etree.fromstring(z.read(f"EPUB/{SMIL}"))
        content = etree.fromstring(z.read("EPUB/content.xhtml"))
        assert "EPUB/pictures/doctor.svg" in z.namelist()
    ids = {el.get("id"): el for el in content.iter() if el.get("id")}
    targets = [str(t.get("src")).partition("#")[2] for t in smil.iter(f"{SMIL_NS}text")]
    assert len(targets) == len(script.segments) and all(t in ids for t in targets)
    outer = ids[targets[[t for _k, t in said].index("Outer item")]]
    # the outer item's own words are highlighted apart from its nested steps
    assert etree.QName(outer).localname == "span" and "".join(outer.itertext()) == "Outer item"


@pytest.mark.validators
def test_epubcheck_and_ace_pass_a_book_with_every_kind_of_block(every_block_book: tuple[Rendered, bytes],
                                                              tmp_path: Path) -> None:
    require_tool("EPUBCheck", epubcheck_command() is not None, "run .ci/install-validators.sh")
    require_tool("DAISY Ace", ace_command() is not None and chromium_path() is not None,
                 "run .ci/install-validators.sh")
    path = tmp_path / "every-block.read-aloud.epub"
    path.write_bytes(every_block_book[1])
    assert run_epubcheck(path, path.name) == []
    assert run_ace(path, path.name) == []


def test_a_translations_recording_is_used_only_beside_the_words_it_recorded(
        source: m.Leaflet, editions: dict[str, tuple[m.Leaflet, dict[str, str]]], tmp_path: Path) -> None:
    """A Welsh recording is named by the English msgid, which stays when only the Welsh changes:
    its transcript says which words were recorded, so an old recording is never heard for new words."""
    _need_tools()
    welsh, labels = editions["cy"]
    short, short_source = _short(welsh), _short(source)
    plain = speech_script(short, "cy", labels, ROOT, tmp_path / "none", source=short_source)
    index, name = _first_paragraph_name(plain)
    words = plain.segments[index].parts[0].text
    folder = recording_folder(tmp_path / "recordings", "cy", SLUG)
    folder.mkdir(parents=True)
    _tone(folder / f"{name}.wav", 1.5)

    def recorded() -> bool:
        script = speech_script(short, "cy", labels, ROOT, tmp_path / "recordings", source=short_source)
        return script.segments[index].recorded

    assert not recorded()  # no transcript: not used
    (folder / f"{name}.txt").write_text(words + "\n", encoding="utf-8")
    assert recorded()
    (folder / f"{name}.txt").write_text("Hen eiriau a newidiodd wedyn.", encoding="utf-8")  # an older translation
    assert not recorded()
    script = speech_script(short, "cy", labels, ROOT, tmp_path / "recordings", source=short_source)
    assert folder / f"{name}.wav" in script.unused_recordings
