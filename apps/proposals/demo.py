"""Demo proposals for seed_demo: the 2020 and 2021 sessions of the 5th staff congress.

2020 (seed 003): 11 proposals and opinions collected by June, 9 accepted and in process, one not accepted and
one turned into a suggestion. 2021: answered and rated proposals (satisfied, basically satisfied, one
unsatisfied and sent back), and one answer waiting for the demo user ``staff`` to rate it.
Idempotent: a congress that already has proposals is left alone.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.models import User
from apps.people.models import BranchUnion, Member, Unit
from apps.proposals.models import Answer, Assignment, Category, Congress, Cosignature, Delegate, Delegation, Proposal

SHANGHAI = ZoneInfo("Asia/Shanghai")
Status, Result, Satisfaction = Proposal.Status, Proposal.Result, Proposal.Satisfaction
DELEGATES_PER_BRANCH = 4

CONGRESSES = [
    {
        "name": "第五届职代会第一次会议",
        "term": 5,
        "session": 1,
        "starts_on": date(2020, 1, 8),
        "ends_on": date(2020, 1, 9),
        "submission_opens": date(2020, 1, 8),
        "submission_closes": date(2020, 6, 5),
        "required_cosigners": 2,
        "answer_days": 90,
    },
    {
        "name": "第五届职代会第二次会议",
        "term": 5,
        "session": 2,
        "starts_on": date(2021, 1, 13),
        "ends_on": date(2021, 1, 14),
        "submission_opens": date(2020, 12, 1),
        "submission_closes": date(2021, 3, 31),
        "required_cosigners": 2,
        "answer_days": 60,
    },
]

# (category, title, 案由, 理由, 建议, decision, lead, helpers, answers)
# decision: "accept", "reject:<reason>", "suggestion:<reason>", "merge:<title>"
# answers: list of (result, text, rating, comment); the last one may be unrated
PROPOSALS_2020 = [
    (
        Category.LOGISTICS,
        "关于改善教工食堂饭菜质量的提案",
        "教工食堂饭菜品种单一、价格偏高，教职工意见较多。",
        "近两年教工食堂菜品变化少，午餐高峰排队时间长，部分菜价高于周边高校。",
        "一、每月更新菜谱并公示；二、增设教工专用窗口；三、建立师生膳食委员会定期评议。",
        "accept",
        "后勤管理处",
        ["资产处"],
        [(Result.PLANNED, "已将增设教工窗口列入暑期改造计划，菜谱每月公示已落实。", "basically_satisfied", "")],
    ),
    (
        Category.CAMPUS,
        "关于增加校园停车位的建议",
        "校园内停车难，车辆乱停乱放，影响消防通道。",
        "教职工私家车逐年增多，现有车位约 600 个，早高峰时段明显不足。",
        "利用北区空地建设立体停车场，规范划线，并在消防通道设置禁停标志。",
        "accept",
        "保卫处",
        ["后勤管理处", "资产处"],
        [(Result.IN_PROGRESS, "北区临时停车场已完成设计，正在招标；消防通道禁停标志已设置。", "", "")],
    ),
    (
        Category.PERSONNEL,
        "关于提高青年教师住房补贴的提案",
        "青年教师住房压力大，现行住房补贴标准多年未调整。",
        "现行补贴标准制定于 2012 年，与目前租房价格差距较大，影响青年教师队伍稳定。",
        "参照同类院校标准，适当提高青年教师住房补贴，并建立定期调整机制。",
        "accept",
        "人力资源处",
        ["资产处"],
        [(Result.PLANNED, "已纳入学校福利管理办法修订内容，提交职代会联席会议审议。", "satisfied", "")],
    ),
    (
        Category.TEACHING,
        "关于减轻教师非教学事务负担的提案",
        "各类报表、检查材料重复填报，占用教师大量时间。",
        "同一数据在教务、科研、人事等系统中多次填报，格式不一。",
        "建立统一的数据填报平台，一次填报、多方共享；精简不必要的检查。",
        "accept",
        "教务处",
        ["人力资源处"],
        [(Result.IN_PROGRESS, "教学管理数据平台已完成需求调研，预计下学期试运行。", "", "")],
    ),
    (
        Category.WELFARE,
        "关于完善教职工体检项目的建议",
        "年度体检项目偏少，未能覆盖常见慢性病筛查。",
        "教职工年龄结构老化，心脑血管等慢性病风险上升。",
        "增加颈动脉彩超、肿瘤标志物等项目，并允许按年龄段自选套餐。",
        "accept",
        "人力资源处",
        ["后勤管理处"],
        [(Result.PLANNED, "已与体检机构商定自选套餐方案，2021 年起实行。", "basically_satisfied", "")],
    ),
    (
        Category.LOGISTICS,
        "关于教工宿舍区热水供应时间的提案",
        "教工宿舍区热水供应时间短，冬季使用不便。",
        "目前每天仅晚间供应三小时热水，不能满足教职工需要。",
        "延长供应时间至早晚各三小时，逐步改造为全天供应。",
        "accept",
        "后勤管理处",
        [],
        [],
    ),
    (
        Category.CAMPUS,
        "关于加强校园夜间照明与安全巡逻的建议",
        "校园部分道路夜间照明不足，存在安全隐患。",
        "图书馆至教工宿舍一段道路路灯损坏较多，晚归教职工反映强烈。",
        "尽快维修更换路灯，增加夜间巡逻频次，在重点路段加装监控。",
        "accept",
        "保卫处",
        ["后勤管理处"],
        [],
    ),
    (
        Category.GOVERNANCE,
        "关于完善二级学院教代会制度的提案",
        "部分二级学院未按要求召开教代会，民主管理落实不到位。",
        "学院层面涉及教职工利益的事项缺少民主程序。",
        "制定二级学院教代会实施细则，每年至少召开一次，并纳入考核。",
        "accept",
        "人力资源处",
        ["教务处"],
        [],
    ),
    (
        Category.TEACHING,
        "关于优化招生宣传工作中教师参与机制的建议",
        "教师参与招生宣传的工作量未得到认定。",
        "每年大量教师参与招生宣传，但工作量认定和补贴标准不明确。",
        "明确教师参与招生宣传的工作量认定办法和补贴标准。",
        "accept",
        "招生就业处",
        ["人力资源处"],
        [(Result.IN_PROGRESS, "已起草招生宣传工作量认定办法，征求各学院意见中。", "", "")],
    ),
    (
        Category.WELFARE,
        "关于个人职称评审材料退还的意见",
        "本人职称评审材料至今未退还。",
        "评审结束已三个月，原件仍未退还。",
        "请尽快退还原件。",
        "reject:属于个人具体事务，已转人力资源处直接办理，不作为提案立案。",
        None,
        [],
        [],
    ),
    (
        Category.OTHER,
        "关于丰富教职工业余文体活动的建议",
        "教职工业余文体活动形式较少。",
        "疫情期间线下活动减少，教职工交流机会不多。",
        "增加线上文体活动，恢复兴趣小组常规活动。",
        "suggestion:转工会作为意见建议，在年度活动计划中统筹考虑。",
        None,
        [],
        [],
    ),
]

PROPOSALS_2021 = [
    (
        Category.LOGISTICS,
        "关于校园快递收发点设置的提案",
        "校园快递点分散，取件排队时间长。",
        "目前快递点设在校外，教职工取件不便。",
        "在校内统一设置快递服务站，并延长服务时间。",
        "accept",
        "后勤管理处",
        ["保卫处"],
        [(Result.SOLVED, "校内快递服务站已于 2021 年 5 月启用，服务时间延长至晚 8 点。", "satisfied", "")],
    ),
    (
        Category.PERSONNEL,
        "关于完善教职工年度考核办法的提案",
        "年度考核指标不够细化，结果区分度不高。",
        "现行考核办法对教学科研以外的工作体现不足。",
        "分类制定考核指标，增加服务育人等方面的考核内容。",
        "accept",
        "人力资源处",
        [],
        [(Result.SOLVED, "新的分类考核办法已经职代会联席会议审议通过并实施。", "satisfied", "")],
    ),
    (
        Category.CAMPUS,
        "关于增设教学楼电梯的建议",
        "老教学楼无电梯，年长教师上下楼不便。",
        "一号、二号教学楼均为六层，无电梯。",
        "对老教学楼进行加装电梯改造。",
        "accept",
        "资产处",
        ["后勤管理处"],
        [(Result.IN_PROGRESS, "一号教学楼加装电梯已完成立项，计划暑期施工。", "basically_satisfied", "")],
    ),
    (
        Category.LOGISTICS,
        "关于教工食堂延长晚餐供应时间的提案",
        "教工食堂晚餐结束过早，晚课教师无法就餐。",
        "晚餐 18:30 结束，晚课教师 20:30 下课后无处就餐。",
        "延长晚餐供应至 21:00，或提供预订留餐服务。",
        "accept",
        "后勤管理处",
        [],
        [
            (
                Result.PLANNED,
                "已列入下学期食堂运营调整计划。",
                "unsatisfied",
                "晚课教师每天都面临这个问题，希望本学期内解决。",
            ),
        ],
    ),
    (
        Category.TEACHING,
        "关于改善实验室设备维护的提案",
        "部分实验室设备老化，维修周期长。",
        "设备报修后平均等待两周以上，影响实验教学。",
        "建立设备维护快速响应机制，每年安排专项更新经费。",
        "accept",
        "资产处",
        ["教务处"],
        [(Result.CANNOT, "受年度预算限制，专项更新经费暂无法安排。", "", "")],
    ),
    (
        Category.WELFARE,
        "关于为教职工子女提供暑期托管服务的提案",
        "暑期双职工家庭子女无人照看。",
        "学校教职工中双职工家庭较多，暑期托管需求大。",
        "利用校内场地开办暑期托管班，由工会协调组织。",
        "accept",
        "后勤管理处",
        ["招生就业处"],
        [(Result.SOLVED, "2021 年暑期托管班已开办，共接收教职工子女 86 人。", "", "")],
    ),
    (
        Category.LOGISTICS,
        "关于教工食堂晚餐时间的建议",
        "晚课教师就餐难。",
        "晚餐供应时间短。",
        "延长晚餐供应时间。",
        "merge:关于教工食堂延长晚餐供应时间的提案",
        None,
        [],
        [],
    ),
]


def open_congress() -> dict:
    """A session collecting proposals now, so that demo delegates can submit and co-sign in the browser.

    Its dates are set from the day the demo is first seeded and kept afterwards.
    """
    today = timezone.localdate()
    return {
        "name": "第五届职代会第三次会议",
        "term": 5,
        "session": 3,
        "starts_on": today + timedelta(days=30),
        "ends_on": today + timedelta(days=31),
        "submission_opens": today - timedelta(days=14),
        "submission_closes": today + timedelta(days=21),
        "required_cosigners": 2,
        "answer_days": 60,
    }


def seed(out) -> None:
    handler = User.objects.filter(username="handler").first()
    staff = User.objects.filter(username="staff").first()
    totals = []
    sessions = zip([*CONGRESSES, open_congress()], (PROPOSALS_2020, PROPOSALS_2021, []), strict=True)
    for spec, proposals in sessions:
        congress, _created = Congress.objects.get_or_create(name=spec["name"], defaults=spec)
        delegates = _seed_delegates(congress, staff)
        if proposals and not congress.proposals.exists():
            _seed_proposals(congress, proposals, delegates, handler, staff)
        totals.append(f"{congress.name} {congress.proposals.count()} 件")
    out.write("proposals: " + "，".join(totals))


def _seed_delegates(congress: Congress, staff: User | None) -> list[Delegate]:
    """Four delegates from each branch union's active members, in a delegation named after the branch."""
    for order, branch in enumerate(BranchUnion.objects.exclude(name="离退休分工会").order_by("sort_order")):
        delegation, _created = Delegation.objects.get_or_create(
            congress=congress, name=branch.name.replace("分工会", "代表团"), defaults={"sort_order": order}
        )
        members = Member.objects.filter(branch=branch, status=Member.Status.ACTIVE).order_by("employee_no")
        for member in members[:DELEGATES_PER_BRANCH]:
            Delegate.objects.get_or_create(congress=congress, member=member, defaults={"delegation": delegation})
    if staff is not None and staff.member_id:
        delegation = Delegation.objects.filter(congress=congress, name__startswith=staff.member.branch.name[:4]).first()
        Delegate.objects.get_or_create(congress=congress, member=staff.member, defaults={"delegation": delegation})
    return list(congress.delegates.exclude(member__account__isnull=False).order_by("member__employee_no"))


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _seed_proposals(congress, specs, delegates, handler, staff) -> None:
    units = {unit.name: unit for unit in Unit.objects.all()}
    year = congress.year
    submitted = _moment(congress.submission_opens)
    by_title: dict[str, Proposal] = {}
    seq = 0
    for index, (category, title, subject, reasons, measures, decision, lead, helpers, answers) in enumerate(specs):
        proposer = delegates[(index * 3) % len(delegates)]
        # The demo user ``staff`` wrote the 2021 proposal still waiting for a rating.
        waiting_for_rating = year == 2021 and answers and not answers[-1][2]
        if waiting_for_rating and staff is not None and staff.member_id:
            proposer = congress.delegates.get(member=staff.member)
        proposal = Proposal(
            congress=congress,
            proposer=proposer,
            category=category,
            title=title,
            subject=subject,
            reasons=reasons,
            measures=measures,
            status=Status.SUBMITTED,
            submitted_at=submitted,
            reviewed_at=_moment(congress.submission_closes, 15),
        )
        kind, _sep, detail = decision.partition(":")
        if kind == "accept":
            seq += 1
            proposal.status = Status.ACCEPTED
            proposal.number_year, proposal.number_seq = year, seq
            proposal.due_on = date(year, 9, 30) if year == 2020 else date(year, 6, 30)
        elif kind == "reject":
            proposal.status, proposal.decision_reason = Status.NOT_ACCEPTED, detail
        elif kind == "suggestion":
            proposal.status, proposal.decision_reason = Status.SUGGESTION, detail
        else:
            proposal.status, proposal.merged_into = Status.MERGED, by_title[detail]
            proposal.decision_reason = "内容与同类提案相同，合并办理。"
        proposal.full_clean()
        proposal.save()
        by_title[title] = proposal
        _seed_cosigners(proposal, delegates, index)
        if kind == "accept":
            Assignment.objects.create(proposal=proposal, unit=units[lead], role=Assignment.Role.LEAD)
            for name in helpers:
                Assignment.objects.create(proposal=proposal, unit=units[name], role=Assignment.Role.HELPER)
            _seed_answers(proposal, answers, units[lead], handler)


