"""The mapping from figures to the document: sentences, tables, charts, dates and sanitised narrative."""

from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string

from apps.reports.document import bar_chart, chinese_date, document_context, freeze, sanitise

MEMBERSHIP = {
    "members": 1016,
    "members_last_year": 993,
    "joined": 45,
    "joined_last_year": 101,
    "left": 22,
    "left_last_year": 4,
    "active": 1008,
    "retired": 8,
    "female": 498,
    "mutual_aid_members": 456,
    "mutual_aid_joined": 36,
    "year": 2020,
    "links": {"members": "/members/"},
}
# Hand-made figures in the shape of docs/report-figures.md, with seed 000's and seed 003's numbers.
FIGURES = {
    "year": 2020,
    "membership": MEMBERSHIP,
    "activities": {
        "current": {
            "planned": 20,
            "held": 15,
            "postponed": 1,
            "cancelled": 4,
            "participants": 1830,
            "budget": Decimal("120000.00"),
            "cost": Decimal("98500.50"),
            "by_category": [
                {"category": "文化教育类", "planned": 9, "held": 7},
                {"category": "节日集体类", "planned": 5, "held": 5},
                {"category": "体育培训及竞赛类", "planned": 4, "held": 1},
                {"category": "职工关怀慰问类", "planned": 2, "held": 2},
            ],
            "notable": [
                {
                    "title": "中秋节活动",
                    "host_units": ["后勤管理处", "招生就业处"],
                    "organising_branch": None,
                    "date": date(2020, 9, 30),
                    "participants": 300,
                },
                {
                    "title": "教职工运动会",
                    "host_units": [],
                    "organising_branch": "通识教育与外国语学院分工会",
                    "date": date(2020, 11, 5),
                    "participants": 500,
                },
            ],
            "postponed_titles": ["2021年年会"],
            "links": {"held": "/activities/list/?year=2020&status=held"},
        },
        "previous": {"planned": 18, "held": 17, "participants": 2000, "links": {}},
    },
    "welfare": {
        "current": {
            "visits_by_type": [
                {"type": "生病住院", "code": "illness", "count": 12, "people": 12, "amount": Decimal("6000.00")},
                {"type": "结婚", "code": "marriage", "count": 0, "people": 0, "amount": Decimal("0.00")},
                {"type": "生育", "code": "childbirth", "count": 18, "people": 18, "amount": Decimal("9000.00")},
            ],
            "visits_total": {"count": 30, "people": 30, "amount": Decimal("15000.00")},
            "hardship_visits": 4,
            "life_event_visits": 30,
            "distributions": [
                {
                    "title": "中秋节福利",
                    "kind": "festival",
                    "date": date(2020, 9, 25),
                    "recipients": 1008,
                    "amount": Decimal("201600.00"),
                }
            ],
            "birthday_greetings": 411,
            "seasonal_items": 1050,
            "festival_gift_packs": 2,
            "distribution_amount": Decimal("201600.00"),
            "mutual_aid": {
                "new_members": 36,
                "members": 456,
                "claims_submitted": 9,
                "claims_approved": 7,
                "claims_rejected": 2,
                "claims_paid": 7,
                "paid_amount": Decimal("21000.00"),
            },
            "five_must_visit": {"events": 40, "visited": 38},
            "links": {},
        },
        "previous": None,
    },
    "proposals": {
        "current": {
            "congresses": ["第五届职代会第一次会议"],
            "collected": 11,
            "accepted": 9,
            "not_accepted": 1,
            "suggestions": 1,
            "merged": 0,
            "in_process": 9,
            "answered": 0,
            "solved": 0,
            "overdue": 0,
            "by_result": [{"result": "正在解决", "count": 9}],
            "satisfaction": {"satisfied": 0, "basically_satisfied": 0, "unsatisfied": 0},
            "links": {},
        },
        "previous": {"collected": 8},
    },
    "purchases": {
        "current": {
            "task_amount": Decimal("400000.00"),
            "total": Decimal("452300.00"),
            "percent": Decimal("113.1"),
            "by_department": [
                {"name": "工会", "amount": Decimal("300000.00")},
                {"name": "后勤管理处", "amount": Decimal("152300.00")},
            ],
            "gift_packs": [
                {"title": "春节扶贫礼包", "date": date(2020, 1, 15), "recipients": 1008, "amount": Decimal("200000.00")}
            ],
            "gift_pack_count": 2,
            "monthly_cumulative": [Decimal("200000.00")] * 8 + [Decimal("452300.00")] * 4,
            "links": {"total": "/purchases/?year=2020"},
        },
        "previous": {"total": Decimal("0.00")},
    },
}
TEXTS = {
    "title": "示范大学工会委员会2020年工作总结",
    "signing_unit": "示范大学工会委员会",
    "signing_date": "2021-01-22",
    "include_plan": True,
    "opening": "<p>2020年是决胜之年。</p>",
    "problems": "<p>工会组织建设有待进一步加强。</p>",
    "plan": "<p>办好送温暖工程。</p>",
}


def _render(figures=FIGURES, texts=TEXTS, linked=False) -> str:
    frozen = {"year": 2020, "texts": texts, "figures": freeze(figures)}
    return render_to_string("reports/pdf.html", document_context(frozen, linked=linked))


