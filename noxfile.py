"""Developer sessions: tests, lint, typecheck, build (and validate, with the real validators)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff on the package, the tests and the tools."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "pipeline", "tests", "bench", "tools", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[test]", "mypy>=1.11", "types-PyYAML", "types-lxml")
    session.run("mypy")


@nox.session
def build(session: nox.Session) -> None:
    """Build every leaflet for every locale into dist/."""
    session.install("-e", ".")
    session.run("leaflets", "build", *session.posargs)


@nox.session
def validate(session: nox.Session) -> None:
    """Build the sample and the harder leaflets, then every real validator on everything they publish.

    Two builds: the project's own catalogue (``dist/``) and ``tests/fixtures/harder`` (a five-column
    dose table, long warnings, phone numbers in text, leaflets written in Arabic and in Urdu).
    EPUBCheck 5 and DAISY Ace on every EPUB; axe on every HTML page at 320 px, 1280 px and 1280 px
    with text at 200%; every page printed to PDF by Chromium and each PDF page turned into a PNG
    by pdftoppm under reports/print/ (look at them: tables whole, no glyph cut at a page end).
    Fails on any EPUBCheck error or warning, any Ace or axe violation, a page wider than its screen
    or cut off in print, any request outside dist/, and any bad EPUB zip header. Screenshots of the
    ar, ur and cy pages and an easy-read page on each screen are under reports/screenshots/ (and of
    editions built from the model under reports/model-editions/screenshots/).
    """
    session.run("bash", ".ci/install-validators.sh", external=True)  # apt + npm; a no-op when present
    session.install("-e", ".[test,validate]")
    session.run("leaflets", "build")
    session.run("leaflets", "build", "--project", "tests/fixtures/harder")
    session.run("python", "-m", "pipeline.validate", "dist", "tests/fixtures/harder/dist", "--reports", "reports")
    session.run("pytest", "-m", "validators", "-n", "0", "-p", "no:cacheprovider", env={"LEAFLETS_REPORTS": "reports"})
