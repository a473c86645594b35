"""Varied proposals for the list-to-record walk (tests/test_visibility.py): every status, in the staff
user's congress and in another, assigned to the handler's unit and to another unit."""

from django.utils import timezone

from apps.proposals.models import Assignment, Proposal
from tests.factories import UnitFactory
from tests.proposals.factories import CongressFactory, DelegateFactory, ProposalFactory, accepted_proposal

Status = Proposal.Status


def populate(world) -> None:
    mine = CongressFactory(name="可见性·本届")
    other = CongressFactory(name="可见性·他届")
    me = DelegateFactory(congress=mine, member=world.member_a)
    now = timezone.now()
    ProposalFactory(congress=mine, proposer=me, title="关于食堂的草稿")
    ProposalFactory(congress=mine, status=Status.COSIGNING, submitted_at=now, title="关于教工食堂的征集附议")
    ProposalFactory(congress=other, status=Status.COSIGNING, submitted_at=now, title="关于他届食堂的征集附议")
    ProposalFactory(congress=other, status=Status.SUBMITTED, submitted_at=now, title="关于食堂排队的待审提案")
    ProposalFactory(
        congress=other,
        status=Status.NOT_ACCEPTED,
        submitted_at=now,
        decision_reason="不属于提案范围。",
        title="关于食堂饭菜的不予立案提案",
    )
    ProposalFactory(congress=mine, status=Status.SUGGESTION, submitted_at=now, title="关于食堂的意见建议")
    target = accepted_proposal(congress=other, lead_unit=world.handler_unit, title="关于食堂饭菜质量的立案提案")
    accepted_proposal(congress=other, lead_unit=UnitFactory(name="可见性·保卫处"), title="关于校园安全的立案提案")
    helping = accepted_proposal(congress=mine, lead_unit=world.unit_b, title="关于食堂卫生的立案提案")
    Assignment.objects.create(proposal=helping, unit=world.handler_unit, role=Assignment.Role.HELPER)
    ProposalFactory(
        congress=other, status=Status.MERGED, merged_into=target, submitted_at=now, title="关于食堂饭菜的并案提案"
    )
