"""End to end through the pages: a clerk, a reviewer, a county supervisor and the public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.core.tests.factories import PASSWORD
from gongkai.publishing.models import Publication
from gongkai.reports import actions, layout
from gongkai.reports.layout import t3
from gongkai.reports.models import AnnualReport, ReviewCase, Status

from .factories import LONG_TEXT, TODAY, application, opened, world

SECRECY = {"no_state_secret": "on", "no_superior_document": "on", "privacy_lawful": "on"}

pytestmark = pytest.mark.django_db


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def counts_form(report: AnnualReport, **changes) -> dict[str, str]:
    data = {key: str(report.value(key)) for key in layout.CELLS}
    data.update({key: str(value) for key, value in changes.items()})
    return data


def test_a_clerk_opens_the_report_finds_it_filled_enters_counts_and_writes_the_text(client):
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    sign_in(client, w.clerk)
    page = client.get(reverse("reports:index"))
    assert w.township.name in page.content.decode()
    response = client.post(reverse("reports:open", args=[w.township.org_code]), {"year": 2025})
    report = AnnualReport.objects.get(unit=w.township, year=2025)
    assert response.url == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "一、本年新收政府信息公开申请数量" in page
    assert "所有一致性检查均已通过" in page or "检查" in page

    url = reverse("reports:values", args=[w.township.org_code, 2025])
    assert client.get(url).status_code == 200
    response = client.post(url, counts_form(report, t2_1_0_0=14, t2_3_0_0="1.5"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.value("t2_1_0_0") == 14 and "t2_1_0_0" in report.entered
    assert str(report.value("t2_3_0_0")) == "1.5"

    url = reverse("reports:text", args=[w.township.org_code, 2025])
    page = client.get(url).content.decode()
    assert "新收政府信息公开申请1件" in page  # the starting paragraphs from the records
    assert "其中予以公开1件" in page and "未发生政府信息公开行政复议、行政诉讼案件" in page
    data = {name: "" for name in layout.SECTION_FIELDS} | {"overview": LONG_TEXT}
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.overview == LONG_TEXT


@pytest.mark.parametrize(
    ("value", "message"),
    [("-2", "不能为负数"), ("abc", "请输入数字"), ("", "请输入数字")],
)
def test_bad_counts_are_refused_with_a_translated_message_and_nothing_is_lost(
    client, value, message
):
    w = world()
    report = opened(w)
    sign_in(client, w.clerk)
    url = reverse("reports:values", args=[w.township.org_code, 2025])
    data = counts_form(report, t2_1_0_0=value, t2_2_0_0=9)
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "未保存" in page
    assert 'value="9"' in page  # what the clerk typed elsewhere is still in the form
    report.refresh_from_db()
    assert report.value("t2_2_0_0") == 0 and report.entered == []


def test_a_reviewer_cannot_publish_a_failing_report_then_publishes_and_a_double_click_is_harmless(
    client,
):
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    report = opened(w)
    actions.save_values(
        report,
        by=w.clerk,
        values={key: report.value(key) for key in layout.CELLS} | {t3(layout.T3_NEW, 0): 3},
    )
    sign_in(client, w.reviewer)
    url = reverse("reports:publish", args=[w.township.org_code, 2025])
    page = client.post(url, follow=True).content.decode()
    assert "一致性检查" in page and "自然人" in page
    assert AnnualReport.objects.get(pk=report.pk).status == Status.DRAFT
    detail = client.get(report.get_absolute_url()).content.decode()
    assert "check-failures" in detail  # explained next to the table

    actions.restore_computed(report, by=w.clerk)
    page = client.post(url, {"no_state_secret": "on"}, follow=True).content.decode()
    assert "请逐项确认保密审查内容" in page  # the secrecy review is confirmed in full
    assert AnnualReport.objects.get(pk=report.pk).status == Status.DRAFT
    assert not Publication.objects.filter(unit=w.township, item__key="R01").exists()

    page = client.post(url, SECRECY, follow=True).content.decode()
    report = AnnualReport.objects.get(pk=report.pk)
    assert report.status == Status.PUBLISHED
    assert report.publication.index_no in page  # linked from the report's page
    page = client.post(url, SECRECY, follow=True).content.decode()
    assert "已由" in page and "发布" in page  # already published, as information
    assert Publication.objects.filter(unit=w.township, item__key="R01").count() == 1


def test_the_clerk_cannot_publish_and_other_units_staff_cannot_see_the_draft(client):
    w = world()
    report = opened(w)
    sign_in(client, w.clerk)
    response = client.post(reverse("reports:publish", args=[w.township.org_code, 2025]))
    assert response.status_code == 403
    client.logout()
    sign_in(client, w.other_clerk)
    assert client.get(report.get_absolute_url()).status_code == 403
    client.logout()
    assert client.get(report.get_public_url()).status_code == 404


def test_the_public_reads_the_published_report_and_downloads_word_and_pdf(client):
    w = world()
    report = opened(w)
    actions.save_text(report, by=w.clerk, overview=LONG_TEXT)
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    draft = opened(w, 2026)
    index = client.get(reverse("reports_public:index")).content.decode()
    assert report.title in index and draft.title not in index
    page = client.get(report.get_public_url()).content.decode()
    assert LONG_TEXT in page and "（七）总计" in page
    word = client.get(reverse("reports_public:download", args=[w.township.org_code, 2025, "docx"]))
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert "attachment" in word["Content-Disposition"]
    pdf = client.get(reverse("reports_public:download", args=[w.township.org_code, 2025, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert client.get(draft.get_public_url()).status_code == 404
    missing = reverse("reports_public:download", args=[w.township.org_code, 2025, "exe"])
    assert client.get(missing).status_code == 404


def test_the_county_supervisor_sees_every_units_status_and_the_county_summary(client):
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    application(w.other, dt.date(2025, 3, 5), "disclosed", dt.date(2025, 3, 19))
    actions.publish(opened(w), by=w.reviewer, secrecy=actions.CONFIRMED)
    actions.open_report(w.other, 2025, by=w.other_clerk, today=TODAY)
    sign_in(client, w.supervisor)
    page = client.get(reverse("reports:overview", args=[2025])).content.decode()
    for unit in (w.township, w.other):
        assert unit.name in page
    # An office is counted in its township's report: not a row of its own, until the county
    # decides that offices report separately.
    assert f"{w.office.name}</th>" not in page
    assert "已发布" in page and "草稿" in page and "未开始" not in page
    assert "<td>2</td>" in page  # 一、本年新收: 1 + 1 across the county
    # Table 3's blocks keep their captions, so the rows numbered "1." can be told apart.
    summary = page[page.index('class="official summary"') :]
    captions = ["（三）不予公开", "1.属于国家秘密", "（四）无法提供", "1.本机关不掌握相关政府信息"]
    captions += ["（五）不予处理", "1.信访举报投诉类申请", "（六）其他处理"]
    positions = [summary.index(caption) for caption in captions]
    assert positions == sorted(positions)
    response = client.post(reverse("reports:overview", args=[2025]), {"due_on": "2026-02-13"})
    assert response.status_code == 302
    page = client.get(reverse("reports:overview", args=[2025])).content.decode()
    assert "2026-02-13" in page
    response = client.post(
        reverse("reports:overview", args=[2025]),
        {"reporting_rule": "1", "offices_separately": "on"},
    )
    assert response.status_code == 302
    page = client.get(reverse("reports:overview", args=[2025])).content.decode()
    assert f"{w.office.name}</th>" in page and "未开始" in page
    client.logout()
    sign_in(client, w.clerk)
    assert client.get(reverse("reports:overview", args=[2025])).status_code == 403


def test_staff_record_a_case_and_bad_dates_are_refused(client):
    w = world()
    sign_in(client, w.clerk)
    url = reverse("reports:cases", args=[w.township.org_code])
    data = {
        "kind": "review",
        "reference": "示府复〔2025〕12号",
        "subject": "对部分公开答复不服",
        "filed_on": "2025-07-10",
        "result": "upheld",
        "decided_on": "2025-07-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "不能早于" in response.content.decode()
    assert not ReviewCase.objects.exists()
    data["decided_on"] = "2025-09-05"
    assert client.post(url, data).status_code == 302
    case = ReviewCase.objects.get()
    page = client.get(url).content.decode()
    assert "立案日期" in page and "备案日期" not in page  # not the filing of info_requests
    edit = reverse("reports:case_edit", args=[w.township.org_code, case.pk])
    assert client.get(edit).status_code == 200
    report = opened(w)
    assert report.value("t4_0_0") == 1 and report.value("t4_0_4") == 1


def test_the_report_page_says_when_the_records_changed_since_the_last_count(client):
    w = world()
    report = opened(w)
    sign_in(client, w.clerk)
    assert (
        "重新统计"
        not in client.get(report.get_absolute_url())
        .content.decode()
        .split("一致性检查")[1]
        .split("</section>")[0]
    )
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    page = client.get(report.get_absolute_url()).content.decode()
    assert "平台记录已有变化" in page
    client.post(reverse("reports:refresh", args=[w.township.org_code, 2025]))
    page = client.get(report.get_absolute_url()).content.decode()
    assert "平台记录已有变化" not in page


def test_each_line_of_a_section_is_its_own_paragraph(client):
    w = world()
    report = opened(w)
    actions.save_text(report, by=w.clerk, overview="第一段。\n第二段。")
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    page = client.get(report.get_public_url()).content.decode()
    assert "<p>第一段。</p>\n<p>第二段。</p>" in page


def test_the_overview_and_the_public_list_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    w = world()
    for unit, clerk, reviewer in (
        (w.township, w.clerk, w.reviewer),
        (w.other, w.other_clerk, w.other_reviewer),
    ):
        for year in (2024, 2025):
            report = actions.open_report(unit, year, by=clerk, today=TODAY)
            actions.publish(report, by=reviewer, secrecy=actions.CONFIRMED)
    sign_in(client, w.supervisor)
    with django_assert_max_num_queries(12):  # one more: the county's reporting rule
        assert client.get(reverse("reports:overview", args=[2025])).status_code == 200
    client.logout()
    with django_assert_max_num_queries(2):  # the reports, and the portal's county
        page = client.get(reverse("reports_public:index")).content.decode()
    assert page.count("政府信息公开工作年度报告") >= 4


def test_refusals_are_explained_in_chinese_and_pages_work_in_english(client, settings):
    w = world()
    report = opened(w)
    sign_in(client, w.clerk)
    response = client.post(reverse("reports:publish", args=[w.township.org_code, 2025]))
    assert response.status_code == 403
    assert "只有本单位审核人可以发布年度报告" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Consistency checks" in page and "（七）总计" in page


def test_the_staff_list_shows_each_drafts_deadline_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    w = world()
    opened(w, 2024)
    actions.open_report(w.other, 2025, by=w.other_clerk, today=TODAY)
    actions.set_deadline(w.county, 2025, by=w.supervisor, due_on=dt.date(2026, 3, 13))
    sign_in(client, w.supervisor)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("reports:index")).content.decode()
    assert "报送期限2025-02-28" in page and "已逾期" in page  # 2024's, by default
    assert "报送期限2026-03-13" in page  # 2025's, set by the county
