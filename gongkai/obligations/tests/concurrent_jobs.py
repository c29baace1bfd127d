"""Run as a separate process against a fresh database: two job runs start at the same moment.

    DATABASE_URL=... python -m gongkai.obligations.tests.concurrent_jobs RUNS

Prints one JSON object: each run's summary, and the reminders, notifications and emails that
exist afterwards.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")


def main(runs: int) -> dict:
    mail_dir = tempfile.mkdtemp(prefix="gongkai-mail-")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    import django
    from django.conf import settings

    django.setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.catalog import actions as catalog_actions
    from gongkai.catalog.models import Adoption
    from gongkai.core import demo
    from gongkai.core.models import AuditEvent, Membership, Unit
    from gongkai.obligations import jobs
    from gongkai.obligations.models import Notification, OrderReminder, Reminder

    call_command("migrate", verbosity=0)
    demo.load()
    township = Unit.objects.get(short_name="青山镇")
    catalog_actions.adopt_suggested(township, by=None)
    Adoption.objects.update(adopted_at=timezone.make_aware(dt.datetime(2026, 1, 1, 9)))
    for membership in Membership.objects.select_related("user"):
        if not membership.user.email:
            membership.user.email = f"{membership.user.username}@example.cn"
            membership.user.save(update_fields=["email"])
    today = dt.date(2026, 8, 20)
    # Two oversight orders: one due tomorrow (the unit is reminded), one past (the supervisor).
    from gongkai.core.models import User
    from gongkai.obligations import actions as obligation_actions

    supervisor = User.objects.get(username="county_supervisor")
    adoption = Adoption.objects.filter(unit=township).select_related("item").first()
    assert adoption is not None
    item = adoption.item
    for deadline in (dt.date(2026, 8, 21), dt.date(2026, 8, 19)):
        obligation_actions.issue_order(
            township,
            by=supervisor,
            item=item,
            obligation=None,
            instructions="请限期补充公开。",
            deadline=deadline,
            today=dt.date(2026, 8, 1),
        )
    barrier = threading.Barrier(runs)
    summaries: list[dict] = []

    def one_run() -> None:
        try:
            barrier.wait()
            summaries.append(jobs.run(today).as_dict())
        except Exception as error:  # reported, and the test fails on it
            summaries.append({"error": repr(error)})
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pairs: list[tuple] = list(
        Reminder.objects.values_list("obligation_id", "kind", "lead", "recipient_id")
    )
    pairs += list(OrderReminder.objects.values_list("order_id", "kind", "deadline", "recipient_id"))
    return {
        "vendor": connection.vendor,
        "summaries": summaries,
        "reminders": len(pairs),
        "distinct_reminders": len(set(pairs)),
        "notifications": Notification.objects.count(),
        "order_notices": OrderReminder.objects.count(),
        "orders_marked_past": AuditEvent.objects.filter(
            action="oversight_order:deadline_passed"
        ).count(),
        "emailed": Reminder.objects.filter(emailed=True).count()
        + OrderReminder.objects.filter(emailed=True).count(),
        # The file backend may append several messages to one file: count their headers.
        "mails": sum(
            line.startswith("Subject:")
            for name in os.listdir(mail_dir)
            for line in open(os.path.join(mail_dir, name), encoding="utf-8")
        ),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
