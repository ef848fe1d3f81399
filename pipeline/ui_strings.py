"""The fixed interface words of the outputs, in English, keyed by a stable id.

They are translated through the shared template ``locales/ui.pot``; writers look them up by
key through a ``Labels`` mapping so no English word is hard-coded in a writer.
"""

from __future__ import annotations

from collections.abc import Mapping

UI_STRINGS: dict[str, str] = {
    "contents": "Contents",
    "skip_to_content": "Skip to main content",
    "languages": "Other languages",
    "published": "Published",
    "next_review": "Next review due",
    "last_checked": "Last checked",
    "translation_checked": "Translation checked",
    "approved_by": "Approved by",
    "evidence": "Where this information comes from",
    "version": "Version",
    "contact": "Questions?",
    "easy_read_version": "Easy read version",
    "standard_version": "Standard version",
    "glossary_link": "What this word means",
    "warning": "Warning",
    "note": "Note",
    "pictures_credit": "Pictures: OpenMoji, the open-source emoji and icon project. Licence: CC BY-SA 4.0.",
    "catalogue_title": "Patient information leaflets",
    "catalogue_intro": "Choose a leaflet and a language.",
    "fallback_notice": "Parts of this leaflet are not translated yet. "
    "They are shown in the original language.",
    "demonstration_notice": "This translation is a demonstration. No doctor, nurse or pharmacist has "
    "checked it. Do not use it for your care: ask your clinic for a checked leaflet.",
    "leaflet_from": "Leaflet from",
    "other_formats": "Other versions",
    "download_epub": "E-book (EPUB)",
    "download_easy_read_epub": "Easy read e-book (EPUB)",
    "download_pdf": "Printable leaflet (PDF)",
    "download_large_print_pdf": "Large print (PDF)",
    "download_easy_read_pdf": "Easy read to print (PDF)",
    "download_brf": "Braille (BRF)",
    "download_pef": "Braille for embossers (PEF)",
    "download_easy_read_brf": "Easy read braille (BRF)",
    "download_easy_read_pef": "Easy read braille for embossers (PEF)",
    "download_audio": "Audio (Opus)",
    "download_read_aloud_epub": "Read-aloud e-book (EPUB)",
    "page_of": "Page {page} of {pages}",
    "online_version": "Online",
    "landmarks": "Guide",
    "start_of_content": "Start of the leaflet",
    # the standard e-book's accessibility summary, one sentence per feature it really has
    "a11y_structure": "This leaflet has headings and a table of contents.",
    "a11y_glossary": "It has a list of hard words.",
    "a11y_tables": "Tables have headers.",
    "a11y_pictures": "Every picture has a text description.",
    "a11y_standard": "It meets WCAG 2.1 Level AA.",
    # archived versions (`leaflets archive`): the notice on an old version's page, and the list of them
    "archived_notice": "This is an old version of this leaflet (version {version}). Do not use it for your care.",
    "current_version_link": "Read the current version",
    "archive_title": "Earlier versions of this leaflet",
    "a11y_summary_easy_read": "This is an easy read leaflet. Each point has a picture and short words. Every "
    "picture has a text description. It has headings and a table of contents. It meets WCAG 2.1 Level AA.",
}


def english_labels() -> dict[str, str]:
    """The interface words in English (the source locale)."""
    return dict(UI_STRINGS)


Labels = Mapping[str, str]
