"""Bad source leaflets: one clear `path:line:col: message` per problem, all reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.problems import InputError
from pipeline.project import check_sources
from pipeline.reader import parse_leaflet, read_leaflet
from pipeline.settings import defaults

BROKEN = Path(__file__).parent / "fixtures" / "broken"

GOOD_FRONT = """---
id: good
title: Good
summary: A good leaflet.
organisation: Test clinic
version: "1.0"
published: 2026-11-01
review_due: 2029-11-01
contact: Call [0300 123 4567](tel:03001234567).
locale: en-GB
---
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_leaflet(text, "x.md")
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Intro.\n\n## A\n\nText.\n", "x.md:13:1: text before the first section"),
        ("## A\n\n#### B\n\nText.\n", "x.md:15:1: heading level 4 is too deep"),
        ("### A\n\nText.\n", "x.md:13:1: heading levels skip from the title to '### '"),
        ("# A\n\nText.\n", "x.md:13:1: a '# ' heading is not allowed"),
        ("## A\n\n![](doctor)\n", "x.md:15:1: this picture has no alt text"),
        ("## A\n\n![Map](../../etc/map.svg)\n", "x.md:15:8: picture path '../../etc/map.svg' leaves the project"),
        ("## A\n\n![Map](https://example.org/m.png)\n", "picture 'https://example.org/m.png' is not inside"),
        ("## A\n\n<script>alert(1)</script>\n", "x.md:15:1: raw HTML is not allowed"),
        ("## A\n\nSome <b>bold</b>.\n", "x.md:15:6: raw HTML is not allowed"),
        ("## A\n\n::: easy-read\n- No picture here.\n:::\n", "x.md:16:1: this easy-read point has no picture"),
        ("## A\n\n::: easy-read\n- ![A doctor](doctor)\n:::\n", "has a picture but no words"),
        ("## A\n\n::: danger Look\nText.\n:::\n", "unknown box '::: danger'"),
        ("## A\n\nSee [this](ftp://x.org/a).\n", "link target 'ftp://x.org/a' is not allowed"),
        ("## A\n\nUse `code`.\n", "code (`...`) is not allowed"),
        ("## A\n\n```\ncode\n```\n", "code blocks are not allowed"),
        ("## A\n\n3. Three\n4. Four\n", "numbered lists must start at 1"),
        ("## A\n\n- one\n  - two\n    - three\n", "lists can be nested one level only"),
        ("## A\n\n<!-- leaflets-disable passive-voice -->\nText.\n", "a rule switch needs a rule id and a reason"),
        ("", "the leaflet is empty"),
    ],
)
def test_body_problem_is_reported_with_position(body: str, expected: str) -> None:
    found = problems_of(GOOD_FRONT + "\n" + body)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("summary: A good leaflet.\n", ""), "x.md:10:1: front matter is missing 'summary'"),
        (("title: Good", "titel: Good"), "x.md:3:1: unknown front matter key 'titel'. Did you mean 'title'?"),
        (("2029-11-01", "2029-02-30"), "x.md:8:1: front matter 'review_due': '2029-02-30' is not a date"),
        (("2029-11-01", "2025-11-01"), "x.md:8:1: front matter 'review_due' (2025-11-01) is not after"),
        (("id: good", "id: Good Leaflet"), "x.md:2:1: front matter 'id': 'Good Leaflet' is not a valid id"),
        (("locale: en-GB", "locale: xx-nowhere"), "x.md:10:1: front matter 'locale': 'xx-nowhere' is not"),
        (('version: "1.0"', "version: 1.0"), "write the version in quotes"),
        (("title: Good", "title: [Good"), "x.md:4:8: broken front matter"),
        (("reading_age", "reading_age"), ""),
    ],
)
def test_front_matter_problem(change: tuple[str, str], expected: str) -> None:
    text = GOOD_FRONT.replace(*change) + "\n## A\n\nText.\n"
    if not expected:
        parse_leaflet(text, "x.md")
        return
    found = problems_of(text)
    assert any(expected in p for p in found), found


def test_no_front_matter() -> None:
    assert problems_of("## A\n\nText.\n") == [
        "x.md:1:1: no front matter: start the file with a '---' line, 'key: value' lines "
        "(id, title, summary, ...) and a closing '---' line"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(GOOD_FRONT.replace("Good", "Caf\xe9").encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_leaflet(path, tmp_path)
    assert str(info.value.problems[0]).startswith("bad.md:3:11: the file is not UTF-8 text")


def test_every_problem_in_a_file_is_reported_not_just_the_first() -> None:
    found = problems_of(GOOD_FRONT.replace("title: Good", "titel: Good") + "\n# A\n\n![](x)\n\n<i>x</i>\n")
    assert len(found) >= 4, found


def test_validate_reports_every_file(tmp_path: Path) -> None:
    shutil.copytree(BROKEN, tmp_path / "source")
    settings = defaults(tmp_path)
    leaflets, problems = check_sources(settings)
    files = {p.path for p in problems}
    assert files == {f"source/{p.name}" for p in BROKEN.glob("*.md")} - {"source/dup-a.md"}
    assert any("duplicate id 'dup-a'" in p.message for p in problems)
    assert [leaflet.meta.slug for leaflet in leaflets] == ["dup-a"]


def test_id_must_match_file_name(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "other.md").write_text(GOOD_FRONT + "\n## A\n\nText.\n", encoding="utf-8")
    _, problems = check_sources(defaults(tmp_path))
    assert "does not match the file name 'other.md'" in problems[0].message


def test_picture_file_must_exist(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "good.md").write_text(GOOD_FRONT + "\n## A\n\n![A map](map.svg)\n", encoding="utf-8")
    _, problems = check_sources(defaults(tmp_path))
    assert problems and "picture file 'map.svg' does not exist" in problems[0].message
    assert problems[0].line == 15
