"""A county with a township and its finance office, each with publications; one internal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Role, Unit, User
from gongkai.core.tests.factories import county, member, office, township
from gongkai.publishing import actions
from gongkai.publishing.models import Publication

TODAY = dt.date(2026, 7, 15)


@dataclass
class World:
    county: Unit
    township: Unit
    office: Unit
    clerk: User
    reviewer: User
    staff: User
    office_clerk: User
    office_reviewer: User

    def item(self, key: str, unit: Unit | None = None) -> CatalogItem:
        return CatalogItem.objects.adopted_by(unit or self.township).get(key=key)

    def published(
        self, key: str = "T01", *, unit: Unit | None = None, title: str = "", **fields
    ) -> Publication:
        unit = unit or self.township
        item = self.item(key, unit)
        is_office = unit == self.office
        publication = actions.create(
            unit=unit,
            item=item,
            by=self.office_clerk if is_office else self.clerk,
            audience="internal" if item.is_internal else "public",
            today=TODAY,
            title=title or "青山镇党政领导班子成员及分工",
            summary=fields.pop("summary", "领导班子成员姓名、职务及分工。"),
            body="<p>党委书记主持全面工作。</p>",
            topic=fields.pop("topic", "organisation"),
            written_on=dt.date(2026, 7, 1),
            **fields,
        )
        reviewer = self.office_reviewer if is_office else self.reviewer
        # Through review: submitted by the clerk, approved by another.
        actions.submit(publication, by=self.office_clerk if is_office else self.clerk, today=TODAY)
        actions.approve(
            publication,
            by=reviewer,
            today=TODAY,
            no_state_secret=True,
            no_superior_document=True,
            privacy_lawful=True,
        )
        actions.publish(
            publication,
            by=reviewer,
            version_number=publication.draft.number,
            today=TODAY,
        )
        publication.refresh_from_db()
        return publication


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    root = county(
        name="示例县人民政府",
        short_name="示例县",
        disclosure_office="示例县人民政府办公室（县政务公开办）",
        phone="0738-8800001",
    )
    town = township(
        root,
        name="示例县青山镇人民政府",
        short_name="青山镇",
        disclosure_office="青山镇党政办公室",
        address="示例县青山镇政府大院",
        office_hours="周一至周五 上午8:30—12:00",
        phone="0738-8801001",
        fax="0738-8801002",
        email="qingshan@shilixian.gov.cn",
        website="https://qingshan.example.org/",
    )
    finance = office(town, name="青山镇财政所", short_name="青山镇财政所")
    for unit in (town, finance):
        catalog_actions.adopt_suggested(unit, by=None)
    return World(
        county=root,
        township=town,
        office=finance,
        clerk=member(town, Role.CLERK),
        reviewer=member(town, Role.REVIEWER),
        staff=member(town, Role.INTERNAL_STAFF),
        office_clerk=member(finance, Role.CLERK),
        office_reviewer=member(finance, Role.REVIEWER),
    )
