"""The similar-proposal search: real pairs place its threshold, it uses the trigram index, it shows only
what the user may open, best first, with the shared words marked."""

import pytest
from django.db import connection
from django.urls import reverse

from apps.proposals import selectors
from apps.proposals.models import Proposal
from tests.proposals.factories import CongressFactory, ProposalFactory, accepted_proposal

Status = Proposal.Status

# The demo's proposals (title, 案由), as stored.
DEMO = [
    ("关于改善教工食堂饭菜质量的提案", "教工食堂饭菜品种单一、价格偏高，教职工意见较多。"),
    ("关于增加校园停车位的建议", "校园内停车难，车辆乱停乱放，影响消防通道。"),
    ("关于提高青年教师住房补贴的提案", "青年教师住房压力大，现行住房补贴标准多年未调整。"),
    ("关于完善教职工体检项目的建议", "年度体检项目偏少，未能覆盖常见慢性病筛查。"),
    ("关于完善教职工年度考核办法的提案", "年度考核指标不够细化，结果区分度不高。"),
    ("关于教工食堂延长晚餐供应时间的提案", "教工食堂晚餐结束过早，晚课教师无法就餐。"),
    ("关于学校东门交通拥堵的建议", "学校东门交通拥堵，上下班高峰车辆排队。"),
]

# A new proposal (title, 案由) and the stored one it duplicates: each must be found.
NEAR_DUPLICATES = [
    (("关于教工食堂饭菜质量的建议", ""), "关于改善教工食堂饭菜质量的提案"),
    (("关于青年教师住房补贴的建议", ""), "关于提高青年教师住房补贴的提案"),
    (("关于教职工体检项目的提案", ""), "关于完善教职工体检项目的建议"),
    (("关于教工食堂晚餐供应时间的建议", ""), "关于教工食堂延长晚餐供应时间的提案"),
    (("关于校园停车位不足的提案", ""), "关于增加校园停车位的建议"),
    (("关于校园停车难的提案", "校园内停车难，车辆乱停乱放。"), "关于增加校园停车位的建议"),
    # The demo's own duplicate, which the committee merged: alike in 案由 more than in title.
    (("关于教工食堂晚餐时间的建议", "晚课教师就餐难。"), "关于教工食堂延长晚餐供应时间的提案"),
]

# New proposals that share only a common word (学校, 完善教职工, 时间) with stored ones: nothing to show.
UNRELATED = [
    ("关于学校网络的建议", "学校网络速度慢。"),
    ("关于学校网络的建议", "学校网络"),
    ("关于学校班车线路的建议", "学校班车线路少。"),
    ("关于完善教职工年度考核办法的提案", "考核办法需要细化。"),
    ("关于学校图书馆延长开放时间的提案", "图书馆晚上关门太早。"),
]


@pytest.fixture
def demo_proposals(db):
    congress = CongressFactory()
    return {
        title: ProposalFactory(congress=congress, title=title, subject=subject, status=Status.SUBMITTED)
        for title, subject in DEMO
    }


@pytest.mark.parametrize(("typed", "expected"), NEAR_DUPLICATES, ids=[e for _t, e in NEAR_DUPLICATES])
def test_near_duplicates_of_the_demo_are_found_first(typed, expected, demo_proposals, officer):
    title, subject = typed
    found = selectors.similar_proposals(user=officer, title=title, subject=subject)
    assert found and found[0].title == expected


@pytest.mark.parametrize(("title", "subject"), UNRELATED, ids=[f"{t}/{s}" for t, s in UNRELATED])
def test_titles_sharing_only_a_common_word_are_not_found(title, subject, demo_proposals, officer):
    stored = demo_proposals.get(title)
    found = selectors.similar_proposals(
        user=officer, title=title, subject=subject, exclude_pk=stored.pk if stored else None
    )
    assert found == [], [(p.title, p.similarity) for p in found]


def test_best_match_first_and_shared_words_marked(demo_proposals, officer):
    found = selectors.similar_proposals(user=officer, title="关于教工食堂晚餐供应时间的建议")
    scores = [p.similarity for p in found]
    assert scores == sorted(scores, reverse=True)
    best = found[0]
    assert best.title == "关于教工食堂延长晚餐供应时间的提案"
    assert ("教工食堂", True) in best.title_parts and ("晚餐供应时间", True) in best.title_parts
    assert "".join(piece for piece, _shared in best.title_parts) == best.title


def test_search_shows_only_proposals_the_user_may_open(world, staff, officer):
    refused = ProposalFactory(
        title="关于改善教工食堂饭菜质量的提案", status=Status.NOT_ACCEPTED, decision_reason="重复"
    )
    public = accepted_proposal(title="关于改善教工食堂饭菜质量的建议")
    found = selectors.similar_proposals(user=staff, title="关于教工食堂饭菜质量的提案")
    assert [p.pk for p in found] == [public.pk]
    assert refused in selectors.similar_proposals(user=officer, title="关于教工食堂饭菜质量的提案")
    page = ProposalFactory._meta.model.objects.get(pk=refused.pk)
    assert page.status == Status.NOT_ACCEPTED


def test_the_similar_page_never_lists_a_refused_proposal_to_a_delegate(world, client_for, staff):
    refused = ProposalFactory(
        title="关于改善教工食堂饭菜质量的提案", status=Status.NOT_ACCEPTED, decision_reason="重复"
    )
    response = client_for(staff).get(reverse("proposals:similar"), {"title": "关于教工食堂饭菜质量的提案"})
    assert str(refused.uuid) not in response.content.decode()
    detail = client_for(staff).get(reverse("proposals:proposal_detail", kwargs={"proposal_uuid": refused.uuid}))
    assert detail.status_code == 404


def test_none_found_says_so(world, client_for, staff):
    response = client_for(staff).get(reverse("proposals:similar"), {"title": "关于开展教职工羽毛球比赛的建议"})
    assert 'data-testid="no-similar-proposals"' in response.content.decode()
    assert "没有找到相似的提案" in response.content.decode()


def test_the_trigram_index_serves_the_search(demo_proposals):
    """With sequential scans priced out (the table is tiny here), the plan uses the GIN trigram indexes."""
    queryset = Proposal.objects.filter(title__trigram_word_similar="教工食堂饭菜质量") | Proposal.objects.filter(
        subject__trigram_word_similar="教工食堂饭菜"
    )
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "proposal_title_trgm" in plan and "proposal_subject_trgm" in plan, plan
