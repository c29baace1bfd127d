"""The public seal page: each county's chain head, to note down, a check of a noted one, and
the entries taken down (their hashes stay, their content is gone)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.publishing import anchors
from gongkai.publishing.models import Seal, SealEvent


def seals(request: HttpRequest) -> HttpResponse:
    taken_down = (
        Seal.objects.filter(event=SealEvent.TAKEN_DOWN)
        .select_related("county", "version__publication")
        .order_by("-sealed_at", "-number")
    )
    context: dict = {
        "heads": [(c, s, anchors.anchor_of(s)) for c, s in anchors.heads()],
        "taken_down": list(taken_down),
    }
    text = request.GET.get("anchor", "").strip()
    if text:
        context["anchor_text"] = text
        try:
            anchor = anchors.parse(text)
        except anchors.BadAnchor as error:
            context["anchor_error"] = str(error)
        else:
            context["anchor"] = anchor
            context["anchor_problems"] = anchors.check(anchor)
    return render(request, "portal/seals.html", context)
