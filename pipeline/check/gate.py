"""The gate: every leaflet, every locale, both variants; measures, rules, translations, baseline.

``run_check`` returns a ``CheckResult``; the CLI formats it and turns ``passed`` into the exit
code. Input that cannot be used (a broken leaflet, PO file, rule file or setting) raises
``InputError`` and the CLI exits 2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import model as m
from pipeline.check import easyread  # noqa: F401  (registers the easy-read engines)
from pipeline.check.baseline import load_baseline
from pipeline.check.findings import Finding, Severity, rank
from pipeline.check.readability import (
    GATED_FORMULAS,
    Figure,
    Measurement,
    Targets,
    band,
    language_name,
    language_of,
    measure,
    tool_versions,
)
from pipeline.check.rules import (
    Context,
    Hit,
    Rule,
    configure,
    has_language_rules,
    load_rules,
    passive_matches,
    run_rules,
)
from pipeline.check.text import TextUnit, Variant, locate, reader_units, sentences, words_of
from pipeline.check.translation import (
    MESSAGES,
    TRANSLATION_RULES,
    PoUnit,
    TranslationLimits,
    check_units,
    read_po_units,
)
from pipeline.inputs import exists
from pipeline.parallel import process_map
from pipeline.po.layout import UI_DOMAIN, po_path
from pipeline.problems import InputError, Problem, shown_path, suggest
from pipeline.project import check_sources, load_project
from pipeline.settings import Settings


@dataclass(frozen=True)
class CheckOptions:
    """What to check and how strictly (the CLI's options)."""

    locales: tuple[str, ...] = ()
    leaflets: tuple[str, ...] = ()
    fail_on: str | None = None
    baseline: Path | None = None
    jobs: int | None = None  # worker processes; default: the number of CPUs
    today: dt.date | None = None  # the day review dates are judged on (default: SOURCE_DATE_EPOCH, else the clock)


@dataclass
class Suppressed:
    """A finding switched off in the source or a PO file, with the author's reason."""

    finding: Finding
    reason: str


@dataclass
class CheckResult:
    """Everything the gate found, and whether it passes."""

    fail_on: str
    measurements: list[Measurement] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tools: dict[str, str] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    baseline: str = ""

    @property
    def blocking(self) -> list[Finding]:
        """Findings at or above the fail level that the baseline does not cover."""
        return [f for f in self.findings if rank(f.severity) >= rank(self.fail_on) and not f.baselined]

    @property
    def passed(self) -> bool:
        """True when nothing blocks."""
        return not self.blocking


def check_settings(settings: Settings) -> dict[str, Any]:
    """The ``check`` settings table."""
    return dict(settings.get("check"))


@dataclass(frozen=True)
class _LeafletJob:
    """One leaflet file to read and check in every wanted locale (picklable, for worker processes)."""

    settings: Settings
    path: Path
    wanted: frozenset[str]
    fail_on: str
    today: dt.date = dt.date(2000, 1, 1)


@dataclass
class _LeafletOutcome:
    """A worker's answer: the leaflet's results, or the problems that stopped it being read."""

    result: CheckResult | None
    problems: list[Problem]


def _rules_for(settings: Settings, cfg: dict[str, Any], result: CheckResult) -> Callable[[str], dict[str, Rule]]:
    """A loader of each language's configured rules, recording them and any missing-rules note."""
    extra_dirs = [settings.root / d for d in cfg["rules_dirs"]]
    rule_cache: dict[str, dict[str, Rule]] = {}

    def rules_for(locale: str) -> dict[str, Rule]:
        lang = language_of(locale)
        if lang not in rule_cache:
            loaded = {**builtin_rules(), **load_rules(lang, extra_dirs, settings.root)}
            loaded = configure(loaded, cfg["enable"], cfg["disable"], cfg["severity"])
            rule_cache[lang] = loaded
            result.rules.update(loaded)
            if not has_language_rules(lang):
                result.notes.append(
                    f"No plain-English rule files for {language_name(locale)} ({lang}): only the "
                    "rules for every language (sentence and paragraph length, easy read) apply."
                )
        return rule_cache[lang]

    return rules_for


def _read_and_check(job: _LeafletJob) -> _LeafletOutcome:
    """Read one leaflet (in the worker, so reading is spread over processes too) and check it."""
    leaflets, problems = check_sources(job.settings, [job.path])
    if problems:
        return _LeafletOutcome(None, problems)
    return _LeafletOutcome(_check_leaflet(job, leaflets[0]), [])


def _check_leaflet(job: _LeafletJob, leaflet: m.Leaflet) -> CheckResult:
    """The gate for one leaflet: its source text and each wanted translation."""
    settings, wanted = job.settings, job.wanted
    cfg = check_settings(settings)
    result = CheckResult(fail_on=job.fail_on)
    rules_for = _rules_for(settings, cfg, result)
    source_locale = leaflet.meta.locale
    source_wps: dict[str, float] = {}
    if not wanted or source_locale in wanted:
        _check_source(leaflet, settings, cfg, rules_for(source_locale), result, source_wps)
        from pipeline.check.governance import governance_findings

        result.findings.extend(governance_findings(leaflet, rules_for(source_locale), job.today,
                                                   settings.get("governance")))
    else:
        _source_averages(leaflet, source_wps)
    for locale in settings.locales:
        if locale == source_locale or (wanted and locale.replace("_", "-") not in wanted):
            continue
        _check_locale(leaflet, locale, settings, cfg, rules_for(locale), result, source_wps)
    return result


def check_draft(settings: Settings, leaflet: m.Leaflet) -> CheckResult:
    """The gate on one leaflet's own text only (no translations): ``leaflets import``'s to-do list."""
    cfg = check_settings(settings)
    result = CheckResult(fail_on=str(cfg["fail_on"]))
    _check_source(leaflet, settings, cfg, _rules_for(settings, cfg, result)(leaflet.meta.locale), result, {})
    result.findings.sort(key=Finding.sort_key)
    return result


def _absorb(result: CheckResult, part: CheckResult) -> None:
    result.measurements.extend(part.measurements)
    result.findings.extend(part.findings)
    result.suppressed.extend(part.suppressed)
    result.notes.extend(note for note in part.notes if note not in result.notes)
    result.rules.update(part.rules)


def run_check(settings: Settings, options: CheckOptions = CheckOptions()) -> CheckResult:
    """Run the whole gate; raise InputError on unusable input."""
    files = settings.source_files()
    if not files:
        load_project(settings)  # raises the usual "no source leaflets" problem
    cfg = check_settings(settings)
    fail_on = options.fail_on or str(cfg["fail_on"])
    result = CheckResult(fail_on=fail_on, tools=tool_versions())
    files = _select_files(files, options.leaflets)
    all_locales = sorted(set(settings.locales))
    if any(code not in all_locales and code.replace("_", "-") not in all_locales for code in options.locales):
        # perhaps a source locale, named only in the leaflets' front matter: read them all to know
        all_locales = sorted({lf.meta.locale for lf in load_project(settings).leaflets} | set(settings.locales))
    for code in options.locales:
        if code not in all_locales and code.replace("_", "-") not in all_locales:
            raise InputError(
                [
                    Problem(
                        "pyproject.toml",
                        1,
                        1,
                        f"--locale {code}: not a locale of this project "
                        f"({', '.join(all_locales)}).{suggest(code, all_locales)}",
                    )
                ]
            )
    wanted = frozenset(c.replace("_", "-") for c in options.locales)
    from pipeline.check.governance import check_day

    today = check_day(options.today)
    jobs = [_LeafletJob(settings, path, wanted, fail_on, today) for path in files]
    problems: list[Problem] = []
    for outcome in process_map(_read_and_check, jobs, options.jobs):
        problems.extend(outcome.problems)
        if outcome.result is not None:
            _absorb(result, outcome.result)
    if problems:
        raise InputError(problems)
    rules_for = _rules_for(settings, cfg, result)
    if not options.leaflets:
        for locale in settings.locales:
            if not wanted or locale.replace("_", "-") in wanted:
                _check_interface_words(locale, settings, cfg, rules_for(locale), result)
    result.rules = {**builtin_rules(), **result.rules}
    baseline_path = options.baseline or (settings.root / cfg["baseline"] if cfg["baseline"] else None)
    if baseline_path is not None:
        known = load_baseline(baseline_path, settings.root)
        result.baseline = shown_path(baseline_path, settings.root)
        result.findings = [replace(f, baselined=f.fingerprint in known) for f in result.findings]
    result.findings.sort(key=Finding.sort_key)
    return result


def _select_files(files: list[Path], slugs: tuple[str, ...]) -> list[Path]:
    """The files of the leaflets asked for (a leaflet's id is its file name; reading checks that)."""
    if not slugs:
        return files
    by_id = {path.stem: path for path in files}
    problems = [
        Problem("pyproject.toml", 1, 1, f"--leaflet {slug}: no such leaflet.{suggest(slug, list(by_id))}")
        for slug in slugs
        if slug not in by_id
    ]
    if problems:
        raise InputError(problems)
    return [by_id[slug] for slug in dict.fromkeys(slugs)]


def _variants(leaflet: m.Leaflet) -> list[Variant]:
    return ["standard", "easy-read"] if leaflet.has_easy_read else ["standard"]


def targets_for(leaflet: m.Leaflet, variant: str, settings: Settings) -> Targets:
    """Targets from settings; a leaflet's ``reading_age`` front matter moves its standard band."""
    ra = settings.get("reading_age")
    cfg = check_settings(settings)
    if variant == "easy-read":
        good, bad = ra["easy_read_pass"], ra["easy_read_fail"]
    else:
        good, bad = ra["standard_pass"], ra["standard_fail"]
        if leaflet.meta.reading_age is not None:
            good, bad = leaflet.meta.reading_age, leaflet.meta.reading_age + (bad - good)
    return Targets(
        good,
        bad,
        ra["sentence_length_pass"],
        ra["sentence_length_fail"],
        ra["min_sentences"],
        float(cfg["sentence_length_ratio"]),
        {
            key: (float(by_variant[variant][0]), float(by_variant[variant][1]))
            for key, by_variant in _bands(ra["formulas"], "reading_age.formulas", nested=True).items()
            if variant in by_variant
        },
    )


def _bands(table: dict[str, Any], key: str, nested: bool = False) -> dict[str, Any]:
    """A table of ``[pass, fail]`` pairs (by variant when ``nested``); a bad one is an input error."""
    for name, value in table.items():
        pairs = value.values() if nested and isinstance(value, dict) else [value]
        if (nested and not isinstance(value, dict)) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(n, int | float) for n in p) for p in pairs
        ):
            shape = "{ standard = [pass, fail], easy-read = [pass, fail] }" if nested else "[pass, fail]"
            raise InputError(
                [Problem("pyproject.toml", 1, 1, f"tool.leaflets.{key}.{name}: write it as {shape}, two numbers")]
            )
    return table


