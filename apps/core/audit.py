"""Readable change history of a record kept by django-simple-history, for the record's page."""

from django.utils.translation import gettext_lazy as _

CHANGE_KINDS = {"+": _("创建"), "~": _("修改"), "-": _("删除")}


def history_entries(obj, *, limit: int = 50, exclude: tuple[str, ...] = ()) -> list[dict]:
    """Newest first: when, who, what kind of change and which fields went from what to what.

    ``exclude``: fields whose changes this reader may not see (e.g. a member's phone number).
    Related records named in the changes are fetched in one query per model, not one per change.
    """
    records = list(
        obj.history.select_related("history_user__member").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries, names = [], _RelatedNames()
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older, excluded_fields=list(exclude))
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((field.verbose_name, names.later(field, change.old), names.later(field, change.new)))
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": CHANGE_KINDS.get(newer.history_type, newer.history_type),
                "reason": newer.history_change_reason or "",
                "changes": changes,
            }
        )
    names.resolve()
    for entry in entries:
        entry["changes"] = [(label, str(old), str(new)) for label, old, new in entry["changes"]]
    return entries


class _RelatedNames:
    """Display values whose foreign keys are looked up together once every change is known."""

    def __init__(self):
        self.wanted: dict[type, set] = {}
        self.found: dict[tuple[type, object], str] = {}

    def later(self, field, value):
        if field.is_relation and not field.many_to_many and value not in (None, ""):
            self.wanted.setdefault(field.related_model, set()).add(value)
            return _Deferred(self, field.related_model, value)
        return _display(field, value)

    def resolve(self) -> None:
        for model, ids in self.wanted.items():
            for record in model._default_manager.filter(pk__in=ids):
                self.found[(model, record.pk)] = str(record)


class _Deferred:
    def __init__(self, names: _RelatedNames, model, pk):
        self.names, self.model, self.pk = names, model, pk

    def __str__(self) -> str:
        return self.names.found.get((self.model, self.pk), str(self.pk))


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
