"""Deterministic generator of a synthetic leaflet catalogue for the benchmark.

``python bench/generate.py OUT --leaflets 100 --locales 6 --seed 1`` writes a self-contained
project folder::

    OUT/pyproject.toml        [tool.leaflets] locales = the K locales
    OUT/source/<slug>.md      N leaflets of about 900 words, in the project's source format
    OUT/locales/...           POT files and fully translated PO files for every leaflet and locale
    OUT/bench-manifest.json   what was generated and how the PO files were made

The PO files are made the way a team would make them: the project's own ``leaflets extract``
and ``leaflets init <locale>``, then every msgstr filled with a deterministic pseudo-translation
(a per-locale word substitution that keeps numbers, links, placeholders and Markdown intact).
polib is used only to fill msgstr; ``msgcat`` then rewrites each file the way PO editors do, so
the files start out in gettext's own layout. When ``extract`` or ``init`` do not exist yet, the
generator writes the POT and PO files itself from its own list of units and says so in the
manifest and on stderr ("fallback").

Same seed and same arguments give a byte-identical catalogue (the project's commands run with a
fixed ``SOURCE_DATE_EPOCH``). The leaflets are built from a structured model (``Leaflet``) so the
benchmark can render the very same content for the peers (MyST for Sphinx, pandoc Markdown) and
apply a reproducible 5% edit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

# A fixed epoch (2026-11-01) so that anything the project's commands stamp is reproducible.
SOURCE_DATE_EPOCH = "1793491200"

# Translation locales in the order they are taken: the hard cases first (Welsh plurals,
# Polish, Spanish, two right-to-left scripts), then common UK community languages.
LOCALE_POOL = ("cy", "pl", "es", "ar", "ur", "fr", "de", "pt", "ro", "it", "tr", "nl", "bn", "so")

# Picture concepts exactly as the sample leaflet's easy-read points use them (concept -> alt text),
# so every generated picture is one the build's concept map knows.
CONCEPTS: dict[str, str] = {
    "back-pain": "A person holding their lower back",
    "injection": "A syringe with a needle",
    "doctor": "A doctor",
    "feel-better": "A face with a smile",
    "talk": "Two people talking",
    "consent": "A pen signing a form",
    "medicines": "Pills",
    "pregnant": "A pregnant woman",
    "travel": "An aeroplane",
    "glasses": "A pair of glasses",
    "list": "A list on a clipboard",
    "friend": "A person who will take you home",
    "nurse": "A nurse",
    "x-ray": "An X-ray picture",
    "speak-up": "A hand raised",
    "rest": "A bed",
    "no-driving": "A car with a cross over it",
    "24-hours": "A clock",
    "phone": "A phone",
    "no-alcohol": "A glass of beer with a cross over it",
    "work": "A person at work",
    "sore": "A bandage",
    "infection": "A thermometer",
    "keep-dry": "A drop of water with a cross over it",
    "walk": "A person walking",
    "swim": "A person swimming",
    "slowly": "A snail",
    "letter": "A letter",
    "clinic": "A hospital",
    "words": "A book",
}

# --- the structured leaflet ----------------------------------------------------------------


@dataclass
class Para:
    """A paragraph."""

    text: str


@dataclass
class Items:
    """A bullet or numbered list of one-line items."""

    items: list[str]
    ordered: bool = False


@dataclass
class Table:
    """A simple table: a header row and body rows."""

    header: list[str]
    rows: list[list[str]]


@dataclass
class Box:
    """A ``::: warning`` call-out with a title and paragraphs or lists."""

    title: str
    blocks: list[Para | Items]


Block = Para | Items | Table | Box


@dataclass
class Point:
    """One easy-read point: a picture concept and one or two short sentences."""

    concept: str
    text: str


@dataclass
class Section:
    """A ``##`` section, its blocks and its easy-read points."""

    heading: str
    blocks: list[Block]
    points: list[Point]
    glossary: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Leaflet:
    """Everything one generated leaflet says, in the order it says it."""

    slug: str
    title: str
    summary: str
    organisation: str
    version: str
    published: dt.date
    contact: str
    sections: list[Section]

    @property
    def review_due(self) -> dt.date:
        """Three years after publication, as the sample leaflet does."""
        return self.published.replace(year=self.published.year + 3)


# --- content pools -------------------------------------------------------------------------

SITES = (
    "knee",
    "hip",
    "shoulder",
    "elbow",
    "wrist",
    "ankle",
    "neck",
    "lower back",
    "hand",
    "foot",
    "thumb",
    "jaw",
)
PROCEDURES = (  # (name pattern, what it is, the medicine or tool it uses)
    ("{site} joint injection", "an injection of medicine into the joint in your {site}", "a needle"),
    ("{site} nerve block", "an injection that numbs the nerves that carry pain from your {site}", "a needle"),
    ("{site} ultrasound scan", "a scan that uses sound waves to look inside your {site}", "a probe"),
    ("{site} MRI scan", "a scan that uses a strong magnet to take pictures of your {site}", "a scanner"),
    ("{site} keyhole surgery", "a small operation on your {site} through tiny cuts", "a thin camera"),
    ("{site} joint wash-out", "a wash of the joint in your {site} with a clean liquid", "a needle"),
    ("{site} fracture clinic visit", "a visit to check a broken bone in your {site}", "an X-ray"),
    ("{site} steroid injection", "an injection of steroid medicine near your {site}", "a needle"),
    (
        "{site} radiofrequency treatment",
        "a treatment that uses heat to calm a painful nerve in your {site}",
        "a thin probe",
    ),
    ("{site} splint fitting", "a visit to fit a splint that supports your {site}", "a splint"),
)
ORGANISATIONS = (
    "Riverside Pain Clinic",
    "Northgate Hospital",
    "Hillview Orthopaedic Centre",
    "Eastbrook Community Hospital",
    "Lakeside Day Surgery Unit",
)
TEAMS = (
    "the pain clinic",
    "the day surgery unit",
    "the outpatient clinic",
    "the orthopaedic team",
    "the nurse helpline",
)