DENSITY_SUFFIX = " per 100 words"


def density_figures(hits: list[Hit], words: int, bands: dict[str, Any], min_words: int = 100) -> list[Figure]:
    """Findings per 100 words, by the kind each rule's data names (``density = "hard-words"``).

    ``bands`` is the ``check.density`` setting: ``{ kind = [pass, fail] }``; a kind with a
    band is gated (warn above pass, fail above fail), any other kind is reported. Under
    ``min_words`` words one finding moves the rate by more than a band, so it is reported only.
    """
    by_kind: dict[str, int] = {}
    for hit in hits:
        kind = hit.rule.data.get("density")
        if isinstance(kind, str):
            by_kind[kind] = by_kind.get(kind, 0) + 1
    figures = []
    for kind in sorted(set(by_kind) | set(bands)):
        value = 100.0 * by_kind.get(kind, 0) / words if words else 0.0
        name = kind.replace("-", " ").capitalize() + DENSITY_SUFFIX
        band_of = bands.get(kind)
        if band_of is None or words < min_words:
            note = f"not gated: fewer than {min_words} words" if band_of is not None else ""
            figures.append(Figure(name, value, "reported only", "info", None, note))
            continue
        good, bad = float(band_of[0]), float(band_of[1])
        figures.append(Figure(name, value, f"<= {good:g} (fail > {bad:g})", band(value, good, bad), good - value))
    return figures


