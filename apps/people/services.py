"""Every write to the people of the union."""

from django.db import transaction

from apps.people.models import Member


@transaction.atomic
def member_save(*, member: Member, by=None) -> Member:
    """Create or update a member after checking every field and constraint."""
    if not member.branch_id and member.unit_id and member.unit.branch_id:
        member.branch_id = member.unit.branch_id
    member.full_clean()
    member._history_user = by
    member.save()
    return member
