"""Publishing's `World` (a county, two townships and an office, with their people), plus a
village of the township, its clerk, and a few published publications to put on boards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.models import Role, Unit, User
from gongkai.core.tests.factories import member, village
from gongkai.publishing import actions
from gongkai.publishing.models import Publication
from gongkai.publishing.tests import conftest as publishing
from gongkai.publishing.tests.conftest import World

# Publishing's fixtures: its world, and media files in a temporary folder.
world = publishing.world
media_in_a_temporary_folder = publishing._media_in_a_temporary_folder

TODAY = timezone.localdate()
HOMESTEADS = "申请人,所在村,批准面积（平方米）\n李秀英,青山村,120\n王建国,柳溪村,135\n"


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("table.csv", text.encode(), content_type="text/csv")


@dataclass
class Boards:
    world: World
    village: Unit
    village_clerk: User
    homesteads: Publication  # a village matter (V05), with a table
    requisition: Publication  # an Art. 21 item whose title names the village
    leaders: Publication  # a township matter (T01)
    other: Publication  # another township's publication
    internal: Publication  # internal to the township (I03)

    @property
    def township(self) -> Unit:
        return self.world.township


@pytest.fixture
def boards(world: World) -> Boards:
    world.township.supervision_phone = "0738-8801009"
    world.township.save()
    qingshan = village(world.township, name="青山镇青山村村民委员会", short_name="青山村")
    homesteads = world.draft(
        "V05",
        title="青山镇2026年第一批农村宅基地审批结果公示",
        summary="第一批农村宅基地申请的审批结果。",
        body="<p>经村民小组讨论、村委会审查、乡镇审核，现将审批结果公示如下。</p>",
        topic="land",
        period="2026年第一批",
        files=actions.Uploads(tables=[("2026年第一批宅基地审批结果", _csv(HOMESTEADS))]),
    )
    world.publish(homesteads)
    requisition = world.draft(
        "A05",
        title="关于青山村部分集体土地征收补偿安置方案的公告",
        summary="青山村第三、四村民小组集体土地征收的补偿标准。",
        body="<p>因县道改扩建工程建设需要，拟征收青山村集体土地3.26公顷。</p>",
        topic="land",
        approval_reference="2026年7月2日青山镇党委会议集体讨论决定",
    )
    world.publish(requisition)
    leaders = world.draft("T01")
    world.publish(leaders)
    other = world.draft(
        "T01",
        unit=world.other_township,
        by=world.other_clerk,
        title="另一乡镇领导班子分工",
    )
    other_reviewer = member(world.other_township, Role.REVIEWER)
    world.publish(other, by=other_reviewer)
    internal = world.draft(
        "I03",
        title="青山镇机关2026年上半年公务接待费开支情况",
        body="<p>仅向本机关干部职工公开。</p>",
        topic="finance",
        period="2026年上半年",
    )
    world.publish(internal)
    return Boards(
        world=world,
        village=qingshan,
        village_clerk=member(qingshan, Role.CLERK),
        homesteads=homesteads,
        requisition=requisition,
        leaders=leaders,
        other=other,
        internal=internal,
    )


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)
