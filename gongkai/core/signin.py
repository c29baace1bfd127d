"""Staff sign-in with a lockout after repeated failures for one account."""

from __future__ import annotations

import datetime as dt
import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .models import SignInThrottle, User


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)


def locked_until(username: str, now: dt.datetime) -> dt.datetime | None:
    row = SignInThrottle.objects.filter(username=username.lower()).first()
    if row and row.locked_until and row.locked_until > now:
        return row.locked_until
    return None


@transaction.atomic
def register_failure(username: str, now: dt.datetime, ip: str | None) -> dt.datetime | None:
    """Count one failure; lock the account when the limit is reached. Returns the lock's end."""
    row, _created = SignInThrottle.objects.select_for_update().get_or_create(
        username=username.lower()
    )
    if row.first_failure_at is None or now - row.first_failure_at > _window():
        row.failures, row.first_failure_at = 0, now
    row.failures += 1
    target = User.objects.filter(username=username).first()
    audit.record(
        "user:sign_in_failed",
        actor=None,
        target=target,
        username=username,
        ip=ip,
        failures=row.failures,
    )
    if row.failures >= settings.SIGN_IN_MAX_FAILURES:
        row.locked_until = now + _window()
        row.failures, row.first_failure_at = 0, None
        audit.record(
            "user:locked_out",
            actor=None,
            target=target,
            username=username,
            ip=ip,
            until=row.locked_until.isoformat(),
        )
    row.save()
    return row.locked_until if row.locked_until and row.locked_until > now else None


def reset(username: str) -> None:
    SignInThrottle.objects.filter(username=username.lower()).delete()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=gettext_lazy("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def _locked_error(self, until: dt.datetime) -> forms.ValidationError:
        local = timezone.localtime(until)
        return forms.ValidationError(
            _(
                "Too many failed sign-ins: this account is locked until %(time)s. "
                "Try again then, or ask your unit administrator."
            ),
            code="locked",
            params={"time": local.strftime("%H:%M")},
        )

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        now = timezone.now()
        if until := locked_until(username, now):
            raise self._locked_error(until)
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            if until := register_failure(username, now, client_ip(self.request)):
                raise self._locked_error(until)
            raise forms.ValidationError(
                _("The username or password is not right. Both are case-sensitive."),
                code="invalid_login",
            )
        self.confirm_login_allowed(self.user_cache)
        reset(username)
        return self.cleaned_data


def source_hash(request) -> str:
    """A keyed hash of the client's address: enough to count a flood, not the address."""
    ip = client_ip(request) or ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()
