"""Per-user API keys, one mechanism for every staff API of the platform.

`issue(user)` makes a key (printed once, only its hash kept); `revoke(...)` ends it;
`authenticate(request)` answers the user a request's `Authorization: Token <key>` (or
`Bearer <key>`) stands for, refusing an unknown or revoked key and the key of an inactive
user. Refusals are anonymous noise: they are counted in the security log
(`security.note_failure`), not audited, and an address that sent too many bad keys in one
window is refused without another look.
"""

from __future__ import annotations

import secrets
from typing import NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, security
from .models import ApiToken, User


@transaction.atomic
def issue(user: User, *, name: str = "", by: User | None = None) -> tuple[ApiToken, str]:
    """A new key for `user`; returns the token and the key, which is never stored."""
    if not user.is_active:
        raise ValueError(f"{user.username} is not an active user")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, key_hash=ApiToken.hash(key), prefix=key[:8], name=name[:60]
    )
    audit.record("api_token:issued", actor=by, target=token, user=user.username, name=name)
    return token, key


@transaction.atomic
def revoke(token: ApiToken, *, by: User | None = None) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("api_token:revoked", actor=by, target=token, user=token.user.username)
    return token


def _refuse(reason: str, token: ApiToken | None, request: HttpRequest, message: str) -> NoReturn:
    account = token.user.username if token is not None else ""
    security.note_failure(f"api_key_{reason}", security.client_address(request), account)
    raise PermissionDenied(message)


SCHEMES = ("token", "bearer")


def key_in(request: HttpRequest) -> str | None:
    """The key of `Authorization: Token <key>` or `Bearer <key>`; None when none is sent."""
    scheme, _space, key = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() not in SCHEMES:
        return None
    return key.strip()


def authenticate(request: HttpRequest) -> User | None:
    """The user the request's token stands for; None when it sends no token.

    An unknown or revoked key, or the key of an inactive user, raises PermissionDenied, and
    the refusal is counted in the security log.
    """
    key = key_in(request)
    if key is None:
        return None
    address = security.client_address(request)
    if (
        security.failures("api_key_unknown", address=address or "?")
        >= settings.SECURITY_LOG_ADDRESS_LIMIT
    ):
        raise PermissionDenied(_("Too many invalid API keys from this address: try again later."))
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(key)).first()
    if token is None:
        _refuse("unknown", None, request, _("The API key is not valid."))
    if token.revoked_at is not None:
        _refuse("revoked", token, request, _("This API key has been revoked."))
    if not token.user.is_active:
        _refuse("inactive_user", token, request, _("The API key's user is no longer active."))
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
