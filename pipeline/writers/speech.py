"""The speech engine: which eSpeak NG voice speaks a locale, text made ready to be heard, and synthesis.

Voices, speaking rates, pauses and the sentence every audio edition starts with ("this is a
computer voice") are data in ``voices.toml``. Text reaches eSpeak NG 1.51 as SSML (``espeak-ng
-m``), escaped, so a leaflet's words can never act as markup. What was measured on eSpeak NG 1.51
with its phoneme output (``espeak-ng -x``), and decided from it:

- A phone number is read digit by digit, in the groups it is written in: ``01234 567 890`` is
  spoken as ``0 1 2 3 4`` | ``5 6 7`` | ``8 9 0`` with a short ``<break>`` between groups (eSpeak
  says each lone digit as a word in the voice's language). ``<say-as interpret-as="characters">``
  is not used: 1.51 says "comma" inside a digit run and "dot" after it. A bare ``111`` would be
  "one hundred eleven"; as a service number it is "one one one", as people say it.
- Other numbers are left to the voice, which says them as words in its language ("24 hours" is
  "twenty-four hours", "1 in 10,000" is "one in ten thousand", "10 000" in Polish is "dziesięć
  tysięcy").
- Every Unicode digit becomes an ASCII digit first: the Urdu voice says nothing for ``۴``.
- Dates are written by babel in the locale (``format_date``), and the day is said the way a person
  says it where ``voices.toml`` gives the words ("1st November 2026": "first November").
- ``<emphasis>`` and ``<prosody>`` are not used: 1.51 breaks the sentence into single words.
- Latin-script words inside Arabic or Urdu text (``X-ray``) are read by eSpeak's English rules on
  its own (its phoneme output marks the switch).

Synthesis writes one WAV file per piece of speech, 16-bit mono at eSpeak's own 22 050 Hz, in a
temporary folder, and returns the samples; eSpeak's output is a pure function of voice, rate and
text, so two renders are identical.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import shutil
import subprocess
import tomllib
import unicodedata
import wave
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.locale_info import bcp47, format_date
from pipeline.writers.phones import find_phone_numbers

SAMPLE_RATE = 22050  # eSpeak NG's own rate: synthetic speech is never resampled before the encoder
SAMPLE_WIDTH = 2  # bytes: 16-bit signed PCM
ESPEAK_TIMEOUT = 120  # seconds for one piece of speech: a long paragraph takes well under one
_DIGIT_GROUP = re.compile(r"\d+")


class SpeechError(RuntimeError):
    """eSpeak NG failed or wrote something other than 16-bit mono WAV; the message says what to do."""


@dataclass(frozen=True)
class Voice:
    """One locale's voice from ``voices.toml``."""

    locale: str  # the code as BCP 47 writes it ("en-GB")
    name: str  # the eSpeak NG voice ("en-gb")
    rate: int  # words a minute
    notice: str  # the synthetic-voice sentence, in the locale's language
    day_words: tuple[str, ...] = ()


