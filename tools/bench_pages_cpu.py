#!/usr/bin/env python3
"""CPU time of the public pages in-process, page cache off: `python tools/bench_pages_cpu.py`.

On a machine shared with other work, wall-clock figures over HTTP move by a factor of two
or more between runs; the CPU time Django spends on a request much less. This runs the pages
`tools/bench_http.py` asks for (a publication page, a unit's list at various pages, a unit's
catalog tree, the home page, a static file; and "cached": the publication pages again with
the page cache on, each already kept, as an anonymous reader's hit costs) through Django's
test client against the bench database (var/bench/http.sqlite3, made by bench_http), with
the rendered-page cache off (but for "cached"), and
prints for each the CPU milliseconds (`time.process_time()`) and wall milliseconds a request,
the queries one request runs, and the Python function calls it makes (cProfile's count: the
same however busy the machine, so a before/after comparison that load cannot blur). Times
are the least of several rounds, as other work on the machine only ever adds to them.

Kept fragments (core/caching.py `fragment`) stay on, as they are by default: with
`FRAGMENT_CACHE_ENTRIES=0` in the environment every part is rendered on every request.
The publication pages' documents are stored first, as the publishing action stores them;
the database is only read, apart from those documents.

    --source DIR    time the code of another checkout (before/after, same database, same minute)
    --profile       print cProfile's top functions for each page
    --sql           print each page's queries
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The rendered-page cache as the default settings have it (`PAGE_CACHE_ENTRIES` unset).
PAGES = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "bench-pages",
    "TIMEOUT": 24 * 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
DATABASE = ROOT / "var" / "bench" / "http.sqlite3"
KINDS = ("pub", "list", "column", "home", "static", "cached")


def urls(database: Path, rng: random.Random) -> dict[str, list[str]]:
    with sqlite3.connect(database) as db:
        pubs = [
            row[0]
            for row in db.execute(
                "select index_no from publishing_publication where audience = 'public' "
                "and current_id is not null order by id"
            )
        ]
        units = list(
            db.execute(
                "select u.org_code, count(p.id) from core_unit u join publishing_publication p "
                "on p.unit_id = u.id where u.kind in ('township', 'office') group by u.id"
            )
        )
    chosen = rng.sample(pubs, min(200, len(pubs)))
    return {
        "pub": [f"/info/{n}/" for n in chosen],
        # 200 different pages, a quarter deep at most: each of a unit's thousands of pages is
        # asked rarely, so nothing kept for one page serves the next.
        "list": [
            f"/info/{code}/?page={rng.randint(1, max(1, n // 40))}"
            for code, n in (rng.choice(units) for _i in range(200))
        ],
        "column": [f"/disclosure/{code}/proactive/" for code, _n in units],
        "home": ["/"],
        "static": ["/static/gongkai/site.css"],
        # The same publication pages with the page cache on, each asked once before.
        "cached": [f"/info/{n}/" for n in chosen],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinds", nargs="*", default=list(KINDS), help=", ".join(KINDS))
    parser.add_argument("--database", type=Path, default=DATABASE)
    parser.add_argument("--source", type=Path, help="another checkout's code")
    parser.add_argument("--requests", type=int, default=40, help="a round")
    parser.add_argument("--rounds", type=int, default=5, help="the least round is reported")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--sql", action="store_true")
    args = parser.parse_args()
    if unknown := set(args.kinds) - set(KINDS):
        parser.error(f"unknown pages: {sorted(unknown)}")
    database = args.database.resolve()
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        GONGKAI_VAR_DIR=str(database.parent / "http-var"),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        PAGE_CACHE_ENTRIES="0",
        ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    os.environ.pop("DEBUG", None)
    if args.source:
        sys.path.insert(0, str(args.source.resolve()))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings

    import gongkai
    from gongkai.publishing import rendering
    from gongkai.publishing.models import Publication

    print(f"code: {Path(gongkai.__file__).parent.parent}; load: {os.getloadavg()[0]:.1f}")
    pages = urls(database, random.Random(1))
    numbers = [u.split("/", 2)[2].rstrip("/") for u in pages["pub"]]
    for publication in Publication.objects.filter(index_no__in=numbers).select_related(
        "unit", "item", "current"
    ):
        if not publication.current.rendered.exists():
            rendering.store(publication, [publication.current])
    client = Client(HTTP_HOST="127.0.0.1")
    for kind in args.kinds:
        shown = pages[kind]
        if kind == "cached":
            # The rendered-page cache on (a per-process memory, as the default settings
            # have it), every page asked once, so that every request below is a hit.
            settings_override = override_settings(CACHES={**settings.CACHES, "pages": PAGES})
            settings_override.enable()
            for path in shown:
                client.get(path)
        for path in shown[:3]:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        queries: list[str] = []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            client.get(shown[1 % len(shown)])
        n = args.requests
        # Every request asks for the next page of the list, round after round: 200 different
        # publication pages, as a reader (and bench_http) would, not the same 40 again.
        turn = iter(range(10**9))
        rounds = []
        for _round in range(args.rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            for _i in range(n):
                client.get(shown[next(turn) % len(shown)])
            cpu_ms = (time.process_time() - cpu) / n * 1000
            rounds.append((cpu_ms, (time.perf_counter() - wall) / n * 1000))
        cpu_ms, wall_ms = min(rounds)
        # Python function calls a request: unlike time, the same however busy the machine.
        profile = cProfile.Profile()
        profile.enable()
        for _i in range(n):
            client.get(shown[next(turn) % len(shown)])
        profile.disable()
        stats = pstats.Stats(profile)
        calls = stats.total_calls / n  # type: ignore[attr-defined]
        print(
            f"{kind}: {cpu_ms:.1f} ms CPU, {wall_ms:.1f} ms wall a request (the least of "
            f"{args.rounds} rounds of {n}), {len(queries)} queries, {calls:,.0f} Python calls"
        )
        if args.sql:
            for sql in queries:
                print("   ", sql[:300])
        if args.profile:
            stats.sort_stats(args.sort).print_stats(args.lines)
        if kind == "cached":
            settings_override.disable()
    return 0


if __name__ == "__main__":
    sys.exit(main())
