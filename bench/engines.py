"""Typst against WeasyPrint for the printed leaflets: one catalogue, one machine, one run.

    .venv/bin/python bench/engines.py                    # 100 leaflets, en-GB + ar, 2 workers
    .venv/bin/python bench/engines.py --leaflets 20      # a quicker try of the harness

The benchmark catalogue of bench/generate.py is made under bench/work/engines/. Both engines then
print the clear-print edition of every leaflet in en-GB and ar, and of a sample in ur:

* Typst, the project's engine: ``leaflets build --format pdf`` timed as a whole command, and the
  build's own print jobs (``pipeline.writers.pdf.render_pdf``) in a pool of worker processes;
* WeasyPrint: each standard web page that ``leaflets build --format html`` wrote (stylesheet and
  pictures resolved from dist/), printed as ``pdf/ua-1``, in a pool of the same size.

Then it compares the tag structure (pikepdf), the fonts (pdffonts), byte-for-byte
reproducibility, the install weight (distributions in this venv and the system libraries
WeasyPrint loads), and Arabic and Urdu shaping (page images, and the text order pdftotext
reads), and writes bench/ENGINES.md. Every figure in it comes from the run. What a person saw in
the page images is not a measurement: ``--observations FILE`` adds it, marked as such, and
``--report-only`` rewrites the report from the run's saved measurements without measuring again.
The work folder is removed at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata as metadata
import json
import logging
import multiprocessing
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work" / "engines"
CLI = Path(sys.executable).parent / "leaflets"
LOCALES = ("en-GB", "ar")  # every leaflet is printed in these
SHAPING_LOCALE = "ur"  # a sample is printed in this too: Nastaliq shaping
EPOCH = 1_700_000_000  # SOURCE_DATE_EPOCH of every render
KINDS = ("H1", "H2", "P", "L", "LI", "Table", "TH", "TD", "Figure")
# The libraries WeasyPrint opens itself (weasyprint/text/ffi.py); the rest are what they link
WEASYPRINT_OPENS = ("libgobject-2.0", "libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libharfbuzz-subset",
                    "libfontconfig")
# Linked by every Python process anyway: not counted against either engine
BASE_LIBRARIES = ("linux-vdso", "ld-linux", "libc.so", "libm.so", "libpthread.so", "libdl.so", "librt.so",
                  "libgcc_s.so", "libstdc++.so")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
PROBE = """
import json, sys
def loaded():
    return {line.split()[-1] for line in open("/proc/self/maps") if "/" in line and ".so" in line}
before = loaded()
import weasyprint
import weasyprint.text.ffi as ffi
weasyprint.HTML(string='<p lang="ar">مرحبا بكم</p><p lang="ur">خوش آمدید</p>').write_pdf()
version = ffi.pango.pango_version()
print(json.dumps({"new": sorted(loaded() - before), "weasyprint": weasyprint.__version__,
                  "pango": f"{version // 10000}.{version // 100 % 100}.{version % 100}"}))
"""


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Step:
    """What one timed step cost and made."""

    wall: float = 0.0
    cpu: float = 0.0  # user + system seconds of every reaped child process (workers, commands)
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at start and at end
    made: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    per_pdf: float = 0.0  # median CPU seconds of one PDF inside its worker (pools only)
    warnings: dict[str, int] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)  # a command's own stage lines (``-q``)


@dataclass
class Rendered:
    """One PDF a worker made (or could not make)."""

    out: str
    seconds: float
    error: str = ""
    warnings: list[str] = field(default_factory=list)


@contextlib.contextmanager
def timed() -> Iterator[Step]:
    """Wall clock, children's CPU time and load average around a block."""
    step = Step(load=(os.getloadavg()[0], 0.0))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    yield step
    step.wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    step.cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    step.load = (step.load[0], os.getloadavg()[0])


def run(command: list[str], cwd: Path, name: str) -> int:
    """Run a command with its output in WORK/logs/<name>.log; its exit code."""
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"{name}.log").open("w") as out:
        return subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, check=False).returncode