def _source_averages(leaflet: m.Leaflet, out: dict[str, float]) -> None:
    for variant in _variants(leaflet):
        sent = sentences(reader_units(leaflet, variant), leaflet.meta.locale)
        words = sum(len(s.words) for s in sent)
        out[variant] = words / len(sent) if sent else 0.0


def _check_source(
    leaflet: m.Leaflet,
    settings: Settings,
    cfg: dict[str, Any],
    rules: dict[str, Rule],
    result: CheckResult,
    source_wps: dict[str, float],
) -> None:
    locale = leaflet.meta.locale
    used: set[tuple[int, int, str]] = set()
    for variant in _variants(leaflet):
        units = reader_units(leaflet, variant)
        found = _measure_and_lint(leaflet, locale, variant, units, settings, cfg, rules, result, None)
        source_wps[variant] = result.measurements[-1].counts.words_per_sentence
        for hit_finding, unit in found:
            sup = _switch(leaflet, unit, hit_finding.rule)
            if sup is not None:
                used.add((unit.section, sup.block, sup.rule))
                result.suppressed.append(Suppressed(hit_finding, sup.reason))
            else:
                result.findings.append(hit_finding)
    known = set(rules) | set(TRANSLATION_RULES)
    problems = []
    for s_index, section in enumerate(leaflet.sections):
        for sup in section.suppressions:
            if sup.rule not in known:
                problems.append(
                    Problem(
                        leaflet.path,
                        sup.line,
                        1,
                        f"leaflets-disable names an unknown rule '{sup.rule}'.{suggest(sup.rule, known)}",
                    )
                )
            elif (s_index, sup.block, sup.rule) not in used:
                unused = [
                    Finding(
                        "unused-switch",
                        "warning",
                        leaflet.path,
                        sup.line,
                        1,
                        f"leaflets-disable {sup.rule}",
                        f"This switch turns off '{sup.rule}' for a block where it finds nothing.",
                        "Remove the comment, so the rule protects this block again.",
                        leaflet.meta.slug,
                        locale,
                        "",
                    )
                ]
                result.findings.extend(configured(unused, rules))
    if problems:
        raise InputError(problems)


