"""The translator workflow over a project: extract, update, init and status.

Layout (the standard gettext one, which Weblate's discovery pairs with its template because
the POT sits above the PO files)::

    locales/<slug>.pot                         one template per leaflet
    locales/ui.pot                             the interface words
    locales/<locale>/LC_MESSAGES/<slug>.po     one translation per leaflet and locale
    locales/<locale>/LC_MESSAGES/ui.po

Every file is read completely and checked before any file is written, so a bad PO file stops
the command with ``path:line`` problems and nothing is rewritten into a worse state. Files
whose bytes would not change are not touched.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline import model as m
from pipeline.atomic import ChangedMeanwhile, fingerprint_bytes, write_text_atomic, write_text_if_unchanged
from pipeline.environment import source_date_epoch
from pipeline.inputs import exists, read_input, regular_file_problem
from pipeline.locale_codes import same_locale
from pipeline.parallel import process_map
from pipeline.po.apply import checked_labels, labels_from, translate_leaflet
from pipeline.po.layout import po_path, pot_path
from pipeline.po.merge import Compendium, merge
from pipeline.po.pofile import Catalog, Entry, normalise_bytes, read_po, write_po
from pipeline.po.reviews import ReviewRecord, last_checked, latest_day, only_reviewed, read_record, review_path
from pipeline.po.templates import (
    UI_DOMAIN,
    LocaleError,
    check_header,
    leaflet_template,
    po_header,
    repair_header,
    ui_template,
    validate_locale,
)
from pipeline.problems import InputError, Problem, shown_path
from pipeline.settings import Settings


def shown(settings: Settings, path: Path) -> str:
    """A path as printed in messages: relative to the project."""
    return shown_path(path, settings.root)


def templates(settings: Settings, leaflets: tuple[m.Leaflet, ...]) -> dict[str, Catalog]:
    """Every template by domain: one per leaflet, plus ``ui``."""
    found: dict[str, Catalog] = {}
    for leaflet in leaflets:
        if leaflet.meta.slug == UI_DOMAIN:
            raise InputError(
                [
                    Problem(
                        leaflet.path,
                        2,
                        1,
                        f"the id '{UI_DOMAIN}' is reserved for the interface "
                        "words' template (locales/ui.pot): choose another id",
                    )
                ]
            )
        source = settings.root / leaflet.path
        text = source.read_text(encoding="utf-8") if leaflet.path and source.is_file() else ""
        found[leaflet.meta.slug] = leaflet_template(leaflet, text, str(settings.get("references")))
    found[UI_DOMAIN] = ui_template(__version__.split(".")[0] + ".x")
    return found


def extract(settings: Settings, leaflets: tuple[m.Leaflet, ...]) -> list[str]:
    """Write every POT; return the paths written (unchanged files are left alone)."""
    return write_templates(settings, render_templates(templates(settings, leaflets)))


def render_templates(pots: dict[str, Catalog]) -> dict[str, str]:
    """The text of every POT file, by domain."""
    return {domain: write_po(template, keep_raw=False) for domain, template in pots.items()}


def write_templates(settings: Settings, texts: dict[str, str], dry_run: bool = False) -> list[str]:
    """Write rendered POT files; return the paths written (unchanged files are left alone).

    ``dry_run``: write nothing, return the paths that would be written.
    """
    written = []
    # a folder, pipe or loop where a template belongs is the user's: report it, replace nothing
    targets = [pot_path(settings, domain) for domain in texts]
    odd = [problem for path in targets
           if exists(path) and (problem := regular_file_problem(path, shown(settings, path)))]
    if odd:
        raise InputError(odd)
    for domain, text in texts.items():
        path = pot_path(settings, domain)
        if _write(path, text, dry_run):
            written.append(shown(settings, path))
    return written


def _write(path: Path, text: str, dry_run: bool) -> bool:
    """Write ``text`` atomically unless ``dry_run``; True when the file's bytes differ from it."""
    if not dry_run:
        return write_text_atomic(path, text)
    try:
        return path.read_bytes() != text.encode("utf-8")
    except OSError:
        return True


