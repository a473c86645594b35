"""The pages: generate, poll, download, edit, preview and the dashboard, with bounded queries."""

import pytest
from django.urls import reverse

from apps.reports import services
from apps.reports.models import AnnualReport, ReportVersion
from tests.reports.factories import AnnualReportFactory, ReportVersionFactory, done_version

pytestmark = pytest.mark.django_db


def test_generate_queues_a_version_and_returns_at_once(client_for, leader):
    client = client_for(leader)
    response = client.post(reverse("reports:version_generate", kwargs={"year": 2020}))
    assert response.status_code == 302 and response.url == reverse("reports:report_detail", kwargs={"year": 2020})
    version = ReportVersion.objects.get()
    assert version.status == ReportVersion.Status.QUEUED and version.requested_by == leader


def test_generating_twice_while_one_is_queued_starts_one(client_for, officer):
    client = client_for(officer)
    url = reverse("reports:version_generate", kwargs={"year": 2020})
    client.post(url)
    response = client.post(url, follow=True)
    assert ReportVersion.objects.count() == 1
    assert "正在生成中" in response.content.decode()


def test_generate_needs_post(client_for, officer):
    response = client_for(officer).get(reverse("reports:version_generate", kwargs={"year": 2020}))
    assert response.status_code == 405


def test_the_versions_table_polls_only_while_a_version_is_active(client_for, officer):
    report = AnnualReportFactory()
    url = reverse("reports:version_table", kwargs={"year": 2020})
    done_version(report)
    assert "hx-trigger" not in client_for(officer).get(url).content.decode()
    ReportVersionFactory(report=report, status=ReportVersion.Status.RUNNING, error="")
    html = client_for(officer).get(url).content.decode()
    assert 'hx-trigger="every 2s"' in html and "生成中" in html


def test_a_failed_version_shows_its_error_and_a_retry_button(client_for, officer):
    version = ReportVersionFactory(report=AnnualReportFactory(), error="RenderError: 字体缺失")
    html = client_for(officer).get(reverse("reports:report_detail", kwargs={"year": 2020})).content.decode()
    assert "RenderError: 字体缺失" in html
    assert reverse("reports:version_retry", kwargs={"version_uuid": version.uuid}) in html


