"""Background work: a task queue kept in the database, and the periodic schedule that fills it.

The queue is django-tasks' database backend (the backport of Django's Tasks framework): a task
is a row, claimed by one worker with `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL and
inside an exclusive transaction on SQLite, so several workers on several machines never run
the same task twice. No broker: `gongkai worker` is the only process to run.

- `background(...)` declares a task: a module-level function of JSON arguments. A failed
  attempt is recorded (status, exception, traceback: the admin's "Task results" page) and
  tried again later, `TASKS_RETRIES` attempts in all, `TASKS_RETRY_SECONDS` apart, doubled
  each time. A task must be safe to run twice: a retry, or a periodic task enqueued again
  after its row was pruned, runs it again.
- `enqueue_on_commit(task, ...)`: the usual way from an action, so the worker never sees a
  task whose data did not commit.
- `periodic(task, ...)`: run a task every so many minutes, or once a day from a local time.
  Every worker checks the schedule; the first to insert a slot's row enqueues it (the row's id
  is made from the slot), so one run per slot however many workers there are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task, task
from django_tasks.utils import normalize_json
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction

log = logging.getLogger(__name__)

# Ids of periodic slots: uuid5(this, "<task path> <slot>").
_SLOT_NAMESPACE = uuid.UUID("6f1c8a52-4d0b-4e43-9c2c-7a3f3b5e2d10")


def background(function: Callable[..., Any] | None = None, *, retries: int | None = None) -> Any:
    """Declare a background task (`@background` or `@background(retries=1)`)."""

    def declare(function: Callable[..., Any]) -> Task:
        @functools.wraps(function)
        def attempt(*args: Any, _attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception:
                limit = settings.TASKS_RETRIES if retries is None else retries
                if _attempt < limit:
                    delay = settings.TASKS_RETRY_SECONDS * 2 ** (_attempt - 1)
                    later = timezone.now() + dt.timedelta(seconds=delay)
                    declared.using(run_after=later).enqueue(*args, _attempt=_attempt + 1, **kwargs)
                    log.warning("task %s failed, attempt %d of %d", declared.name, _attempt, limit)
                raise

        declared: Task = task(attempt)
        return declared

    return declare(function) if function is not None else declare


def enqueue_on_commit(declared: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue the task once the caller's transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: declared.enqueue(*args, **kwargs), robust=True)


def enqueue_once(declared: Task, key: str, *args: Any, **kwargs: Any) -> bool:
    """Enqueue the task unless a task with this key was enqueued already (by this or any other
    process). True when this call enqueued it."""
    task_id = uuid.uuid5(_SLOT_NAMESPACE, f"{declared.module_path} {key}")
    if DBTaskResult.objects.filter(id=task_id).exists():
        return False
    try:
        with transaction.atomic():
            DBTaskResult.objects.create(
                id=task_id,
                args_kwargs=normalize_json({"args": list(args), "kwargs": kwargs}),
                priority=declared.priority,
                task_path=declared.module_path,
                queue_name=declared.queue_name,
                run_after=declared.run_after or get_date_max(),
                backend_name=declared.backend,
            )
    except IntegrityError:
        return False  # another worker inserted it first
    return True


# The periodic schedule ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Periodic:
    """A task run every `every`, or (with `at`) once a day from that local time on, with the
    day (YYYY-MM-DD) as its argument."""

    task: Task
    every: dt.timedelta | None = None
    at: dt.time | None = None

    def slot(self, now: dt.datetime) -> tuple[str, tuple[Any, ...]]:
        """The current slot's key and the task's arguments for it."""
        if self.at is not None:
            local = timezone.localtime(now)
            day = local.date() if local.time() >= self.at else local.date() - dt.timedelta(1)
            return day.isoformat(), (day.isoformat(),)
        assert self.every is not None
        seconds = int(self.every.total_seconds())
        start = int(now.timestamp()) // seconds * seconds
        return str(start), ()


_SCHEDULE: dict[str, Periodic] = {}


def periodic(
    declared: Task, *, every: dt.timedelta | None = None, at: dt.time | None = None
) -> Task:
    """Put a task on the schedule (call from the app's tasks module)."""
    if (every is None) == (at is None):
        raise ValueError("a periodic task runs either every so often or at a time of day")
    _SCHEDULE[declared.module_path] = Periodic(declared, every=every, at=at)
    return declared


def discover() -> None:
    """Import each of our apps' `tasks` module, which declares its tasks and schedule."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai."):
            continue
        try:
            import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise


def schedule() -> list[Periodic]:
    discover()
    return sorted(_SCHEDULE.values(), key=lambda entry: entry.task.module_path)


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic task whose current slot is not enqueued yet; the names of those
    this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in schedule():
        key, args = entry.slot(now)
        if enqueue_once(entry.task, key, *args):
            enqueued.append(entry.task.module_path)
    return enqueued


# Running ------------------------------------------------------------------------------


def worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def claim(worker_id: str) -> DBTaskResult | None:
    """Claim the next ready task for this worker, or None. Two workers never claim one task."""
    ready = DBTaskResult.objects.ready().filter(backend_name="default")
    with exclusive_transaction(ready.db):
        found = ready.get_locked()
        if found is not None:
            found.claim(worker_id)
    return found


def run_one(runner: Worker) -> DBTaskResult | None:
    """Run the next ready task, if any; its result (successful or failed) is recorded."""
    found = claim(runner.worker_id)
    if found is not None:
        runner.run_task(found)
    return found


def run_ready(worker_id: str = "in-process") -> Iterator[DBTaskResult]:
    """Run every ready task in this process until none is left (tests, `worker --batch`)."""
    runner = worker(worker_id)
    while (found := run_one(runner)) is not None:
        yield found


# Housekeeping -------------------------------------------------------------------------


@background
def prune_results(day: str) -> int:
    """Forget the tasks finished before `day` (YYYY-MM-DD) less TASKS_KEEP_DAYS, and the failed
    ones before it less TASKS_KEEP_FAILED_DAYS (the admin lists them until then). How many
    were removed."""
    start = timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time()))
    old = DBTaskResult.objects.successful().filter(
        finished_at__lt=start - dt.timedelta(days=settings.TASKS_KEEP_DAYS)
    )
    old_failures = DBTaskResult.objects.failed().filter(
        finished_at__lt=start - dt.timedelta(days=settings.TASKS_KEEP_FAILED_DAYS)
    )
    return old.delete()[0] + old_failures.delete()[0]


periodic(prune_results, at=dt.time(3, 10))
