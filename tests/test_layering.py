"""The shape the code keeps (issue 12): per-record decisions live in the apps' rules.py, nowhere else."""

import re
from pathlib import Path

APPS = Path(__file__).resolve().parent.parent / "apps"
# A view or form deciding a permission itself: a may_* helper, or a role compared by hand.
SELF_MADE_PERMISSION = re.compile(
    r"\bdef may_|\bmay_[a-z_]+\s*=|[\"']may_[a-z_]+[\"']\s*:|\buser\.role\s*[!=]=|[\"']branch_chair[\"']"
)


def test_no_view_or_form_decides_a_permission_itself():
    found = []
    for path in sorted([*APPS.glob("*/views.py"), *APPS.glob("*/forms.py")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SELF_MADE_PERMISSION.search(line):
                found.append(f"{path.relative_to(APPS.parent)}:{number}: {line.strip()}")
    assert not found, "ask apps.core.access / the app's rules.py instead:\n" + "\n".join(found)


def test_every_domain_app_declares_its_rules():
    for app in ("people", "activities", "welfare", "proposals", "purchases", "reports"):
        assert (APPS / app / "rules.py").exists(), f"apps/{app}/rules.py is missing"
