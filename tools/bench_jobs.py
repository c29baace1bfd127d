#!/usr/bin/env python3
"""Benchmark of the daily jobs at province scale: `make bench` (or `python tools/bench_jobs.py`).

Builds (once, then reuses) a province in its own SQLite database under var/bench/: 1,500
townships by default, in counties of 15, each township with the demo's five offices and
stations and five villages, the default catalog of each county adopted as the demo adopts
it, the demo's accounts for every township (clerk, reviewer, leader; a clerk and reviewer
at the finance station; a supervisor per county), and a year of history up to the bench's
day: every period obligation of last year and this year (made by the obligations action
itself), those due so far published (most in time, some late, a few left overdue, a few
waived) with their publications, oversight and rectification orders, and the public's
ratings. The daily jobs then ran for the day before, as the worker would have, so that the
reminders already sent are in place.

Then it times the real entry points the worker's daily tasks call, for the bench's day:
the obligations job (`obligations.jobs.run`: obligations made, reminders, escalations,
oversight orders), the assessment job (`assessment.jobs.run`) and the assessment of the
year for every county (`assessment.actions.compute`, as the supervisor's button and a
recompute do), each with wall clock, CPU time of this process (`time.process_time()`) and
the queries counted. With `--annual-db` it also times the annual report's counts for all
reporting units of a county (`reports.compute.from_records`) on another bench database
(the 1,000,000-publication one of `tools/bench_http.py`), read only.

Writes its table into docs/benchmarks.md between this benchmark's marker comments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
VAR_DIR = BENCH_DIR / "jobs-var"
REPORT = ROOT / "docs" / "benchmarks.md"
START = "<!-- bench_jobs:start -->"
END = "<!-- bench_jobs:end -->"
SEED = 20261203
# The bench's "today": a working day late in the year, so that most of the year's periods
# are due and a few are about to be.
TODAY = dt.date(2026, 11, 18)
PER_COUNTY = 15
VILLAGES = ("东村", "西村", "南村", "北村", "中心村")
FORMAT_VERSION = "1"


def database_for(townships: int) -> Path:
    return BENCH_DIR / f"jobs-{townships}.sqlite3"


def setup_django(database: Path, source: Path = ROOT) -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["GONGKAI_VAR_DIR"] = str(VAR_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        create_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(source))
    import django

    django.setup()
    from django.conf import settings

    # Mail is counted, not sent: the bench times the jobs, not a mail server.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def create_database(url: str) -> None:
    """The database of a PostgreSQL URL, made when the server has none by that name (the
    throwaway cluster of tools/with_postgres.py starts empty)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(server, autocommit=True) as db:
        if not db.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            db.execute(f'create database "{name}"')


def progress(label: str, done: int, total: int, began: float) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.monotonic() - began, 1e-6)
    print(
        f"\r  {label:<28} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} "
        f"({rate:,.0f}/s)",
        end="" if done < total else "\n",
        file=sys.stderr,
        flush=True,
    )


def generated_townships() -> int | None:
    from django.db import connection

    from gongkai.core.models import UnitKind

    try:
        with connection.cursor() as cursor:
            cursor.execute("select value from bench_jobs_meta where key = 'format'")
            row = cursor.fetchone()
        if row is None or row[0] != FORMAT_VERSION:
            return None
    except Exception:
        return None
    from gongkai.core.models import Unit

    return Unit.objects.filter(kind=UnitKind.TOWNSHIP).count()


