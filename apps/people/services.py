"""Every write to the people of the union."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.people.models import InterestGroup, InterestGroupMembership, Member


@transaction.atomic
def member_save(*, member: Member, by=None) -> Member:
    """Create or update a member after checking every field and constraint."""
    if not member.branch_id and member.unit_id and member.unit.branch_id:
        member.branch_id = member.unit.branch_id
    member.full_clean()
    member._history_user = by
    member.save()
    return member


@transaction.atomic
def interest_group_member_add(*, group: InterestGroup, member: Member, joined_on: date | None = None) -> None:
    if InterestGroupMembership.objects.filter(group=group, member=member).exists():
        raise ValidationError(_("%(member)s 已经是“%(group)s”的成员。") % {"member": member, "group": group})
    membership = InterestGroupMembership(group=group, member=member, joined_on=joined_on or timezone.localdate())
    membership.full_clean()
    membership.save()


@transaction.atomic
def interest_group_member_remove(*, group: InterestGroup, member: Member) -> None:
    InterestGroupMembership.objects.filter(group=group, member=member).delete()
    if group.leader_id == member.pk:
        group.leader = None
        group.save(update_fields=["leader"])
