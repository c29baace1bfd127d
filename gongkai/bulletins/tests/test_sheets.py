"""The printed sheet: its text comes back out of the PDF, the CJK font is embedded, A3 is
bigger than A4, the QR code decodes to the publication's address, and a batch carries
exactly the publications chosen."""

from __future__ import annotations

import datetime as dt
import io

import fitz  # pymupdf
import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from gongkai.bulletins import sheets
from gongkai.bulletins.models import BatchSheet
from gongkai.bulletins.tasks import print_batch
from gongkai.core import qr, tasks
from gongkai.core.models import AuditEvent
from gongkai.publishing import actions
from gongkai.publishing.tests import files

from .conftest import Boards

FROM, TO = dt.date(2026, 11, 26), dt.date(2026, 12, 25)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def village_sheet(boards: Boards) -> bytes:
    return sheets.render([boards.homesteads], size="A4", shown_from=FROM, shown_to=TO)


def test_the_sheet_text_comes_back_out_of_the_pdf(boards: Boards, village_sheet: bytes):
    text = text_of(village_sheet)
    version = boards.homesteads.current
    for expected in (
        "政务公开栏",
        "示例县青山镇人民政府",
        "青山镇2026年第一批农村宅基地审批结果公示",
        "2026年第一批",  # the period
        "现将审批结果公示如下",  # the body
        "2026年第一批宅基地审批结果",  # the table's caption and a cell
        "李秀英",
        "公开期限",
        "2026年11月26日至2026年12月25日",
        "监督电话：0738-8801009",
        boards.homesteads.index_no,
        "村务监督委员会",
        "审核意见",
        "签字",
        version.content_hash,
        version.content_hash[:16],
    ):
        assert expected in text, expected


def test_the_cjk_font_is_embedded(village_sheet: bytes):
    document = fitz.open(stream=village_sheet, filetype="pdf")
    fonts = [font[3] for font in document.get_page_fonts(0)]
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
    # Embedded fonts are subset ("ABCDEF+Name"), and extract as real text.
    assert all("+" in name for name in fonts), fonts


@pytest.mark.parametrize(("size", "width", "height"), [("A4", 595.3, 841.9), ("A3", 841.9, 1190.6)])
def test_a3_and_a4_are_portrait_pages_of_their_size(boards: Boards, size, width, height):
    pdf = sheets.render([boards.leaders], size=size, shown_from=FROM, shown_to=TO)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) == pytest.approx(width, abs=1)
    assert float(box.height) == pytest.approx(height, abs=1)


def test_the_qr_code_decodes_to_the_publication_address(boards: Boards, village_sheet: bytes):
    page = fitz.open(stream=village_sheet, filetype="pdf")[0]
    pixmap = page.get_pixmap(dpi=200)
    image = Image.open(io.BytesIO(pixmap.tobytes("png")))
    found = [code.text for code in zxingcpp.read_barcodes(image)]
    expected = qr.absolute_url(boards.homesteads.get_absolute_url())
    assert expected.startswith("http") and expected.endswith(
        "/info/" + boards.homesteads.index_no + "/"
    )
    assert found == [expected]


def test_the_sign_off_block_is_for_village_matters_unless_asked_for_all(boards: Boards):
    township = text_of(sheets.render([boards.leaders], shown_from=FROM, shown_to=TO))
    assert "村务监督委员会" not in township
    asked = text_of(
        sheets.render([boards.leaders], shown_from=FROM, shown_to=TO, signoff_for_all=True)
    )
    assert "村务监督委员会" in asked and "审核意见" in asked


def test_without_dates_the_display_period_is_left_to_fill_in(boards: Boards):
    text = text_of(sheets.render([boards.leaders]))
    assert "公开期限：____年__月__日至____年__月__日" in text


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 5, 17), dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 9, 30), dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 11, 26), dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (dt.date(2028, 2, 29), dt.date(2028, 1, 1), dt.date(2028, 3, 31)),
    ],
)
def test_the_batch_range_defaults_to_the_quarter(today, start, end):
    assert sheets.quarter(today) == (start, end)


