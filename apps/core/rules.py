"""Core's own permissions: the union's settings, which officers keep; an uploaded import file is its uploader's."""

import rules

from apps.core import access, permissions
from apps.core.imports import IMPORTERS

access.add_perm("core.change_union", role="union.configure")


@rules.predicate
def uploaded_by_user(user, batch) -> bool:
    return batch is None or batch.created_by_id == user.pk


@rules.predicate
def role_may_import_its_kind(user, batch) -> bool:
    """The uploader's role must still allow this kind of import (the importer names the action)."""
    if batch is None:
        return True
    importer = IMPORTERS.get(batch.kind)
    return importer is not None and permissions.can(user, importer.action)


# Someone else's upload does not exist for the user (404), whatever their role.
access.add_perm(
    "core.use_import_batch", role="portal.view", rule=uploaded_by_user & role_may_import_its_kind, hides=True
)
