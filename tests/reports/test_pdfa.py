"""The report PDF is PDF/A-2b and tagged: what an archive (GB/T 18894, DA/T 47) and a screen reader need.

Read back with pikepdf (XMP identification, output intent, structure tree, language, title) and pdffonts.
"""

import subprocess

import pikepdf
import pytest

from apps.reports import services
from tests.reports import year_fixture
from tests.reports.test_document import TEXTS, frozen_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_path(world, officer, tmp_path):
    year_fixture.build(world, officer)
    path = tmp_path / "report.pdf"
    path.write_bytes(services.pdf_bytes(frozen_year()))
    return path


def _structure_types(node, found: set, depth: int = 0) -> set:
    if depth > 60:
        return found
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.add(str(node.S))
        if "/K" in node:
            _structure_types(node.K, found, depth + 1)
    elif isinstance(node, pikepdf.Array):
        for child in node:
            _structure_types(child, found, depth + 1)
    return found


def test_the_pdf_identifies_itself_as_pdf_a_2b(pdf_path):
    with pikepdf.open(pdf_path) as pdf, pdf.open_metadata() as xmp:
        assert xmp.get("pdfaid:part") == "2"
        assert xmp.get("pdfaid:conformance") == "B"
        assert xmp.get("dc:title") == TEXTS["title"]


def test_the_pdf_has_an_srgb_output_intent(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFA1"
        assert "sRGB" in str(intent.OutputConditionIdentifier) or "sRGB" in str(intent.get("/Info", ""))
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3  # an RGB ICC profile is embedded
        assert b"sRGB" in profile.read_bytes()[:400] or b"sRGB" in profile.read_bytes()


def test_the_pdf_is_tagged_with_headings_and_tables(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        types = _structure_types(pdf.Root.StructTreeRoot, set())
    assert {"/H1", "/H2", "/H3"} <= types
    assert {"/Table", "/TR", "/TH", "/TD"} <= types
    assert "/P" in types


def test_the_pdf_says_its_language_and_title(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"
        assert str(pdf.docinfo.Title) == TEXTS["title"]


def test_every_font_is_embedded(pdf_path):
    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    for row in rows:
        # columns: name type encoding emb sub uni object ID; "emb" is the fourth from the end
        assert row.split()[-5] == "yes", row
