"""The shared list page: scoped queryset → django-filter → pagination, or an .xlsx/.csv export of it."""

from django import forms
from django.views.generic import ListView

from apps.core import permissions
from apps.core.exports import Column, export_response, requested_format

PAGE_SIZE = 25


def style_form(form) -> None:
    """Give a plain (non-crispy) form Bootstrap's classes, e.g. a filter bar."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FilteredListView(permissions.ActionRequiredMixin, ListView):
    """Subclasses set ``action``, ``filterset_class``, ``template_name`` and implement ``base_queryset``.

    Export (``?export=xlsx`` or ``?export=csv``) uses the same filters as the page, needs
    ``export_action`` and writes ``export_columns``.
    """

    filterset_class = None
    paginate_by = PAGE_SIZE
    export_action: str | None = None
    export_columns: list[Column] = []
    export_filename = "export"

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.base_queryset(), request=self.request
        )
        style_form(self.filterset.form)
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        fmt = requested_format(request)
        if fmt and self.export_columns:
            permissions.check(request.user, self.export_action or self.action)
            return export_response(self.get_queryset(), self.export_columns, filename=self.export_filename, fmt=fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["may_export"] = bool(self.export_columns) and permissions.can(
            self.request.user, self.export_action or self.action
        )
        return context
