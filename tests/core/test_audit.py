"""The change history shown on a record's page, including many-to-many changes."""

from apps.core.audit import _display, history_entries
from apps.people.models import Unit


def test_history_lists_field_changes_with_readable_values(world, officer):
    member = world.member_a
    member._history_user = officer
    member.status = "retired"
    member.unit = world.unit_b
    member.save()
    entry = history_entries(member)[0]
    assert entry["who"] == officer
    changes = {str(label): (old, new) for label, old, new in entry["changes"]}
    assert changes["状态"] == ("在职", "退休")
    assert changes["单位"] == ("电子与电气工程学院", "人力资源处")


def test_many_to_many_values_show_the_related_names(world):
    field = Unit._meta.get_field("branch")  # a plain relation still shows its name
    assert _display(field, world.branch_a.pk) == "电子与电气工程学院分工会"

    class FakeM2M:
        many_to_many = True
        related_model = Unit
        choices = None
        is_relation = True

        @staticmethod
        def m2m_reverse_field_name():
            return "unit"

    rows = [{"purchase": 1, "unit": world.unit_a.pk}, {"purchase": 1, "unit": world.unit_b.pk}]
    assert set(_display(FakeM2M, rows).split("、")) == {"电子与电气工程学院", "人力资源处"}
    assert _display(FakeM2M, []) == "—"
