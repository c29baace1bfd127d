"""Mail that tells people of a step: sent once the step's transaction has committed."""

from __future__ import annotations

from functools import partial

from django.core.mail import send_mail
from django.db import transaction


def send_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    """Mail `recipients` (from DEFAULT_FROM_EMAIL) once the current transaction commits: a step
    rolled back tells nobody, and a mail server that fails never undoes the step."""
    transaction.on_commit(
        partial(send_mail, str(subject), str(body), None, recipients, fail_silently=True)
    )