def read_catalog(settings: Settings, path: Path, notices: list[Problem] | None = None) -> Catalog:
    """Read one PO file; InputError with ``path:line`` problems if it cannot be used.

    A byte-order mark or CRLF line endings are read through (``normalise_bytes``), each with a
    notice added to ``notices``: they change no word, so they never stop a command.
    """
    name = shown(settings, path)
    data = read_input(path, name, "po")
    _READ[path] = fingerprint_bytes(data)
    data, repaired = normalise_bytes(data, name)
    if notices is not None:
        notices.extend(repaired)
    return _parse_cached(data, name)


# The digest of each PO file's bytes as this process last read them: update compares the file
# with it just before replacing it, so a translator's save made meanwhile is never overwritten.
_READ: dict[Path, str | None] = {}


@functools.lru_cache(maxsize=64)
def _parse_cached(data: bytes, name: str) -> Catalog:
    # a build reads each locale's ui.po once per leaflet; the catalog is immutable, so share it
    return read_po(data, name)


@dataclass
class LocaleFiles:
    """The PO files of one locale as read: the usable ones by domain, and what was wrong.

    A file in ``bad`` could not be used; it stops only its own leaflet (every leaflet for
    ``ui``) in this locale, and nothing rewrites it until it is fixed.
    """

    catalogs: dict[str, Catalog] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)
    notices: list[Problem] = field(default_factory=list)


def read_locale(settings: Settings, locale: str, domains: list[str]) -> LocaleFiles:
    """Every existing PO file of a locale, by domain, and every problem in them."""
    found = LocaleFiles()
    for domain in domains:
        path = po_path(settings, locale, domain)
        if not exists(path):  # a broken link or a loop is a problem, not an absent file
            continue
        try:
            catalog = read_catalog(settings, path, found.notices)
        except InputError as exc:
            found.problems.extend(exc.problems)
            found.bad.add(domain)
            continue
        header = check_header(catalog, locale)
        if header:
            found.problems.extend(header)
            found.bad.add(domain)
            continue
        found.catalogs[domain] = catalog
    return found


def strays(catalog: Catalog, template: Catalog, template_name: str) -> list[Problem]:
    """Live entries whose msgid is not in the template (the next update makes them obsolete)."""
    return [problem for _, problem in stray_entries(catalog, template, template_name)]


def stray_entries(catalog: Catalog, template: Catalog, template_name: str) -> list[tuple[Entry, Problem]]:
    """``strays``, each with its entry."""
    keys = {e.key for e in template.entries}
    return [
        (
            e,
            Problem(
                catalog.path,
                e.line,
                1,
                f"msgid {e.msgid[:50]!r}"
                + (f" (msgctxt {e.msgctxt!r})" if e.msgctxt else "")
                + f" is not in the template {template_name}: `leaflets update` will make it obsolete (#~); "
                "if a translator edited the msgid, restore it",
            ),
        )
        for e in catalog.entries
        if not e.obsolete and e.key not in keys
    ]


def _nplurals(locale: str, catalog: Catalog | None = None) -> int:
    """The forms a new plural entry gets: the file's own Plural-Forms when it has one, else CLDR's."""
    from pipeline.po.templates import plural_forms

    own = catalog.header_fields().get("Plural-Forms", "") if catalog is not None else ""
    match = re.search(r"nplurals\s*=\s*(\d+)", own) or re.search(r"nplurals=(\d+)", plural_forms(locale))
    return int(match.group(1)) if match else 2


def _empty_po(template: Catalog, locale: str, path: str) -> Catalog:
    return Catalog(po_header(template, locale), (), path)


def _merge_locale(
    settings: Settings, locale: str, pots: dict[str, Catalog], existing: dict[str, Catalog], create: bool
) -> dict[str, Catalog]:
    """Merged catalogs of one locale (a compendium of its other leaflets fills exact matches)."""
    merged: dict[str, Catalog] = {}
    leaflets = Compendium({d: c for d, c in existing.items() if d != UI_DOMAIN})
    for domain, template in pots.items():
        still_wrong = functools.partial(_still_wrong, _SOURCE_LOCALES.get(domain, "en"), locale)
        current = existing.get(domain)
        nplurals = _nplurals(locale, current)
        if current is None and not create:
            continue
        base = current or _empty_po(template, locale, shown(settings, po_path(settings, locale, domain)))
        if domain == UI_DOMAIN:
            merged[domain] = merge(base, template, (), nplurals, still_wrong)
        else:
            # the whole locale, this file included, as `msgcat --use-first` of its leaflets would
            # make it for `msgmerge -C`: this file's own entries can never beat themselves
            merged[domain] = merge(base, template, leaflets, nplurals, still_wrong)
    return merged


