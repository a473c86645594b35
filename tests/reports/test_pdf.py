"""The PDF read back: figures and Chinese text present, a CJK font embedded, no remote resource fetched."""

import subprocess

import pytest
from django.core.management import call_command

from apps.core.pdf import RefusedURL, SafeURLFetcher, html_to_pdf
from apps.reports import selectors, services
from apps.reports.document import freeze, snapshot
from tests.reports import year_fixture
from tests.reports.test_document import frozen_year

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pdf_fonts(content: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def pdf(world, officer) -> bytes:
    year_fixture.build(world, officer)
    return services.pdf_bytes(frozen_year())


def test_the_pdf_carries_the_figures_and_the_chinese_text(pdf, tmp_path):
    text = "".join(_pdf_text(pdf, tmp_path).split())  # pdftotext breaks lines and pads with spaces
    assert "示范大学工会委员会2020年工作总结" in text
    assert "全年计划开展各类活动7项，实际开展3项。" in text
    assert "全年为教职工送上生日祝福3人次" in text
    assert "共征集代表提案和意见2件" in text
    assert "5,900.00" in text
    assert "一、完成的主要工作" in text and "二、存在的问题" in text
    assert "2021年1月22日" in text
    assert "—1—" in text  # the page number at the foot


def test_the_pdf_embeds_a_cjk_font(pdf, tmp_path):
    fonts = _pdf_fonts(pdf, tmp_path)
    cjk = [line for line in fonts.splitlines() if "Noto-Serif-CJK-SC" in line or "Noto-Sans-CJK-SC" in line]
    assert any("Noto-Serif-CJK-SC" in line for line in cjk), fonts
    assert all(" yes " in line for line in cjk)  # embedded (emb column)


def test_the_pdf_is_a4(pdf, tmp_path):
    path = tmp_path / "a4.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_a_hostile_narrative_comes_out_harmless(world, tmp_path):
    report = services.report_get_or_create(year=2020)
    services.report_update(
        report=report,
        by=world.users["officer"],
        opening='<p>开篇文字</p><script>document.write("被注入")</script><img src="file:///etc/passwd">'
        '<img src="http://169.254.169.254/latest/meta-data/"><style>p{color:red}</style>',
    )
    frozen = snapshot(report=report, data=selectors.report_data(year=2020, strict=True))
    frozen["figures"] = freeze(frozen["figures"])
    content = services.pdf_bytes(frozen)
    text = _pdf_text(content, tmp_path)
    assert "开篇文字" in text and "被注入" not in text and "root:" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/static/css/portal.css",
        "http://169.254.169.254/latest/meta-data/",
        "http://portal.invalid/static/../../../etc/passwd",
        "http://portal.invalid/media/other/secret.pdf",
    ],
)
def test_the_url_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(url)


def test_the_url_fetcher_serves_our_static_files():
    response = SafeURLFetcher().fetch("http://portal.invalid/static/css/portal.css")
    assert b"portal-navbar" in (response.body if hasattr(response, "body") else response.read())


def test_weasyprint_renders_on_when_a_document_asks_for_a_forbidden_url(tmp_path):
    html = '<html><body><p>正文</p><img src="file:///etc/passwd"><img src="http://example.com/x.png"></body></html>'
    content = html_to_pdf(html)
    assert "正文" in _pdf_text(content, tmp_path)


def test_the_shell_command_renders_the_same_report(world, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("render_annual_report", year=2020, output=str(out))
    text = "".join(_pdf_text(out.read_bytes(), tmp_path).split())
    assert "示范大学工会委员会2020年工作总结" in text
    assert "工会共有会员8人" in text  # the world's members, counted from the records
