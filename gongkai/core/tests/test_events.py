"""The audit-event registry: every event the code records is declared once, with its fields."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from gongkai.core import audit, events
from gongkai.core.models import AuditEvent

from .factories import county

PACKAGE = Path(__file__).resolve().parents[2]


def sources() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _literal_names(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_names(node.body), _literal_names(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def record_calls() -> list[tuple[str, int, list[str] | None, set[str]]]:
    """(file, line, literal event names or None, keyword fields) of each `audit.record(...)`."""
    found = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
                and node.args
            ):
                continue
            fields = {k.arg for k in node.keywords if k.arg} - {"actor", "unit", "target"}
            where = str(path.relative_to(PACKAGE))
            found.append((where, node.lineno, _literal_names(node.args[0]), fields))
    return found


def test_the_code_records_events():
    assert len(record_calls()) > 50


def test_every_recorded_event_is_declared_with_the_fields_it_carries():
    problems = []
    for where, line, names, fields in record_calls():
        for name in names or []:
            event = events.get(name)
            if event is None:
                problems.append(f"{where}:{line} {name} is not declared")
            elif not event.open_fields and fields - event.fields:
                problems.append(f"{where}:{line} {name} carries {sorted(fields - event.fields)}")
    assert problems == []


def test_every_declared_event_is_named_in_the_code():
    """No declaration outlives the code that recorded it (names are literals, never built)."""
    literals = set()
    for path in sources():
        if path.name == "events.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    assert sorted(set(events.declared()) - literals) == []


def test_each_event_has_a_chinese_label():
    untranslated = []
    for name, event in events.declared().items():
        with translation.override("en"):
            english = str(event.label)
        with translation.override("zh-hans"):
            chinese = str(event.label)
        if chinese == english:
            untranslated.append(name)
    assert untranslated == []
    with translation.override("zh-hans"):
        assert events.label("publication:published") == "发布"


@pytest.mark.django_db
def test_an_undeclared_name_or_field_is_refused_and_nothing_is_written():
    unit = county()
    with pytest.raises(ValueError, match="not declared"):
        audit.record("unit:renamed", actor=None, unit=unit, target=unit)
    with pytest.raises(ValueError, match="does not declare the fields"):
        audit.record("unit:updated", actor=None, unit=unit, target=unit, colour="red")
    assert not AuditEvent.objects.filter(action__in=["unit:renamed", "unit:updated"]).exists()


def test_a_past_event_no_longer_declared_keeps_displaying():
    assert events.label("publication:archived_in_2019") == "publication:archived_in_2019"


def test_a_name_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        events.declare("unit:created", "something else")
    # the same declaration again is harmless
    known = events.get("unit:created")
    events.declare("unit:created", known.label, *known.fields)
