"""``leaflets serve`` in a real browser (Debian's Chromium through Playwright): a save shows on the
open page by itself within two seconds, the overlay marks the gate's findings in place (and is
axe-clean), a bad edit shows its problem over the last good page, and SIGINT stops the server
cleanly. Skips loudly without Chromium, fails instead when ``CI`` is set (``conftest.chromium``)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_support import SLUG
from conftest import ROOT, require_tool, sample_settings

from pipeline.incremental import build_catalogue
from pipeline.settings import load_settings

PAGE = f"{SLUG}/en-GB/index.html"
SENTENCE = "They also keep your spine steady."
SAVE_TO_RELOAD_SECONDS = 2.0  # the budget: from a save to the new text on the open page
SCREENSHOTS = ROOT / "reports" / "screenshots"


@dataclass
class Served:
    """A ``leaflets serve`` process on a project copy."""

    project: Path
    proc: subprocess.Popen[str]
    port: int

    def url(self, page: str = PAGE) -> str:
        return f"http://127.0.0.1:{self.port}/{page}"

    @property
    def source(self) -> Path:
        return self.project / "source" / f"{SLUG}.md"

    def edit(self, old: str, new: str) -> None:
        text = self.source.read_text(encoding="utf-8")
        assert old in text
        self.source.write_text(text.replace(old, new, 1), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once per worker; each server starts on a copy of it (its first build is a no-op)."""
    folder = tmp_path_factory.mktemp("built")
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, folder / name)
    sample_settings(folder / "pyproject.toml")
    build_catalogue(load_settings(folder))
    return folder / "dist"


@pytest.fixture
def served(chromium: Any, project_copy: Path, built_dist: Path) -> Iterator[Served]:
    """``leaflets serve --port <free>`` as a process of its own, as an author runs it."""
    import importlib.util

    require_tool("watchfiles", importlib.util.find_spec("watchfiles") is not None, "pip install -e '.[test]'")
    shutil.copytree(built_dist, project_copy / "dist", symlinks=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port), "--project",
                             str(project_copy)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    said = []
    for line in proc.stdout:
        said.append(line)
        if line.startswith("Serving "):
            break
    else:
        problems = proc.stderr.read() if proc.stderr else ""
        raise AssertionError(f"leaflets serve did not start: {''.join(said)}{problems}")
    assert f"http://127.0.0.1:{port}/" in said[-1]
    yield Served(project_copy, proc, port)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def page(chromium: Any, served: Served) -> Iterator[Any]:
    """A fresh browser tab (its own context: no sessionStorage from another test) that records
    every request it makes, so a request to any other server fails the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.requests, tab.errors = requests, errors
    yield tab
    context.close()
    outside = [url for url in requests if not url.startswith(f"http://127.0.0.1:{served.port}/")]
    assert not outside, f"requests to other servers: {outside}"
    assert not errors, f"script errors on the page: {errors}"


def open_live(page: Any, url: str) -> None:
    """Open a page and wait until it hears the server's events."""
    page.goto(url, wait_until="load")
    page.wait_for_selector("html[data-lf-live=on]", timeout=10_000)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: the same axe.min.js the project's own
    axe runs use (pipeline/validate.py, through axe-playwright-python), every rule axe runs by default."""
    from axe_playwright_python.base import AXE_FILE_PATH

    page.add_script_tag(path=str(AXE_FILE_PATH))
    return list(page.evaluate("""async () => (await axe.run(document)).violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""))


def test_a_save_shows_on_the_open_page_by_itself_within_two_seconds(page: Any, served: Served) -> None:
    open_live(page, served.url())
    assert run_axe(page) == []  # the toggle alone, overlay off
    times = []
    old = SENTENCE
    # three saves: on a test machine busier than its processors one save can be slow for reasons
    # of its own (another test's PDFs); the budget must hold for the best, and every save must show
    for n, words in enumerate(("back steady and strong", "back steady", "spine strong")):
        new = f"They also keep your {words}."
        page.wait_for_selector("html[data-lf-live=on]")  # the (reloaded) page listens
        saved = time.monotonic()
        served.edit(old, new)
        page.wait_for_function("text => document.querySelector('main').innerText.includes(text)", arg=new,
                               timeout=10_000, polling=50)
        times.append(time.monotonic() - saved)
        assert old not in page.inner_text("main"), n
        old = new
    print("save to new text on the open page: " + ", ".join(f"{t:.2f} s" for t in times))
    assert min(times) < SAVE_TO_RELOAD_SECONDS, f"{times} s from a save to the new text on the page"