def generate(townships: int, seed: int) -> None:
    """The province, built in bulk where the actions would take hours, through them where
    what they compute is what is measured (the obligations and their due dates)."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.assessment import actions as assessment_actions
    from gongkai.assessment import jobs as assessment_jobs
    from gongkai.assessment.models import RectificationOrder
    from gongkai.catalog import actions as catalog_actions
    from gongkai.catalog.models import Adoption, CatalogItem
    from gongkai.core import demo as core_demo
    from gongkai.core.codes import make_credit_code
    from gongkai.core.models import Membership, Role, Unit, UnitKind, User
    from gongkai.core.workdays import WorkdayCalendar
    from gongkai.evaluation.models import Rating, Verdict
    from gongkai.obligations import actions as obligation_actions
    from gongkai.obligations import jobs as obligation_jobs
    from gongkai.obligations.models import Obligation, OversightOrder
    from gongkai.publishing.models import Publication, PublicationVersion

    if connection.vendor == "sqlite":
        connection.close()
        for path in BENCH_DIR.glob(f"{database_for(townships).name}*"):
            path.unlink()
    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(seed)
    calendar = WorkdayCalendar.load()
    county_count = max(1, -(-townships // PER_COUNTY))
    password = make_password(None)
    began = time.monotonic()

    # Units: counties, townships, the demo's offices under each township, villages.
    serial = 20_000_000
    next_pk = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    units: list[Unit] = []
    users: list[User] = []
    members: list[tuple[str, int, str]] = []  # username, unit pk, role
    counties: list[Unit] = []
    made = 0
    for c in range(county_count):
        serial += 1
        county = Unit(
            pk=next_pk,
            kind=UnitKind.COUNTY,
            name=f"示例{c + 1}县人民政府",
            short_name=f"示例{c + 1}县",
            credit_code=make_credit_code("11", "431399", core_demo.organisation_body(serial)),
            position=serial,
        )
        county.org_code = county.credit_code[8:17]
        county.path = f"/{county.pk}/"
        next_pk += 1
        units.append(county)
        counties.append(county)
        members.append((f"c{c}_supervisor", county.pk, Role.SUPERVISOR))
        for t in range(min(PER_COUNTY, townships - made)):
            made += 1
            serial += 1
            township = Unit(
                pk=next_pk,
                parent_id=county.pk,
                kind=UnitKind.TOWNSHIP,
                name=f"示例{c + 1}县第{t + 1}镇人民政府",
                short_name=f"{c + 1}县{t + 1}镇",
                credit_code=make_credit_code("11", "431399", core_demo.organisation_body(serial)),
                position=serial,
            )
            township.path = f"{county.path}{township.pk}/"
            next_pk += 1
            units.append(township)
            for role in (Role.CLERK, Role.REVIEWER, Role.LEADER):
                members.append((f"c{c}t{t}_{role}", township.pk, role))
            for o_index, (o_key, o_name, _o_short) in enumerate(core_demo.OFFICES):
                serial += 1
                office = Unit(
                    pk=next_pk,
                    parent_id=township.pk,
                    kind=UnitKind.OFFICE,
                    name=f"{township.short_name}{o_name}",
                    short_name=f"{township.short_name}{o_key}",
                    credit_code=make_credit_code(
                        "11", "431399", core_demo.organisation_body(serial)
                    ),
                    position=serial,
                )
                office.path = f"{township.path}{office.pk}/"
                next_pk += 1
                units.append(office)
                if o_index == 1:  # the finance station has its own clerk and reviewer
                    members.append((f"c{c}t{t}_czs_clerk", office.pk, Role.CLERK))
                    members.append((f"c{c}t{t}_czs_reviewer", office.pk, Role.REVIEWER))
            for v_name in VILLAGES:
                serial += 1
                village = Unit(
                    pk=next_pk,
                    parent_id=township.pk,
                    kind=UnitKind.VILLAGE,
                    name=f"{township.short_name}{v_name}村民委员会",
                    short_name=v_name,
                    credit_code=make_credit_code(
                        "54", "431399", core_demo.organisation_body(serial)
                    ),
                    position=serial,
                )
                village.path = f"{township.path}{village.pk}/"
                next_pk += 1
                units.append(village)
    for unit in units:
        unit.org_code = unit.credit_code[8:17]
    with transaction.atomic():
        for offset in range(0, len(units), 2000):
            Unit.objects.bulk_create(units[offset : offset + 2000])
            progress("units", min(offset + 2000, len(units)), len(units), began)
        for username, _unit, _role in members:
            users.append(
                User(
                    username=username,
                    full_name=username,
                    email=f"{username}@example.org",
                    password=password,
                )
            )
        User.objects.bulk_create(users, batch_size=2000)
        user_pk = dict(User.objects.values_list("username", "pk"))
        Membership.objects.bulk_create(
            [Membership(user_id=user_pk[u], unit_id=unit, role=role) for u, unit, role in members],
            batch_size=2000,
        )

    # Each county's default catalog, through the action; adopted as `adopt_suggested` does
    # (every active county item meant for the unit's kind), in bulk.
    began = time.monotonic()
    adopted_at = timezone.make_aware(dt.datetime(TODAY.year - 1, 1, 1, 9))
    for n, county in enumerate(counties, start=1):
        with transaction.atomic():
            catalog_actions.load_default_catalog(county, by=None)
            by_kind: dict[str, list[int]] = {}
            for item in CatalogItem.objects.filter(catalog__county=county, is_active=True):
                by_kind.setdefault(item.unit_kind, []).append(item.pk)
            Adoption.objects.bulk_create(
                [
                    Adoption(unit_id=unit.pk, item_id=item)
                    for unit in units
                    if unit.path.startswith(county.path) and unit.kind != UnitKind.COUNTY
                    for item in by_kind.get(unit.kind, [])
                ],
                batch_size=2000,
            )
        progress("catalogs and adoptions", n, len(counties), began)
    Adoption.objects.update(adopted_at=adopted_at)

    # Every period obligation of last year and this, made by the action the job calls.
    print("  obligations …", file=sys.stderr, flush=True)
    made = obligation_actions.materialise_all([TODAY.year - 1, TODAY.year], calendar=calendar)
    print(f"  {made:,} obligations", file=sys.stderr, flush=True)

    # Their fate: those due before the bench's day mostly published in time, some late, a
    # few left overdue, a few waived; each publication as the publishing action leaves it.
    clerks = dict(Membership.objects.filter(role=Role.CLERK).values_list("unit_id", "user_id"))
    leaders = dict(Membership.objects.filter(role=Role.LEADER).values_list("unit_id", "user_id"))
    parent_of = dict(Unit.objects.values_list("pk", "parent_id"))
    org_of = dict(Unit.objects.values_list("pk", "org_code"))
    name_of = dict(Unit.objects.values_list("pk", "name"))
    due = (
        Obligation.objects.filter(due_on__lt=TODAY)
        .order_by("pk")
        .values_list("pk", "unit_id", "item_id", "period", "period_end", "due_on")
    )
    total = due.count()
    pub_pk = (Publication.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    serials: dict[tuple[int, int], int] = {}
    began = time.monotonic()
    batch: list[tuple] = []
    done = 0

    def author(unit_id: int) -> int:
        return clerks.get(unit_id) or clerks[parent_of[unit_id]]

    def flush() -> None:
        nonlocal pub_pk
        publications, versions, met, waived = [], [], [], []
        for pk, unit_id, item_id, period, period_end, due_on in batch:
            fate = rng.random()
            if fate < 0.05:
                continue  # left overdue
            if fate < 0.06:
                waived.append((pk, leaders.get(unit_id) or leaders[parent_of[unit_id]]))
                continue
            if fate < 0.16:
                on = due_on + dt.timedelta(days=rng.randint(1, 20))  # late
            else:
                on = calendar.add_working_days(period_end, rng.randint(1, 15))
                on = min(on, due_on)
            if on >= TODAY:
                continue  # not yet: open, or overdue by the bench's day
            when = timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
            serial = serials[(unit_id, on.year)] = serials.get((unit_id, on.year), 0) + 1
            by = author(unit_id)
            publications.append(
                Publication(
                    pk=pub_pk,
                    unit_id=unit_id,
                    item_id=item_id,
                    audience="public",
                    status="published",
                    index_no=f"{org_of[unit_id]}/{on.year}-{serial:05d}",
                    index_year=on.year,
                    index_serial=serial,
                    current_id=pub_pk,
                    period_code=period,
                    first_published_at=when,
                    created_by_id=by,
                )
            )
            versions.append(
                PublicationVersion(
                    pk=pub_pk,
                    publication_id=pub_pk,
                    number=1,
                    title=f"{name_of[unit_id][:40]}{period}定期公开",
                    summary="按政务公开目录定期公开。",
                    body="<p>现将有关情况公开如下，欢迎群众监督。</p>",
                    topic="general",
                    publisher_name=name_of[unit_id],
                    written_on=on,
                    period=period,
                    created_by_id=by,
                    edited_by_id=by,
                    published_at=when,
                    published_by_id=by,
                )
            )
            met.append((pk, pub_pk, on))
            pub_pk += 1
        with transaction.atomic():
            Publication.objects.bulk_create(publications)
            PublicationVersion.objects.bulk_create(versions)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "update obligations_obligation set publication_id = %s, published_on = %s "
                    "where id = %s",
                    [(pub, on, pk) for pk, pub, on in met],
                )
                cursor.executemany(
                    "update obligations_obligation set waived_by_id = %s, waived_at = %s, "
                    "waiver_reason = %s where id = %s",
                    [(by, timezone.now(), "本期无此事项。", pk) for pk, by in waived],
                )
        batch.clear()

    for row in due.iterator(chunk_size=5000):
        batch.append(row)
        if len(batch) == 5000:
            done += len(batch)
            flush()
            progress("publications", done, total, began)
    done += len(batch)
    flush()
    progress("publications", done, total, began)
    from gongkai.publishing import tallies

    tallies.recount()

    # Oversight orders on some overdue obligations (a few past their deadline), rectification
    # orders (a few overdue), and the public's ratings.
    began = time.monotonic()
    supervisors = dict(
        Membership.objects.filter(role=Role.SUPERVISOR).values_list("unit_id", "user_id")
    )
    county_of = {u.pk: u.path.split("/")[1] for u in Unit.objects.only("pk", "path")}
    overdue = list(
        Obligation.objects.overdue(TODAY)
        .filter(unit__kind=UnitKind.TOWNSHIP)
        .order_by("pk")
        .values_list("pk", "unit_id", "item_id")
    )
    chosen = rng.sample(overdue, min(len(overdue), townships // 3))
    OversightOrder.objects.bulk_create(
        [
            OversightOrder(
                unit_id=unit_id,
                obligation_id=pk,
                item_id=item_id,
                instructions="请于期限内补充公开，并书面说明逾期原因。",
                deadline=TODAY + dt.timedelta(days=rng.randint(-10, 10)),
                issued_by_id=supervisors[int(county_of[unit_id])],
            )
            for pk, unit_id, item_id in chosen
        ],
        batch_size=2000,
    )
    township_ids = list(
        Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("pk").values_list("pk", flat=True)
    )
    RectificationOrder.objects.bulk_create(
        [
            RectificationOrder(
                unit_id=unit_id,
                year=TODAY.year,
                indicator="overdue_obligations",
                finding="逾期未公开",
                instructions="请限期整改。",
                deadline=TODAY - dt.timedelta(days=rng.randint(-5, 5)),
                issued_by_id=supervisors[int(county_of[unit_id])],
            )
            for unit_id in rng.sample(township_ids, min(len(township_ids), townships // 10))
        ],
        batch_size=2000,
    )
    published = list(
        Publication.objects.filter(unit__kind=UnitKind.TOWNSHIP)
        .order_by("pk")
        .values_list("pk", "unit_id", "first_published_at")
    )
    Rating.objects.bulk_create(
        [
            Rating(
                unit_id=unit_id,
                publication_id=pk,
                verdict=Verdict.DISSATISFIED if rng.random() < 0.3 else Verdict.SATISFIED,
                comment="内容不够详细",
                rated_on=timezone.localtime(when).date(),
                client_hash=f"{pk:064d}",
            )
            for pk, unit_id, when in rng.sample(published, min(len(published), townships * 4))
        ],
        batch_size=2000,
    )
    progress("orders and ratings", 1, 1, began)

    # The worker ran yesterday: the year's assessment was computed for every county and the
    # reminders of yesterday were sent and claimed.
    began = time.monotonic()
    for n, county in enumerate(counties, start=1):
        assessment_actions.ensure_scheme(county)
        progress("assessment schemes", n, len(counties), began)
    yesterday = TODAY - dt.timedelta(days=1)
    print("  the daily jobs for the day before …", file=sys.stderr, flush=True)
    obligation_jobs.run(yesterday, calendar=calendar)
    assessment_jobs.run(yesterday)
    with connection.cursor() as cursor:
        cursor.execute("create table bench_jobs_meta (key text primary key, value text)")
        cursor.execute("insert into bench_jobs_meta values ('format', %s)", [FORMAT_VERSION])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("analyze")


class Counter:
    """Counts the queries run inside it (`connection.execute_wrapper`)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def timed(label: str, call) -> dict:
    from django.db import connection

    counter = Counter()
    load_before = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        result = call()
    row = {
        "label": label,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "queries": counter.queries,
        "load": max(load_before, os.getloadavg()[0]),
        "result": result,
    }
    print(
        f"  {label}: {row['wall']:.2f} s wall, {row['cpu']:.2f} s CPU, {row['queries']:,} "
        f"queries, load {row['load']:.1f}  {result}",
        file=sys.stderr,
        flush=True,
    )
    return row


