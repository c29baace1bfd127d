"""The staff and public pages, driven as a clerk, a reviewer and a villager would."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils.timezone import localdate
from openpyxl import load_workbook

from gongkai.publishing import actions
from gongkai.publishing.models import Publication, PublicationVersion

from . import files
from .conftest import TODAY
from .test_visibility import client_for


def _form(**extra) -> dict:
    return {
        "title": "关于柳溪村土地征收补偿安置方案的公告",
        "summary": "征收范围、补偿标准和安置方式。",
        "body": "<p>因县道改扩建需要，拟征收集体土地3.26公顷。</p><script>alert(1)</script>",
        "topic": "land",
        "publisher_name": "示例县青山镇人民政府",
        "doc_no": "青政告[2026]3号",
        "written_on": localdate().isoformat(),
        "period": "",
        "validity": "valid",
        "approval_reference": "乡党委、政府联席会议集体讨论决定",
        **extra,
    }


CHECKLIST = {"no_state_secret": "on", "no_superior_document": "on", "privacy_lawful": "on"}


def walk_through_review(world, publication, reviewer=None) -> None:
    """Through the pages: the clerk submits, the reviewer approves, a leader records."""
    reviewer = reviewer or world.reviewer
    url = f"/staff/publications/{publication.pk}"
    submitted = client_for(world.clerk).post(f"{url}/submit/", follow=True)
    assert "草稿已提交审核" in submitted.content.decode()
    approved = client_for(reviewer).post(f"{url}/approve/", CHECKLIST)
    assert approved.status_code == 302, approved.content.decode()
    if publication.item.approval == "collective":
        decided = client_for(world.leader).post(
            f"{url}/decision/",
            {
                "meeting": "青山镇党委会议",
                "held_on": "2026-07-01",
                "minutes_no": "党委会纪要〔2026〕9号",
                "attendees": "党委书记、镇长等7人",
                "outcome": "同意公开",
            },
        )
        assert decided.status_code == 302, decided.content.decode()


def test_a_clerk_creates_and_a_reviewer_publishes_and_a_villager_reads(world):
    clerk = client_for(world.clerk)
    item = world.item("A05")
    chooser = clerk.get(f"/staff/publications/new/{world.township.org_code}/")
    assert item.level2 in chooser.content.decode()
    response = clerk.post(
        f"/staff/publications/new/{world.township.org_code}/?item={item.pk}",
        _form(
            attachments=[files.pdf("补偿方案.pdf")],
            attachment_titles="柳溪村征收补偿安置方案",
            table_caption="补偿标准",
            table_file=files.csv_file("地类,补偿标准（万元/亩）\n耕地,4.6\n林地,2.1\n"),
        ),
    )
    assert response.status_code == 302, response.content.decode()
    publication = Publication.objects.get()
    draft = publication.draft
    assert draft.doc_no == "青政告〔2026〕3号"
    assert "<script>" not in draft.body

    walk_through_review(world, publication)
    page = client_for(world.reviewer).get(response["Location"]).content.decode()
    assert f'href="/staff/publications/{publication.pk}/publish/"' in page
    confirm = client_for(world.reviewer).get(f"/staff/publications/{publication.pk}/publish/")
    assert 'name="version" value="1"' in confirm.content.decode()
    published = client_for(world.reviewer).post(
        f"/staff/publications/{publication.pk}/publish/", {"version": "1"}, follow=True
    )
    publication.refresh_from_db()
    assert publication.index_no in published.content.decode()

    villager = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Mobile")
    tree = villager.get(f"/catalog/{world.township.org_code}/").content.decode()
    assert "关于柳溪村土地征收补偿安置方案的公告" in tree
    page = villager.get(publication.get_absolute_url()).content.decode()
    for text in (
        publication.index_no,
        "青政告〔2026〕3号",
        "示例县青山镇人民政府",
        "柳溪村征收补偿安置方案</a>",
        '<th scope="col">地类</th>',
        "耕地",
        "下载表格（CSV）",
        "下载表格（Excel）",
    ):
        assert text in page
    assert "补偿方案.pdf" not in page  # the title, never the uploader's file name
    links = re.findall(r'href="([^"]+\.(?:csv|xlsx))"', page)
    assert len(links) == 2
    csv = villager.get(links[0])
    assert csv["Content-Type"].startswith("text/csv")
    assert "耕地,4.6" in csv.content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(villager.get(links[1]).content)).active
    assert sheet["A2"].value == "耕地" and sheet["B2"].value == 4.6
    attachment = re.search(r'href="([^"]+/files/\d+/)"', page).group(1)
    pdf = villager.get(attachment)
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_double_click_on_publish_publishes_once_and_says_so(world):
    publication = world.draft()
    walk_through_review(world, publication)
    reviewer = client_for(world.reviewer)
    first = reviewer.post(
        f"/staff/publications/{publication.pk}/publish/", {"version": "1"}, follow=True
    )
    second = reviewer.post(
        f"/staff/publications/{publication.pk}/publish/", {"version": "1"}, follow=True
    )
    assert second.status_code == 200
    assert "已由" in second.content.decode()
    publication.refresh_from_db()
    assert publication.index_no.endswith("-00001")
    assert first.status_code == 200
    assert PublicationVersion.objects.filter(publication=publication).count() == 1


@pytest.mark.parametrize(
    ("upload", "field", "message"),
    [
        (
            {"attachments": [files.exe("预算.pdf")], "attachment_titles": "预算"},
            "attachments",
            "不是PDF",
        ),
        (
            {"attachments": [files.pdf("budget-explain.pdf")]},
            "attachment_titles",
            "请为每个附件填写标题",
        ),
        ({"table_file": files.csv_file("姓名,金额\n张三\n")}, "table_file", "第2行有1个单元格"),
        ({"table_file": files.exe("表.xlsx")}, "table_file", "CSV"),
    ],
)
def test_a_bad_upload_keeps_what_was_typed_and_saves_nothing(world, upload, field, message):
    clerk = client_for(world.clerk)
    item = world.item("A05")
    response = clerk.post(
        f"/staff/publications/new/{world.township.org_code}/?item={item.pk}", _form(**upload)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "关于柳溪村土地征收补偿安置方案的公告" in page  # the title is still in the form
    assert not Publication.objects.exists()


def test_an_oversized_upload_is_refused_on_the_page(world, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 1000
    clerk = client_for(world.clerk)
    item = world.item("A05")
    response = clerk.post(
        f"/staff/publications/new/{world.township.org_code}/?item={item.pk}",
        _form(
            attachments=[files.SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * 5000)],
            attachment_titles="大文件",
        ),
    )
    assert "1000" in response.content.decode() or "KB" in response.content.decode()
    assert not Publication.objects.exists()


def test_an_amendment_shows_on_the_public_page_with_its_reason_and_the_repeal(world):
    publication = world.draft(title="机关工作纪律规定")
    world.publish(publication)
    clerk = client_for(world.clerk)
    response = clerk.post(
        f"/staff/publications/{publication.pk}/edit/",
        {
            "title": "机关工作纪律规定",
            "summary": "工作纪律。",
            "body": "<p>正文</p>",
            "topic": "labour",
            "publisher_name": world.township.name,
            "written_on": "2026-07-01",
            "validity": "repealed",
            "validity_changed_on": localdate().isoformat(),
            "change_reason": "被新的管理制度取代",
        },
    )
    assert response.status_code == 302, response.content.decode()
    walk_through_review(world, publication, reviewer=world.reviewer2)
    client_for(world.reviewer2).post(
        f"/staff/publications/{publication.pk}/publish/", {"version": "2"}
    )
    page = Client().get(publication.get_absolute_url()).content.decode()
    assert "validity-banner" in page
    assert "被新的管理制度取代" in page
    old = Client().get(f"{publication.get_absolute_url()}v1/").content.decode()
    assert "validity-banner" not in old
    assert publication.get_absolute_url() in old  # a link to the current version
    again = clerk.get(f"/staff/publications/{publication.pk}/edit/").content.decode()
    assert "被新的管理制度取代" not in again  # a new amendment starts without the old reason


def test_the_reviewer_sees_what_waits_and_the_clerk_their_drafts(world):
    publication = world.draft(title="待发布的草稿")
    reviewer = client_for(world.reviewer)
    assert "待发布的草稿" not in reviewer.get("/staff/publications/").content.decode()
    world.submit(publication)
    page = reviewer.get("/staff/publications/").content.decode()
    assert "待发布的草稿" in page and "待您审核" in page
    assert "2026-07-29" in page  # 20 working days after the information was created (7-01)
    assert "待发布的草稿" in client_for(world.clerk).get("/staff/publications/").content.decode()
    assert (
        "待发布的草稿"
        not in client_for(world.other_clerk).get("/staff/publications/").content.decode()
    )


def test_public_lists_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(12):
        world.publish(world.draft(title=f"第{n}条"))
    client = Client()
    # The catalog page also reads the unit's waived periods (本期无此事项): one more query.
    with django_assert_max_num_queries(7):
        assert client.get(f"/catalog/{world.township.org_code}/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"/info/{world.township.org_code}/").status_code == 200


def test_an_amendments_congress_form_starts_from_the_published_versions_record(world):
    budget = world.draft("T04", title="青山镇2026年财政预算", period="2026年度")
    world.publish(budget)
    actions.edit(budget, by=world.clerk, today=TODAY, title="青山镇2026年财政预算（更正）")
    leader = client_for(world.leader)
    page = leader.get(f"/staff/publications/{budget.pk}/").content.decode()
    assert "青山镇第十八届人民代表大会第五次会议" in page  # the form starts from v1's record
    assert "按第1版的记录预先填写" in page
    budget.refresh_from_db()
    assert not budget.draft.congress_approvals.exists()  # nothing recorded until the leader acts
    assert actions.approval_problems(budget, budget.draft)
