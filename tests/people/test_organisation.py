"""Units and branch unions (issue 18): pages with history, deactivation, and the .xlsx import."""

import pytest
from django.urls import reverse

from apps.core.services import import_rows
from apps.people.importers import OrganisationImporter, RosterImporter
from apps.people.models import BranchUnion, Member, Unit
from tests.factories import BranchUnionFactory, MemberFactory, UnitFactory
from tests.people.test_roster_import import good_row, xlsx_file

HEADER = ["分工会", "单位", "类别", "排序"]


def test_an_officer_adds_and_edits_a_unit_and_its_page_shows_who_changed_what(world, client):
    client.force_login(world.users["officer"])
    data = {"name": "化学学院", "kind": "college", "branch": world.branch_a.pk, "sort_order": 3}
    response = client.post(reverse("people:unit_create"), data)
    unit = Unit.objects.get(name="化学学院")
    assert response["Location"] == reverse("people:unit_detail", args=[unit.pk])
    client.post(reverse("people:unit_edit", args=[unit.pk]), {**data, "name": "化学与分子工程学院"})
    page = client.get(reverse("people:unit_detail", args=[unit.pk])).content.decode()
    assert "化学学院 → 化学与分子工程学院" in page and "修改记录" in page


def test_a_bad_unit_form_keeps_what_was_typed_and_says_why(world, client):
    client.force_login(world.users["officer"])
    response = client.post(reverse("people:unit_create"), {"name": world.unit_a.name, "kind": "nonsense"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"name", "kind"}
    assert world.unit_a.name in response.content.decode()


def test_a_unit_with_working_members_is_not_deactivated(world, client):
    client.force_login(world.users["officer"])
    response = client.post(reverse("people:unit_set_active", args=[world.unit_a.pk]), {"active": "0"}, follow=True)
    assert "在职会员" in response.content.decode()
    assert Unit.objects.get(pk=world.unit_a.pk).is_active


def test_a_deactivated_unit_is_no_longer_offered_for_new_members_but_kept_for_its_own(world, client):
    empty = UnitFactory(name="已撤销处", branch=world.branch_b)
    retired = MemberFactory(unit=empty, status=Member.Status.RETIRED)
    client.force_login(world.users["officer"])
    client.post(reverse("people:unit_set_active", args=[empty.pk]), {"active": "0"})
    assert not Unit.objects.get(pk=empty.pk).is_active
    new_form = client.get(reverse("people:member_create")).context["form"]
    assert empty not in new_form.fields["unit"].queryset
    own_form = client.get(reverse("people:member_edit", args=[retired.uuid])).context["form"]
    assert empty in own_form.fields["unit"].queryset


def test_a_branch_union_with_active_units_is_not_deactivated(world, client):
    branch = BranchUnionFactory(name="空分工会")
    UnitFactory(name="空单位", branch=branch)
    client.force_login(world.users["officer"])
    client.post(reverse("people:branch_set_active", args=[branch.pk]), {"active": "0"})
    assert BranchUnion.objects.get(pk=branch.pk).is_active


def test_the_lists_count_members_in_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    for number in range(12):
        unit = UnitFactory(name=f"批量单位{number}", branch=BranchUnionFactory(name=f"批量分工会{number}"))
        MemberFactory.create_batch(2, unit=unit)
    client.force_login(world.users["leadership"])
    for name in ("people:unit_list", "people:branch_list"):
        # Session, user, the user's member (menu), the list with its counts; the session's save (3).
        with django_assert_num_queries(7):
            page = client.get(reverse(name))
        assert page.status_code == 200 and "批量分工会11" in page.content.decode()


def _import(rows, by):
    preview = OrganisationImporter().preview(xlsx_file(rows, header=HEADER, name="units.xlsx"))
    return preview, (import_rows(kind="organisation", preview=preview, by=by) if preview.is_valid else None)


def test_the_import_creates_branch_unions_and_units_and_the_roster_can_follow(world, officer):
    _preview, summary = _import(
        [
            ["理学院分工会", "", "", "5"],
            ["理学院分工会", "数学学院", "学院", "1"],
            ["理学院分工会", "物理学院", "学院", ""],
        ],
        officer,
    )
    assert "新增分工会 1 个" in summary and "新增单位 2 个" in summary
    branch = BranchUnion.objects.get(name="理学院分工会")
    assert branch.sort_order == 5
    assert set(branch.units.values_list("name", "kind")) == {("数学学院", "college"), ("物理学院", "college")}
    assert Unit.objects.get(name="数学学院").history.first().history_user == officer
    roster = import_rows(
        kind="roster",
        preview=RosterImporter().preview(xlsx_file([good_row("50001", unit="数学学院")])),
        by=officer,
    )
    assert "新增 1" in roster and Member.objects.get(employee_no="50001").branch == branch


def test_reimport_moves_a_unit_and_leaves_what_the_file_leaves_empty(world, officer):
    UnitFactory(name="档案馆", branch=world.branch_a, kind=Unit.Kind.OTHER, sort_order=7)
    _preview, summary = _import([["机关分工会", "档案馆", "", ""]], officer)
    assert "更新 1 个" in summary
    moved = Unit.objects.get(name="档案馆")
    assert (moved.branch, moved.kind, moved.sort_order) == (world.branch_b, Unit.Kind.OTHER, 7)
    _preview, again = _import([["机关分工会", "档案馆", "", ""]], officer)
    assert "新增单位 0 个，更新 0 个" in again


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["", "数学学院", "学院", ""], "分工会", "不能为空"),
        (["理学院分工会", "数学学院", "研究所", ""], "类别", "无效"),
        (["理学院分工会", "数学学院", "", "-1"], "排序", "非负整数"),
        (["理学院分工会", "甲" * 101, "", ""], "单位", "太长"),
        (["理学院分工会", "物理学院", "", ""], "单位", "与第 2 行重复"),
    ],
)
def test_each_bad_import_row_is_reported_and_nothing_saved(world, officer, row, column, message):
    preview, _summary = _import([["理学院分工会", "物理学院", "", ""], row], officer)
    assert [(error.row, error.column) for error in preview.errors] == [(3, column)]
    assert message in preview.errors[0].message
    assert not BranchUnion.objects.filter(name="理学院分工会").exists()


def test_only_officers_may_open_the_import(world, client):
    client.force_login(world.users["leadership"])
    assert client.get(reverse("core:import_upload", args=["organisation"])).status_code == 403
    client.force_login(world.users["officer"])
    assert client.get(reverse("core:import_upload", args=["organisation"])).status_code == 200
