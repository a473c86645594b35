"""Bulk distributions: audience, preview, confirmation, idempotence, and the job on a real worker."""

import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.models import Role
from apps.people.models import Member
from apps.welfare import services
from apps.welfare.models import Distribution, DistributionRecipient
from apps.welfare.tasks import prepare_next_month_birthdays, run_distribution
from tests.factories import MemberFactory, UnitFactory, UserFactory


def _festival(officer, **kwargs) -> Distribution:
    fields = {
        "title": "中秋节慰问",
        "kind": Distribution.Kind.FESTIVAL,
        "item": "月饼",
        "unit_value": Decimal("150"),
        "distributed_on": date(2020, 9, 28),
        "audience": Distribution.Audience.ALL_ACTIVE,
    }
    fields.update(kwargs)
    return services.distribution_create(**fields, by=officer)


@pytest.mark.django_db
def test_only_active_members_are_in_the_audience(officer, world):
    MemberFactory(status=Member.Status.RETIRED)
    distribution = _festival(officer)
    audience = services.distribution_audience(distribution=distribution)
    assert all(m.status == Member.Status.ACTIVE for m in audience)
    assert audience.count() == Member.objects.filter(status=Member.Status.ACTIVE).count()


@pytest.mark.django_db
def test_birthday_audience_is_those_born_in_the_month(officer, world):
    march = [MemberFactory(birth_date=date(1980, 3, d)) for d in (1, 15, 31)]
    MemberFactory(birth_date=date(1980, 3, 9), status=Member.Status.LEFT)
    distribution = _festival(
        officer, kind=Distribution.Kind.BIRTHDAY, audience=Distribution.Audience.BIRTHDAY_MONTH, birthday_month=3
    )
    assert set(services.distribution_audience(distribution=distribution)) == set(march)


@pytest.mark.django_db
def test_confirming_creates_one_record_per_recipient_and_nothing_twice(officer, world):
    unit = UnitFactory(name="资产处", branch=world.branch_b)
    members = [MemberFactory(unit=unit) for _ in range(5)]
    distribution = _festival(officer, audience=Distribution.Audience.BRANCH, branch=world.branch_b)
    assert distribution.status == Distribution.Status.DRAFT
    assert not distribution.recipients.exists()
    services.distribution_confirm(distribution=distribution, by=officer)
    expected = Member.objects.filter(branch=world.branch_b, status=Member.Status.ACTIVE).count()
    assert distribution.recipients.count() == expected >= len(members)
    with pytest.raises(ValidationError, match="不能重复确认"):
        services.distribution_confirm(distribution=distribution, by=officer)
    services.distribution_run(distribution=distribution, by=officer)  # the job delivered twice
    assert DistributionRecipient.objects.filter(distribution=distribution).count() == expected
    distribution.refresh_from_db()
    assert distribution.status == Distribution.Status.DONE
    assert distribution.progress_done == distribution.progress_total == expected


@pytest.mark.django_db
def test_a_rerun_of_a_half_done_job_adds_only_the_missing_records(officer, world):
    distribution = _festival(officer)
    first = Member.objects.filter(status=Member.Status.ACTIVE).first()
    DistributionRecipient.objects.create(distribution=distribution, member=first, value=Decimal("150"))
    Distribution.objects.filter(pk=distribution.pk).update(status=Distribution.Status.FAILED)
    services.distribution_run(distribution=distribution, by=officer)
    assert distribution.recipients.filter(member=first).count() == 1
    assert distribution.recipients.count() == Member.objects.filter(status=Member.Status.ACTIVE).count()


@pytest.mark.django_db
def test_a_chosen_list_with_no_active_member_is_refused(officer):
    retired = MemberFactory(status=Member.Status.RETIRED)
    with pytest.raises(ValidationError, match="没有在职会员"):
        _festival(officer, audience=Distribution.Audience.CHOSEN, chosen_members=[retired])
    assert not Distribution.objects.exists()


