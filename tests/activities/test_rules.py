"""One access policy: the rules decide, views and services ask them, nobody compares roles by hand."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from apps.activities import selectors, services
from apps.activities.models import Activity, SignUp
from tests.activities.factories import ActivityFactory, PlanItemFactory, SignUpFactory

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parents[2] / "apps" / "activities"


@pytest.mark.parametrize("module", ["views.py", "forms.py"])
def test_views_and_forms_decide_nothing_about_roles_themselves(module):
    source = (APP / module).read_text()
    assert not re.search(r"\bmay_\w+\s*=", source), "per-record decisions belong in rules.py"
    assert not re.search(r"role\s*==|==\s*[\"']branch_chair", source)


def test_a_chair_manages_their_branch_only(world, chair):
    own = ActivityFactory(organising_branch=world.branch_a)
    other = ActivityFactory(organising_branch=world.branch_b)
    assert chair.has_perm("activities.manage_activity", own)
    assert not chair.has_perm("activities.manage_activity", other)
    assert not chair.has_perm("activities.keep_signups", other)


def test_a_chair_may_not_save_an_activity_for_another_branch(world, chair):
    activity = ActivityFactory.build(organising_branch=world.branch_b, year=2026)
    with pytest.raises(PermissionDenied):
        services.activity_save(activity=activity, host_units=[], by=chair)
    assert not Activity.objects.exists()


def test_a_chair_may_not_move_another_branchs_activity_into_their_own(world, chair):
    activity = ActivityFactory(organising_branch=world.branch_b)
    activity.organising_branch = world.branch_a
    with pytest.raises(PermissionDenied):
        services.activity_save(activity=activity, host_units=[], by=chair)
    activity.refresh_from_db()
    assert activity.organising_branch == world.branch_b


def test_staff_may_not_change_an_activitys_status(staff):
    activity = ActivityFactory()
    with pytest.raises(PermissionDenied):
        services.activity_change_status(activity=activity, status="cancelled", reason="x", by=staff)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


def test_staff_sign_up_themselves_but_nobody_else(world, staff):
    activity = ActivityFactory()
    with pytest.raises(PermissionDenied):
        services.signup_create(activity=activity, member=world.member_b, by=staff)
    services.signup_create(activity=activity, member=world.member_a, by=staff)
    assert list(activity.signups.values_list("member", flat=True)) == [world.member_a.pk]


def test_staff_cancel_their_own_sign_up_only(world, staff):
    theirs = SignUpFactory(member=world.member_b)
    with pytest.raises(PermissionDenied):
        services.signup_cancel(signup=theirs, by=staff)
    theirs.refresh_from_db()
    assert theirs.status == SignUp.Status.CONFIRMED


def test_an_unpublished_activity_of_another_branch_cannot_be_signed_up_for(world, chair):
    hidden = ActivityFactory(organising_branch=world.branch_b, is_published=False)
    with pytest.raises(PermissionDenied):
        services.signup_create(activity=hidden, member=chair.member, by=chair)


def test_the_plan_is_kept_by_planners_only(chair, officer):
    item = PlanItemFactory()
    with pytest.raises(PermissionDenied):
        services.plan_item_delete(item=item, by=chair)
    assert not selectors.plan_item_list(user=chair).exists()
    assert selectors.plan_item_list(user=officer).get() == item


def test_sign_up_names_are_listed_only_for_who_keeps_them(world, chair, staff):
    activity = ActivityFactory(organising_branch=world.branch_b)
    SignUpFactory(activity=activity)
    assert not selectors.signup_list(user=chair, activity=activity).exists()
    assert not selectors.signup_list(user=staff, activity=activity).exists()


def test_reachable_signups_are_own_and_kept_ones(world, staff, chair):
    own = SignUpFactory(member=world.member_a)
    in_chairs_branch = SignUpFactory(activity=ActivityFactory(organising_branch=world.branch_a))
    SignUpFactory(activity=ActivityFactory(organising_branch=world.branch_b))
    assert list(selectors.reachable_signups(user=staff)) == [own]
    assert list(selectors.reachable_signups(user=chair)) == [in_chairs_branch]
