"""Nothing lost: the build removes only what it wrote, update never overwrites a translator's
save, killed commands leave no temporary files for good and no worker processes behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from test_build_incremental import SAMPLE, make_project

from pipeline.atomic import ChangedMeanwhile, fingerprint_bytes, write_if_unchanged
from pipeline.incremental import MANIFEST, build_catalogue
from pipeline.problems import InputError
from pipeline.settings import load_settings

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


# -- the build removes only what its manifest says it wrote ---------------------------------


def test_files_of_every_kind_the_build_did_not_write_survive_rebuilds(tmp_path: Path) -> None:
    project = make_project(tmp_path, copies=2)
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    dist = settings.output_dir
    mine = {dist / "photo.png": PNG_1PX, dist / SAMPLE / "notes.html": b"<p>mine</p>",
            dist / "assets" / "extra.css": b"p{}", dist / "mine" / "book.epub": b"PK"}
    for path, data in mine.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (project / "source" / f"{SAMPLE}-1.md").unlink()  # its outputs become stale
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text() + "\n# changed\n")
    report = build_catalogue(load_settings(project), jobs=1)
    assert report.removed and all(p.startswith(f"{SAMPLE}-1/") for p in report.removed)
    for path, data in mine.items():
        assert path.read_bytes() == data, path


def test_first_build_into_a_folder_of_someone_elses_files_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, copies=1)
    (project / "dist").mkdir()
    (project / "dist" / "photo.png").write_bytes(PNG_1PX)
    with pytest.raises(InputError) as caught:
        build_catalogue(load_settings(project), jobs=1)
    message = str(caught.value)
    assert "tool.leaflets.output_dir" in message and "photo.png" in message
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["photo.png"]


def test_a_tampered_manifest_cannot_make_the_build_delete_outside_its_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path, copies=1)
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    outside = tmp_path / "precious.html"
    outside.write_text("keep me", encoding="utf-8")
    (settings.output_dir / "linked").symlink_to(tmp_path)
    manifest_path = settings.output_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    outputs = manifest["leaflets"][SAMPLE]["outputs"]
    for evil in ("../precious.html", "/etc/hostname", "linked/precious.html", "../pyproject.toml", "./x/../../y"):
        outputs[evil] = "x"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text() + "\n# changed\n")
    build_catalogue(load_settings(project), jobs=1)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert (project / "pyproject.toml").exists() and Path("/etc/hostname").exists()


def test_a_build_with_only_problems_leaves_no_output_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path, copies=1)
    source = project / "source" / f"{SAMPLE}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nSee [x](javascript:alert(1)).\n", encoding="utf-8")
    with pytest.raises(InputError):
        build_catalogue(load_settings(project), jobs=1)
    assert not (project / "dist").exists()


# -- update never overwrites a file saved after it was read --------------------------------


def test_a_translators_save_during_update_is_kept_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    from pipeline.po import workflow
    from pipeline.project import load_project

    project = make_project(tmp_path, copies=1)
    source = project / "source" / f"{SAMPLE}.md"
    # a source change, so that update has something to write into every PO file
    source.write_text(source.read_text(encoding="utf-8").replace("There is one on each side.",
                                                                 "There is one joint on each side."))
    po_file = project / "locales" / "cy" / "LC_MESSAGES" / f"{SAMPLE}.po"
    settings = load_settings(project)
    leaflets = load_project(settings).leaflets
    real_write_templates = workflow.write_templates

    def translator_saves_meanwhile(*args: object) -> list[str]:
        # Poedit saves the file (through polib, as an editor would) after update read it
        catalogue = polib.pofile(str(po_file))
        entry = next(e for e in catalogue if e.msgid.startswith("These joints help you move."))
        entry.msgstr = "Mae'r cymalau hyn yn eich helpu i symud. (wedi'i gadw gan y cyfieithydd)"
        catalogue.save(str(po_file))
        return real_write_templates(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(workflow, "write_templates", translator_saves_meanwhile)
    # a file that cannot be written stops only itself: reported (the CLI exits 2), the rest written
    report = workflow.update(settings, leaflets, jobs=1)
    assert [p.path for p in report.problems] == [f"locales/cy/LC_MESSAGES/{SAMPLE}.po"]
    assert "changed while update ran" in str(report.problems[0])
    assert "wedi'i gadw gan y cyfieithydd" in po_file.read_text(encoding="utf-8")
    # the other locales were updated; a second run merges the translator's version too
    assert "There is one joint on each side." in (po_file.parent.parent.parent / "pl" / "LC_MESSAGES" /
                                                  f"{SAMPLE}.po").read_text(encoding="utf-8")
    monkeypatch.setattr(workflow, "write_templates", real_write_templates)
    workflow.update(settings, leaflets, jobs=1)
    text = po_file.read_text(encoding="utf-8")
    assert "wedi'i gadw gan y cyfieithydd" in text and "There is one joint on each side." in text


def test_write_if_unchanged_compares_before_the_rename(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"old")
    seen = fingerprint_bytes(b"old")
    path.write_bytes(b"saved by a person")
    with pytest.raises(ChangedMeanwhile):
        write_if_unchanged(path, b"merged", seen)
    assert path.read_bytes() == b"saved by a person"
    assert write_if_unchanged(path, b"merged", fingerprint_bytes(b"saved by a person"))
    assert path.read_bytes() == b"merged"
    with pytest.raises(ChangedMeanwhile):
        write_if_unchanged(path, b"new", None)  # expected absent, but someone created it
    assert list(tmp_path.iterdir()) == [path]


# -- leftovers of killed commands ----------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_files_of_dead_writers_are_removed_by_the_next_write_there(tmp_path: Path) -> None:
    from pipeline.po import workflow
    from pipeline.project import load_project

    project = make_project(tmp_path, copies=1)
    settings = load_settings(project)
    folder = project / "locales" / "cy" / "LC_MESSAGES"
    dead = folder / f".{SAMPLE}.po.{_dead_pid()}.k3j2h1g0.tmp"
    dead.write_text("half a file")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = folder / f".ui.po.{sleeper.pid}.a1b2c3d4.tmp"
        alive.write_text("another command is writing this")
        source = project / "source" / f"{SAMPLE}.md"
        source.write_text(source.read_text(encoding="utf-8").replace("There is one on each side.", "One each side."))
        workflow.update(settings, load_project(settings).leaflets, jobs=1)
        assert not dead.exists(), "a killed update's temporary file must not stay for ever"
        assert alive.exists(), "a running command's temporary file must be left alone"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_partial_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    from pipeline.incremental import Selection

    project = make_project(tmp_path, copies=1)
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    leftover = settings.output_dir / SAMPLE / "cy" / f".index.html.{_dead_pid()}.zz9xx8yy.tmp"
    leftover.write_text("<html>half")
    po_file = project / "locales" / "cy" / "LC_MESSAGES" / f"{SAMPLE}.po"
    po_file.write_text(po_file.read_text(encoding="utf-8").replace("Pigiad i'r cymal", "Pigiad i’r cymal"))
    build_catalogue(load_settings(project), Selection(locales=frozenset({"cy"})), jobs=1)
    assert not leftover.exists()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
def test_workers_exit_when_the_build_is_killed(tmp_path: Path) -> None:
    project = make_project(tmp_path, copies=12)
    # the command alone is killed (not its process group), as `kill -9 <pid>` does
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--project", str(project), "--jobs", "2",
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 120  # a guard against a hang, not a timing assertion
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build never started its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived the killed build"


# -- the system refuses a write --------------------------------------------------------------


@pytest.mark.parametrize("error", [(28, "No space left on device"), (30, "Read-only file system")])
def test_a_full_disk_or_read_only_folder_is_a_message_and_loses_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: tuple[int, str]) -> None:
    from typer.testing import CliRunner

    import pipeline.atomic
    from pipeline.cli import app

    project = make_project(tmp_path, copies=1)
    settings = load_settings(project)
    build_catalogue(settings, jobs=1)
    before = {p: p.read_bytes() for p in settings.output_dir.rglob("*") if p.is_file()}
    po_file = project / "locales" / "cy" / "LC_MESSAGES" / f"{SAMPLE}.po"
    po_file.write_text(po_file.read_text(encoding="utf-8").replace("Pigiad i'r cymal", "Pigiad i’r cymal"))

    def refuse(src: str, dst: object) -> None:
        raise OSError(error[0], error[1], str(dst))

    monkeypatch.setattr(pipeline.atomic.os, "replace", refuse)
    result = CliRunner().invoke(app, ["build", "--jobs", "1", "--project", str(project)])
    assert result.exit_code == 2 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert error[1] in result.output and "Traceback" not in result.output
    after = {p: p.read_bytes() for p in settings.output_dir.rglob("*") if p.is_file()}
    assert after == before, "a refused write must leave every file as it was (and no temporary file)"


def test_a_translator_saving_again_and_again_during_a_real_update_loses_nothing(tmp_path: Path) -> None:
    """The held-out scenario: Poedit (here polib) saves every 20 ms while `leaflets update` runs."""
    project = make_project(tmp_path, copies=20)
    for source in (project / "source").glob("*.md"):
        source.write_text(source.read_text(encoding="utf-8").replace("There is one on each side.",
                                                                     "There is one joint on each side."))
    po_file = project / "locales" / "cy" / "LC_MESSAGES" / f"{SAMPLE}.po"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "update", "--jobs", "2", "--project", str(project)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    saves = 0
    while proc.poll() is None:
        # each save adds a mark to the translation: a merge of the file as saved keeps every mark,
        # one of a stale copy drops those saved after update read it (later saves cannot restore them)
        catalogue = polib.pofile(str(po_file))
        entry = next(e for e in catalogue if e.msgid.startswith("These joints help you move."))
        entry.msgstr += f" [{saves}]"
        catalogue.save(str(po_file))
        saves += 1
        time.sleep(0.02)
    _, err = proc.communicate(timeout=300)
    assert "Traceback" not in err
    final = next(e for e in polib.pofile(str(po_file)) if e.msgid.startswith("These joints help you move."))
    lost = [number for number in range(saves) if f" [{number}]" not in final.msgstr]
    assert saves and not lost, f"saves {lost} of {saves} were overwritten by update"
    assert proc.returncode in (0, 2)
    if proc.returncode == 2:
        assert "changed while update ran" in err or f"{SAMPLE}.po:" in err
