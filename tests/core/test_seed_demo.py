"""seed_demo fills a realistic university, and running it twice changes nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from apps.accounts.models import Role, User
from apps.people.models import BranchUnion, Member, Unit


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"people", "accounts", "activities", "welfare", "proposals", "purchases", "reports"}
    }


@pytest.mark.django_db(transaction=True)
def test_seed_demo_builds_the_demo_university_once():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert 1100 <= Member.objects.count() <= 1300
    assert 12 <= Unit.objects.count() <= 14
    assert BranchUnion.objects.count() == 10
    assert {user.role for user in User.objects.all()} == {role.value for role in Role}
    assert "union-demo-2020" in out.getvalue()
    before = row_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before