def _text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html)


def test_activities_sentence_reads_like_seed_000():
    text = _text(_render())
    assert "全年计划开展各类活动20项，受疫情等因素影响，实际开展15项。" in text
    assert "其中，文化教育类7项，节日集体类5项，体育培训及竞赛类1项，职工关怀慰问类2项。" in text
    assert (
        "由后勤管理处和招生就业处合作承办的中秋节活动、通识教育与外国语学院分工会承办的教职工运动会等系列活动" in text
    )
    assert "2021年年会延期举办" in text
    assert "（2019年开展17项）" in text


def test_welfare_sentences_read_like_seed_003():
    text = _text(_render())
    assert "共计慰问困难职工4名，生病、结婚、孕期、生育教职工30名，生日慰问411人" in text
    assert "发放慰问用品1,050份" in text
    assert "2020年有36位教职工新加入互助会" in text
    assert "为7位符合条件的教职工办理了互助金发放" in text
    assert "生病住院12人次（6,000.00元）、生育18人次（9,000.00元）" in text  # the zero type is left out
    assert "全年累计发放2次全体教职工节日福利" in text


def test_proposals_purchases_and_membership_sentences():
    text = _text(_render())
    assert "2020年召开第五届职代会第一次会议，共征集代表提案和意见11件，其中立案9件" in text
    assert "正在办理9件" in text
    assert "全年累计采购扶贫农产品452,300.00元（约45.23万元），完成年度任务的113.1%" in text
    assert "工会协同后勤管理处积极落实采购任务" in text  # the union is the subject, not its own partner
    assert "截至2020年末，工会共有会员1,016人（2019年末993人），其中在职1,008人" in text


def test_tables_show_last_year_beside_this_year():
    context = document_context({"year": 2020, "texts": TEXTS, "figures": freeze(FIGURES)})
    rows = {row["label"]: row for row in context["areas"]["activities"]["table"]}
    assert rows["实际开展活动（项）"]["current"] == "15"
    assert rows["实际开展活动（项）"]["previous"] == "17"
    assert rows["实际支出（元）"]["current"] == "98,500.50"
    members = {row["label"]: row for row in context["areas"]["membership"]["table"]}
    assert (members["年末会员（人）"]["current"], members["年末会员（人）"]["previous"]) == ("1,016", "993")


def test_headings_signing_unit_and_chinese_date():
    html = _render()
    assert "一、完成的主要工作" in html and "二、存在的问题" in html and "三、2021年工作计划" in html
    assert "2021年1月22日" in html and "示范大学工会委员会" in html


def test_plan_section_can_be_left_out():
    html = _render(texts={**TEXTS, "include_plan": False})
    assert "2021年工作计划" not in html


def test_preview_links_every_figure_to_its_records():
    html = _render(linked=True)
    assert '<a class="fig" href="/activities/list/?year=2020&amp;status=held">15</a>' in html
    assert 'href="/members/"' in html
    assert '<a class="fig"' not in _render(linked=False)


def test_a_year_with_no_data_says_so():
    empty = {
        "year": 2031,
        "membership": {**{key: 0 for key in MEMBERSHIP if key != "links"}, "links": {}},
        "activities": {"current": {"planned": 0, "held": 0, "by_category": [], "links": {}}, "previous": None},
        "welfare": {"current": {"visits_total": {"count": 0}, "distributions": [], "mutual_aid": {}}, "previous": None},
        "proposals": {"current": {"collected": 0}, "previous": None},
        "purchases": {"current": {"total": "0.00", "task_amount": None}, "previous": None},
    }
    text = _text(_render(figures=empty, texts={**TEXTS, "problems": "", "plan": ""}))
    assert "2020年暂无文体活动记录" in text
    assert "暂无慰问与福利记录" in text and "暂无提案记录" in text and "暂无消费扶贫采购记录" in text


def test_an_app_without_figures_is_marked_unavailable():
    figures = {**FIGURES, "proposals": {"current": None, "previous": None, "error": "ValueError: x"}}
    assert "提案数据读取出错" in _text(_render(figures=figures))


def test_charts_are_svg_drawn_on_the_server():
    html = _render()
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


def test_monthly_birthday_greetings_are_summed_up_not_listed():
    welfare = dict(FIGURES["welfare"]["current"])
    welfare["distributions"] = [
        *welfare["distributions"],
        {"title": "2020年9月生日慰问", "kind": "生日慰问", "date": date(2020, 9, 1), "recipients": 73, "amount": 0},
    ]
    text = _text(_render(figures={**FIGURES, "welfare": {"current": welfare, "previous": None}}))
    assert "集中发放包括中秋节福利（1,008人）" in text
    assert "2020年9月生日慰问" not in text and "生日慰问411人" in text


def test_last_year_shows_a_dash_when_the_portal_has_no_records_for_it():
    figures = freeze(FIGURES)
    figures["activities"]["previous"] = {key: 0 for key in ("planned", "held", "postponed", "cancelled")}
    context = document_context({"year": 2020, "texts": TEXTS, "figures": figures})
    rows = {row["label"]: row for row in context["areas"]["activities"]["table"]}
    assert rows["实际开展活动（项）"]["previous"] == "—"
