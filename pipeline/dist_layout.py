"""Names in the output folder shared by the planner and the incremental build (no heavy imports)."""

from __future__ import annotations

STYLESHEET = "assets/leaflet.css"
PICTURES = "assets/pictures"
INDEX = "index.html"
# An edition's outputs, as `leaflets build --format` names them.
FORMATS = ("html", "easy-read-html", "epub", "easy-read-epub", "pdf", "large-print-pdf", "easy-read-pdf",
           "brf", "pef", "easy-read-brf", "easy-read-pef", "audio", "read-aloud-epub")
PDF_FORMATS = ("pdf", "large-print-pdf", "easy-read-pdf")
BRAILLE_FORMATS = ("brf", "pef", "easy-read-brf", "easy-read-pef")
AUDIO_FORMATS = ("audio", "read-aloud-epub")  # opt-in: the `formats` setting names them
# The publisher's dashboard (pipeline/writers/dashboard.py): one page per way the table is sorted.
REPORT_PAGES = ("report/index.html", "report/review.html", "report/reading.html", "report/problems.html")
