#!/usr/bin/env python3
"""HTTP benchmark of the public portal: `make bench` (or `python tools/bench_http.py`).

Builds (once, then reuses) a county with 200,000 publications of generated Chinese text in
its own SQLite database under var/bench/ (deterministic: a fixed seed), serves it with
gunicorn (2 workers, --no-control-socket) on 127.0.0.1, and measures requests per second
with Debian's `wrk` for: publication pages (a thousand different ones, in turn), list
pages (a unit's publications, page by page; the disclosure column's catalog tree; the
home page), and a static file served by the same gunicorn (WhiteNoise) as the ceiling;
then, with the page cache on, publication pages and lists of the county's other units
again while a clerk of the first township saves drafts through the actions
(`--writes-per-second`, 5 by default). The targets: publication pages at no less than a
quarter of the static-file rate, and at no less than half of it while staff work. The table
goes into docs/benchmarks.md between this benchmark's marker comments.

The rows are written in bulk, not through the publishing actions (which would take hours
for 200,000 reviewed publications); each one is a published publication with its current
version, as the actions leave it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DATABASE = BENCH_DIR / "http.sqlite3"
VAR_DIR = BENCH_DIR / "http-var"
REPORT = ROOT / "docs" / "benchmarks.md"
START = "<!-- bench_http:start -->"
END = "<!-- bench_http:end -->"
SEED = 20260515
STATIC = "/static/gongkai/site.css"

WORDS = """
低保 预算 扶贫 宅基地 公示 补贴 资金 项目 建设 管理 服务 群众 村民 农村 农业 农田 水利
道路 安全 生产 检查 整改 落实 责任 制度 办法 方案 通知 意见 报告 决定 公告 会议 审核
审批 申请 受理 登记 发放 救助 医疗 保险 养老 教育 就业 培训 危房 改造 环境 卫生 垃圾
防汛 森林 防火 脱贫 巩固 成果 乡村 振兴 产业 合作社 集体 经济 财务 收支 决算 审计 监督
考核 调解 网格 干部 政府 信息 公开 依法 行政 许可 征收 补偿 土地 流转 承包 耕地 保护
生态 标准 对象 名单 结果 情况 工程 招标 采购 合同 验收 特困 供养 残疾人 优抚 退役军人
""".split()
SUBJECTS = [
    "城乡居民最低生活保障",
    "农村危房改造补助资金",
    "高标准农田建设项目",
    "耕地地力保护补贴",
    "特困人员救助供养",
    "乡村振兴衔接资金",
    "农村人居环境整治",
    "防汛抗旱工作",
    "森林防火工作",
    "财政预算执行情况",
    "宅基地审批结果",
    "集体经济组织收支",
]
FORMS = ["关于{s}的公示", "{y}年{s}情况", "关于做好{s}的通知", "{s}名单公示", "{y}年上半年{s}公开"]


def sentence(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + "。"


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["GONGKAI_VAR_DIR"] = str(VAR_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def stored_count() -> int:
    if not DATABASE.exists():
        return 0
    try:
        with sqlite3.connect(DATABASE) as db:
            return db.execute(
                "select count(*) from publishing_publication where current_id is not null"
            ).fetchone()[0]
    except sqlite3.Error:
        return 0


def generate(count: int, seed: int) -> None:
    """The demo county's units and catalog, then `count` published publications in bulk."""
    from django.core.management import call_command
    from django.db import transaction

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for path in BENCH_DIR.glob("http.sqlite3*"):
        path.unlink()
    call_command("migrate", verbosity=0, interactive=False)

    from gongkai.catalog import demo as catalog_demo
    from gongkai.catalog.models import CatalogItem
    from gongkai.core import demo as core_demo
    from gongkai.core.models import Role, Unit, UnitKind, User
    from gongkai.publishing.models import Publication, PublicationVersion

    core_demo.load()
    catalog_demo.load()
    rng = random.Random(seed)
    units = list(
        Unit.objects.filter(kind__in=(UnitKind.TOWNSHIP, UnitKind.OFFICE)).order_by("path")
    )
    plans = []
    for unit in units:
        items = list(CatalogItem.objects.adopted_by(unit).in_order())
        author = (
            User.objects.filter(memberships__unit=unit, memberships__role=Role.CLERK).first()
            or User.objects.filter(memberships__unit=unit.township).first()
            or User.objects.first()
        )
        plans.append((unit, items, author))
    start = dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC)
    span = (dt.datetime(2026, 11, 1, tzinfo=dt.UTC) - start).total_seconds()
    moments = sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(count))
    serials: dict[tuple[int, int], int] = {}
    batch = 5000
    began = time.monotonic()
    for offset in range(0, count, batch):
        publications, versions = [], []
        for n in range(offset, min(offset + batch, count)):
            unit, items, author = plans[n % len(plans)]
            item = items[rng.randrange(len(items))]
            when = moments[n]
            year = when.astimezone(dt.timezone(dt.timedelta(hours=8))).year
            serial = serials[(unit.pk, year)] = serials.get((unit.pk, year), 0) + 1
            pk = n + 1
            title = rng.choice(FORMS).format(s=rng.choice(SUBJECTS), y=year)
            publications.append(
                Publication(
                    pk=pk,
                    unit=unit,
                    item=item,
                    audience="internal" if item.is_internal else "public",
                    status="published",
                    index_no=f"{unit.org_code}/{year}-{serial:05d}",
                    index_year=year,
                    index_serial=serial,
                    current_id=pk,
                    first_published_at=when,
                    created_by=author,
                )
            )
            versions.append(
                PublicationVersion(
                    pk=pk,
                    publication_id=pk,
                    number=1,
                    title=f"{unit.short_name}{title}"[:200],
                    summary=sentence(rng) + sentence(rng),
                    body="".join(
                        f"<p>{''.join(sentence(rng) for _ in range(rng.randint(2, 5)))}</p>"
                        for _ in range(rng.randint(3, 8))
                    ),
                    topic="civil",
                    publisher_name=unit.name,
                    written_on=when.date(),
                    validity="valid" if rng.random() > 0.05 else "repealed",
                    validity_changed_on=None,
                    created_by=author,
                    edited_by=author,
                    published_at=when,
                    published_by=author,
                )
            )
        # The publication and its version point at each other: SQLite checks the foreign
        # keys at commit, so both go in within one transaction.
        with transaction.atomic():
            Publication.objects.bulk_create(publications)
            PublicationVersion.objects.bulk_create(versions)
        done = offset + len(publications)
        rate = done / max(time.monotonic() - began, 1e-6)
        print(f"\r  {done:,} / {count:,} publications ({rate:,.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    from gongkai.publishing import tallies

    # What the publishing action keeps as it publishes, counted once for the bulk rows.
    tallies.recount()
    with sqlite3.connect(DATABASE) as db:
        db.execute("analyze")


def store_documents(index_numbers: list[str]) -> None:
    """The stored documents the publishing action leaves, for the pages the bench asks for
    (rendering all of a million takes hours; `gongkai render_documents` does it)."""
    from gongkai.publishing import rendering
    from gongkai.publishing.models import Publication

    chosen = Publication.objects.filter(index_no__in=index_numbers).select_related(
        "unit", "item", "current"
    )
    for publication in chosen:
        if not publication.current.rendered.exists():
            rendering.store(publication, [publication.current])


def write_drafts(seconds: float, per_second: float) -> None:
    """A clerk of the first township saving new drafts through the publishing actions."""
    from gongkai.catalog.models import CatalogItem
    from gongkai.core.models import Role, Unit, UnitKind, User
    from gongkai.publishing import actions

    unit = Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path").first()
    clerk = User.objects.filter(memberships__unit=unit, memberships__role=Role.CLERK).first()
    item = CatalogItem.objects.adopted_by(unit).get(key="T01")
    today = dt.date.today()
    rng = random.Random(SEED)
    written, until = 0, time.monotonic() + seconds
    while time.monotonic() < until:
        began = time.monotonic()
        actions.create(
            unit=unit,
            item=item,
            by=clerk,
            audience="public",
            today=today,
            title=f"{unit.short_name}草稿{written}",
            summary=sentence(rng),
            body=f"<p>{sentence(rng)}</p>",
            topic="organisation",
            written_on=today,
        )
        written += 1
        time.sleep(max(0.0, 1 / per_second - (time.monotonic() - began)))
    print(f"  {written} drafts saved in {seconds:.0f} s", file=sys.stderr)


def start_writer(seconds: float, per_second: float) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--write-drafts",
            str(seconds),
            "--writes-per-second",
            str(per_second),
        ],
        cwd=ROOT,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, *, page_cache: bool, source: Path = ROOT) -> subprocess.Popen:
    env = {
        # Another checkout's code (`--server-source`), e.g. to measure before and after a
        # change on the same database.
        **({"PYTHONPATH": str(source)} if source != ROOT else {}),
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "GONGKAI_VAR_DIR": str(VAR_DIR),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "LOG_LEVEL": "ERROR",
        # "0" swaps the rendered-page cache for Django's dummy cache (settings.CACHES).
        "PAGE_CACHE_ENTRIES": "2000" if page_cache else "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gongkai.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--no-control-socket",
            "--error-logfile",
            str(VAR_DIR / "gunicorn.log"),
        ],
        env=env,
        cwd=source,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{STATIC}", timeout=2)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError((VAR_DIR / "gunicorn.log").read_text())


