"""Visits: recording, the standard and its approval, the once-only guard, privacy and bad input."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import Role
from apps.people.models import Member
from apps.welfare import selectors, services
from apps.welfare.models import Visit
from tests.factories import MemberFactory, UserFactory
from tests.welfare.factories import VisitFactory, visit_type

pytestmark = pytest.mark.django_db

DAY = date(2020, 6, 1)


def _record(officer, member, code="illness", **kwargs):
    kwargs.setdefault("cash_amount", Decimal("500"))
    return services.visit_record(member=member, visit_type=visit_type(code), visited_on=DAY, by=officer, **kwargs)


def test_a_visit_within_the_standard_is_approved_at_once(officer, world):
    visit = _record(officer, world.member_a, cash_amount=Decimal("500.00"))
    assert visit.status == Visit.Status.APPROVED
    assert visit.history.count() == 1
    assert visit.history.first().history_user == officer


def test_a_visit_above_the_standard_waits_for_approval(officer, world):
    visit = _record(
        officer, world.member_a, cash_amount=Decimal("400"), gift_value=Decimal("200"), gift_description="水果"
    )
    assert visit.status == Visit.Status.PENDING


def test_another_officer_approves_an_over_standard_visit(officer, world):
    visit = _record(officer, world.member_a, cash_amount=Decimal("800"))
    other = UserFactory(role=Role.OFFICER)
    services.visit_approve(visit=visit, by=other)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.APPROVED and visit.decided_by == other
    assert visit.history.count() == 2


def test_approving_ones_own_over_standard_visit_is_refused(officer, world):
    visit = _record(officer, world.member_a, cash_amount=Decimal("800"))
    with pytest.raises(PermissionDenied):  # rules: never the officer who recorded it
        services.visit_approve(visit=visit, by=officer)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PENDING


def test_a_branch_chair_cannot_approve(chair, officer, world):
    visit = _record(officer, world.member_a, cash_amount=Decimal("800"))
    with pytest.raises(PermissionDenied):
        services.visit_approve(visit=visit, by=chair)


def test_rejecting_needs_a_reason(officer, world):
    visit = _record(officer, world.member_a, cash_amount=Decimal("800"))
    other = UserFactory(role=Role.OFFICER)
    with pytest.raises(ValidationError, match="驳回理由"):
        services.visit_reject(visit=visit, reason="  ", by=other)
    services.visit_reject(visit=visit, reason="超标准，请按标准发放", by=other)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.REJECTED


def test_an_approved_visit_cannot_be_decided_again(officer, world):
    visit = _record(officer, world.member_a, cash_amount=Decimal("100"))
    with pytest.raises(ValidationError, match="不在待审批"):
        services.visit_approve(visit=visit, by=UserFactory(role=Role.OFFICER))


def test_a_second_once_only_visit_is_refused_naming_the_first(officer, world):
    _record(officer, world.member_a, "marriage", cash_amount=Decimal("500"))
    with pytest.raises(ValidationError) as refused:
        _record(officer, world.member_a, "marriage", cash_amount=Decimal("500"))
    message = refused.value.message_dict["visit_type"][0]
    assert "2020-06-01" in message and "结婚" in message and "张三" in message
    assert Visit.objects.filter(member=world.member_a).count() == 1


def test_a_once_only_visit_may_be_recorded_again_after_the_first_was_rejected(officer, world):
    first = _record(officer, world.member_a, "marriage", cash_amount=Decimal("900"))
    services.visit_reject(visit=first, reason="金额有误", by=UserFactory(role=Role.OFFICER))
    again = _record(officer, world.member_a, "marriage", cash_amount=Decimal("500"))
    assert again.status == Visit.Status.APPROVED


def test_the_database_refuses_a_second_once_only_visit(world):
    VisitFactory(member=world.member_a, visit_type=visit_type("retirement"))
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(member=world.member_a, visit_type=visit_type("retirement"))


def test_illness_visits_may_repeat(officer, world):
    _record(officer, world.member_a)
    _record(officer, world.member_a)
    assert Visit.objects.filter(member=world.member_a).count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"cash_amount": Decimal("0")}, "cash_amount", "至少填写一项"),
        ({"cash_amount": Decimal("-5")}, "cash_amount", "大于零"),
        ({"cash_amount": Decimal("10.005")}, "cash_amount", "两位小数"),
        ({"cash_amount": Decimal("0"), "gift_value": Decimal("-1")}, "gift_value", "大于零"),
        ({"cash_amount": Decimal("0"), "gift_value": Decimal("50")}, "gift_description", "写明慰问品"),
    ],
)
def test_bad_amounts_are_refused(officer, world, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        _record(officer, world.member_a, **fields)
    assert message in refused.value.message_dict[field][0]
    assert not Visit.objects.exists()


def test_a_date_in_the_future_is_refused(officer, world):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.visit_record(
            member=world.member_a,
            visit_type=visit_type("illness"),
            visited_on=timezone.localdate() + timedelta(days=1),
            cash_amount=Decimal("100"),
            by=officer,
        )


def test_a_retired_member_is_visited_for_retirement_and_flagged(officer):
    retired = MemberFactory(status=Member.Status.RETIRED, left_on=date(2020, 3, 1))
    visit = _record(officer, retired, "retirement", cash_amount=Decimal("1000"))
    assert visit.member_inactive is True


def test_a_retired_member_is_not_visited_for_illness(officer):
    retired = MemberFactory(status=Member.Status.RETIRED, left_on=date(2020, 3, 1))
    with pytest.raises(ValidationError, match="退休"):
        _record(officer, retired, "illness")


def test_a_branch_chair_records_visits_only_in_their_branch(chair, world):
    visit = _record(chair, world.member_a, "marriage")
    assert visit.created_by == chair
    with pytest.raises(PermissionDenied):
        _record(chair, world.member_b, "childbirth")
    assert Visit.objects.count() == 1


def test_a_branch_chair_cannot_record_a_private_type(chair, world):
    with pytest.raises(PermissionDenied):
        _record(chair, world.member_a, "hardship")
    assert not Visit.objects.exists()


def test_staff_cannot_record_visits(staff, world):
    with pytest.raises(PermissionDenied):
        _record(staff, world.member_a)


def test_who_sees_a_hardship_visit(world, officer, leader, chair, staff, outsider):
    hardship = VisitFactory(member=world.member_a, visit_type=visit_type("hardship"))
    marriage = VisitFactory(member=world.member_a, visit_type=visit_type("marriage"))
    assert set(selectors.visit_list(user=officer)) == {hardship, marriage}
    assert set(selectors.visit_list(user=leader)) == {hardship, marriage}
    assert set(selectors.visit_list(user=staff)) == {hardship, marriage}  # their own
    assert set(selectors.visit_list(user=chair)) == {marriage}
    assert set(selectors.visit_list(user=outsider)) == set()
    assert set(selectors.visit_list(user=world.users["committee"])) == set()


def test_an_attachment_of_the_wrong_kind_is_refused_and_nothing_saved(officer, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    renamed_program = SimpleUploadedFile("诊断证明.jpg", b"MZ\x90\x00 not a picture")
    with pytest.raises(ValidationError) as refused:
        _record(officer, world.member_a, attachment=renamed_program)
    assert "文件内容与扩展名 .jpg 不符" in str(refused.value)
    assert not Visit.objects.exists()


def test_a_scanned_certificate_is_kept_with_the_visit(officer, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 scan")
    visit = _record(officer, world.member_a, attachment=scan)
    assert visit.attachment.original_name == "诊断证明.pdf"
    # The member's diagnosis stays out of the storage key (bucket listings, backups, URLs).
    assert "诊断" not in visit.attachment.file.name and visit.attachment.file.name.endswith(".pdf")
    assert visit.attachment.uploaded_by == officer


def test_the_standard_in_force_is_that_of_the_visits_year(officer, world):
    illness = visit_type("illness")  # default standard 500
    services.visit_standard_set(visit_type=illness, year=2021, amount=Decimal("800.00"), by=officer)
    in_2020 = services.visit_record(
        member=world.member_a, visit_type=illness, visited_on=date(2020, 6, 1), cash_amount=Decimal("800"), by=officer
    )
    in_2022 = services.visit_record(
        member=world.member_b, visit_type=illness, visited_on=date(2022, 3, 1), cash_amount=Decimal("800"), by=officer
    )
    assert in_2020.status == Visit.Status.PENDING  # over 2020's default standard of 500
    assert in_2022.status == Visit.Status.APPROVED  # 2021's standard of 800 is still in force
    assert illness.standard_for(2019) == Decimal("500.00")


def test_setting_a_years_standard_twice_updates_it(officer, world):
    illness = visit_type("illness")
    services.visit_standard_set(visit_type=illness, year=2021, amount=Decimal("600"), by=officer)
    services.visit_standard_set(visit_type=illness, year=2021, amount=Decimal("700"), by=officer)
    assert illness.standards.get().amount == Decimal("700.00")
    assert [t.standard for t in selectors.visit_types(year=2021) if t.code == "illness"] == [Decimal("700.00")]


def test_an_officer_sets_a_standard_on_the_types_page_and_bad_input_is_explained(officer, world, client):
    from django.urls import reverse

    client.force_login(officer)
    illness = visit_type("illness")
    url = reverse("welfare:type_list")
    bad = client.post(url, {"visit_type": illness.pk, "year": "2021", "amount": "-5"})
    assert bad.status_code == 200
    assert "2021" in bad.content.decode()
    assert not illness.standards.exists()
    client.post(url, {"visit_type": illness.pk, "year": "2021", "amount": "650.00"})
    page = client.get(url + "?year=2021").content.decode()
    assert "650.00" in page and "2021 年标准" in page


def test_a_branch_chair_cannot_set_standards(chair, world, client):
    from django.urls import reverse

    client.force_login(chair)
    response = client.post(reverse("welfare:type_list"), {"visit_type": visit_type("illness").pk, "year": 2021})
    assert response.status_code == 403
