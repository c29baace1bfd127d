"""The board sheet of a village finance statement prints: the PDF, opened back, carries the
statement's title, its figures, its lines and the supervision committee's sign-off block."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from gongkai.core.models import Role
from gongkai.core.tests.factories import county, member, township, village
from gongkai.publishing import actions as publishing
from gongkai.villages import actions
from gongkai.villages.imports import Line

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def published():
    town = township(county(), short_name="青山镇")
    home = village(town, name="青山镇青山村村民委员会", short_name="青山村")
    clerk, committee = member(home, Role.CLERK), member(home, Role.VILLAGE_SUPERVISION)
    statement = actions.create_statement(
        home, by=clerk, period="2026-M10", opening_balance=Decimal("52000.00"), today=TODAY
    )
    lines = [
        Line(
            dt.date(2026, 10, 5),
            "上级补助收入",
            "income",
            Decimal("18000.00"),
            "青山镇财政所",
            "记-10-01",
        ),
        Line(
            dt.date(2026, 10, 9),
            "村干部报酬",
            "expense",
            Decimal("6200.00"),
            "村两委干部",
            "记-10-02",
        ),
        Line(
            dt.date(2026, 10, 12),
            "办公费",
            "expense",
            Decimal("380.50"),
            "示例县新华书店",
            "记-10-03",
        ),
    ]
    actions.import_lines(statement, by=clerk, lines=lines, source="村级财务收支.xlsx")
    statement = actions.submit(statement, by=clerk, today=TODAY)
    publication = statement.publication
    publishing.approve(
        publication,
        by=committee,
        today=TODAY,
        no_state_secret=True,
        no_superior_document=True,
        privacy_lawful=True,
    )
    publication.refresh_from_db()
    publishing.publish(
        publication, by=committee, version_number=publication.draft.number, today=TODAY
    )
    statement.refresh_from_db()
    return statement, clerk


def test_the_village_clerk_prints_the_board_sheet_of_a_statement(client, published):
    statement, clerk = published
    client.force_login(clerk)
    page = client.get(f"/staff/villages/statements/{statement.pk}/").content.decode()
    assert f"/staff/bulletins/sheet/{statement.publication.pk}.pdf" in page
    answer = client.get(
        f"/staff/bulletins/sheet/{statement.publication.pk}.pdf",
        {"size": "A4", "shown_from": "2026-11-20", "shown_to": "2026-12-19"},
    )
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = text_of(answer.content)
    for expected in (
        "青山村2026年10月财务收支公开",
        "本期收入：18000.00元",
        "本期支出：6580.50元",
        "本期结余：63419.50元",
        "收支明细",
        "上级补助收入",
        "18000.00",
        "380.50",
        "记-10-03",
        "2026年11月20日至2026年12月19日",
        "村务监督委员会",
        statement.publication.index_no,
    ):
        assert expected in text, expected


def test_anyone_prints_the_public_sheet_of_a_published_statement(client, published):
    statement, _clerk = published
    answer = client.get(f"{statement.publication.get_absolute_url()}sheet.pdf")
    assert answer.status_code == 200
    text = text_of(answer.content)
    assert "青山村2026年10月财务收支公开" in text and "村干部报酬" in text
