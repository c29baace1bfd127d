"""The reads a public publication page runs on every request are compiled once and bound
with each request's values (`core.prepared`): they find what the queryset would, and never
more (an internal publication stays out of an anonymous reader's reach)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from gongkai.core.prepared import Prepared, stand_ins
from gongkai.publishing import access, reads
from gongkai.publishing.models import Publication

from .test_visibility import published  # noqa: F401  (a fixture)


def _split(publication: Publication) -> tuple[str, str]:
    code, number = (publication.index_no or "").split("/", 1)
    return code, number


def test_an_anonymous_reader_gets_the_public_publication_with_its_unit_item_and_version(
    world,
    published,  # noqa: F811
):
    public, _internal = published
    unit, item = public.unit.org_code, public.item.level2
    found = access.get_published(AnonymousUser(), *_split(public))
    assert found == public
    with CaptureQueriesContext(connection) as captured:
        assert found.unit.org_code == unit
        assert found.item.level2 == item
        assert found.current.title == "公开的领导分工"
    assert captured.captured_queries == []  # read with the publication, as select_related does


def test_an_internal_publication_is_not_found_for_an_anonymous_reader(
    world,
    published,  # noqa: F811
):
    _public, internal = published
    with pytest.raises(Http404):
        access.get_published(AnonymousUser(), *_split(internal))
    with pytest.raises(Http404):
        access.get_published(None, *_split(internal))
    assert access.get_published(world.clerk, *_split(internal)) == internal


def test_each_call_binds_its_own_values(world, published):  # noqa: F811
    public, internal = published
    by_pk = Prepared(lambda pk: Publication.objects.filter(pk=pk), *stand_ins(1))
    assert by_pk.all(public.pk) == [public]
    assert by_pk.all(internal.pk) == [internal]
    assert by_pk.first(-1) is None
    assert reads.interpretations_list(public) == list(reads.interpretations_of(public))


def test_a_stand_in_that_is_not_a_parameter_of_its_own_is_refused(db):
    prepared = Prepared(
        lambda pk: Publication.objects.filter(Q(pk=pk) | Q(unit_id=pk)), *stand_ins(1)
    )
    with pytest.raises(ValueError, match="not one parameter"):
        prepared.all(1)
