"""`{% for name in "slot"|panels %}{% include name %}{% endfor %}`: see `gongkai.core.panels`."""

from __future__ import annotations

from django import template

from gongkai.core import panels as registry

register = template.Library()


@register.filter(name="panels")
def panels(slot: str) -> list[str]:
    return registry.templates(slot)
