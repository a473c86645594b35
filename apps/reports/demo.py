"""The 2020 summary of the demo union: narrative in the seeds' spirit and one generated PDF ready to download.

Runs last in seed_demo (after every app has written its records). Idempotent: the narrative is written
only when the report is new, and the PDF is rendered synchronously only when no finished version exists.
"""

from datetime import date

from apps.accounts.models import Role, User
from apps.core.union import union_name
from apps.reports import selectors, services

YEAR = 2020

NARRATIVE = {
    "opening": (
        "<p>2020年是全面建成小康社会、打赢脱贫攻坚战的决胜之年，也是学校“十三五”规划圆满收官之年。"
        "在学校党委的正确领导下，{unit}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和"
        "十九届五中全会精神，围绕学校年度重点工作，服务发展大局、服务基层师生，本着“为教职工服务，让全校师生满意”"
        "的工作宗旨，统筹做好疫情防控与各项工会工作，努力为学校发展凝聚人心、形成合力。</p>"
    ),
    "activities_text": (
        "<p>工会围绕教职工教育文化提升、学校传统重大活动及健康体育素养活动，采取线上与线下相结合的方式，"
        "组织开展了一系列形式多样的群众性文体活动，加强了各学院教职工之间的交流，增强了教职工的职业归属感和主人翁意识。</p>"
    ),
    "welfare_text": (
        "<p>工会立足教职工实际需要，认真落实“五必访”制度，扎实做好生病住院、结婚生育、退休和困难职工的慰问工作，"
        "开展生日慰问和“夏送清凉”“冬送温暖”活动，切实把组织的关怀送到每一位教职工身边。</p>"
    ),
    "proposals_text": (
        "<p>工会积极参与学校民主管理，顺利召开教职工代表大会，认真做好代表提案的征集、立案、交办和督办工作，"
        "推进校务公开，维护教职工参与民主管理、民主监督的权利。</p>"
    ),
    "purchases_text": (
        "<p>2020年是市委、市政府实施新一轮帮扶工程的第四年。我校作为帮扶集团成员单位之一，以促进扶贫产品销售通畅、"
        "巩固脱贫成果为目标，工会结合学校福利政策，协同人力资源处、后勤管理处积极落实年度采购任务。</p>"
    ),
    "membership_text": (
        "<p>工会持续加强组织建设，及时做好新进教职工入会和会员信息维护工作，推动各分工会和工会小组发挥作用。</p>"
    ),
    "problems": (
        "<p><strong>一是工会组织建设有待进一步加强。</strong>各工会委员、分工会负责人日常工作较繁重，"
        "分工会作用发挥、自主组织活动等方面有待进一步提高。</p>"
        "<p><strong>二是工会活动安排应进一步优化调整。</strong>受疫情影响，部分计划活动未能按期开展，"
        "学校年会延期举办，疫情常态化后教职工活动的方式还需要更多办法。</p>"
        "<p><strong>三是教职工的人文关怀工作有待进一步提升。</strong>深入一线聆听教职工心声还有差距，"
        "困难教职工的帮扶工作还需加强。</p>"
    ),
    "plan": (
        "<ol><li>深入学习贯彻习近平新时代中国特色社会主义思想，坚定政治方向，凝聚奋进力量。</li>"
        "<li>坚持以教职工为中心，办好送温暖工程，及时慰问和帮助困难职工。</li>"
        "<li>做好职代会闭会期间提案的跟踪落实，进一步推进校务公开。</li>"
        "<li>优化文体活动安排，创新线上线下相结合的活动方式，推进分工会和俱乐部建设。</li>"
        "<li>继续落实消费扶贫任务，巩固拓展脱贫攻坚成果。</li></ol>"
    ),
}


def seed(out) -> None:
    officer = User.objects.filter(username="officer", role=Role.OFFICER).first()
    report = selectors.report_for_year(year=YEAR)
    if report is None:
        report = services.report_get_or_create(year=YEAR, by=officer)
        fields = {name: text.format(unit=union_name()) for name, text in NARRATIVE.items()}
        services.report_update(
            report=report,
            by=officer,
            title=f"{union_name()}{YEAR}年工作总结及{YEAR + 1}年工作计划",
            signing_date=date(YEAR + 1, 1, 22),
            **fields,
        )
        out.write(f"reports: wrote the {YEAR} narrative\n")
    if selectors.latest_done_version(report=report) is None:
        version = services.version_render_sync(report=report, by=officer)
        out.write(f"reports: rendered the {YEAR} summary (v{version.number}, {version.size:,} bytes)\n")
