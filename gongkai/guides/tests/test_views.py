"""Who gets a guide or card, from which page, and who gets 404."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from gongkai.guides import views
from gongkai.portal import printed
from gongkai.publishing import actions

from .conftest import publish_matter


def public_urls(publication) -> list[str]:
    org_code, number = publication.index_no.split("/")
    return [
        reverse(f"guides:{kind}", kwargs={"org_code": org_code, "number": number})
        for kind in ("guide", "card")
    ]


def staff_urls(publication) -> list[str]:
    return [reverse(f"guides:staff_{kind}", args=[publication.pk]) for kind in ("guide", "card")]


def test_the_public_downloads_the_guide_and_card_of_a_public_service_matter(client, matter):
    guide, card = public_urls(matter)
    assert guide == f"/guides/{matter.index_no}/guide.pdf"
    assert card == f"/guides/{matter.index_no}/card.pdf"
    for url, kind in ((guide, "guide"), (card, "card")):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        name = f"{matter.index_no.replace('/', '_')}-{kind}.pdf"
        assert response["Content-Disposition"] == f'inline; filename="{name}"'


def test_the_guide_urls_are_ours_not_publishings(matter):
    guide, card = public_urls(matter)
    assert resolve(guide).func is printed.guide
    assert resolve(card).func is printed.card
    assert resolve(reverse("guides:index")).func is views.index


def test_staff_print_from_the_staff_urls(client, world, matter):
    client.force_login(world.office_clerk)
    for url in staff_urls(matter):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")


def test_staff_urls_need_a_sign_in_and_a_role_in_the_unit(client, world, matter):
    for url in staff_urls(matter):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign_in"))
    client.force_login(world.other_clerk)
    for url in staff_urls(matter):
        assert client.get(url).status_code == 404


def test_a_publication_that_is_not_a_service_matter_has_no_guide(client, world):
    publication = world.draft("T01")
    world.publish(publication)
    for url in public_urls(publication):
        assert client.get(url).status_code == 404
    client.force_login(world.clerk)
    for url in staff_urls(publication):
        assert client.get(url).status_code == 404


def test_an_unpublished_matter_has_no_guide(client, world, matter):
    draft = world.draft("O01", unit=world.office, title="尚未发布的办事指南")
    client.force_login(world.office_clerk)
    for url in staff_urls(draft):
        assert client.get(url).status_code == 404
    # Nor has a number that was never given.
    assert client.get(f"/guides/{world.office.org_code}/2026-00099/guide.pdf").status_code == 404


def test_a_withdrawn_matter_has_no_guide(client, world, matter):
    actions.withdraw(matter, by=world.office_reviewer, reason="该补贴政策已调整，办事指南另行发布")
    for url in public_urls(matter):
        assert client.get(url).status_code == 404
    client.force_login(world.office_clerk)
    for url in staff_urls(matter):
        assert client.get(url).status_code == 404


@pytest.fixture
def internal_matter(world):
    return publish_matter(world, audience="internal", title="财政所内部办事流程指引")


def test_an_internal_matter_is_printed_only_for_its_units_staff(client, world, internal_matter):
    urls = public_urls(internal_matter) + staff_urls(internal_matter)
    for url in public_urls(internal_matter):
        assert client.get(url).status_code == 404
    client.force_login(world.other_staff)
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(world.office_clerk)
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_public_page_links_to_the_guide_and_card(client, world, matter):
    guide, card = public_urls(matter)
    page = client.get(matter.get_absolute_url()).content.decode()
    assert f'href="{guide}"' in page and f'href="{card}"' in page
    assert "办事指南（PDF）" in page and "桌牌台卡（PDF）" in page
    other = world.draft("T01")
    world.publish(other)
    page = client.get(other.get_absolute_url()).content.decode()
    assert "/guides/" not in page


def test_a_withdrawn_matters_pages_do_not_link_to_a_guide(client, world, matter):
    actions.withdraw(matter, by=world.office_reviewer, reason="该补贴政策已调整")
    assert "/guides/" not in client.get(matter.get_absolute_url()).content.decode()
    client.force_login(world.office_clerk)
    page = client.get(reverse("publishing:detail", args=[matter.pk])).content.decode()
    assert not any(url in page for url in staff_urls(matter))
    assert "已撤回：不再提供办事指南和桌牌台卡。" in page


def test_the_staff_page_links_to_print_a_published_matter(client, world, matter):
    client.force_login(world.office_clerk)
    page = client.get(reverse("publishing:detail", args=[matter.pk])).content.decode()
    guide, card = staff_urls(matter)
    assert f'href="{guide}"' in page and f'href="{card}"' in page
    assert "打印办事指南（PDF）" in page


def test_the_staff_page_of_a_draft_says_it_prints_once_published(client, world):
    draft = world.draft("O01", unit=world.office, title="尚未发布的办事指南")
    client.force_login(world.office_clerk)
    page = client.get(reverse("publishing:detail", args=[draft.pk])).content.decode()
    assert not any(url in page for url in staff_urls(draft))
    assert "本事项发布后即可打印办事指南和桌牌台卡。" in page


def test_the_staff_page_of_another_publication_shows_nothing_of_guides(client, world):
    publication = world.draft("T01")
    client.force_login(world.clerk)
    page = client.get(reverse("publishing:detail", args=[publication.pk])).content.decode()
    assert "办事指南和桌牌台卡" not in page


def test_the_index_lists_the_service_matters_of_the_users_units(
    client, world, matter, django_assert_max_num_queries
):
    draft = world.draft("O01", unit=world.office, title="农机购置补贴办事指南")
    withdrawn = publish_matter(world, title="已停办事项办事指南")
    actions.withdraw(withdrawn, by=world.office_reviewer, reason="事项已取消")
    world.publish(world.draft("T01"))  # the township's, not a service matter
    client.force_login(world.office_clerk)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("guides:index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert matter.current.title in page
    guide, card = staff_urls(matter)
    assert f'href="{guide}"' in page and f'href="{card}"' in page
    assert "农机购置补贴办事指南" in page and "尚未发布，无可打印内容。" in page
    assert "已停办事项办事指南" in page and "已撤回，无可打印内容。" in page
    for url in staff_urls(draft) + staff_urls(withdrawn):
        assert f'href="{url}"' not in page
    assert "青山镇党政领导班子成员及分工" not in page


def test_the_index_shows_nothing_of_other_units(client, world, matter):
    client.force_login(world.other_clerk)
    page = client.get(reverse("guides:index")).content.decode()
    assert matter.current.title not in page
    assert "您所在单位尚无办事事项" in page


def test_the_index_does_not_grow_in_queries_with_more_matters(
    client, world, matter, django_assert_num_queries
):
    client.force_login(world.office_clerk)
    client.get(reverse("guides:index"))  # warm the session and the user's memberships
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("guides:index"))
    world.draft("O01", unit=world.office, title="农机购置补贴办事指南")
    publish_matter(world, title="耕地地力保护补贴办事指南")
    with django_assert_num_queries(len(one), exact=True):
        client.get(reverse("guides:index"))


def test_the_public_page_draws_the_process_chart_in_order(client, matter):
    from django.utils.html import strip_tags

    from gongkai.guides import procedure

    page = client.get(matter.get_absolute_url()).content.decode()
    assert '<ol class="flow">' in page and "办事流程图" in page
    chart = page.split('<ol class="flow">', 1)[1].split("</ol>", 1)[0]
    items = [strip_tags(item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", chart, re.S)]
    steps = procedure.split(matter.current.procedure).steps
    assert len(steps) > 1
    assert items[:-1] == steps
    assert items[-1] == "办结时限：" + matter.current.time_limit
