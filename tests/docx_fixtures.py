"""Word files made by python-docx the way hospital teams' leaflets are made (styles, lists, tables,
pictures, shaded boxes, a one-cell "get help" table), for the import tests."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from PIL import Image


def png(colour: str = "navy", size: tuple[int, int] = (40, 30)) -> bytes:
    """A small, real PNG picture."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def _hyperlink(paragraph, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    rid = paragraph.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                   "hyperlink", is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _shade(paragraph, fill: str = "DDEEFF") -> None:  # type: ignore[no-untyped-def]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shd)


def hospital_leaflet(path: Path, alt_text: bool = True, texts: dict[str, str] | None = None,
                     leave_out: str = "") -> Path:
    """A knee-injection leaflet as a Word user writes one; returns ``path``.

    ``texts``: a translation of its words (English -> translated; a word not in it stays);
    ``leave_out``: a list item the translator left out (a structure that no longer matches).
    """
    words = texts or {}

    def say(text: str) -> str:
        return words.get(text, text)

    doc = Document()
    doc.core_properties.title = say("Knee injection")
    doc.add_paragraph(say("Having a steroid injection in your knee"), style="Title")
    doc.add_heading(say("What is a knee injection?"), level=1)
    p = doc.add_paragraph(say("A doctor puts a "))
    p.add_run(say("steroid")).bold = True
    p.add_run(say(" medicine into your knee joint. It can "))
    p.add_run(say("ease")).italic = True
    p.add_run(say(" pain for 3 to 6 months."))
    doc.add_heading(say("Before your appointment"), level=1)
    doc.add_paragraph(say("Tell us if you:"))
    doc.add_paragraph(say("take medicine to thin your blood"), style="List Bullet")
    doc.add_paragraph(say("warfarin"), style="List Bullet 2")
    doc.add_paragraph(say("apixaban"), style="List Bullet 2")
    doc.add_paragraph(say("have an infection"), style="List Bullet")
    if leave_out != "are pregnant":
        doc.add_paragraph(say("are pregnant"), style="List Bullet")
    doc.add_heading(say("Your dose"), level=2)
    table = doc.add_table(rows=4, cols=3)
    for row, cells in zip(table.rows, [("Day", "Tablet", "Amount"), ("Day 1", "Paracetamol", "2 x 500 mg"),
                                       ("Day 2", "Paracetamol", "2 x 500 mg"), ("Day 3", "Ibuprofen", "1 x 200 mg")],
                          strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = say(text)
    doc.add_heading(say("On the day"), level=1)
    doc.add_paragraph(say("Go to the reception desk."), style="List Number")
    doc.add_paragraph(say("Wait to be called."), style="List Number")
    doc.add_paragraph(say("The nurse checks your knee."), style="List Number")
    pic = doc.add_paragraph()
    pic.add_run().add_picture(io.BytesIO(png()), width=Inches(1))
    if alt_text:
        doc_pr = pic._p.xpath(".//wp:docPr")[0]
        doc_pr.set("descr", say("A nurse checks a patient's knee"))
    shaded = doc.add_paragraph(say("You can bring a friend or family member with you."))
    _shade(shaded)
    box = doc.add_table(rows=1, cols=1)
    cell = box.rows[0].cells[0]
    cell.paragraphs[0].text = say("Get help now")
    cell.add_paragraph(say("Call 999 if your knee is hot, red and swollen."))
    doc.add_heading(say("Contact us"), level=1)
    p = doc.add_paragraph(say("Call the joint clinic on 01632 960 123, Monday to Friday. Read more on "))
    _hyperlink(p, "https://www.nhs.uk/conditions/steroid-injections/", say("the NHS website"))
    p.add_run(say("."))
    hl = doc.add_paragraph(say("Review date: March 2028"))
    hl.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    doc.add_paragraph(say("Version 2.1"))
    doc.add_paragraph(say("© 2026 Example Hospitals NHS Foundation Trust"))
    doc.save(str(path))
    return path


# The knee leaflet in Welsh, as an agency would send it back (numbers, doses and phone number kept).
WELSH = {
    "Knee injection": "Pigiad pen-glin",
    "Having a steroid injection in your knee": "Cael pigiad steroid yn eich pen-glin",
    "What is a knee injection?": "Beth yw pigiad pen-glin?",
    "A doctor puts a ": "Mae meddyg yn rhoi meddyginiaeth ",
    " medicine into your knee joint. It can ": " yn eich cymal pen-glin. Gall ",
    "ease": "leddfu",
    " pain for 3 to 6 months.": " poen am 3 i 6 mis.",
    "Before your appointment": "Cyn eich apwyntiad",
    "Tell us if you:": "Dywedwch wrthym os ydych chi'n:",
    "take medicine to thin your blood": "cymryd meddyginiaeth i deneuo eich gwaed",
    "have an infection": "cael haint",
    "are pregnant": "feichiog",
    "Your dose": "Eich dos",
    "Day": "Diwrnod",
    "Tablet": "Tabled",
    "Amount": "Faint",
    "Day 1": "Diwrnod 1",
    "Day 2": "Diwrnod 2",
    "Day 3": "Diwrnod 3",
    "On the day": "Ar y diwrnod",
    "Go to the reception desk.": "Ewch i'r dderbynfa.",
    "Wait to be called.": "Arhoswch i rywun eich galw.",
    "The nurse checks your knee.": "Mae'r nyrs yn gwirio eich pen-glin.",
    "A nurse checks a patient's knee": "Nyrs yn gwirio pen-glin claf",
    "You can bring a friend or family member with you.": "Gallwch ddod â ffrind neu aelod o'r teulu gyda chi.",
    "Get help now": "Cael help nawr",
    "Call 999 if your knee is hot, red and swollen.": "Ffoniwch 999 os yw eich pen-glin yn boeth, yn goch "
                                                      "ac wedi chwyddo.",
    "Contact us": "Cysylltu â ni",
    "Call the joint clinic on 01632 960 123, Monday to Friday. Read more on ":
        "Ffoniwch y clinig cymalau ar 01632 960 123, dydd Llun i ddydd Gwener. Darllenwch fwy ar ",
    "the NHS website": "wefan y GIG",
    "Review date: March 2028": "Dyddiad adolygu: Mawrth 2028",
    "Version 2.1": "Fersiwn 2.1",
    "© 2026 Example Hospitals NHS Foundation Trust": "© 2026 Ymddiriedolaeth GIG Ysbytai Enghreifftiol",
}