def _switch(leaflet: m.Leaflet, unit: TextUnit, rule: str) -> m.Suppression | None:
    if unit.section < 0:
        return None
    for sup in leaflet.sections[unit.section].suppressions:
        if sup.block == unit.block and sup.rule == rule:
            return sup
    return None


def _source_lines(root: Path, path: str) -> list[str]:
    file = Path(path) if Path(path).is_absolute() else root / path
    try:
        return file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _measure_and_lint(
    leaflet: m.Leaflet,
    locale: str,
    variant: Variant,
    units: list[TextUnit],
    settings: Settings,
    cfg: dict[str, Any],
    rules: dict[str, Rule],
    result: CheckResult,
    source_wps: float | None,
    po_of: dict[int, PoUnit] | None = None,
    po_path: str = "",
    word_scale: float = 1.0,
) -> list[tuple[Finding, TextUnit]]:
    """Measure one variant in one locale and run the rules; findings paired with their unit."""
    # McLaughlin's SMOG counts every word of the sample; the NHS page's advice to leave out
    # title words of 3+ syllables is no SMOG source's rule (it lowered SMOG by up to 1.2)
    sent = sentences(units, locale)
    targets = targets_for(leaflet, variant, settings)

    def where(unit: TextUnit) -> tuple[str, int]:
        po = po_of.get(id(unit)) if po_of is not None else None
        return (po.path, po.line) if po is not None else (leaflet.path, unit.line)

    measurement = measure(leaflet.meta.slug, locale, variant, sent, targets, source_wps, where=where)
    result.measurements.append(measurement)
    glossary = frozenset(e.term.lower() for e in leaflet.glossary)
    accepted = frozenset(w.lower() for w in cfg["accept"])
    ctx = Context(
        sent,
        units,
        variant,
        locale,
        glossary,
        accepted,
        {"easy_read_max_points": cfg["easy_read_max_points"], "rules": rules, "word_scale": word_scale},
    )
    lines = _source_lines(settings.root, leaflet.path) if po_of is None else []
    out: list[tuple[Finding, TextUnit]] = []
    hits = run_rules(rules, ctx)
    for hit in hits:
        out.append((_finding(hit, leaflet, locale, variant, lines, po_of), hit.unit))
    bands = _bands(cfg["density"], "check.density")
    measurement.figures.extend(density_figures(hits, measurement.counts.words, bands, cfg["density_min_words"]))
    passive = rules.get("passive-voice")
    if passive is not None and passive.enabled and variant in passive.variants and sent:
        share = len(passive_matches(passive, sent)) / len(sent)
        measurement.passive_share = share
    doc_path = po_path or leaflet.path
    for finding in _metric_findings(measurement, rules, leaflet, locale, variant, doc_path):
        out.append((finding, units[0] if units else TextUnit("", "title", 1, -1, -2, 0)))
    return out


