"""Shared fixtures: the repository root and a scratch copy of the project."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    """The repository root (the real project)."""
    return ROOT


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources, settings and locales in a scratch folder."""
    for name in ("source", "locales"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name)
    sample_settings(tmp_path / "pyproject.toml")
    return tmp_path


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium (the system's, with the flags this machine needs), through playwright."""
    from pipeline.validate import CHROMIUM_ARGS, browser_available, chromium_path

    require_tool("chromium + playwright", browser_available(), "run .ci/install-validators.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def sample_settings(target: Path, audio: bool = False) -> None:
    """The sample project's pyproject.toml at ``target``; without the audio editions unless asked
    (speaking six languages takes about 40 s, tests/test_audio.py renders them directly)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if not audio:
        text = text.replace(', "audio", "read-aloud-epub"]', "]")
    target.write_text(text, encoding="utf-8")


def require_tool(name: str, found: bool, why: str) -> None:
    """Skip loudly when an external validator is missing; fail instead when CI is set."""
    if found:
        return
    message = f"{name} is not installed: {why}"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {message}")
    pytest.skip(f"SKIPPED LOUDLY: {message}")
