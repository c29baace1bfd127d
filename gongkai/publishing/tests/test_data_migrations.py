"""What a data migration fills in, no page has to fill in on reading."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import reverse

from gongkai.publishing import actions
from gongkai.publishing.models import Review, Stage

reviews = importlib.import_module("gongkai.publishing.migrations.0008_reviews_for_every_draft")


def test_a_draft_written_before_reviews_existed_gets_its_review_from_the_migration(world, client):
    publication = world.draft()
    draft = publication.draft
    Review.objects.filter(version=draft).delete()  # as drafts were before reviews existed

    reviews.reviews_for_drafts(apps, None)

    assert actions.review_of(draft).stage == Stage.WRITING
    # Reading the page writes nothing: the review is there already.
    client.force_login(world.clerk)
    count = Review.objects.count()
    assert client.get(reverse("publishing:detail", args=[publication.pk])).status_code == 200
    assert Review.objects.count() == count
