"""Clinical governance: front matter, the gate's governance rules, approvals, translation review
records and the reviewed publish policy, run through the CLI on copies of the sample project."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from cli_support import SLUG, po_file, run_cli

SOURCE = Path("source") / f"{SLUG}.md"


def _front(project: Path, extra: str) -> None:
    path = project / SOURCE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("locale: en-GB\n", "locale: en-GB\n" + extra, 1), encoding="utf-8")


def _settings(project: Path, text: str) -> None:
    path = project / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[tool.leaflets.reading_age]", text
                                                             + "\n[tool.leaflets.reading_age]", 1), encoding="utf-8")


def _findings(project: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    code, out, err = run_cli(project, "check", "--format", "json", "--leaflet", SLUG, *args)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


GOOD = """owner: Pain Management Team
author: Sam Jones, Clinical Nurse Specialist
last_reviewed: 2026-11-01
evidence:
  - title: Sacroiliac joint injection guidance
    link: https://www.example.nhs.uk/guidance/si-joint
  - title: Local pain service protocol
    reference: Riverside protocol PM-12, 2025
changes:
  - version: "1.0"
    date: 2026-11-01
    summary: First version.
"""


def test_governance_front_matter_is_read_and_kept_by_format(project_copy: Path) -> None:
    _front(project_copy, GOOD)
    assert run_cli(project_copy, "validate")[0] == 0
    code, _out, err = run_cli(project_copy, "format")
    assert code == 0, err
    text = (project_copy / SOURCE).read_text(encoding="utf-8")
    for line in ("owner: Pain Management Team", "last_reviewed: 2026-11-01",
                 "reference: Riverside protocol PM-12, 2025",
                 "link: https://www.example.nhs.uk/guidance/si-joint", "summary: First version."):
        assert line in text, line
    assert run_cli(project_copy, "format", "--check")[0] == 0


@pytest.mark.parametrize(("extra", "line", "said"), [
    ("clinical_approver: Dr Patel\n", 11, "must give a name and a role"),
    ("clinical_approver:\n  name: Dr A Patel\n", 12, "has no 'role'"),
    ("approved:\n  date: 2026-02-30\n", 12, "'approved.date' must be a date"),
    ("approved:\n  date: 2026-02-01\n  text: 1234\n", 13, "do not edit it by hand"),
    ("evidence:\n  - title: NICE\n", 12, "says neither where to find it"),
    ("evidence:\n  - title: NICE\n    link: nice.org.uk\n", 13, "must be a web address"),
    ("changes:\n  - summary: Rewrote it\n", 12, "has no version"),
    ("last_reviewed: yesterday\n", 11, "is not a date"),
])
def test_a_governance_value_in_the_wrong_shape_is_named_at_its_line(project_copy: Path, extra: str, line: int,
                                                                    said: str) -> None:
    _front(project_copy, extra)
    code, _, err = run_cli(project_copy, "validate")
    assert code == 2 and said in err, err
    assert f"{SOURCE.as_posix()}:{line}:" in err, err
    assert "Traceback" not in err


def test_required_governance_keys_are_refused_when_missing(project_copy: Path) -> None:
    _settings(project_copy, '[tool.leaflets.governance]\nrequired = ["owner", "evidence"]\n')
    code, _, err = run_cli(project_copy, "validate")
    assert code == 2 and "'owner'" in err and "'evidence'" in err, err
    _front(project_copy, GOOD)
    assert run_cli(project_copy, "validate")[0] == 0
    path = project_copy / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('required = ["owner", "evidence"]',
                                                             'required = ["ownr"]'), encoding="utf-8")
    code, _, err = run_cli(project_copy, "validate")
    assert code == 2 and "governance.required" in err


def test_review_dates_are_judged_on_the_day_given(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the sample is due for review on 2029-11-01
    assert not [f for f in _findings(project_copy, "--today", "2029-01-01")[1] if str(f["rule"]).startswith("review")]
    code, found = _findings(project_copy, "--today", "2029-09-01")
    soon = [f for f in found if f["rule"] == "review-due-soon"]
    assert soon and soon[0]["severity"] == "warning" and "in 61 days" in str(soon[0]["message"])
    assert soon[0]["line"] == 8
    code, found = _findings(project_copy, "--today", "2029-11-02")
    late = [f for f in found if f["rule"] == "review-overdue"]
    assert code == 1 and late and late[0]["severity"] == "error" and "1 days before" in str(late[0]["message"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1890000000")  # 2029-11-23: CI judges on a fixed day
    assert any(f["rule"] == "review-overdue" for f in _findings(project_copy)[1])
    code, _, err = run_cli(project_copy, "check", "--today", "02/11/2029")
    assert code == 2 and "YYYY-MM-DD" in err


def test_a_date_recorded_after_today_is_an_error(project_copy: Path) -> None:
    _front(project_copy, "last_reviewed: 2027-05-01\n")
    found = _findings(project_copy, "--today", "2027-01-01")[1]
    assert any(f["rule"] == "date-in-future" and "last_reviewed" in str(f["message"]) for f in found)


def test_an_approval_sees_the_text_change_and_the_version_bump(project_copy: Path) -> None:
    _settings(project_copy, "[tool.leaflets.governance]\nrequire_approval = true\nrequire_evidence = true\n")
    rules = {f["rule"] for f in _findings(project_copy, "--today", "2026-12-03")[1]}
    assert {"approval-missing", "evidence-missing"} <= rules
    code, _out, err = run_cli(project_copy, "approve", SLUG, "--by", "Dr Aisha Patel", "--role",
                             "Consultant in Pain Medicine")
    assert code == 0, err
    text = (project_copy / SOURCE).read_text(encoding="utf-8")
    assert re.search(r"approved:\n  date: \d{4}-\d\d-\d\d\n  version: '1.0'\n  text: [0-9a-f]{32}\n", text), text
    assert run_cli(project_copy, "format", "--check")[0] == 0  # written as format writes it
    rules = {f["rule"] for f in _findings(project_copy, "--today", "2027-01-01")[1]}
    assert not rules & {"approval-missing", "approval-outdated", "version-not-bumped"}
    # re-wrapping is not a change of text; a changed dose is
    path = project_copy / SOURCE
    path.write_text(text.replace("They join your spine to your pelvis.", "They join your spine\nto your pelvis."),
                    encoding="utf-8")
    assert "version-not-bumped" not in {f["rule"] for f in _findings(project_copy, "--today", "2027-01-01")[1]}
    path.write_text(text.replace("They join your spine to your pelvis.", "They join your hips to your pelvis."),
                    encoding="utf-8")
    found = _findings(project_copy, "--today", "2027-01-01")[1]
    bumped = [f for f in found if f["rule"] == "version-not-bumped"]
    assert bumped and bumped[0]["line"] == 6 and bumped[0]["severity"] == "error"
    path.write_text(path.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    rules = {f["rule"] for f in _findings(project_copy, "--today", "2027-01-01")[1]}
    assert "approval-outdated" in rules and "version-not-bumped" not in rules


def test_approve_refuses_a_name_in_the_wrong_shape(project_copy: Path) -> None:
    before = (project_copy / SOURCE).read_bytes()
    code, _, err = run_cli(project_copy, "approve", SLUG, "--by", "12345", "--role", "Consultant")
    assert code == 2 and "--by" in err
    assert (project_copy / SOURCE).read_bytes() == before


def _reviewed_policy(project: Path, policy: str = "reviewed") -> None:
    path = project / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('publish_policy = "complete"',
                                                             f'publish_policy = "{policy}"'), encoding="utf-8")


def _change_one_msgstr(project: Path, locale: str) -> str:
    po = polib.pofile(str(po_file(project, locale)))
    entry = next(e for e in po if e.msgstr and "Do not" in e.msgid)
    entry.msgstr = entry.msgstr + " "  # a translator edits it after the review
    po.save()
    return entry.msgid


def test_only_reviewed_translations_are_published_under_the_reviewed_policy(project_copy: Path) -> None:
    _reviewed_policy(project_copy)
    code, out, err = run_cli(project_copy, "build", "--format", "html")
    assert code == 0, err
    dist = project_copy / "dist" / SLUG
    assert not (dist / "cy" / "index.html").exists()  # nobody has checked the Welsh yet
    code, out, err = run_cli(project_copy, "review", "cy", "--leaflet", SLUG, "--by", "Dr Catrin Jones, consultant")
    assert code == 0 and "192 unit(s) marked reviewed" in out, out + err
    record = po_file(project_copy, "cy").with_name(f"{SLUG}.review.toml")
    assert 'by = "Dr Catrin Jones, consultant"' in record.read_text(encoding="utf-8")
    code, out, err = run_cli(project_copy, "build", "--format", "html")
    page = (dist / "cy" / "index.html").read_text(encoding="utf-8")
    assert code == 0 and "Gwiriwyd y cyfieithiad" in page  # "translation checked", in Welsh
    assert not (dist / "pl" / "index.html").exists()
    code, out, _ = run_cli(project_copy, "status", "--format", "json")
    rows = {(r["domain"], r["locale"]): r for r in json.loads(out)["rows"]}
    assert rows[(SLUG, "cy")]["reviewed"] == 192 and rows[(SLUG, "pl")]["reviewed"] == 0
    # a translation edited after its review is unreviewed again: under "reviewed" the edition stops
    msgid = _change_one_msgstr(project_copy, "cy")
    code, out, err = run_cli(project_copy, "build", "--format", "html", "--format", "json")
    skipped = {item["edition"]: item["reason"] for item in json.loads(out)["skipped"]}
    assert "1 translated but not reviewed" in skipped[f"{SLUG}/cy"], skipped
    code, found = _findings(project_copy, "--today", "2026-12-03", "--locale", "cy")
    unreviewed = [f for f in found if f["rule"] == "translation-unreviewed"]
    assert len(unreviewed) == 1 and unreviewed[0]["msgid"] == msgid and unreviewed[0]["severity"] == "warning"
    # under reviewed-fallback the edition is published, that unit in English, and no "checked" claim
    _reviewed_policy(project_copy, "reviewed-fallback")
    path = project_copy / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('publish_policy = "reviewed"',
                                                             'publish_policy = "reviewed-fallback"'), encoding="utf-8")
    code, out, err = run_cli(project_copy, "build", "--format", "html")
    page = (dist / "cy" / "index.html").read_text(encoding="utf-8")
    assert code == 0 and "Gwiriwyd y cyfieithiad" in page  # every unit shown in Welsh was checked
    assert msgid.split("[")[0][:20] in page  # the changed unit falls back to the English


@pytest.mark.parametrize(("edit", "said"), [
    (lambda t: re.sub(r'"([0-9a-f]{32})" = \["[0-9a-f]{32}"', r'"\1" = ["' + "0" * 32 + '"', t, count=1),
     "changed by hand"),
    (lambda t: t.replace("date = ", "date = 2099-01-01\n# ", 1), "after today"),
    (lambda t: t.replace("units = 192", "units = many"), "not valid TOML"),
    (lambda t: t.replace('by = "Dr Catrin Jones"', 'by = "7"'), "not a reviewer's name"),
])
def test_a_review_record_in_the_wrong_shape_stops_its_edition_with_exit_2(project_copy: Path, edit: object,
                                                                          said: str) -> None:
    _reviewed_policy(project_copy)
    assert run_cli(project_copy, "review", "cy", "--leaflet", SLUG, "--by", "Dr Catrin Jones")[0] == 0
    record = po_file(project_copy, "cy").with_name(f"{SLUG}.review.toml")
    assert callable(edit)
    record.write_text(edit(record.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, err = run_cli(project_copy, "build", "--format", "html")
    assert code == 2 and said in err and f"{SLUG}.review.toml:" in err, out + err
    assert "Traceback" not in err
    assert not (project_copy / "dist" / SLUG / "cy" / "index.html").exists()
    assert (project_copy / "dist" / SLUG / "en-GB" / "index.html").exists()  # the rest is built


def test_update_drops_the_marks_of_removed_units_and_a_stale_record_is_refused(project_copy: Path) -> None:
    assert run_cli(project_copy, "review", "cy", "--leaflet", SLUG, "--by", "Dr Catrin Jones")[0] == 0
    record = po_file(project_copy, "cy").with_name(f"{SLUG}.review.toml")
    path = project_copy / SOURCE
    path.write_text(path.read_text(encoding="utf-8").replace("There is one on each side.", "There are two."),
                    encoding="utf-8")
    # the PO file is merged by hand (msgmerge, or Weblate): the record names a unit that is gone
    po = polib.pofile(str(po_file(project_copy, "cy")))
    gone = next(e for e in po if e.msgid == "There is one on each side." or "one on each side" in e.msgid)
    po.remove(gone)
    po.save()
    code, _, err = run_cli(project_copy, "status")
    assert code == 2 and "no longer in the PO file" in err and "--prune" in err, err
    code, out, err = run_cli(project_copy, "review", "cy", "--leaflet", SLUG, "--prune")
    assert code == 0 and "dropped the marks of 1 removed unit" in out, out + err
    assert run_cli(project_copy, "status")[0] == 0
    # and `leaflets update` drops them by itself
    assert run_cli(project_copy, "review", "pl", "--leaflet", SLUG, "--by", "Dr Ola Nowak")[0] == 0
    code, out, err = run_cli(project_copy, "update")
    assert code == 0, err
    assert f"{SLUG}.review.toml" in out
    code, out, err = run_cli(project_copy, "status", "--format", "json")
    rows = {(r["domain"], r["locale"]): r for r in json.loads(out)["rows"]}
    assert code == 0 and rows[(SLUG, "pl")]["reviewed"] >= 190
    assert record.exists()


def test_review_marks_nothing_untranslated_fuzzy_or_refused(project_copy: Path) -> None:
    po = polib.pofile(str(po_file(project_copy, "es")))
    entries = [e for e in po if e.msgstr and not e.obsolete]
    entries[0].msgstr = ""
    entries[1].flags.append("fuzzy")
    wrong = next(e for e in entries[2:] if re.search(r"\d", e.msgid))
    wrong.msgstr = re.sub(r"\d", "7", wrong.msgstr)  # a number changed: the safety checks refuse it
    po.save()
    code, out, err = run_cli(project_copy, "review", "es", "--leaflet", SLUG, "--by", "Dra Lucía Pérez")
    assert code == 0, err
    marked = int(re.search(r"(\d+) unit\(s\) marked", out)[1])  # type: ignore[index]
    left = int(re.search(r"(\d+) not marked", out)[1])  # type: ignore[index]
    assert left == 3 and marked == 192 - 3, out


def test_pages_show_last_checked_approver_and_evidence_when_asked(project_copy: Path) -> None:
    _front(project_copy, GOOD)
    assert run_cli(project_copy, "approve", SLUG, "--by", "Dr Aisha Patel", "--role", "Consultant")[0] == 0
    _settings(project_copy, "[tool.leaflets.governance]\nshow_approver = true\nshow_evidence = true\n")
    code, _out, err = run_cli(project_copy, "build", "--format", "html", "--format", "pdf", "--locale", "en-GB")
    assert code == 0, err
    page = (project_copy / "dist" / SLUG / "en-GB" / "index.html").read_text(encoding="utf-8")
    assert "Last checked" in page and "1 November 2026" in page
    assert "Approved by" in page and "Dr Aisha Patel, Consultant" in page
    assert 'href="https://www.example.nhs.uk/guidance/si-joint"' in page
    assert "Local pain service protocol. Riverside protocol PM-12, 2025" in page
    import subprocess

    pdf = project_copy / "dist" / SLUG / "en-GB" / f"{SLUG}.en-GB.pdf"
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Last checked 1 November 2026" in text and "Where this information comes from" in text
    assert "Approved by Dr Aisha Patel, Consultant" in text


def test_review_sheet_command_writes_the_html_and_pdf_sheets(project_copy: Path) -> None:
    code, out, err = run_cli(project_copy, "review-sheet", "ur", "--leaflet", SLUG)
    assert code == 0, err
    folder = project_copy / "reports" / "review"
    html = (folder / f"{SLUG}.ur.review.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "Checked by" in html
    assert (folder / f"{SLUG}.ur.review.pdf").read_bytes().startswith(b"%PDF-")
    assert "192 units: 192 translated, 0 reviewed" in out
    code, _, err = run_cli(project_copy, "review-sheet", "fr", "--leaflet", SLUG)
    assert code == 2 and "not one of this project's locales" in err


def test_a_record_survives_msgcat_and_polib_rewriting_the_po_file(project_copy: Path) -> None:
    import shutil
    import subprocess

    assert run_cli(project_copy, "review", "pl", "--leaflet", SLUG, "--by", "Dr Ola Nowak")[0] == 0
    po = po_file(project_copy, "pl")
    if shutil.which("msgcat"):
        subprocess.run(["msgcat", "--no-wrap", "-o", str(po), str(po)], check=True)  # as an editor re-wraps it
    polib.pofile(str(po), wrapwidth=60).save()
    code, out, err = run_cli(project_copy, "status", "--format", "json")
    rows = {(r["domain"], r["locale"]): r for r in json.loads(out)["rows"]}
    assert code == 0 and rows[(SLUG, "pl")]["reviewed"] == 192, err