def _finding(
    hit: Hit, leaflet: m.Leaflet, locale: str, variant: str, lines: list[str], po_of: dict[int, PoUnit] | None
) -> Finding:
    severity: Severity = hit.severity or hit.rule.severity
    if po_of is not None and id(hit.unit) in po_of:
        unit = po_of[id(hit.unit)]
        return Finding(
            hit.rule.id,
            severity,
            unit.path,
            unit.line,
            1,
            hit.text,
            hit.message,
            hit.suggestion,
            leaflet.meta.slug,
            locale,
            variant,
            unit.msgid,
            unit.msgctxt,
        )
    line, col = locate(lines, hit.unit.line, hit.match, hit.text)
    return Finding(
        hit.rule.id,
        severity,
        leaflet.path,
        line,
        col,
        hit.text,
        hit.message,
        hit.suggestion,
        leaflet.meta.slug,
        locale,
        variant,
    )


def _metric_findings(
    measurement: Measurement, rules: dict[str, Rule], leaflet: m.Leaflet, locale: str, variant: str, path: str
) -> list[Finding]:
    out: list[Finding] = []

    def add(rule_id: str, status: str, figure: str, value: str, target: str) -> None:
        rule = rules.get(rule_id)
        if rule is None or not rule.enabled or status not in ("warn", "fail"):
            return
        severity: Severity = "error" if status == "fail" else "warning"
        if rank(severity) > rank(rule.severity):
            severity = rule.severity
        message = (
            rule.message.replace("{figure}", figure).replace("{value}", value).replace("{target}", target)
        )
        out.append(
            Finding(
                rule_id,
                severity,
                path,
                1,
                1,
                f"{figure} ({variant}, {locale})",
                message,
                rule.suggestion,
                leaflet.meta.slug,
                locale,
                variant,
            )
        )

    for fig in measurement.figures:
        if fig.name == "SMOG":
            add("reading-age", fig.status, "SMOG", f"{fig.value:.2f}", fig.target)
        elif fig.name == "Average sentence length":
            add("average-sentence-length", fig.status, fig.name, f"{fig.value:.2f}", fig.target)
        elif fig.name.endswith(DENSITY_SUFFIX):
            add("plain-english-density", fig.status, fig.name, f"{fig.value:.2f}", fig.target)
        elif fig.name in GATED_FORMULAS:
            add("reading-age", fig.status, fig.name, f"{fig.value:.2f}", fig.target)
        elif fig.name == "Sentence length against the source":
            add("translation-sentence-length", fig.status, fig.name, f"{fig.value:.2f}", fig.target)
    if measurement.passive_share is not None and measurement.passive_share > 0.10:
        add("passive-share", "warn", "Passive voice", f"{measurement.passive_share:.0%}", "<= 10%")
    return out


# --- translated locales -------------------------------------------------------------------


GATE_RULES: dict[str, tuple[Severity, str, str]] = {
    **MESSAGES,
    "translation-missing": (
        "error",
        "A locale in the settings has no translation file for this leaflet.",
        "Run 'leaflets update' and translate it, or remove the locale from the settings.",
    ),
    "translation-unreviewed": (
        "warning",
        "A translated unit no person has checked (publish_policy reviewed): it is not published.",
        "Have it checked, then run 'leaflets review LOCALE --leaflet ID --by NAME'.",
    ),
    "unused-switch": (
        "warning",
        "A leaflets-disable comment switches off a rule that finds nothing there.",
        "Remove the comment, so the rule protects the block again.",
    ),
}


