"""``leaflets serve`` without a browser: what is served (and what never is), the event stream,
a bad edit and its recovery, the watcher's timing, a port in use, and a clean stop."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import SLUG, po_file, run_cli
from conftest import sample_settings

from pipeline.incremental import build_catalogue
from pipeline.serve import PortInUse, PreviewServer
from pipeline.serve.handler import inject
from pipeline.serve.paths import page_key, site_target
from pipeline.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
PAGE = f"{SLUG}/en-GB/index.html"
SENTENCE = "They also keep your spine steady."
SAVE_TO_RELOAD_SECONDS = 2.0  # the budget, from a save to the open page told to reload


# --- fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built once per test worker: each test starts from a copy of its dist."""
    folder = tmp_path_factory.mktemp("built")
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, folder / name)
    sample_settings(folder / "pyproject.toml")
    build_catalogue(load_settings(folder))
    return folder / "dist"


@pytest.fixture
def project(project_copy: Path, built_dist: Path) -> Path:
    """A scratch copy of the project with its site already built (the server's first build is a no-op)."""
    shutil.copytree(built_dist, project_copy / "dist", symlinks=True)
    return project_copy


class Terminal:
    """What the server said, collected instead of printed."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.warned: list[str] = []

    @property
    def text(self) -> str:
        return "\n".join(self.said + self.warned)


@pytest.fixture
def terminal() -> Terminal:
    return Terminal()


@pytest.fixture
def preview(project: Path, terminal: Terminal) -> Iterator[PreviewServer]:
    """A started server on a free port, not watching: tests call ``rebuild`` themselves."""
    server = PreviewServer(load_settings(project), 0, watch=False, say=terminal.said.append,
                           warn=terminal.warned.append)
    server.start()
    yield server
    server.stop()


def raw_get(port: int, target: str, host: str | None = None) -> tuple[int, bytes]:
    """GET ``target`` exactly as written (no client normalises or encodes it); status and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n"
                     "Connection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, body


