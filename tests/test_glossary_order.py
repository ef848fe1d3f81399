"""Translated glossaries in the order of their own alphabet (pipeline/writers/collation.py)."""

from __future__ import annotations

from editions import edition
from lxml import html

from pipeline.writers.collation import sort_key
from pipeline.writers.html import PageContext, render_page


def _sorted(words: list[str], locale: str) -> list[str]:
    return sorted(words, key=lambda w: sort_key(w, locale))


def test_each_language_sorts_in_its_own_alphabet() -> None:
    assert _sorted(["Żaba", "Łokieć", "Mama", "Lek", "Zupa"], "pl") == ["Lek", "Łokieć", "Mama", "Zupa", "Żaba"]
    assert _sorted(["Llaw", "Lamp", "Chwaer", "Cath", "Dafad"], "cy") == ["Cath", "Chwaer", "Dafad", "Lamp", "Llaw"]
    assert _sorted(["oso", "ñu", "nube"], "es") == ["nube", "ñu", "oso"]
    assert _sorted(["موعد", "طبيب", "الحوض", "أنبوب"], "ar") == ["أنبوب", "الحوض", "طبيب", "موعد"]
    assert _sorted(["ہاتھ", "پانی", "بچہ"], "ur") == ["بچہ", "پانی", "ہاتھ"]


def test_a_translated_page_sorts_its_glossary_and_the_source_keeps_the_authors_order() -> None:
    ed = edition("pl")
    terms = [f"{w} {i}" for i, w in enumerate(["Żaba", "Lek", "Łokieć", "Zupa"])]
    glossary = next(b for s in ed.leaflet.sections for b in s.blocks if b.__class__.__name__ == "Glossary")
    from dataclasses import replace

    from pipeline import model as m

    entries = tuple(m.GlossaryEntry(t, (m.Text("x"),)) for t in terms)
    sections = tuple(replace(s, blocks=tuple(replace(b, entries=entries) if b is glossary else b for b in s.blocks))
                     for s in ed.leaflet.sections)
    leaflet = replace(ed.leaflet, sections=sections)
    shown = [dt.text_content() for dt in html.fromstring(render_page(
        leaflet, PageContext("pl", ed.labels, "s.css", sort_glossary=True))).iter("dt")]
    assert [t.split()[0] for t in shown if t.split()[0] in ("Żaba", "Lek", "Łokieć", "Zupa")] == \
        ["Lek", "Łokieć", "Zupa", "Żaba"]
    kept = [dt.text_content() for dt in html.fromstring(render_page(
        leaflet, PageContext("pl", ed.labels, "s.css"))).iter("dt")]
    assert [t.split()[0] for t in kept if t.split()[0] in ("Żaba", "Lek", "Łokieć", "Zupa")] == \
        ["Żaba", "Lek", "Łokieć", "Zupa"]
