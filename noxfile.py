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
    session.run("ruff", "check", "pipeline", "tests", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".", "mypy>=1.11", "types-PyYAML")
    session.run("mypy")


@nox.session
def build(session: nox.Session) -> None:
    """Build every leaflet for every locale into dist/."""
    session.install("-e", ".")
    session.run("leaflets", "build", *session.posargs)
