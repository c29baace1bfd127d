"""The process chart on a service matter's web page, from the same parser as the PDF guide."""

from __future__ import annotations

from django import template

from gongkai.guides import procedure

register = template.Library()


@register.inclusion_tag("guides/_flow.html")
def process_chart(version) -> dict:
    return {"procedure": procedure.split(version.procedure or ""), "version": version}
