"""One demo account per role, each linked to a member; the password is printed by seed_demo.

The people app owns this seed because each account is linked to a member; the account model is
reached through ``get_user_model()``, so people imports nothing of the accounts app.
"""

from django.contrib.auth import get_user_model

from apps.core.roles import Role
from apps.people.models import BranchUnion, Member, Unit

DEMO_PASSWORD = "union-demo-2020"

# username → (role, unit of the linked member, first name for accounts with no member)
DEMO_ACCOUNTS = [
    ("staff", Role.STAFF, "电子与电气工程学院"),
    ("chair", Role.BRANCH_CHAIR, "通识教育与外国语学院"),
    ("officer", Role.OFFICER, "工会"),
    ("committee", Role.COMMITTEE, "教务处"),
    ("handler", Role.HANDLER, "后勤管理处"),
    ("leader", Role.LEADERSHIP, "人力资源处"),
    ("admin", Role.ADMIN, "工会"),
]


def seed(out) -> None:
    User = get_user_model()
    taken = set(User.objects.exclude(member=None).values_list("member_id", flat=True))
    for username, role, unit_name in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        unit = Unit.objects.get(name=unit_name)
        member = (
            Member.objects.filter(unit=unit, status=Member.Status.ACTIVE)
            .exclude(pk__in=taken)
            .order_by("employee_no")
            .first()
        )
        taken.add(member.pk)
        user = User(
            username=username,
            role=role,
            member=member,
            first_name=member.name,
            email=f"{username}@example.edu.cn",
            branch=BranchUnion.objects.get(pk=member.branch_id) if role == Role.BRANCH_CHAIR else None,
            unit=unit if role == Role.HANDLER else None,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    out.write(
        "accounts: "
        + ", ".join(f"{name} ({role.label})" for name, role, _u in DEMO_ACCOUNTS)
        + f"; password: {DEMO_PASSWORD}"
    )
