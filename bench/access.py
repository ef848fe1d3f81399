"""What the braille and audio editions cost to build: one catalogue, one machine, one run.

    .venv/bin/python bench/access.py                       # 100 leaflets for braille, 5 for audio, 2 workers
    .venv/bin/python bench/access.py --leaflets 20 --audio-leaflets 1   # a quicker try of the harness

The benchmark catalogue of bench/generate.py (6 locales: cy pl es ar ur fr, and the source
en-GB) is made under bench/work/access/. Every build below is ``leaflets build --jobs N
--format json`` on a fresh copy of it (no dist/, so no build manifest and nothing reused), with
the ``formats`` setting of its ``[tool.leaflets]`` table naming what is built:

1. braille only (``brf``, ``pef``, ``easy-read-brf``, ``easy-read-pef``) on the whole catalogue;
2. the seven web, e-book and print formats on the same catalogue, timed the same way, so that
   braille's cost can be given as a share of that cold build;
3. ``audio`` and ``read-aloud-epub`` on a slice of the catalogue (``--audio-leaflets``), then
   ``audio`` alone on another fresh copy of the same slice: what the read-aloud EPUB adds. Every
   ``.opus`` file is measured with ffprobe (duration, chapters) for seconds of audio per second
   of build.

What the builds skipped and why (their JSON ``skipped`` and ``notes``) goes into the report too.
The ``pipeline`` package is copied into the work folder first and every command runs that copy
(PYTHONPATH), so edits made to the tree while the run goes on cannot reach it. The report is
bench/ACCESS.md; bench/work/ is deleted at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK_ROOT = BENCH / "work"
WORK = WORK_ROOT / "access"
CLI = Path(sys.executable).parent / "leaflets"
LOCALES = 6  # cy pl es ar ur fr, as the catalogue of issue 6
BRAILLE = ("brf", "pef", "easy-read-brf", "easy-read-pef")
DEFAULT = ("html", "easy-read-html", "epub", "easy-read-epub", "pdf", "large-print-pdf", "easy-read-pdf")
AUDIO = ("audio", "read-aloud-epub")
AUDIO_ONLY = ("audio",)
BUILD_TIMEOUT = 1500  # seconds for one build
GENERATE_TIMEOUT = 900
TOOL_TIMEOUT = 60


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Step:
    """What one timed command cost."""

    wall: float = 0.0
    cpu: float = 0.0  # user + system seconds of the command and every process it reaped
    user: float = 0.0
    system: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at start and at end
    code: int = 0


@contextlib.contextmanager
def timed() -> Iterator[Step]:
    """Wall clock, children's CPU time (``getrusage(RUSAGE_CHILDREN)``) and load average around a block."""
    step = Step(load=(os.getloadavg()[0], 0.0))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    yield step
    step.wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    step.user = after.ru_utime - before.ru_utime
    step.system = after.ru_stime - before.ru_stime
    step.cpu = step.user + step.system
    step.load = (step.load[0], os.getloadavg()[0])


def run(command: Sequence[str], cwd: Path, name: str, timeout: float) -> int:
    """Run a command with its output in WORK/logs/<name>.out and .err; its exit code (124 on timeout)."""
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"{name}.out").open("wb") as out, (logs / f"{name}.err").open("wb") as err:
        try:
            return subprocess.run(list(command), cwd=cwd, stdout=out, stderr=err, timeout=timeout,
                                  check=False).returncode
        except subprocess.TimeoutExpired:
            err.write(f"\ntimed out after {timeout} s\n".encode())
            return 124


def tool(command: Sequence[str]) -> str:
    """A tool's standard output ("" when it fails or is missing)."""
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""


# --- the code under test and the machine -------------------------------------------------


