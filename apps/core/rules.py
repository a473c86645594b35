"""Core's own permissions: the union's settings, which officers keep."""

from apps.core import access

access.add_perm("core.change_union", role="union.configure")
