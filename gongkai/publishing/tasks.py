"""Publishing's periodic work: scheduled publications go out. (The text of big attachments
reaches the search by `search_documents.index_attachments`.)"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from gongkai.core.tasks import background, periodic

from . import actions


@background
def publish_scheduled() -> list[str]:
    """Publish the approved drafts whose time has come (twice at once publishes each once)."""
    published = actions.publish_scheduled(now=timezone.now(), today=timezone.localdate())
    return [f"{version.publication.index_no} v{version.number}" for version in published]


periodic(publish_scheduled, every=dt.timedelta(minutes=settings.TASKS_PUBLISH_EVERY_MINUTES))
