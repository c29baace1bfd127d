"""Recording that a sheet went up and came down: who may, what is refused, what is audited,
and what the public and the staff then see."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gongkai.bulletins import actions
from gongkai.bulletins.models import Posting
from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import member
from gongkai.publishing import actions as publishing_actions

from .conftest import TODAY, Boards, day

PLACE = "青山村村委会公开栏"


def png(name: str = "公开栏.png", fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 0, 0)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def post(boards: Boards, *, by=None, unit=None, versions=None, **kwargs) -> Posting:
    values = {"place": PLACE, "posted_on": TODAY, "today": TODAY, **kwargs}
    return actions.record_posting(
        unit=unit or boards.village,
        versions=versions or [boards.homesteads.current],
        by=by or boards.world.clerk,
        **values,
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_a_township_clerk_records_a_posting_at_a_village_board(boards: Boards):
    posting = post(boards, versions=[boards.homesteads.current, boards.requisition.current])
    assert posting.is_up
    assert set(posting.versions.all()) == {boards.homesteads.current, boards.requisition.current}
    [event] = events("posting:recorded")
    assert event.actor == boards.world.clerk
    assert event.unit == boards.village
    assert event.data["place"] == PLACE
    assert event.data["versions"] == [
        [boards.homesteads.index_no, 1],
        [boards.requisition.index_no, 1],
    ]


@pytest.mark.parametrize("who", ["village_clerk", "reviewer", "leader"])
def test_the_village_and_township_people_may_record(boards: Boards, who):
    user = boards.village_clerk if who == "village_clerk" else getattr(boards.world, who)
    assert post(boards, by=user).recorded_by == user


def test_another_townships_clerk_may_not_record(boards: Boards):
    with pytest.raises(PermissionDenied) as refused:
        post(boards, by=boards.world.other_clerk)
    assert "所属乡镇的经办人、审核人和领导" in str(refused.value)
    assert not Posting.objects.exists()
    assert not events("posting:recorded")


@pytest.mark.parametrize("who", ["office_clerk", "staff"])
def test_an_office_clerk_or_internal_staff_may_not_record_at_the_township(boards: Boards, who):
    with pytest.raises(PermissionDenied):
        post(boards, by=getattr(boards.world, who), unit=boards.township)


def test_a_village_clerk_may_not_record_at_the_township_board(boards: Boards):
    with pytest.raises(PermissionDenied):
        post(boards, by=boards.village_clerk, unit=boards.township)


def test_a_future_posting_date_is_refused(boards: Boards):
    with pytest.raises(ValidationError) as refused:
        post(boards, posted_on=day(1))
    assert refused.value.message_dict["posted_on"] == ["张贴日期不能晚于今天。"]
    assert not Posting.objects.exists()


def test_a_publication_of_another_township_is_refused(boards: Boards):
    with pytest.raises(ValidationError) as refused:
        post(boards, versions=[boards.homesteads.current, boards.other.current])
    [problem] = refused.value.message_dict["publications"]
    assert boards.other.current.title in problem and "不能张贴在此公开栏" in problem
    assert not Posting.objects.exists()


def test_a_withdrawn_publication_is_refused(boards: Boards):
    publishing_actions.withdraw(boards.leaders, by=boards.world.reviewer, reason="内容有误，撤回")
    boards.leaders.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        post(boards, versions=[boards.leaders.current])
    assert "已撤回" in refused.value.message_dict["publications"][0]


def test_an_internal_publication_needs_a_reader_of_it(boards: Boards):
    # A village clerk cannot read the township's internal disclosures, so cannot post them.
    with pytest.raises(ValidationError):
        post(boards, by=boards.village_clerk, versions=[boards.internal.current])
    posting = post(boards, unit=boards.township, versions=[boards.internal.current])
    assert posting.versions.get() == boards.internal.current


def test_a_photo_is_stored_under_its_hash(boards: Boards):
    posting = post(boards, photo=png())
    assert posting.photo_kind == "png"
    assert posting.photo.name == f"postings/{posting.photo_sha256[:2]}/{posting.photo_sha256}.png"
    with posting.photo.open("rb") as stored:
        assert stored.read().startswith(b"\x89PNG")
    assert events("posting:recorded")[0].data["photo"] == posting.photo_sha256


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (SimpleUploadedFile("照片.jpg", b"%PDF-1.4 not a photo"), "不是JPEG或PNG照片"),
        (SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n broken"), "不是JPEG或PNG照片"),
        (png("照片.jpg"), "扩展名为.jpg，但实际是PNG照片"),
    ],
)
def test_a_photo_that_is_not_an_image_is_refused(boards: Boards, photo, message):
    with pytest.raises(ValidationError) as refused:
        post(boards, photo=photo)
    assert message in refused.value.message_dict["photo"][0]
    assert not Posting.objects.exists()


def test_a_photo_over_the_limit_is_refused(boards: Boards, settings):
    settings.GONGKAI_POSTING_PHOTO_MAX_BYTES = 20
    with pytest.raises(ValidationError) as refused:
        post(boards, photo=png())
    assert "照片最大为" in refused.value.message_dict["photo"][0]


def test_a_jpeg_photo_is_accepted(boards: Boards):
    assert post(boards, photo=png("照片.jpeg", fmt="JPEG")).photo_kind == "jpg"


def test_taking_down_is_recorded_once(boards: Boards):
    posting = post(boards, posted_on=day(-10))
    actions.record_taken_down(posting, on=day(-1), by=boards.village_clerk, today=TODAY)
    posting.refresh_from_db()
    assert posting.taken_down_on == day(-1) and posting.taken_down_by == boards.village_clerk
    [event] = events("posting:taken_down")
    assert event.data["taken_down_on"] == day(-1).isoformat()
    with pytest.raises(ValidationError):
        actions.record_taken_down(posting, on=TODAY, by=boards.village_clerk, today=TODAY)
    assert len(events("posting:taken_down")) == 1


@pytest.mark.parametrize(
    ("offset", "message"),
    [(-11, "撤下日期不能早于张贴日期"), (1, "撤下日期不能晚于今天")],
)
def test_taking_down_before_posting_or_in_the_future_is_refused(boards: Boards, offset, message):
    posting = post(boards, posted_on=day(-10))
    with pytest.raises(ValidationError) as refused:
        actions.record_taken_down(posting, on=day(offset), by=boards.world.clerk, today=TODAY)
    assert message in refused.value.message_dict["taken_down_on"][0]
    posting.refresh_from_db()
    assert posting.is_up
    assert not events("posting:taken_down")


def test_another_township_may_not_take_it_down(boards: Boards):
    posting = post(boards)
    with pytest.raises(PermissionDenied):
        actions.record_taken_down(posting, on=TODAY, by=boards.world.other_clerk, today=TODAY)


# Pages


def test_the_public_page_lists_the_postings_right_after_recording(client, boards: Boards):
    url = boards.homesteads.get_absolute_url()
    before = client.get(url).content.decode()
    assert "尚无公开栏张贴记录。" in before
    assert client.get(url).content.decode() == before  # served from the page cache
    posting = post(boards, posted_on=day(-3))
    after = client.get(url).content.decode()
    start = f"{day(-3).year}年{day(-3).month}月{day(-3).day}日"
    assert f"自{start}起在{PLACE}张贴公开，目前仍在张贴。" in after
    actions.record_taken_down(posting, on=TODAY, by=boards.world.clerk, today=TODAY)
    down = client.get(url).content.decode()
    end = f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"
    assert f"{start}至{end}在{PLACE}张贴公开。" in down
    assert "照片" not in down.split("公开栏张贴情况")[1].split("</section>")[0]


def test_the_staff_publication_page_offers_printing_and_recording(client, boards: Boards):
    post(boards, photo=png())
    client.force_login(boards.world.clerk)
    page = client.get(reverse("publishing:detail", args=[boards.homesteads.pk])).content.decode()
    assert "打印公开栏清单（A4 / A3）" in page
    assert reverse("bulletins:sheet", args=[boards.homesteads.pk]) in page
    assert f"{reverse('bulletins:record')}?publication={boards.homesteads.pk}" in page
    assert PLACE in page and "仍在张贴" in page
    assert reverse("bulletins:photo", args=[Posting.objects.get().pk]) in page


def test_recording_through_the_form(client, boards: Boards):
    client.force_login(boards.world.clerk)
    form = client.get(reverse("bulletins:record"), {"publication": boards.homesteads.pk})
    assert form.status_code == 200
    assert boards.homesteads.current.title in form.content.decode()
    response = submit(
        client,
        boards,
        posted_on=TODAY.isoformat(),
        publications=[boards.homesteads.pk, boards.requisition.pk],
        photo=png(),
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletins:posting", args=[posting.pk])
    assert posting.versions.count() == 2 and posting.photo_kind == "png"
    page = client.get(response["Location"]).content.decode()
    assert "张贴已登记。" in page and PLACE in page
    photo = client.get(reverse("bulletins:photo", args=[posting.pk]))
    assert photo["Content-Type"] == "image/png"


def submit(client, boards: Boards, **fields):
    data = {"unit": boards.village.pk, "place": PLACE, **fields}
    return client.post(reverse("bulletins:record"), data)


def test_the_form_shows_each_refusal_in_chinese(client, boards: Boards):
    client.force_login(boards.world.clerk)
    response = submit(
        client,
        boards,
        posted_on=day(2).isoformat(),
        publications=[boards.homesteads.pk],
        photo=SimpleUploadedFile("照片.jpg", b"%PDF-1.4 not a photo"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "不是JPEG或PNG照片" in page
    assert not Posting.objects.exists()
    response = submit(
        client, boards, posted_on=day(2).isoformat(), publications=[boards.homesteads.pk]
    )
    assert response.status_code == 400
    assert "张贴日期不能晚于今天。" in response.content.decode()


def test_another_townships_publication_is_not_offered(client, boards: Boards):
    client.force_login(boards.world.clerk)
    response = submit(client, boards, posted_on=TODAY.isoformat(), publications=[boards.other.pk])
    assert response.status_code == 400
    assert not Posting.objects.exists()


def test_taking_down_through_the_form(client, boards: Boards):
    posting = post(boards, posted_on=day(-5))
    client.force_login(boards.village_clerk)
    url = reverse("bulletins:take_down", args=[posting.pk])
    early = client.post(url, {"taken_down_on": day(-6).isoformat()})
    assert early.status_code == 400
    assert "撤下日期不能早于张贴日期" in early.content.decode()
    done = client.post(url, {"taken_down_on": TODAY.isoformat()})
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "撤下日期已登记。" in page and "已于" in page


def test_another_townships_staff_do_not_see_the_posting(client, boards: Boards):
    posting = post(boards)
    client.force_login(boards.world.other_clerk)
    assert client.get(reverse("bulletins:posting", args=[posting.pk])).status_code == 404
    assert PLACE not in client.get(reverse("bulletins:postings")).content.decode()
    response = client.post(
        reverse("bulletins:take_down", args=[posting.pk]), {"taken_down_on": TODAY.isoformat()}
    )
    assert response.status_code == 404


def test_the_postings_list(client, boards: Boards, django_assert_max_num_queries):
    for offset in range(5):
        post(
            boards,
            posted_on=day(-offset),
            versions=[boards.homesteads.current, boards.requisition.current],
        )
    down = Posting.objects.order_by("posted_on").first()
    actions.record_taken_down(down, on=TODAY, by=boards.world.clerk, today=TODAY)
    client.force_login(boards.world.clerk)
    url = reverse("bulletins:postings")
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count("仍在张贴") == 4 + 1  # four rows, and the filter link
    assert page.count(boards.requisition.current.title) == 5
    assert page.count("已于") == 1
    up = client.get(url, {"state": "up"}).content.decode()
    assert up.count(PLACE) == 4


def test_the_index_finds_a_villages_publications(client, boards: Boards):
    client.force_login(boards.village_clerk)
    page = client.get(
        reverse("bulletins:index"),
        {"unit": boards.village.pk, "start": day(-5).isoformat(), "end": day(5).isoformat()},
    ).content.decode()
    assert boards.homesteads.current.title in page
    assert boards.requisition.current.title in page
    assert boards.leaders.current.title not in page
    assert "2条政府信息" in page


def test_someone_without_a_board_is_told(client, boards: Boards):
    supervisor = member(boards.world.county, Role.SUPERVISOR)
    client.force_login(supervisor)
    page = client.get(reverse("bulletins:index")).content.decode()
    assert "您没有可登记的公开栏" in page
    assert client.get(reverse("bulletins:record")).status_code == 403