def _batch(client, user, **params) -> bytes:
    client.force_login(user)
    today = dt.date.today()
    query = {
        "start": (today - dt.timedelta(days=5)).isoformat(),
        "end": (today + dt.timedelta(days=5)).isoformat(),
        "size": "A4",
        "shown_from": FROM.isoformat(),
        "shown_to": TO.isoformat(),
        **params,
    }
    response = client.get(reverse("bulletins:batch"), query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_a_village_batch_has_the_village_matters_and_what_names_the_village(client, boards):
    pages = pages_of(_batch(client, boards.village_clerk, unit=boards.village.pk))
    titles = [
        title
        for title in (
            boards.homesteads.current.title,
            boards.requisition.current.title,
            boards.leaders.current.title,
            boards.other.current.title,
            boards.internal.current.title,
        )
        if any(title in page for page in pages)
    ]
    assert titles == [boards.homesteads.current.title, boards.requisition.current.title]
    # Each publication starts a page of its own, with its own QR code.
    assert len(pages) == 2
    for page, publication in zip(pages, (boards.homesteads, boards.requisition), strict=True):
        assert publication.current.title in page
        assert qr.absolute_url(publication.get_absolute_url()) in page


def test_a_batch_carries_only_the_publications_ticked(client, boards):
    w = boards.world
    pdf = _batch(
        client,
        w.clerk,
        unit=w.township.pk,
        publication=[boards.leaders.pk, boards.other.pk],  # the other township's is ignored
    )
    text = text_of(pdf)
    assert boards.leaders.current.title in text
    assert boards.other.current.title not in text
    assert boards.homesteads.current.title not in text


def test_a_batch_narrows_to_a_catalog_group(client, boards):
    w = boards.world
    text = text_of(_batch(client, w.clerk, unit=w.township.pk, group="village"))
    assert boards.homesteads.current.title in text
    assert boards.leaders.current.title not in text
    assert boards.requisition.current.title not in text


def test_a_batch_of_another_townships_board_is_refused(client, boards):
    w = boards.world
    client.force_login(w.other_clerk)
    response = client.get(
        reverse("bulletins:batch"),
        {
            "unit": w.township.pk,
            "start": "2026-01-01",
            "end": "2026-12-31",
            "size": "A4",
            "shown_from": "2026-11-26",
            "shown_to": "2026-12-25",
        },
    )
    assert response.status_code == 302  # back to the form, which names the error
    response = client.get(response["Location"])
    assert (
        "Select a valid choice" in response.content.decode()
        or "选择一个有效的选项" in response.content.decode()
    )


def test_the_staff_sheet_takes_the_display_period(client, boards):
    client.force_login(boards.world.clerk)
    url = reverse("bulletins:sheet", args=[boards.leaders.pk])
    response = client.get(url, {"size": "A3", "shown_from": "2026-11-26", "shown_to": "2026-12-25"})
    assert response.status_code == 200
    assert "2026年11月26日至2026年12月25日" in text_of(response.content)
    wrong = client.get(url, {"size": "A4", "shown_from": "2026-12-26", "shown_to": "2026-12-25"})
    assert wrong.status_code == 400
    assert "公开期限的结束日期不能早于开始日期" in wrong.content.decode()


def test_the_public_downloads_the_sheet_of_a_public_publication(client, boards):
    code, number = boards.leaders.index_no.split("/")
    url = reverse("bulletins:public_sheet", kwargs={"org_code": code, "number": number})
    response = client.get(url, {"size": "A3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert float(box.height) == pytest.approx(1190.6, abs=1)
    assert boards.leaders.current.title in text_of(response.content)
    # The publication page links to it.
    page = client.get(boards.leaders.get_absolute_url()).content.decode()
    assert f"{url}?size=A4" in page


def test_an_internal_sheet_is_only_for_the_townships_staff(client, boards):
    w = boards.world
    code, number = boards.internal.index_no.split("/")
    url = reverse("bulletins:public_sheet", kwargs={"org_code": code, "number": number})
    assert client.get(url).status_code == 404
    client.force_login(w.other_staff)
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("bulletins:sheet", args=[boards.internal.pk]),
            {"size": "A4", "shown_from": "2026-11-26", "shown_to": "2026-12-25"},
        ).status_code
        == 404
    )
    client.force_login(w.staff)
    response = client.get(url)
    assert response.status_code == 200
    assert boards.internal.current.title in text_of(response.content)


def test_the_sheet_prints_an_attachments_title_not_its_file_name(boards: Boards):
    world = boards.world
    budget = world.draft(
        "V05",
        title="青山镇2026年第二批农村宅基地审批结果公示",
        files=actions.Uploads(
            attachments=[files.pdf("budget-explain.pdf")],
            attachment_titles=["第二批审批情况说明"],
        ),
    )
    world.publish(budget)
    text = text_of(sheets.render([budget], size="A4", shown_from=FROM, shown_to=TO))
    assert "第二批审批情况说明" in text
    assert "budget-explain" not in text


def test_a_large_batch_is_printed_by_the_worker_and_offered_once_ready(
    client, boards, settings, django_capture_on_commit_callbacks
):
    settings.BULLETINS_BATCH_INLINE_SHEETS = 1
    w = boards.world
    client.force_login(w.clerk)
    today = timezone.localdate()
    query = {
        "unit": w.township.pk,
        "start": (today - dt.timedelta(days=30)).isoformat(),
        "end": (today + dt.timedelta(days=5)).isoformat(),
        "size": "A4",
        "shown_from": FROM.isoformat(),
        "shown_to": TO.isoformat(),
        "publication": [boards.leaders.pk, boards.requisition.pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.get(reverse("bulletins:batch"), query)
    assert asked.status_code == 302  # no waiting for the PDF: its page instead
    page = client.get(asked["Location"])
    assert "正在打印" in page.content.decode()
    batch = BatchSheet.objects.get()
    assert client.get(reverse("bulletins:batch_sheet_pdf", args=[batch.pk])).status_code == 404
    # Another township's clerk never sees it.
    other = Client()
    other.force_login(w.other_clerk)
    assert other.get(asked["Location"]).status_code == 404

    [ran] = tasks.run_ready()
    assert ran.status == "SUCCESSFUL" and ran.return_value == 2
    page = client.get(asked["Location"]).content.decode()
    pdf_url = reverse("bulletins:batch_sheet_pdf", args=[batch.pk])
    assert pdf_url in page
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    pages = pages_of(b"".join(response.streaming_content))
    assert len(pages) == 2
    assert boards.leaders.current.title in pages[0] + pages[1]
    assert boards.requisition.current.title in pages[0] + pages[1]
    # Run twice (a retry): the batch and its file stay as they were.
    batch.refresh_from_db()
    first = batch.file.name
    assert print_batch.call(batch.pk) == 0
    batch.refresh_from_db()
    assert batch.file.name == first
    events = AuditEvent.objects.filter(action__startswith="batch_sheet:")
    assert sorted(events.values_list("action", flat=True)) == [
        "batch_sheet:printed",
        "batch_sheet:requested",
    ]
