"""Settings in [tool.leaflets]: defaults, validation, and the README's config reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.problems import InputError
from pipeline.settings import iter_settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n\n" + body, encoding="utf-8")
    return tmp_path


def test_defaults_without_a_table(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""))
    assert settings.output_dir == tmp_path / "dist"
    assert settings.get("reading_age.standard_pass") == 10
    assert settings.publish_policy == "complete"


def test_unknown_key_names_the_nearest_valid_one(tmp_path: Path) -> None:
    root = write(tmp_path, '[tool.leaflets]\noutput_dri = "out"\n')
    with pytest.raises(InputError) as info:
        load_settings(root)
    assert str(info.value.problems[0]) == (
        "pyproject.toml:5:1: unknown setting 'tool.leaflets.output_dri'. Did you mean 'output_dir'? "
        "See the README's config reference"
    )


def test_unknown_nested_key(tmp_path: Path) -> None:
    root = write(tmp_path, "[tool.leaflets.reading_age]\nstandard_pas = 9\n")
    with pytest.raises(InputError) as info:
        load_settings(root)
    assert "'tool.leaflets.reading_age.standard_pas'. Did you mean 'standard_pass'?" in str(info.value)


def test_wrong_type_and_choice(tmp_path: Path) -> None:
    root = write(tmp_path, '[tool.leaflets]\nlocales = "cy"\npublish_policy = "partial"\n')
    with pytest.raises(InputError) as info:
        load_settings(root)
    messages = [p.message for p in info.value.problems]
    assert "'tool.leaflets.locales' must be a list, not 'cy'" in messages
    assert any(m.startswith("'tool.leaflets.publish_policy' must be one of complete, fallback") for m in messages)


def test_broken_toml_is_a_message(tmp_path: Path) -> None:
    root = write(tmp_path, "[tool.leaflets\n")
    with pytest.raises(InputError) as info:
        load_settings(root)
    assert info.value.problems[0].message.startswith("not valid TOML")


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [key for key, _ in iter_settings() if f"`{key}`" not in readme]
    assert not missing, f"document these settings in the README's config reference: {missing}"


def test_the_projects_own_settings_are_valid() -> None:
    load_settings(ROOT)
