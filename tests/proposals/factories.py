from datetime import date, timedelta

import factory
from django.utils import timezone

from apps.proposals.models import Assignment, Category, Congress, Cosignature, Delegate, Delegation, Proposal
from tests.factories import MemberFactory, UnitFactory


class CongressFactory(factory.django.DjangoModelFactory):
    """A congress whose submission window is open today."""

    class Meta:
        model = Congress

    name = factory.Sequence(lambda n: f"第五届职代会第{n + 1}次会议")
    term = 5
    session = factory.Sequence(lambda n: n + 1)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda c: c.starts_on + timedelta(days=1))
    submission_opens = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    submission_closes = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))
    required_cosigners = 2


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    congress = factory.SubFactory(CongressFactory)
    name = factory.Sequence(lambda n: f"第{n}代表团")


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    congress = factory.SubFactory(CongressFactory)
    member = factory.SubFactory(MemberFactory)
    delegation = None


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    congress = factory.SubFactory(CongressFactory)
    proposer = factory.SubFactory(DelegateFactory, congress=factory.SelfAttribute("..congress"))
    category = Category.LOGISTICS
    title = factory.Sequence(lambda n: f"测试提案{n}")
    subject = "案由"
    reasons = "理由"
    measures = "建议"
    status = Proposal.Status.DRAFT


def accepted_proposal(*, congress=None, lead_unit=None, seq=None, due_on=None, **kwargs) -> Proposal:
    """An accepted (立案) proposal with a lead department, built directly (no service)."""
    congress = congress or CongressFactory()
    if seq is None:
        seq = Proposal.objects.filter(number_year=congress.year).count() + 1
    proposal = ProposalFactory(
        congress=congress,
        status=kwargs.pop("status", Proposal.Status.ACCEPTED),
        number_year=congress.year,
        number_seq=seq,
        due_on=due_on or timezone.localdate() + timedelta(days=30),
        submitted_at=timezone.now(),
        **kwargs,
    )
    Assignment.objects.create(proposal=proposal, unit=lead_unit or UnitFactory(), role=Assignment.Role.LEAD)
    return proposal


def cosign(proposal: Proposal, count: int) -> list[Cosignature]:
    return [
        Cosignature.objects.create(proposal=proposal, delegate=DelegateFactory(congress=proposal.congress))
        for _ in range(count)
    ]


PAST = date(2020, 3, 1)
