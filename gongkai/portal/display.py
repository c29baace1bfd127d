"""The larger-text, higher-contrast display mode: a cookie, set by a plain form post.

No JavaScript: the form posts here, the cookie is set, and the reader goes back to the page
they were on, now drawn by `base.html` with the `large-text` class on every page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.core.caching import DISPLAY_COOKIE

LARGE = "large"
ONE_YEAR = 365 * 24 * 60 * 60


@csrf_exempt  # a forged post could only change someone's text size; pages stay token-free
@require_POST
def set_display(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if request.POST.get("mode") == LARGE:
        response.set_cookie(
            DISPLAY_COOKIE, LARGE, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure()
        )
    else:
        response.delete_cookie(DISPLAY_COOKIE, samesite="Lax")
    return response
