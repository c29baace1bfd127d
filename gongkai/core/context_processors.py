from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Unit


def _county():
    return Unit.objects.counties().order_by("position", "pk").first()


def site(request: HttpRequest) -> dict:
    """The site's name and its county, fetched only when a template asks for it."""
    return {"site_name": settings.GONGKAI_SITE_NAME, "site_county": SimpleLazyObject(_county)}