def _still_wrong(source_locale: str, locale: str, msgid: str, msgstr: str) -> bool:
    """True while a translation breaks a number, unit or negation rule (its CHECK note stays)."""
    from pipeline.check.acceptance import refusals

    kept = {"number-changed", "unit-changed", "negation-dropped"}
    return any(r.rule in kept for r in refusals(msgid, msgstr, source_locale, locale))


def locale_problems(settings: Settings, leaflets: tuple[m.Leaflet, ...]) -> tuple[list[Problem], set[str]]:
    """Problems with the project's locales, and the configured locales they stop.

    A configured locale that is a leaflet's own source locale would publish the source twice;
    a folder under ``locales/`` not spelt as its code (``locales/ES``) would be a second copy
    of a language that nothing reads.
    """
    from pipeline.locale_codes import LocaleCodeError, canonical, same_locale

    problems: list[Problem] = []
    refused: set[str] = set()
    sources = sorted({lf.meta.locale for lf in leaflets})
    for locale in settings.locales:
        source = next((s for s in sources if same_locale(s, locale)), None)
        if source is not None:
            refused.add(locale)
            problems.append(Problem("pyproject.toml", 1, 1, f"tool.leaflets.locales has '{locale}', the "
                                    f"source locale of the leaflets ({source}): it is always published; "
                                    "remove it from the list"))
    folder = settings.locales_dir
    if folder.is_dir():
        for child in sorted(folder.iterdir()):
            if not (child / "LC_MESSAGES").is_dir():
                continue
            try:
                spelt = canonical(child.name)
            except LocaleCodeError:
                spelt = ""
            if spelt != child.name:
                hint = (f"rename it to locales/{spelt} (git mv), merging it with any existing folder"
                        if spelt else "it is not a locale code: rename or remove it")
                problems.append(Problem(shown(settings, child), 1, 1, f"the folder name '{child.name}' is not "
                                        f"how this locale is written: {hint}"))
    return problems, refused


