"""The one shape of a form page: POST → form → service → message → redirect, shared by every app.

Services validate (``full_clean``, database constraints, business rules) and raise ``ValidationError``;
``show_errors`` puts each message next to the field it names, so a refused save shows what the user
typed with the reason beside it. A ``PermissionDenied`` from a service is left to Django (a 403 page).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from apps.core.submissions import DuplicateSubmission


def show_errors(form, error: ValidationError, *, rename: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: per field where the field is on the form, else above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (rename or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def flash_errors(request, error: ValidationError) -> None:
    """A refusal of a one-click action (no form to show it on): as messages above the page."""
    for message in error.messages:
        messages.error(request, message)


def submit(
    request,
    form,
    save: Callable[[dict], Any],
    *,
    success: str | Callable[[Any], str] | None,
    redirect_to: Callable[[Any], Any],
    rename: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Run ``save(cleaned_data)`` for a valid POST and redirect; ``None`` means: render the form (again).

    ``redirect_to(result)`` gives what ``redirect()`` takes (a URL, or a model with get_absolute_url).
    A second submission of the same form (a double click) goes to what the first one made.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        show_errors(form, error, rename=rename)
        return None
    except DuplicateSubmission as duplicate:
        messages.info(request, str(duplicate))
        return redirect(duplicate.url or request.path)
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to(result))
