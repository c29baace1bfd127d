"""Comments appear only after the unit approves them, with its public answer beside them."""

from __future__ import annotations

from django.test import Client

from gongkai.evaluation.models import Moderation, Rating

from .conftest import signed_in


def comment(publication, text: str) -> Rating:
    client = Client()
    client.get(publication.get_absolute_url() + "rate/")
    client.post(
        publication.get_absolute_url() + "rate/", {"rating": "dissatisfied", "comment": text}
    )
    return Rating.objects.get(comment=text)


def test_a_comment_appears_only_after_approval_with_the_answer(world, public):
    rating = comment(public, "公示期只有三天，太短了。")
    assert "公示期只有三天" not in Client().get(public.get_absolute_url()).content.decode()
    clerk = signed_in(world.clerk)
    assert "公示期只有三天" in clerk.get("/staff/evaluation/").content.decode()
    response = clerk.post(
        f"/staff/evaluation/comments/{rating.pk}/",
        {"decision": "approve", "answer": "感谢监督，今后公示期不少于7天。"},
    )
    assert response.status_code == 302
    page = Client().get(public.get_absolute_url()).content.decode()
    assert "公示期只有三天，太短了。" in page
    assert "感谢监督，今后公示期不少于7天。" in page
    column = Client().get(f"/disclosure/{world.township.org_code}/").content.decode()
    assert "公示期只有三天，太短了。" in column


def test_a_rejected_comment_never_appears(world, public):
    rating = comment(public, "某某某是骗子，电话13800000000")
    signed_in(world.clerk).post(
        f"/staff/evaluation/comments/{rating.pk}/", {"decision": "reject", "answer": ""}
    )
    rating.refresh_from_db()
    assert rating.moderation == Moderation.REJECTED
    assert "13800000000" not in Client().get(public.get_absolute_url()).content.decode()


def test_only_the_units_handlers_moderate(world, public):
    rating = comment(public, "办事指南写得很清楚。")
    assert (
        signed_in(world.other_clerk).get(f"/staff/evaluation/comments/{rating.pk}/").status_code
        == 403
    )
    assert signed_in(world.staff).get(f"/staff/evaluation/comments/{rating.pk}/").status_code == 403
    assert (
        signed_in(world.reviewer).get(f"/staff/evaluation/comments/{rating.pk}/").status_code == 200
    )