@dataclass
class UpdateReport:
    """What update or init wrote and noticed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # files that could not be used (left as they were)


def update(
    settings: Settings,
    leaflets: tuple[m.Leaflet, ...],
    locales: tuple[str, ...] | None = None,
    create: bool = True,
    jobs: int | None = None,
    dry_run: bool = False,
) -> UpdateReport:
    """Extract, then merge every template into every locale (msgmerge rules, with compendium).

    Locales are read and merged in ``jobs`` worker processes (default: one per CPU). A file
    that cannot be used is reported and left as it is; every other file is written. With
    ``dry_run`` nothing is written: ``written`` lists the files that would change (``--check``).
    """
    source_date_epoch()  # new files get PO-Revision-Date from it: checked before any work
    report = UpdateReport()
    pots = templates(settings, leaflets)
    locales = settings.locales if locales is None else locales
    problems, refused = locale_problems(settings, leaflets)
    valid: list[str] = []
    for locale in locales:
        if locale in refused:
            continue
        try:
            validate_locale(locale)
        except LocaleError:
            problems.append(
                Problem(
                    "pyproject.toml",
                    1,
                    1,
                    f"tool.leaflets.locales has '{locale}', which is not a locale babel knows",
                )
            )
            continue
        valid.append(locale)
    running = process_map(functools.partial(_merge_one, settings, create=create), valid, jobs,
                          initializer=_set_pots,
                          initargs=(pots, {lf.meta.slug: lf.meta.locale for lf in leaflets}))
    # while the workers merge: the new templates' text, and what the old ones held
    pot_texts = render_templates(pots)
    before = {domain: _template_keys(pot_path(settings, domain), pot_texts[domain], pots[domain]) for domain in pots}
    merged = list(running)
    for outcome in merged:
        problems.extend(outcome.problems)
        report.notices.extend(outcome.notices)
        # An entry the last template held was changed at the source: making it obsolete is
        # routine. One no template held looks like a msgid edited by hand: worth a notice.
        report.notices.extend(problem for domain, key, problem in outcome.strays if key not in before[domain])
    # a file that cannot be used stops only itself: it is not written, everything else is,
    # and the problems are reported (exit code 2)
    report.problems.extend(problems)
    report.written.extend(write_templates(settings, pot_texts, dry_run))
    for outcome in merged:
        for domain, text in outcome.files.items():
            target = po_path(settings, outcome.locale, domain)
            if dry_run:
                written = _write(target, text, dry_run)
            else:
                try:
                    # a translator may have saved the file since it was read: that save wins
                    written = write_text_if_unchanged(target, text, outcome.read.get(domain))
                except ChangedMeanwhile:
                    report.problems.append(Problem(shown(settings, target), 1, 1, "the file changed while update "
                                                   "ran, so it was left as it is: run `leaflets update` again"))
                    continue
            (report.written if written else report.unchanged).append(shown(settings, target))
    for outcome in merged:
        for domain, text in outcome.files.items():
            _prune_review(settings, outcome.locale, domain, text, report, dry_run)
    return report


def _prune_review(settings: Settings, locale: str, domain: str, text: str, report: UpdateReport,
                  dry_run: bool) -> None:
    """Drop the review marks of units the merge removed (the others stay: a unit whose text
    changed is no longer matched by its mark, so it is unreviewed without being dropped)."""
    from pipeline.po.pofile import parse_po
    from pipeline.po.reviews import pruned, write_record

    path = review_path(settings, locale, domain)
    if not path.exists():
        return
    try:
        record = read_record(path, shown(settings, path), latest_day())
    except InputError as exc:
        report.problems.extend(exc.problems)
        return
    kept, dropped = pruned(record, parse_po(text, domain))
    if dropped:
        if not dry_run:
            write_record(path, kept, domain, locale)
        report.written.append(shown(settings, path))


@dataclass
class _LocaleOutcome:
    """One locale read and merged (in a worker): the new PO texts, or the problems found."""

    locale: str
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    strays: list[tuple[str, tuple[str | None, str], Problem]] = field(default_factory=list)  # domain, key, notice
    files: dict[str, str] = field(default_factory=dict)
    read: dict[str, str | None] = field(default_factory=dict)  # domain: digest of the bytes read


# The templates, handed to each worker process once (not once per locale), or set in this one.
_POTS: dict[str, Catalog] = {}
_SOURCE_LOCALES: dict[str, str] = {}  # domain -> its leaflet's source locale (for the CHECK notes)


def _set_pots(pots: dict[str, Catalog], source_locales: dict[str, str] | None = None) -> None:
    _POTS.clear()
    _POTS.update(pots)
    _SOURCE_LOCALES.clear()
    _SOURCE_LOCALES.update(source_locales or {})


def _merge_one(settings: Settings, locale: str, create: bool) -> _LocaleOutcome:
    pots = _POTS
    outcome = _LocaleOutcome(locale)
    files = read_locale(settings, locale, list(pots))
    outcome.problems, outcome.notices, catalogs = files.problems, files.notices, files.catalogs
    outcome.read = {domain: _READ.get(po_path(settings, locale, domain)) if domain in catalogs else None
                    for domain in pots}
    # a file that cannot be read is left exactly as it is; the locale's other files are merged
    pots = {domain: template for domain, template in pots.items() if domain not in files.bad}
    for domain, catalog in list(catalogs.items()):
        catalogs[domain], repaired = repair_header(catalog, locale)
        outcome.notices.extend(repaired)
    for domain, catalog in catalogs.items():
        template = pots[domain]
        for entry, problem in stray_entries(catalog, template, shown(settings, pot_path(settings, domain))):
            outcome.strays.append((domain, entry.key, problem))
    for domain, catalog in _merge_locale(settings, locale, pots, catalogs, create).items():
        # written in full, as msgmerge writes: an editor's own line wrapping is not kept
        outcome.files[domain] = write_po(catalog, keep_raw=False)
    return outcome


def _template_keys(path: Path, new_text: str, new: Catalog) -> set[tuple[str | None, str]]:
    """The (msgctxt, msgid) of every entry the template file holds before this update writes it
    (empty if absent or unreadable); read only when it differs from the new one."""
    try:
        data = read_input(path, path.name, "po")
        if data == new_text.encode("utf-8"):
            return {e.key for e in new.entries}
        return {e.key for e in read_po(data, path.name).entries}
    except (OSError, InputError):
        return set()


def _array_end(text: str, start: int) -> int | None:
    """The index just past the ``]`` closing the TOML array opened at ``text[start]`` (None if unclosed)."""
    pos, depth = start, 0
    while pos < len(text):
        char = text[pos]
        if char in "\"'":
            close = text.find(char, pos + 1)
            while close != -1 and char == '"' and text[close - 1] == "\\":
                close = text.find(char, close + 1)
            if close == -1:
                return None
            pos = close
        elif char == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline == -1 else newline
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return None


def _with_item(array: str, code: str) -> str:
    """The TOML array text with one more string item, written in the array's own layout.

    One line: ``["cy", "pl"]`` -> ``["cy", "pl", "de"]``. Several lines: a new line with the
    indentation of the last item (comments and trailing commas kept).
    """
    inner = array[1:-1]
    if "\n" not in inner:
        body = inner.rstrip()
        sep = ", " if body.strip() else ""
        trailing = body.endswith(",")
        return "[" + (body.rstrip(",") + sep if not trailing else body + " ") + f'"{code}"' + "]"
    lines = array.split("\n")
    items = [i for i, line in enumerate(lines) if re.match(r"\s*[\"']", line)]
    if not items:
        return array[:-1].rstrip() + f'\n    "{code}",\n]'
    last = items[-1]
    indent = re.match(r"\s*", lines[last]).group(0)  # type: ignore[union-attr]
    line = lines[last]
    # the item's own text ends at its closing quote; a comment may follow
    quote = line.lstrip()[0]
    end = line.index(quote, len(indent) + 1) + 1
    rest = line[end:]
    if not rest.lstrip().startswith(","):
        line = line[:end] + "," + rest
    lines[last] = line
    lines.insert(last + 1, f'{indent}"{code}",')
    return "\n".join(lines)


def add_locale_to_pyproject(root: Path, locale: str) -> bool:
    """Add ``locale`` to ``[tool.leaflets] locales`` with a minimal textual edit; False if present.

    The list keeps its layout and comments, one line or several; anything the edit cannot do
    safely (the result must read back as the list plus the new code) is a message instead.
    """
    path = root / "pyproject.toml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    before = tomllib.loads(text) if text else {}
    current = list(before.get("tool", {}).get("leaflets", {}).get("locales", []))
    if locale in current:
        return False
    wanted = [*current, locale]
    table = re.search(r"^\[tool\.leaflets\][ \t]*$", text, re.M)
    if table is None:
        rendered = "locales = [" + ", ".join(f'"{c}"' for c in wanted) + "]"
        new = text + ("" if text.endswith("\n") or not text else "\n") + f"\n[tool.leaflets]\n{rendered}\n"
    else:
        end = re.search(r"^\[", text[table.end() :], re.M)
        stop = table.end() + end.start() if end else len(text)
        body = text[table.end() : stop]
        line = re.search(r"^locales[ \t]*=[ \t]*(?=\[)", body, re.M)
        close = _array_end(body, line.end()) if line else None
        if line and close is not None:
            body = body[: line.end()] + _with_item(body[line.end() : close], locale) + body[close:]
        elif line or re.search(r"^locales[ \t]*=", body, re.M):
            raise InputError(
                [
                    Problem(
                        "pyproject.toml",
                        text[: table.end()].count("\n") + 1,
                        1,
                        "cannot edit tool.leaflets.locales: write it as a list, "
                        f"locales = [...], and run again (or add '{locale}' yourself)",
                    )
                ]
            )
        else:
            body = "\nlocales = [" + ", ".join(f'"{c}"' for c in wanted) + "]" + body
        new = text[: table.end()] + body + text[stop:]
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        after = {}
    if after.get("tool", {}).get("leaflets", {}).get("locales") != wanted:
        raise InputError(
            [
                Problem(
                    "pyproject.toml",
                    1,
                    1,
                    f"could not add '{locale}' to tool.leaflets.locales safely: add it yourself",
                )
            ]
        )
    write_text_atomic(path, new)
    return True


def init_locale(settings: Settings, leaflets: tuple[m.Leaflet, ...], locale: str) -> UpdateReport:
    """Add a locale: PO files for every leaflet and ui (existing files are merged, never replaced).

    The code is written the gettext way whatever way it was typed (``ES`` -> ``es``,
    ``pt-br`` -> ``pt_BR``); a leaflet's own source locale cannot be added as a translation.
    """
    from pipeline.locale_codes import canonical, same_locale

    validate_locale(locale)
    code = canonical(locale)
    sources = sorted({lf.meta.locale for lf in leaflets if same_locale(lf.meta.locale, code)})
    if sources:
        raise InputError([Problem("pyproject.toml", 1, 1, f"'{locale}' is the source locale of the leaflets "
                                  f"({sources[0]}): they are always published in it; add a translation locale")])
    report = update(settings, leaflets, (code,), create=True)
    if add_locale_to_pyproject(settings.root, code):
        report.written.append("pyproject.toml")
    return report


# --- status -------------------------------------------------------------------------------


@dataclass
class Row:
    """One leaflet (or ui) in one locale."""

    domain: str
    locale: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words_translated: int = 0
    words_fuzzy: int = 0
    words_untranslated: int = 0
    refused: int = 0
    reviewed: int = 0  # translated units a person checked as they are (`leaflets review`)
    unreviewed: int = 0  # translated units held back because no person checked them (reviewed policies)
    publishable: str = "no"
    reason: str = ""


@dataclass
class Status:
    """Rows for every leaflet × locale, and sources translated two different ways."""

    rows: list[Row] = field(default_factory=list)
    inconsistent: list[dict[str, object]] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)  # translations the build will not publish, and why
    problems: list[Problem] = field(default_factory=list)  # files that could not be used (exit code 2)


def _words(text: str) -> int:
    return len(text.split())


def status(settings: Settings, leaflets: tuple[m.Leaflet, ...]) -> Status:
    """Counts of units and words per leaflet and locale, and whether each may be published."""
    result = Status()
    pots = templates(settings, leaflets)
    by_slug = {lf.meta.slug: lf for lf in leaflets}
    rules = publish_rules(settings)
    problems, refused = locale_problems(settings, leaflets)
    for locale in settings.locales:
        if locale in refused:
            continue
        files = read_locale(settings, locale, list(pots))
        problems.extend(files.problems)
        result.notices.extend(files.notices)
        catalogs = files.catalogs
        seen: dict[tuple[str | None, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for domain, template in pots.items():
            row = Row(domain, locale)
            catalog = catalogs.get(domain)
            if catalog is not None:
                result.notices.extend(strays(catalog, template, shown(settings, pot_path(settings, domain))))
            entries = {e.key: e for e in catalog.entries if not e.obsolete} if catalog else {}
            record = ReviewRecord()
            if catalog is not None and domain in by_slug and domain not in files.bad:
                try:
                    catalog, row.unreviewed, record = review_filter(settings, locale, domain, catalog)
                except InputError as exc:
                    problems.extend(exc.problems)
                    files.bad.add(domain)
            for ref in template.entries:
                entry = entries.get(ref.key)
                words = _words(ref.msgid)
                if entry is not None and entry.translated:
                    row.reviewed += record.reviewed(entry) is not None
                    row.translated += 1
                    row.words_translated += words
                    seen[ref.key][entry.msgstr].append(domain)
                elif entry is not None and entry.fuzzy and entry.has_text:
                    row.fuzzy += 1
                    row.words_fuzzy += words
                else:
                    row.untranslated += 1
                    row.words_untranslated += words
            if domain in files.bad:
                row.reason = (f"{locale}: {shown(settings, po_path(settings, locale, domain))} cannot be used "
                              "(see the problems listed)")
            else:
                _publishable(row, catalog, by_slug.get(domain), settings.publish_policy, locale, rules,
                             result.refused)
            result.rows.append(row)
        for (ctxt, msgid), versions in seen.items():
            if len(versions) > 1:
                result.inconsistent.append(
                    {
                        "locale": locale,
                        "msgctxt": ctxt,
                        "msgid": msgid,
                        "translations": {k: sorted(v) for k, v in versions.items()},
                    }
                )
    result.problems = problems
    return result


def publish_rules(settings: Settings) -> frozenset[str]:
    """The safety rules that stop a translated unit being published (the gate's, as configured)."""
    from pipeline.check.acceptance import blocking_rules

    return blocking_rules(settings.get("check"))


def _publishable(
    row: Row,
    catalog: Catalog | None,
    leaflet: m.Leaflet | None,
    policy: str,
    locale: str,
    rules: frozenset[str],
    refused: list[Problem],
) -> None:
    if catalog is None:
        row.reason = f"{locale}: no PO file (run `leaflets init {locale}`)"
        return
    if leaflet is None:  # the interface words: missing or refused ones fall back to English
        labels_refused = checked_labels(catalog, locale, rules)[2]
        row.refused = len(labels_refused)
        refused.extend(labels_refused)
        clean = row.untranslated + row.fuzzy + row.refused == 0
        row.publishable = "yes" if clean else "English for missing"
        return
    applied = translate_leaflet(leaflet, catalog, locale, rules)
    row.refused = len(applied.refused)
    refused.extend(applied.refused)
    if applied.complete:
        row.publishable = "yes"
    elif policy in ("fallback", "reviewed-fallback"):
        row.publishable = "with fallback"
        row.reason = f"{locale}: {applied.missing} of {applied.total} units shown in the source language"
    else:
        row.reason = skip_reason(locale, applied.missing, applied.total, applied.fuzzy, len(applied.refused),
                                 row.unreviewed, policy)


def publish_decision(settings: Settings, leaflet: m.Leaflet, catalog: Catalog, record: ReviewRecord,
                     unreviewed: int, locale: str, labels: dict[str, str], refused_labels: list[Problem],
                     where: str) -> tuple[Translation | None, list[tuple[str, str]]]:
    """The leaflet translated from ``catalog`` (already filtered by the review policy) if the
    publish policy allows it, and what the build must say about it (refused units, or why it is
    not published)."""
    applied = translate_leaflet(leaflet, catalog, locale, publish_rules(settings))
    # a refused translation is not a reason to stop the build, but the build must say it
    said = [(where, f"{refusal} (unit shown in the source language)")
            for refusal in (*refused_labels, *applied.refused)]
    checked = last_checked(catalog, record)
    if applied.complete:
        return Translation(applied.leaflet, locale, labels, False, checked), said
    if settings.publish_policy in ("fallback", "reviewed-fallback"):
        return Translation(applied.leaflet, locale, labels, True, checked), said
    said.append((where, skip_reason(locale, applied.missing, applied.total, applied.fuzzy, len(applied.refused),
                                    unreviewed, settings.publish_policy)))
    return None, said


def skip_reason(locale: str, missing: int, total: int, fuzzy: int, refused: int, unreviewed: int = 0,
                policy: str = "complete") -> str:
    """Why a locale of a leaflet is not published under the complete (or reviewed) policy."""
    extra = ([f"{fuzzy} fuzzy"] if fuzzy else []) + ([f"{refused} refused by the checks"] if refused else []) \
        + ([f"{unreviewed} translated but not reviewed (`leaflets review`)"] if unreviewed else [])
    detail = f" ({', '.join(extra)})" if extra else ""
    return f"{locale}: {missing} of {total} units untranslated{detail}; publish_policy is {policy}"


def review_filter(settings: Settings, locale: str, slug: str, catalog: Catalog,
                  path: Path | None = None) -> tuple[Catalog, int, ReviewRecord]:
    """The catalog as the publish policy sees it: under a ``reviewed`` policy, translated units no
    person checked are left untranslated (with how many). InputError if the review record beside
    the PO file (or at ``path``, an archived version's) cannot be used. Also the record, for the day
    the translation was last checked."""
    path = path or review_path(settings, locale, slug)
    record = read_record(path, shown(settings, path), latest_day(), catalog)
    if not settings.needs_review:
        return catalog, 0, record
    return (*only_reviewed(catalog, record), record)


def ui_labels(settings: Settings, locale: str) -> dict[str, str]:
    """The interface words for a locale from its ui.po (English where missing or unreadable)."""
    path = po_path(settings, locale, UI_DOMAIN)
    catalog: Catalog | None = None
    if exists(path):
        catalog = read_catalog(settings, path)
    return labels_from(catalog)[0]


def fill(
    catalog: Catalog, translations: dict[tuple[str | None, str], str], comment: str | None = None
) -> Catalog:
    """A copy with the given translations set, not fuzzy (for migration helpers)."""
    from dataclasses import replace

    out: list[Entry] = []
    for entry in catalog.entries:
        text = translations.get(entry.key)
        if text is not None and not entry.obsolete:
            entry = replace(
                entry,
                msgstr=text,
                flags=tuple(f for f in entry.flags if f != "fuzzy"),
                previous_msgctxt=None,
                previous_msgid=None,
                previous_msgid_plural=None,
                extracted_comments=tuple(c for c in entry.extracted_comments if not c.startswith("CHECK: ")),
            )
        out.append(entry)
    return replace(catalog, entries=tuple(out))


@dataclass(frozen=True)
class Translation:
    """One leaflet translated into one locale, ready to publish."""

    leaflet: m.Leaflet
    locale: str
    labels: dict[str, str]
    fallback: bool
    checked: dt.date | None = None  # the day a person last checked it, when every translated unit is checked


def translations(
    settings: Settings, leaflets: tuple[m.Leaflet, ...]
) -> tuple[list[Translation], list[tuple[str, str]]]:
    """Every leaflet in every configured locale that the publish policy allows, and the skipped ones.

    A PO file that cannot be read raises InputError (after everything else was read); see
    ``translations_and_problems`` for the form that builds the rest.
    """
    found, skipped, problems = translations_and_problems(settings, leaflets)
    if problems:
        raise InputError(problems)
    return found, skipped


def translations_and_problems(
    settings: Settings, leaflets: tuple[m.Leaflet, ...]
) -> tuple[list[Translation], list[tuple[str, str]], list[Problem]]:
    """``translations``, with the problems of unusable PO files returned instead of raised.

    A bad leaflet PO file skips that leaflet in that locale; a bad ``ui.po`` skips the locale
    (its interface words cannot be trusted); every other edition is still published.
    """
    found: list[Translation] = []
    skipped: list[tuple[str, str]] = []
    problems: list[Problem] = []
    rules = publish_rules(settings)
    for locale in settings.locales:
        if any(same_locale(locale, lf.meta.locale) for lf in leaflets):
            # the source locale is always published; as a translation it would be twice
            problems.append(Problem("pyproject.toml", 1, 1, f"tool.leaflets.locales has '{locale}', the "
                                    "source locale of the leaflets: remove it from the list"))
            continue
        domains = [lf.meta.slug for lf in leaflets] + [UI_DOMAIN]
        files = read_locale(settings, locale, domains)
        problems.extend(files.problems)
        catalogs = files.catalogs
        labels, _, refused_labels = checked_labels(catalogs.get(UI_DOMAIN), locale, rules)
        for leaflet in leaflets:
            where = f"{leaflet.meta.slug}/{locale}"
            bad = [d for d in (leaflet.meta.slug, UI_DOMAIN) if d in files.bad]
            if bad:
                names = " and ".join(shown(settings, po_path(settings, locale, d)) for d in bad)
                skipped.append((where, f"{locale}: {names} cannot be used (see the problems listed); "
                                       "this edition is not published until it is fixed"))
                continue
            catalog = catalogs.get(leaflet.meta.slug)
            if catalog is None:
                skipped.append(
                    (
                        where,
                        f"{locale}: no translation file "
                        f"{shown(settings, po_path(settings, locale, leaflet.meta.slug))} "
                        f"(run `leaflets init {locale}`)",
                    )
                )
                continue
            try:
                catalog, unreviewed, record = review_filter(settings, locale, leaflet.meta.slug, catalog)
            except InputError as exc:
                problems.extend(exc.problems)
                skipped.append((where, f"{locale}: {shown(settings, review_path(settings, locale, leaflet.meta.slug))}"
                                       " cannot be used (see the problems listed); this edition is not published "
                                       "until it is fixed"))
                continue
            published, said = publish_decision(settings, leaflet, catalog, record, unreviewed, locale, labels,
                                               refused_labels, where)
            skipped.extend(said)
            if published is not None:
                found.append(published)
    return found, skipped, problems