def test_leadership_downloads_a_finished_version(client_for, leader):
    version = done_version(AnnualReportFactory(), content=b"%PDF-1.7 the report")
    response = client_for(leader).get(reverse("reports:version_download", kwargs={"version_uuid": version.uuid}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 the report"
    assert "annual-report-2020-v1.pdf" in response["Content-Disposition"]


def test_staff_cannot_download(client_for, staff):
    version = done_version(AnnualReportFactory())
    response = client_for(staff).get(reverse("reports:version_download", kwargs={"version_uuid": version.uuid}))
    assert response.status_code == 403


def test_an_unfinished_version_cannot_be_downloaded(client_for, leader):
    version = ReportVersionFactory(report=AnnualReportFactory())
    response = client_for(leader).get(reverse("reports:version_download", kwargs={"version_uuid": version.uuid}))
    assert response.status_code == 404


def test_the_newest_done_version_is_marked(client_for, leader):
    report = AnnualReportFactory()
    done_version(report)
    newest = done_version(report)
    html = client_for(leader).get(reverse("reports:report_detail", kwargs={"year": 2020})).content.decode()
    assert html.count("最新") == 1
    assert f'data-testid="download-v{newest.number}"' in html


def test_officer_saves_the_narrative_sanitised(client_for, officer):
    data = {
        "title": "示范大学工会委员会2020年工作总结及2021年工作计划",
        "include_plan": "on",
        "signing_unit": "示范大学工会委员会",
        "signing_date": "2021-01-22",
        "opening": '<p>开篇</p><script>alert(1)</script><img src="file:///etc/passwd">',
        "problems": "问题一\n问题二",
    }
    response = client_for(officer).post(reverse("reports:report_edit", kwargs={"year": 2020}), data)
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2020)
    assert report.opening == "<p>开篇</p>"
    assert report.problems == "<p>问题一</p><p>问题二</p>"


def test_a_bad_form_is_shown_again_with_what_was_typed(client_for, officer):
    data = {"title": "", "signing_unit": "示范大学工会委员会", "signing_date": "2021-13-40", "opening": "我写的开篇"}
    response = client_for(officer).post(reverse("reports:report_edit", kwargs={"year": 2020}), data)
    html = response.content.decode()
    assert response.status_code == 200 and "我写的开篇" in html
    assert "is-invalid" in html
    assert not AnnualReport.objects.exists()


def test_leadership_cannot_edit_the_narrative(client_for, leader):
    response = client_for(leader).post(reverse("reports:report_edit", kwargs={"year": 2020}), {"title": "x"})
    assert response.status_code == 403


def test_an_absurd_year_is_not_found(client_for, officer):
    assert client_for(officer).get("/reports/1066/").status_code == 404


def test_preview_shows_the_document_with_linked_figures(client_for, officer, world):
    report = services.report_get_or_create(year=2020, by=officer)
    services.report_update(report=report, by=officer, opening='<p>开篇文字</p><img src="http://evil.example/x.png">')
    html = client_for(officer).get(reverse("reports:report_preview", kwargs={"year": 2020})).content.decode()
    assert "开篇文字" in html and "evil.example" not in html
    assert '<a class="fig" href="/members/">' in html
    assert "一、完成的主要工作" in html


def test_preview_of_a_year_without_a_report_writes_nothing(client_for, leader):
    response = client_for(leader).get(reverse("reports:report_preview", kwargs={"year": 2031}))
    assert response.status_code == 200 and not AnnualReport.objects.exists()
    assert "2031年暂无文体活动记录" in response.content.decode() or "数据" in response.content.decode()


def test_index_lists_thirty_reports_in_bounded_queries(client_for, officer, django_assert_max_num_queries):
    for year in range(1990 + 11, 1990 + 41):
        report = AnnualReportFactory(year=year)
        ReportVersionFactory(report=report)
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:index"))
    assert response.content.decode().count('<td class="fw-semibold">') == 30


def test_detail_with_thirty_versions_in_bounded_queries(client_for, officer, django_assert_max_num_queries):
    report = AnnualReportFactory()
    for _ in range(30):
        ReportVersionFactory(report=report, requested_by=officer)
    client = client_for(officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reports:report_detail", kwargs={"year": 2020}))
    assert response.content.decode().count('data-status="failed"') == 30


def test_index_opens_a_year(client_for, officer):
    response = client_for(officer).get(reverse("reports:index") + "?year=2020")
    assert response.status_code == 302 and response.url == "/reports/2020/"


def test_dashboard_shows_the_year_and_the_report_status(client_for, leader, django_assert_max_num_queries):
    done_version(AnnualReportFactory())
    client = client_for(leader)
    with django_assert_max_num_queries(100):  # mostly the four apps' report_figures, twice
        response = client.get(reverse("reports:dashboard") + "?year=2020")
    html = response.content.decode()
    assert "2020 年度数据看板" in html
    assert "vendor/chart.js/chart.umd.js" in html and 'id="dashboard-data"' in html
    assert "最新版本 v1" in html


def test_redis_unreachable_gives_a_clear_message(client_for, officer, django_capture_on_commit_callbacks, settings):
    from union_portal.celery import app

    def use_broker(url):
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    old = app.conf.broker_url
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(officer).post(reverse("reports:version_generate", kwargs={"year": 2020}))
    finally:
        use_broker(old)
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert version.status == ReportVersion.Status.FAILED
    assert "任务队列暂时不可用" in version.error
    page = client_for(officer).get(response.url).content.decode()
    assert "任务队列暂时不可用" in page


def test_the_edit_form_shows_stored_paragraphs_as_lines_and_saves_them_back(client_for, officer):
    report = services.report_get_or_create(year=2020, by=officer)
    services.report_update(report=report, by=officer, opening="<p>一是<strong>加强</strong></p><p>二是</p>")
    client = client_for(officer)
    form = client.get(reverse("reports:report_edit", kwargs={"year": 2020})).context["form"]
    assert form.initial["opening"] == "一是<strong>加强</strong>\n\n二是"
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["include_plan"] = "on"
    data["signing_date"] = ""
    client.post(reverse("reports:report_edit", kwargs={"year": 2020}), data)
    report.refresh_from_db()
    assert report.opening == "<p>一是<strong>加强</strong></p><p>二是</p>"


def test_preview_runs_a_bounded_number_of_queries(client_for, leader, django_assert_max_num_queries):
    client = client_for(leader)
    with django_assert_max_num_queries(100):  # mostly the four apps' report_figures, this year and last
        response = client.get(reverse("reports:report_preview", kwargs={"year": 2020}))
    assert response.status_code == 200
