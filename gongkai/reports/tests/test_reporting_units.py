"""Whose records a township's report counts: its offices', its cases of the year of their
result, and its processing fees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.info_requests import actions as request_actions
from gongkai.info_requests import fees
from gongkai.reports import actions, compute, layout, starter
from gongkai.reports.layout import t3, t4
from gongkai.reports.models import reporting_units

from .factories import TODAY, application, opened, world

pytestmark = pytest.mark.django_db

NEW = layout.T3_NEW
TOTAL = layout.T3_TOTAL_COLUMN


def test_applications_to_a_townships_office_are_counted_in_the_townships_report():
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    application(w.office, dt.date(2025, 5, 6), "not_held", dt.date(2025, 5, 20))
    report = opened(w)
    assert report.value(t3(NEW, TOTAL)) == 2
    assert report.value(t3(layout.T3_RESULTS_TOTAL, TOTAL)) == 2


def test_an_office_is_not_a_separate_reporter_unless_the_county_says_so():
    w = world()
    assert w.office not in reporting_units(w.county)
    with pytest.raises(ValidationError, match="站所"):
        actions.open_report(w.office, 2025, by=w.office_clerk, today=TODAY)

    actions.set_reporting_rule(w.county, by=w.supervisor, offices_separately=True)
    assert AuditEvent.objects.filter(action="reporting_rule:set").count() == 1
    assert w.office in reporting_units(w.county)
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    application(w.office, dt.date(2025, 5, 6), "not_held", dt.date(2025, 5, 20))
    assert opened(w).value(t3(NEW, TOTAL)) == 1
    office_report = actions.open_report(w.office, 2025, by=w.office_clerk, today=TODAY)
    assert office_report.value(t3(NEW, TOTAL)) == 1


def test_only_the_county_sets_the_reporting_rule():
    w = world()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.set_reporting_rule(w.county, by=w.clerk, offices_separately=True)


def test_a_case_is_reported_in_the_year_it_was_filed_and_again_in_the_year_of_its_result():
    w = world()
    actions.record_case(
        w.township,
        by=w.clerk,
        kind="review",
        reference="示府复〔2024〕31号",
        subject="对征收补偿信息不予公开答复不服",
        filed_on=dt.date(2024, 11, 20),
        result="corrected",
        decided_on=dt.date(2025, 2, 14),
    )
    pending, corrected = 3, 1
    in_2024 = compute.table4(w.township, 2024)
    assert in_2024[t4(0, pending)] == 1
    in_2025 = compute.table4(w.township, 2025)
    assert in_2025[t4(0, corrected)] == 1
    assert in_2025[t4(0, layout.T4_TOTAL_COLUMN)] == 1
    assert compute.table4(w.township, 2026)[t4(0, layout.T4_TOTAL_COLUMN)] == 0


def _fee(unit, received: dt.date, *, paid: bool) -> None:
    req = application(unit, received)
    notice_on = received + dt.timedelta(days=1)
    request_actions.advance(
        req,
        by=None,
        type="fee_notice",
        date=notice_on,
        today=TODAY,
        method=fees.BY_PAGES,
        quantity=150,
    )
    if paid:
        request_actions.advance(
            req, by=None, type="fee_paid", date=notice_on + dt.timedelta(days=3), today=TODAY
        )


def test_section_six_starts_from_the_fee_notices_and_the_fees_collected():
    w = world()
    report = opened(w)
    assert "未收取信息处理费" in starter.offers(report)["other"]
    _fee(w.township, dt.date(2025, 4, 7), paid=True)
    _fee(w.office, dt.date(2025, 6, 2), paid=False)
    _fee(w.other, dt.date(2025, 6, 2), paid=True)  # another township: not counted
    figures = compute.fees(w.township, 2025)
    assert (figures.notices, figures.paid) == (2, 1)
    assert figures.paid_amount * 2 == figures.notice_amount > 0
    text = starter.offers(report)["other"]
    assert f"发出收费通知2件，总金额{figures.notice_amount}元" in text
    assert f"实际收取信息处理费1件，总金额{figures.paid_amount}元" in text


def _decision(w, key: str, written_on: dt.date, n: int):
    from gongkai.catalog import actions as catalog_actions
    from gongkai.catalog.models import CatalogItem
    from gongkai.publishing import actions as publishing_actions
    from gongkai.reports.demo import _publish

    item = CatalogItem.objects.get(catalog__county=w.county, key=key)
    if not item.adoptions.filter(unit=w.township).exists():
        catalog_actions.adopt(w.township, item, by=None)
    publication = publishing_actions.create(
        unit=w.township,
        item=item,
        by=w.clerk,
        audience="public",
        today=TODAY,
        title=f"青山镇{item.level2}（第{n}号）",
        summary=f"青山镇{item.level2}。",
        body=f"<p>青山镇{item.level2}全文。</p>",
        topic="general",
        doc_no=f"青政执〔{written_on.year}〕{n}号",
        written_on=written_on,
        approval_reference=f"{written_on.year}年镇党委会议集体讨论决定",
    )
    _publish(
        publication,
        clerk=w.clerk,
        reviewer=w.reviewer,
        leader=w.leader,
        version_number=1,
        decided_on=written_on,
        today=TODAY,
    )
    return publication


def test_the_default_catalog_carries_the_items_table_two_counts():
    from gongkai.catalog.models import CatalogItem

    w = world()
    items = CatalogItem.objects.filter(catalog__county=w.county)
    for label, key in compute.TABLE2_ITEM_KEYS.items():
        assert items.get(key=key).level2.startswith(label)
    _decision(w, "N03", dt.date(2025, 4, 3), 1)
    _decision(w, "N03", dt.date(2025, 9, 12), 2)
    _decision(w, "N03", dt.date(2024, 12, 30), 3)  # last year's
    _decision(w, "N04", dt.date(2025, 5, 6), 4)
    _decision(w, "N02", dt.date(2025, 7, 1), 5)
    counted = compute.table2(w.township, 2025)
    licences = layout.TABLE2[1].cell(0, 0).key
    penalties, enforcement = layout.TABLE2[2].cell(0, 0).key, layout.TABLE2[2].cell(1, 0).key
    normative = layout.TABLE2[0].cell(1, 0).key
    fees_cell = layout.TABLE2[3].cell(0, 0).key
    assert counted.values[licences] == 2
    assert counted.values[penalties] == 1
    assert counted.values[normative] == 1
    assert enforcement in counted.by_hand  # not adopted: entered by hand
    assert fees_cell in counted.by_hand  # an amount of money: entered by hand
