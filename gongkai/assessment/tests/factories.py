"""Records built for the indicators: a county, a township and an office, and one builder per
kind of record the indicators count (saved as the platform keeps them)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from gongkai.catalog.models import Catalog, CatalogItem
from gongkai.core.models import Role, Unit, User
from gongkai.core.tests.factories import county, member, office, township
from gongkai.evaluation.models import ErrorReport, Rating
from gongkai.info_requests.models import InfoRequest
from gongkai.obligations.models import Obligation
from gongkai.publishing.models import Publication, PublicationVersion, Review
from gongkai.reports.models import AnnualReport, ReviewCase

YEAR = 2025
# Early in the next year: the 2025 assessment counts up to 31 December 2025.
TODAY = dt.date(2026, 3, 2)
_serial = itertools.count(1)


@dataclass
class World:
    county: Unit
    township: Unit
    office: Unit
    other: Unit
    clerk: User
    leader: User
    supervisor: User
    admin: User
    other_clerk: User

    def item(self, **fields) -> CatalogItem:
        catalog, _ = Catalog.objects.get_or_create(county=self.county, defaults={"name": "目录"})
        values = {
            "group": "township",
            "level1": "机构信息",
            "level2": f"事项{next(_serial)}",
            "content": "内容",
            "basis": "《条例》",
            "time_limit": "信息形成或变更之日起20个工作日内",
            "subject": "党政办",
            "audience": "public",
            "mode": "proactive",
            "level": "township",
            "approval": "review",
            "cadence": "half_yearly",
            "unit_kind": "township",
            **fields,
        }
        return CatalogItem.objects.create(catalog=catalog, **values)

    def obligation(
        self,
        *,
        due_on: dt.date,
        published_on: dt.date | None = None,
        waived: bool = False,
        unit: Unit | None = None,
    ) -> Obligation:
        n = next(_serial)
        return Obligation.objects.create(
            unit=unit or self.township,
            item=self.item(),
            period=f"{YEAR}-H1",
            period_start=dt.date(YEAR, 1, 1),
            period_end=dt.date(YEAR, 6, 30),
            rule="periodic",
            due_on=due_on,
            published_on=published_on,
            waived_at=timezone.now() if waived else None,
            waived_by=self.leader if waived else None,
            waiver_reason="本期无此事项" if waived else "",
            trigger_note=str(n),
        )

    def publication(
        self,
        *,
        published: dt.date = dt.date(YEAR, 5, 6),
        item: CatalogItem | None = None,
        late: bool = False,
        unit: Unit | None = None,
        **version_fields,
    ) -> Publication:
        unit = unit or self.township
        n = next(_serial)
        at = timezone.make_aware(dt.datetime.combine(published, dt.time(10)))
        publication = Publication.objects.create(
            unit=unit, item=item or self.item(), created_by=self.clerk
        )
        values = {
            "title": f"青山镇公告第{n}号",
            "topic": "general",
            "publisher_name": unit.name,
            "written_on": published - dt.timedelta(days=3),
            **version_fields,
        }
        version = PublicationVersion.objects.create(
            publication=publication,
            number=1,
            created_by=self.clerk,
            edited_by=self.clerk,
            published_at=at,
            published_by=self.leader,
            **values,
        )
        Review.objects.create(version=version, stage="published", published_late=late)
        publication.current = version
        publication.status = "published"
        publication.index_no = f"{unit.org_code}/{published.year}-{n:05d}"
        publication.index_year = published.year
        publication.index_serial = n
        publication.first_published_at = at
        publication.save()
        return publication

    def application(
        self, *, due_on: dt.date, replied_on: dt.date | None, stage: str = "replied", **fields
    ) -> InfoRequest:
        n = next(_serial)
        return InfoRequest.objects.create(
            unit=self.township,
            tracking_code=f"YS{n:08d}",
            token="t",
            channel="online",
            applicant_type="natural_person",
            applicant_name="张桂芳",
            contact_phone="13800000000",
            description="请求公开低保名单",
            delivery="electronic",
            submitted_at=timezone.now(),
            received_on=due_on - dt.timedelta(days=28),
            due_on=due_on,
            replied_on=replied_on,
            stage=stage,
            outcome=fields.pop("outcome", "disclosed" if replied_on else ""),
            **fields,
        )

    def case(self, *, result: str, decided_on: dt.date | None) -> ReviewCase:
        return ReviewCase.objects.create(
            unit=self.township,
            kind="review",
            reference=f"示府复〔{YEAR}〕{next(_serial)}号",
            subject="答复内容",
            filed_on=dt.date(YEAR, 2, 1),
            result=result,
            decided_on=decided_on,
            recorded_by=self.clerk,
        )

    def rating(self, verdict: str, *, rated_on: dt.date = dt.date(YEAR, 6, 1)) -> Rating:
        return Rating.objects.create(
            unit=self.township,
            publication=self.publication(),
            verdict=verdict,
            rated_on=rated_on,
            client_hash=str(next(_serial)),
        )

    def error_report(self, finding: str, *, received_on: dt.date = dt.date(YEAR, 6, 1)):
        publication = self.publication()
        return ErrorReport.objects.create(
            unit=self.township,
            publication=publication,
            version=publication.current,  # type: ignore[misc]
            tracking_code=f"JC{next(_serial):08d}",
            description="合计数有误",
            received_at=timezone.now(),
            received_on=received_on,
            due_on=received_on + dt.timedelta(days=14),
            status="answered" if finding else "open",
            finding=finding,
        )

    def incident(self, day: dt.date):
        from gongkai.assessment.models import Incident

        return Incident.objects.create(
            unit=self.township,
            kind="personal_data",
            occurred_on=day,
            description="低保公示名单中公开了申请人身份证号码全号。",
            recorded_by=self.supervisor,
        )

    def annual_report(
        self, *, year: int = YEAR - 1, published_on: dt.date | None, values: dict | None = None
    ) -> AnnualReport:
        at = (
            timezone.make_aware(dt.datetime.combine(published_on, dt.time(9)))
            if published_on
            else None
        )
        return AnnualReport.objects.create(
            unit=self.township,
            year=year,
            status="published" if published_on else "draft",
            published_at=at,
            published_by=self.clerk if published_on else None,
            created_by=self.clerk,
            edited_by=self.clerk,
            values=values or {},
        )


def world() -> World:
    root = county(name="测试县人民政府")
    town = township(root, name="测试县青山镇人民政府")
    other = township(root, name="测试县白水乡人民政府")
    return World(
        county=root,
        township=town,
        office=office(town, name="青山镇财政所"),
        other=other,
        clerk=member(town, Role.CLERK),
        leader=member(town, Role.LEADER),
        supervisor=member(root, Role.SUPERVISOR),
        admin=member(root, Role.UNIT_ADMIN),
        other_clerk=member(other, Role.CLERK),
    )