WHAT = (
    "Your {site} has bones, muscles and soft tissue that help you move.",
    "A {proc} is {what}.",
    "It is done with {tool}, and it usually takes about {minutes} minutes.",
    "Most people have a {proc} as a day case, so you go home the same day.",
    "Wear and tear, swelling or an injury can make your {site} hurt.",
    "The team does hundreds of these every year.",
    "You will be awake for it, and you can talk to the team at any time.",
    "The doctor will explain each step before they do it.",
)
WHY = (
    "A {proc} can help us find out what is causing your pain.",
    "It can also treat the pain in your {site} for a while.",
    "You might have it when simpler treatments have not helped.",
    "Some people get good relief for {weeks} weeks or longer.",
    "The {proc} is not a cure. You will usually have other treatment too.",
    "Exercises with a physiotherapist often help more after a {proc}.",
    "If it does not help, your doctor will talk to you about other choices.",
)
DECIDE = (
    "Your doctor will talk to you about other treatments first.",
    "You decide together if a {proc} is right for you.",
    "Ask your doctor how likely it is to help you.",
    "We need your agreement (consent) before the {proc}.",
    "You can change your mind at any time, even on the day.",
    "Bring someone with you if you would like help to decide.",
)
TELL = (
    "you have an infection anywhere in your body or on the skin of your {site}",
    "you take medicine to stop blood clots (blood thinners), such as warfarin or clopidogrel",
    "you have diabetes, as some medicines can raise your blood sugar",
    "you have any allergies, for example to plasters or to iodine",
    "you are pregnant or could be pregnant",
    "you plan to fly or travel abroad in the {days} days after the {proc}",
    "you have a pacemaker or any metal in your body",
    "you had a bad reaction to a numbing medicine before",
)
BEFORE = (
    "Bring your glasses if you need them to read.",
    "Bring a list of all the medicines you take.",
    "Take your medicines as usual on the day.",
    "Ask someone to take you home.",
    "Wear loose clothes that are easy to take off.",
    "Do not wear jewellery or make-up on the day.",
    "Have a light meal up to {hours} hours before you come in.",
)
DAY = (
    "A nurse checks your blood pressure and pulse.",
    "A nurse may put a small tube (cannula) in the back of your hand.",
    "You lie down, and the team helps you get into the right position.",
    "The doctor cleans the skin of your {site} with a liquid that kills germs (antiseptic).",
    "The doctor uses {tool} to reach the right place.",
    "The doctor numbs your skin. This stings for a moment.",
    "The doctor does the {proc}. You may feel pressure or pushing.",
    "The team puts a small plaster on your {site}.",
)
AFTER = (
    "We take you to a room where you can rest for about {minutes} minutes.",
    "A nurse watches how you are and may check your blood pressure again.",
    "We help you stand up when you are ready, so you do not fall.",
    "You can have a drink and a snack before you go.",
    "Your {site} may feel numb or heavy for a few hours.",
)
HOME_LIST = (
    "try to have someone stay with you",
    "keep a phone near you",
    "do not drive or use machines",
    "do not sign legal papers",
    "do not drink alcohol",
    "do not look after children on your own",
)
WORK = (
    "When you can go back to work depends on you and the job you do.",
    "Most people go back to work after {days} days.",
    "If your job is heavy, you may need {weeks} weeks off.",
    "Ask your doctor what is right for you.",
)
EFFECTS = (
    ("Soreness or a bruise on your {site}", "Common", "It usually gets better in the first few days."),
    ("A hot flush or a red face", "Common", "It goes away in a day or two."),
    ("Numb or weak {site} for a few hours", "Uncommon", "It wears off in a few hours."),
    ("Infection where the needle went in", "Rare", "You may need medicine to treat it (antibiotics)."),
    ("Bleeding under the skin", "Rare", "Press on the plaster for {minutes} minutes."),
    (
        "Serious damage to a nerve",
        "Very rare: fewer than 1 in {tenk}",
        "There are important nerves near your {site}.",
    ),
)
HELP = (
    "the skin of your {site} is red, hot and sore",
    "you feel hot and unwell",
    "you have new weakness or numbness",
    "the pain gets much worse and painkillers do not help",
)
DAYS_AFTER = (
    "Your {site} may feel sore or ache for a few days.",
    "Keep the plaster dry for {hours} hours after the {proc}.",
    "Your pain may get worse for a few days. This is common, and it is not a cause for worry.",
    "Take your usual painkillers and other medicines as normal.",
    "Keep moving around your home. Do not do anything too hard.",
    "You can take the plaster off after {days} days.",
)
WEEKS = (
    "As your pain gets better, slowly do more exercise.",
    "Good things to try are:",
    "These make the muscles around your {site} stronger. Do a little more each time.",
    "On a good day, try not to do too much.",
)
EXERCISE = (
    "a short walk every day",
    "an exercise bike",
    "swimming",
    "gentle stretches",
    "yoga for beginners",
)
FOLLOW = (
    "We will send you a letter with the date of your follow-up appointment.",
    "It is usually at the clinic, about {weeks} weeks after the {proc}.",
    "Sometimes we call you on the phone instead.",
    "You can read more on [the NHS website](https://www.nhs.uk/conditions/).",
)
EXTRA = (  # extra sentences to bring each leaflet to about 900 words
    "Ask us if anything in this leaflet is not clear.",
    "You can ask for this leaflet in large print or in another language.",
    "Write down any questions you have and bring them with you.",
    "If you cannot come, please call us so we can give your slot to someone else.",
    "We will always explain what we are doing and why.",
    "You can bring a friend or relative with you to the appointment.",
    "Tell us if you need an interpreter. We can book one for free.",
    "Parking near the clinic is limited, so leave extra time.",
    "Most people say the {proc} was easier than they expected.",
    "You can stop the {proc} at any time by telling the doctor.",
    "Keep this leaflet so you can read it again at home.",
    "Your GP will get a letter about your {proc}.",
)
GLOSSARY = (
    ("Antiseptic", "A liquid or spray that kills germs on your skin."),
    ("Blood thinners", "Medicines that stop blood clots from forming."),
    ("Cannula", "A small, soft tube put into a vein, usually in your hand."),
    ("Consent", "Saying yes to a treatment after you understand it."),
    ("Local anaesthetic", "A medicine that numbs one part of your body for a short time."),
    ("Physiotherapist", "A health worker who helps you move better with exercises."),
    ("Steroid", "A medicine that brings down swelling and can ease pain."),
    ("X-ray", "A picture of the inside of your body."),
    ("Ultrasound", "A scan that uses sound waves to make a picture."),
    ("Day case", "You come in and go home on the same day."),
)
POINTS: dict[str, tuple[tuple[str, str], ...]] = {  # section key -> (concept, text) choices
    "what": (
        ("back-pain", "This is about pain in your {site}."),
        ("injection", "A doctor gives you medicine."),
        ("doctor", "A doctor does this for you."),
    ),
    "why": (
        ("doctor", "It can help your doctor find out why you hurt."),
        ("feel-better", "It may help your pain for a while. It is not a cure."),
    ),
    "decide": (
        ("talk", "You and your doctor decide together."),
        ("consent", "You say yes before you have it."),
    ),
    "tell": (
        ("medicines", "Tell your doctor about all your medicines."),
        ("pregnant", "Tell your doctor if you might be pregnant."),
        ("travel", "Tell your doctor if you will fly soon."),
    ),
    "before": (
        ("glasses", "Bring your glasses."),
        ("list", "Bring a list of your medicines."),
        ("friend", "Ask someone to take you home."),
    ),
    "day": (
        ("nurse", "A nurse checks your blood pressure."),
        ("x-ray", "The doctor may use an X-ray to see inside."),
        ("speak-up", "Tell the doctor if it hurts."),
    ),
    "after": (("rest", "You rest for a short time after."), ("nurse", "A nurse checks that you are well.")),
    "home": (
        ("no-driving", "Do not drive home. Someone must take you home."),
        ("24-hours", "Have someone with you for {hours} hours."),
        ("no-alcohol", "Do not drink alcohol until you feel well."),
    ),
    "work": (("work", "Ask your doctor when you can go back to work."),),
    "effects": (
        ("sore", "Your {site} may be sore for a few days."),
        ("infection", "If you feel hot and unwell, get help now."),
        ("phone", "Call the clinic or your GP. At night, call 111."),
    ),
    "days": (
        ("keep-dry", "Keep the plaster dry for {hours} hours."),
        ("medicines", "Take your usual painkillers."),
        ("walk", "Move around your home gently."),
    ),
    "weeks": (
        ("walk", "Go for a short walk every day."),
        ("swim", "Swimming can help."),
        ("slowly", "Do a bit more each week. Go slowly."),
    ),
    "follow": (("letter", "We will send you a letter."), ("clinic", "You will see the team again.")),
    "words": (("words", "These words are explained in the main leaflet."),),
}

