"""The annual report as Word (.docx): the same document as the PDF, for offices that revise it in Word or WPS.

The frozen version is rendered through the same template (``reports/_document.html``) and the HTML is
walked into python-docx paragraphs and tables, so the headings, sentences, tables and the signature are
those of the PDF, figure for figure. Fonts follow GB/T 9704: the title in 方正小标宋简体, first-level
headings in 黑体, second-level in 楷体, the body in 仿宋 (三号, 16 pt); page numbers "— N —" at the foot.
The charts are not carried over (their figures are in the tables beside them).
"""

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import html as lxml_html

from apps.reports.document import document_context

TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT, TABLE_FONT = "方正小标宋简体", "黑体", "楷体", "仿宋", "仿宋"
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = Pt(16), Pt(22), Pt(10.5)
CONTENT_WIDTH = Mm(210 - 28 - 26)
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes(frozen: dict) -> bytes:
    """A frozen version → .docx bytes (a pure function, like ``services.pdf_bytes``)."""
    context = document_context(frozen, linked=False)
    tree = lxml_html.fragment_fromstring(render_to_string("reports/_document.html", context), create_parent="div")
    document = Document()
    _page_setup(document)
    _set_title(document, context["title"])
    for element in tree.iter("h1", "h2", "h3", "p", "li", "table", "div"):
        _add(document, element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add(document, element) -> None:
    classes = set((element.get("class") or "").split())
    if element.tag == "h1":
        _paragraph(document, _text(element), font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    elif element.tag == "h2":
        _heading(document, _text(element), level=1, font=HEADING_FONT)
    elif element.tag == "h3":
        _heading(document, _text(element), level=2, font=SUBHEADING_FONT)
    elif element.tag == "p" and not _inside(element, "table", "figure"):
        _paragraph(document, element, indent=True)
    elif element.tag == "li":
        _paragraph(document, element, style="List Number" if element.getparent().tag == "ol" else "List Bullet")
    elif element.tag == "table":
        _table(document, element)
    elif "signature" in classes:
        for line in element.iter("div"):
            if line is not element:
                _paragraph(document, _text(line), align=WD_ALIGN_PARAGRAPH.RIGHT)


def _inside(element, *tags: str) -> bool:
    return any(parent.tag in tags for parent in element.iterancestors())


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _fonts(run, font: str, size) -> None:
    run.font.name = font
    run.font.size = size
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), font)


def _paragraph(document, content, *, font=BODY_FONT, size=BODY_SIZE, align=None, indent=False, style=None):
    """A paragraph from text or from an element, whose <strong> parts stay bold."""
    paragraph = document.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = size * 2
    paragraph.paragraph_format.line_spacing = Pt(28)
    for text, bold in _pieces(content):
        run = paragraph.add_run(text)
        run.bold = bold
        _fonts(run, font, size)
    return paragraph


def _pieces(content):
    if isinstance(content, str):
        return [(content, False)]
    pieces = [(content.text or "", False)]
    for child in content:
        pieces.append(("".join(child.itertext()), child.tag in ("strong", "b")))
        pieces.append((child.tail or "", False))
    return [(" ".join(text.split()) if text.strip() else "", bold) for text, bold in pieces if text.strip()]


def _heading(document, text: str, *, level: int, font: str) -> None:
    paragraph = document.add_heading(level=level)
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    run = paragraph.add_run(text)
    run.bold = level == 2
    run.font.color.rgb = RGBColor(0, 0, 0)  # the built-in heading styles are blue
    _fonts(run, font, BODY_SIZE)


def _table(document, element) -> None:
    caption = element.find("caption")
    if caption is not None:
        title = _paragraph(document, _text(caption), font=HEADING_FONT, size=Pt(11), align=WD_ALIGN_PARAGRAPH.CENTER)
        title.paragraph_format.keep_with_next = True
    rows = [[_text(cell) for cell in row if cell.tag in ("th", "td")] for row in element.iter("tr")]
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _column_widths(len(table.columns))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads; the cells' widths are for Word
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.bold = r == 0
            _fonts(run, TABLE_FONT, TABLE_SIZE)
            # Caption, header and rows stay on one page, as the PDF keeps each table whole.
            cell.paragraphs[0].paragraph_format.keep_with_next = r < len(rows) - 1
            if c > 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if r else WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph()


def _column_widths(columns: int) -> list:
    """The label column takes what the figures leave (as in the PDF, where each figure column is 24%)."""
    if columns < 2:
        return [CONTENT_WIDTH] * columns
    figure = Mm(34)
    return [CONTENT_WIDTH - figure * (columns - 1)] + [figure] * (columns - 1)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("— "), BODY_FONT, Pt(14))
    _page_field(footer)
    _fonts(footer.add_run(" —"), BODY_FONT, Pt(14))


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice put the page's number there."""
    run = paragraph.add_run()
    _fonts(run, BODY_FONT, Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)


def _set_title(document, title: str) -> None:
    properties = document.core_properties
    properties.title = title
    properties.language = "zh-CN"
    properties.author = ""
