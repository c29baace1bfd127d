"""The one authentication of the API: a per-user key, `Authorization: Token <key>` or `Bearer`.

No key or a bad one (unknown, revoked, its user inactive: refused and audited by
`core.tokens`) is 401; a key whose user has no role anywhere is 403, and each step then asks
`core.access` through the domain actions, which refuse (403) what the user's roles do not
allow. A session cookie never authenticates a staff call: a forged cross-site form carries
the cookie but cannot set this header. Public reads take the key when sent, or the signed-in
session (reads change nothing), to show a unit's own staff its drafts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyHeader

from gongkai.core import access, tokens
from gongkai.core.access import Perm
from gongkai.core.models import User


def _user_of_key(request: HttpRequest) -> User | None:
    try:
        return tokens.authenticate(request)
    except PermissionDenied as refusal:  # a bad key is no authentication at all
        raise AuthenticationError(401, str(refusal)) from refusal


class TokenAuth(APIKeyHeader):
    """`Authorization: Token <key>` (or `Bearer <key>`); `gongkai issue_token <username>`."""

    param_name = "Authorization"
    openapi_description = (
        "A staff member's API key: `Authorization: Token <key>` or `Authorization: Bearer "
        "<key>`. Issue one with `gongkai issue_token <username>`. It acts with exactly that "
        "user's roles."
    )

    def _get_key(self, request: HttpRequest) -> str | None:
        return tokens.key_in(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        if not key:
            return None
        user = _user_of_key(request)
        if user is not None and not access.units(user, Perm.USE_BACKOFFICE).exists():
            raise PermissionDenied(_("This key's user has no role in any unit."))
        return user


token_auth = TokenAuth()


def reader(request: HttpRequest) -> User | None:
    """Who reads: the key's user when a key is sent (401 when bad), else the session's."""
    if tokens.key_in(request) is not None:
        user = _user_of_key(request)
        if user is not None:
            return user
    return request.user if isinstance(request.user, User) else None


def staff(request: HttpRequest) -> User:
    """The user a staff operation acts for (its `auth` has already checked the key)."""
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise AuthenticationError(401, _("Send an API key: Authorization: Token <key>."))
    return user
