"""Panels an app adds to a page it does not own: a small registry of templates by slot.

A page names a slot ("publication:public", "publication:staff") and includes whatever
templates the apps registered for it, so the page's app never imports the apps that add
to it (publishing does not know that bulletins and guides print its publications):

    # in the app's AppConfig.ready()
    panels.register("publication:public", "guides/_public_links.html", order=10)

    {% load panels %}
    {% for name in "publication:public"|panels %}{% include name %}{% endfor %}

A panel's template gets the page's whole context and decides by itself whether it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

# The slots pages offer, and what their context holds.
SLOTS = {
    "publication:public": "the public publication page: publication, version, is_current, "
    "unit, number",
    "publication:staff": "the staff publication page: publication, version, draft, user",
}


@dataclass(frozen=True)
class Panel:
    template: str
    order: int


_REGISTRY: dict[str, list[Panel]] = {}


def register(slot: str, template: str, *, order: int = 50) -> None:
    """Add `template` to the pages that offer `slot`; lower `order` comes first."""
    if slot not in SLOTS:
        raise ValueError(f"No page offers the panel slot {slot!r}.")
    found = _REGISTRY.setdefault(slot, [])
    if all(panel.template != template for panel in found):
        found.append(Panel(template, order))
        found.sort(key=lambda panel: (panel.order, panel.template))


def templates(slot: str) -> list[str]:
    """The templates registered for `slot`, in order."""
    return [panel.template for panel in _REGISTRY.get(slot, ())]