def measure_jobs(profile: Path | None) -> tuple[list[dict], dict[str, int]]:
    from django.db import transaction

    from gongkai.assessment import actions as assessment_actions
    from gongkai.assessment import jobs as assessment_jobs
    from gongkai.core.models import Unit, UnitKind
    from gongkai.core.workdays import WorkdayCalendar
    from gongkai.obligations import jobs as obligation_jobs
    from gongkai.obligations.models import Obligation

    shape = {
        "counties": Unit.objects.filter(kind=UnitKind.COUNTY).count(),
        "townships": Unit.objects.filter(kind=UnitKind.TOWNSHIP).count(),
        "offices": Unit.objects.filter(kind=UnitKind.OFFICE).count(),
        "villages": Unit.objects.filter(kind=UnitKind.VILLAGE).count(),
        "obligations": Obligation.objects.count(),
        "overdue": Obligation.objects.overdue(TODAY).count(),
        "late": Obligation.objects.filter(published_on__gt=models_f("due_on")).count(),
    }
    counties = list(Unit.objects.filter(kind=UnitKind.COUNTY).order_by("path"))

    def obligations_job():
        return obligation_jobs.run(TODAY, calendar=WorkdayCalendar.load()).as_dict()

    def assessment_job():
        return assessment_jobs.run(TODAY).as_dict()

    def assessments():
        scored = 0
        for county in counties:
            result = assessment_actions.compute(county, TODAY.year, by=None, today=TODAY)
            scored += result.scores.count()
        return {"counties": len(counties), "units scored": scored}

    rows = []
    for label, call in (
        ("Obligations job (`obligations.jobs.run`), the day's run", obligations_job),
        ("Assessment job (`assessment.jobs.run`), the day's run", assessment_job),
        ("Assessment of the year, every county (`assessment.actions.compute`)", assessments),
    ):
        # Each measured run is rolled back, so that the next bench run finds the same day.
        with transaction.atomic():
            if profile is not None:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
                rows.append(timed(label, call))
                profiler.disable()
                name = label.split("(")[0].strip().lower().replace(" ", "-")
                profiler.dump_stats(profile / f"{name}.prof")
            else:
                rows.append(timed(label, call))
            transaction.set_rollback(True)
    return rows, shape