@pytest.mark.django_db
def test_an_empty_birthday_month_is_refused(officer, world):
    Member.objects.update(birth_date=date(1980, 1, 1))
    with pytest.raises(ValidationError, match="没有在职会员"):
        _festival(officer, audience=Distribution.Audience.BIRTHDAY_MONTH, birthday_month=7)
    assert not Distribution.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"unit_value": Decimal("0")}, "unit_value"),
        ({"unit_value": Decimal("-1")}, "unit_value"),
        ({"unit_value": Decimal("1.234")}, "unit_value"),
        ({"audience": Distribution.Audience.BIRTHDAY_MONTH}, "birthday_month"),
        ({"audience": Distribution.Audience.BRANCH}, "branch"),
        ({"audience": Distribution.Audience.CHOSEN, "chosen_members": []}, "chosen_members"),
    ],
)
def test_bad_distributions_are_refused(officer, world, fields, field):
    with pytest.raises(ValidationError) as refused:
        _festival(officer, **fields)
    assert field in refused.value.message_dict
    assert not Distribution.objects.exists()


@pytest.mark.django_db
def test_a_branch_chair_cannot_distribute(chair):
    with pytest.raises(PermissionDenied):
        _festival(chair)


@pytest.mark.django_db
def test_the_periodic_job_prepares_next_months_birthday_list_once(officer, world, monkeypatch):
    MemberFactory(birth_date=date(1980, 12, 5))
    from apps.welfare import tasks

    monkeypatch.setattr(tasks.timezone, "localdate", lambda: date(2020, 11, 1))
    first = prepare_next_month_birthdays()
    second = prepare_next_month_birthdays()
    distribution = Distribution.objects.get()
    assert first == second == distribution.pk
    assert distribution.title == "2020年12月生日慰问"
    assert distribution.status == Distribution.Status.DRAFT and distribution.birthday_month == 12


@pytest.mark.celery
def test_a_large_distribution_runs_on_a_real_worker(celery_worker, world):
    officer = UserFactory(role=Role.OFFICER, username="bulk-officer")
    unit = UnitFactory(name="计算机学院", branch=world.branch_a)
    MemberFactory.create_batch(services.BACKGROUND_THRESHOLD + 20, unit=unit)
    distribution = _festival(officer, title="夏送清凉", kind=Distribution.Kind.SEASONAL)
    distribution = services.distribution_confirm(distribution=distribution, by=officer)
    assert distribution.status == Distribution.Status.QUEUED
    expected = Member.objects.filter(status=Member.Status.ACTIVE).count()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        distribution.refresh_from_db()
        if distribution.status in (Distribution.Status.DONE, Distribution.Status.FAILED):
            break
        time.sleep(0.2)
    assert distribution.status == Distribution.Status.DONE, distribution.error
    assert distribution.recipients.count() == distribution.progress_done == expected
    assert run_distribution.apply(args=(distribution.pk,)).get() == expected  # again: nothing new
    assert distribution.recipients.count() == expected


def test_the_birthday_job_is_scheduled_on_the_first_of_the_month():
    from django.conf import settings

    from union_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["welfare-prepare-next-month-birthdays"]
    assert entry["task"] in app.tasks
    assert entry["schedule"].day_of_month == {1}


def test_the_list_shows_what_each_distribution_came_to(officer, world):
    """A finished one from its row, an unfinished one counted: both equal the records there are."""
    from apps.welfare import selectors

    done = services.distribution_confirm(distribution=_festival(officer), by=officer)
    failed = _festival(officer, title="半途失败")
    Distribution.objects.filter(pk=failed.pk).update(status=Distribution.Status.FAILED)
    DistributionRecipient.objects.create(distribution=failed, member=world.member_a, value=Decimal("150"))
    rows = {d.pk: d for d in selectors.distribution_list(user=officer)}
    records = DistributionRecipient.objects.filter(distribution=done).count()
    assert records >= 2
    assert rows[done.pk].recipient_count == records and rows[done.pk].amount == Decimal("150") * records
    assert rows[failed.pk].recipient_count == 1 and rows[failed.pk].amount == Decimal("150")
