from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.models import Role, Unit
from gongkai.core.tests.factories import county, member, office, township
from gongkai.info_requests import actions
from gongkai.info_requests.models import InfoRequest


def details(**overrides: Any) -> dict[str, Any]:
    return {
        "applicant_type": "natural_person",
        "applicant_name": "张桂芳",
        "id_type": "id_card",
        "id_number": "431399196803121526",
        "contact_phone": "13907381234",
        "contact_email": "zhang@example.com",
        "description": "请求公开2025年度青山村低保对象名单。",
        "delivery": "electronic",
        **overrides,
    }


def tree() -> dict[str, Unit]:
    root = county()
    town = township(root)
    other = township(root)
    return {
        "county": root,
        "township": town,
        "office": office(town),
        "other_township": other,
        "other_office": office(other),
    }


def people(units: dict[str, Unit]) -> dict[str, Any]:
    return {
        "clerk": member(units["township"], Role.CLERK),
        "leader": member(units["township"], Role.LEADER),
        "office_clerk": member(units["office"], Role.CLERK),
        "other_clerk": member(units["other_township"], Role.CLERK),
        "supervisor": member(units["county"], Role.SUPERVISOR),
    }


def submitted(unit: Unit, day: dt.date, **overrides: Any) -> InfoRequest:
    return actions.submit(unit=unit, today=day, **details(**overrides))


def received(unit: Unit, day: dt.date, **overrides: Any) -> InfoRequest:
    req = submitted(unit, day, **overrides)
    actions.receive(req, by=None, date=day, today=day)
    req.refresh_from_db()
    return req


def docx_upload(name: str, *paragraphs: str):
    """A Word file, as an upload, with the given paragraphs."""
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