def marked_text(page: Any, group: str) -> str:
    """The words one finding's marks hold (a sentence with a link in it is marked in pieces)."""
    return " ".join(str(page.evaluate(
        "g => [...document.querySelectorAll(`mark[data-lf-group='${g}']`)].map(m => m.textContent).join('')",
        group)).split())


PASSIVE = "The form is signed by the nurse."
LONG = ("If you have any questions about the injection or about anything else in this leaflet, talk to your "
        "doctor or to the nurse at the clinic before the day that you come in.")


def test_the_overlay_marks_findings_in_place_and_passes_axe(page: Any, served: Served) -> None:
    open_live(page, served.url())
    served.edit(SENTENCE, f"{SENTENCE} {PASSIVE} {LONG}")  # a warning and an error, beside the notes
    page.wait_for_function("text => document.querySelector('main').innerText.includes(text)", arg=PASSIVE,
                           timeout=10_000)
    page.wait_for_selector("html[data-lf-live=on]")
    findings_url = f"http://127.0.0.1:{served.port}/__leaflets/findings?page=/{PAGE}"
    deadline = time.monotonic() + 10
    # the page reloads as soon as it is written; the gate's findings follow a moment later
    while not any(f["match"] == PASSIVE for f in page.request.get(findings_url).json()["findings"]):
        assert time.monotonic() < deadline, "the gate's findings were not refreshed"
        time.sleep(0.05)
    toggle = page.locator("button.lf-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"  # off by default
    assert page.locator("mark[data-lf-group]").count() == 0
    toggle.click()
    page.wait_for_selector("html[data-lf-overlay=on]")
    assert toggle.get_attribute("aria-pressed") == "true"
    data = page.request.get(findings_url).json()
    count = len(data["findings"])
    live = page.locator(".lf-overlay [aria-live=polite]")
    page.wait_for_function("n => document.querySelector('.lf-overlay [aria-live]').textContent.startsWith("
                           "`Overlay on: ${n} finding`)", arg=count)
    assert re.fullmatch(rf"Overlay on: {count} findings?.*", live.inner_text())
    assert re.fullmatch(r"SMOG \d+(\.\d)? · (pass|warn|fail) · target <= 10 \(fail > 12\)", page.inner_text(".lf-age"))
    # the new sentences: a passive-voice warning and a very long sentence (an error), each marked
    for words, rule, kind in ((PASSIVE, "passive-voice", "lf-warning"), (LONG, "very-long-sentence", "lf-error")):
        assert any(f["rule"] == rule and f["match"] == words for f in data["findings"]), rule
        groups = page.evaluate("() => [...document.querySelectorAll('mark[tabindex]')].map(m => "
                               "[m.dataset.lfGroup, m.className])")
        kinds = [classes for group, classes in groups if marked_text(page, group) == words]
        assert len(kinds) == 1 and kind in kinds[0].split(), (words, kinds)

    # the finding on a sentence with a glossary link in it: marked in place, across the link
    finding = next(f for f in data["findings"] if f["match"] == "They join your spine to your pelvis.")
    first = page.locator("mark[tabindex='0']", has_text="They join your spine").first
    group = first.get_attribute("data-lf-group")
    assert marked_text(page, group) == finding["match"]
    assert first.get_attribute("role") == "note"
    tip = page.locator(f"#{first.get_attribute('aria-describedby')}")
    assert tip.get_attribute("role") == "tooltip" and tip.is_hidden()
    first.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 250)")
    first.focus()  # keyboard focus shows the message and the suggestion
    assert tip.is_visible()
    assert finding["message"] in tip.inner_text() and finding["suggestion"] in tip.inner_text()
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    first.hover()
    assert tip.is_visible()
    page.mouse.move(5, 5)
    passive = page.locator("mark.lf-warning[tabindex='0']", has_text=PASSIVE).last  # the innermost
    passive.focus()
    assert "Passive voice" in page.locator(f"#{passive.get_attribute('aria-describedby')}").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "serve-overlay.png"))
    # every mark holds the words of a finding, and each has one way in by keyboard
    groups = page.evaluate("() => [...document.querySelectorAll('mark[tabindex]')].map(m => m.dataset.lfGroup)")
    assert len(groups) >= 5 and len(set(groups)) == len(groups)
    assert {marked_text(page, group) for group in groups} <= {f["match"] for f in data["findings"]}
    assert run_axe(page) == []

    # the state is kept in the tab: the easy-read page opens with the overlay on
    open_live(page, served.url(f"{SLUG}/en-GB/easy-read.html"))
    page.wait_for_selector("html[data-lf-overlay=on]")
    passive = page.locator("mark[tabindex='0']", has_text="These words are explained in the main leaflet.")
    assert passive.count() == 1
    passive.focus()
    assert "Passive voice" in page.locator(f"#{passive.get_attribute('aria-describedby')}").inner_text()
    assert run_axe(page) == []
    page.locator("button.lf-toggle").click()  # and off again
    page.wait_for_function("() => !document.querySelector('mark[data-lf-group]')")
    page.wait_for_function("() => document.querySelector('.lf-overlay [aria-live]').textContent === 'Overlay off'")


