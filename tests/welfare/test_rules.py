"""The welfare rules (apps/welfare/rules.py): one place for the private-visit rule and the branch scope."""

from pathlib import Path

import pytest
from django.urls import reverse

from apps.welfare import selectors
from apps.welfare.models import Distribution
from tests.welfare.factories import DistributionFactory, DistributionRecipientFactory, VisitFactory, visit_type

pytestmark = pytest.mark.django_db

WELFARE = Path(__file__).resolve().parents[2] / "apps" / "welfare"


def _branch_distribution(branch, **kwargs):
    return DistributionFactory(audience=Distribution.Audience.BRANCH, branch=branch, **kwargs)


def test_a_chair_lists_only_their_own_branchs_distributions(world, chair, officer):
    own = _branch_distribution(world.branch_a, title="电气学院夏送清凉")
    other = _branch_distribution(world.branch_b, title="机关夏送清凉")
    union_wide = DistributionFactory(title="全校中秋慰问")
    assert set(selectors.distribution_list(user=chair)) == {own}
    assert set(selectors.distribution_list(user=officer)) == {own, other, union_wide}


def test_a_chair_of_another_branch_cannot_open_a_distribution(world, client_for, outsider):
    distribution = _branch_distribution(world.branch_a, status=Distribution.Status.DONE)
    DistributionRecipientFactory(distribution=distribution, member=world.member_a)
    client = client_for(outsider)
    listing = client.get(reverse("welfare:distribution_list")).content.decode()
    assert distribution.title not in listing
    args = [distribution.uuid]
    assert client.get(reverse("welfare:distribution_detail", args=args)).status_code == 404
    assert client.get(reverse("welfare:distribution_detail", args=args) + "?export=csv").status_code == 404
    assert client.get(reverse("welfare:distribution_progress", args=args)).status_code == 404


def test_the_own_branchs_distribution_opens_with_its_count(world, client_for, chair):
    distribution = _branch_distribution(world.branch_a, status=Distribution.Status.DONE, title="电气学院慰问")
    DistributionRecipientFactory(distribution=distribution, member=world.member_a)
    client = client_for(chair)
    assert "电气学院慰问" in client.get(reverse("welfare:distribution_list")).content.decode()
    export = client.get(reverse("welfare:distribution_detail", args=[distribution.uuid]) + "?export=csv")
    assert export.status_code == 200
    assert world.member_a.employee_no in b"".join(export.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize(
    ("role", "code", "own", "expected"),
    [
        ("officer", "hardship", False, True),
        ("leadership", "hardship", False, True),
        ("branch_chair", "childbirth", False, True),  # the chair's branch (A), a public type
        ("branch_chair", "hardship", False, False),  # private: never for the chair
        ("staff", "hardship", True, True),  # one's own, private or not
        ("staff", "childbirth", False, False),
        ("committee", "childbirth", False, False),
    ],
)
def test_who_may_open_a_visit(world, role, code, own, expected):
    user = world.users[role]
    member = user.member if own else world.member_a
    if role == "staff" and not own:
        member = world.member_b
    visit = VisitFactory(member=member, visit_type=visit_type(code))
    assert user.has_perm("welfare.view_visit", visit) is expected
    assert (visit in selectors.visit_list(user=user)) is expected  # the selector keeps the same rule


def test_the_recorder_may_not_approve_but_another_officer_may(world, officer):
    from tests.factories import UserFactory

    visit = VisitFactory(member=world.member_a, created_by=officer, status="pending", cash_amount=900)
    other = UserFactory(role="officer")
    assert not officer.has_perm("welfare.approve_visit", visit)
    assert other.has_perm("welfare.approve_visit", visit)


def test_a_chair_may_record_for_their_branch_only_and_no_private_type(world, chair):
    from apps.welfare.models import Visit

    assert chair.has_perm("welfare.add_visit")
    assert chair.has_perm("welfare.add_visit", Visit(member=world.member_a, visit_type=visit_type("childbirth")))
    assert not chair.has_perm("welfare.add_visit", Visit(member=world.member_b, visit_type=visit_type("childbirth")))
    assert not chair.has_perm("welfare.add_visit", Visit(member=world.member_a, visit_type=visit_type("hardship")))


def test_views_and_forms_compute_no_permission_themselves():
    """Per-record decisions are the rules'; views and forms ask them (issue 12 §1)."""
    for name in ("views.py", "forms.py", "filters.py"):
        text = (WELFARE / name).read_text()
        assert "may_" not in text.replace("_may_audit", ""), name
        assert "role ==" not in text and '"branch_chair"' not in text, name
