"""Activities the visibility walk (tests/test_visibility.py) tells apart: published or not, each branch's,
with and without a branch, with plan items, files and sign-ups (the staff member's own and others')."""

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.activities import services
from tests.activities.factories import ActivityFactory, PlanItemFactory, SignUpFactory, seed_categories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def populate(world) -> None:
    seed_categories()
    officer = world.users["officer"]
    for branch in (world.branch_a, world.branch_b, None):
        for published in (True, False):
            item = PlanItemFactory(year=2020, organising_branch=branch)
            activity = ActivityFactory(
                organising_branch=branch, is_published=published, plan_item=item, host_units=[world.unit_a]
            )
            SignUpFactory(activity=activity, member=world.member_b)
            services.activity_file_add(activity=activity, uploaded=SimpleUploadedFile("合影.png", PNG), by=officer)
    SignUpFactory(activity=ActivityFactory(organising_branch=world.branch_b), member=world.member_a)
