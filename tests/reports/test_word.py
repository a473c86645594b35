"""The .docx of a version: GB/T 9704 fonts, headings, tables, page numbers, signature; through LibreOffice to PDF.

The LibreOffice test converts the .docx headless and checks with pdftotext that every sentence and every
table row of the version (as the PDF prints them) is in what Word/WPS users will open.
"""

import re
import subprocess

import docx
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from apps.reports import word
from apps.reports.document import document_context
from tests.reports import year_fixture
from tests.reports.factories import AnnualReportFactory, done_version
from tests.reports.test_document import TEXTS, frozen_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(world, officer) -> dict:
    year_fixture.build(world, officer)
    return frozen_year()


@pytest.fixture
def docx_path(frozen, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(word.docx_bytes(frozen))
    return path


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_docx_has_the_title_headings_and_signature(docx_path):
    document = docx.Document(str(docx_path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TEXTS["title"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "一、完成的主要工作" in headings and "（一）开展文体活动，丰富教职工文化生活" in headings
    assert "二、存在的问题" in headings and "三、2021年工作计划" in headings
    assert texts[-2:] == [TEXTS["signing_unit"], "2021年1月22日"]
    assert document.core_properties.title == TEXTS["title"]


def test_the_docx_uses_the_official_document_fonts(docx_path):
    document = docx.Document(str(docx_path))
    east_asian = {
        run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        for p in document.paragraphs
        for run in p.runs
    }
    assert {"仿宋", "黑体", "方正小标宋简体"} <= east_asian


def test_the_docx_has_the_tables_and_a_page_number_field(docx_path):
    document = docx.Document(str(docx_path))
    assert len(document.tables) == 5
    first = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert first[0] == ["项目", "2020年", "2019年"]
    assert ["实际开展活动（项）", "3", "—"] in first
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def _pdftotext(pdf, *options) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_libreoffice_opens_the_docx_with_every_figure_of_the_version(frozen, docx_path, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "report.pdf"
    text = _squeeze(_pdftotext(pdf))
    layout = _squeeze(_pdftotext(pdf, "-layout"))  # table rows stay on their line
    context = document_context(frozen)
    html = render_to_string("reports/_document.html", context)
    body = " ".join(re.sub(r"<(svg|figure|table)[^>]*>.*?</\1>", "", html, flags=re.S).split())
    sentences = [s for s in _squeeze(re.sub(r"<[^>]+>", "", body)).split("。") if s]
    # Read in layout order (a table's cells are not read into the sentence beside them); dashes are left out
    # so that a page number ("—3—") between two lines of a sentence does not split it.
    flowing = re.sub(r"—\d+—", "", layout).replace("—", "")
    missing = [s for s in sentences if s.replace("—", "") not in flowing]
    assert not missing
    for area in context["areas"].values():
        for row in area["table"]:
            assert _squeeze(f"{row['label']}{row['current']}{row['previous']}") in layout, row
    assert "—1—" in text  # the page number field, filled by LibreOffice


def test_leadership_downloads_the_docx_of_a_done_version(client_for, leader):
    version = done_version(AnnualReportFactory(year=2019))
    response = client_for(leader).get(reverse("reports:version_docx", kwargs={"version_uuid": version.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == word.CONTENT_TYPE
    assert 'filename="annual-report-2019-v' in response["Content-Disposition"]
    assert response.content[:2] == b"PK"
