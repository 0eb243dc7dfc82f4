"""The one way a printable document leaves the system: DOCX built with python-docx from these
steps — the DOCX counterpart of `exporters.py`.

Documents are A4 in Times New Roman 11 pt, as the forms schools and authorities print and sign;
a table repeats its header row on every page, and a section title is kept with what follows it,
so that no title is left alone at the bottom of a page.
"""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER_FILL = "#e9ecef"


def setup_page(document, *, landscape=False, left_margin_cm=2.0):
    """A4 with 1.5 cm margins (the left one `left_margin_cm`), Times New Roman 11 pt."""
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = Cm(left_margin_cm)
    section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")


def heading(document, text, size=14):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    return paragraph


def section_title(document, text):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True
    return paragraph


def repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def shade(cell, colour):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    properties.append(shading)


def table(document, headers, widths=None, *, header_fill=""):
    """A centred grid with a bold header row repeated on every page; `widths` in cm."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
        if header_fill:
            shade(cell, header_fill)
    repeat_header(grid.rows[0])
    if widths:
        for cell, width in zip(grid.rows[0].cells, widths, strict=True):
            cell.width = Cm(width)
    return grid


def add_row(grid, values, widths=None):
    cells = grid.add_row().cells
    for index, value in enumerate(values):
        cells[index].text = str(value)
        if widths:
            cells[index].width = Cm(widths[index])
    return cells


def label_block(document, pairs, widths):
    """The two-column block of a title page: a bold label and its value per row."""
    block = document.add_table(rows=0, cols=2)
    block.style = "Table Grid"
    for label, value in pairs:
        cells = add_row(block, [label, value], widths)
        cells[0].paragraphs[0].runs[0].bold = True
    return block


def document_bytes(document):
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(content, filename, full_name=""):
    """`filename` is ASCII; `full_name`, when given, is the Unicode name browsers prefer."""
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    disposition = f'attachment; filename="{filename}"'
    if full_name:
        disposition += f"; filename*=UTF-8''{quote(full_name)}"
    response["Content-Disposition"] = disposition
    return response
