"""In the demo county, a year of activity is reported exactly.

A year of publications, repeals, applications with every outcome and a review case; the
report's tables equal the hand count, the checks pass, Word, PDF, HTML and the API carry the
same numbers; a deliberately inconsistent hand-entered count blocks publishing, naming the check.
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.models import Unit, User
from gongkai.reports import actions, compute, exports, layout
from gongkai.reports import demo as reports_demo
from gongkai.reports.layout import t3
from gongkai.reports.models import AnnualReport, ReviewCase, Status

from .factories import TODAY, document
from .test_compute import hand_counted, year_of_activity


@pytest.fixture
def county_year(demo):
    people = SimpleNamespace(
        township=Unit.objects.get(name="示例县青山镇人民政府"),
        other=Unit.objects.get(name="示例县白水乡人民政府"),
        clerk=User.objects.get(username="qingshan_clerk"),
        reviewer=User.objects.get(username="qingshan_reviewer"),
        leader=User.objects.get(username="qingshan_leader"),
    )
    year_of_activity(people)
    document(people, dt.date(2025, 3, 20), n=1)
    document(people, dt.date(2024, 5, 6), repealed_on=dt.date(2025, 10, 8), n=2)
    actions.record_case(
        people.township,
        by=people.clerk,
        kind="review",
        reference="示府复〔2025〕12号",
        subject="对部分公开答复不服",
        filed_on=dt.date(2025, 7, 10),
        result="upheld",
        decided_on=dt.date(2025, 9, 5),
    )
    return people


@pytest.mark.django_db
def test_the_report_equals_the_hand_count_and_every_format_carries_the_same_numbers(
    county_year, client
):
    from docx import Document
    from pypdf import PdfReader

    w = county_year
    report = actions.open_report(w.township, 2025, by=w.clerk, today=TODAY)
    assert {key: report.value(key) for key in layout.TABLE3_CELLS} == hand_counted()
    normative = layout.TABLE2[0].rows.index("行政规范性文件")
    assert [report.value(layout.TABLE2[0].cell(normative, c).key) for c in range(3)] == [1, 1, 1]
    assert report.value("t4_0_0") == 1 and report.value("t4_0_4") == 1
    assert actions.failures(report) == []

    # A deliberately inconsistent hand-entered count blocks publishing, naming the check.
    values = {key: report.value(key) for key in layout.CELLS}
    values[t3(layout.T3_CARRIED_OUT, 1)] = 5
    report = actions.save_values(report, by=w.clerk, values=values)
    with pytest.raises(ValidationError) as raised:
        actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    message = " ".join(raised.value.messages)
    assert "商业企业" in message and "一 + 二" in message and "四" in message
    report = actions.restore_computed(report, by=w.clerk)
    report = actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    assert report.status == Status.PUBLISHED

    rows = [
        [str(report.value(t3(i, c))) for c in range(len(layout.T3_COLUMNS))]
        for i in range(len(layout.TABLE3_ROWS))
    ]
    word = Document(io.BytesIO(exports.docx(report))).tables[1]
    assert [[word.cell(3 + i, 3 + c).text for c in range(7)] for i in range(25)] == rows
    pdf_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(exports.pdf(report))).pages
    )
    compact = "".join(pdf_text.split())
    html = exports.html(report)
    api = client.get(f"/api/v1/annual-reports/{w.township.org_code}/2025").json()
    for i, label in enumerate(layout.T3_LABELS):
        assert label + "".join(rows[i]) in compact, label
        assert api["table3"][i] == [label, *(int(n) for n in rows[i])]
        assert f"{label}</th>" in html
    assert "".join(f"<td>{n}</td>" for n in rows[layout.T3_NEW]) in html.replace("\n", "").replace(
        "          ", ""
    )


@pytest.mark.django_db
def test_the_demo_content_loads_once_and_its_2025_report_passes_the_checks(demo):
    from gongkai.catalog import demo as catalog_demo

    catalog_demo.load()
    first = reports_demo.load()
    assert first["reports"] == 2
    assert reports_demo.load() == {"reports": 0}
    township = Unit.objects.get(name=reports_demo.TOWNSHIP)
    published = AnnualReport.objects.get(unit=township, year=2025)
    assert published.status == Status.PUBLISHED
    assert actions.failures(published) == []
    assert published.value(t3(layout.T3_NEW, layout.T3_TOTAL_COLUMN)) == 5
    assert published.value(t3(layout.T3_CARRIED_OUT, layout.T3_TOTAL_COLUMN)) == 1
    draft = AnnualReport.objects.get(unit=township, status=Status.DRAFT)
    assert draft.status == Status.DRAFT
    assert draft.value(t3(layout.T3_CARRIED_IN, layout.T3_TOTAL_COLUMN)) == 1
    assert ReviewCase.objects.filter(unit=township).count() == 1
    assert compute.table3(township, 2025) == {
        key: published.value(key) for key in layout.TABLE3_CELLS
    }
