"""Staff sign-in, throttled per account AND address together (django-axes).

Five wrong passwords for one account from one address lock that pair for a cool-off that
doubles with every further lockout of the address in the security log's window, so whoever
guesses from one address is slowed down, while the account's owner on another address can
still sign in. The Django admin's login goes through the same throttle (axes guards every
`authenticate` call). Failures are counted in the security log, not audited; a lockout of
an existing account is audited once.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, security
from .models import User

KIND = "sign_in"
LOCKOUT = "sign_in_lockout"
MAX_COOL_OFF = dt.timedelta(hours=24)


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' throttle for every sign-in from the web. A call with no request (a management
    command, the test client's `login`) is no sign-in from an address and passes through."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    return security.client_address(request)


def axes_client_ip(request) -> str | None:
    """The address axes counts: the one the security log counts (`security.client_address`)."""
    return client_ip(request)


def cool_off(request=None) -> dt.timedelta:
    """The base cool-off, doubled for each earlier lockout the address earned in this window."""
    base = dt.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    if request is None:
        return base
    earlier = max(0, security.failures(LOCKOUT, address=client_ip(request) or "?") - 1)
    return min(base * 2 ** min(earlier, 10), MAX_COOL_OFF)


def lockout_response(request, credentials, *args, **kwargs):
    """What a locked-out sign-in sees, on our sign-in page and in the user's language."""
    minutes = int(cool_off(request).total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this account from this address: try again in "
        "%(minutes)d minutes, or ask your unit administrator."
    ) % {"minutes": minutes}
    context = {"form": SignInForm(request), "lockout": message}
    return render(request, "core/sign_in.html", context, status=429)


@receiver(user_locked_out, dispatch_uid="gongkai_lockout_started")
def _lockout_started(sender, request, username, ip_address, **kwargs) -> None:
    """Count a lockout in the security log and audit it once, when it starts.

    Axes signals every attempt made during a lockout too; only the attempt that starts one
    has counted the failures (`axes_failures_since_start`).
    """
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    security.note_failure(LOCKOUT, ip_address, username or "")
    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        until = timezone.now() + cool_off(request)
        audit.record(
            "user:locked_out", actor=None, target=user, ip=ip_address, until=until.isoformat()
        )


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

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            security.note_failure(KIND, client_ip(self.request), username)
            raise forms.ValidationError(
                _("The username or password is not right. Both are case-sensitive."),
                code="invalid_login",
            )
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def source_hash(request) -> str:
    """A keyed hash of the client's address: enough to count a flood, not the address."""
    ip = client_ip(request) or ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()