def summary(name: str) -> list[str]:
    """The stage lines ``leaflets build -q`` printed in WORK/logs/<name>.log (plan, render, catalogue)."""
    text = (WORK / "logs" / f"{name}.log").read_text("utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if re.match(r"\s*(plan|render|catalogue):", line)]


def tool(command: list[str]) -> str:
    """A tool's standard output ("" when it fails)."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else ""


# --- the code under test ------------------------------------------------------------------


def snapshot_code() -> dict[str, Any]:
    """Copy the ``pipeline`` package into WORK/code and put it first on the path of this process and
    of every command (PYTHONPATH), so that edits made to the tree while the run goes on cannot mix two
    versions of the code in one run. Its commit, uncommitted changes and a digest of the copy."""
    import hashlib

    target = WORK / "code"
    shutil.copytree(REPO / "pipeline", target / "pipeline", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    digest = hashlib.sha256()
    for path in sorted(p for p in (target / "pipeline").rglob("*") if p.is_file()):
        digest.update(path.relative_to(target).as_posix().encode() + b"\0" + path.read_bytes())
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target)], check=False)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(target))
    changed = tool(["git", "-C", str(REPO), "status", "--porcelain", "--", "pipeline"]).splitlines()
    return {"commit": tool(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]).strip() or "?",
            "uncommitted": len(changed), "sha256": digest.hexdigest()[:16]}


# --- the catalogue and the web pages -----------------------------------------------------------


def make_catalogue(folder: Path, leaflets: int, locales: int, seed: int) -> list[str]:
    """The benchmark catalogue in ``folder``; its leaflet ids, sorted."""
    code = run([sys.executable, str(BENCH / "generate.py"), str(folder), "--leaflets", str(leaflets),
                "--locales", str(locales), "--seed", str(seed)], REPO, "generate")
    if code != 0:
        raise SystemExit(f"bench/generate.py failed (exit {code}): see {WORK / 'logs' / 'generate.log'}")
    return sorted(path.stem for path in (folder / "source").glob("*.md"))


def fresh_copy(catalogue: Path, target: Path) -> Path:
    """A copy of the catalogue with no dist/ and no cache: what a cold build starts from."""
    target.mkdir(parents=True)
    shutil.copy2(catalogue / "pyproject.toml", target)
    for part in ("source", "locales"):
        shutil.copytree(catalogue / part, target / part)
    return target


def pick(ids: list[str], count: int) -> list[str]:
    """``count`` ids spread evenly over the catalogue."""
    count = min(count, len(ids))
    return [ids[index * len(ids) // count] for index in range(count)]


def build_pages(project: Path, jobs: int, sample: list[str], repeat: list[str]) -> tuple[Step, str]:
    """The web pages WeasyPrint prints: standard pages in LOCALES, the sample's in ur, and easy-read
    pages of ``repeat`` in en-GB (pictures, for the figure check); the first build is timed. Also
    the note to make when the stylesheet had to be copied from the package."""
    command = [str(CLI), "build", "-q", "--jobs", str(jobs), "--format", "html"]
    with timed() as step:
        code = run([*command, *(f"--locale={x}" for x in LOCALES)], project, "html-build")
    if code != 0:
        raise SystemExit(f"the HTML build failed (exit {code}): see {WORK / 'logs' / 'html-build.log'}")
    step.made = len(list((project / "dist").glob("*/*/index.html")))
    step.summary = summary("html-build")
    run([*command, f"--locale={SHAPING_LOCALE}", *(f"--leaflet={x}" for x in sample)], project, "html-build-ur")
    run([str(CLI), "build", "-q", "--jobs", str(jobs), "--format", "easy-read-html", "--locale=en-GB",
         *(f"--leaflet={x}" for x in repeat)], project, "html-build-easy-read")
    stylesheet = project / "dist" / "assets" / "leaflet.css"
    if stylesheet.exists():
        return step, ""
    from importlib import resources

    stylesheet.parent.mkdir(parents=True, exist_ok=True)
    stylesheet.write_bytes(resources.files("pipeline.assets").joinpath("leaflet.css").read_bytes())
    return step, ("`leaflets build --format html` wrote no `dist/assets/leaflet.css`, so the run copied the "
                  "package's own stylesheet (`pipeline/assets/leaflet.css`) there before printing.")


def page_path(dist: Path, slug: str, locale: str, easy: bool = False) -> Path:
    """Where the build put an edition's standard (or easy-read) web page."""
    return dist / slug / locale / ("easy-read.html" if easy else "index.html")


# --- the two engines -----------------------------------------------------------------------


_PRINT_JOBS: dict[str, Callable[[], bytes]] = {}  # the build's print jobs; forked workers inherit them
_WARNINGS: list[str] = []


def plan_print_jobs(project: Path, wanted: set[tuple[str, str]]) -> None:
    """The build's own print jobs (clear print and easy read) for these (leaflet, locale) pairs,
    planned the way ``leaflets build`` plans them, keyed ``<id>/<locale>/<kind>``."""
    from pipeline.build import edition_jobs, editions
    from pipeline.project import load_project
    from pipeline.settings import load_settings
    from pipeline.writers.pdf import PrintSettings

    settings = load_settings(project)
    found, _ = editions(load_project(settings, jobs=1))
    found = [e for e in found if (e.leaflet.meta.slug, e.locale) in wanted]
    jobs, _, _ = edition_jobs(found, settings.root, PrintSettings.of(settings.values))
    for job in jobs:
        if job.kind in ("pdf", "easy-read-pdf"):
            slug, locale = job.path.split("/")[:2]
            _PRINT_JOBS[f"{slug}/{locale}/{job.kind}"] = job.make


def typst_one(task: tuple[str, str]) -> Rendered:
    """One print job by Typst (``render_pdf``), written to ``out``."""
    key, out = task
    start = time.process_time()
    try:
        data = _PRINT_JOBS[key]()
    except Exception as exc:
        return Rendered(out, time.process_time() - start, f"{key}: {type(exc).__name__}: {exc}"[:300])
    Path(out).write_bytes(data)
    return Rendered(out, time.process_time() - start)


class _Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _WARNINGS.append(record.getMessage())


def weasyprint_one(task: tuple[str, str]) -> Rendered:
    """One web page printed by WeasyPrint as PDF/UA-1, written to ``out``, with its warnings."""
    import weasyprint

    page, out = task
    logger = logging.getLogger("weasyprint")
    if not any(isinstance(h, _Collect) for h in logger.handlers):
        logger.addHandler(_Collect(logging.WARNING))
        logger.propagate = False
    _WARNINGS.clear()
    start = time.process_time()
    try:
        weasyprint.HTML(filename=page).write_pdf(out, pdf_variant="pdf/ua-1")
    except Exception as exc:
        return Rendered(out, time.process_time() - start, f"{page}: {type(exc).__name__}: {exc}"[:300],
                        list(_WARNINGS))
    return Rendered(out, time.process_time() - start, warnings=list(_WARNINGS))


def render_all(func: Callable[[tuple[str, str]], Rendered], tasks: list[tuple[str, str]], jobs: int,
               name: str) -> tuple[list[Rendered], Step]:
    """``func`` over ``tasks`` in ``jobs`` new forked worker processes, timed from pool start to end.

    The parent never runs Typst or WeasyPrint itself, so forking is safe and each pool starts clean.
    """
    log(f"{name}: {len(tasks)} PDF(s) in {jobs} process(es)")
    with timed() as step, ProcessPoolExecutor(max_workers=jobs,
                                              mp_context=multiprocessing.get_context("fork")) as pool:
        done = list(pool.map(func, tasks))
    step.made = sum(1 for r in done if not r.error and Path(r.out).exists())
    step.failed = len(done) - step.made
    step.errors = [r.error for r in done if r.error][:5]
    step.per_pdf = statistics.median(r.seconds for r in done) if done else 0.0
    warnings = Counter(re.sub(r"\d+", "N", w)[:160] for r in done for w in r.warnings)
    step.warnings = dict(warnings.most_common(6))
    log(f"{name}: {step.made} made, {step.failed} failed, {step.wall:.1f} s wall, {step.cpu:.1f} s CPU")
    return done, step


def typst_tasks(pairs: Iterable[tuple[str, str]], out: Path, kind: str = "pdf") -> list[tuple[str, str]]:
    """Typst tasks for (leaflet, locale) pairs, writing ``out/<id>.<locale>.pdf``."""
    out.mkdir(parents=True, exist_ok=True)
    return [(f"{slug}/{locale}/{kind}", str(out / f"{slug}.{locale}.pdf")) for slug, locale in pairs]


def weasyprint_tasks(dist: Path, pairs: Iterable[tuple[str, str]], out: Path,
                     easy: bool = False) -> list[tuple[str, str]]:
    """WeasyPrint tasks for (leaflet, locale) pairs, from the built pages, writing ``out/<id>.<locale>.pdf``."""
    out.mkdir(parents=True, exist_ok=True)
    return [(str(page_path(dist, slug, locale, easy)), str(out / f"{slug}.{locale}.pdf")) for slug, locale in pairs]


def typst_command(project: Path, jobs: int) -> Step:
    """``leaflets build --format pdf`` for LOCALES on a fresh copy: the whole command, timed."""
    log("Typst: leaflets build --format pdf")
    command = [str(CLI), "build", "-q", "--jobs", str(jobs), "--format", "pdf", *(f"--locale={x}" for x in LOCALES)]
    with timed() as step:
        code = run(command, project, "typst-build")
    step.made = sum(1 for locale in LOCALES for _ in (project / "dist").glob(f"*/{locale}/*.{locale}.pdf"))
    step.summary = summary("typst-build")
    if code != 0:
        step.errors = [f"exit {code}: see {WORK / 'logs' / 'typst-build.log'}"]
    return step


# --- what is in the PDFs -------------------------------------------------------------------


def structure(path: Path) -> dict[str, Any]:
    """Tagging facts of one PDF: marked, structure tree, element counts, figures with /Alt,
    /Lang, title and DisplayDocTitle, the PDF/UA part claimed, page count."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        tree = root.get("/StructTreeRoot")
        counts: Counter[str] = Counter()
        figures = [0, 0]
        seen: set[tuple[int, int]] = set()

        def walk(node: Any) -> None:
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)
                return
            if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") in ("/MCR", "/OBJR"):
                return
            if node.is_indirect:
                if node.objgen in seen:
                    return
                seen.add(node.objgen)
            if "/S" in node:
                kind = str(node.S).lstrip("/")
                counts[kind] += 1
                if kind == "Figure":
                    figures[0] += 1
                    figures[1] += "/Alt" in node and bool(str(node.Alt).strip())
            if "/K" in node:
                walk(node.K)

        if tree is not None and "/K" in tree:
            walk(tree.K)
        info = pdf.trailer.get("/Info")
        info_title = str(info.get("/Title", "")) if info is not None else ""
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        xmp_title = str(meta.get("dc:title", "") or "")
        viewer = root.get("/ViewerPreferences")
        return {
            "marked": mark is not None and bool(mark.get("/Marked", False)),
            "struct_tree": tree is not None,
            "role_map": sorted(str(k).lstrip("/") for k in tree.get("/RoleMap", {})) if tree is not None else [],
            "counts": dict(counts),
            "figures": figures[0], "figures_alt": figures[1],
            "lang": str(root.get("/Lang", "")),
            "title": info_title or xmp_title,
            "display_doc_title": viewer is not None and bool(viewer.get("/DisplayDocTitle", False)),
            "pdfua": str(meta.get("pdfuaid:part", "") or ""),
            "pages": len(pdf.pages),
            "creator": str(info.get("/Creator", info.get("/Producer", ""))) if info is not None else "",
        }


def fonts(path: Path) -> list[dict[str, str]]:
    """The fonts pdffonts lists: name (subset prefix removed), type, embedded."""
    found = []
    for line in tool(["pdffonts", str(path)]).splitlines()[2:]:
        words = line.split()
        if len(words) >= 6:
            found.append({"name": words[0].split("+")[-1], "type": " ".join(words[1:-6]) or words[1],
                          "embedded": words[-5]})
    return found


def tag_summary(paths: list[Path]) -> dict[str, Any]:
    """The tagging and font facts of these PDFs, added up."""
    facts = [structure(p) for p in paths]
    font_lists = [fonts(p) for p in paths]
    counts: Counter[str] = Counter()
    for fact in facts:
        counts.update(fact["counts"])
    total = len(facts) or 1
    return {
        "pdfs": len(facts),
        "marked": sum(f["marked"] for f in facts),
        "struct_tree": sum(f["struct_tree"] for f in facts),
        "per_pdf": {kind: round(counts[kind] / total, 1) for kind in KINDS},
        "other_types": sorted(k for k in counts if k not in KINDS),
        "role_map": sorted({r for f in facts for r in f["role_map"]}),
        "figures": sum(f["figures"] for f in facts), "figures_alt": sum(f["figures_alt"] for f in facts),
        "lang": sum(bool(f["lang"]) for f in facts), "langs": sorted({f["lang"] for f in facts}),
        "title": sum(bool(f["title"].strip()) for f in facts),
        "display_doc_title": sum(f["display_doc_title"] for f in facts),
        "pdfua": sum(f["pdfua"] == "1" for f in facts),
        "pages": round(statistics.mean(f["pages"] for f in facts), 1) if facts else 0,
        "creator": sorted({f["creator"] for f in facts}),
        "example_title": facts[0]["title"] if facts else "",
        "fonts_embedded": sum(bool(fl) and all(x["embedded"] == "yes" for x in fl) for fl in font_lists),
        "no_fonts": sum(not fl for fl in font_lists),
        "font_types": sorted({x["type"] for fl in font_lists for x in fl}),
        "font_names": sorted({x["name"] for fl in font_lists for x in fl}),
    }


def normal(text: str) -> str:
    """Text for comparison: no bidi controls or punctuation (pdftotext places neutral punctuation
    between right-to-left words by its own rules), compatibility forms folded (presentation forms,
    ligatures), whitespace collapsed."""
    text = unicodedata.normalize("NFKC", BIDI_CONTROLS.sub("", text))
    text = "".join(" " if unicodedata.category(c).startswith("P") else c for c in text)
    return " ".join(text.split())


def needles(page: Path, count: int = 12) -> list[str]:
    """The title, summary and first paragraphs of a built web page: text the PDF must hold in order."""
    from lxml import html

    tree = html.parse(str(page))
    found = [normal(e.text_content()) for e in tree.xpath("//main//h1 | //main//p")]
    return [text for text in found if len(text) >= 12][:count]


def text_order(pdf: Path, wanted: list[str]) -> list[int]:
    """Of the passages ``wanted``: how many pdftotext gives in reading order, how many reversed,
    how many neither; then how many of their words it gives whole, of how many."""
    text = normal(tool(["pdftotext", "-enc", "UTF-8", str(pdf), "-"]))
    forward = sum(1 for w in wanted if w in text)
    backward = sum(1 for w in wanted if w not in text and w[::-1] in text)
    vocabulary = set(text.split())
    words = [word for passage in wanted for word in passage.split()]
    return [forward, backward, len(wanted) - forward - backward, sum(w in vocabulary for w in words), len(words)]


def page_image(pdf: Path, target: Path) -> Path:
    """Page 1 of ``pdf`` as a PNG at 60 dpi (``target`` without its suffix)."""
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
                   check=True)
    return target.with_suffix(".png")


def reproducible(first: list[Rendered], second: list[Rendered]) -> dict[str, Any]:
    """Byte comparison of two renders of the same files; where the first difference lies."""
    same, differences = 0, []
    for a, b in zip(first, second, strict=True):
        left, right = Path(a.out).read_bytes() if not a.error else b"", Path(b.out).read_bytes() if not b.error else b""
        if left and left == right:
            same += 1
            continue
        offset = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left),
                                                                                                     len(right)))
        differences.append({"file": Path(a.out).name, "sizes": [len(left), len(right)], "offset": offset,
                            "around": left[max(0, offset - 40):offset + 40].decode("latin-1")})
    return {"pairs": len(first), "identical": same, "differences": differences[:3]}


# --- install weight ------------------------------------------------------------------------


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: Iterable[str]) -> dict[str, str]:
    """Every installed distribution these requirement strings pull in (name: version), extras followed."""
    from packaging.requirements import Requirement

    found: dict[str, str] = {}
    todo = [Requirement(r) for r in roots]
    while todo:
        requirement = todo.pop()
        name = _canonical(requirement.name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        extras = set(requirement.extras)
        if name in found and not extras:
            continue
        found[name] = dist.version
        for text in dist.requires or []:
            child = Requirement(text)
            if child.marker is None or any(child.marker.evaluate({"extra": e}) for e in extras or {""}):
                todo.append(child)
    return found


def disk_use(name: str) -> tuple[int, int]:
    """Files and bytes on disk (``du``: allocated blocks) of one installed distribution."""
    files = metadata.distribution(name).files or []
    paths = {Path(metadata.distribution(name).locate_file(f)).resolve() for f in files}
    stats = [p.stat() for p in paths if p.is_file()]
    return len(stats), sum(s.st_blocks * 512 for s in stats)


def python_weight() -> dict[str, Any]:
    """Typst's wheel, and WeasyPrint with the distributions it pulls in that the project's own
    runtime dependencies (without Typst) do not."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    base = closure(r for r in project if not r.lower().startswith("typst"))
    typst, weasy = closure(["typst"]), closure(["weasyprint"])

    def rows(names: Iterable[str], versions: dict[str, str]) -> list[dict[str, Any]]:
        return [{"name": n, "version": versions[n], "files": f, "bytes": b}
                for n in sorted(names) for f, b in [disk_use(n)]]

    return {"typst": rows([n for n in typst if n not in base], typst),
            "weasyprint": rows([n for n in weasy if n not in base], weasy),
            "weasyprint_shared": sorted(n for n in weasy if n in base)}


def _owner(path: str) -> str:
    real = os.path.realpath(path)
    for candidate in dict.fromkeys([path, real, real.removeprefix("/usr"), "/usr" + real]):
        out = tool(["dpkg", "-S", candidate])
        if out:
            return out.split(":")[0].strip()
    return "?"


def _linked(path: str) -> set[str]:
    found = {path}
    for line in tool(["ldd", path]).splitlines():
        match = re.search(r"=>\s*(/\S+)", line) or re.match(r"\s*(/\S+)", line)
        if match:
            found.add(match.group(1))
    return {os.path.realpath(p) for p in found if not any(b in Path(p).name for b in BASE_LIBRARIES)}


def system_weight() -> dict[str, Any]:
    """The system libraries each engine needs beyond Python: for WeasyPrint, the ones a fresh
    process loads to print a page that WeasyPrint opens, with everything they link (``ldd``),
    by Debian package; for Typst, what its compiled extension links."""
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False)
    probe = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {"new": []}
    opened = [p for p in probe["new"] if Path(p).name.split(".so")[0] in WEASYPRINT_OPENS]
    libraries = sorted(set().union(*(_linked(p) for p in opened))) if opened else []
    packages: dict[str, dict[str, Any]] = {}
    for library in libraries:
        owner = _owner(library)
        entry = packages.setdefault(owner, {"libraries": [], "kib": 0})
        entry["libraries"].append(Path(library).name)
    for name, entry in packages.items():
        size = tool(["dpkg-query", "-W", "-f=${Installed-Size}", name]).strip()
        entry["kib"] = int(size) if size.isdigit() else 0
    typst_dir = Path(metadata.distribution("typst").locate_file("typst"))
    extensions = [str(p) for p in typst_dir.rglob("*.so")]
    typst_links = sorted({Path(p).name for e in extensions for p in _linked(e)} - {Path(e).name for e in extensions})
    return {"opened": [Path(p).name for p in opened], "libraries": len(libraries),
            "library_bytes": sum(os.path.getsize(p) for p in libraries), "packages": packages,
            "pango": probe.get("pango", "?"), "weasyprint": probe.get("weasyprint", "?"),
            "typst_links": typst_links, "probe_error": done.stderr[-300:] if done.returncode else ""}


