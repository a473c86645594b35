"""Pages: forms that explain bad input, the flows through the browser-facing views, and bounded queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.people.models import Member
from apps.welfare.models import Distribution, MutualAidClaim, Visit
from tests.factories import MemberFactory
from tests.welfare.factories import (
    DistributionFactory,
    DistributionRecipientFactory,
    MutualAidClaimFactory,
    VisitFactory,
    visit_type,
)

pytestmark = pytest.mark.django_db

# Queries per page, at any number of rows (session and user included).
QUERIES = {
    "visit_list": 11,
    "my_history": 13,
    "distribution_list": 8,
    "distribution_detail": 12,
    "claim_list": 10,
    "enrolment_list": 10,
    "index": 15,
}


def _visit_data(who, **overrides):
    data = {
        "member": f"{who.name}（{who.employee_no}，{who.unit.name}）",
        "visit_type": visit_type("childbirth").pk,
        "visited_on": "2020-06-01",
        "cash_amount": "500",
        "gift_value": "0",
        "gift_description": "",
        "visitors": "工会主席",
        "note": "",
    }
    data.update(overrides)
    return data


def test_an_officer_records_a_visit_by_picker_label(client_for, officer, world):
    response = client_for(officer).post(reverse("welfare:visit_create"), _visit_data(world.member_a))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == reverse("welfare:visit_detail", args=[visit.uuid])
    assert visit.member == world.member_a and visit.cash_amount == Decimal("500")


def test_a_member_may_be_typed_as_a_employee_number(client_for, officer, world):
    client_for(officer).post(
        reverse("welfare:visit_create"), _visit_data(world.member_b, member=world.member_b.employee_no)
    )
    assert Visit.objects.get().member == world.member_b


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"cash_amount": "0"}, "cash_amount", "至少填写一项"),
        ({"cash_amount": "-3"}, "cash_amount", "0"),
        ({"cash_amount": "abc"}, "cash_amount", ""),
        ({"cash_amount": "12.345"}, "cash_amount", "2"),
        ({"member": "不存在的人"}, "member", "找不到会员"),
        ({"visited_on": (timezone.localdate() + timedelta(days=2)).isoformat()}, "visited_on", "不能晚于今天"),
    ],
)
def test_bad_visit_input_is_explained_and_nothing_is_saved(client_for, officer, world, overrides, field, text):
    response = client_for(officer).post(reverse("welfare:visit_create"), _visit_data(world.member_a, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and text in " ".join(form.errors[field])
    assert not Visit.objects.exists()
    if field != "member":
        assert form.data["member"] == _visit_data(world.member_a)["member"]  # what the officer typed stays


def test_a_duplicate_name_asks_for_the_employee_number(client_for, officer, world):
    MemberFactory(name="张三", unit=world.unit_b)
    response = client_for(officer).post(reverse("welfare:visit_create"), _visit_data(world.member_a, member="张三"))
    assert "请填写工号" in " ".join(response.context["form"].errors["member"])


def test_a_second_once_only_visit_is_shown_on_the_form(client_for, officer, world):
    VisitFactory(member=world.member_a, visit_type=visit_type("marriage"), visited_on=date(2019, 5, 1))
    data = _visit_data(world.member_a, visit_type=visit_type("marriage").pk)
    response = client_for(officer).post(reverse("welfare:visit_create"), data)
    assert response.status_code == 200
    assert "2019-05-01" in " ".join(response.context["form"].errors["visit_type"])
    assert Visit.objects.count() == 1


def test_a_branch_chair_does_not_see_private_types_in_the_form(client_for, chair):
    response = client_for(chair).get(reverse("welfare:visit_create"))
    codes = {t.code for t in response.context["form"].fields["visit_type"].queryset}
    assert "hardship" not in codes and "illness" not in codes and "marriage" in codes


def test_a_branch_chair_cannot_pick_a_member_of_another_branch(client_for, chair, world):
    response = client_for(chair).post(
        reverse("welfare:visit_create"), _visit_data(world.member_b, member=world.member_b.employee_no)
    )
    assert "找不到会员" in " ".join(response.context["form"].errors["member"])


def test_the_creator_cannot_approve_through_the_page(client_for, officer, world):
    visit = VisitFactory(member=world.member_a, created_by=officer, status=Visit.Status.PENDING, cash_amount=900)
    client = client_for(officer)
    response = client.post(reverse("welfare:visit_decide", args=[visit.uuid, "approve"]))
    assert response.status_code == 403  # the rule: another officer decides
    page = client.get(reverse("welfare:visit_detail", args=[visit.uuid])).content.decode()
    assert reverse("welfare:visit_decide", args=[visit.uuid, "approve"]) not in page
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PENDING


def test_a_distribution_is_previewed_then_confirmed(client_for, officer, world):
    client = client_for(officer)
    data = {
        "title": "2020年中秋节慰问",
        "kind": "festival",
        "item": "月饼",
        "unit_value": "150",
        "distributed_on": "2020-09-28",
        "audience": "branch",
        "branch": world.branch_a.pk,
    }
    response = client.post(reverse("welfare:distribution_create"), data)
    distribution = Distribution.objects.get()
    assert response.url == reverse("welfare:distribution_detail", args=[distribution.uuid])
    page = client.get(response.url)
    expected = Member.objects.filter(branch=world.branch_a, status=Member.Status.ACTIVE).count()
    assert page.context["preview_total"] == expected
    assert page.context["preview_amount"] == Decimal("150") * expected
    assert not distribution.recipients.exists()
    client.post(reverse("welfare:distribution_confirm", args=[distribution.uuid]))
    client.post(reverse("welfare:distribution_confirm", args=[distribution.uuid]))  # a double click
    assert distribution.recipients.count() == expected


def test_a_distribution_with_unknown_or_duplicate_numbers_is_refused(client_for, officer, world):
    data = {
        "title": "指定发放",
        "kind": "other",
        "item": "书",
        "unit_value": "50",
        "distributed_on": "2020-05-01",
        "audience": "chosen",
    }
    client = client_for(officer)
    response = client.post(reverse("welfare:distribution_create"), {**data, "chosen": "X999\nZ888"})
    assert "找不到这些工号" in " ".join(response.context["form"].errors["chosen"])
    number = world.member_a.employee_no
    response = client.post(reverse("welfare:distribution_create"), {**data, "chosen": f"{number}, {number}"})
    assert "工号重复" in " ".join(response.context["form"].errors["chosen"])
    response = client.post(reverse("welfare:distribution_create"), {**data, "chosen": ""})
    assert "请至少指定一名会员" in " ".join(response.context["form"].errors["chosen"])
    assert not Distribution.objects.exists()


def test_a_claim_is_handled_through_the_pages(client_for, officer):
    member = MemberFactory(mutual_aid_joined_on=date(2019, 1, 1))
    client = client_for(officer)
    client.post(
        reverse("welfare:claim_create"),
        {"member": member.employee_no, "submitted_on": "2020-05-01", "amount_requested": "2000", "reason": "住院"},
    )
    claim = MutualAidClaim.objects.get()
    client.post(reverse("welfare:claim_step", args=[claim.uuid, "approve"]), {"approved_amount": "1800"})
    client.post(reverse("welfare:claim_step", args=[claim.uuid, "pay"]), {"paid_on": "2020-05-20", "paid_amount": ""})
    claim.refresh_from_db()
    assert claim.status == MutualAidClaim.Status.PAID and claim.paid_amount == Decimal("1800")


def test_a_claim_for_a_member_not_enrolled_is_explained(client_for, officer, world):
    response = client_for(officer).post(
        reverse("welfare:claim_create"),
        {"member": world.member_a.employee_no, "submitted_on": "2020-05-01", "amount_requested": "100", "reason": "x"},
    )
    assert "未加入互助会" in " ".join(response.context["form"].errors["member"])


def test_a_bad_payment_date_is_reported_not_a_500(client_for, officer):
    claim = MutualAidClaimFactory(status=MutualAidClaim.Status.APPROVED, approved_amount=100)
    response = client_for(officer).post(
        reverse("welfare:claim_step", args=[claim.uuid, "pay"]), {"paid_on": "not a date"}, follow=True
    )
    assert response.status_code == 200 and "发放日期" in response.content.decode()


def test_enrolment_through_the_page(client_for, officer, world):
    client_for(officer).post(
        reverse("welfare:enrol"), {"member": world.member_a.employee_no, "joined_on": "2020-04-01"}
    )
    world.member_a.refresh_from_db()
    assert world.member_a.mutual_aid_joined_on == date(2020, 4, 1)


def test_the_staff_member_sees_their_own_history_including_private_types(client_for, staff, world):
    VisitFactory(member=world.member_a, visit_type=visit_type("hardship"), visited_on=date(2020, 1, 15))
    VisitFactory(member=world.member_b, visit_type=visit_type("illness"))
    response = client_for(staff).get(reverse("welfare:my_history"))
    assert [v.member for v in response.context["visits"]] == [world.member_a]


def test_a_branch_chair_does_not_see_private_visits_in_a_members_history(client_for, chair, world):
    VisitFactory(member=world.member_a, visit_type=visit_type("hardship"))
    VisitFactory(member=world.member_a, visit_type=visit_type("marriage"))
    response = client_for(chair).get(reverse("welfare:member_history", args=[world.member_a.uuid]))
    assert [v.visit_type.code for v in response.context["visits"]] == ["marriage"]


# ---------------------------------------------------------------- exact query counts, more rows than a page
# Each page's count is exact and the same whatever the number of rows (no query per row, branch or year).


def test_visit_list_queries_are_exact(client_for, officer, world, django_assert_num_queries):
    for i in range(30):
        VisitFactory(member=MemberFactory(unit=world.unit_a if i % 2 else world.unit_b), visited_on=date(2020, 3, 1))
    client = client_for(officer)
    with django_assert_num_queries(QUERIES["visit_list"]):
        response = client.get(reverse("welfare:visit_list"))
    assert response.status_code == 200 and len(response.context["object_list"]) == 25


def test_member_history_queries_are_exact(client_for, staff, world, django_assert_num_queries):
    for day in range(1, 26):
        VisitFactory(member=world.member_a, visited_on=date(2020, 3, day))
    for _ in range(10):
        DistributionRecipientFactory(member=world.member_a)
    MutualAidClaimFactory(member=world.member_a)
    client = client_for(staff)
    with django_assert_num_queries(QUERIES["my_history"]):
        response = client.get(reverse("welfare:my_history"))
    assert len(response.context["visits"]) == 25


def test_distribution_pages_queries_are_exact(client_for, officer, world, django_assert_num_queries):
    distributions = [DistributionFactory(status=Distribution.Status.DONE) for _ in range(30)]
    for member in [MemberFactory(unit=world.unit_a) for _ in range(60)]:
        DistributionRecipientFactory(distribution=distributions[0], member=member)
    client = client_for(officer)
    with django_assert_num_queries(QUERIES["distribution_list"]):
        assert len(client.get(reverse("welfare:distribution_list")).context["object_list"]) == 25
    with django_assert_num_queries(QUERIES["distribution_detail"]):
        response = client.get(reverse("welfare:distribution_detail", args=[distributions[0].uuid]))
    assert response.context["paginator"].count == 60 and len(response.context["object_list"]) == 50


def test_a_chairs_distribution_list_queries_are_exact(client_for, chair, world, django_assert_num_queries):
    for _ in range(30):
        DistributionFactory(audience=Distribution.Audience.BRANCH, branch=world.branch_a)
    client = client_for(chair)
    with django_assert_num_queries(QUERIES["distribution_list"]):
        assert len(client.get(reverse("welfare:distribution_list")).context["object_list"]) == 25


def test_claim_and_enrolment_lists_queries_are_exact(client_for, officer, django_assert_num_queries):
    for _ in range(30):
        MutualAidClaimFactory()
    client = client_for(officer)
    with django_assert_num_queries(QUERIES["claim_list"]):
        assert len(client.get(reverse("welfare:claim_list")).context["object_list"]) == 25
    with django_assert_num_queries(QUERIES["enrolment_list"]):
        assert len(client.get(reverse("welfare:enrolment_list")).context["object_list"]) == 25


@pytest.mark.parametrize("visits", [1, 30])
def test_dashboard_queries_are_exact(client_for, leader, world, django_assert_num_queries, visits):
    for i in range(visits):
        VisitFactory(member=MemberFactory(unit=world.unit_a), visited_on=date(2020, 1 + i % 12, 1))
    client = client_for(leader)
    with django_assert_num_queries(QUERIES["index"]):
        response = client.get(reverse("welfare:index") + "?year=2020")
    assert response.context["figures"]["visits_total"]["count"] == visits


def test_an_attachment_is_uploaded_and_served_only_to_those_who_may_see_the_visit(
    client_for, officer, staff, chair, world
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    data = _visit_data(world.member_a, visit_type=visit_type("illness").pk, attachment=upload)
    client_for(officer).post(reverse("welfare:visit_create"), data)
    visit = Visit.objects.get()
    assert visit.attachment
    url = reverse("welfare:visit_attachment", args=[visit.uuid])
    response = client_for(staff).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert "filename*=utf-8''%E8%AF%8A%E6%96%AD%E8%AF%81%E6%98%8E.pdf" in response["Content-Disposition"]
    assert client_for(chair).get(url).status_code == 404  # illness is private, even in the chair's branch


def test_the_progress_fragment_polls_while_the_job_runs(client_for, officer):
    running = DistributionFactory(status=Distribution.Status.RUNNING, progress_total=400, progress_done=100)
    done = DistributionFactory(status=Distribution.Status.DONE)
    client = client_for(officer)
    fragment = client.get(reverse("welfare:distribution_progress", args=[running.uuid])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "100 / 400" in fragment and 'data-progress="25"' in fragment
    fragment = client.get(reverse("welfare:distribution_progress", args=[done.uuid])).content.decode()
    assert "hx-trigger" not in fragment


def test_a_pending_visit_shows_the_decision_only_to_another_officer(client_for, officer, world):
    visit = VisitFactory(member=world.member_a, status=Visit.Status.PENDING, cash_amount=900)
    page = client_for(officer).get(reverse("welfare:visit_detail", args=[visit.uuid]))
    assert page.context["may_decide"] is True
    visit.created_by = officer
    visit.save()
    page = client_for(officer).get(reverse("welfare:visit_detail", args=[visit.uuid]))
    assert page.context["may_decide"] is False


def test_a_bad_budget_is_explained(client_for, officer):
    response = client_for(officer).post(
        reverse("welfare:budget_set"), {"year": "2020", "visit_type": visit_type("illness").pk, "amount": "-1"}
    )
    assert response.status_code == 200 and "amount" in response.context["form"].errors


def test_a_branch_chair_cannot_filter_by_private_types(client_for, chair):
    response = client_for(chair).get(reverse("welfare:visit_list"))
    codes = {t.code for t in response.context["filter"].form.fields["visit_type"].queryset}
    assert "hardship" not in codes and "marriage" in codes
    response = client_for(chair).get(reverse("welfare:visit_list") + "?visit_type=hardship")
    assert "visit_type" in response.context["filter"].form.errors


@pytest.mark.parametrize("year", ["-1", "0", "99999999", str(2**31), "1e309", "2020.5", "abc"])
@pytest.mark.parametrize(
    "name",
    [
        "welfare:index",
        "welfare:visit_list",
        "welfare:distribution_list",
        "welfare:enrolment_list",
        "welfare:claim_list",
        "welfare:budget_list",
        "welfare:type_list",
    ],
)
def test_a_year_out_of_range_is_ignored_not_a_server_error(client_for, officer, name, year):
    """Issue 11 §5: the page shows as if ?year= were absent."""
    response = client_for(officer).get(reverse(name), {"year": year})
    assert response.status_code == 200
