"""The congress proposal book: rendered by a Celery job (real worker, real Redis), followed on its page,
downloaded when ready; a second click or a second run makes no second file."""

import subprocess
import time

import pytest
from django.urls import reverse

from apps.proposals import services
from apps.proposals.models import Proposal, ProposalBook
from tests.proposals.factories import CongressFactory, ProposalFactory, accepted_proposal

Status = Proposal.Status
TITLES = ("关于增加校园停车位的建议", "关于提高青年教师住房补贴的提案")


def _book_congress(world):
    congress = CongressFactory()
    for title in TITLES:
        accepted_proposal(congress=congress, lead_unit=world.handler_unit, title=title)
    ProposalFactory(congress=congress, status=Status.SUBMITTED, title="尚未立案的提案")
    return congress


def _text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


@pytest.mark.django_db(transaction=True)
def test_the_book_is_made_by_a_worker_and_downloaded_when_ready(celery_worker, world, client):
    congress = _book_congress(world)
    client.force_login(world.users["committee"])
    page = reverse("proposals:congress_pdf", args=[congress.uuid])
    assert client.post(page).status_code == 302
    book = ProposalBook.objects.get()
    deadline = time.monotonic() + 60
    while book.is_active and time.monotonic() < deadline:
        time.sleep(0.5)
        book.refresh_from_db()
    assert book.status == ProposalBook.Status.DONE, book.error
    assert book.proposal_count == 2
    listing = client.get(page).content.decode()
    assert 'data-testid="book-download"' in listing
    download = client.get(reverse("proposals:congress_book_download", args=[congress.uuid, book.uuid]))
    text = _text(b"".join(download.streaming_content))
    assert all(title in text for title in TITLES) and "尚未立案的提案" not in text
    assert text.count("提案表") == 2


def test_a_second_click_while_queued_returns_the_same_book(world, committee):
    congress = _book_congress(world)
    first = services.proposal_book_request(congress=congress, by=committee)
    second = services.proposal_book_request(congress=congress, by=committee)
    assert first.pk == second.pk and ProposalBook.objects.count() == 1


def test_a_queued_book_shows_its_state_and_polls(world, client_for, committee):
    congress = _book_congress(world)
    book = services.proposal_book_request(congress=congress, by=committee)
    status = client_for(committee).get(reverse("proposals:congress_book_status", args=[congress.uuid, book.uuid]))
    html = status.content.decode()
    assert 'data-status="queued"' in html and "hx-trigger" in html and "排队中" in html
    download = client_for(committee).get(reverse("proposals:congress_book_download", args=[congress.uuid, book.uuid]))
    assert download.status_code == 404


def test_rendering_twice_makes_one_file(world, committee):
    congress = _book_congress(world)
    book = services.proposal_book_request(congress=congress, by=committee)
    assert services.proposal_book_render(book_id=book.pk) is True
    assert services.proposal_book_render(book_id=book.pk) is False
    book.refresh_from_db()
    assert book.status == ProposalBook.Status.DONE and book.size > 1000