def builtin_rules() -> dict[str, Rule]:
    """Rules built into the gate rather than loaded from data; settings can switch and re-level them."""
    return {
        rule_id: Rule(rule_id, "metric", severity, message, suggestion, {})
        for rule_id, (severity, message, suggestion) in GATE_RULES.items()
    }


def configured(findings: list[Finding], rules: dict[str, Rule]) -> list[Finding]:
    """Findings of built-in rules with the settings applied: dropped when off, re-levelled."""
    out = []
    for finding in findings:
        rule = rules.get(finding.rule)
        if rule is None:
            out.append(finding)
        elif rule.enabled:
            out.append(finding.relevel(rule.severity))
    return out


def _check_locale(
    leaflet: m.Leaflet,
    locale: str,
    settings: Settings,
    cfg: dict[str, Any],
    rules: dict[str, Rule],
    result: CheckResult,
    source_wps: dict[str, float],
) -> None:
    slug = leaflet.meta.slug
    path = po_path(settings, locale, slug)
    shown = shown_path(path, settings.root)
    if not exists(path):  # a folder, pipe or loop in its place is reported by the reader
        no_file = [
            Finding(
                "translation-missing",
                "error",
                shown,
                1,
                1,
                shown,
                f"There is no {locale} translation file for this leaflet, but the locale is in the settings.",
                f"Run 'leaflets update' (or 'leaflets init {locale}') "
                "and translate it, or remove the locale from tool.leaflets.locales.",
                slug,
                locale,
                "translation",
            )
        ]
        result.findings.extend(as_status(configured(no_file, rules), locale, cfg))
        return
    po_units = read_po_units(path, shown, locale)
    # each unit's kind (Markdown or plain text) from the leaflet, so the safety rules judge
    # markup exactly as the build does (pipeline/check/acceptance.py)
    from pipeline.po.units import walk

    kinds = {(s.unit.msgctxt or "", s.unit.msgid): s.unit.markdown for s in walk(leaflet)}
    po_units = [replace(u, markdown=kinds.get((u.msgctxt, u.msgid))) for u in po_units]
    limits = TranslationLimits(float(cfg["length_ratio_min"]), float(cfg["length_ratio_max"]))
    result.findings.extend(
        as_status(configured(check_units(po_units, leaflet.meta.locale, locale, slug, limits), rules), locale, cfg)
    )
    from pipeline.check.governance import unreviewed_findings

    result.findings.extend(configured(unreviewed_findings(settings, leaflet, locale, path, shown), rules))
    for po_unit in po_units:
        for rule, reason in po_unit.switches.items():
            result.notes.append(
                f"{po_unit.path}:{po_unit.line}: '{rule}' switched off by the translator: {reason}"
            )
    for variant in _variants(leaflet):
        units, po_of, missing = translated_units(leaflet, variant, po_units)
        if missing:
            result.notes.append(
                f"{slug} {locale} {variant}: {missing} units have no usable translation and are not measured."
            )
        if not units:
            continue
        scale = word_scale(leaflet, variant, units)
        found = _measure_and_lint(
            leaflet,
            locale,
            variant,
            units,
            settings,
            cfg,
            rules,
            result,
            source_wps.get(variant),
            po_of,
            shown,
            scale,
        )
        if scale > 1.0:
            result.measurements[-1].notes.append(
                f"{language_name(locale)} uses {scale:.2f} words for each source word here, so the "
                f"per-sentence word limits are scaled by {scale:.2f} (a word count is not the same unit "
                "in every language)."
            )
        for finding, unit in found:
            po = po_of.get(id(unit))
            if po is not None and finding.rule in po.switches:
                result.suppressed.append(Suppressed(finding, po.switches[finding.rule]))
            else:
                result.findings.append(finding)


# Findings that say a translation is not finished, rather than that it is wrong.
COMPLETENESS_RULES = frozenset({"untranslated", "fuzzy", "translation-missing"})