@functools.cache
def _table() -> dict[str, Any]:
    text = resources.files("pipeline.writers").joinpath("voices.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def pauses() -> dict[str, int]:
    """Milliseconds of silence after each kind of speech (``[pauses]`` in ``voices.toml``)."""
    return {key: int(value) for key, value in _table()["pauses"].items()}


def configured_voice(locale: str) -> Voice | None:
    """The voice ``voices.toml`` gives ``locale``: the exact tag, else the first of the same language
    (``en`` and ``en-US`` get the ``en-GB`` voice), or None."""
    voices: dict[str, dict[str, Any]] = _table()["voices"]
    code = bcp47(locale).lower()
    language = code.split("-")[0]
    key = next((k for k in voices if k.lower() == code), None) or \
        next((k for k in voices if k.lower().split("-")[0] == language), None)
    if key is None:
        return None
    entry = voices[key]
    return Voice(key, str(entry["voice"]), int(entry["rate"]), str(entry["notice"]),
                 tuple(str(word) for word in entry.get("day_words", ())))


def espeak_path() -> str | None:
    """The ``espeak-ng`` program, or None when it is not installed."""
    return shutil.which("espeak-ng")


@functools.cache
def installed_voices() -> frozenset[str]:
    """The voice names the installed eSpeak NG accepts for ``-v`` (empty when it is missing)."""
    program = espeak_path()
    if program is None:
        return frozenset()
    proc = subprocess.run([program, "--voices"], capture_output=True, text=True, timeout=60, check=False)
    names = set()
    for line in proc.stdout.splitlines()[1:]:  # "Pty Language Age/Gender VoiceName File Other"
        fields = line.split()
        if len(fields) >= 5:
            names.add(fields[1].lower())
            names.add(fields[4].split("/")[-1].lower())
    return frozenset(names)


@functools.cache
def _missing_tools() -> tuple[str, ...]:
    return tuple(name for name in ("espeak-ng", "ffmpeg", "ffprobe") if shutil.which(name) is None)


def missing_tools() -> list[str]:
    """The programs an audio edition needs that this machine lacks (eSpeak NG, ffmpeg, ffprobe).

    Looked up once per process: every piece of speech asks."""
    return list(_missing_tools())


def speech_voice(locale: str) -> str | None:
    """The eSpeak NG voice that speaks ``locale``, or None when its audio editions cannot be made here.

    None when ``voices.toml`` has no voice for the locale, or when eSpeak NG, that voice, ffmpeg or
    ffprobe is not installed; :func:`no_voice_reason` says which, for the build to show as it skips.
    """
    voice = configured_voice(locale)
    if voice is None or missing_tools() or voice.name.lower() not in installed_voices():
        return None
    return voice.name


def no_voice_reason(locale: str) -> str:
    """Why ``locale`` gets no audio edition (empty when :func:`speech_voice` finds a voice)."""
    voice = configured_voice(locale)
    if voice is None:
        return (f"no speech voice for '{bcp47(locale)}': add a [voices.{bcp47(locale)}] table to "
                "pipeline/writers/voices.toml naming an eSpeak NG voice (espeak-ng --voices lists them)")
    missing = missing_tools()
    if missing:
        return (f"the audio editions need {', '.join(missing)}, which this machine lacks: "
                "apt-get install espeak-ng ffmpeg")
    if voice.name.lower() not in installed_voices():
        return (f"the eSpeak NG voice '{voice.name}' for '{bcp47(locale)}' is not installed: install the "
                "espeak-ng-data package, or change the voice in pipeline/writers/voices.toml")
    return ""


def voice_of(locale: str) -> Voice:
    """The configured voice of a locale :func:`speech_voice` accepted; SpeechError otherwise."""
    voice = configured_voice(locale)
    if voice is None or speech_voice(locale) is None:
        raise SpeechError(no_voice_reason(locale))
    return voice


def synthetic_notice(locale: str) -> str:
    """The sentence an audio edition in ``locale`` starts with: the voice is a computer's."""
    voice = configured_voice(locale)
    if voice is None:
        raise SpeechError(no_voice_reason(locale))
    return voice.notice


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as an ASCII digit (eSpeak's Urdu voice is silent on ``۴``)."""
    return "".join(str(unicodedata.digit(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text)


def phone_ssml(number: str, gap_ms: int) -> str:
    """A written phone number as SSML that eSpeak reads digit by digit, one group at a time.

    ``+44 20 7946 0321`` becomes ``+ 4 4<break/>2 0<break/>...``: lone digits are said one by one,
    and the breaks keep the groups a listener writes down.
    """
    digits = ascii_digits(number)
    groups = [" ".join(group) for group in _DIGIT_GROUP.findall(digits)]
    plus = "+ " if digits.lstrip().startswith("+") else ""
    return plus + f'<break time="{gap_ms}ms"/>'.join(groups)


def to_ssml(text: str, gap_ms: int | None = None) -> str:
    """Plain text as an SSML fragment for eSpeak: escaped, phone numbers digit by digit, ASCII digits."""
    gap = pauses()["phone_group"] if gap_ms is None else gap_ms
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    out: list[str] = []
    pos = 0
    for start, end in find_phone_numbers(text):
        out.append(html.escape(ascii_digits(text[pos:start]), quote=False))
        out.append(f"<break time=\"{gap}ms\"/>{phone_ssml(text[start:end], gap)}<break time=\"{gap}ms\"/>")
        pos = end
    out.append(html.escape(ascii_digits(text[pos:]), quote=False))
    return " ".join("".join(out).split())


def spoken_date(date: dt.date, locale: str) -> str:
    """A date as a person says it: babel's long date in the locale, the day in words where known."""
    written = format_date(date, locale)
    voice = configured_voice(locale)
    if voice is None or len(voice.day_words) < date.day:
        return written
    # the day's number stands alone ("1 November 2026"), never inside the year ("2026")
    return re.sub(rf"(?<!\d){date.day}(?!\d)", voice.day_words[date.day - 1], written, count=1)


def speak_document(fragment: str) -> str:
    """The SSML document eSpeak reads for one fragment."""
    return f"<speak>{fragment}</speak>"


def _espeak(voice: Voice, fragment: str, *extra: str) -> subprocess.CompletedProcess[bytes]:
    program = espeak_path()
    if program is None:
        raise SpeechError("espeak-ng is not installed: apt-get install espeak-ng")
    # -m: SSML; -b 1: the text is UTF-8; the text is one argument, never a shell word
    command = [program, "-m", "-b", "1", "-v", voice.name, "-s", str(voice.rate), *extra,
               speak_document(fragment)]
    proc = subprocess.run(command, capture_output=True, timeout=ESPEAK_TIMEOUT, check=False)
    if proc.returncode != 0:
        said = proc.stderr.decode("utf-8", "replace").strip()[:300]
        raise SpeechError(f"espeak-ng (voice {voice.name}) failed with exit {proc.returncode}: {said}")
    return proc


def synthesize(voice: Voice, fragment: str, wav: Path) -> bytes:
    """The 16-bit mono PCM samples at :data:`SAMPLE_RATE` of one SSML fragment, through ``wav``."""
    _espeak(voice, fragment, "-w", str(wav))
    try:
        with wave.open(str(wav), "rb") as audio:
            shape = (audio.getnchannels(), audio.getsampwidth(), audio.getframerate())
            frames = audio.readframes(audio.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise SpeechError(f"espeak-ng (voice {voice.name}) wrote no readable WAV file: {exc}") from None
    if shape != (1, SAMPLE_WIDTH, SAMPLE_RATE):
        raise SpeechError(f"espeak-ng (voice {voice.name}) wrote {shape} (channels, bytes, Hz), not "
                          f"(1, {SAMPLE_WIDTH}, {SAMPLE_RATE}): install eSpeak NG 1.51")
    return frames


def phonemes(voice: Voice, fragment: str) -> str:
    """eSpeak's phoneme mnemonics for an SSML fragment (``espeak-ng -q -x``): what it would say."""
    return _espeak(voice, fragment, "-q", "-x").stdout.decode("utf-8", "replace")
