from django.core.files.uploadedfile import SimpleUploadedFile

from apps.activities import services
from apps.activities.models import Category
from tests.activities.factories import ActivityFactory, CategoryFactory, PlanItemFactory, SignUpFactory
from tests.permission_rows import ADMIN, CHAIR, COMMITTEE, EVERY_ROLE, HANDLER, LEADER, OFFICER, READ_ALL, STAFF, Row

MANAGERS = {CHAIR, OFFICER, ADMIN}
PLANNERS = {OFFICER, ADMIN}
NOT_READ_ALL = EVERY_ROLE - READ_ALL
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _branch_a(w) -> dict:
    """A published activity organised by the chair's branch A."""
    return {"activity_uuid": ActivityFactory(organising_branch=w.branch_a).uuid}


def _hidden_b(w) -> dict:
    """An unpublished activity of branch B: only read-all roles may see it."""
    return {"activity_uuid": ActivityFactory(organising_branch=w.branch_b, is_published=False).uuid}


def _branch_b(w) -> dict:
    return {"activity_uuid": ActivityFactory(organising_branch=w.branch_b).uuid}


def _file(w, **activity) -> dict:
    attachment = services.activity_file_add(
        activity=ActivityFactory(**activity), uploaded=SimpleUploadedFile("合影.png", PNG), by=w.users[OFFICER]
    )
    return {"file_uuid": attachment.uuid}


def _photo(w) -> dict:
    return {"file": SimpleUploadedFile("合影.png", PNG)}


def _new_activity(w) -> dict:
    return {
        "title": "读书分享会",
        "category": CategoryFactory(name="文化教育类").pk,
        "start": "2030-05-01T14:00",
        "end": "2030-05-01T16:00",
        "mode": "offline",
        "organising_branch": w.branch_a.pk,
        "is_published": "on",
    }


SIGNUPS = ("activities.SignUp",)
FILES = ("activities.ActivityFile",)


ROWS = [
    Row("activities:index", ok=EVERY_ROLE),
    Row("activities:activity_list", ok=EVERY_ROLE),
    Row("activities:activity_list", ok={CHAIR, *READ_ALL}, query="?export=xlsx", id="activity export"),
    Row("activities:calendar", ok=EVERY_ROLE, query="?year=2020&month=10"),
    Row("activities:activity_create", ok=MANAGERS),
    Row(
        "activities:activity_create",
        ok=MANAGERS,
        ok_status=302,
        method="post",
        data=_new_activity,
        writes=("activities.Activity",),
        id="activity_create (POST)",
    ),
    Row("activities:activity_detail", ok=EVERY_ROLE, args=_branch_a, id="activity_detail (published)"),
    Row(
        "activities:activity_detail",
        ok=READ_ALL,
        not_found=NOT_READ_ALL,
        args=_hidden_b,
        id="activity_detail (unpublished, branch B)",
    ),
    Row("activities:activity_edit", ok=MANAGERS, args=_branch_a, id="activity_edit (branch A)"),
    Row("activities:activity_edit", ok=PLANNERS, not_found={CHAIR}, args=_branch_b, id="activity_edit (branch B)"),
    Row("activities:activity_status", ok=MANAGERS, args=_branch_a, id="activity_status (branch A)"),
    Row("activities:activity_status", ok=PLANNERS, not_found={CHAIR}, args=_branch_b, id="activity_status (branch B)"),
    Row(
        "activities:activity_status",
        ok=PLANNERS,
        not_found={CHAIR},
        ok_status=302,
        method="post",
        args=_branch_b,
        data={"status": "cancelled", "reason": "天气原因"},
        writes=("activities.Activity",),
        id="activity_status (POST, branch B)",
    ),
    Row("activities:activity_signup", ok=EVERY_ROLE, ok_status=302, method="post", args=_branch_a, writes=SIGNUPS),
    Row(
        "activities:activity_signup",
        ok=READ_ALL,
        not_found=NOT_READ_ALL,
        ok_status=302,
        method="post",
        args=_hidden_b,
        id="activity_signup (unpublished, branch B)",
        # Those who may open it are told it is not open for sign-up yet; nobody can write a sign-up.
        writes_nothing=True,
    ),
    Row("activities:activity_signups", ok=MANAGERS, args=_branch_a, id="activity_signups (branch A)"),
    Row(
        "activities:activity_signups",
        ok=PLANNERS,
        not_found={CHAIR},
        args=_branch_b,
        id="activity_signups (branch B)",
    ),
    Row(
        "activities:activity_signups",
        ok=MANAGERS,
        args=_branch_a,
        query="?export=xlsx",
        id="activity_signups export",
    ),
    Row("activities:activity_attendance", ok=MANAGERS, args=_branch_a, id="activity_attendance (branch A)"),
    Row(
        "activities:activity_attendance",
        ok=PLANNERS,
        not_found={CHAIR},
        args=_branch_b,
        id="activity_attendance (branch B)",
    ),
    Row("activities:file_upload", ok=MANAGERS, ok_status=302, method="post", args=_branch_a, data=_photo, writes=FILES),
    Row(
        "activities:file_upload",
        ok=PLANNERS,
        not_found={CHAIR},
        ok_status=302,
        method="post",
        args=_branch_b,
        data=_photo,
        id="file_upload (branch B)",
        writes=FILES,
    ),
    Row("activities:file_download", ok=EVERY_ROLE, args=_file, id="file_download (published)"),
    Row(
        "activities:file_download",
        ok=READ_ALL,
        not_found=NOT_READ_ALL,
        args=lambda w: _file(w, is_published=False, organising_branch=w.branch_b),
        id="file_download (unpublished, branch B)",
    ),
    Row(
        "activities:file_delete",
        ok=MANAGERS,
        ok_status=302,
        method="post",
        args=lambda w: _file(w, organising_branch=w.branch_a),
        id="file_delete (branch A)",
        writes=FILES,
    ),
    Row(
        "activities:file_delete",
        ok=PLANNERS,
        not_found={CHAIR},
        ok_status=302,
        method="post",
        args=lambda w: _file(w, organising_branch=w.branch_b),
        id="file_delete (branch B)",
        writes=FILES,
    ),
    Row(
        "activities:signup_cancel",
        ok={STAFF, OFFICER, ADMIN},
        not_found={CHAIR, COMMITTEE, HANDLER, LEADER},
        ok_status=302,
        method="post",
        args=lambda w: {"signup_uuid": SignUpFactory(member=w.member_a).uuid},
        id="signup_cancel (the staff member's own)",
        writes=SIGNUPS,
    ),
    Row("activities:plan", ok=READ_ALL, query="?year=2020"),
    Row("activities:plan_item_create", ok=PLANNERS),
    Row("activities:plan_item_edit", ok=PLANNERS, args=lambda w: {"item_uuid": PlanItemFactory().uuid}),
    Row(
        "activities:plan_item_delete",
        ok=PLANNERS,
        ok_status=302,
        method="post",
        args=lambda w: {"item_uuid": PlanItemFactory().uuid},
        writes=("activities.PlanItem",),
    ),
    Row("activities:category_list", ok=PLANNERS),
    Row(
        "activities:category_list",
        ok=PLANNERS,
        ok_status=302,
        method="post",
        data=lambda w: {"name": f"座谈会{w.users[OFFICER].pk}-{Category.objects.count()}", "sort_order": 50},
        writes=("activities.Category",),
        id="category_list (POST)",
    ),
    Row("activities:category_edit", ok=PLANNERS, args=lambda w: {"category_id": CategoryFactory().pk}),
]
