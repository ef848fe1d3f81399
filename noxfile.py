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
    """Build everything, then EPUBCheck 5 and DAISY Ace on every EPUB and axe on every HTML page.

    Fails on any EPUBCheck error or warning, any Ace or axe violation, any request a page makes
    outside dist/, and any bad EPUB zip header. Saves screenshots of the ar, ur and cy pages and an
    easy-read page under reports/screenshots/ (and of editions built from the model, in every
    locale the writers must handle, under reports/model-editions/screenshots/).
    """
    session.run("bash", ".ci/install-validators.sh", external=True)  # apt + npm; a no-op when present
    session.install("-e", ".[test,validate]")
    session.run("leaflets", "build")
    session.run("python", "-m", "pipeline.validate", "dist", "--reports", "reports")
    session.run("pytest", "-m", "validators", "-p", "no:cacheprovider", env={"LEAFLETS_REPORTS": "reports"})