# --- the run -------------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement of the run, as plain data."""
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    started = dt.datetime.now(dt.UTC)
    load_start = os.getloadavg()
    code = snapshot_code()
    log(f"catalogue: {args.leaflets} leaflets, {args.locales} locales, seed {args.seed}")
    catalogue = WORK / "catalogue"
    ids = make_catalogue(catalogue, args.leaflets, args.locales, args.seed)
    sample = pick(ids, args.sample)
    repeat = sample[:args.repeat]
    main_pairs = [(slug, locale) for locale in LOCALES for slug in ids]
    urdu_pairs = [(slug, SHAPING_LOCALE) for slug in sample]
    easy_pairs = [(slug, "en-GB") for slug in repeat]
    repeat_pairs = [(slug, locale) for locale in LOCALES for slug in repeat]

    log("web pages for WeasyPrint: leaflets build --format html")
    web = fresh_copy(catalogue, WORK / "web")
    html_step, html_note = build_pages(web, args.jobs, sample, repeat)
    dist = web / "dist"
    missing = [p for p in (*main_pairs, *urdu_pairs) if not page_path(dist, *p).exists()]

    steps: dict[str, Step] = {"typst_command": typst_command(fresh_copy(catalogue, WORK / "typst-cli"), args.jobs)}
    log("planning the build's print jobs for the Typst pool")
    plan_print_jobs(catalogue, {*main_pairs, *urdu_pairs, *easy_pairs})
    outputs: dict[str, list[Rendered]] = {}
    tasks = {
        "typst": typst_tasks(main_pairs, WORK / "typst"),
        "weasyprint": weasyprint_tasks(dist, main_pairs, WORK / "weasyprint"),
        "typst_ur": typst_tasks(urdu_pairs, WORK / "typst-ur"),
        "weasyprint_ur": weasyprint_tasks(dist, urdu_pairs, WORK / "weasyprint-ur"),
        "typst_easy": typst_tasks(easy_pairs, WORK / "typst-easy", "easy-read-pdf"),
        "weasyprint_easy": weasyprint_tasks(dist, easy_pairs, WORK / "weasyprint-easy", easy=True),
    }
    for run_no in (1, 2):
        tasks[f"typst_repeat{run_no}"] = typst_tasks(repeat_pairs, WORK / "repeat" / f"typst-{run_no}")
        tasks[f"weasyprint_repeat{run_no}"] = weasyprint_tasks(dist, repeat_pairs,
                                                               WORK / "repeat" / f"weasyprint-{run_no}")
    for name, todo in tasks.items():
        func = typst_one if name.startswith("typst") else weasyprint_one
        outputs[name], steps[name] = render_all(func, todo, args.jobs, name)

    log("tags, fonts and text order")
    sampled = {(slug, locale) for slug in sample for locale in LOCALES}

    def made(name: str, keep: set[tuple[str, str]] | None = None) -> list[Path]:
        """The PDFs step ``name`` made (of these (leaflet, locale) pairs only)."""
        return [Path(r.out) for r in outputs[name] if not r.error and (keep is None or _pair(r.out) in keep)]

    tags = {engine: {"clear": tag_summary(made(engine, sampled)),
                     "ur": tag_summary(made(f"{engine}_ur")),
                     "easy": tag_summary(made(f"{engine}_easy"))} for engine in ("typst", "weasyprint")}
    sizes = {engine: round(statistics.mean(p.stat().st_size for p in made(engine)) / 1000, 1) if made(engine) else 0
             for engine in ("typst", "weasyprint")}
    order: dict[str, dict[str, list[int]]] = {}
    for engine in ("typst", "weasyprint"):
        order[engine] = {}
        for locale, name in (("ar", engine), (SHAPING_LOCALE, f"{engine}_ur")):
            totals = [0, 0, 0, 0, 0]
            for pdf in made(name, {(slug, locale) for slug in sample}):
                counted = text_order(pdf, needles(page_path(dist, _pair(str(pdf))[0], locale)))
                totals = [t + c for t, c in zip(totals, counted, strict=True)]
            order[engine][locale] = totals

    def same_bytes(one: Path, other: Path) -> bool:
        return one.exists() and other.exists() and one.read_bytes() == other.read_bytes()

    same_as_build = sum(same_bytes(WORK / "typst" / f"{slug}.{locale}.pdf",
                                   WORK / "typst-cli" / "dist" / slug / locale / f"{slug}.{locale}.pdf")
                        for slug, locale in main_pairs)

    log("page images for shaping")
    pages = WORK / "pages"
    pages.mkdir()
    args.pages.mkdir(parents=True, exist_ok=True)
    images = []
    for engine in ("typst", "weasyprint"):
        for locale, name in (("ar", engine), (SHAPING_LOCALE, f"{engine}_ur")):
            pdf = next((p for p in made(name) if _pair(str(p)) == (sample[0], locale)), None)
            if pdf is not None:
                image = page_image(pdf, pages / f"{engine}-{locale}")
                shutil.copy2(image, args.pages / image.name)
                images.append(str(args.pages / image.name))

    log("install weight")
    return {
        "started": started.isoformat(timespec="seconds"),
        "ended": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_start": load_start, "load_end": os.getloadavg()},
        "args": {"leaflets": args.leaflets, "locales": args.locales, "seed": args.seed, "jobs": args.jobs,
                 "sample": len(sample), "repeat": len(repeat)},
        "code": code, "sample": sample, "missing_pages": len(missing),
        "html": asdict(html_step), "html_note": html_note,
        "steps": {name: asdict(step) for name, step in steps.items()},
        "sizes_kb": sizes, "typst_same_as_build": same_as_build, "tags": tags, "order": order, "images": images,
        "repeat": {engine: reproducible(outputs[f"{engine}_repeat1"], outputs[f"{engine}_repeat2"])
                   for engine in ("typst", "weasyprint")},
        "python_weight": python_weight(), "system_weight": system_weight(),
        "versions": {"typst": metadata.version("typst"), "weasyprint": metadata.version("weasyprint"),
                     "pikepdf": metadata.version("pikepdf"),
                     "poppler": (tool(["pdfinfo", "-v"]) or subprocess.run(["pdfinfo", "-v"], capture_output=True,
                                                                          text=True, check=False).stderr)
                     .splitlines()[0] if shutil.which("pdfinfo") else "?"},
    }


