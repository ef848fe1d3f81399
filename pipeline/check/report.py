"""Reports: a readable terminal summary, JSON, JUnit XML, SARIF 2.1.0 and GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from xml.etree import ElementTree as ET

from pipeline import __version__
from pipeline.check.findings import Finding, rank
from pipeline.check.gate import CheckResult
from pipeline.check.readability import Measurement

FORMATS = ("text", "json", "junit", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
STATUS_MARK = {"pass": "ok", "warn": "WARN", "fail": "FAIL", "info": "--"}


def render(result: CheckResult, fmt: str) -> str:
    """The result in one of ``FORMATS``."""
    return {
        "text": text_report,
        "json": json_report,
        "junit": junit_report,
        "sarif": sarif_report,
        "github": github_report,
    }[fmt](result)


# --- text ---------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 1000 else f"{value:.0f}"


def _measurement_text(mm: Measurement) -> list[str]:
    c = mm.counts
    lines = [f"{mm.leaflet} [{mm.locale}, {mm.variant}]"]
    width = max(len(f.name) for f in mm.figures) if mm.figures else 10
    for fig in mm.figures:
        margin = "" if fig.margin is None else f"  margin {fig.margin:+.2f}"
        note = f"  ({fig.note})" if fig.note else ""
        lines.append(
            f"  {STATUS_MARK[fig.status]:>4}  {fig.name:<{width}}  {_number(fig.value):>6}  "
            f"target {fig.target}{margin}{note}"
        )
    if mm.passive_share is not None:
        lines.append(
            f"  {'':>4}  {'Passive sentences':<{width}}  {mm.passive_share:>6.0%}  target <= 10% (warn only)"
        )
    syl = "n/a" if c.syllables is None else str(c.syllables)
    poly = "n/a" if c.polysyllables is None else str(c.polysyllables)
    lines.append(
        f"  counts: {c.words} words, {c.sentences} sentences, {c.paragraphs} paragraphs, "
        f"{syl} syllables, {poly} polysyllables, {c.long_words} long words"
    )
    lines.extend(f"  note: {n}" for n in mm.notes)
    if mm.polysyllabic_words:
        shown_words = ", ".join(f"{w} x{n}" if n > 1 else w for w, n in mm.polysyllabic_words)
        lines.append(f"  polysyllabic words (3+ syllables, what raises SMOG): {shown_words}")
        for text, path, line, hard in mm.polysyllabic_sentences:
            where = f"{path}:{line}" if path else f"line {line}"
            shown = text if len(text) <= 80 else text[:77] + "..."
            lines.append(f"    {where} ({len(hard)}: {', '.join(hard)}): {shown}")
    if mm.hardest:
        lines.append("  hardest sentences (fix these first):")
        for text, path, line, words in mm.hardest:
            shown = text if len(text) <= 100 else text[:97] + "..."
            lines.append(
                f"    {path}:{line} ({words} words): {shown}"
                if path
                else f"    line {line} ({words} words): {shown}"
            )
    return lines


def text_report(result: CheckResult) -> str:
    """A summary for people: figures against targets, findings, counts, verdict."""
    out: list[str] = []
    for mm in result.measurements:
        out.extend(_measurement_text(mm))
        out.append("")
    shown = [f for f in result.findings if rank(f.severity) >= rank("info")]
    if shown:
        out.append("Findings:")
    for f in shown:
        where = f"{f.path}:{f.line}:{f.col}"
        unit = f" [msgctxt {f.msgctxt!r}]" if f.msgctxt else ""
        unit += f" [msgid {f.msgid[:50]!r}]" if f.msgid else ""
        tag = " (baseline)" if f.baselined else ""
        out.append(f"{where}: {f.severity} {f.rule}{tag}: {f.message}{unit}")
        if f.text and f.text not in f.message:
            excerpt = f.text if len(f.text) <= 120 else f.text[:117] + "..."
            out.append(f"    {excerpt}")
        out.append(f"    suggestion: {f.suggestion}")
    out.extend(f"note: {n}" for n in result.notes)
    if result.suppressed:
        out.append(f"{len(result.suppressed)} finding(s) switched off with a reason (leaflets-disable).")
    out.append("")
    out.append(_table(result))
    tools = ", ".join(f"{k} {v}" for k, v in sorted(result.tools.items()))
    out.append(f"tools: leaflets {__version__}, {tools}")
    counts = Counter(f.severity for f in result.findings)
    base = sum(1 for f in result.findings if f.baselined)
    verdict = "PASSED" if result.passed else "FAILED"
    out.append(
        f"Gate {verdict} (fails on {result.fail_on}): {counts['error']} errors, "
        f"{counts['warning']} warnings, "
        f"{counts['info']} info"
        + (f", {base} in the baseline ({result.baseline})" if base else "")
        + (f"; {len(result.blocking)} blocking" if result.blocking else "")
        + "."
    )
    return "\n".join(out) + "\n"


def _table(result: CheckResult) -> str:
    rows = [("leaflet", "locale", "variant", "key figure", "errors", "warnings")]
    for mm in result.measurements:
        key = next((f for f in mm.figures if f.status != "info"), None)
        fig = f"{key.name} {_number(key.value)} {STATUS_MARK[key.status]}" if key else "-"
        mine = [
            f
            for f in result.findings
            if f.leaflet == mm.leaflet and f.locale == mm.locale and f.variant == mm.variant
        ]
        rows.append(
            (
                mm.leaflet,
                mm.locale,
                mm.variant,
                fig,
                str(sum(f.severity == "error" for f in mine)),
                str(sum(f.severity == "warning" for f in mine)),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


# --- json ---------------------------------------------------------------------------------


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestion,
        "leaflet": f.leaflet,
        "locale": f.locale,
        "variant": f.variant,
        "msgid": f.msgid,
        "msgctxt": f.msgctxt,
        "fingerprint": f.fingerprint,
        "baselined": f.baselined,
    }


def json_report(result: CheckResult) -> str:
    """Everything as data: measurements with counts and figures, findings, tools, verdict."""
    data = {
        "passed": result.passed,
        "fail_on": result.fail_on,
        "tools": {"leaflets": __version__, **result.tools},
        "measurements": [
            {
                "leaflet": mm.leaflet,
                "locale": mm.locale,
                "variant": mm.variant,
                "counts": {
                    "words": mm.counts.words,
                    "sentences": mm.counts.sentences,
                    "paragraphs": mm.counts.paragraphs,
                    "syllables": mm.counts.syllables,
                    "polysyllables": mm.counts.polysyllables,
                    "long_words": mm.counts.long_words,
                    "letters": mm.counts.letters,
                },
                "figures": [
                    {
                        "name": f.name,
                        "value": round(f.value, 2),
                        "target": f.target,
                        "status": f.status,
                        "margin": None if f.margin is None else round(f.margin, 2),
                        "note": f.note,
                    }
                    for f in mm.figures
                ],
                "passive_share": None if mm.passive_share is None else round(mm.passive_share, 3),
                "notes": mm.notes,
                "hardest": [{"text": t, "path": p, "line": line, "words": w} for t, p, line, w in mm.hardest],
                "polysyllabic_words": [{"word": w, "count": n} for w, n in mm.polysyllabic_words],
                "polysyllabic_sentences": [
                    {"text": t, "path": p, "line": line, "words": w} for t, p, line, w in mm.polysyllabic_sentences
                ],
            }
            for mm in result.measurements
        ],
        "findings": [_finding_dict(f) for f in result.findings],
        "suppressed": [{**_finding_dict(s.finding), "reason": s.reason} for s in result.suppressed],
        "notes": result.notes,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- junit --------------------------------------------------------------------------------


def junit_report(result: CheckResult) -> str:
    """One test suite per leaflet and locale; a test case per figure and per blocking finding."""
    root = ET.Element("testsuites", name="leaflets check")
    suites: dict[tuple[str, str], ET.Element] = {}
    totals: Counter[tuple[str, str]] = Counter()
    fails: Counter[tuple[str, str]] = Counter()

    def suite(leaflet: str, locale: str) -> ET.Element:
        key = (leaflet, locale)
        if key not in suites:
            suites[key] = ET.SubElement(root, "testsuite", name=f"{leaflet} [{locale}]")
        return suites[key]

    for mm in result.measurements:
        s = suite(mm.leaflet, mm.locale)
        for fig in mm.figures:
            if fig.status == "info":
                continue
            case = ET.SubElement(
                s,
                "testcase",
                classname=f"{mm.leaflet}.{mm.locale}.{mm.variant}",
                name=f"{fig.name} {_number(fig.value)} (target {fig.target})",
            )
            totals[(mm.leaflet, mm.locale)] += 1
            if fig.status == "fail":
                fails[(mm.leaflet, mm.locale)] += 1
                ET.SubElement(
                    case,
                    "failure",
                    message=f"{fig.name} {_number(fig.value)}: target {fig.target}",
                    type="figure",
                )
    blocking = set(id(f) for f in result.blocking)
    for f in result.findings:
        if id(f) not in blocking:
            continue
        s = suite(f.leaflet, f.locale)
        case = ET.SubElement(
            s,
            "testcase",
            classname=f"{f.leaflet}.{f.locale}.{f.variant or 'document'}",
            name=f"{f.rule} {f.path}:{f.line}:{f.col}",
            file=f.path,
            line=str(f.line),
        )
        failure = ET.SubElement(case, "failure", message=f.message, type=f.rule)
        failure.text = f"{f.path}:{f.line}:{f.col}: {f.text}\nsuggestion: {f.suggestion}"
        totals[(f.leaflet, f.locale)] += 1
        fails[(f.leaflet, f.locale)] += 1
    for key, s in suites.items():
        s.set("tests", str(totals[key]))
        s.set("failures", str(fails[key]))
        s.set("errors", "0")
        s.set("skipped", "0")
    root.set("tests", str(sum(totals.values())))
    root.set("failures", str(sum(fails.values())))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- sarif --------------------------------------------------------------------------------


def sarif_report(result: CheckResult) -> str:
    """SARIF 2.1.0, for code-scanning pages and pull-request annotations."""
    rule_ids = sorted({f.rule for f in result.findings} | set(result.rules))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        rule = result.rules.get(rule_id)
        entry: dict[str, Any] = {"id": rule_id, "name": rule_id.title().replace("-", "")}
        if rule is not None and rule.message:
            entry["shortDescription"] = {"text": rule.message.split(":")[0].replace("{match}", "…")[:200]}
            entry["help"] = {"text": rule.suggestion}
            entry["defaultConfiguration"] = {"level": SARIF_LEVEL[rule.severity], "enabled": rule.enabled}
        rules.append(entry)
    results = []
    for f in result.findings:
        item: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message} {f.suggestion}".strip()},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "PROJECTROOT"},
                        "region": {
                            "startLine": max(f.line, 1),
                            "startColumn": max(f.col, 1),
                            "snippet": {"text": f.text},
                        },
                    }
                }
            ],
            "partialFingerprints": {"leafletsFinding/v1": f.fingerprint},
            "baselineState": "unchanged" if f.baselined else "new",
            "properties": {"leaflet": f.leaflet, "locale": f.locale, "variant": f.variant},
        }
        if f.msgid:
            item["properties"].update({"msgid": f.msgid, "msgctxt": f.msgctxt})
        results.append(item)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "leaflets check",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/leaflets/",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"PROJECTROOT": {"description": {"text": "The project folder"}}},
                "invocations": [{"executionSuccessful": True, "exitCode": 0 if result.passed else 1}],
                "results": results,
                "properties": {"passed": result.passed, "failOn": result.fail_on, "tools": result.tools},
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# --- github -------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then the verdict."""
    command = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in result.findings:
        if f.baselined:
            continue
        props = (
            f"file={_escape_property(f.path)},line={max(f.line, 1)},col={max(f.col, 1)},"
            f"title={_escape_property(f.rule + ' [' + f.locale + ']')}"
        )
        lines.append(f"::{command[f.severity]} {props}::{_escape_data(f.message + ' ' + f.suggestion)}")
    verdict = "passed" if result.passed else "failed"
    lines.append(
        f"leaflets check {verdict}: {len(result.blocking)} blocking finding(s) at {result.fail_on} or above"
    )
    return "\n".join(lines) + "\n"
