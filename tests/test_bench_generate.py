"""The benchmark's catalogue generator: deterministic, about 900 words a leaflet, valid sources.

Only the generator is tested here (a tiny catalogue, a few seconds); the benchmark itself
(bench/run.py) is far too slow for the test suite and is run by hand.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_generator() -> ModuleType:
    # bench/ is a folder of scripts, not a package: load the file itself.
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same tiny catalogue (N=2, K=2, seed 7) generated twice, in two folders."""
    base = tmp_path_factory.mktemp("bench")
    first, second = base / "a", base / "b"
    # Side by side: each run is mostly waiting for the CLI's subprocesses, and the two share nothing.
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(gen.generate, folder, 2, 2, seed=7, log=lambda _: None)
                for folder in (first, second)]
        for run in runs:
            run.result()
    return first, second


def test_same_seed_gives_a_byte_identical_catalogue(catalogues: tuple[Path, Path]) -> None:
    first, second = catalogues
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert len([n for n in a if n.startswith("source/")]) == 2
    assert len([n for n in a if n.endswith(".po")]) >= 4  # 2 leaflets x 2 locales, plus any shared template


def test_settings_list_the_locales(catalogues: tuple[Path, Path]) -> None:
    text = (catalogues[0] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'locales = ["cy", "pl"]' in text


def test_another_seed_gives_other_leaflets() -> None:
    one = [gen.render_source(lf) for lf in gen.make_catalogue(3, seed=1)]
    two = [gen.render_source(lf) for lf in gen.make_catalogue(3, seed=2)]
    assert one != two


def test_leaflets_have_about_900_words() -> None:
    words = [gen.count_words(gen.render_source(lf)) for lf in gen.make_catalogue(40, seed=3)]
    assert all(800 <= w <= 1000 for w in words), words
    assert 860 <= sum(words) / len(words) <= 960


def test_leaflet_ids_are_unique_in_a_large_catalogue() -> None:
    # Past the 120 procedure-and-site pairs the ids take a suffix.
    slugs = [lf.slug for lf in gen.make_catalogue(125, seed=1)]
    assert len(set(slugs)) == len(slugs)


def test_pictures_are_the_sample_leaflets_concepts() -> None:
    sample = (ROOT / "source" / "sacroiliac-joint-injection.md").read_text(encoding="utf-8")
    used_by_sample = set(re.findall(r"^- !\[[^\]]*\]\(([a-z0-9-]+)\)", sample, re.M))
    used = {p.concept for lf in gen.make_catalogue(20, seed=1) for s in lf.sections for p in s.points}
    assert used <= used_by_sample


def test_generated_sources_pass_validate(catalogues: tuple[Path, Path]) -> None:
    command = [*gen.leaflets_command(), "validate"]
    done = subprocess.run(command, cwd=catalogues[0], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_po_file_is_fully_translated(catalogues: tuple[Path, Path]) -> None:
    files = gen.po_files(catalogues[0])
    assert files
    for path in files:
        po = polib.pofile(str(path))
        assert po.percent_translated() == 100, path
        assert not po.fuzzy_entries(), path


def test_pseudo_translation_keeps_numbers_links_and_markup() -> None:
    tr = gen.PseudoTranslator("cy")
    text = "Call **the clinic** on [01234 567 890](tel:+441234567890) by {date}, 9am to 5pm, or 111."
    out = tr(text)
    assert out != text
    for kept in ("**", "[01234 567 890](tel:+441234567890)", "{date}", "9am", "5pm", "111."):
        assert kept in out
    assert tr(text) == out  # the same word always becomes the same word
    assert gen.PseudoTranslator("ar")("Call the clinic") != gen.PseudoTranslator("pl")("Call the clinic")


@pytest.mark.parametrize("locale", ["cy", "pl", "es", "ar", "ur"])
def test_pseudo_translation_keeps_every_safety_check(locale: str) -> None:
    # a pseudo-translation the build refuses would leave the benchmark building only English
    from pipeline.check.acceptance import refusals

    for text in ("Do not drive home for 24 hours.", "It is not a cure, and there is no need to wait.",
                 "Never take more than 4 doses (2 x 500 mg) in 24 hours.", "Take 1,000mg at most, or 1,000 ml."):
        assert refusals(text, gen.PseudoTranslator(locale)(text), "en-GB", locale, True) == (), (locale, text)


def test_the_five_percent_edit_is_reproducible_and_small() -> None:
    catalogue = gen.make_catalogue(10, seed=1)
    first, counts = gen.edit_catalogue(catalogue, 0.05, seed=1)
    second, _ = gen.edit_catalogue(catalogue, 0.05, seed=1)
    assert [gen.render_source(lf) for lf in first] == [gen.render_source(lf) for lf in second]
    changed = sum(gen.render_source(a) != gen.render_source(b) for a, b in zip(catalogue, first, strict=True))
    assert changed >= 1 and sum(counts.values()) >= 1


def test_fallback_when_extract_and_init_do_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messages: list[str] = []
    monkeypatch.setattr(gen, "cli_commands", lambda cli: frozenset({"validate", "build"}))
    manifest = gen.generate(tmp_path / "c", 2, 2, seed=7, log=messages.append)
    assert "fallback" in str(manifest["po_source"])
    assert any("FALLBACK" in m for m in messages)
    files = gen.po_files(tmp_path / "c")
    assert len(files) == 4
    for path in files:
        po = polib.pofile(str(path))
        assert po.percent_translated() == 100, path
        assert po.metadata["Language"] == path.parent.parent.name