def _seed_cosigners(proposal: Proposal, delegates: list[Delegate], index: int) -> None:
    others = [d for d in delegates if d.pk != proposal.proposer_id]
    for offset in range(2 + index % 2):
        Cosignature.objects.get_or_create(proposal=proposal, delegate=others[(index * 5 + offset * 7) % len(others)])


def _seed_answers(proposal: Proposal, answers: list, lead: Unit, handler: User | None) -> None:
    day = proposal.due_on.replace(day=1)
    for round_number, (result, text, rating, comment) in enumerate(answers):
        answer = Answer(
            proposal=proposal,
            unit=lead,
            is_lead=True,
            result=result,
            text=text,
            reason="本年度预算已全部下达，将在下一年度预算中统筹考虑。" if result == Result.CANNOT else "",
            answered_by=handler if handler and handler.unit_id == lead.pk else None,
            answered_at=_moment(day.replace(day=10 + round_number * 5)),
            rating=rating,
            rating_comment=comment,
            rated_at=_moment(day.replace(day=12 + round_number * 5)) if rating else None,
        )
        answer.full_clean()
        answer.save()
        proposal.result = result
        proposal.satisfaction = rating
        if not rating:
            proposal.status = Status.ANSWERED
        elif rating == Satisfaction.UNSATISFIED:
            proposal.status = Status.ACCEPTED  # sent back to the department
        else:
            proposal.status = Status.CLOSED
        proposal.full_clean()
        proposal.save()
