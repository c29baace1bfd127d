"""The public seal page: each county's chain head, to note down, and a check of a noted one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.publishing import anchors


def seals(request: HttpRequest) -> HttpResponse:
    context: dict = {"heads": [(c, s, anchors.anchor_of(s)) for c, s in anchors.heads()]}
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
