"""The request a staff page receives: `login_required` let only a signed-in user through, so
its `user` is a `User`, never the anonymous one. Annotate staff views with it; public pages
keep `HttpRequest`, whose user may be anonymous."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthedHttpRequest(HttpRequest):
    user: User
