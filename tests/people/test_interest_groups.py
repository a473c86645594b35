from django.urls import reverse

from apps.people.models import InterestGroupMembership
from tests.factories import InterestGroupFactory


def test_an_officer_adds_a_member_by_employee_number_and_removes_them(world, client):
    group = InterestGroupFactory(name="羽毛球俱乐部")
    client.force_login(world.users["officer"])
    url = reverse("people:interest_group_detail", args=[group.pk])
    client.post(url, {"employee_no": world.member_a.employee_no})
    assert InterestGroupMembership.objects.filter(group=group, member=world.member_a).exists()
    page = client.get(url).content.decode()
    assert "张三" in page
    client.post(reverse("people:interest_group_member_remove", args=[group.pk, world.member_a.uuid]))
    assert not InterestGroupMembership.objects.filter(group=group).exists()


def test_adding_twice_or_an_unknown_number_is_explained(world, client):
    group = InterestGroupFactory(name="乒乓球俱乐部")
    client.force_login(world.users["officer"])
    url = reverse("people:interest_group_detail", args=[group.pk])
    client.post(url, {"employee_no": world.member_a.employee_no})
    again = client.post(url, {"employee_no": world.member_a.employee_no}).content.decode()
    assert "已经是“乒乓球俱乐部”的成员" in again
    unknown = client.post(url, {"employee_no": "NOPE999"}).content.decode()
    assert "没有工号为 NOPE999 的会员" in unknown
    assert 'value="NOPE999"' in unknown


def test_the_club_list_counts_members_in_one_query_per_page(world, client, django_assert_max_num_queries):
    for number in range(10):
        InterestGroupFactory(name=f"俱乐部{number}")
    client.force_login(world.users["staff"])
    with django_assert_max_num_queries(8):  # the same with 10 clubs as with 1: no query per club
        assert client.get(reverse("people:interest_group_list")).status_code == 200
