from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from apps.activities.models import Activity, Category, HostUnit, PlanItem, SignUp
from tests.factories import MemberFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"类别{n}")
    sort_order = factory.Sequence(lambda n: 100 + n)


SEED_CATEGORIES = ["文化教育类", "节日集体类", "体育培训及竞赛类", "职工关怀慰问类"]


def category(name: str) -> Category:
    """A category by name: one of the four the migration creates (made again if a transactional test flushed them)."""
    order = (SEED_CATEGORIES.index(name) + 1) * 10 if name in SEED_CATEGORIES else 100
    return Category.objects.get_or_create(name=name, defaults={"sort_order": order})[0]


def seed_categories() -> list[Category]:
    return [category(name) for name in SEED_CATEGORIES]


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem
        skip_postgeneration_save = True

    year = 2020
    month = 5
    title = factory.Sequence(lambda n: f"计划活动{n}")
    category = factory.LazyFunction(lambda: category("文化教育类"))
    budget = Decimal("1000.00")

    @factory.post_generation
    def host_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.host_units.set(extracted)


class ActivityFactory(factory.django.DjangoModelFactory):
    """An upcoming published activity open for sign-up (deadline in a week, starting in two)."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"活动{n}")
    category = factory.LazyFunction(lambda: category("文化教育类"))
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    end = factory.LazyAttribute(lambda a: a.start + timedelta(hours=3))
    year = factory.LazyAttribute(lambda a: a.plan_item.year if a.plan_item else timezone.localtime(a.start).year)
    signup_deadline = factory.LazyAttribute(lambda a: a.start - timedelta(days=7))
    place = "学术报告厅"
    plan_item = None

    @factory.post_generation
    def host_units(self, create, extracted, **kwargs):
        if create and extracted:
            for position, unit in enumerate(extracted):
                HostUnit.objects.create(activity=self, unit=unit, position=position)


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    activity = factory.SubFactory(ActivityFactory)
    member = factory.SubFactory(MemberFactory)
    status = SignUp.Status.CONFIRMED
