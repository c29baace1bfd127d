"""政策解读: an interpretation names the policy it explains in the draft form; the policy's
public page lists its interpretations and the interpretation's page links back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.publishing import actions
from gongkai.publishing.models import Publication

from .conftest import TODAY
from .test_views import _form
from .test_visibility import client_for

POLICY = "青山镇2026年耕地地力保护补贴实施方案"
READING = "《青山镇2026年耕地地力保护补贴实施方案》政策解读"


def policy(world, unit=None, **fields):
    publication = world.draft(
        "A01", unit=unit, title=POLICY, summary="补贴对象、标准和发放方式。", **fields
    )
    world.publish(publication)
    return publication


def test_an_interpretation_links_to_its_policy_and_back(world):
    explained = policy(world)
    clerk = client_for(world.clerk)
    item = world.item("A01")
    form = clerk.get(f"/staff/publications/new/{world.township.org_code}/?item={item.pk}")
    assert explained.index_no in form.content.decode()  # offered in the field's suggestions
    sent = clerk.post(
        f"/staff/publications/new/{world.township.org_code}/?item={item.pk}",
        _form(
            title=READING,
            summary="用问答解读补贴政策。",
            body="<p>每亩补贴105元。</p>",
            topic="agriculture",
            approval_reference="",
            written_on="2026-07-01",
            interprets=explained.index_no,
        ),
    )
    assert sent.status_code == 302, sent.content.decode()
    reading = Publication.objects.get(versions__title=READING)
    world.publish(reading)

    policy_page = Client().get(explained.get_absolute_url()).content.decode()
    assert "本政策的解读" in policy_page
    assert f'href="{reading.get_absolute_url()}"' in policy_page
    reading_page = Client().get(reading.get_absolute_url()).content.decode()
    assert "本文是对以下政策的解读" in reading_page
    assert f'href="{explained.get_absolute_url()}"' in reading_page
    api = Client().get(f"/api/v1/publications/{explained.index_no}").json()
    assert api["interpretations"] == [reading.index_no]
    api = Client().get(f"/api/v1/publications/{reading.index_no}").json()
    assert api["interprets"] == explained.index_no

    # An amendment keeps the link; the edit form shows it.
    edit = clerk.get(f"/staff/publications/{reading.pk}/edit/").content.decode()
    assert f'value="{explained.index_no}"' in edit

    # Once the policy is withdrawn, neither page points at it any more.
    actions.withdraw(explained, by=world.reviewer, reason="政策调整，另行发布")
    reading_page = Client().get(reading.get_absolute_url()).content.decode()
    assert "本文是对以下政策的解读" not in reading_page


def test_the_policy_must_be_public_published_and_of_this_unit_or_above(world):
    internal = world.draft("I03", title="机关差旅费开支情况", period="2026年上半年")
    world.publish(internal)
    draft_only = world.draft("A01", title="尚未发布的方案")
    other = world.draft("A01", unit=world.other_township, by=world.other_clerk, title="他镇方案")
    for index_no in (internal.index_no, "100002003/2026-99999", "不是索引号"):
        with pytest.raises(ValidationError, match="不是本单位或上级单位"):
            world.draft("A01", title=READING, interprets=index_no)
    assert draft_only.index_no is None and other.index_no is None

    # A township's policy is explained by its finance office; not the other way round.
    township_policy = policy(world)
    world.draft(
        "O03",
        unit=world.office,
        title="财政所关于补贴发放的解读",
        interprets=township_policy.index_no,
    )
    office_policy = world.draft("O03", unit=world.office, title="财政所补贴发放办法")
    world.publish(office_policy)
    with pytest.raises(ValidationError, match="不是本单位或上级单位"):
        world.draft("A01", title=READING, interprets=office_policy.index_no)


def test_an_interpretation_of_a_withdrawn_policy_is_not_published(world):
    explained = policy(world)
    reading = world.draft("A01", title=READING, interprets=explained.index_no)
    world.submit(reading)
    world.approve(reading)
    actions.withdraw(explained, by=world.reviewer, reason="政策调整")
    with pytest.raises(ValidationError, match="所解读的政策已不再公开"):
        actions.publish(reading, by=world.reviewer, version_number=1, today=TODAY)


def test_publishing_an_interpretation_renews_its_policys_cached_page(world):
    """The policy's page, read (and cached) before its interpretation was published, lists
    the interpretation once it is out, and drops it when it is withdrawn; the interpretation's
    page drops its link when the policy is withdrawn. The stored document of each version
    stays as it was: the links are rendered beside it."""
    explained = policy(world)
    reader = Client()
    assert "本政策的解读" not in reader.get(explained.get_absolute_url()).content.decode()
    reading = world.draft("A01", title=READING, interprets=explained.index_no)
    world.publish(reading)

    page = reader.get(explained.get_absolute_url()).content.decode()
    assert "本政策的解读" in page
    assert f'href="{reading.get_absolute_url()}"' in page
    assert "本文是对以下政策的解读" in reader.get(reading.get_absolute_url()).content.decode()

    actions.withdraw(reading, by=world.reviewer, reason="解读有误，另行发布")
    assert "本政策的解读" not in reader.get(explained.get_absolute_url()).content.decode()

    again = world.draft("A01", title=READING + "（修订）", interprets=explained.index_no)
    world.publish(again)
    assert "本文是对以下政策的解读" in reader.get(again.get_absolute_url()).content.decode()
    actions.withdraw(explained, by=world.reviewer, reason="政策调整，另行发布")
    assert "本文是对以下政策的解读" not in reader.get(again.get_absolute_url()).content.decode()
