from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from gongkai.core import audit
from gongkai.core.models import AuditEvent

from .factories import county

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    unit = county()
    return audit.record("unit:updated", actor=None, unit=unit, target=unit, changes="测试")


def test_an_event_records_its_target_and_data(event):
    assert event.target_type == "core.unit"
    assert event.data == {"changes": "测试"}
    assert AuditEvent.objects.for_target(event.unit).get() == event


def test_names_must_be_subject_colon_action():
    with pytest.raises(ValueError):
        audit.record("checked", actor=None)


def test_the_orm_refuses_to_change_or_delete_an_event(event):
    event.action = "unit:forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="unit:forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET action = 'unit:forged'",
        "DELETE FROM core_auditevent",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(event, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).action == "unit:updated"
