"""A staff member's own account: password change and TOTP two-factor sign-in.

Two-factor is required for the roles in TWO_FACTOR_REQUIRED_ROLES (unit administrators and
county supervisors) and optional for everyone else. After the password, a user with a
confirmed device must enter a code before anything else (`TwoFactorMiddleware`); a user whose
role requires it and who has no confirmed device is sent to enrolment until they have one.
Deactivating a user ends their sessions and revokes their API keys (`end_access`).
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit, qr, security, tokens
from .models import Membership, User
from .staff_request import AuthedHttpRequest


def requires_two_factor(user: User) -> bool:
    roles = settings.TWO_FACTOR_REQUIRED_ROLES
    return bool(roles) and Membership.objects.filter(user=user, role__in=roles).exists()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("The code is not right or has expired. Enter the current code."),
                code="invalid",
            )
        return code


def _user(request: HttpRequest) -> User:
    """The signed-in user (the views below require one)."""
    return cast(User, request.user)


def _verified(request: HttpRequest) -> bool:
    """Whether this session passed the code step (OTPMiddleware adds `is_verified`)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("core:dashboard")


@login_required
def verify(request: AuthedHttpRequest) -> HttpResponse:
    """The second step of sign-in: a code from the user's confirmed device."""
    user = _user(request)
    device = confirmed_device(user)
    if device is None or _verified(request):
        return redirect(_next(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            audit.record("user:two_factor_verified", actor=user, target=user)
            return redirect(_next(request))
        security.note_failure("two_factor", security.client_address(request), user.username)
    return render(request, "core/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
def enrol(request: AuthedHttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, enter one code to confirm."""
    user = _user(request)
    if confirmed_device(user) is not None and not _verified(request):
        return redirect("core:two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit.record("user:two_factor_enrolled", actor=user, target=user)
        otp_login(request, device)
        messages.success(request, _("Two-factor sign-in is on for your account."))
        return redirect("core:dashboard")
    context = {
        "form": form,
        "qr": qr.svg(device.config_url, size_mm=45),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "required": requires_two_factor(user),
        "has_device": confirmed_device(user) is not None,
    }
    return render(request, "core/two_factor_enrol.html", context)


@login_required
def password_change(request: AuthedHttpRequest) -> HttpResponse:
    """Change one's own password; Django's password validators apply."""
    form = PasswordChangeForm(_user(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            audit.record("user:password_changed", actor=user, target=user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("core:dashboard")
    return render(request, "core/password_change.html", {"form": form})


FREE = "two_factor_not_needed"


@receiver(user_logged_in, dispatch_uid="core_two_factor_at_sign_in")
def _decide_at_sign_in(sender, request, user, **kwargs) -> None:
    """Whether this session needs the two-factor step is decided once, at sign-in."""
    session = getattr(request, "session", None)
    if session is not None:
        session[FREE] = confirmed_device(user) is None and not requires_two_factor(user)


class TwoFactorMiddleware:
    """Holds a signed-in user at the code step (or at enrolment, when their role requires
    two-factor and they have no device) until they pass it. Comes after OTPMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(FREE)
            and not _verified(request)
        ):
            allowed = {
                reverse("core:two_factor_verify"),
                reverse("core:two_factor_enrol"),
                reverse("core:sign_out"),
            }
            path = request.path_info
            if path not in allowed and not path.startswith(settings.STATIC_URL):
                if confirmed_device(user) is not None:
                    return redirect(f"{reverse('core:two_factor_verify')}?next={path}")
                if requires_two_factor(user):
                    return redirect("core:two_factor_enrol")
                # Neither has a device nor needs one: not asked again in this session (a
                # role that needs it, given meanwhile, applies from the next sign-in).
                request.session[FREE] = True
        return self.get_response(request)


def end_access(user: User, *, by: User | None = None) -> None:
    """A deactivated user's sessions end and their API keys are revoked."""
    for token in user.api_tokens.filter(revoked_at=None):
        tokens.revoke(token, by=by)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    if ended:
        audit.record("user:sessions_ended", actor=by, target=user, sessions=ended)
