"""How many publications a unit has under each catalog item, kept as they are published: the
catalog tree and a unit's list show the counts without counting the unit's publications."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from gongkai.publishing import actions, reads, tallies
from gongkai.publishing.models import PublicationTally

from . import files
from .conftest import TODAY


def _tallies() -> dict[tuple[int, int, str], int]:
    return {(t.unit_id, t.item_id, t.audience): t.published for t in PublicationTally.objects.all()}


def _internal(world, title: str):
    return world.draft(
        "I03",
        title=title,
        topic="finance",
        period="2026年上半年",
        files=actions.Uploads(
            tables=[("接待费", files.csv_file("月份,金额\n1月,1260\n"))],
        ),
    )


def test_a_publication_is_counted_once_when_first_published(world):
    first = world.draft(title="领导分工（一）")
    world.publish(first)
    second = world.draft(title="领导分工（二）")
    assert _tallies() == {(world.township.pk, first.item_id, "public"): 1}
    world.publish(second)
    key = (world.township.pk, first.item_id, "public")
    assert _tallies() == {key: 2}

    # A new version, and a withdrawal (it stays listed, marked withdrawn), count nothing.
    actions.edit(first, by=world.clerk, today=TODAY, body="<p>第二版。</p>", change_reason="更正")
    first.refresh_from_db()
    world.publish(first)
    actions.withdraw(second, by=world.reviewer, reason="内容有误")
    assert _tallies() == {key: 2}
    assert tallies.recount() == 1
    assert _tallies() == {key: 2}


def test_a_units_list_pages_through_what_the_reader_may_see(world, client):
    published = []
    for n in range(3):
        publication = world.draft(title=f"领导分工第{n}号")
        world.publish(publication)
        published.append(publication)
    internal = _internal(world, "上半年公务接待费开支")
    world.publish(internal)

    anonymous = reads.newest_of_unit(AnonymousUser(), world.township, per_page=2)
    assert anonymous.count == 3
    assert anonymous.num_pages == 2
    shown = [p.pk for n in (1, 2) for p in anonymous.page(n).object_list]
    assert sorted(shown) == sorted(p.pk for p in published)

    staff = reads.newest_of_unit(world.staff, world.township, per_page=2)
    assert staff.count == 4
    assert internal.pk in [p.pk for n in (1, 2) for p in staff.page(n).object_list]
    outsider = reads.newest_of_unit(world.other_staff, world.township, per_page=2)
    assert outsider.count == 3

    narrowed = reads.newest_of_unit(
        world.staff, world.township, item_id=internal.item_id, per_page=2
    )
    assert narrowed.count == 1
    assert [p.pk for p in narrowed.page(1).object_list] == [internal.pk]
