"""Run as a separate process against a fresh database: many reviewers publish at the same moment.

    DATABASE_URL=... python -m gongkai.publishing.tests.concurrent_publish DRAFTS REPEATS

Each of DRAFTS drafts is approved, then published, by its own thread, and REPEATS more threads
approve and publish the first draft again (a double click, or two reviewers at once), each race
released together. Every thread has its own database connection. Prints one JSON object with
what each thread saw.
"""

from __future__ import annotations

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")


def main(drafts: int, repeats: int) -> dict:
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection

    from gongkai.catalog import actions as catalog_actions
    from gongkai.catalog.models import CatalogItem
    from gongkai.core import demo
    from gongkai.core.models import Unit, User
    from gongkai.publishing import actions
    from gongkai.publishing.models import Publication

    call_command("migrate", verbosity=0)
    demo.load()
    township = Unit.objects.get(short_name="青山镇")
    catalog_actions.adopt_suggested(township, by=None)
    clerk = User.objects.get(username="qingshan_clerk")
    reviewer = User.objects.get(username="qingshan_reviewer")
    item = CatalogItem.objects.adopted_by(township).get(key="T01")
    today = dt.date(2026, 7, 15)
    pks = [
        actions.create(
            unit=township,
            item=item,
            by=clerk,
            audience="public",
            today=today,
            title=f"并发发布测试{n}",
            summary="测试",
            body="<p>正文</p>",
            topic="general",
            written_on=today,
        ).pk
        for n in range(drafts)
    ]
    for pk in pks:
        actions.submit(Publication.objects.get(pk=pk), by=clerk, today=today)
    connection.close()

    # First the reviewers race to approve (the first draft REPEATS more times), then to publish.
    approvals: list[dict] = []
    approve_barrier = threading.Barrier(len(pks) + repeats)

    def approve(pk: int) -> None:
        outcome: dict = {"pk": pk}
        try:
            publication = Publication.objects.get(pk=pk)
            me = User.objects.get(pk=reviewer.pk)
            approve_barrier.wait(timeout=60)
            actions.approve(
                publication,
                by=me,
                today=today,
                no_state_secret=True,
                no_superior_document=True,
                privacy_lawful=True,
            )
            outcome["result"] = "approved"
        except actions.AlreadyDone:
            outcome["result"] = "already"
        except Exception as error:
            outcome["result"] = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            approvals.append(outcome)

    lock = threading.Lock()
    threads = [threading.Thread(target=approve, args=(pk,)) for pk in pks + [pks[0]] * repeats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    targets = pks + [pks[0]] * repeats
    barrier = threading.Barrier(len(targets))
    results: list[dict] = []
    lock = threading.Lock()

    def publish(pk: int) -> None:
        outcome: dict = {"pk": pk}
        try:
            publication = Publication.objects.get(pk=pk)
            me = User.objects.get(pk=reviewer.pk)
            barrier.wait(timeout=60)
            actions.publish(publication, by=me, version_number=1, today=today)
            outcome["result"] = "published"
        except actions.AlreadyPublished:
            outcome["result"] = "already"
        except Exception as error:
            outcome["result"] = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    from gongkai.publishing.models import IndexCounter

    index_numbers = list(Publication.objects.filter(pk__in=pks).values_list("index_no", flat=True))
    counter = IndexCounter.objects.get(unit=township, year=2026).last_serial
    from gongkai.core.models import AuditEvent

    approved_events = AuditEvent.objects.filter(action="publication:approved").count()
    connection.close()
    return {
        "approvals": approvals,
        "approved_events": approved_events,
        "vendor": connection.vendor,
        "results": results,
        "index_numbers": index_numbers,
        "counter": counter,
        "org_code": township.org_code,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2])), ensure_ascii=False))