def _pair(out: str) -> tuple[str, str]:
    """(leaflet, locale) of an output named ``<id>.<locale>.pdf``."""
    slug, locale, _ = Path(out).name.rsplit(".", 2)
    return slug, locale


# --- the report ----------------------------------------------------------------------------


def _n(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "–"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(r) + " |" for r in rows)]


def report(data: dict[str, Any], observations: str) -> str:
    """ENGINES.md from the measurements (and a person's observations of the page images)."""
    a, s, m = data["args"], data["steps"], data["machine"]
    lines = [
        "# Printed leaflets: Typst against WeasyPrint",
        "",
        "Written by `bench/engines.py`; do not edit, run it again "
        f"(`python bench/engines.py --leaflets {a['leaflets']} --jobs {a['jobs']} --seed {a['seed']}`). "
        "Every figure below was measured by that run.",
        "",
        f"Run {data['started']} to {data['ended']} on {m['platform']}, Python {m['python']}, {m['cpus']} CPUs. "
        f"Typst {data['versions']['typst']} (PyPI `typst`), WeasyPrint {data['versions']['weasyprint']} "
        f"(Pango {data['system_weight']['pango']}), pikepdf {data['versions']['pikepdf']}, "
        f"{data['versions']['poppler']}. 1-minute load average {m['load_start'][0]:.2f} at the start, "
        f"{m['load_end'][0]:.2f} at the end.",
        "",
        f"Catalogue: `bench/generate.py --leaflets {a['leaflets']} --locales {a['locales']} --seed {a['seed']}`. "
        f"Clear-print edition of every leaflet in {' and '.join(LOCALES)}, and of {a['sample']} leaflets in "
        f"{SHAPING_LOCALE}; SOURCE_DATE_EPOCH={EPOCH}; {a['jobs']} worker processes for each engine.",
        "",
        f"Code: the `pipeline` package as it was when the run started (commit {data['code']['commit']} with "
        f"{data['code']['uncommitted']} uncommitted change(s) in `pipeline/`; sha256 of the copy "
        f"{data['code']['sha256']}), copied under `bench/work/engines/code/` and used by every step, the "
        "`leaflets` commands included, so edits made to the tree during the run do not reach it.",
        "",
        "## Throughput",
        "",
    ]
    rows = []
    labels = {"typst_command": ("Typst", "`leaflets build --format pdf` (whole command: reads Markdown and PO too)"),
              "typst": ("Typst", "the build's print jobs (`render_pdf`) in a pool"),
              "weasyprint": ("WeasyPrint", "built web page to `pdf/ua-1` in a pool"),
              "typst_ur": ("Typst", f"the same, {SHAPING_LOCALE} sample"),
              "weasyprint_ur": ("WeasyPrint", f"the same, {SHAPING_LOCALE} sample")}
    for key, (engine, what) in labels.items():
        st = s[key]
        rows.append([engine, what, str(st["made"]), str(st["failed"]), _n(st["wall"]), _n(st["cpu"], 1),
                     _n(st["made"] / st["wall"] if st["wall"] else 0, 1),
                     _n(st["made"] / st["cpu"] if st["cpu"] else 0, 1),
                     _n(st["per_pdf"], 3) if key != "typst_command" else "–",
                     f"{st['load'][0]:.2f} / {st['load'][1]:.2f}"])
    lines += _table(["Engine", "What is timed", "PDFs", "Failed", "Wall s", "CPU s", "PDFs/s", "PDFs per CPU-s",
                     "Median CPU s per PDF", "Load start / end"], rows)
    typ, wea, cmd = s["typst"], s["weasyprint"], s["typst_command"]

    def rate(st: dict[str, Any], key: str) -> float:
        return st["made"] / st[key] if st[key] else 0.0

    lines += [
        "",
        f"**Ratio (Typst / WeasyPrint), {typ['made']} and {wea['made']} PDFs:** "
        f"{_ratio(rate(typ, 'wall'), rate(wea, 'wall'))} in PDFs per second, "
        f"{_ratio(rate(typ, 'cpu'), rate(wea, 'cpu'))} per CPU-second (pool against pool, "
        f"the like-for-like figure); the whole `leaflets build` command against the WeasyPrint pool: "
        f"{_ratio(rate(cmd, 'wall'), rate(wea, 'wall'))}. In {SHAPING_LOCALE}: "
        f"{_ratio(rate(s['typst_ur'], 'wall'), rate(s['weasyprint_ur'], 'wall'))} per second, "
        f"median per-PDF CPU {_ratio(s['weasyprint_ur']['per_pdf'], s['typst_ur']['per_pdf'])} less for Typst.",
        "",
        f"Mean size of a clear-print PDF: Typst {data['sizes_kb']['typst']} kB, WeasyPrint "
        f"{data['sizes_kb']['weasyprint']} kB; mean pages (sample): Typst {data['tags']['typst']['clear']['pages']}, "
        f"WeasyPrint {data['tags']['weasyprint']['clear']['pages']}.",
        "",
        f"Not counted for WeasyPrint: the web pages it prints. `leaflets build --format html` for "
        f"{' and '.join(LOCALES)} took {_n(data['html']['wall'])} s wall ({data['html']['made']} pages), but that "
        "build also makes every PDF and EPUB in memory to show their sizes on the page, so it is no measure of "
        f"HTML alone. Pages missing for printing: {data['missing_pages']}.",
    ]
    stages = "; ".join(f"`{x}`" for x in cmd.get("summary", []))
    lines += ["", f"The whole command used {_ratio(cmd['cpu'], typ['cpu'])} the CPU time of the pool for the same "
              f"{cmd['made']} PDFs" + (f" (its stage lines: {stages})" if stages else "") + ". Besides reading "
              "the Markdown and PO files, a build of only some formats and locales also makes, in memory, each "
              "download it leaves out that is not already in dist/, to show its size on the catalogue page "
              "(`catalogue_size` in pipeline/incremental.py); the pool makes only the PDFs."]
    lines += ["", f"Cross-check: {data['typst_same_as_build']} of {len(LOCALES) * a['leaflets']} PDFs of the "
              "Typst pool are byte-identical to the ones `leaflets build` wrote in the timed command."]
    if data["html_note"]:
        lines += ["", data["html_note"]]
    for key in ("typst_command", "typst", "weasyprint", "typst_ur", "weasyprint_ur", "typst_easy",
                "weasyprint_easy"):
        if s[key]["errors"]:
            lines += ["", f"Failures of `{key}` (first {len(s[key]['errors'])}):", "",
                      *(f"- `{e}`" for e in s[key]["errors"])]
    warned = s["weasyprint"]["warnings"]
    if warned:
        lines += ["", "WeasyPrint's most frequent warnings over the main run (numbers shown as N):", "",
                  *(f"- {count} x `{text}`" for text, count in warned.items())]

    lines += ["", "## Tag structure and fonts", "",
              f"Sample: {a['sample']} leaflets x {' and '.join(LOCALES)} = {data['tags']['typst']['clear']['pdfs']} "
              f"clear-print PDFs per engine (pikepdf, pdffonts), plus the {SHAPING_LOCALE} sample and, for figures, "
              f"the easy-read edition of {a['repeat']} leaflets in en-GB (clear print has no pictures).", ""]
    t, w = data["tags"]["typst"], data["tags"]["weasyprint"]

    def frac(summary: dict[str, Any], key: str) -> str:
        return f"{summary[key]}/{summary['pdfs']}"

    def both(fact: Callable[[dict[str, Any]], str], part: str = "clear") -> list[str]:
        return [fact(t[part]), fact(w[part])]

    def font_types(summary: dict[str, dict[str, Any]]) -> str:
        return ", ".join(dict.fromkeys(summary["clear"]["font_types"] + summary["easy"]["font_types"]))

    rows = [
        ["Tagged (`/MarkInfo /Marked true`)", *both(lambda x: frac(x, "marked"))],
        ["`/StructTreeRoot` present", *both(lambda x: frac(x, "struct_tree"))],
        ["PDF/UA part claimed in XMP (`pdfuaid:part` 1)", *both(lambda x: frac(x, "pdfua"))],
        ["`/Lang` in the catalog (values)", *both(lambda x: f"{frac(x, 'lang')} ({', '.join(x['langs'])})")],
        ["Title in metadata", *both(lambda x: frac(x, "title"))],
        ["`/DisplayDocTitle true`", *both(lambda x: frac(x, "display_doc_title"))],
        ["Example title (en-GB)", *both(lambda x: f"`{x['example_title']}`")],
        *([f"{kind} per PDF (mean)", *both(lambda x, k=kind: str(x["per_pdf"][k]))] for kind in KINDS),
        ["Other structure types", *both(lambda x: ", ".join(x["other_types"]) or "–")],
        ["`/RoleMap` entries", *both(lambda x: ", ".join(x["role_map"]) or "none")],
        [f"Figures with `/Alt`, easy read ({t['easy']['pdfs']} and {w['easy']['pdfs']} PDFs)",
         *both(lambda x: f"{x['figures_alt']} of {x['figures']}", "easy")],
        ["Figures with `/Alt`, clear print", *both(lambda x: f"{x['figures_alt']} of {x['figures']}")],
        ["Every font embedded (pdffonts), clear print", *both(lambda x: frac(x, "fonts_embedded"))],
        [f"Every font embedded, {SHAPING_LOCALE}", *both(lambda x: frac(x, "fonts_embedded"), "ur")],
        ["Every font embedded, easy read", *both(lambda x: frac(x, "fonts_embedded"), "easy")],
        ["Font types (clear print and easy read)", font_types(t), font_types(w)],
        ["Fonts (clear print, en-GB and ar)", *both(lambda x: ", ".join(x["font_names"]))],
        [f"Fonts ({SHAPING_LOCALE})", *both(lambda x: ", ".join(x["font_names"]), "ur")],
        ["Producer / creator", *both(lambda x: ", ".join(x["creator"]))],
    ]
    lines += _table(["Check", "Typst", "WeasyPrint"], rows)

    lines += ["", "## Reproducibility", "",
              f"The same {a['repeat']} leaflets in {' and '.join(LOCALES)}, rendered twice by each engine, each time "
              f"in new worker processes, SOURCE_DATE_EPOCH={EPOCH}.", ""]
    rows = []
    for engine, name in (("typst", "Typst"), ("weasyprint", "WeasyPrint")):
        rep = data["repeat"][engine]
        where = "; ".join(f"{d['file']}: sizes {d['sizes'][0]} / {d['sizes'][1]}, first difference at byte "
                          f"{d['offset']}" for d in rep["differences"]) or "–"
        rows.append([name, f"{rep['identical']} of {rep['pairs']}", where])
    lines += _table(["Engine", "Byte-identical pairs", "Differences (first 3)"], rows)

    pw, sw = data["python_weight"], data["system_weight"]
    typst_total = sum(r["bytes"] for r in pw["typst"])
    weasy_total = sum(r["bytes"] for r in pw["weasyprint"])
    system_total = sum(p["kib"] for p in sw["packages"].values()) * 1024
    lines += ["", "## Install weight", "",
              "Disk use (allocated blocks, as `du` counts) of each installed distribution's files, found with "
              "`importlib.metadata`. For WeasyPrint, the distributions it pulls in (requirements walked, extras "
              "followed) that the project's own runtime dependencies, Typst left out, do not already bring.", ""]
    rows = [["Typst", ", ".join(f"{r['name']} {r['version']}" for r in pw["typst"]), _mb(typst_total)],
            ["WeasyPrint", ", ".join(f"{r['name']} {r['version']} ({_mb(r['bytes'])})" for r in pw["weasyprint"]),
             _mb(weasy_total)]]
    lines += _table(["Engine", "Distributions", "Disk"], rows)
    shared = ", ".join(pw["weasyprint_shared"]) or "nothing"
    typst_links = ", ".join(sw["typst_links"]) or "nothing more"
    lines += ["", f"WeasyPrint also needs, already in the project: {shared}.",
              "",
              f"System libraries: Typst's extension module links {typst_links} "
              f"(beyond {', '.join(BASE_LIBRARIES)}). WeasyPrint opens {', '.join(sw['opened'])}; with what they "
              f"link (`ldd`) that is {sw['libraries']} libraries ({_mb(sw['library_bytes'])} of .so files) from "
              f"{len(sw['packages'])} Debian packages, {_mb(system_total)} installed size (dpkg; many are on most "
              "systems already, a slim container image lacks them):", ""]
    lines += _table(["Package", "Installed size", "Libraries"],
                    [[name, f"{p['kib']:,} KiB", ", ".join(sorted(p["libraries"]))]
                     for name, p in sorted(data["system_weight"]["packages"].items())])
    if sw["probe_error"]:
        lines += ["", f"The library probe failed: `{sw['probe_error']}`"]

    lines += ["", "## Shaping and text order", "",
              f"Text order: for the {a['sample']} sample leaflets, the title and first paragraphs of the built web "
              "page (bidi controls and punctuation removed, compatibility forms folded) looked for in `pdftotext` "
              "of each PDF: whole passages, forwards or reversed, and each of their words on its own.", ""]
    rows = []
    for locale in ("ar", SHAPING_LOCALE):
        for engine, name in (("typst", "Typst"), ("weasyprint", "WeasyPrint")):
            fwd, back, neither, found, words = data["order"][engine][locale]
            rows.append([locale, name, str(fwd), str(back), str(neither),
                         f"{found:,} of {words:,} ({100 * found / words if words else 0:.0f}%)"])
    lines += _table(["Locale", "Engine", "Passages in reading order", "Reversed", "Neither",
                     "Words extracted whole"], rows)
    lines += ["", f"Page 1 of `{data['sample'][0]}` in ar and {SHAPING_LOCALE} from each engine, at 60 dpi "
              "(`pdftoppm`), left in " + ", ".join(f"`{p}`" for p in data["images"]) + "."]
    lines += ["", "### Seen in the page images", ""]
    lines += [observations.strip()] if observations.strip() else [
        "Not recorded: no `--observations` file was given. Look at the images above."]
    lines += ["", "## How it was measured", "",
              "- *Wall s*: monotonic clock from starting the worker pool (or the command) to its end, worker start-up "
              "and imports included. *CPU s*: user + system time of the reaped child processes (`getrusage`). "
              "*Median CPU s per PDF*: inside the worker, one PDF. The parent process never runs either engine, "
              "so each pool is forked clean.",
              "- Typst's pool runs the very jobs `leaflets build` plans (`pipeline.build.edition_jobs`): JSON data "
              "from the document model, then `typst.Compiler.compile(..., pdf_standards=['ua-1'])`. WeasyPrint's "
              "pool runs `weasyprint.HTML(filename=page).write_pdf(out, pdf_variant='pdf/ua-1')` on the built "
              "standard page, which links `../../assets/leaflet.css` (its `@media print` rules) and pictures "
              "in `dist/assets/pictures/`.",
              "- This machine may be shared: compare the per-CPU-second ratio with the per-second one, and the load "
              "average columns; where they disagree, other work was running.",
              ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Measure (unless ``--report-only``), save the measurements, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaflets", type=int, default=100, help="leaflets in the catalogue (default 100)")
    parser.add_argument("--locales", type=int, default=6, help="locales in the catalogue, at least 5 so it has ar "
                        "and ur (default 6)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for each engine (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="catalogue seed (default 1)")
    parser.add_argument("--sample", type=int, default=10, help="leaflets for tags, Urdu and text order (default 10)")
    parser.add_argument("--repeat", type=int, default=5, help="leaflets rendered twice for reproducibility (default 5)")
    parser.add_argument("--results", type=Path, default=BENCH / "ENGINES.md", help="report (default bench/ENGINES.md)")
    parser.add_argument("--pages", type=Path, default=Path("/tmp/engine-pages"),
                        help="where the page images and measurements.json go (default /tmp/engine-pages)")
    parser.add_argument("--observations", type=Path, help="Markdown: what a person saw in the page images")
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from PAGES/measurements.json")
    parser.add_argument("--keep", action="store_true", help="keep bench/work/engines/ (default: removed at the end)")
    args = parser.parse_args(argv)
    if args.locales < 5:
        parser.error("--locales must be at least 5: the catalogue's 4th and 5th locales are ar and ur")
    saved = args.pages / "measurements.json"
    if args.report_only:
        data = json.loads(saved.read_text("utf-8"))
    else:
        try:
            data = measure(args)
        finally:
            if not args.keep:
                shutil.rmtree(WORK, ignore_errors=True)
                with contextlib.suppress(OSError):
                    WORK.parent.rmdir()  # bench/work, when nothing else is in it
        saved.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    observations = args.observations.read_text("utf-8") if args.observations else ""
    args.results.write_text(report(data, observations), "utf-8")
    log(f"wrote {args.results} (measurements: {saved})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
