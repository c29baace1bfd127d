"""Each indicator against records built for it: what counts, what does not, and the link to
every record that costs a point."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.assessment import indicators
from gongkai.reports import layout

from .factories import TODAY, YEAR

D = dt.date
AS_OF = indicators.as_of(YEAR, TODAY)


def zeros() -> dict:
    return dict.fromkeys(layout.CELLS, 0)


CASES = [
    # (indicator, builder, counted)
    ("overdue_obligations", lambda w: w.obligation(due_on=D(YEAR, 7, 28)), 1),
    (
        "overdue_obligations",
        lambda w: w.obligation(due_on=D(YEAR, 7, 28), published_on=D(YEAR, 7, 20)),
        0,
    ),
    ("overdue_obligations", lambda w: w.obligation(due_on=D(YEAR, 7, 28), waived=True), 0),
    # Published only the next year: overdue at the end of the year assessed.
    (
        "overdue_obligations",
        lambda w: w.obligation(due_on=D(YEAR, 7, 28), published_on=D(YEAR + 1, 1, 5)),
        1,
    ),
    (
        "late_obligations",
        lambda w: w.obligation(due_on=D(YEAR, 7, 28), published_on=D(YEAR, 8, 4)),
        1,
    ),
    (
        "late_obligations",
        lambda w: w.obligation(due_on=D(YEAR, 7, 28), published_on=D(YEAR, 7, 1)),
        0,
    ),
    ("late_publications", lambda w: w.publication(late=True), 1),
    ("late_publications", lambda w: w.publication(late=False), 0),
    ("late_publications", lambda w: w.publication(late=True, published=D(YEAR - 1, 5, 6)), 0),
    # A decided document without its 文号.
    ("metadata_errors", lambda w: w.publication(item=w.item(approval="collective")), 1),
    (
        "metadata_errors",
        lambda w: w.publication(item=w.item(approval="collective"), doc_no="青政发〔2025〕3号"),
        0,
    ),
    # An ordinary notice needs no 文号, but every publication needs its 成文日期.
    ("metadata_errors", lambda w: w.publication(), 0),
    ("metadata_errors", lambda w: w.publication(written_on=None), 1),
    ("metadata_errors", lambda w: w.publication(validity="repealed"), 1),
    (
        "metadata_errors",
        lambda w: w.publication(validity="repealed", validity_changed_on=D(YEAR, 9, 1)),
        0,
    ),
    (
        "metadata_errors",
        lambda w: w.publication(
            item=w.item(approval="congress"), written_on=None, validity="expired"
        ),
        3,
    ),
    (
        "incomplete_service_matters",
        lambda w: w.publication(item=w.item(service_guide=True), basis="《条例》", duty="民政办"),
        1,
    ),
    (
        "incomplete_service_matters",
        lambda w: w.publication(
            item=w.item(service_guide=True),
            **dict.fromkeys(indicators.SIX_ELEMENTS, "有"),
        ),
        0,
    ),
    ("overdue_replies", lambda w: w.application(due_on=D(YEAR, 4, 1), replied_on=D(YEAR, 4, 8)), 1),
    (
        "overdue_replies",
        lambda w: w.application(due_on=D(YEAR, 4, 1), replied_on=D(YEAR, 3, 30)),
        0,
    ),
    (
        "overdue_replies",
        lambda w: w.application(due_on=D(YEAR, 4, 1), replied_on=None, stage="received"),
        1,
    ),
    # Not yet due at the end of the year.
    (
        "overdue_replies",
        lambda w: w.application(due_on=D(YEAR + 1, 1, 9), replied_on=None, stage="received"),
        0,
    ),
    (
        "overdue_replies",
        lambda w: w.application(
            due_on=D(YEAR, 4, 1), replied_on=D(YEAR, 5, 8), outcome="fee_unpaid"
        ),
        0,
    ),
    ("corrected_on_review", lambda w: w.case(result="corrected", decided_on=D(YEAR, 6, 1)), 1),
    ("corrected_on_review", lambda w: w.case(result="upheld", decided_on=D(YEAR, 6, 1)), 0),
    ("corrected_on_review", lambda w: w.case(result="", decided_on=None), 0),
    ("dissatisfied_ratings", lambda w: w.rating("dissatisfied"), 1),
    ("dissatisfied_ratings", lambda w: w.rating("satisfied"), 0),
    ("dissatisfied_ratings", lambda w: w.rating("dissatisfied", rated_on=D(YEAR + 1, 1, 2)), 0),
    ("confirmed_errors", lambda w: w.error_report("valid"), 1),
    ("confirmed_errors", lambda w: w.error_report("invalid"), 0),
    ("confirmed_errors", lambda w: w.error_report(""), 0),
    ("annual_report_late", lambda w: None, 1),
    ("annual_report_late", lambda w: w.annual_report(published_on=D(YEAR, 1, 28)), 0),
    ("annual_report_late", lambda w: w.annual_report(published_on=D(YEAR, 2, 10)), 1),
    ("annual_report_late", lambda w: w.annual_report(published_on=None), 1),
    (
        "annual_report_inconsistent",
        lambda w: w.annual_report(published_on=D(YEAR, 1, 20), values=zeros()),
        0,
    ),
    (
        "annual_report_inconsistent",
        lambda w: w.annual_report(
            published_on=D(YEAR, 1, 20), values={**zeros(), next(iter(layout.CELLS)): -1}
        ),
        1,
    ),
    ("annual_report_inconsistent", lambda w: None, 0),
    ("leaks", lambda w: w.incident(D(YEAR, 8, 3)), 1),
    ("leaks", lambda w: w.incident(D(YEAR - 1, 8, 3)), 0),
]


@pytest.mark.parametrize(("key", "build", "counted"), CASES)
def test_each_indicator_counts_the_records_that_cost_points(w, key, build, counted):
    build(w)
    found = indicators.measure(key, w.township, YEAR, AS_OF)
    assert found.count == counted
    assert all(record.url.startswith("/staff/") for record in found.records)
    # Another township's records never count for this one.
    assert indicators.measure(key, w.other, YEAR, AS_OF).count == (
        1 if key == "annual_report_late" else 0
    )


def test_the_link_of_a_finding_opens_its_record(w, client):
    late = w.application(due_on=D(YEAR, 4, 1), replied_on=D(YEAR, 4, 8))
    obligation = w.obligation(due_on=D(YEAR, 7, 28))
    [reply] = indicators.measure("overdue_replies", w.township, YEAR, AS_OF).records
    [overdue] = indicators.measure("overdue_obligations", w.township, YEAR, AS_OF).records
    assert reply.url == late.get_absolute_url()
    assert overdue.url.endswith(f"#obligation-{obligation.pk}")
    assert obligation.item.level2 in overdue.label
    # The unit's own staff open the record the point was lost on.
    client.force_login(w.clerk)
    assert client.get(reply.url).status_code == 200
    assert client.get(overdue.url.split("#")[0]).status_code == 200


def test_stale_columns_are_the_adopted_columns_with_nothing_published(w):
    from gongkai.catalog.models import Adoption

    item = w.item()
    Adoption.objects.create(unit=w.township, item=item)
    assert indicators.measure("stale_columns", w.township, YEAR, AS_OF).count == 1
    w.publication(item=item, published=D(YEAR, 11, 1))
    assert indicators.measure("stale_columns", w.township, YEAR, AS_OF).count == 0


def test_an_office_owes_no_annual_report_of_its_own(w):
    assert indicators.measure("annual_report_late", w.office, YEAR, AS_OF).count == 0


def test_the_current_year_counts_up_to_today():
    assert indicators.as_of(2026, dt.date(2026, 5, 4)) == dt.date(2026, 5, 4)
    assert indicators.as_of(2025, dt.date(2026, 5, 4)) == dt.date(2025, 12, 31)


def test_a_county_measured_at_once_gives_each_unit_what_it_gives_alone(w):
    """The county's assessment measures every unit in one pass per indicator: each unit's
    findings, and the records behind them, are those it has when measured alone."""
    import dataclasses

    from gongkai.assessment import actions, reads

    other = dataclasses.replace(w, township=w.other)
    office = dataclasses.replace(w, township=w.office)
    reported = set()  # a unit has one annual report a year
    for n, (key, build, counted) in enumerate(CASES):
        target = (w, other, office)[n % 3]
        if not counted or (key.startswith("annual_report") and target.township.pk in reported):
            continue
        if key.startswith("annual_report"):
            reported.add(target.township.pk)
        build(target)
    standing = reads.compute(w.county, YEAR, actions.ensure_scheme(w.county), today=TODAY)
    assert {row.unit.pk for row in standing.rows} >= {w.township.pk, w.other.pk, w.office.pk}
    for row in standing.rows:
        for point in row.points:
            alone = indicators.measure(point.indicator, row.unit, YEAR, AS_OF)
            assert point.count == alone.count
            assert point.records == [{"url": r.url, "label": r.label} for r in alone.records]
    lost = {row.unit.pk: sum(p.count for p in row.points) for row in standing.rows}
    assert lost[w.township.pk] and lost[w.other.pk] and lost[w.office.pk]
