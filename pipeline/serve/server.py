"""``PreviewServer``: the output folder served on this machine, rebuilt and re-checked on every save.

Three kinds of thread, each ended by ``stop``:

- the HTTP server (``http.server``'s ``ThreadingHTTPServer``, one thread per request);
- watchers (``watchfiles``): one over the source, locale, archive and rule folders, and one over
  the project folder alone for ``pyproject.toml`` (an editor that saves by renaming a new file
  over the old would end a watch on the file itself);
- one builder, which takes the watchers' changes in order and calls ``rebuild``: the incremental
  catalogue build (the open pages are told to reload as soon as their leaflet's pages are
  written, before the catalogue-wide pages), then the gate for the leaflets the change touched,
  then a final event (the pages written, the leaflets re-checked, or the problems that stopped
  the build).

A build that fails leaves the output folder as it was (the build writes each file atomically and
only then its manifest), so the last good pages stay on screen with the problems over them.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import queue
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.problems import InputError, Problem, shown_path
from pipeline.serve.events import Broadcaster, Event
from pipeline.serve.gate_view import GateView
from pipeline.settings import Settings, load_settings

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# watchfiles yields once no new change has come for STEP ms, and at most DEBOUNCE ms after the
# first: a save is seen within a twentieth of a second, well inside the two-second budget.
STEP_MS = 50
DEBOUNCE_MS = 300


class ServeError(Exception):
    """The server cannot start (the port or address cannot be used); the message says what to do."""


class PortInUse(ServeError):
    """The port is taken by another program (or another ``leaflets serve``)."""

    def __init__(self, host: str, port: int, free: int | None) -> None:
        self.host, self.port, self.free = host, port, free
        hint = f": try --port {free}" if free is not None else ": choose another with --port"
        super().__init__(f"port {port} on {host} is already in use (another program, or another "
                         f"`leaflets serve`){hint}")


@dataclass
class RebuildOutcome:
    """What one rebuild did: files written and removed, leaflets re-checked, problems, time taken."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # leaflets whose source file was deleted or renamed
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when everything changed was built and checked."""
        return not self.problems


def free_port(host: str, after: int, tries: int = 50) -> int | None:
    """The first port above ``after`` that can be listened on at ``host``, if one is found."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for port in range(after + 1, min(after + 1 + tries, 65536)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    return None


def _echo(text: str) -> None:
    print(text, flush=True)


def _echo_err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


class _EitherEvent:
    """Set when either of two events is (the watch ends on stop, or when its folders change)."""

    def __init__(self, first: threading.Event, second: threading.Event) -> None:
        self.first, self.second = first, second

    def is_set(self) -> bool:
        """True once either event is set."""
        return self.first.is_set() or self.second.is_set()


@dataclass
class _Watch:
    """One set of watcher threads, over the folders the settings named when it started."""

    plan: tuple[tuple[str, ...], str]
    stop: threading.Event
    threads: list[threading.Thread]


