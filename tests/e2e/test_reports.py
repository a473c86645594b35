import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_leadership_generates_and_downloads_the_annual_report(page, world, celery_worker, tmp_path):
    login(page, "leader")
    page.click("text=年度报告")
    page.goto(page.base_url + "/reports/2020/")
    page.click("[data-testid=generate]")
    page.wait_for_selector("text=已开始生成第 1 版")
    # The versions table polls with htmx until the worker has finished.
    page.wait_for_selector("[data-testid=download-v1]", timeout=90_000)
    screenshot(page, "reports-detail")
    with page.expect_download() as info:
        page.click("[data-testid=download-v1]")
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert download.suggested_filename == "annual-report-2020-v1.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
    # The same version as Word, for the offices that revise it.
    with page.expect_download() as info:
        page.click("[data-testid=download-docx-v1]")
    assert info.value.suggested_filename == "annual-report-2020-v1.docx"
    docx_path = tmp_path / info.value.suggested_filename
    info.value.save_as(docx_path)
    assert docx_path.read_bytes()[:2] == b"PK"
    page.goto(page.base_url + "/reports/2020/preview/")
    page.wait_for_selector("[data-testid=report-preview]")
    screenshot(page, "reports-preview")
    page.goto(page.base_url + "/reports/dashboard/?year=2020")
    page.wait_for_selector("[data-testid=key-figures]")
    screenshot(page, "reports-dashboard")