def paths(rng: random.Random) -> dict[str, list[str]]:
    with sqlite3.connect(DATABASE) as db:
        public = [
            row[0]
            for row in db.execute(
                "select index_no from publishing_publication where audience = 'public' "
                "and current_id is not null"
            )
        ]
        units = [
            row
            for row in db.execute(
                "select u.org_code, count(p.id) from core_unit u join publishing_publication p "
                "on p.unit_id = u.id where u.kind in ('township', 'office') group by u.id"
            )
        ]
    pages = [f"/info/{code}/?page={rng.randint(1, max(1, n // 20 // 2))}" for code, n in units] * 20
    rng.shuffle(pages)
    chosen = rng.sample(public, min(1000, len(public)))
    with sqlite3.connect(DATABASE) as db:
        first = db.execute(
            "select org_code from core_unit where kind = 'township' order by path limit 1"
        ).fetchone()[0]
    return {
        "first": [first],
        "rendered": [f"/info/{number}/" for number in chosen],
        "cached": [f"/info/{number}/" for number in chosen[:200]],
        "list": pages[:1000],
        "column": [f"/disclosure/{code}/proactive/" for code, _n in units],
        "home": ["/"],
        "static": [STATIC],
    }


# (run, paths key, row name): the first run has the rendered-page cache off.
ROWS = [
    (False, "rendered", "Publication page, rendered every time (page cache off; 1,000 pages)"),
    (False, "list", "List: a unit's publications, 20 a page (page cache off; various pages)"),
    (False, "column", "List: disclosure column, catalog tree of a unit (page cache off)"),
    (False, "home", "List: home page, latest publications of the county (page cache off)"),
    (True, "cached", "Publication page, default set-up (page cache on; 200 pages, warmed)"),
    (True, "list", "List: a unit's publications, 20 a page (page cache on)"),
    (True, "column", "List: disclosure column, catalog tree of a unit (page cache on)"),
    (True, "home", "List: home page (page cache on)"),
    (True, "static", "Static file (site.css through WhiteNoise), the ceiling"),
]
# Rows measured again while a clerk in one township saves drafts through the actions
# (`--writes-per-second` of them, audited like any staff write): pages of the county's
# other units should stay in the cache.
BUSY_ROWS = [
    ("cached", "Publication page, page cache on, staff saving drafts meanwhile"),
    ("list", "List: a unit's publications, page cache on, staff saving drafts meanwhile"),
]


LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def workers_rss(server: subprocess.Popen) -> list[int]:
    """The resident memory (MiB) of each gunicorn worker of `server`."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == server.pid:
            sizes.append(int(fields["VmRSS"].split()[0]) // 1024)
    return sorted(sizes)


def run_wrk(base: str, urls: list[str], seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(f'"{u}"' for u in urls))
    try:
        # A short warm-up first: both workers import and connect before the measured run.
        subprocess.run(
            ["wrk", "-t2", f"-c{connections}", "-d2s", "--timeout", "30s", "-s", script.name, base],
            check=True,
            capture_output=True,
        )
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "--timeout",
                "30s",
                "-s",
                script.name,
                base,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "load": os.getloadavg()[0],
        "rps": rps,
        "p50": latency.get("50", "?"),
        "p99": latency.get("99", "?"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def status_of(base: str, path: str) -> int:
    try:
        return urllib.request.urlopen(base + path, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def report(
    count: int, rows: list[tuple[str, dict]], seconds: int, connections: int, rss: list[int]
) -> str:
    rate = {name: row["rps"] for name, row in rows}
    static = rate[ROWS[-1][2]]
    cached = rate[ROWS[4][2]] / static if static else 0
    rendered = rate[ROWS[0][2]] / static if static else 0
    cpu = platform.processor() or platform.machine()
    lines = [
        START,
        "## Public pages over HTTP (`tools/bench_http.py`)",
        "",
        f"{count:,} published publications (generated, seed {SEED}) in SQLite; gunicorn with "
        f"2 sync workers, `--no-control-socket`, on 127.0.0.1; `wrk -t2 -c{connections} "
        f"-d{seconds}s` (Debian's wrk) after a 2 s warm-up, each request a different page "
        f"of the list in turn; {os.cpu_count()} CPUs ({cpu}), Python "
        f"{platform.python_version()}, {dt.date.today().isoformat()}; load average "
        f"{os.getloadavg()[0]:.1f} when it finished (a machine shared with other work).",
        "",
        "| page | requests/s | p50 | p99 | non-2xx | load |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in rows:
        lines.append(
            f"| {name} | {row['rps']:,.0f} | {row['p50']} | {row['p99']} | {row['errors']} "
            f"| {row['load']:.1f} |"
        )
    busy = rate.get(BUSY_ROWS[0][1], 0) / static if static else 0

    def verdict(share: float, target: float) -> str:
        return "met" if share >= target else "NOT met"

    lines += [
        "",
        f"Publication pages rendered every time (page cache off) run at {rendered:.0%} of the "
        f"static-file rate (target: at least 25%): {verdict(rendered, 0.25)}; as the portal "
        f"serves them by default (page cache on) at {cached:.0%}. With a clerk of the first "
        "township saving drafts through the actions meanwhile, the other units' publication "
        f"pages run at {busy:.0%} of the static-file rate (target: at least 50%): "
        f"{verdict(busy, 0.5)}. The rendered-page cache (core/caching.py: anonymous "
        "readers, per worker) keys each page by the generations of what it shows (the "
        "publication; a unit's lists; the county-wide lists; the site), moved by the audited "
        "changes that touch them, so a draft saved in one township leaves every cached page "
        "in place. Rendered, a publication page inserts its version's document rendered once "
        "and kept (publishing/rendering.py); a unit's list and the home page read the newest "
        "rows through publishing's newest-first indexes (per unit and county-wide); the "
        "catalog tree reads each item's count and newest rows from a per-item index, never "
        "the unit's whole list.",
        "",
        f"Memory: the gunicorn workers held {' and '.join(f'{n} MiB' for n in rss)} resident "
        "after the whole run (target: at most 200 MB each). The load column is the machine's "
        "one-minute load average at the end of each row.",
        "",
        "Run it again with `make bench` or `.venv/bin/python tools/bench_http.py` (the database "
        "in var/bench/http.sqlite3 is reused; `--regenerate` builds it again).",
        END,
    ]
    return "\n".join(lines)


def write_report(section: str) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="print, do not write the table")
    parser.add_argument("--writes-per-second", type=float, default=5.0)
    parser.add_argument("--write-drafts", type=float, help=argparse.SUPPRESS)
    parser.add_argument(
        "--server-source",
        type=Path,
        default=ROOT,
        help="serve the code of another checkout (before/after comparisons)",
    )
    args = parser.parse_args()
    if args.write_drafts:
        setup_django()
        write_drafts(args.write_drafts, args.writes_per_second)
        return 0
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    setup_django()
    if args.regenerate or stored_count() != args.publications:
        print(f"Generating {args.publications:,} publications into {DATABASE} …", file=sys.stderr)
        generate(args.publications, SEED)
    else:
        from django.core.management import call_command

        print(f"Reusing {DATABASE} ({args.publications:,} publications).", file=sys.stderr)
        call_command("migrate", verbosity=0, interactive=False)

    urls = paths(random.Random(SEED))
    store_documents([u.split("/", 2)[2].rstrip("/") for u in urls["rendered"]])
    rows = []
    rss: list[int] = []
    for page_cache in (False, True):
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, page_cache=page_cache, source=args.server_source)
        try:
            for run, key, name in ROWS:
                if run != page_cache:
                    continue
                status = status_of(base, urls[key][0])
                if status != 200:
                    raise RuntimeError(f"{urls[key][0]} answered {status}")
                if page_cache and key != "static":
                    # Each of two workers keeps its own cache: three visits reach both, mostly.
                    print(f"  warming {len(urls[key])} pages …", file=sys.stderr)
                    for _ in range(3):
                        for path in urls[key]:
                            status_of(base, path)
                print(f"  {name} …", file=sys.stderr)
                rows.append((name, run_wrk(base, urls[key], args.seconds, args.connections)))
            if page_cache:
                for key, name in BUSY_ROWS:
                    # Pages of the county's other townships and offices: the writer's own
                    # township is the first.
                    others = [
                        u for u in urls[key] if not u.startswith(f"/info/{urls['first'][0]}/")
                    ]
                    for path in others:
                        status_of(base, path)
                    print(f"  {name} …", file=sys.stderr)
                    writer = start_writer(args.seconds + 3, args.writes_per_second)
                    try:
                        rows.append((name, run_wrk(base, others, args.seconds, args.connections)))
                    finally:
                        writer.wait(timeout=60)
            if page_cache:
                rss = workers_rss(server)
        finally:
            server.terminate()
            server.wait(timeout=10)
    section = report(args.publications, rows, args.seconds, args.connections, rss)
    print(section)
    if not args.no_report:
        write_report(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
