"""A county with two townships and an office, each with the people the publishing rules need."""

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
    other_township: Unit
    clerk: User
    clerk2: User
    reviewer: User
    reviewer2: User
    staff: User
    office_clerk: User
    office_reviewer: User
    other_clerk: User
    other_staff: User
    leader: User
    office_leader: User

    def item(self, key: str, unit: Unit | None = None) -> CatalogItem:
        return CatalogItem.objects.adopted_by(unit or self.township).get(key=key)

    def draft(
        self,
        key: str = "T01",
        *,
        unit: Unit | None = None,
        by: User | None = None,
        files: actions.Uploads | None = None,
        audience: str | None = None,
        **fields,
    ) -> Publication:
        unit = unit or self.township
        item = self.item(key, unit)
        values = {
            "title": "青山镇党政领导班子成员及分工",
            "summary": "领导班子成员姓名、职务及分工。",
            "body": "<p>党委书记主持全面工作。</p>",
            "topic": "organisation",
            "written_on": dt.date(2026, 7, 1),
            **fields,
        }
        return actions.create(
            unit=unit,
            item=item,
            by=by or (self.office_clerk if unit == self.office else self.clerk),
            audience=audience or ("internal" if item.is_internal else "public"),
            today=TODAY,
            files=files,
            **values,
        )

    def submit(self, publication: Publication, *, by: User | None = None, today: dt.date = TODAY):
        draft = publication.draft
        return actions.submit(publication, by=by or draft.edited_by, today=today)

    def approve(self, publication: Publication, *, by: User | None = None, today: dt.date = TODAY):
        reviewer = by or (
            self.office_reviewer if publication.unit == self.office else self.reviewer
        )
        return actions.approve(
            publication,
            by=reviewer,
            today=today,
            no_state_secret=True,
            no_superior_document=True,
            privacy_lawful=True,
        )

    def record_approvals(self, publication: Publication, today: dt.date = TODAY) -> None:
        """The decision or congress approval the item needs, recorded by the unit's leader."""
        leader = self.office_leader if publication.unit == self.office else self.leader
        approval = publication.item.approval
        if approval == "collective":
            actions.record_decision(
                publication,
                by=leader,
                today=today,
                meeting="青山镇党委会议",
                held_on=dt.date(2026, 7, 2),
                minutes_no="党委会纪要〔2026〕12号",
                attendees="党委书记、镇长、党委委员",
                outcome="同意公开",
            )
        elif approval == "congress":
            actions.record_congress_approval(
                publication,
                by=leader,
                today=today,
                session="青山镇第十八届人民代表大会第五次会议",
                held_on=dt.date(2026, 7, 2),
                resolution="批准2026年预算",
            )

    def publish(self, publication: Publication, *, by: User | None = None, today: dt.date = TODAY):
        """Take the draft through the whole review (submit, approve, records) and publish it."""
        reviewer = by or (
            self.office_reviewer if publication.unit == self.office else self.reviewer
        )
        self.submit(publication, today=today)
        self.approve(publication, by=reviewer, today=today)
        self.record_approvals(publication, today=today)
        version = actions.publish(
            publication, by=reviewer, version_number=publication.draft.number, today=today
        )
        publication.refresh_from_db()
        return version


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    root = county()
    town, other = township(root, name="示例县青山镇人民政府", short_name="青山镇"), township(root)
    finance = office(town, name="青山镇财政所", short_name="青山镇财政所")
    for unit in (town, other, finance):
        catalog_actions.adopt_suggested(unit, by=None)
    return World(
        county=root,
        township=town,
        office=finance,
        other_township=other,
        clerk=member(town, Role.CLERK),
        clerk2=member(town, Role.CLERK),
        reviewer=member(town, Role.REVIEWER),
        reviewer2=member(town, Role.REVIEWER),
        staff=member(town, Role.INTERNAL_STAFF),
        office_clerk=member(finance, Role.CLERK),
        office_reviewer=member(finance, Role.REVIEWER),
        other_clerk=member(other, Role.CLERK),
        other_staff=member(other, Role.INTERNAL_STAFF),
        leader=member(town, Role.LEADER),
        office_leader=member(finance, Role.LEADER),
    )
