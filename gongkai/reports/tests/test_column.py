"""A published report is a publication in the unit's annual-report column, sealed and screened."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from gongkai.catalog.models import Adoption
from gongkai.publishing import actions as publishing_actions
from gongkai.publishing.models import Publication
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, Status

from .factories import LONG_TEXT, TODAY, application, opened, world

pytestmark = pytest.mark.django_db


def test_publishing_puts_the_report_in_the_annual_report_column_with_its_files_and_seal(client):
    w = world()
    application(w.township, TODAY.replace(year=2025, month=3, day=4), "disclosed")
    report = actions.save_text(opened(w), by=w.clerk, overview=LONG_TEXT)
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)

    report.refresh_from_db()
    publication = report.publication
    assert publication.item.key == "R01"
    assert Adoption.objects.filter(unit=w.township, item=publication.item).exists()
    assert publication.index_no.startswith(w.township.org_code + "/")
    version = publication.current
    assert version.title == report.title == "测试县青山镇人民政府2025年政府信息公开工作年度报告"
    assert version.created_by == w.clerk and version.published_by == w.reviewer
    assert LONG_TEXT[:20] in version.body
    assert "收到和处理政府信息公开申请情况" in version.body
    assert "本年新收政府信息公开申请数量" in version.body  # table 3, in the body
    files = {a.kind: a for a in version.attachments.all()}
    assert set(files) == {"docx", "pdf"}
    with files["pdf"].file.open("rb") as stored:
        pdf = PdfReader(io.BytesIO(stored.read()))
    pdf_text = "".join(page.extract_text() for page in pdf.pages)
    assert "总体情况" in pdf_text
    assert all(check.valid for check in publishing_actions.verify(publication))

    page = client.get(publication.get_absolute_url())
    assert page.status_code == 200 and report.title in page.content.decode()
    column = client.get(reverse("portal:annual_reports", args=[w.township.org_code]))
    assert publication.index_no in column.content.decode()
    proactive = client.get(reverse("portal:proactive", args=[w.township.org_code]))
    assert report.title in proactive.content.decode()


def test_an_office_adopts_the_annual_report_item_when_it_first_publishes():
    w = world()
    from gongkai.core.models import Role
    from gongkai.core.tests.factories import member

    clerk, reviewer = member(w.office, Role.CLERK), member(w.office, Role.REVIEWER)
    actions.set_reporting_rule(w.county, by=w.supervisor, offices_separately=True)
    report = actions.open_report(w.office, 2025, by=clerk, today=TODAY)
    actions.publish(report, by=reviewer, secrecy=actions.CONFIRMED)
    report.refresh_from_db()
    assert report.publication.unit == w.office
    assert Adoption.objects.filter(unit=w.office, item__key="R01").count() == 1


def test_personal_information_in_the_text_blocks_publishing_and_nothing_is_left_behind():
    w = world()
    report = actions.save_text(
        opened(w), by=w.clerk, other="联系人张三，身份证号11010519491231002X。"
    )
    with pytest.raises(ValidationError) as raised:
        actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    assert "11010519491231002X" in " ".join(raised.value.messages)
    report.refresh_from_db()
    assert report.status == Status.DRAFT and report.publication is None
    assert not Publication.objects.filter(unit=w.township).exists()


def test_an_unconfirmed_secrecy_review_is_refused():
    w = world()
    report = opened(w)
    with pytest.raises(ValidationError) as raised:
        actions.publish(report, by=w.reviewer, secrecy=actions.SecrecyReview(no_state_secret=True))
    assert "保密审查" in " ".join(raised.value.messages)
    assert AnnualReport.objects.get(pk=report.pk).status == Status.DRAFT
    assert not Publication.objects.filter(unit=w.township).exists()
