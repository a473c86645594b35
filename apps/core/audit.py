"""Readable change history of a record kept by django-simple-history, for the record's page."""

from django.utils.translation import gettext_lazy as _

CHANGE_KINDS = {"+": _("创建"), "~": _("修改"), "-": _("删除")}


def history_entries(obj, *, limit: int = 50) -> list[dict]:
    """Newest first: when, who, what kind of change and which fields went from what to what."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((field.verbose_name, _display(field, change.old), _display(field, change.new)))
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": CHANGE_KINDS.get(newer.history_type, newer.history_type),
                "reason": newer.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


def _display(field, value) -> str:
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        # django-simple-history gives the through rows as dicts: {"purchase": 1, "unit": 3}.
        key = field.m2m_reverse_field_name()
        ids = [row[key] for row in value if isinstance(row, dict) and key in row]
        return "、".join(str(obj) for obj in field.related_model._default_manager.filter(pk__in=ids)) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    return str(value)
