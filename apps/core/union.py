"""The installation's union: its name for pages and reports, from the officers' settings.

Until an officer (or ``manage.py setup_union``) has saved the settings, the ``UNION_NAME`` setting stands in,
so a fresh installation and the demo read the same way as before.
"""

from django.conf import settings
from django.db import transaction

from apps.core import access
from apps.core.models import UnionProfile


def current_union() -> UnionProfile:
    """The saved settings, or an unsaved stand-in built from ``UNION_NAME``."""
    return UnionProfile.objects.filter(pk=1).first() or UnionProfile(pk=1, name=settings.UNION_NAME)


def union_name() -> str:
    return current_union().name


def union_signature() -> str:
    """The 落款 of reports: the signature name when set, else the union's name."""
    return current_union().signature


@transaction.atomic
def union_profile_save(*, by, name: str, short_name: str = "", signature_name: str = "") -> UnionProfile:
    """Save the union's settings; ``by=None`` only for ``manage.py setup_union`` run by the server's operator."""
    if by is not None:
        access.require(by, "core.change_union")
    profile = UnionProfile.objects.select_for_update().filter(pk=1).first() or UnionProfile(pk=1)
    profile.name = name.strip()
    profile.short_name = short_name.strip()
    profile.signature_name = signature_name.strip()
    profile.full_clean()
    if by is not None:
        profile._history_user = by
    profile.save()
    return profile
