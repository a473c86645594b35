"""What each role may read of a member (docs/data-access.md) and the rules every write checks."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.people.models import Member
from apps.people.services import member_save
from tests.factories import MemberFactory, UnionGroupFactory
from tests.helpers import downloaded

PHONE = "13912345678"


@pytest.fixture
def phoned(world):
    world.member_a.phone = PHONE
    world.member_a.save()
    return world.member_a


def _page(client, user, member) -> str:
    client.force_login(user)
    response = client.get(reverse("people:member_detail", args=[member.uuid]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["staff", "branch_chair", "officer", "admin"])
def test_contact_fields_show_to_the_member_their_chair_and_the_officers(role, world, client, phoned):
    page = _page(client, world.users[role], phoned)
    assert PHONE in page and "1985-05-20" in page


@pytest.mark.parametrize("role", ["committee", "leadership"])
def test_the_committee_and_the_leadership_see_members_without_phone_or_birth_date(role, world, client, phoned):
    page = _page(client, world.users[role], phoned)
    assert "张三" in page and world.member_a.unit.name in page
    assert PHONE not in page and "1985-05-20" not in page and "电话" not in page


def _exported_headers_and_cells(client, user) -> tuple[list, list]:
    client.force_login(user)
    response = client.get(reverse("people:member_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(downloaded(response)), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], [cell for row in rows[1:] for cell in row]


def test_the_leadership_export_has_no_contact_columns(world, client, phoned):
    headers, cells = _exported_headers_and_cells(client, world.users["leadership"])
    assert "电话" not in headers and "出生日期" not in headers and "姓名" in headers
    assert PHONE not in cells


def test_the_officer_export_has_every_roster_column(world, client, phoned):
    headers, cells = _exported_headers_and_cells(client, world.users["officer"])
    assert "电话" in headers and "出生日期" in headers
    assert PHONE in cells


def test_history_hides_phone_changes_from_readers_without_contact_access(world, client, phoned):
    member = Member.objects.get(pk=phoned.pk)
    member.phone, member.name = "13000000000", "张三丰"
    member_save(member=member, by=world.users["officer"])
    leader_page = _page(client, world.users["leadership"], member)
    assert "张三 → 张三丰" in leader_page and "13000000000" not in leader_page and PHONE not in leader_page
    officer_page = _page(client, world.users["officer"], member)
    assert f"{PHONE} → 13000000000" in officer_page


def test_the_member_page_runs_the_same_queries_however_long_its_history(world, client, django_assert_num_queries):
    member, officer = world.member_a, world.users["officer"]
    client.force_login(officer)
    url = reverse("people:member_detail", args=[member.uuid])

    def edit(times):
        for number in range(times):
            member.name, member.unit = f"张三{number}", [world.unit_a, world.unit_b][number % 2]
            member.branch = member.unit.branch
            member_save(member=member, by=officer)

    edit(2)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    edit(30)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_member_save_refuses_a_user_without_the_permission(world):
    member = Member.objects.get(pk=world.member_a.pk)
    member.name = "改名"
    with pytest.raises(PermissionDenied):
        member_save(member=member, by=world.users["committee"])
    assert Member.objects.get(pk=member.pk).name == "张三"


def test_member_save_refuses_a_union_group_of_another_branch(world):
    other_group = UnionGroupFactory(branch=world.branch_b)
    member = Member.objects.get(pk=world.member_a.pk)
    member.union_group = other_group
    with pytest.raises(ValidationError) as refused:
        member_save(member=member, by=world.users["officer"])
    assert "union_group" in refused.value.error_dict
    assert Member.objects.get(pk=member.pk).union_group_id is None


def test_the_form_shows_the_services_group_refusal_on_the_field(world, client):
    other_group = UnionGroupFactory(branch=world.branch_b)
    client.force_login(world.users["officer"])
    data = {"employee_no": "N0001", "name": "新会员", "gender": "male", "unit": world.unit_a.pk,
            "branch": world.branch_a.pk, "union_group": other_group.pk, "status": "active"}  # fmt: skip
    response = client.post(reverse("people:member_create"), data)
    assert response.status_code == 200
    assert "该工会小组不属于所选分工会" in str(response.context["form"].errors["union_group"])
    assert 'value="新会员"' in response.content.decode()
    assert not Member.objects.filter(employee_no="N0001").exists()


@pytest.mark.parametrize("query", ["%00", "%00张", "张%00三", "%ff%fe", "x" * 500, "%0D%0A", "%20"])
def test_member_search_takes_any_text_without_error(world, client, query):
    client.force_login(world.users["officer"])
    response = client.get(reverse("people:member_search") + "?q=" + query)
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_member_list_search_ignores_a_nul_byte(world, client):
    client.force_login(world.users["officer"])
    response = client.get(reverse("people:member_list") + "?q=%00张三")
    assert response.status_code == 200


def test_a_chair_sees_only_their_branch_in_a_clubs_member_list(world, client):
    from tests.factories import InterestGroupFactory

    group = InterestGroupFactory()
    other = MemberFactory(unit=world.unit_b, name="王五")
    group.members.add(world.member_a, other)
    client.force_login(world.users["branch_chair"])
    page = client.get(reverse("people:interest_group_detail", args=[group.pk])).content.decode()
    assert "张三" in page and "王五" not in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("birth_date", "2100-01-01"),
        ("joined_on", "2100-01-01"),
        ("birth_date", "0001-01-01"),
        ("left_on", "9999-01-01"),
    ],
)
def test_the_member_form_refuses_dates_out_of_range_and_keeps_the_rest(world, client, field, value):
    client.force_login(world.users["officer"])
    data = {"employee_no": "N0002", "name": "日期测试", "gender": "male", "unit": world.unit_a.pk,
            "branch": world.branch_a.pk, "status": "active", field: value}  # fmt: skip
    response = client.post(reverse("people:member_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Member.objects.filter(employee_no="N0002").exists()
