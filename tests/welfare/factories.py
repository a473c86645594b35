"""Factories for the welfare app; visit types come from the data migration (looked up by code)."""

from datetime import date
from decimal import Decimal

import factory

from apps.accounts.models import Role
from apps.welfare import services
from apps.welfare.models import Distribution, DistributionRecipient, MutualAidClaim, Visit, VisitType
from tests.factories import MemberFactory, UserFactory


def ensure_visit_types() -> None:
    """The data migration's visit types; tests with ``transactional_db`` flush them, so put them back."""
    if not VisitType.objects.exists():
        services.visit_types_ensure_defaults()


def visit_type(code: str) -> VisitType:
    ensure_visit_types()
    return VisitType.objects.get(code=code)


class VisitFactory(factory.django.DjangoModelFactory):
    """A visit within the type's standard (approved), entered by an officer of its own."""

    class Meta:
        model = Visit

    member = factory.SubFactory(MemberFactory)
    visit_type = factory.LazyFunction(lambda: visit_type("illness"))
    visited_on = date(2020, 5, 10)
    cash_amount = Decimal("300.00")
    once_only = factory.LazyAttribute(lambda v: v.visit_type.once_only)
    status = Visit.Status.APPROVED
    created_by = factory.SubFactory(UserFactory, role=Role.OFFICER)


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distribution

    title = factory.Sequence(lambda n: f"发放{n}")
    kind = Distribution.Kind.FESTIVAL
    item = "月饼"
    unit_value = Decimal("100.00")
    distributed_on = date(2020, 9, 28)
    audience = Distribution.Audience.ALL_ACTIVE
    created_by = factory.SubFactory(UserFactory, role=Role.OFFICER)


class DistributionRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistributionRecipient

    distribution = factory.SubFactory(DistributionFactory, status=Distribution.Status.DONE)
    member = factory.SubFactory(MemberFactory)
    value = factory.LazyAttribute(lambda r: r.distribution.unit_value)


class MutualAidClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MutualAidClaim

    member = factory.SubFactory(MemberFactory, mutual_aid_joined_on=date(2019, 1, 1))
    submitted_on = date(2020, 6, 1)
    reason = "住院治疗"
    amount_requested = Decimal("2000.00")
    created_by = factory.SubFactory(UserFactory, role=Role.OFFICER)