def models_f(name: str):
    from django.db.models import F

    return F(name)


def _digest(values: dict) -> str:
    """A short fingerprint of the figures, to see that two versions of the code agree."""
    import hashlib
    import json

    text = json.dumps(
        {str(k): {kk: str(vv) for kk, vv in v.items()} for k, v in values.items()}, sort_keys=True
    )
    return "figures " + hashlib.sha1(text.encode()).hexdigest()[:12]


def measure_annual(year: int, repeat: int) -> dict:
    """The annual report's counts for every reporting unit of the first county (run in a
    process of its own against the other bench database, which it only reads)."""
    from gongkai.core.models import Unit, UnitKind
    from gongkai.publishing.models import Publication
    from gongkai.reports import compute

    county = Unit.objects.filter(kind=UnitKind.COUNTY).order_by("path").first()
    units = list(
        Unit.objects.subtree(county)
        .filter(kind__in=(UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.OFFICE))
        .order_by("path")
    )
    best = None
    for _ in range(repeat):
        row = timed(
            f"Annual report {year}, {len(units)} reporting units of a county",
            lambda: _digest({u.pk: compute.from_records(u, year).values for u in units}),
        )
        if best is None or row["wall"] < best["wall"]:
            best = row
    assert best is not None
    best["publications"] = Publication.objects.count()
    best["result"] = {"units": len(units), "figures": best["result"]}
    return best