def snapshot_code() -> dict[str, Any]:
    """Copy the ``pipeline`` package into WORK/code, compile its bytecode (as a wheel install does)
    and put it first on the path of every command (PYTHONPATH): edits made to the tree during the
    run cannot mix two versions of the code. Its commit, uncommitted changes and a digest of the copy."""
    target = WORK / "code"
    shutil.copytree(REPO / "pipeline", target / "pipeline", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    digest = hashlib.sha256()
    for path in sorted(p for p in (target / "pipeline").rglob("*") if p.is_file()):
        digest.update(path.relative_to(target).as_posix().encode() + b"\0" + path.read_bytes())
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target)], check=False, timeout=300)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")]))
    imported = subprocess.run([sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
                              capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False,
                              cwd=WORK).stdout.strip()  # cwd: not the repository, which `-c` would put first
    if not imported.startswith(str(target)):
        raise SystemExit(f"the copy of the pipeline package is not the one imported ({imported!r})")
    changed = tool(["git", "-C", str(REPO), "status", "--porcelain", "--", "pipeline"]).splitlines()
    return {"commit": tool(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]).strip() or "?",
            "uncommitted": len(changed), "sha256": digest.hexdigest()[:16]}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "?"


def machine() -> dict[str, Any]:
    """Facts about this machine and the tools the builds use."""
    cpu = "?"
    memory = "?"
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "?")
    with contextlib.suppress(OSError):
        memory = next((line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")), "?")
    os_name = "?"
    with contextlib.suppress(OSError):
        os_name = next((line.split("=", 1)[1].strip().strip('"') for line in
                        Path("/etc/os-release").read_text().splitlines() if line.startswith("PRETTY_NAME=")), "?")
    packages = {}
    for name in ("liblouis20", "espeak-ng", "ffmpeg"):
        packages[name] = tool(["dpkg-query", "-W", "-f=${Version}", name]).strip() or "?"
    return {
        "platform": platform.platform(), "os": os_name, "cpu": cpu, "cpus": os.cpu_count(), "memory": memory,
        "python": platform.python_version(),
        "espeak": _first_line(tool(["espeak-ng", "--version"])).split("  Data at")[0],
        "ffprobe": _first_line(tool(["ffprobe", "-version"])).split(" Copyright")[0],
        "packages": packages,
        "leaflets": _first_line(tool([str(CLI), "--version"])),
    }


# --- the catalogue -------------------------------------------------------------------------


def make_catalogue(folder: Path, leaflets: int, seed: int) -> list[str]:
    """The benchmark catalogue in ``folder``; its leaflet ids, sorted."""
    command = [sys.executable, str(BENCH / "generate.py"), str(folder), "--leaflets", str(leaflets),
               "--locales", str(LOCALES), "--seed", str(seed)]
    code = run(command, REPO, "generate", GENERATE_TIMEOUT)
    if code != 0:
        raise SystemExit(f"bench/generate.py failed (exit {code}): see {WORK / 'logs' / 'generate.err'}")
    return sorted(path.stem for path in (folder / "source").glob("*.md"))


def pick(ids: list[str], count: int) -> list[str]:
    """``count`` ids spread evenly over the catalogue."""
    count = min(count, len(ids))
    return [ids[index * len(ids) // count] for index in range(count)]


def set_formats(pyproject: Path, formats: Sequence[str]) -> None:
    """Put ``formats = [...]`` in the ``[tool.leaflets]`` table of a copied pyproject.toml (replacing one there)."""
    lines = [line for line in pyproject.read_text("utf-8").splitlines() if not line.startswith("formats =")]
    where = lines.index("[tool.leaflets]") + 1
    lines.insert(where, "formats = [" + ", ".join(f'"{f}"' for f in formats) + "]")
    text = "\n".join(lines) + "\n"
    assert tomllib.loads(text)["tool"]["leaflets"]["formats"] == list(formats)
    pyproject.write_text(text, "utf-8")


def fresh_copy(catalogue: Path, target: Path, formats: Sequence[str], slugs: Sequence[str] | None = None) -> Path:
    """A copy of the catalogue (of only these leaflets, if given) with no dist/: what a cold build
    starts from, with its ``formats`` setting."""
    target.mkdir(parents=True)
    shutil.copy2(catalogue / "pyproject.toml", target)
    set_formats(target / "pyproject.toml", formats)
    if slugs is None:
        for part in ("source", "locales"):
            shutil.copytree(catalogue / part, target / part)
        return target
    keep = {*slugs, "ui"}
    (target / "source").mkdir()
    for slug in slugs:
        shutil.copy2(catalogue / "source" / f"{slug}.md", target / "source")
    for path in (catalogue / "locales").rglob("*"):
        if path.is_file() and path.stem in keep:
            destination = target / path.relative_to(catalogue)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
    return target


# --- one build -----------------------------------------------------------------------------


@dataclass
class Built:
    """One cold build: its cost, what it wrote per format, and what its JSON summary said."""

    name: str
    formats: list[str]
    leaflets: int
    step: Step = field(default_factory=Step)
    files: dict[str, int] = field(default_factory=dict)  # format: files in dist/<id>/<locale>/
    sizes: dict[str, int] = field(default_factory=dict)  # format: bytes
    locales: dict[str, list[str]] = field(default_factory=dict)  # format: locales that got it
    other_files: int = 0  # catalogue pages, dashboard, assets, manifest
    counts: dict[str, int] = field(default_factory=dict)  # the JSON summary's counts
    seconds: dict[str, float] = field(default_factory=dict)  # the build's own stage times
    skipped: list[dict[str, str]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def made(self) -> int:
        """Edition files of the formats asked for."""
        return sum(self.files.get(f, 0) for f in self.formats)


def kind_of(path: Path, slug: str, locale: str) -> str:
    """The ``--format`` name of a file in dist/<slug>/<locale>/ (``index.html`` is ``html``,
    ``<slug>.<locale>.easy-read.brf`` is ``easy-read-brf``, ``.opus`` is ``audio``)."""
    name = path.name
    if name == "index.html":
        return "html"
    rest = name.removeprefix(f"{slug}.{locale}.")
    stem, _, suffix = rest.rpartition(".")
    if suffix == "opus":
        return "audio" if not stem else f"{stem}-audio"
    return f"{stem}-{suffix}" if stem else suffix


def edition_files(dist: Path, slugs: Sequence[str]) -> Iterator[tuple[str, str, str, Path]]:
    """(format, leaflet, locale, path) of every file in the editions' folders of dist/."""
    for slug in slugs:
        folder = dist / slug
        if not folder.is_dir():
            continue
        for locale_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            for path in sorted(p for p in locale_dir.iterdir() if p.is_file()):
                yield kind_of(path, slug, locale_dir.name), slug, locale_dir.name, path


def build(project: Path, name: str, formats: Sequence[str], slugs: Sequence[str], jobs: int) -> Built:
    """``leaflets build --jobs N --format json`` on a fresh copy, timed as a whole command."""
    log(f"{name}: leaflets build --jobs {jobs} ({', '.join(formats)}) on {len(slugs)} leaflet(s)")
    command = [str(CLI), "build", "--jobs", str(jobs), "--format", "json"]
    result = Built(name, list(formats), len(slugs))
    with timed() as step:
        step.code = run(command, project, name, BUILD_TIMEOUT)
    result.step = step
    dist = project / "dist"
    files: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    locales: dict[str, set[str]] = defaultdict(set)
    inside = set()
    for kind, _, locale, path in edition_files(dist, slugs):
        files[kind] += 1
        sizes[kind] += path.stat().st_size
        locales[kind].add(locale)
        inside.add(path)
    result.files, result.sizes = dict(sorted(files.items())), dict(sorted(sizes.items()))
    result.locales = {kind: sorted(found) for kind, found in sorted(locales.items())}
    result.other_files = sum(1 for p in dist.rglob("*") if p.is_file() and p not in inside) if dist.is_dir() else 0
    try:
        summary = json.loads((WORK / "logs" / f"{name}.out").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        summary = {}
        result.error = f"no JSON summary ({type(exc).__name__}); exit {step.code}, see bench/work/access/logs"
    result.counts = summary.get("counts", {})
    result.seconds = {k: round(v, 3) for k, v in summary.get("seconds", {}).items()}
    result.skipped = summary.get("skipped", [])
    result.notes = summary.get("notes", [])
    result.problems = summary.get("problems", [])
    if step.code != 0 and not result.error:
        err = (WORK / "logs" / f"{name}.err").read_text("utf-8", errors="replace").strip().splitlines()
        result.error = f"exit {step.code}: {err[-1] if err else ''}"[:300]
    log(f"{name}: {result.made} file(s) of the formats asked for, {step.wall:.1f} s wall, {step.cpu:.1f} s CPU, "
        f"exit {step.code}")
    return result


# --- audio ---------------------------------------------------------------------------------


def ffprobe(path: Path) -> dict[str, Any]:
    """Duration in seconds and number of chapters of one audio file (ffprobe)."""
    out = tool(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-show_chapters", "-of", "json",
                str(path)])
    try:
        data = json.loads(out)
        return {"duration": float(data["format"]["duration"]), "chapters": len(data.get("chapters", []))}
    except (ValueError, KeyError, TypeError):
        return {"duration": 0.0, "chapters": 0, "error": "ffprobe gave no duration"}


def audio_facts(project: Path, slugs: Sequence[str]) -> dict[str, Any]:
    """Every .opus file's duration, chapters and size, and every read-aloud EPUB's size, by locale."""
    per_locale: dict[str, dict[str, Any]] = {}
    unreadable = 0
    for kind, _, locale, path in edition_files(project / "dist", slugs):
        entry = per_locale.setdefault(locale, {"opus": 0, "seconds": 0.0, "chapters": 0, "opus_bytes": 0,
                                               "epubs": 0, "epub_bytes": 0, "longest": 0.0, "shortest": 0.0})
        if kind == "audio":
            facts = ffprobe(path)
            unreadable += "error" in facts
            entry["opus"] += 1
            entry["seconds"] += facts["duration"]
            entry["chapters"] += facts["chapters"]
            entry["opus_bytes"] += path.stat().st_size
            entry["longest"] = max(entry["longest"], facts["duration"])
            entry["shortest"] = min(entry["shortest"] or facts["duration"], facts["duration"])
        elif kind == "read-aloud-epub":
            entry["epubs"] += 1
            entry["epub_bytes"] += path.stat().st_size
    return {"locales": dict(sorted(per_locale.items(), key=lambda item: _locale_order(item[0]))),
            "seconds": sum(e["seconds"] for e in per_locale.values()),
            "opus": sum(e["opus"] for e in per_locale.values()), "unreadable": unreadable}


def _locale_order(locale: str) -> tuple[int, str]:
    order = ("en-GB", "cy", "pl", "es", "ar", "ur", "fr")
    return (order.index(locale), locale) if locale in order else (len(order), locale)


# --- the run -------------------------------------------------------------------------------


def measure(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Every measurement of the run, as plain data."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    load_start = os.getloadavg()
    code = snapshot_code()
    facts = machine()
    log(f"catalogue: {args.leaflets} leaflets, {LOCALES} locales, seed {args.seed}")
    catalogue = WORK / "catalogue"
    with timed() as generate_step:
        ids = make_catalogue(catalogue, args.leaflets, args.seed)
    manifest = json.loads((catalogue / "bench-manifest.json").read_text("utf-8"))
    languages = ["en-GB", *tomllib.loads((catalogue / "pyproject.toml").read_text("utf-8"))["tool"]["leaflets"]
                 ["locales"]]
    slice_ids = pick(ids, args.audio_leaflets)

    builds: dict[str, Built] = {}
    builds["braille"] = build(fresh_copy(catalogue, WORK / "braille", BRAILLE), "braille", BRAILLE, ids, args.jobs)
    builds["default"] = build(fresh_copy(catalogue, WORK / "default", DEFAULT), "default", DEFAULT, ids, args.jobs)
    audio_project = fresh_copy(catalogue, WORK / "audio", AUDIO, slice_ids)
    builds["audio"] = build(audio_project, "audio", AUDIO, slice_ids, args.jobs)
    audio = audio_facts(audio_project, slice_ids)
    only_project = fresh_copy(catalogue, WORK / "audio-only", AUDIO_ONLY, slice_ids)
    builds["audio_only"] = build(only_project, "audio_only", AUDIO_ONLY, slice_ids, args.jobs)
    audio_only = audio_facts(only_project, slice_ids)
    same_audio = sum(
        (audio_project / "dist" / p.relative_to(only_project / "dist")).is_file()
        and (audio_project / "dist" / p.relative_to(only_project / "dist")).read_bytes() == p.read_bytes()
        for kind, _, _, p in edition_files(only_project / "dist", slice_ids) if kind == "audio")

    return {
        "started": started.isoformat(timespec="seconds"),
        "ended": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "total_seconds": time.perf_counter() - clock,
        "command": command,
        "machine": {**facts, "load_start": load_start, "load_end": os.getloadavg()},
        "args": {"leaflets": args.leaflets, "audio_leaflets": len(slice_ids), "jobs": args.jobs, "seed": args.seed,
                 "locales": LOCALES},
        "code": code, "languages": languages, "slice": slice_ids,
        "catalogue": {"leaflets": len(ids), "po_files": manifest.get("po_files"),
                      "how": manifest.get("po_source"),
                      "generate": asdict(generate_step)},
        "builds": {name: {**asdict(b), "made": b.made} for name, b in builds.items()},
        "audio": audio, "audio_only": audio_only, "same_audio": same_audio,
    }


# --- the report ----------------------------------------------------------------------------


def _n(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}"


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:.0f}%" if b else "–"


def _kb(size: float) -> str:
    return f"{size / 1000:,.1f}"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(r) + " |" for r in rows)]


def _load(step: dict[str, Any]) -> str:
    return f"{step['load'][0]:.2f} / {step['load'][1]:.2f}"


def _grouped(build: dict[str, Any], key: str, field_name: str) -> list[tuple[str, str, int]]:
    """(locale, reason, editions) of a build's skipped list or notes, the leaflet taken out."""
    counted: Counter[tuple[str, str]] = Counter()
    for entry in build[key]:
        where = entry.get("edition", "")
        locale = where.rsplit("/", 1)[-1] if "/" in where else where
        counted[(locale, entry.get(field_name, ""))] += 1
    return [(locale, reason, count) for (locale, reason), count in
            sorted(counted.items(), key=lambda item: (_locale_order(item[0][0]), item[0][1]))]


def report(data: dict[str, Any]) -> str:
    """ACCESS.md from the measurements."""
    a, m, b = data["args"], data["machine"], data["builds"]
    braille, default, audio, only = b["braille"], b["default"], b["audio"], b["audio_only"]
    languages = data["languages"]
    lines = [
        "# Braille and audio editions: what they cost to build",
        "",
        "Generated by `bench/access.py`; do not edit, run it again. Every figure below was measured by this run:",
        "",
        f"    {data['command']}",
        "",
        "## Machine and code",
        "",
        f"- run {data['started']} to {data['ended']} ({_n(data['total_seconds'], 0)} s in all)",
        f"- {m['os']}, {m['platform']}; CPU {m['cpu']}, {m['cpus']} CPUs; memory {m['memory']}; Python {m['python']}",
        f"- 1-minute load average at the start {m['load_start'][0]:.2f} (5 and 15 min: {m['load_start'][1]:.2f}, "
        f"{m['load_start'][2]:.2f}); at the end {m['load_end'][0]:.2f} ({m['load_end'][1]:.2f}, "
        f"{m['load_end'][2]:.2f})" + (" — the machine was busy: wall times are slower than on an idle machine, "
                                      "CPU times much less so" if max(m["load_start"][0], m["load_end"][0]) >= 1
                                      else ""),
        f"- {m['leaflets']}; liblouis {m['packages']['liblouis20']} (Debian), {m['espeak']}, {m['ffprobe']} "
        f"(ffmpeg {m['packages']['ffmpeg']})",
        f"- code: the `pipeline` package at commit {data['code']['commit']} with {data['code']['uncommitted']} "
        f"uncommitted change(s) in `pipeline/` (sha256 of the copy {data['code']['sha256']}), copied under "
        "`bench/work/access/code/` with its bytecode compiled and run by every command (PYTHONPATH), so edits "
        "made to the tree during the run do not reach it",
        "",
        "## Catalogue and builds",
        "",
        f"`python bench/generate.py DIR --leaflets {a['leaflets']} --locales {a['locales']} --seed {a['seed']}`: "
        f"{data['catalogue']['leaflets']} leaflets of about 900 words in {len(languages)} languages "
        f"({', '.join(languages)}; en-GB is the source), {data['catalogue']['po_files']} PO files made by "
        f"{data['catalogue']['how']}; made in {_n(data['catalogue']['generate']['wall'], 1)} s (not counted below).",
        "",
        f"Every build is `leaflets build --jobs {a['jobs']} --format json` on a fresh copy of the catalogue (no "
        "`dist/`: no build manifest, nothing reused), with the `formats` setting of its `[tool.leaflets]` table "
        "naming what it makes. *Wall s*: monotonic clock around the command. *CPU s*: user + system time of the "
        "command and every process it reaped (its workers, espeak-ng, ffmpeg), from `getrusage(RUSAGE_CHILDREN)`. "
        "*Files*: edition files of the formats asked for, counted in `dist/<leaflet>/<locale>/`; the build also "
        "writes the catalogue pages, the dashboard and the assets (*other files*). The audio slice is "
        f"{a['audio_leaflets']} leaflet(s) spread over the catalogue: {', '.join(data['slice'])}.",
        "",
        "## Figures",
        "",
    ]
    rows = []
    for key, what in (("braille", "braille only"), ("default", "the seven default formats"),
                      ("audio", "audio + read-aloud EPUB"), ("audio_only", "audio only")):
        build = b[key]
        st = build["step"]
        per_format = ", ".join(f"{build['files'].get(f, 0)} {f}" for f in build["formats"])
        rows.append([what, str(build["leaflets"]), f"`{', '.join(build['formats'])}`", _n(st["wall"]),
                     _n(st["cpu"]), str(build["made"]), per_format, _n(_div(build["made"], st["wall"]), 1),
                     _n(_div(build["made"], st["cpu"]), 1), str(build["other_files"]), str(st["code"]), _load(st)])
    lines += _table(["Build", "Leaflets", "formats", "Wall s", "CPU s", "Files", "Files per format", "Files/s",
                     "Files per CPU-s", "Other files", "Exit", "Load start / end"], rows)
    for key in ("braille", "default", "audio", "audio_only"):
        build = b[key]
        if build["error"] or build["problems"]:
            lines += ["", f"**{key}:** {build['error']} " + "; ".join(build["problems"][:5])]
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in build["seconds"].items())
        if stages:
            lines += ["", f"*{key}*: the build's own stage times: {stages}; its summary counts: "
                      + ", ".join(f"{k} {v}" for k, v in build["counts"].items()) + "."]

    bw, dw, bc, dc = braille["step"]["wall"], default["step"]["wall"], braille["step"]["cpu"], default["step"]["cpu"]
    braille_locales = sorted(set().union(*(set(v) for k, v in braille["locales"].items() if k in BRAILLE)),
                             key=lambda x: _locale_order(x))
    lines += [
        "",
        "## Braille",
        "",
        f"On {braille['leaflets']} leaflets, braille (BRF and PEF, standard and easy read) took "
        f"**{_n(bw)} s wall, {_n(bc)} s CPU** for {braille['made']:,} files ({_n(_div(braille['made'], bw), 1)} "
        f"files/s; {_kb(_div(sum(braille['sizes'].get(f, 0) for f in BRAILLE), braille['made']))} kB a file on "
        f"average), in {len(braille_locales)} of {len(languages)} languages ({', '.join(braille_locales)}). "
        f"The seven default formats took {_n(dw)} s wall, {_n(dc)} s CPU for {default['made']:,} files "
        f"({_n(_div(default['made'], dw), 1)} files/s).",
        "",
        f"**Braille's cold cost is {_pct(bw, dw)} of the default cold build in wall time and {_pct(bc, dc)} in CPU "
        f"time** (per edition: {_n(_div(bw, braille['leaflets'] * len(braille_locales)), 3)} s wall, "
        f"{_n(_div(bc, braille['leaflets'] * len(braille_locales)), 3)} s CPU for its four braille files, "
        f"against {_n(_div(dw, default['leaflets'] * len(languages)), 3)} s and "
        f"{_n(_div(dc, default['leaflets'] * len(languages)), 3)} s for the seven default files). "
        "The project's own default `formats` setting names the seven and the four braille formats together; "
        f"added to the seven, braille would be {_pct(bw, bw + dw)} of the wall time and {_pct(bc, bc + dc)} of the "
        "CPU time of such a build (sum of the two separate builds measured here, not a build of all eleven).",
        "",
    ]
    rows = [[f, str(braille["files"].get(f, 0)), _kb(braille["sizes"].get(f, 0) / 1000),
             _kb(_div(braille["sizes"].get(f, 0), braille["files"].get(f, 0))),
             ", ".join(braille["locales"].get(f, []))]
            for f in BRAILLE]
    lines += _table(["Format", "Files", "MB in all", "kB a file", "Languages"], rows)
    rows = [[f, str(default["files"].get(f, 0)), _kb(default["sizes"].get(f, 0) / 1000),
             _kb(_div(default["sizes"].get(f, 0), default["files"].get(f, 0)))] for f in DEFAULT]
    lines += ["", "The default build, for comparison:", ""]
    lines += _table(["Format", "Files", "MB in all", "kB a file"], rows)

    au, ao = data["audio"], data["audio_only"]
    aw, ac, ow, oc = audio["step"]["wall"], audio["step"]["cpu"], only["step"]["wall"], only["step"]["cpu"]
    editions = au["opus"]
    voiced = [loc for loc, e in au["locales"].items() if e["opus"]]
    lines += [
        "",
        "## Audio",
        "",
        f"On {a['audio_leaflets']} leaflet(s), `audio` and `read-aloud-epub` took **{_n(aw)} s wall, {_n(ac)} s "
        f"CPU** for {editions} audio edition(s) in {len(voiced)} of {len(languages)} languages "
        f"({', '.join(voiced)}) and {audio['files'].get('read-aloud-epub', 0)} read-aloud EPUB(s). The .opus "
        f"files hold **{_n(au['seconds'], 1)} s of audio** ({_n(au['seconds'] / 60, 1)} min; ffprobe"
        + (f", {au['unreadable']} file(s) unreadable" if au["unreadable"] else "") + "): "
        f"**{_n(_div(au['seconds'], aw))} s of audio per second of build** and "
        f"**{_n(_div(au['seconds'], ac))} s per CPU-second**. Cost per edition (one leaflet in one language, its "
        f"audio file and read-aloud book): {_n(_div(aw, editions))} s wall, {_n(_div(ac, editions))} s CPU.",
        "",
    ]
    rows = []
    for locale, e in au["locales"].items():
        if not e["opus"]:
            continue
        rows.append([locale, str(e["opus"]), _n(e["seconds"], 1), _n(e["seconds"] / e["opus"], 1),
                     f"{_n(e['shortest'], 1)}–{_n(e['longest'], 1)}", _n(e["chapters"] / e["opus"], 1),
                     _kb(e["opus_bytes"] / e["opus"]), _n(_div(e["opus_bytes"] * 8 / 1000, e["seconds"]), 1),
                     _kb(_div(e["epub_bytes"], e["epubs"])) if e["epubs"] else "–"])
    lines += _table(["Language", "Audio files", "Audio s in all", "s per edition", "Shortest–longest s",
                     "Chapters per file", "Opus kB a file", "kbit/s", "Read-aloud EPUB kB a file"], rows)
    lines += [
        "",
        f"Audio alone (`formats = [\"audio\"]`, another fresh copy of the same slice): {_n(ow)} s wall, {_n(oc)} s "
        f"CPU for {only['files'].get('audio', 0)} audio file(s) holding {_n(ao['seconds'], 1)} s of audio "
        f"({_n(_div(ao['seconds'], ow))} s of audio per second, {_n(_div(ao['seconds'], oc))} per CPU-second; "
        f"{_n(_div(ow, ao['opus']))} s wall and {_n(_div(oc, ao['opus']))} s CPU per edition). "
        f"{data['same_audio']} of its {ao['opus']} .opus files are byte-identical to the first build's. "
        f"**The read-aloud EPUB added {_n(aw - ow)} s wall ({_pct(aw - ow, ow)}) and {_n(ac - oc)} s CPU "
        f"({_pct(ac - oc, oc)})** to the audio-only build: by the code, the speech is rendered once per edition "
        "and kept in the worker for both files (the build gives each worker a whole leaflet, and "
        "`pipeline/writers/audio.py` keeps the last 16 renders in the process), so the book costs its packaging "
        "and little more."
        + (" A negative difference means the book's cost is smaller than what this machine, with its load, "
           "lets two builds tell apart." if min(aw - ow, ac - oc) < 0 else ""),
    ]

    lines += ["", "## What the builds skipped and why", "",
              "From each build's `--format json` summary: `skipped` lists editions not published at all, `notes` "
              "editions published without some of their formats (or with a difference), each with its reason.", ""]
    rows = []
    for key in ("braille", "default", "audio", "audio_only"):
        for kind, field_name in (("skipped", "reason"), ("notes", "note")):
            for locale, reason, count in _grouped(b[key], kind, field_name):
                rows.append([key, kind, locale, str(count), reason.replace("|", "\\|")])
    lines += _table(["Build", "List", "Language", "Editions", "Reason"], rows) if rows else ["Nothing skipped."]
    missing_braille = [loc for loc in languages if loc not in braille_locales]
    missing_audio = [loc for loc in languages if loc not in voiced]
    lines += ["", f"Languages with no braille file: {', '.join(missing_braille) or 'none'}; with no audio "
              f"edition: {', '.join(missing_audio) or 'none'}. Nothing empty is written in their place."]
    lines += ["", "## Reading the figures", "",
              "- The machine may be shared: compare the CPU column with the wall column, and the load averages; "
              "where wall time grows and CPU time does not, other work was running.",
              "- *Files/s* counts only the edition files of the formats asked for; both braille and default builds "
              "also write the catalogue index, the dashboard and pictures, in the timed command.",
              "- Audio is synthesised by espeak-ng and encoded by ffmpeg in subprocesses of the build's workers; "
              "their CPU time is counted (they are reaped by the workers, which the build reaps).",
              f"- The build's work is one task per leaflet: the {a['audio_leaflets']} leaflet(s) of the audio "
              f"slice shared among {a['jobs']} workers leave one idle towards the end when they do not divide "
              "evenly, which the wall time shows and the CPU time does not.",
              "- bench/work/ (catalogue, copies, logs) was " + ("deleted at the end of the run."
                                                               if data.get("ended_clean") else "kept (`--keep`).")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Measure, write the report, delete bench/work/."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaflets", type=int, default=100, help="leaflets in the catalogue (default 100)")
    parser.add_argument("--audio-leaflets", type=int, default=5, help="leaflets of the audio slice (default 5)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of every build (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="catalogue seed (default 1)")
    parser.add_argument("--results", type=Path, default=BENCH / "ACCESS.md", help="report (default bench/ACCESS.md)")
    parser.add_argument("--keep", action="store_true", help="keep bench/work/ (default: deleted at the end)")
    args = parser.parse_args(argv)
    if args.leaflets < 1 or args.audio_leaflets < 1 or args.jobs < 1:
        parser.error("--leaflets, --audio-leaflets and --jobs must be at least 1")
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):
        python = python.relative_to(REPO)
    command = shlex.join([str(python), "bench/access.py", *(sys.argv[1:] if argv is None else argv)])
    try:
        data = measure(args, command)
    finally:
        if not args.keep:
            shutil.rmtree(WORK_ROOT, ignore_errors=True)
    if not args.keep:
        data["ended_clean"] = not WORK_ROOT.exists()
    args.results.write_text(report(data), "utf-8")
    log(f"wrote {args.results}" + ("" if args.keep else f"; {WORK_ROOT} deleted"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
