import io

from apps.people import demo as people_demo
from apps.people import demo_accounts as accounts_demo
from apps.proposals import demo, selectors
from apps.proposals.models import Delegate, Proposal


def test_the_demo_matches_seed_003_and_is_idempotent(db):
    people_demo.seed(io.StringIO())
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    counts = (Proposal.objects.count(), Delegate.objects.count())
    demo.seed(io.StringIO())
    assert (Proposal.objects.count(), Delegate.objects.count()) == counts
    figures = selectors.report_figures(year=2020)
    assert figures["congresses"] == ["第五届职代会第一次会议"]
    assert (figures["collected"], figures["accepted"], figures["in_process"]) == (11, 9, 9)
    later = selectors.report_figures(year=2021)
    assert later["satisfaction"] == {"satisfied": 2, "basically_satisfied": 1, "unsatisfied": 1}
    assert Proposal.objects.filter(proposer__member__account__username="staff", status="answered").exists()
    assert Proposal.objects.filter(assignments__unit__name="后勤管理处").exists()
