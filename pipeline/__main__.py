"""``python -m pipeline`` runs the ``leaflets`` command."""

from pipeline.cli import run

run()
