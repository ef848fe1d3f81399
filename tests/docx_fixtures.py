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


def hospital_leaflet(path: Path, alt_text: bool = True) -> Path:
    """A knee-injection leaflet as a Word user writes one; returns ``path``."""
    doc = Document()
    doc.core_properties.title = "Knee injection"
    doc.add_paragraph("Having a steroid injection in your knee", style="Title")
    doc.add_heading("What is a knee injection?", level=1)
    p = doc.add_paragraph("A doctor puts a ")
    p.add_run("steroid").bold = True
    p.add_run(" medicine into your knee joint. It can ")
    p.add_run("ease").italic = True
    p.add_run(" pain for 3 to 6 months.")
    doc.add_heading("Before your appointment", level=1)
    doc.add_paragraph("Tell us if you:")
    doc.add_paragraph("take medicine to thin your blood", style="List Bullet")
    doc.add_paragraph("warfarin", style="List Bullet 2")
    doc.add_paragraph("apixaban", style="List Bullet 2")
    doc.add_paragraph("have an infection", style="List Bullet")
    doc.add_paragraph("are pregnant", style="List Bullet")
    doc.add_heading("Your dose", level=2)
    table = doc.add_table(rows=4, cols=3)
    for row, cells in zip(table.rows, [("Day", "Tablet", "Amount"), ("Day 1", "Paracetamol", "2 x 500 mg"),
                                       ("Day 2", "Paracetamol", "2 x 500 mg"), ("Day 3", "Ibuprofen", "1 x 200 mg")],
                          strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.add_heading("On the day", level=1)
    doc.add_paragraph("Go to the reception desk.", style="List Number")
    doc.add_paragraph("Wait to be called.", style="List Number")
    doc.add_paragraph("The nurse checks your knee.", style="List Number")
    pic = doc.add_paragraph()
    pic.add_run().add_picture(io.BytesIO(png()), width=Inches(1))
    if alt_text:
        doc_pr = pic._p.xpath(".//wp:docPr")[0]
        doc_pr.set("descr", "A nurse checks a patient's knee")
    shaded = doc.add_paragraph("You can bring a friend or family member with you.")
    _shade(shaded)
    box = doc.add_table(rows=1, cols=1)
    cell = box.rows[0].cells[0]
    cell.paragraphs[0].text = "Get help now"
    cell.add_paragraph("Call 999 if your knee is hot, red and swollen.")
    doc.add_heading("Contact us", level=1)
    p = doc.add_paragraph("Call the joint clinic on 01632 960 123, Monday to Friday. Read more on ")
    _hyperlink(p, "https://www.nhs.uk/conditions/steroid-injections/", "the NHS website")
    p.add_run(".")
    hl = doc.add_paragraph("Review date: March 2028")
    hl.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    doc.add_paragraph("Version 2.1")
    doc.add_paragraph("© 2026 Example Hospitals NHS Foundation Trust")
    doc.save(str(path))
    return path
