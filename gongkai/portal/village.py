"""A village's page (村务公开) and the "my village" picker (我的村).

    /disclosure/<village org code>/   the village board: its latest finance statement, its own
                                      disclosures grouped as the board shows them, its rows of
                                      the township's relief lists, and the township's items
                                      concerning it
    /my-village/                      pick a township, then a village; remembered in a cookie

No account is needed: the choice is a cookie, set by a plain form post, like the display mode.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from gongkai.catalog.models import Group
from gongkai.core.models import Unit, UnitKind
from gongkai.publishing import access as publishing_access
from gongkai.villages import catalog as village_catalog
from gongkai.villages import reads

from .display import ONE_YEAR

MY_VILLAGE_COOKIE = "gongkai_village"
BOARD_ORDER = [spec["level1"] for spec in village_catalog.ITEMS]


def _board_groups(village: Unit) -> list[tuple[str, list]]:
    """The village's own public disclosures, newest first, grouped as on the village board."""
    own = list(
        publishing_access.visible(None)
        .filter(unit=village)
        .select_related("current", "item", "unit")
        .newest_first()[:200]
    )
    groups: dict[str, list] = {}
    for publication in own:
        groups.setdefault(publication.item.level1, []).append(publication)
    order = {name: n for n, name in enumerate(BOARD_ORDER)}
    return sorted(groups.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0]))


def _report_url(publication) -> str:
    """Where a villager reports something wrong in the statement: the report reaches the
    village and its township's handlers (村民委员会组织法 Art. 31)."""
    if not publication.index_no:
        return ""
    code, number = publication.index_no.split("/", 1)
    return reverse("portal:report_error", kwargs={"org_code": code, "number": number})


def page(request: HttpRequest, village: Unit) -> HttpResponse:
    statement = reads.published_statement(village)
    figures, lines = reads.published_figures(statement) if statement else (None, [])
    township = village.parent
    context = {
        "unit": village,
        "township": township,
        "county": village.county,
        "ancestors": list(village.ancestors().exclude(pk=village.pk)),
        "statement": statement,
        "superseded": reads.superseded_versions(statement) if statement else [],
        "report_url": _report_url(statement.publication) if statement else "",
        "figures": figures,
        "lines": lines,
        "groups": _board_groups(village),
        "lists": reads.village_lists(village),
        "township_items": reads.township_items_for(village),
        "village_group": Group.VILLAGE,
    }
    return render(request, "portal/village/page.html", context)


def _village(org_code: str) -> Unit | None:
    return (
        Unit.objects.filter(org_code=(org_code or "").strip().upper()[:9], kind=UnitKind.VILLAGE)
        .select_related("parent")
        .first()
    )


@csrf_exempt  # a forged post could only change someone's remembered village
def my_village(request: HttpRequest) -> HttpResponse:
    """Pick a township, then a village; the village is remembered and opened next time."""
    if request.method == "POST":
        chosen = _village(request.POST.get("village", ""))
        if chosen is None:
            return HttpResponseRedirect(reverse("portal:my_village"))
        response = HttpResponseRedirect(reverse("portal:column", args=[chosen.org_code]))
        response.set_cookie(
            MY_VILLAGE_COOKIE,
            chosen.org_code,
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    remembered = _village(request.COOKIES.get(MY_VILLAGE_COOKIE, ""))
    if remembered is not None and "change" not in request.GET and "township" not in request.GET:
        return HttpResponseRedirect(reverse("portal:column", args=[remembered.org_code]))
    township = None
    if request.GET.get("township"):
        township = get_object_or_404(
            Unit, org_code=request.GET["township"].strip().upper()[:9], kind=UnitKind.TOWNSHIP
        )
    townships = list(
        Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path").prefetch_related("children")
    )
    context = {
        "townships": townships,
        "township": township,
        "villages": reads.villages_of(township) if township else [],
        "remembered": remembered,
    }
    answer = render(request, "portal/village/pick.html", context)
    answer["Cache-Control"] = "private, no-cache"
    return answer
