"""The proposals register, review and handler lists, the figures and the similar-proposal search (demo data)."""

from django.test import Client

from apps.accounts.models import User
from apps.proposals import selectors


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def register_page():
    assert _client("staff").get("/proposals/").status_code == 200


def review_list_page():
    assert _client("committee").get("/proposals/review/").status_code == 200


def assigned_list_page():
    assert _client("handler").get("/proposals/assigned/").status_code == 200


def report_figures():
    selectors.report_figures(year=2020)


def similar_search():
    list(selectors.similar_proposals(title="关于提高教工食堂饭菜质量的建议", subject="食堂饭菜品种少"))


BENCHMARKS = [
    ("proposals: GET /proposals/ (register)", register_page, 0.5),
    ("proposals: GET /proposals/review/", review_list_page, 0.5),
    ("proposals: GET /proposals/assigned/", assigned_list_page, 0.5),
    ("proposals: report_figures(2020)", report_figures, 0.2),
    ("proposals: similar_proposals (pg_trgm)", similar_search, 0.2),
]
