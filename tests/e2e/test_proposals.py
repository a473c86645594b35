"""A proposal's whole journey in the browser: draft → submit → co-sign → accept → answer → rate → register."""

import pytest

from apps.accounts.models import Role
from apps.proposals.models import Proposal
from tests.e2e.conftest import login, screenshot
from tests.factories import UserFactory
from tests.proposals.factories import CongressFactory, DelegateFactory, accepted_proposal

pytestmark = pytest.mark.e2e


def _logout(page):
    page.context.clear_cookies()


def test_a_proposal_travels_from_draft_to_rated_answer(page, world):
    congress = CongressFactory(name="第五届职代会第三次会议", required_cosigners=1)
    DelegateFactory(congress=congress, member=world.member_a)
    cosigner = UserFactory(username="daibiao", role=Role.STAFF, member__unit=world.unit_b, member__name="王代表")
    DelegateFactory(congress=congress, member=cosigner.member)
    accepted_proposal(title="关于提高教工食堂饭菜质量的建议", lead_unit=world.handler_unit)

    # A delegate writes and submits.
    login(page, "staff")
    page.goto(page.base_url + "/proposals/mine/")
    page.click("[data-testid=new-proposal]")
    page.select_option("select[name=category]", "logistics")
    page.fill("input[name=title]", "关于改善教工食堂饭菜质量的提案")
    # An earlier, similar proposal shows up while typing, so duplicates can be merged.
    page.wait_for_selector("[data-testid=similar-proposals] >> text=关于提高教工食堂饭菜质量的建议")
    page.fill("textarea[name=subject]", "教工食堂饭菜品种单一、价格偏高")
    page.fill("textarea[name=reasons]", "近两年菜品变化少，午餐高峰排队时间长。")
    page.fill("textarea[name=measures]", "每月更新菜谱并公示，增设教工窗口。")
    screenshot(page, "proposals-form")
    page.click("[data-testid=proposal-form] button[type=submit]")
    page.click("[data-testid=submit-proposal]")
    page.wait_for_selector("text=征集附议")
    _logout(page)

    # Another delegate co-signs.
    login(page, "daibiao")
    page.goto(page.base_url + "/proposals/mine/")
    page.click("[data-testid=to-cosign] >> text=关于改善教工食堂饭菜质量的提案")
    page.click("[data-testid=cosign]")
    page.wait_for_selector("text=您已附议这件提案")
    _logout(page)

    # The committee accepts and assigns 后勤管理处.
    login(page, "committee")
    page.goto(page.base_url + "/proposals/review/?status=submitted")
    page.click("[data-testid=review-table] >> text=关于改善教工食堂饭菜质量的提案")
    page.click("[data-testid=review]")
    page.check("input[name=decision][value=accept]")
    page.select_option("select[name=lead_unit]", label="后勤管理处")
    screenshot(page, "proposals-review")
    page.click("[data-testid=review-form] button[type=submit]")
    page.wait_for_selector("[data-testid=proposal-number]")
    _logout(page)

    # The handler answers.
    login(page, "handler")
    page.goto(page.base_url + "/proposals/assigned/")
    screenshot(page, "proposals-assigned")
    row = page.locator("[data-testid=assigned-table] tr", has_text="关于改善教工食堂饭菜质量的提案")
    row.get_by_role("link", name="答复").click()
    page.check("input[name=result][value=in_progress]")
    page.fill("textarea[name=text]", "已将增设教工窗口列入暑期改造计划。")
    page.click("[data-testid=answer-form] button[type=submit]")
    page.wait_for_selector("[data-testid=answers]")
    _logout(page)

    # The proposer rates; the register shows it.
    login(page, "staff")
    proposal = Proposal.objects.get(title="关于改善教工食堂饭菜质量的提案")
    page.goto(page.base_url + f"/proposals/{proposal.uuid}/")
    page.check("input[name=rating][value=satisfied]")
    page.click("[data-testid=rating-form] button[type=submit]")
    page.wait_for_selector("text=感谢您的评价")
    screenshot(page, "proposals-detail")
    page.goto(page.base_url + "/proposals/")
    row = page.locator("[data-testid=register-table] tr", has_text="关于改善教工食堂饭菜质量的提案")
    assert "已办结" in row.inner_text() and "满意" in row.inner_text()
    screenshot(page, "proposals-register")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED
    assert proposal.satisfaction == Proposal.Satisfaction.SATISFIED