TARGET_WORDS = 900
WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Writer:
    """Fills one leaflet's sentence templates from a seeded random source."""

    def __init__(self, rng: random.Random, slots: dict[str, str]) -> None:
        self.rng = rng
        self.slots = slots

    def fill(self, template: str) -> str:
        return template.format(**self.slots)

    def pick(self, pool: tuple[str, ...], low: int, high: int) -> list[str]:
        """Between ``low`` and ``high`` distinct templates, kept in pool order (it reads better)."""
        count = min(len(pool), self.rng.randint(low, high))
        chosen = sorted(self.rng.sample(range(len(pool)), count))
        return [self.fill(pool[i]) for i in chosen]

    def paras(self, pool: tuple[str, ...], count: int) -> list[Para]:
        """``count`` paragraphs of two or three sentences from ``pool``."""
        sentences = self.pick(pool, min(len(pool), count + 1), min(len(pool), 2 * count))
        size = max(1, len(sentences) // count)
        return [Para(" ".join(sentences[i : i + size])) for i in range(0, len(sentences), size)]

    def points(self, key: str, low: int = 1, high: int = 3) -> list[Point]:
        pool = POINTS[key]
        count = min(len(pool), self.rng.randint(low, high))
        return [
            Point(c, self.fill(t))
            for c, t in (pool[i] for i in sorted(self.rng.sample(range(len(pool)), count)))
        ]


def make_leaflet(index: int, rng: random.Random) -> Leaflet:
    """One leaflet: a procedure at a body site, written from the pools to about 900 words."""
    pattern, what, tool = PROCEDURES[index % len(PROCEDURES)]
    site = SITES[(index // len(PROCEDURES)) % len(SITES)]
    rounds = index // (len(PROCEDURES) * len(SITES))
    proc = pattern.format(site=site)
    slug = _slugify(proc) + (f"-{rounds + 1}" if rounds else "")
    team = rng.choice(TEAMS)
    slots = {
        "site": site,
        "proc": proc,
        "what": what.format(site=site),
        "tool": tool,
        "team": team,
        "minutes": str(rng.choice((10, 15, 20, 30, 45))),
        "hours": str(rng.choice((12, 24, 48))),
        "days": str(rng.choice((2, 3, 5, 7))),
        "weeks": str(rng.choice((2, 4, 6, 8, 12))),
        "tenk": rng.choice(("1,000", "10,000", "20,000")),
    }
    w = _Writer(rng, slots)
    number = f"{rng.randint(1000, 9999):04d}"
    contact = (
        f"Call {team} on [01234 56{number[:1]} {number[1:]}](tel:+4412345{number[:1]}{number[1:]}), "
        "Monday to Friday, 9am to 5pm."
    )
    effects = [
        list(map(w.fill, row))
        for row in (EFFECTS[i] for i in sorted(rng.sample(range(len(EFFECTS)), rng.randint(3, 4))))
    ]
    sections = [
        Section(w.fill("What is a {proc}?"), list(w.paras(WHAT, 2)), w.points("what", 1, 2)),
        Section("Why you might have it", list(w.paras(WHY, 1)), w.points("why", 1, 2)),
        Section("Deciding if it is right for you", list(w.paras(DECIDE, 1)), w.points("decide", 1, 2)),
        Section(
            w.fill("Tell your doctor before the {proc}"),
            [Para("Tell your doctor if:"), Items(w.pick(TELL, 3, 5))],
            w.points("tell", 1, 2),
        ),
        Section("Before you come in", [Items(w.pick(BEFORE, 3, 5))], w.points("before", 1, 2)),
        Section(
            "On the day",
            [
                Para("This is what usually happens:"),
                Items(w.pick(DAY, 4, 6), ordered=True),
                Para("Tell the doctor if anything hurts or feels wrong."),
            ],
            w.points("day", 1, 2),
        ),
        Section(w.fill("After the {proc}"), list(w.paras(AFTER, 1)), w.points("after", 1, 2)),
        Section(
            "Going home",
            [
                Para(w.fill("Most people go home about {minutes} minutes after the {proc}.")),
                Box(
                    "Do not drive home",
                    [Para("It is not safe to drive straight after. Someone must take you home.")],
                ),
                Para(w.fill("For the first {hours} hours:")),
                Items(w.pick(HOME_LIST, 3, 4)),
            ],
            w.points("home", 1, 2),
        ),
        Section("Going back to work", list(w.paras(WORK, 1)), w.points("work", 1, 1)),
        Section(
            "Side effects",
            [
                Para("Most side effects are small. Serious harm is rare."),
                Table(["Side effect", "How common it is", "What happens"], effects),
                Box(
                    "Get help now if",
                    [
                        Items(w.pick(HELP, 2, 3)),
                        Para(
                            "These can be signs of a problem. Call the clinic or your GP straight away. "
                            "Out of hours, call 111."
                        ),
                    ],
                ),
            ],
            w.points("effects", 1, 2),
        ),
        Section("The first few days", list(w.paras(DAYS_AFTER, 1)), w.points("days", 1, 2)),
        Section(
            "The weeks after",
            [
                Para(" ".join(w.pick(WEEKS[:2], 2, 2))),
                Items(w.pick(EXERCISE, 2, 4)),
                Para(" ".join(w.pick(WEEKS[2:], 1, 2))),
            ],
            w.points("weeks", 1, 2),
        ),
        Section(
            "Your follow-up appointment", [Para(" ".join(w.pick(FOLLOW, 2, 4)))], w.points("follow", 1, 2)
        ),
    ]
    glossary = [GLOSSARY[i] for i in sorted(rng.sample(range(len(GLOSSARY)), rng.randint(4, 6)))]
    sections.append(Section("Words we use", [], w.points("words", 1, 1), glossary))
    leaflet = Leaflet(
        slug,
        _cap(proc),
        w.fill("What happens when you have a {proc}, and how to get ready."),
        rng.choice(ORGANISATIONS),
        f"1.{rng.randint(0, 4)}",
        dt.date(2026, rng.randint(1, 10), 1),
        contact,
        sections,
    )
    _pad(leaflet, w)
    return leaflet


def _pad(leaflet: Leaflet, w: _Writer) -> None:
    """Add sentences to prose sections until the leaflet reaches about 900 words."""
    extras = [w.fill(t) for t in EXTRA]
    w.rng.shuffle(extras)
    prose = [s for s in leaflet.sections if s.blocks and isinstance(s.blocks[0], Para) and not s.glossary]
    while extras and count_words(render_source(leaflet)) < TARGET_WORDS - 20:
        section = prose[w.rng.randrange(len(prose))]
        section.blocks.insert(1, Para(" ".join(extras[:2])))
        del extras[:2]
    filler = [w.fill(t) for t in (*WHY, *WHAT, *DAYS_AFTER)]
    while count_words(render_source(leaflet)) < TARGET_WORDS - 20:  # rare: a very short draw
        leaflet.sections[0].blocks.append(Para(filler.pop(w.rng.randrange(len(filler)))))


def make_catalogue(leaflets: int, seed: int) -> list[Leaflet]:
    """``leaflets`` leaflets; the same seed always gives the same leaflets."""
    rng = random.Random(seed)
    return [make_leaflet(i, random.Random(rng.getrandbits(64))) for i in range(leaflets)]


# --- rendering -----------------------------------------------------------------------------

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def _blocks(blocks: list[Block], tr: Translate) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Para):
            yield tr(block.text)
        elif isinstance(block, Items):
            yield "\n".join(
                f"{f'{i}.' if block.ordered else '-'} {tr(item)}" for i, item in enumerate(block.items, 1)
            )
        elif isinstance(block, Table):
            rows = [block.header, ["---"] * len(block.header), *block.rows]
            yield "\n".join("| " + " | ".join(c if c == "---" else tr(c) for c in row) + " |" for row in rows)
        else:
            yield f"::: warning {tr(block.title)}\n" + "\n\n".join(_blocks(list(block.blocks), tr)) + "\n:::"


def render_source(leaflet: Leaflet) -> str:
    """The leaflet in the project's source format (front matter, sections, easy-read blocks)."""
    head = [
        "---",
        f"id: {leaflet.slug}",
        f"title: {leaflet.title}",
        f"summary: {leaflet.summary}",
        f"organisation: {leaflet.organisation}",
        f'version: "{leaflet.version}"',
        f"published: {leaflet.published.isoformat()}",
        f"review_due: {leaflet.review_due.isoformat()}",
        f"contact: {leaflet.contact}",
        "locale: en-GB",
        "---",
    ]
    parts = ["\n".join(head)]
    for section in leaflet.sections:
        parts.append(f"## {section.heading}")
        parts.extend(_blocks(section.blocks, _same))
        parts.extend(f"{term}\n: {meaning}" for term, meaning in section.glossary)
        if section.points:
            parts.append(
                "::: easy-read\n"
                + "\n".join(f"- ![{CONCEPTS[p.concept]}]({p.concept}) {p.text}" for p in section.points)
                + "\n:::"
            )
    return "\n\n".join(parts) + "\n"


def render_pandoc(leaflet: Leaflet, lang: str, tr: Translate = _same, pictures: str = "pictures") -> str:
    """The same leaflet as pandoc Markdown (fenced divs, definition lists), translated by ``tr``.

    Pictures point at ``<pictures>/<concept>.svg`` so pandoc embeds real files in the EPUB.
    """
    rtl = lang.split("-")[0] in ("ar", "ur", "fa", "he")
    head = [
        "---",
        f"title: {json.dumps(tr(leaflet.title), ensure_ascii=False)}",
        f"subtitle: {json.dumps(tr(leaflet.summary), ensure_ascii=False)}",
        f"lang: {lang}",
        *(["dir: rtl"] if rtl else []),
        f"date: {leaflet.published.isoformat()}",
        "---",
    ]
    parts = ["\n".join(head), tr(leaflet.contact)]
    for section in leaflet.sections:
        parts.append(f"## {tr(section.heading)}")
        parts.extend(_blocks(section.blocks, tr))
        parts.extend(f"{tr(term)}\n: {tr(meaning)}" for term, meaning in section.glossary)
        if section.points:
            parts.append(
                "::: easy-read\n"
                + "\n".join(
                    f"- ![{tr(CONCEPTS[p.concept])}]({pictures}/{p.concept}.svg) {tr(p.text)}"
                    for p in section.points
                )
                + "\n:::"
            )
    return "\n\n".join(parts) + "\n"


def render_myst(leaflet: Leaflet, pictures: str = "../pictures") -> str:
    """The same leaflet as MyST Markdown for Sphinx (myst-parser with colon_fence and deflist)."""
    parts = [f"# {leaflet.title}", leaflet.summary, leaflet.contact]
    for section in leaflet.sections:
        parts.append(f"## {section.heading}")
        for block in section.blocks:
            if isinstance(block, Box):
                inner = "\n\n".join(_blocks(list(block.blocks), _same))
                parts.append(f":::{{warning}}\n**{block.title}**\n\n{inner}\n:::")
            else:
                parts.extend(_blocks([block], _same))
        parts.extend(f"{term}\n: {meaning}" for term, meaning in section.glossary)
        if section.points:
            points = "\n".join(
                f"- ![{CONCEPTS[p.concept]}]({pictures}/{p.concept}.svg) {p.text}" for p in section.points
            )
            parts.append(f":::{{admonition}} Easy read\n:class: easy-read\n\n{points}\n:::")
    return "\n\n".join(parts) + "\n"


_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _rst_inline(text: str) -> str:
    """Markdown inline text as reST: links become anonymous hyperlinks; bold is the same in both."""
    return _LINK.sub(lambda m: f"`{m.group(1)} <{m.group(2)}>`__", text)


def _rst_blocks(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Para):
            yield _rst_inline(block.text)
        elif isinstance(block, Items):
            yield "\n".join(f"{'#.' if block.ordered else '-'} {_rst_inline(item)}" for item in block.items)
        elif isinstance(block, Table):
            rows = []
            for row in (block.header, *block.rows):
                rows.append("   * - " + "\n     - ".join(_rst_inline(c) for c in row))
            yield ".. list-table::\n   :header-rows: 1\n\n" + "\n".join(rows)
        else:
            inner = "\n\n".join(_rst_blocks(list(block.blocks)))
            body = "\n".join(f"   {line}" if line else "" for line in inner.splitlines())
            yield f".. warning::\n\n   **{block.title}**\n\n{body}"


def render_rst(leaflet: Leaflet, pictures: str = "../pictures") -> str:
    """The same leaflet as reStructuredText, Sphinx's own format (warnings, list-table, images)."""
    title = leaflet.title
    rule = "=" * len(title)
    parts = [f"{rule}\n{title}\n{rule}", leaflet.summary, _rst_inline(leaflet.contact)]
    for section in leaflet.sections:
        parts.append(f"{section.heading}\n{'-' * len(section.heading)}")
        parts.extend(_rst_blocks(section.blocks))
        parts.extend(f"{term}\n   {meaning}" for term, meaning in section.glossary)
        if section.points:
            points = "\n\n".join(
                f"   - .. image:: {pictures}/{p.concept}.svg\n          :alt: {CONCEPTS[p.concept]}\n\n"
                f"     {p.text}"
                for p in section.points
            )
            parts.append(f".. admonition:: Easy read\n   :class: easy-read\n\n{points}")
    return "\n\n".join(parts) + "\n"


_MARKUP = re.compile(r"\]\([^)]*\)|^::: ?[\w-]*|^\|[- |]+\|$", re.M)


def count_words(markdown: str) -> int:
    """Words a reader sees in the body: front matter, link targets, picture names and fences left out."""
    body = markdown
    if body.startswith("---\n"):
        end = body.find("\n---\n", 4)
        body = body[end + 5 :] if end >= 0 else body
    return len(WORD_RE.findall(_MARKUP.sub(" ", body)))


# --- the 5% edit ---------------------------------------------------------------------------

REWORDS = (
    ("usually", "often"),
    ("about", "around"),
    ("small", "little"),
    ("Ask", "Please ask"),
    ("doctor", "specialist"),
    ("may", "might"),
    ("help", "support"),
    ("days", "days or so"),
)


def edit_catalogue(
    leaflets: list[Leaflet], fraction: float, seed: int
) -> tuple[list[Leaflet], dict[str, int]]:
    """A reproducible edit of ``fraction`` of the paragraphs and list items across the catalogue.

    Mostly rewordings (msgmerge keeps them as fuzzy), some changed numbers (the hardest fuzzy
    case), a few new paragraphs (new, untranslated units) and a few removed ones (obsolete units).
    Returns new leaflet objects and a count of each kind of edit.
    """
    rng = random.Random(f"edit-{seed}")
    edited = [_copy(lf) for lf in leaflets]
    slots: list[tuple[int, int, int, int]] = []  # (leaflet, section, block, item or -1)
    for li, leaflet in enumerate(edited):
        for si, section in enumerate(leaflet.sections):
            for bi, block in enumerate(section.blocks):
                if isinstance(block, Para):
                    slots.append((li, si, bi, -1))
                elif isinstance(block, Items):
                    slots.extend((li, si, bi, ii) for ii in range(len(block.items)))
    chosen = sorted(rng.sample(slots, max(1, round(len(slots) * fraction))), reverse=True)
    counts = {"reworded": 0, "number changed": 0, "added": 0, "removed": 0}
    for li, si, bi, ii in chosen:  # reverse order: removing a block does not shift later choices
        blocks = edited[li].sections[si].blocks
        block = blocks[bi]
        text = block.items[ii] if isinstance(block, Items) else block.text  # type: ignore[union-attr]
        roll = rng.random()
        if roll < 0.08 and ii < 0 and sum(isinstance(b, Para) for b in blocks) > 1:
            del blocks[bi]
            counts["removed"] += 1
            continue
        if roll < 0.16 and ii < 0:
            blocks.insert(
                bi + 1,
                Para(
                    f"New in version {edited[li].version}: ask the team for the "
                    f"{edited[li].title.lower()} checklist."
                ),
            )
            counts["added"] += 1
            continue
        numbers = re.findall(r"\b\d+\b", text)
        if numbers and roll < 0.4:
            new = re.sub(rf"\b{numbers[0]}\b", str(int(numbers[0]) + 1), text, count=1)
            counts["number changed"] += 1
        else:
            old, repl = next(((o, r) for o, r in REWORDS if re.search(rf"\b{o}\b", text)), ("", ""))
            new = re.sub(rf"\b{old}\b", repl, text, count=1) if old else text.rstrip(".") + ", if you can."
            counts["reworded"] += 1
        if isinstance(block, Items):
            block.items[ii] = new
        else:
            blocks[bi] = Para(new)
    return edited, counts


def _copy(leaflet: Leaflet) -> Leaflet:
    sections = [
        replace(
            s, blocks=[_copy_block(b) for b in s.blocks], points=list(s.points), glossary=list(s.glossary)
        )
        for s in leaflet.sections
    ]
    return replace(leaflet, sections=sections)


def _copy_block(block: Block) -> Block:
    if isinstance(block, Items):
        return Items(list(block.items), block.ordered)
    if isinstance(block, Box):
        return Box(block.title, [_copy_block(b) for b in block.blocks])  # type: ignore[misc]
    if isinstance(block, Table):
        return Table(list(block.header), [list(r) for r in block.rows])
    return Para(block.text)


# --- pseudo-translation --------------------------------------------------------------------

_ALPHABETS: dict[str, tuple[str, str]] = {  # locale -> (consonants, vowels); shapes the fake words
    "cy": ("bcdfghlmnprstwdd", "aeiouwyâŵŷ"),
    "pl": ("bcdfghjklmnprstwzłśżź", "aeiouyąęó"),
    "es": ("bcdfglmnprstvñ", "aeiouáéíó"),
    "fr": ("bcdfglmnprstv", "aeiouéèêà"),
    "de": ("bcdfghklmnprstwzß", "aeiouäöü"),
    "pt": ("bcdfglmnprstvç", "aeiouãõá"),
    "ro": ("bcdfglmnprstvșț", "aeiouăâî"),
    "it": ("bcdfglmnprstvz", "aeiouàè"),
    "tr": ("bcdfgklmnprstvyzçş", "aeiouıöü"),
    "nl": ("bdfghjklmnprstvwz", "aeiouij"),
    "so": ("bcdfghjklmnqrstwxy", "aeiou"),
    "ar": ("بتثجحخدذرزسشصضطظعغفقكلمنه", "اوي"),
    "ur": ("بپتٹجچحخدڈرڑزسشصطعغفقکگلمنہ", "اویے"),
    "bn": ("কখগঘচছজঝটঠডঢতথদধনপফবভমযরলশসহ", "ািীুূেো"),
}
_PROTECT = re.compile(
    r"\]\([^)]*\)|<[^>]*>|\{[^}]*\}|%\(\w+\)[a-z]|%[a-z]|`[^`]*`|https?://\S+|[\w.+-]+@[\w.-]+"
    r"|\w*\d\w*|&\w+;"
)
_LETTERS = re.compile(r"[^\W\d_]+")


@functools.cache
def _negations() -> dict[str, tuple[str, ...]]:
    """The negating words of each language, from the safety checks' own list."""
    from importlib import resources

    table = tomllib.loads(resources.files("pipeline").joinpath("rules/safety/negations.toml").read_text("utf-8"))
    return {lang: tuple(entry.get("words", ())) for lang, entry in table.items()}


def _negation_word(locale: str) -> str | None:
    words = _negations().get(re.split(r"[_\-@]", locale, maxsplit=1)[0].lower(), ())
    return words[0] if words else None


_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")


def _localised(number: str, locale: str) -> str:
    from babel.numbers import format_decimal

    try:
        return str(format_decimal(float(number.replace(",", "")), locale=locale.replace("-", "_")))
    except Exception:  # a locale babel does not know: leave the number as written
        return number


class PseudoTranslator:
    """A per-locale word substitution: each word always becomes the same fake word.

    Numbers, link targets, placeholders (``{date}``, ``%s``), entities and Markdown punctuation
    are left exactly as they are, so every check that a translation kept them passes.
    """

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.consonants, self.vowels = _ALPHABETS.get(locale.split("_")[0].split("-")[0], _ALPHABETS["so"])
        self.cache: dict[str, str] = {}

    def word(self, word: str) -> str:
        """The fake word for ``word`` in this locale, keeping its capitalisation; a negation is the
        language's own negating word, so the translation keeps its meaning for the safety checks."""
        key = word.lower()
        negation = _negation_word(self.locale) if key in _negations().get("en", ()) else None
        if negation:
            return negation[:1].upper() + negation[1:] if word[:1].isupper() else negation
        fake = self.cache.get(key)
        if fake is None:
            digest = hashlib.sha256(f"{self.locale}\0{key}".encode()).digest()
            length = len(key) if len(key) <= 3 else len(key) + digest[0] % 3 - 1
            # Alternate consonants and vowels so the words look like words of that language.
            pools = (self.consonants, self.vowels) if digest[1] % 2 else (self.vowels, self.consonants)
            fake = self.cache[key] = "".join(
                pools[i % 2][digest[2 + i % 30] % len(pools[i % 2])] for i in range(length)
            )
        if word.isupper() and len(word) > 1:
            return fake.upper()
        return fake[:1].upper() + fake[1:] if word[:1].isupper() else fake

    def __call__(self, text: str) -> str:
        # a number with thousands separators is written the target language's way ("1,000" is
        # one in Polish): a translator does that, and the safety checks read numbers per locale
        text = _GROUPED.sub(lambda m: _localised(m.group(), self.locale), text)
        out: list[str] = []
        pos = 0
        for match in _PROTECT.finditer(text):
            out.append(_LETTERS.sub(lambda m: self.word(m.group()), text[pos : match.start()]))
            out.append(match.group())
            pos = match.end()
        out.append(_LETTERS.sub(lambda m: self.word(m.group()), text[pos:]))
        return "".join(out)


def fill_po(path: Path, translate: Translate) -> int:
    """Fill every msgstr of one PO file with ``translate`` (polib only fills); return entries filled."""
    po = polib.pofile(str(path), wrapwidth=79)
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", "nplurals=2")).group(1))  # type: ignore[union-attr]
    filled = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {
                i: translate(entry.msgid if i == 0 else entry.msgid_plural) for i in range(nplurals)
            }
        else:
            entry.msgstr = translate(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    po.metadata_is_fuzzy = False
    po.save(str(path))
    return filled


def msgcat_normalise(paths: list[Path]) -> bool:
    """Rewrite files as GNU msgcat writes them (what Poedit and Weblate hand back); False if absent."""
    if not shutil.which("msgcat"):
        return False
    for path in paths:
        subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    return True


# --- writing the project -------------------------------------------------------------------


def leaflets_command() -> list[str]:
    """How to call this project's CLI: the ``leaflets`` beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("leaflets")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("leaflets")
    return [found] if found else [sys.executable, "-m", "pipeline"]


@functools.lru_cache(maxsize=8)
def cli_commands(cli: tuple[str, ...]) -> frozenset[str]:
    """The commands the installed ``leaflets`` offers, read from one ``leaflets --help``.

    One call instead of one per command: each start of the CLI costs most of a second.
    """
    done = subprocess.run([*cli, "--help"], capture_output=True, text=True, env=reproducible_env())
    return frozenset(re.findall(r"^[│|] ([a-z][\w-]*) ", done.stdout, re.M))


def cli_has(command: str, cli: list[str] | None = None) -> bool:
    """True when ``leaflets <command>`` exists in the installed project."""
    found = cli_commands(tuple(cli or leaflets_command()))
    if found:
        return command in found
    # The help layout changed and listed nothing: ask the command itself.
    probe = subprocess.run([*(cli or leaflets_command()), command, "--help"], capture_output=True, text=True)
    return probe.returncode == 0


def reproducible_env() -> dict[str, str]:
    """The environment for the project's commands: a fixed clock, no colours, UTF-8."""
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "NO_COLOR": "1",
        "PYTHONUTF8": "1",
        "TERM": "dumb",
        "COLUMNS": "200",
    }


def write_pyproject(root: Path, locales: list[str]) -> None:
    """A minimal project: defaults for everything except the translation locales."""
    listed = ", ".join(f'"{loc}"' for loc in locales)
    root.joinpath("pyproject.toml").write_text(
        "# Synthetic catalogue written by bench/generate.py; regenerate rather than edit.\n"
        '[project]\nname = "synthetic-leaflets"\nversion = "0"\n\n'
        f"[tool.leaflets]\nlocales = [{listed}]\n",
        encoding="utf-8",
    )


def write_sources(root: Path, leaflets: list[Leaflet]) -> None:
    """Write every leaflet to ``source/<slug>.md``, replacing whatever was there."""
    folder = root / "source"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for leaflet in leaflets:
        (folder / f"{leaflet.slug}.md").write_text(render_source(leaflet), encoding="utf-8")


def units(leaflet: Leaflet) -> Iterator[tuple[str | None, str, str]]:
    """(msgctxt, msgid, comment) for every text a reader sees: the fallback extraction."""
    yield None, leaflet.title, "title"
    yield None, leaflet.summary, "summary"
    yield None, leaflet.contact, "contact line"
    for section in leaflet.sections:
        yield None, section.heading, "section heading"
        yield from _block_units(section.blocks, section.heading)
        for term, meaning in section.glossary:
            yield None, term, "glossary word"
            yield None, meaning, f"glossary meaning of '{term}'"
        for point in section.points:
            yield "easy-read", CONCEPTS[point.concept], "easy-read picture alt text"
            yield "easy-read", point.text, "easy-read point: one idea, short words"


def _block_units(blocks: list[Block], where: str) -> Iterator[tuple[str | None, str, str]]:
    for block in blocks:
        if isinstance(block, Para):
            yield None, block.text, f"{where} / paragraph"
        elif isinstance(block, Items):
            yield from ((None, item, f"{where} / list item") for item in block.items)
        elif isinstance(block, Table):
            yield from (
                (None, cell, f"{where} / table cell") for row in (block.header, *block.rows) for cell in row
            )
        else:
            yield None, block.title, f"{where} / warning box title"
            yield from _block_units(list(block.blocks), f"{where} / warning box")


def fallback_templates(root: Path, leaflets: list[Leaflet]) -> list[Path]:
    """POT files written by the generator itself, for when ``leaflets extract`` does not exist yet."""
    folder = root / "locales"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for leaflet in leaflets:
        pot = polib.POFile(wrapwidth=79)
        pot.metadata = {
            "Project-Id-Version": f"{leaflet.slug} {leaflet.version}",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
        seen: dict[tuple[str | None, str], polib.POEntry] = {}
        for ctxt, msgid, comment in units(leaflet):
            if (ctxt, msgid) in seen:
                continue
            entry = polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr="", comment=comment)
            seen[(ctxt, msgid)] = entry
            pot.append(entry)
        path = folder / f"{leaflet.slug}.pot"
        pot.save(str(path))
        written.append(path)
    return written


def fallback_init(root: Path, locales: list[str]) -> list[Path]:
    """PO files from the fallback templates, headers as ``leaflets init`` is specified to write them."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    written = []
    for locale in locales:
        plural = get_plural(Locale.parse(locale))
        out = root / "locales" / locale / "LC_MESSAGES"
        out.mkdir(parents=True, exist_ok=True)
        for pot_path in sorted((root / "locales").glob("*.pot")):
            po = polib.pofile(str(pot_path), wrapwidth=79)
            po.metadata.update(
                {
                    "Language": locale,
                    "Plural-Forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
                }
            )
            path = out / f"{pot_path.stem}.po"
            po.save(str(path))
            written.append(path)
    return written


def po_files(root: Path) -> list[Path]:
    """Every PO file under ``locales/<locale>/LC_MESSAGES/``, sorted."""
    return sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))


def _run_cli(command: list[str], root: Path) -> None:
    """Run one of the project's commands; on failure, raise with what it printed (not a bare exit code)."""
    done = subprocess.run(command, cwd=root, env=reproducible_env(), capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()[-800:]
        raise RuntimeError(f"{shlex.join(command[-2:])} failed with exit {done.returncode}: {said}")


def extract(root: Path, leaflets: list[Leaflet], cli: list[str] | None = None) -> str:
    """Write the POT files with ``leaflets extract``, or the fallback; return which one was used."""
    cli = cli or leaflets_command()
    if cli_has("extract", cli):
        _run_cli([*cli, "extract"], root)
        return "leaflets extract"
    fallback_templates(root, leaflets)
    return "generator fallback (leaflets extract not available)"


def generate(
    root: Path,
    leaflets: int,
    locales: int | list[str],
    seed: int = 1,
    cli: list[str] | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, object]:
    """Write the whole synthetic project into ``root`` (emptied first); return its manifest."""
    say = log or (lambda message: print(message, file=sys.stderr))
    chosen = list(LOCALE_POOL[:locales]) if isinstance(locales, int) else list(locales)
    if isinstance(locales, int) and locales > len(LOCALE_POOL):
        raise ValueError(f"at most {len(LOCALE_POOL)} locales: {', '.join(LOCALE_POOL)}")
    cli = cli or leaflets_command()
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    catalogue = make_catalogue(leaflets, seed)
    write_pyproject(root, [])  # `leaflets init` adds each locale itself
    write_sources(root, catalogue)
    how = extract(root, catalogue, cli)
    if cli_has("init", cli) and how == "leaflets extract":
        for locale in chosen:
            _run_cli([*cli, "init", locale], root)
        how += " + leaflets init"
    else:
        fallback_init(root, chosen)
        how += " + generator fallback init (leaflets init not available)"
    if "fallback" in how:
        say(f"generate: FALLBACK: PO files made by {how}")
    write_pyproject(root, chosen)  # canonical settings, whatever init wrote
    files = po_files(root)
    for path in files:
        fill_po(path, PseudoTranslator(path.parent.parent.name))
    normalised = msgcat_normalise(files)
    manifest: dict[str, object] = {
        "seed": seed,
        "leaflets": leaflets,
        "locales": chosen,
        "po_files": len(files),
        "po_source": how,
        "po_layout": "msgcat" if normalised else "polib (msgcat not installed)",
        "words": {lf.slug: count_words(render_source(lf)) for lf in catalogue},
    }
    root.joinpath("bench-manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python bench/generate.py OUT [--leaflets N] [--locales K] [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (emptied first)")
    parser.add_argument("--leaflets", type=int, default=10, help="number of leaflets (N)")
    parser.add_argument("--locales", type=int, default=2, help=f"number of locales (K), from {LOCALE_POOL}")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.leaflets, args.locales, args.seed)
    words = list(manifest["words"].values())  # type: ignore[attr-defined]
    print(
        f"{args.out}: {len(words)} leaflets ({min(words)}-{max(words)} words), locales "
        f"{', '.join(manifest['locales'])}, {manifest['po_files']} PO files via {manifest['po_source']}"
    )  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
