"""factory_boy factories for the shared people and accounts; each app's tests add their own."""

from datetime import date

import factory

from apps.accounts.models import Role, User
from apps.people.models import BranchUnion, InterestGroup, Member, UnionGroup, Unit


class BranchUnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BranchUnion
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"第{n}分工会")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = Unit.Kind.COLLEGE
    branch = factory.SubFactory(BranchUnionFactory)


class UnionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionGroup

    name = factory.Sequence(lambda n: f"第{n}小组")
    branch = factory.SubFactory(BranchUnionFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    employee_no = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"会员{n}")
    gender = Member.Gender.FEMALE
    birth_date = date(1985, 5, 20)
    unit = factory.SubFactory(UnitFactory)
    branch = factory.LazyAttribute(lambda member: member.unit.branch)
    status = Member.Status.ACTIVE
    joined_on = date(2015, 9, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    member = factory.SubFactory(MemberFactory)
    password = factory.PostGenerationMethodCall("set_password", "test-password")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class InterestGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestGroup

    name = factory.Sequence(lambda n: f"兴趣小组{n}")