def as_status(findings: list[Finding], locale: str, cfg: dict[str, Any]) -> list[Finding]:
    """Unfinished translation is status (info) unless the locale is in ``check.required_locales``.

    ``publish_policy`` already keeps an incomplete locale from patients, so an author is not
    blocked until translators finish; what is translated is still checked as strictly
    (numbers, negations, links and markup keep their own levels).
    """
    required = {code.replace("_", "-").lower() for code in cfg["required_locales"]}
    if locale.replace("_", "-").lower() in required:
        return findings
    return [f.relevel("info") if f.rule in COMPLETENESS_RULES else f for f in findings]


def word_scale(leaflet: m.Leaflet, variant: Variant, translated: list[TextUnit]) -> float:
    """How many words the translation uses per source word: the lower median over units (at least 1).

    Urdu writes postpositions as separate words and Welsh often needs more words than
    English for the same sentence; a 20-word limit counted in English words would flag
    sentences no longer than the source's. The median of per-unit ratios (units of 3 or more
    source words) is used so one over-long translation cannot raise its own limit.
    """
    import statistics

    source = {(u.line, u.kind, u.section): len(words_of(u.text)) for u in reader_units(leaflet, variant)}
    ratios = []
    for unit in translated:
        src = source.get((unit.line, unit.kind, unit.section), 0)
        if src >= 3:
            ratios.append(len(words_of(unit.text)) / src)
    return max(1.0, statistics.median_low(ratios)) if ratios else 1.0


def _check_interface_words(
    locale: str, settings: Settings, cfg: dict[str, Any], rules: dict[str, Rule], result: CheckResult
) -> None:
    """The shared interface words (``ui.po``): the same translation checks, no reading measures."""
    path = po_path(settings, locale, UI_DOMAIN)
    if not exists(path):
        return
    shown = shown_path(path, settings.root)
    limits = TranslationLimits(float(cfg["length_ratio_min"]), float(cfg["length_ratio_max"]))
    # interface words are plain text, judged as the build judges them (pipeline/check/acceptance.py)
    units = [replace(u, markdown=False) for u in read_po_units(path, shown, locale)]
    found = check_units(units, "en", locale, "ui", limits)
    result.findings.extend(configured(found, rules))


@lru_cache(maxsize=8192)  # a leaflet's msgids, met again in every locale and variant
def plain_unit_text(markdown: str) -> str:
    """The words a reader sees in a unit written with inline Markdown."""
    from pipeline.reader import parse_inlines

    try:
        return " ".join(m.plain_text(parse_inlines(markdown)).split())
    except ValueError:
        return " ".join(markdown.split())


def translated_units(
    leaflet: m.Leaflet, variant: Variant, po_units: list[PoUnit]
) -> tuple[list[TextUnit], dict[int, PoUnit], int]:
    """The source's units with each text replaced by its translation.

    Units are paired with PO entries by the source text a reader sees, so this works with
    any extractor that writes one unit per block. An easy-read point prefers an entry whose
    msgctxt mentions easy read. Units without a publishable translation are left out and
    counted (their source text would otherwise be measured as if it were the translation).
    """
    by_text: dict[str, list[PoUnit]] = {}
    for po_unit in po_units:
        by_text.setdefault(plain_unit_text(po_unit.msgid), []).append(po_unit)
    out: list[TextUnit] = []
    po_of: dict[int, PoUnit] = {}
    missing = 0
    for unit in reader_units(leaflet, variant):
        candidates = by_text.get(unit.text, [])
        if unit.kind == "easy-read-point":
            candidates = sorted(candidates, key=lambda u: "easy" not in u.msgctxt.lower())
        chosen = next((c for c in candidates if c.translated), None)
        if chosen is None:
            missing += 1
            continue
        picture = unit.picture
        if picture is not None:
            alt = next((c for c in by_text.get(picture.alt, []) if c.translated), None)
            picture = m.Picture(
                picture.ref, plain_unit_text(alt.msgstr) if alt else picture.alt, picture.line
            )
        new = replace(unit, text=plain_unit_text(chosen.msgstr), picture=picture, inlines=())
        out.append(new)
        po_of[id(new)] = chosen
    return out, po_of, missing
