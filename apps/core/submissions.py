"""One-time form tokens against double submission, checked by the services that create records.

A creating form carries a hidden ``submission_token`` (``OnceFormMixin``); its service calls
``submission_claim`` first, inside its transaction, and ``submission_record_url`` once it knows
what it made. A repeated token raises ``DuplicateSubmission``, which the form flow turns into a
redirect to the first submission's result. Services called without a token (imports, demo, tests)
are not affected.
"""

import uuid

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _


class DuplicateSubmission(Exception):
    def __init__(self, url: str = ""):
        super().__init__(_("该表单已经提交过，没有重复保存。"))
        self.url = url


def submission_claim(*, token: uuid.UUID | None, by) -> None:
    """Take the token for this transaction, or raise DuplicateSubmission when it was used already."""
    from apps.core.models import Submission

    if token is None:
        return
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction is rolled back by the raise
            Submission.objects.create(token=token, user=by)
    except IntegrityError:
        url = Submission.objects.filter(token=token, user=by).values_list("url", flat=True).first()
        raise DuplicateSubmission(url or "") from None


def submission_record_url(*, token: uuid.UUID | None, url: str) -> None:
    from apps.core.models import Submission

    if token is not None:
        Submission.objects.filter(token=token).update(url=url[:300])


class OnceFormMixin(forms.Form):
    """Adds the hidden one-time token; pass ``cleaned_data["submission_token"]`` to the service."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
