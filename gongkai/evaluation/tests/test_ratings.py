"""Rating without an account: once per client and day, limited per address, never who rated."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.timezone import localdate

from gongkai.core.models import AuditEvent
from gongkai.evaluation import actions, clients
from gongkai.evaluation.models import Moderation, Rating
from gongkai.publishing import actions as publishing_actions

from .conftest import TODAY


def rate_url(publication) -> str:
    return publication.get_absolute_url() + "rate/"


def post_rating(client: Client, publication, rating="satisfied", comment="", **extra):
    return client.post(rate_url(publication), {"rating": rating, "comment": comment}, **extra)


def test_a_villager_rates_a_public_publication_and_is_thanked(public):
    client = Client()
    page = client.get(rate_url(public))
    assert page.status_code == 200
    assert "满意" in page.content.decode()
    assert clients.CLIENT_COOKIE in page.cookies
    response = post_rating(client, public, "basically_satisfied", "公示时间能否再长一些？")
    assert response.status_code == 302
    assert response["Location"] == public.get_absolute_url()
    rating = Rating.objects.get()
    assert rating.verdict == "basically_satisfied"
    assert rating.moderation == Moderation.PENDING
    assert rating.unit == public.unit
    assert rating.rated_on == localdate()


def test_the_same_browser_is_refused_a_second_rating_the_same_day(public):
    client = Client()
    client.get(rate_url(public))  # the page gives the browser its cookie
    assert post_rating(client, public).status_code == 302
    again = post_rating(client, public, "dissatisfied")
    assert again.status_code == 409
    assert "今天已经评价过" in again.content.decode()
    assert Rating.objects.count() == 1


def test_two_browsers_behind_one_address_each_rate_once(public):
    first, second = Client(), Client()
    first.get(rate_url(public))
    second.get(rate_url(public))
    assert post_rating(first, public).status_code == 302
    assert post_rating(second, public, "dissatisfied").status_code == 302
    assert Rating.objects.count() == 2


def test_without_a_cookie_the_address_and_browser_signature_count(public):
    phone = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13) 手机浏览器"}
    assert post_rating(Client(), public, **phone).status_code == 302
    assert post_rating(Client(), public, **phone).status_code == 409
    other_browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0)"}
    assert post_rating(Client(), public, **other_browser).status_code == 302


def test_the_same_client_may_rate_again_another_day(public):
    key = "cookie:" + "a" * 32
    label = actions.target_label(public)
    for day in (TODAY, TODAY.replace(day=16)):
        actions.rate(
            public,
            verdict="satisfied",
            comment="",
            client_hash=clients.client_hash(key, label, day),
            today=day,
        )
    assert Rating.objects.count() == 2


def test_a_rating_never_stores_who_rated(public):
    client = Client()
    post_rating(client, public, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Browser 1.0")
    rating = Rating.objects.get()
    stored = " ".join(str(value) for value in Rating.objects.values().get().values())
    assert "203.0.113.9" not in stored
    assert "Browser" not in stored
    event = AuditEvent.objects.get(action="rating:submitted")
    assert event.actor is None
    assert "203.0.113.9" not in str(event.data)
    assert len(rating.client_hash) == 64


@pytest.mark.parametrize("kind", ["internal", "withdrawn"])
def test_internal_and_withdrawn_information_cannot_be_rated(world, public, internal, kind):
    if kind == "internal":
        target = internal
    else:
        publishing_actions.withdraw(public, by=world.reviewer, reason="内容有误，撤回。")
        public.refresh_from_db()
        target = public
    client = Client()
    assert client.get(rate_url(target)).status_code == 404
    assert post_rating(client, target).status_code == 404
    assert client.get(target.get_absolute_url() + "report-error/").status_code == 404
    assert Rating.objects.count() == 0


def test_a_draft_cannot_be_rated(world):
    draft = world.draft(title="尚未发布的草稿")
    with pytest.raises(ValidationError):
        actions.rate(draft, verdict="satisfied", comment="", client_hash="x", today=TODAY)
    with pytest.raises(ValidationError):
        actions.report_error(draft, description="错了", contact="", today=TODAY, now=timezone.now())


def test_the_public_page_offers_rating_and_error_reports_only_when_ratable(world, public):
    page = Client().get(public.get_absolute_url()).content.decode()
    assert "评价本条信息" in page
    assert "信息有误" in page
    publishing_actions.withdraw(public, by=world.reviewer, reason="内容有误，撤回。")
    page = Client().get(public.get_absolute_url()).content.decode()
    assert "评价本条信息" not in page


def test_past_the_threshold_an_address_must_answer_a_sum(settings, world, public):
    settings.EVALUATION_CHALLENGE_AFTER = 2
    settings.EVALUATION_LIMIT_PER_HOUR = 100
    others = [world.draft(title=f"第{n}条公示") for n in range(3)]
    for other in others:
        world.publish(other)
        other.refresh_from_db()
    client = Client()
    assert post_rating(client, others[0]).status_code == 302
    assert post_rating(client, others[1]).status_code == 302
    asked = client.get(rate_url(others[2]))
    assert 'name="challenge_token"' in asked.content.decode()
    challenge = asked.context["challenge"]
    refused = post_rating(client, others[2])
    assert refused.status_code == 400
    assert Rating.objects.count() == 2
    a, b = (int(x) for x in challenge.question.split(" = ")[0].split(" + "))
    answered = client.post(
        rate_url(others[2]),
        {
            "rating": "satisfied",
            "challenge_token": challenge.token,
            "challenge_answer": str(a + b),
        },
    )
    assert answered.status_code == 302
    # A solved sum answers one request only.
    replay = client.post(
        rate_url(public),
        {"rating": "satisfied", "challenge_token": challenge.token, "challenge_answer": str(a + b)},
    )
    assert replay.status_code == 400
    assert Rating.objects.count() == 3


def test_past_the_hourly_limit_an_address_is_refused_without_writing_rows(settings, public):
    settings.EVALUATION_CHALLENGE_AFTER = 100
    settings.EVALUATION_LIMIT_PER_HOUR = 3
    for n in range(3):
        post_rating(Client(), public, HTTP_USER_AGENT=f"Browser {n}")
    events = AuditEvent.objects.count()
    refused = post_rating(Client(), public, HTTP_USER_AGENT="Browser 9")
    assert refused.status_code == 429
    assert "请稍后再试" in refused.content.decode()
    assert Rating.objects.count() == 3
    assert AuditEvent.objects.count() == events
    # Another address is not affected.
    assert post_rating(Client(), public, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_behind_a_proxy_each_forwarded_address_has_its_own_limit(settings, public):
    settings.BEHIND_PROXY = True
    settings.EVALUATION_CHALLENGE_AFTER = 100
    settings.EVALUATION_LIMIT_PER_HOUR = 2
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    one = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    two = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    for n in range(2):
        assert post_rating(Client(), public, HTTP_USER_AGENT=f"B{n}", **one).status_code == 302
    assert post_rating(Client(), public, HTTP_USER_AGENT="B9", **one).status_code == 429
    assert post_rating(Client(), public, HTTP_USER_AGENT="B9", **two).status_code == 302
    # A client cannot pick its own address: only the entry our proxy appended counts.
    spoofed = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.50, 203.0.113.1"}
    assert post_rating(Client(), public, HTTP_USER_AGENT="B8", **spoofed).status_code == 429


def test_without_a_proxy_a_forwarded_header_is_ignored(settings, public):
    settings.BEHIND_PROXY = False
    settings.EVALUATION_CHALLENGE_AFTER = 100
    settings.EVALUATION_LIMIT_PER_HOUR = 1
    assert post_rating(Client(), public, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    assert post_rating(Client(), public, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429
