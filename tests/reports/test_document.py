"""The document from the apps' real figures on a fixture year: sentences, tables, charts, dates, narrative.

``tests/reports/year_fixture.py`` builds the year with the apps' own factories; the figures are read through
the registered report areas exactly as a freeze reads them, so a renamed field fails here.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from apps.activities.models import Activity
from apps.reports import selectors
from apps.reports.document import bar_chart, chinese_date, document_context, freeze, sanitise
from tests.activities.factories import ActivityFactory
from tests.reports import year_fixture

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": "示范大学工会委员会2020年工作总结",
    "signing_unit": "示范大学工会委员会",
    "signing_date": "2021-01-22",
    "include_plan": True,
    "opening": "<p>2020年是决胜之年。</p>",
    "problems": "<p>工会组织建设有待进一步加强。</p>",
    "plan": "<p>办好送温暖工程。</p>",
}


@pytest.fixture
def frozen(world, officer) -> dict:
    year_fixture.build(world, officer)
    return frozen_year()


def frozen_year(year: int = 2020, texts: dict = TEXTS) -> dict:
    return {"year": year, "texts": texts, "figures": freeze(selectors.report_data(year=year, strict=True))}


def render(frozen: dict, *, linked: bool = False, language: str = "zh-hans") -> str:
    with translation.override(language):
        return render_to_string("reports/pdf.html", document_context(frozen, linked=linked))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_activities_sentences_come_from_the_records(frozen):
    text = text_of(render(frozen))
    assert "全年计划开展各类活动7项，实际开展3项。" in text
    assert "其中，文化教育类2项、节日集体类1项。" in text
    assert "全年参与活动的教职工达335人次。" in text
    assert "由后勤管理处、人力资源处合作承办的中秋游园会（236人次参与）等系列活动获得教职工一致好评。" in text
    assert "各分工会开展活动情况：电子与电气工程学院分工会1项。" in text


def test_postponements_and_cancellations_are_grouped_by_their_recorded_causes(frozen):
    text = text_of(render(frozen))
    # "受疫情防控要求影响" and "疫情防控要求。" are one cause; the cancellation gives its own.
    assert "未能如期开展的活动中，因疫情防控要求延期2项、因场地原因取消1项。" in text
    assert "延期举办的活动有春季运动会、教职工年会。" in text


def test_no_cause_appears_that_no_record_gives(world, officer):
    year_fixture.build(world, officer)
    Activity.objects.filter(status__in=[Activity.Status.POSTPONED, Activity.Status.CANCELLED]).delete()
    text = text_of(render(frozen_year()))
    assert "疫情" not in text and "未能如期开展" not in text


def test_birthday_greetings_are_counted_once_and_named_the_same_way(frozen):
    text = text_of(render(frozen))
    # One birthday visit and two records of the October birthday distribution.
    assert "全年为教职工送上生日祝福3人次，其中走访慰问1人次，按月集中发放2人次。" in text
    assert "生日1人次" not in text  # the visit-type list leaves the birthday type to that sentence
    assert "其中生病住院2人次（2人，1,000.00元）。" in text
    assert "10月生日祝福" not in text  # the monthly distributions are summed up, not listed


def test_each_distribution_names_its_item_and_unit_value(frozen):
    text = text_of(render(frozen))
    assert "集中发放包括：中秋节福利，向3人发放月饼礼盒，每份168.00元，合计504.00元。" in text
    assert "全年集中发放5人次，金额合计804.00元。" in text


def test_rejected_mutual_aid_claims_are_reported(frozen):
    text = text_of(render(frozen))
    assert "全年共受理互助金申领2件，批准1件，不予批准1件；为1位符合条件的教职工发放互助金1,800.00元。" in text


def test_purchases_report_their_count_lines_suppliers_and_areas_by_name(frozen):
    text = text_of(render(frozen))
    assert "全年采购扶贫农产品2笔，明细3条，来自2家供应商，累计金额5,900.00元（约0.59万元）。" in text
    assert "向帮扶地区采购：安徽省金寨县3,800.00元、安徽省利辛县2,100.00元。" in text
    assert "各供应商采购金额：金寨茶业合作社3,800.00元、利辛粮油公司2,100.00元。" in text
    assert "各部门采购金额为：工会5,900.00元、后勤管理处2,100.00元。" in text


def test_the_number_of_branch_unions_and_units_is_printed(frozen):
    from apps.people.models import BranchUnion, Unit

    text = text_of(render(frozen))
    assert f"工会下设分工会{BranchUnion.objects.count()}个，覆盖单位{Unit.objects.count()}个。" in text


def test_proposals_sentences(frozen):
    text = text_of(render(frozen))
    assert "2020年召开第三届教代会第二次会议。" in text
    assert "共征集代表提案和意见2件，其中立案2件" in text
    assert "主办部门：后勤管理处2件。" in text


def test_last_year_shows_a_dash_for_a_year_without_records(frozen):
    context = document_context(frozen)
    for area in ("activities", "welfare", "proposals", "purchases"):
        assert {row["previous"] for row in context["areas"][area]["table"]} == {"—"}, area


def test_last_year_shows_zero_for_a_year_with_records_but_none_of_that_kind(world, officer):
    year_fixture.build(world, officer)
    ActivityFactory(title="2019年迎新晚会", start=year_fixture._at(date(2019, 12, 20)), status="held", year=2019)
    context = document_context(frozen_year())
    activities = {row["label"]: row["previous"] for row in context["areas"]["activities"]["table"]}
    welfare = {row["label"]: row["previous"] for row in context["areas"]["welfare"]["table"]}
    assert activities["实际开展活动（项）"] == "1"
    assert welfare["慰问人次"] == "0"  # 2019 has records (an activity), just no visits


def test_the_english_report_reads_as_whole_english_sentences(frozen):
    text = text_of(render(frozen, language="en"))
    sentences = [
        "The union planned 7 activities for the year and held 3.",
        "By category, the activities held were: 文化教育类 2, 节日集体类 1.",
        "Of the activities not held as planned, 2 were postponed because of 疫情防控要求, "
        "1 was cancelled because of 场地原因.",
        "Staff took part 335 times in the year's activities.",
        "Staff received 3 birthday greetings in the year: 1 in person and 2 in the monthly distributions.",
        "The distributions were: 中秋节福利: 月饼礼盒 worth 168.00 yuan each to 3 people, 504.00 yuan in all.",
        "The fund received 2 claims in the year, approved 1 and rejected 1; "
        "1 eligible members of staff were paid 1,800.00 yuan.",
        "Delegates submitted 2 proposals and opinions: 2 accepted, 0 not accepted, 0 turned into suggestions "
        "and 0 merged.",
        "The year had 2 purchases of poverty-alleviation products in 3 lines from 2 suppliers, 5,900.00 yuan in all",
        "Bought from the paired areas: 安徽省金寨县 3,800.00 yuan, 安徽省利辛县 2,100.00 yuan.",
    ]
    for sentence in sentences:
        assert sentence in text
    assert "项" not in text.replace("项目", "")  # no Chinese counter word glued into an English sentence


def test_tables_show_the_figures_of_the_records(frozen):
    context = document_context(frozen)
    activities = {row["label"]: row["current"] for row in context["areas"]["activities"]["table"]}
    assert (activities["实际开展活动（项）"], activities["实际支出（元）"]) == ("3", "7,650.00")
    purchases = {row["label"]: row["current"] for row in context["areas"]["purchases"]["table"]}
    assert (purchases["采购（笔）"], purchases["采购明细（条）"], purchases["供应商（家）"]) == ("2", "3", "2")


def test_headings_signing_unit_and_the_frozen_signing_date(frozen):
    text = text_of(render(frozen))
    assert "一、完成的主要工作" in text and "二、存在的问题" in text and "三、2021年工作计划" in text
    assert "示范大学工会委员会 2021年1月22日" in text


def test_plan_section_can_be_left_out(frozen):
    frozen["texts"] = {**TEXTS, "include_plan": False}
    assert "2021年工作计划" not in text_of(render(frozen))


def test_preview_links_every_figure_to_its_records(frozen):
    html = render(frozen, linked=True)
    assert 'href="/activities/list/?year=2020&amp;status=held"' in html
    assert 'href="/welfare/mutual-aid/claims/?year=2020"' in html


def test_a_year_with_no_data_says_so(world):
    text = text_of(render(frozen_year(2015)))
    assert "2015年暂无文体活动记录。" in text
    assert "2015年暂无提案记录。" in text
    assert "2015年暂无消费扶贫采购记录。" in text


def test_an_app_without_figures_is_marked_unavailable(frozen):
    del frozen["figures"]["proposals"]
    assert "（提案数据尚未接入。）" in text_of(render(frozen))


def test_charts_are_svg_drawn_on_the_server(frozen):
    html = render(frozen)
    assert html.count("<svg") == 4
    assert "<script" not in html


def test_bar_chart_scales_to_the_biggest_value():
    chart = bar_chart([("a", 10), ("b", 5)], width=440)
    assert chart["rows"][0]["width"] == 220 and chart["rows"][1]["width"] == 110
    assert bar_chart([("a", 0)]) is None and bar_chart([]) is None


def test_freeze_keeps_decimals_as_strings_and_dates_as_iso():
    frozen = freeze({"amount": Decimal("1.50"), "day": date(2020, 9, 30)})
    assert frozen == {"amount": "1.50", "day": "2020-09-30"}


def test_chinese_dates():
    assert chinese_date("2021-01-22") == "2021年1月22日"
    assert chinese_date(date(2021, 1, 22), numerals=True) == "二〇二一年一月二十二日"
    assert chinese_date(date(2020, 12, 8), numerals=True) == "二〇二〇年十二月八日"


def test_sanitise_keeps_paragraphs_lists_and_bold():
    assert sanitise("<p>一是<strong>加强</strong></p><ul><li>甲</li></ul>") == (
        "<p>一是<strong>加强</strong></p><ul><li>甲</li></ul>"
    )
    assert sanitise("第一段\n第二段") == "<p>第一段</p><p>第二段</p>"


def test_sanitise_removes_scripts_images_links_and_styles():
    dirty = (
        '<p onclick="x()">文字<script>alert(1)</script><img src="file:///etc/passwd">'
        '<img src="http://evil.example/x.png"><a href="http://evil.example">链接</a>'
        '<style>body{background:url(http://evil.example)}</style><iframe src="http://x"></iframe></p>'
    )
    clean = sanitise(dirty)
    assert clean == "<p>文字链接</p>"