def test_the_overlay_on_a_right_to_left_page_passes_axe(page: Any, served: Served) -> None:
    open_live(page, served.url(f"{SLUG}/ar/index.html"))
    page.locator("button.lf-toggle").click()
    page.wait_for_selector("html[data-lf-overlay=on]")
    assert run_axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "serve-overlay-ar.png"))


def test_a_bad_edit_shows_its_problem_over_the_last_good_page_and_a_fix_recovers(page: Any,
                                                                                 served: Served) -> None:
    open_live(page, served.url())
    before = page.inner_text("main")
    served.edit("title: Sacroiliac joint injection", "title Sacroiliac joint injection")
    panel = page.locator(".lf-problems")
    panel.wait_for(state="visible", timeout=10_000)
    assert re.search(rf"source/{SLUG}\.md:\d+ .*front matter", panel.inner_text())
    assert panel.get_attribute("role") == "alert"
    assert page.inner_text("main") == before  # the last good build, still on screen
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "serve-problem.png"))
    assert run_axe(page) == []
    page.get_by_role("button", name="Hide this message").click()  # it can be put away
    panel.wait_for(state="hidden")
    page.reload()  # a page opened while the source is broken is told at once
    page.locator(".lf-problems").wait_for(state="visible", timeout=10_000)
    served.edit("title Sacroiliac joint injection", "title: Sacroiliac joint injection")
    text = served.source.read_text(encoding="utf-8")
    served.source.write_text(text.replace(SENTENCE, "They keep your spine steady too."), encoding="utf-8")
    page.wait_for_function("text => document.querySelector('main').innerText.includes(text)",
                           arg="They keep your spine steady too.", timeout=10_000)
    page.locator(".lf-problems").wait_for(state="hidden", timeout=10_000)


def _descendants(pid: int) -> set[int]:
    from test_serve import descendants

    return descendants(pid)


def test_sigint_stops_the_server_cleanly(page: Any, served: Served) -> None:
    open_live(page, served.url())  # an open page holds an event stream: it must not hold the server
    children = _descendants(served.proc.pid)
    started = time.monotonic()
    served.proc.send_signal(signal.SIGINT)
    out, err = served.proc.communicate(timeout=10)
    took = time.monotonic() - started
    assert served.proc.returncode == 0, err
    assert took < 5, f"{took:.1f} s to stop"
    assert "Traceback" not in err and "Stopping." in out
    from test_serve import alive

    assert not [pid for pid in children if alive(pid)]
    page.wait_for_selector("html[data-lf-live=off]", timeout=10_000)  # the page noticed, and keeps its content