def get(port: int, target: str) -> tuple[int, dict[str, str], bytes]:
    """An ordinary GET: status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


class EventStream:
    """A reader of ``/__leaflets/events``: the events, as (name, data), one at a time."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.connection.request("GET", "/__leaflets/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next(self) -> tuple[str, dict[str, Any]] | None:
        """The next event (None when the stream ends)."""
        name, data = "message", ""
        while True:
            line = self.response.readline()
            if not line:
                return None
            text = line.decode("utf-8").rstrip("\n")
            if text.startswith("event: "):
                name = text[len("event: "):]
            elif text.startswith("data: "):
                data += text[len("data: "):]
            elif not text and data:
                return name, json.loads(data)

    def wait_for(self, name: str, test: Callable[[dict[str, Any]], bool] = lambda data: True,
                 seconds: float = 15) -> dict[str, Any]:
        """The data of the first event called ``name`` that passes ``test``, within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            event = self.next()
            assert event is not None, f"the stream ended before a {name!r} event"
            if event[0] == name and test(event[1]):
                return event[1]
        raise AssertionError(f"no {name!r} event within {seconds} s")

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def events(preview: PreviewServer) -> Iterator[EventStream]:
    stream = EventStream(preview.port)
    assert stream.wait_for("ready") == {"ok": True}  # the state of the last build comes first
    yield stream
    stream.close()


def source_of(project: Path) -> Path:
    return project / "source" / f"{SLUG}.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def final(data: dict[str, Any]) -> bool:
    """The event a rebuild ends with (an earlier one names the pages as soon as they are written)."""
    return bool(data["final"])


def findings_of(port: int, page: str) -> dict[str, Any]:
    status, _, body = get(port, f"/__leaflets/findings?page=/{page}")
    assert status == 200
    return dict(json.loads(body))


# --- what is served ------------------------------------------------------------------------------


def test_pages_are_served_with_the_overlay_added_and_dist_is_never_changed(preview: PreviewServer,
                                                                          project: Path) -> None:
    on_disk = (project / "dist" / PAGE).read_bytes()
    status, headers, body = get(preview.port, "/" + PAGE)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b'<script src="/__leaflets/overlay.js" defer></script>' in body
    assert b'<link rel="stylesheet" href="/__leaflets/overlay.css">' in body
    assert body.index(b"/__leaflets/overlay.js") < body.index(b"</head>")
    assert headers["cache-control"] == "no-store"
    assert body == inject(on_disk)  # the page itself, with only the two tags added
    assert (project / "dist" / PAGE).read_bytes() == on_disk and b"__leaflets" not in on_disk
    assert b"__leaflets" not in b"".join(p.read_bytes() for p in (project / "dist").rglob("*.html"))

    for target, kind in (("/__leaflets/overlay.js", "text/javascript"), ("/__leaflets/overlay.css", "text/css")):
        status, headers, body = get(preview.port, target)
        assert status == 200 and headers["content-type"].startswith(kind) and body
    status, _, body = get(preview.port, "/")  # the catalogue
    assert status == 200 and b"/__leaflets/overlay.js" in body
    status, headers, _ = get(preview.port, f"/{SLUG}/en-GB")  # a folder: to its slash, so links work
    assert status == 301 and headers["location"] == f"/{SLUG}/en-GB/"
    status, _, body = get(preview.port, f"/{SLUG}/en-GB/")
    assert status == 200 and body == inject(on_disk)
    status, _, body = get(preview.port, "/no-such-leaflet/en-GB/index.html")
    assert status == 404 and b"/__leaflets/overlay.js" in body  # a missing page still hears of the next build


def test_the_overlay_script_builds_its_elements_without_parsing_html() -> None:
    script = (ROOT / "pipeline" / "assets" / "serve_overlay.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script)
    assert "new EventSource(BASE + \"events\")" in script and "sessionStorage" in script
    assert "http://" not in script and "https://" not in script  # no address of any other server


TRAVERSALS = [
    "/../pyproject.toml",
    "/%2e%2e/pyproject.toml",
    "/%2E%2E/pyproject.toml",
    "/..%2fpyproject.toml",
    "/..%2Fpyproject.toml",
    "/%2e%2e%2fpyproject.toml",
    "/.%2e/pyproject.toml",
    "/..\\pyproject.toml",
    "/%5c..%5cpyproject.toml",
    "/..%5cpyproject.toml",
    f"/{SLUG}/../../pyproject.toml",
    f"/{SLUG}/%2e%2e/%2e%2e/pyproject.toml",
    "/%252e%252e/pyproject.toml",  # encoded twice: decoded once, it is a name, not a way up
    "//pyproject.toml",
    "/%2fetc%2fpasswd",
    "/.leaflets-build.json",
    "/%00/pyproject.toml",
    "/%ff%fe/pyproject.toml",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_a_path_outside_the_site_is_refused(preview: PreviewServer, project: Path, target: str) -> None:
    status, body = raw_get(preview.port, target)
    assert status in (403, 404), (target, status)
    assert b"[tool.leaflets]" not in body and b"root:" not in body


def test_absolute_paths_and_symlinks_out_of_the_site_are_refused(preview: PreviewServer, project: Path) -> None:
    settings_file = project / "pyproject.toml"
    for target in (str(settings_file), "/" + str(settings_file), f"http://127.0.0.1:{preview.port}/../pyproject.toml",
                   f"{project!s}/pyproject.toml".replace("/", "%2f")):
        status, body = raw_get(preview.port, target if target.startswith(("/", "http")) else "/" + target)
        assert status in (400, 403, 404), target
        assert b"[tool.leaflets]" not in body
    dist = project / "dist"
    (dist / "settings.toml").symlink_to(settings_file)
    (dist / "project").symlink_to(project, target_is_directory=True)
    (dist / SLUG / "up").symlink_to(project / "source", target_is_directory=True)
    (dist / "inside.html").symlink_to(dist / PAGE)  # a link that stays inside the site is fine
    for target in ("/settings.toml", "/project/pyproject.toml", f"/{SLUG}/up/{SLUG}.md", "/project/"):
        status, body = raw_get(preview.port, target)
        assert status == 403, target
        assert b"[tool.leaflets]" not in body and b"id: sacroiliac" not in body
    assert raw_get(preview.port, "/inside.html")[0] == 200


def test_site_target_and_page_key(tmp_path: Path) -> None:
    (tmp_path / "a" / "en").mkdir(parents=True)
    (tmp_path / "a" / "en" / "index.html").write_text("x")
    assert site_target(tmp_path, "/a/en/index.html?x=1").file == tmp_path.resolve() / "a/en/index.html"
    assert site_target(tmp_path, "/a/en").redirect == "/a/en/"
    assert site_target(tmp_path, "/a/en/").found
    assert site_target(tmp_path, "/a/en/%2e%2e/en/index.html").refused
    assert not site_target(tmp_path, "/a/missing.html").found and not site_target(tmp_path, "/a/missing.html").refused
    assert page_key("/") == "index.html" and page_key("/a/en/") == "a/en/index.html"
    assert page_key("/a/en/easy-read.html?x") == "a/en/easy-read.html" and page_key("/../x") == ""


def test_another_host_name_is_refused(preview: PreviewServer) -> None:
    # a web page cannot read the preview through a name of its own that it points at 127.0.0.1
    assert raw_get(preview.port, "/" + PAGE, host="attacker.example")[0] == 403
    assert raw_get(preview.port, "/" + PAGE, host=f"localhost:{preview.port}")[0] == 200


# --- findings ------------------------------------------------------------------------------------


def test_each_page_gets_its_own_findings_and_reading_age(preview: PreviewServer) -> None:
    standard = findings_of(preview.port, PAGE)
    assert (standard["leaflet"], standard["locale"], standard["variant"]) == (SLUG, "en-GB", "standard")
    assert standard["findings"] and {f["variant"] for f in standard["findings"]} <= {"standard", "translation"}
    assert all(f["message"] and f["text"] and f["match"] and f["line"] > 0 for f in standard["findings"])
    assert standard["reading_age"]["name"] == "SMOG" and standard["reading_age"]["status"] == "pass"
    easy = findings_of(preview.port, f"{SLUG}/en-GB/easy-read.html")
    assert easy["variant"] == "easy-read" and {f["variant"] for f in easy["findings"]} <= {"easy-read", "translation"}
    assert any(f["rule"] == "passive-voice" for f in easy["findings"])
    welsh = findings_of(preview.port, f"{SLUG}/cy/index.html")
    assert welsh["locale"] == "cy" and welsh["reading_age"]["name"] == "Average sentence length"
    spanish = findings_of(preview.port, f"{SLUG}/es/index.html")
    assert spanish["reading_age"]["name"] == "Fernández Huerta"
    assert any(f["variant"] == "translation" for f in spanish["findings"])  # units of this locale's PO file
    assert findings_of(preview.port, "index.html")["findings"] == []  # the catalogue is not a leaflet


# --- rebuilds and the event stream ---------------------------------------------------------------


def test_an_edit_rebuilds_and_tells_the_page_to_reload(preview: PreviewServer, project: Path,
                                                       events: EventStream, terminal: Terminal) -> None:
    passive = "The form is signed by the nurse."
    edit(source_of(project), SENTENCE, passive)
    outcome = preview.rebuild([source_of(project)])
    assert outcome.ok and PAGE in outcome.written and outcome.checked == [SLUG]
    early = events.wait_for("reload")
    assert PAGE in early["written"] and all(p.endswith(".html") for p in early["written"])
    assert early["final"] is False  # told as soon as its leaflet's pages were written
    data = events.wait_for("reload", final)
    assert data["build"] == early["build"]
    assert PAGE in data["written"] and data["ok"] is True and data["checked"] == [SLUG]
    assert passive.encode() in get(preview.port, "/" + PAGE)[2]
    found = findings_of(preview.port, PAGE)["findings"]
    assert any(f["rule"] == "passive-voice" and f["match"] == passive for f in found)  # the gate ran again
    assert "file(s) written" in terminal.text


def test_a_bad_edit_shows_where_and_keeps_the_last_good_page_until_fixed(preview: PreviewServer, project: Path,
                                                                        events: EventStream,
                                                                        terminal: Terminal) -> None:
    source = source_of(project)
    good_page = (project / "dist" / PAGE).read_bytes()
    good_text = source.read_text(encoding="utf-8")
    edit(source, "title: Sacroiliac joint injection", "title Sacroiliac joint injection")
    outcome = preview.rebuild([source])
    assert not outcome.ok
    data = events.wait_for("build-error")
    where = [p["text"] for p in data["problems"]]
    assert any(re.match(rf"source/{SLUG}\.md:\d+:\d+: ", text) for text in where), where
    assert all(p["where"] == f"{p['path']}:{p['line']}" for p in data["problems"])
    assert re.search(rf"source/{SLUG}\.md:\d+:\d+: .*front matter", terminal.text)
    # the previous good build stays: on disk and as served
    assert (project / "dist" / PAGE).read_bytes() == good_page
    status, _, body = get(preview.port, "/" + PAGE)
    assert status == 200 and body == inject(good_page)
    assert findings_of(preview.port, PAGE)["problems"]  # and the overlay's data says so
    late = EventStream(preview.port)  # a page opened (or reloaded) now is told at once
    assert late.next() == ("build-error", data)
    late.close()

    source.write_text(good_text.replace(SENTENCE, "They keep your spine steady too."), encoding="utf-8")
    outcome = preview.rebuild([source])
    assert outcome.ok
    data = events.wait_for("reload", final)
    assert data["ok"] is True and PAGE in data["written"]
    assert b"They keep your spine steady too." in get(preview.port, "/" + PAGE)[2]
    fresh = EventStream(preview.port)
    assert fresh.next() == ("ready", {"ok": True})
    fresh.close()
    assert not findings_of(preview.port, PAGE)["problems"]


def test_a_broken_po_file_is_reported_and_the_other_pages_still_build(preview: PreviewServer, project: Path,
                                                                     events: EventStream) -> None:
    po = po_file(project, "cy")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    outcome = preview.rebuild([po])
    assert not outcome.ok
    data = events.wait_for("build-error")
    assert any(p["path"] == f"locales/cy/LC_MESSAGES/{SLUG}.po" and p["line"] > 0 for p in data["problems"])
    assert get(preview.port, f"/{SLUG}/cy/index.html")[0] == 200  # the last good Welsh page is still there


def test_a_file_deleted_during_the_build_is_said_and_the_server_keeps_running(
        preview: PreviewServer, project: Path, events: EventStream, terminal: Terminal,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.incremental

    po = po_file(project, "cy")
    real = pipeline.incremental.build_catalogue

    def vanishing(*args: Any, **kwargs: Any) -> Any:
        po.unlink()  # the watcher saw the save; the file is gone by the time the build reads it
        raise FileNotFoundError(2, "No such file or directory", str(po))

    monkeypatch.setattr(pipeline.incremental, "build_catalogue", vanishing)
    outcome = preview.rebuild([po])
    assert not outcome.ok
    data = events.wait_for("build-error")
    assert data["problems"][0]["path"] == f"locales/cy/LC_MESSAGES/{SLUG}.po"
    assert "deleted" in data["problems"][0]["message"]
    assert f"locales/cy/LC_MESSAGES/{SLUG}.po" in terminal.text and "last good build" in terminal.text
    assert get(preview.port, "/" + PAGE)[0] == 200
    monkeypatch.setattr(pipeline.incremental, "build_catalogue", real)
    assert preview.rebuild([po]).ok  # the locale without its file: a finding, not a crash
    assert events.wait_for("reload", final)["ok"] is True


def test_a_deleted_leaflet_is_said_and_its_pages_go(preview: PreviewServer, project: Path, events: EventStream,
                                                    terminal: Terminal) -> None:
    # a second leaflet, so the project is not left without any
    twin = project / "source" / "second-leaflet.md"
    twin.write_text(source_of(project).read_text(encoding="utf-8").replace(f"id: {SLUG}", "id: second-leaflet"),
                    encoding="utf-8")
    assert preview.rebuild([twin]).ok
    assert (project / "dist" / "second-leaflet" / "en-GB" / "index.html").is_file()
    twin.unlink()
    outcome = preview.rebuild([twin])
    assert outcome.ok and outcome.gone == ["second-leaflet"]
    assert "second-leaflet/en-GB/index.html" in events.wait_for("reload", lambda d: d["final"] and d["removed"])[
        "removed"]
    assert "source/second-leaflet.md: no longer there" in terminal.text
    assert findings_of(preview.port, "second-leaflet/en-GB/index.html")["findings"] == []


def test_the_watcher_rebuilds_within_the_budget_of_a_save(project: Path, terminal: Terminal) -> None:
    with PreviewServer(load_settings(project), 0, say=terminal.said.append, warn=terminal.warned.append) as server:
        stream = EventStream(server.port)
        stream.wait_for("ready")
        time.sleep(0.3)  # the watch is set up
        times = []
        old = SENTENCE
        # the best of three saves holds the budget (a busy test machine can slow any one of them)
        for words in ("back steady", "back strong", "spine strong"):
            new = f"They also keep your {words}."
            saved = time.monotonic()
            edit(source_of(project), old, new)
            stream.wait_for("reload", lambda d: PAGE in d["written"], seconds=10)
            times.append(time.monotonic() - saved)
            assert stream.wait_for("reload", final)["checked"] == [SLUG]
            old = new
        print("save to reload event: " + ", ".join(f"{t:.2f} s" for t in times))
        assert min(times) < SAVE_TO_RELOAD_SECONDS, f"{times} s from a save to the reload event"
        settings_file = project / "pyproject.toml"
        saved = time.monotonic()
        tmp = settings_file.with_name("pyproject.toml.tmp")  # an editor that saves by renaming
        tmp.write_text(settings_file.read_text(encoding="utf-8").replace("standard_pass = 10", "standard_pass = 9"),
                       encoding="utf-8")
        os.replace(tmp, settings_file)
        stream.wait_for("reload", lambda d: d["final"] and d["checked"] == [SLUG], seconds=20)
        assert server.settings.get("reading_age")["standard_pass"] == 9
        assert findings_of(server.port, PAGE)["reading_age"]["target"].startswith("<= 9")
        stream.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("leaflets-serve")]


def native_watch_threads() -> list[str]:
    names = []
    for task in Path("/proc/self/task").iterdir():
        try:
            names.append((task / "comm").read_text().strip())
        except OSError:
            continue
    return [name for name in names if name.startswith("notify")]


def test_stop_ends_every_stream_and_thread(project: Path, terminal: Terminal) -> None:
    server = PreviewServer(load_settings(project), 0, say=terminal.said.append, warn=terminal.warned.append)
    server.start()
    streams = [EventStream(server.port) for _ in range(3)]
    idle = socket.create_connection(("127.0.0.1", server.port))  # a browser's preconnect: never sends a request
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 3
    for stream in streams:
        while (event := stream.next()) is not None:
            assert event[0] == "ready"
        stream.close()
    idle.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("leaflets-serve")]
    assert not native_watch_threads()  # watchfiles' own (Rust) threads, which Python does not list
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


def test_a_first_build_interrupted_by_ctrl_c_still_stops_cleanly(project: Path, terminal: Terminal,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: PreviewServer, changes: Any = ()) -> None:
        raise KeyboardInterrupt

    server = PreviewServer(load_settings(project), 0, say=terminal.said.append, warn=terminal.warned.append)
    monkeypatch.setattr(PreviewServer, "rebuild", interrupted)
    with pytest.raises(KeyboardInterrupt):
        server.start()
    started = time.monotonic()
    server.stop()  # it never served: nothing to wait for
    assert time.monotonic() - started < 2
    assert not [t for t in threading.enumerate() if t.name.startswith("leaflets-serve")]


def test_the_findings_of_an_unusable_page_name_are_empty(preview: PreviewServer) -> None:
    for page in ("../pyproject.toml", "%2e%2e/x", "a/b/c/d/index.html", ""):
        status, _, body = get(preview.port, f"/__leaflets/findings?page=/{page}")
        assert status == 200 and json.loads(body)["findings"] == []


# --- the command ---------------------------------------------------------------------------------


def test_a_port_in_use_is_said_with_another_to_try_and_exit_2(project: Path) -> None:
    handler = signal.getsignal(signal.SIGTERM)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_cli(project, "serve", "--port", str(port))
        assert code == 2, (out, err)
        assert f"port {port} on 127.0.0.1 is already in use" in err
        suggested = int(re.search(r"try --port (\d+)", err).group(1))  # type: ignore[union-attr]
        assert suggested != port
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", suggested))  # and it was free
        assert "Traceback" not in err + out
        with pytest.raises(PortInUse) as caught:
            PreviewServer(load_settings(project), port, watch=False).start()
        assert caught.value.free is not None
    assert signal.getsignal(signal.SIGTERM) == handler  # the command put the process's handler back


def descendants(pid: int) -> set[int]:
    """Every process started by ``pid`` (children, and theirs), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_command(project: Path, port: int = 0) -> tuple[subprocess.Popen[str], int]:
    """``leaflets serve`` in its own process; the process and the port it says it serves on."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port), "--project",
                             str(project)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line)
        if found := re.search(r"at http://127\.0\.0\.1:(\d+)/", line):
            return proc, int(found.group(1))
    proc.kill()
    raise AssertionError(f"the server did not start: {''.join(lines)} {proc.stderr.read() if proc.stderr else ''}")


def test_sigterm_stops_the_command_cleanly(project: Path) -> None:
    proc, port = start_command(project)
    try:
        assert get(port, "/" + PAGE)[0] == 200
        stream = EventStream(port)
        children = descendants(proc.pid)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        assert time.monotonic() - started < 5
        assert "Traceback" not in err and "Stopping." in out
        while (event := stream.next()) is not None:  # what was sent before the stream ended with the server
            assert event[0] in ("ready", "reload")  # the first build runs while the last one is served
        assert not [pid for pid in children if alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