def report(rows: list[dict], shape: dict, vendor: str, before: dict | None) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        START,
        "## Jobs at province scale (`tools/bench_jobs.py`)",
        "",
        f"A generated province (seed {SEED}) in {vendor}: {shape['counties']:,} counties, "
        f"{shape['townships']:,} townships, {shape['offices']:,} offices and stations, "
        f"{shape['villages']:,} villages; {shape['obligations']:,} obligations of "
        f"{TODAY.year - 1} and {TODAY.year}, of which {shape['overdue']:,} overdue and "
        f"{shape['late']:,} met late on the bench's day ({TODAY.isoformat()}), with their "
        "publications, oversight and rectification orders, ratings, and yesterday's reminders "
        f"already sent. {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"{dt.date.today().isoformat()}; CPU is this process's (`time.process_time()`); load is "
        "the one-minute load average (a machine shared with other work). Each job's run is "
        "rolled back afterwards, so that every bench run measures the same day.",
        "",
    ]
    if before:
        lines += [
            "| job | before: wall | CPU | queries | after: wall | CPU | queries | load | target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
    else:
        lines += ["| job | wall | CPU | queries | load | target |", "|---|---:|---:|---:|---:|---|"]
    for row in rows:
        target = row.get("target", 60.0)
        verdict = "met" if row["wall"] <= target else "NOT met"
        after = f"{row['wall']:.2f} s | {row['cpu']:.2f} s | {row['queries']:,}"
        if before:
            old = before.get(row["label"])
            was = (
                f"{old['wall']:.2f} s | {old['cpu']:.2f} s | {old['queries']:,}"
                if old
                else "– | – | –"
            )
            lines.append(
                f"| {row['label']} | {was} | {after} | {row['load']:.1f} "
                f"| ≤ {target:g} s: {verdict} |"
            )
        else:
            lines.append(
                f"| {row['label']} | {after} | {row['load']:.1f} | ≤ {target:g} s: {verdict} |"
            )
    lines += [
        "",
        "Run it again with `make bench` or `.venv/bin/python tools/bench_jobs.py` (the database "
        "in var/bench/jobs-1500.sqlite3 is reused; `--regenerate` builds it again; "
        "`--annual-db var/bench/http.sqlite3` adds the annual report at the size of that "
        "database; `tools/with_postgres.py --no-replica -- …` runs it on PostgreSQL).",
        END,
    ]
    return "\n".join(lines)


def write_report(section: str) -> None:
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text, "utf-8")