class PreviewServer:
    """The live preview: serve, watch, rebuild, re-check and tell the open pages.

    ``start`` binds the port (``PortInUse`` if taken), builds and checks once, then serves and
    watches; ``rebuild`` can also be called directly (tests do, with ``watch=False``); ``stop``
    ends every thread it started.
    """

    def __init__(self, settings: Settings, port: int = 8000, host: str = "127.0.0.1", *, watch: bool = True,
                 jobs: int | None = None, say: Callable[[str], None] = _echo,
                 warn: Callable[[str], None] = _echo_err) -> None:
        self.settings = settings
        self.host = host
        self.loopback_only = host.strip("[]").lower() in LOOPBACK_HOSTS
        self.watching = watch
        self.jobs = jobs
        self.say, self.warn = say, warn
        self.events = Broadcaster()
        self.gate = GateView()
        self.lock = threading.Lock()  # the HTTP server's set of open connections
        self._requested_port = port
        self._build_lock = threading.Lock()
        self._problems: list[Problem] = []
        self._pending: queue.Queue[set[str] | None] = queue.Queue()
        self._stopping = threading.Event()
        self._httpd: Any = None
        self._threads: list[threading.Thread] = []
        self._watch: _Watch | None = None
        self._started = False
        self._serving = False
        # a build's id is unique across restarts too: a page that reloaded early for a build
        # (see _early_reload) does not reload again for the same build's final event
        self._token = secrets.token_hex(4)
        self._builds = 0
        self._build_id = ""

    # --- the public API ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port listened on (the one asked for, or the one the system chose for port 0)."""
        if self._httpd is not None:
            return int(self._httpd.server_address[1])
        return self._requested_port

    @property
    def url(self) -> str:
        """The catalogue's address."""
        host = f"[{self.host.strip('[]')}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def problems(self) -> list[Problem]:
        """The problems of the last rebuild (none when it built and checked everything)."""
        with self.lock:
            return list(self._problems)

    def start(self, wait: bool = True) -> None:
        """Listen, then build and check once, serve and watch.

        With ``wait`` (the default, and always without a watcher) this returns after the first
        build; without it the last build is served at once and the first build runs in the
        builder thread (a catalogue with audio editions can take a minute to build)."""
        from pipeline.serve.handler import PreviewHTTPServer

        if self._started:
            return
        if self.watching and importlib.util.find_spec("watchfiles") is None:
            raise ServeError("watching the sources needs the Python package watchfiles: "
                             "pip install watchfiles (or pip install -e '.[test]')")
        try:
            self._httpd = PreviewHTTPServer((self.host.strip("[]"), self._requested_port), self,
                                            ipv6=":" in self.host)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(self.host, self._requested_port,
                                free_port(self.host.strip("[]"), self._requested_port)) from None
            if exc.errno == errno.EACCES:
                raise ServeError(f"port {self._requested_port} needs administrator rights on this system: "
                                 "use a port above 1023, such as --port 8000") from None
            raise ServeError(f"cannot listen on {self.host}:{self._requested_port}: "
                             f"{exc.strerror or exc}; check --host (the default is 127.0.0.1)") from None
        self._started = True
        if wait or not self.watching:
            self.rebuild(())
        else:
            self._pending.put(set())  # no changes named: build and check everything
        self._serving = True
        self._spawn("leaflets-serve-http", self._httpd.serve_forever, 0.1)
        if self.watching:
            self._spawn("leaflets-serve-build", self._build_loop)
            self._ensure_watchers()

    def stop(self) -> None:
        """Stop watching, finish a build in progress, end every event stream and connection."""
        if not self._started:
            return
        self._started = False
        self._stopping.set()
        self._pending.put(None)
        if self._watch is not None:
            self._end_watch(self._watch)
            self._watch = None
        for thread in [t for t in self._threads if t.name == "leaflets-serve-build"]:
            thread.join()
        self.events.close()
        if self._httpd is not None:
            if self._serving:  # shutdown() waits for serve_forever, which must have started
                self._httpd.shutdown()
                self._serving = False
            self._httpd.close_connections()
            self._httpd.server_close()  # joins every request thread
        for thread in self._threads:
            thread.join()
        self._threads.clear()

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def page_data(self, key: str) -> dict[str, Any]:
        """What ``/__leaflets/findings?page=`` answers: the page's findings, reading age and problems."""
        data = self.gate.for_page(key)
        data["problems"] = [self._problem_json(p) for p in self.problems]
        return data

    def current_events(self) -> list[Event]:
        """What a page that has just connected is told: the problems of the last rebuild, if any."""
        problems = self.problems
        if problems:
            return [self.events.event("build-error", self._problems_json(problems))]
        return [self.events.event("ready", {"ok": True})]

    def rebuild(self, changes: Iterable[str | Path] = ()) -> RebuildOutcome:
        """Bring the output folder and the findings up to date after ``changes`` (paths of files
        that changed; none: everything), and tell every open page. Never raises on bad input:
        the problems are in the outcome, on the terminal and on the pages."""
        with self._build_lock:
            started = time.perf_counter()
            self._builds += 1
            self._build_id = f"{self._token}-{self._builds}"
            paths = [Path(c) for c in changes]
            outcome = RebuildOutcome()
            try:
                self._build_and_check(paths, outcome)
            except InputError as exc:
                outcome.problems.extend(exc.problems)
            except OSError as exc:
                outcome.problems.append(self._vanished(exc))
            except RuntimeError as exc:
                if type(exc).__name__ != "BrokenProcessPool":  # not imported: most rebuilds use no pool
                    raise
                outcome.problems.append(Problem("leaflets build", 0, 0, "a worker process died (out of memory, or "
                                                "killed); the last good build is still served: save again to "
                                                "build it again"))
            outcome.problems = sorted(set(outcome.problems))
            outcome.seconds = time.perf_counter() - started
            with self.lock:
                self._problems = list(outcome.problems)
            self._announce(outcome)
            return outcome

    # --- building --------------------------------------------------------------------------------

    def _build_and_check(self, paths: list[Path], outcome: RebuildOutcome) -> None:
        from pipeline.check.gate import CheckOptions, run_check
        from pipeline.incremental import Selection, build_catalogue

        preview = Selection(formats=frozenset({"html", "easy-read-html"}), preview=True)

        if any(p.name == "pyproject.toml" for p in paths):
            self.settings = load_settings(self.settings.root)
        changed = self._touched(paths)
        pages = self._pages(changed)

        def progress(stage: str, done: int, total: int) -> None:
            # every leaflet's pages are written once the render stage ends; the catalogue-wide
            # pages (the index, reports) come after, so open pages are told now, not then
            if stage == "render" and done == total:
                self._early_reload(pages, self._pages(changed))

        # a rebuild started by a save builds in this process when one leaflet changed (a pool
        # would cost more than it saves); a full one is spread over processes as usual
        # the web pages only, with download sizes as dist/ has them: a save shows within a second
        # even when the project makes audio (`leaflets build` makes every format)
        report = build_catalogue(self.settings, preview, jobs=self.jobs, progress=progress)
        outcome.written, outcome.removed = list(report.written), list(report.removed)
        outcome.problems.extend(report.problems)
        existing = {p.stem for p in self.settings.source_files()}
        if changed is None:
            touched: frozenset[str] | None = None
            options = CheckOptions(jobs=self.jobs)
        else:
            outcome.gone = sorted(changed - existing)
            self.gate.forget(set(outcome.gone))
            written = {w.split("/", 1)[0] for w in outcome.written if "/" in w}
            touched = frozenset((changed | written) & existing)
            if not touched:
                return
            options = CheckOptions(leaflets=tuple(sorted(touched)), jobs=1)
        try:
            result = run_check(self.settings, options)
        except InputError as exc:  # a PO file the build skipped, a rule file: the old findings stay
            outcome.problems.extend(exc.problems)
            return
        self.gate.update(result, touched)
        outcome.checked = sorted(touched if touched is not None else existing)

    def _pages(self, leaflets: frozenset[str] | None) -> dict[str, tuple[int, int, int]]:
        """The HTML pages of these leaflets (None: every page) in the output folder, by what a
        rewrite changes (the build renames a new file over the old, so the inode changes)."""
        out = self.settings.output_dir
        folders = [out] if leaflets is None else [out / slug for slug in sorted(leaflets)]
        found: dict[str, tuple[int, int, int]] = {}
        for folder in folders:
            for path in folder.rglob("*.html"):
                with contextlib.suppress(OSError):  # removed meanwhile
                    info = path.stat()
                    found[path.relative_to(out).as_posix()] = (info.st_ino, info.st_mtime_ns, info.st_size)
        return found

    def _early_reload(self, before: dict[str, tuple[int, int, int]],
                      after: dict[str, tuple[int, int, int]]) -> None:
        written = sorted(key for key, info in after.items() if before.get(key) != info)
        if written:
            self.events.publish(self.events.event("reload", {"build": self._build_id, "written": written,
                                                             "final": False}))

    def _touched(self, paths: list[Path]) -> frozenset[str] | None:
        """The leaflets a change can have changed (None: any of them)."""
        if not paths:
            return None
        settings = self.settings
        rules = [settings.root / str(d) for d in settings.get("check").get("rules_dirs", [])]
        slugs: set[str] = set()
        for path in paths:
            name = path.name
            if name == "pyproject.toml" or any(_within(path, d) for d in rules):
                return None
            if _within(path, settings.source_dir):
                if path.suffix != ".md":
                    return None  # a picture beside the sources: any leaflet may show it
                slugs.add(path.stem)
            elif _within(path, settings.locales_dir):
                domain = name.removesuffix(".po").removesuffix(".review.toml")
                if domain == "ui":
                    return None  # the interface words of every page
                if domain != name:
                    slugs.add(domain)
            elif _within(path, settings.archive_dir):
                relative = path.resolve().relative_to(settings.archive_dir.resolve())
                slugs.update(relative.parts[:1])
            else:
                return None
        return frozenset(slugs)

    def _vanished(self, exc: OSError) -> Problem:
        """A file that went away (or could not be read) while the site was being built."""
        name = shown_path(Path(str(exc.filename)), self.settings.root) if exc.filename else "a file"
        return Problem(name, 0, 0, f"{exc.strerror or exc}: the file was deleted, moved or could not be "
                       "read during the build; the last good build is still served, and the next save "
                       "builds again")

    # --- telling the pages and the terminal --------------------------------------------------------

    @staticmethod
    def _problem_json(problem: Problem) -> dict[str, Any]:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        return {"where": where, "path": problem.path, "line": problem.line, "col": problem.col,
                "message": problem.message, "text": str(problem)}

    def _problems_json(self, problems: list[Problem]) -> dict[str, Any]:
        count = len(problems)
        return {"problems": [self._problem_json(p) for p in problems],
                "summary": f"{count} problem{'s' if count != 1 else ''}: the page shows the last good build. "
                           "Fix the file and save; this page updates by itself."}

    def _announce(self, outcome: RebuildOutcome) -> None:
        clock = time.strftime("%H:%M:%S")
        self.events.publish(self.events.event("reload", {
            "build": self._build_id, "final": True, "written": outcome.written, "removed": outcome.removed,
            "checked": outcome.checked, "gone": outcome.gone, "ok": outcome.ok,
            "seconds": round(outcome.seconds, 3)}))
        folder = shown_path(self.settings.source_dir, self.settings.root)
        for slug in outcome.gone:
            self.warn(f"{folder}/{slug}.md: no longer there (deleted or renamed), so its pages were removed from "
                      "the site; restore it and save to see them again")
        if outcome.problems:
            self.events.publish(self.events.event("build-error", self._problems_json(outcome.problems)))
            for problem in outcome.problems:
                self.warn(str(problem))
            count = len(outcome.problems)
            self.warn(f"{clock} {count} problem{'s' if count != 1 else ''}: the last good build is still "
                      "served; fix and save, and the pages recover by themselves")
            return
        removed = f", {len(outcome.removed)} removed" if outcome.removed else ""
        checked = f"; gate: {sum(self.gate.count(s) for s in outcome.checked)} finding(s) in " \
                  f"{len(outcome.checked)} leaflet(s)" if outcome.checked else ""
        self.say(f"{clock} built in {outcome.seconds:.2f} s: {len(outcome.written)} file(s) written"
                 f"{removed}{checked}")

    # --- threads ---------------------------------------------------------------------------------

    def _spawn(self, name: str, target: Callable[..., Any], *args: Any) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, name=name)
        thread.start()
        self._threads.append(thread)
        return thread

    def _build_loop(self) -> None:
        """Take the watchers' changes, all that arrived together, and rebuild; until stop."""
        while not self._stopping.is_set():
            changes = self._pending.get()
            if changes is None:
                return
            with contextlib.suppress(queue.Empty):
                while changes:  # an empty set is "build everything": nothing to add to it
                    more = self._pending.get_nowait()
                    if more is None:
                        return  # stop
                    changes = changes | more if more else set()
            if self._stopping.is_set():
                return
            try:
                self.rebuild(changes)
                self._ensure_watchers()
            except Exception as exc:  # a bug, not bad input: said, and the server keeps serving
                if self._stopping.is_set():
                    return  # Ctrl-C reached the build's worker processes too: nothing to report
                import traceback

                self.warn("".join(traceback.format_exception(exc)).rstrip())
                self.warn("leaflets serve: the rebuild failed unexpectedly (above); still serving the last "
                          "good build")

    def _watch_plan(self) -> tuple[tuple[str, ...], str]:
        """The folders to watch recursively (those that exist), and the project folder."""
        settings = self.settings
        folders = [settings.source_dir, settings.locales_dir, settings.archive_dir,
                   *(settings.root / str(d) for d in settings.get("check").get("rules_dirs", []))]
        existing = sorted({str(f.resolve()) for f in folders if f.is_dir()})
        return tuple(existing), str(settings.root.resolve())

    def _ensure_watchers(self) -> None:
        """Watch what the settings name now (a folder created or renamed since means a new watch)."""
        if not self.watching or self._stopping.is_set():
            return
        plan = self._watch_plan()
        if self._watch is not None and self._watch.plan == plan and all(t.is_alive() for t in self._watch.threads):
            return
        if self._watch is not None:
            self._end_watch(self._watch)
        folders, root = plan
        stop = threading.Event()
        watch = _Watch(plan, stop, [])
        settings = self.settings
        # in the project folder itself only the settings matter, and the watched folders
        # appearing (a locales folder made by `leaflets init`)
        names = {"pyproject.toml", *(Path(p).name for p in (settings.source_dir, settings.locales_dir,
                                                           settings.archive_dir))}
        watch.threads.append(self._spawn("leaflets-serve-watch-root", self._watch_loop, (root,), False,
                                         stop, frozenset(names)))
        if folders:
            watch.threads.append(self._spawn("leaflets-serve-watch", self._watch_loop, folders, True, stop, None))
        self._watch = watch

    def _end_watch(self, watch: _Watch) -> None:
        watch.stop.set()
        for thread in watch.threads:
            thread.join()
            with contextlib.suppress(ValueError):
                self._threads.remove(thread)

    def _watch_loop(self, paths: tuple[str, ...], recursive: bool, stop: threading.Event,
                    names: frozenset[str] | None) -> None:
        from watchfiles import Change, DefaultFilter, watch

        default = DefaultFilter()

        def wanted(change: Change, path: str) -> bool:
            if names is not None:
                return Path(path).name in names
            return default(change, path)

        try:
            for changes in watch(*paths, watch_filter=wanted, recursive=recursive, debounce=DEBOUNCE_MS,
                                 step=STEP_MS, stop_event=_EitherEvent(stop, self._stopping),
                                 raise_interrupt=False):
                self._pending.put({path for _change, path in changes})
        except Exception as exc:  # a folder removed under the watch: said; a later save re-plans it
            if not stop.is_set() and not self._stopping.is_set():
                self.warn(f"leaflets serve: stopped watching {', '.join(paths)}: {exc}")
                self._pending.put({str(Path(paths[0]))})
