from django.urls import reverse

from apps.people.models import Member
from apps.people.selectors import membership_statistics
from tests.factories import MemberFactory


def test_member_list_filters_by_branch_and_search(world, client):
    MemberFactory(unit=world.unit_b, name="王五")
    client.force_login(world.users["officer"])
    response = client.get(reverse("people:member_list") + f"?branch={world.branch_b.pk}")
    listed = {m.name for m in response.context["object_list"]}
    in_branch_b = set(Member.objects.filter(branch=world.branch_b).values_list("name", flat=True))
    # Not vacuous: branch B holds 李四 and 王五 (and the users' own records), branch A's 张三 is left out.
    assert {"李四", "王五"} <= listed
    assert listed == in_branch_b
    assert "张三" not in listed
    response = client.get(reverse("people:member_list") + "?q=张三")
    assert [m.name for m in response.context["object_list"]] == ["张三"]


def test_an_invalid_filter_value_is_explained_not_an_error(world, client):
    client.force_login(world.users["officer"])
    response = client.get(reverse("people:member_list") + "?branch=999999&status=nonsense")
    assert response.status_code == 200


def test_a_branch_chair_sees_only_their_branch(world, client):
    client.force_login(world.users["branch_chair"])
    names = {m.name for m in client.get(reverse("people:member_list")).context["object_list"]}
    assert "张三" in names and "李四" not in names


def test_member_form_explains_each_bad_field_and_keeps_what_was_typed(world, client):
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("people:member_create"),
        {"employee_no": world.member_a.employee_no, "name": "新会员", "gender": "x", "birth_date": "1990-02-31",
         "unit": world.unit_a.pk, "branch": world.branch_a.pk, "status": "active"},
    )  # fmt: skip
    form = response.context["form"]
    assert set(form.errors) == {"employee_no", "gender", "birth_date"}
    assert 'value="新会员"' in response.content.decode()
    assert not Member.objects.filter(name="新会员").exists()


def test_member_edit_records_who_changed_what(world, client):
    client.force_login(world.users["officer"])
    member = world.member_a
    data = {"employee_no": member.employee_no, "name": "张三丰", "gender": "male", "unit": member.unit_id,
            "branch": member.branch_id, "status": "active", "joined_on": "2015-09-01"}  # fmt: skip
    response = client.post(reverse("people:member_edit", args=[member.uuid]), data)
    assert response.status_code == 302
    page = client.get(reverse("people:member_detail", args=[member.uuid])).content.decode()
    assert "张三 → 张三丰" in page
    assert "修改记录" in page


def test_staff_see_their_own_record_without_its_history(world, client):
    client.force_login(world.users["staff"])
    page = client.get(reverse("people:member_detail", args=[world.member_a.uuid])).content.decode()
    assert "张三" in page and "修改记录" not in page


def test_membership_statistics_count_members_joiners_retirements_and_leavers_by_year(db, world):
    from datetime import date

    base = Member.objects.count()  # the world's members, all joined in 2015 and working
    MemberFactory(unit=world.unit_a, joined_on=date(2020, 3, 1))
    MemberFactory(unit=world.unit_a, joined_on=date(2020, 5, 1), mutual_aid_joined_on=date(2020, 6, 1))
    MemberFactory(unit=world.unit_a, joined_on=date(2010, 1, 1), left_on=date(2020, 7, 1), status="retired")
    MemberFactory(unit=world.unit_a, joined_on=date(2010, 1, 1), left_on=date(2020, 9, 1), status="left")
    MemberFactory(unit=world.unit_a, joined_on=date(2021, 1, 1))
    figures = membership_statistics(year=2020)
    assert figures["joined"] == 2
    assert figures["retired_in_year"] == 1
    assert figures["left"] == 1
    # Retired staff stay members; the one who left the school does not.
    assert figures["members"] == base + 2 + 1
    assert figures["retired"] == 1
    assert figures["active"] == base + 2
    assert figures["members_last_year"] == base + 2
    assert figures["mutual_aid_joined"] == 1


def test_the_last_page_lists_the_last_members_in_order(world, client):
    MemberFactory.create_batch(60, unit=world.unit_a)
    client.force_login(world.users["officer"])
    every = list(Member.objects.order_by("employee_no").values_list("employee_no", flat=True))
    last = client.get(reverse("people:member_list") + "?page=last").context
    tail = every[(last["page_obj"].number - 1) * 25 :]
    assert [m.employee_no for m in last["object_list"]] == tail and 0 < len(tail) <= 25
    numbered = client.get(reverse("people:member_list") + f"?page={last['page_obj'].number}").context
    assert [m.employee_no for m in numbered["object_list"]] == tail


def test_the_member_list_runs_the_same_queries_on_any_page(world, client, django_assert_num_queries):
    MemberFactory.create_batch(60, unit=world.unit_a)
    client.force_login(world.users["officer"])
    # Session, user, the user's own member (the menu), count, the two filter choice lists (unit, branch),
    # the page; the session's save (savepoint, update, release). None per row, none more for the last page.
    for page in ("1", "2", "last"):
        with django_assert_num_queries(10):
            assert client.get(reverse("people:member_list") + f"?page={page}").status_code == 200