def annual_in_subprocess(database: Path, year: int, repeat: int, source: Path) -> dict:
    import json
    import subprocess

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database.resolve()}",
        "GONGKAI_VAR_DIR": str(BENCH_DIR / "annual-var"),
    }
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--annual-only",
            str(year),
            "--repeat",
            str(repeat),
            "--source",
            str(source),
        ],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=1500)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="print, do not write the table")
    parser.add_argument("--profile", type=Path, help="write each job's cProfile stats here")
    parser.add_argument("--annual-db", type=Path, help="a bench database for the annual report")
    parser.add_argument("--annual-year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3, help="annual report: best of N")
    parser.add_argument("--save", type=Path, help="write the figures as JSON here")
    parser.add_argument("--before", type=Path, help="figures saved by --save, shown beside")
    parser.add_argument(
        "--source",
        type=Path,
        default=ROOT,
        help="run the code of another checkout (before/after comparisons)",
    )
    parser.add_argument("--annual-only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if args.annual_only:
        os.environ["GONGKAI_VAR_DIR"] = os.environ.get("GONGKAI_VAR_DIR", str(VAR_DIR))
        setup_django(Path(), args.source)
        row = measure_annual(args.annual_only, args.repeat)
        print(json.dumps(row, default=str))
        return 0
    database = database_for(args.townships)
    setup_django(database, args.source)
    from django.core.management import call_command
    from django.db import connection

    found = generated_townships()
    if args.regenerate or found != args.townships:
        print(
            f"Generating {args.townships:,} townships into {connection.vendor} …", file=sys.stderr
        )
        began = time.monotonic()
        generate(args.townships, SEED)
        print(f"  generated in {time.monotonic() - began:.0f} s", file=sys.stderr)
    else:
        print(f"Reusing {database} ({found:,} townships).", file=sys.stderr)
        call_command("migrate", verbosity=0, interactive=False)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    rows, shape = measure_jobs(args.profile)
    if args.annual_db:
        row = annual_in_subprocess(args.annual_db, args.annual_year, args.repeat, args.source)
        row["label"] = (
            f"{row['label']}, {row['publications']:,} publications (best of {args.repeat})"
        )
        row["target"] = 1.0
        rows.append(row)
    if args.save:
        args.save.write_text(
            json.dumps({row["label"]: row for row in rows}, default=str, indent=1), "utf-8"
        )
    before = json.loads(args.before.read_text("utf-8")) if args.before else None
    section = report(rows, shape, connection.vendor, before)
    print(section)
    if not args.no_report:
        write_report(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
