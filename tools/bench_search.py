#!/usr/bin/env python3
"""Search benchmark: `make bench` (or `python tools/bench_search.py --docs 200000`).

Generates a county's worth of synthetic government documents (deterministic: a fixed seed
over the word list inside the pinned jieba package, weighted toward government
vocabulary) into its own SQLite database under var/bench/, indexes them through the search
interface, then times `gongkai.search.index.search()` (count, first page of 20, snippets)
for two-character, four-character, phrase and common-word queries, and writes the
p50/p95 table into docs/benchmarks.md between this benchmark's marker comments.

The database is kept and reused when it already holds the same number of documents from
the same seed; --regenerate builds it again.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
REPORT = ROOT / "docs" / "benchmarks.md"
START = "<!-- bench_search:start -->"
END = "<!-- bench_search:end -->"
SEED = 20231105

# Words a township's documents are full of; they outweigh the general dictionary.
GOVERNMENT = """
低保 预算 扶贫 宅基地 公示 补贴 资金 项目 建设 管理 服务 群众 乡镇 街道 社区 村民 居民
农村 农业 农田 水利 道路 交通 安全 生产 检查 整改 落实 责任 制度 规定 办法 方案 通知
意见 报告 决定 批复 公告 通报 会议 研究 部署 审核 审批 申请 受理 办理 登记 备案 发放
救助 医疗 保险 养老 教育 就业 培训 住房 危房 改造 环境 卫生 垃圾 污水 治理 防汛 抗旱
森林 防火 疫情 防控 脱贫 巩固 成果 乡村 振兴 产业 发展 合作社 集体 经济 财务 收支
决算 审计 监督 考核 评议 信访 矛盾 纠纷 调解 网格 党建 组织 干部 人员 政府 信息 公开
依法 行政 执法 许可 处罚 征收 补偿 土地 流转 承包 确权 林地 耕地 保护 生态 补助 标准
对象 名单 结果 情况 工程 招标 采购 合同 验收 城乡 精准 特困 供养 残疾人 优抚 退役
军人 殡葬 婚姻 户籍 社保 医保 新农合 计生 统计 普查 年度 季度 上半年 下半年 专项 资金
城乡低保 财政预算 精准扶贫 乡村振兴 安全生产 项目建设 宅基地审批 村务公开
""".split()

PHRASES = [
    "农村危房改造补助资金",
    "城乡居民基本医疗保险",
    "高标准农田建设项目",
    "最低生活保障对象",
    "乡村振兴衔接资金",
    "生活垃圾分类处理",
]

CONNECTORS = """的 和 及 对 在 按照 根据 为 将 由 经 已 并 进一步 切实 认真 全面 严格 及时 有关
相关 各 全体""".split()

TOPICS = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "市场监管、安全生产监管",
]
TITLE_FORMS = [
    "关于{a}{b}的通知",
    "关于{a}{b}情况的公示",
    "{a}{b}实施方案",
    "关于印发{a}{b}办法的通知",
    "{year}年{a}{b}的报告",
    "关于{a}{b}的批复",
    "{a}{b}名单公示",
]
DOC_PREFIXES = ["娄星办发", "娄星政发", "娄星政办发", "镇政发", "乡政发", "娄星财发", "娄星民发"]
COMMON = ["村委会", "工作"]


def load_words(rng: random.Random) -> tuple[list[str], list[float]]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words: list[str] = []
    weights: list[float] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        word, freq, pos = parts[0], int(parts[1]), parts[2]
        if not 2 <= len(word) <= 4 or freq < 20 or pos not in {"n", "vn", "v", "nz", "l", "an"}:
            continue
        if any(common in word or word in common for common in COMMON):
            continue  # their share is set on purpose below
        words.append(word)
        weights.append(freq**0.5)
    total = sum(weights)
    # The government words together weigh a tenth of the whole dictionary, so each is
    # found in some 5-15 % of documents.
    for word in GOVERNMENT:
        words.append(word)
        weights.append(total / 10 / len(GOVERNMENT))
    return words, weights


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        words, weights = load_words(self.rng)
        self.words = words
        self.cum = list(_accumulate(weights))
        self.units = self._units()

    def _units(self) -> list[tuple[int, str, str]]:
        """(id, path, name): one county, 12 townships, each with 8 offices and 15 villages."""
        units = [(1, "/1/", "示例县人民政府")]
        next_id = 2
        for t in range(12):
            township_id = next_id
            next_id += 1
            name = f"第{t + 1}镇人民政府"
            units.append((township_id, f"/1/{township_id}/", name))
            for o in range(8):
                units.append((next_id, f"/1/{township_id}/{next_id}/", f"第{t + 1}镇第{o + 1}站所"))
                next_id += 1
            for v in range(15):
                units.append((next_id, f"/1/{township_id}/{next_id}/", f"第{t + 1}镇第{v + 1}村"))
                next_id += 1
        return units

    def _word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.cum)[0]

    def _doc_number(self) -> str:
        rng = self.rng
        return f"{rng.choice(DOC_PREFIXES)}〔{rng.randint(2015, 2026)}〕{rng.randint(1, 60)}号"

    def sentence(self) -> str:
        rng = self.rng
        count = rng.randint(5, 12)
        drawn = rng.choices(self.words, cum_weights=self.cum, k=count)
        parts: list[str] = []
        for word, roll, pause in zip(drawn, _rolls(rng, count), _rolls(rng, count), strict=True):
            if roll < 0.22:
                parts.append(rng.choice(CONNECTORS))
            elif roll < 0.223:
                parts.append(rng.choice(PHRASES))
            elif roll < 0.233:
                parts.append(f"{rng.randint(1, 999)}.{rng.randint(0, 9)}万元")
            elif roll < 0.235:
                parts.append(f"（{self._doc_number()}）")
            else:
                parts.append(word)
            if pause < 0.12:
                parts.append(rng.choice("，、，；"))
        return "".join(parts).strip("，、；") + rng.choice("。。。；")

    def document(self, n: int) -> dict:
        rng = self.rng
        unit_id, path, unit_name = rng.choice(self.units)
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(4323))
        title = rng.choice(TITLE_FORMS).format(a=self._word(), b=self._word(), year=day.year)
        target = rng.randint(200, 800)
        sentences: list[str] = []
        length = 0
        while length < target:
            sentences.append(self.sentence())
            length += len(sentences[-1])
        for common in COMMON:
            if rng.random() < 0.1:
                if rng.random() < 0.2:
                    title = common + title
                else:
                    at = rng.randrange(len(sentences))
                    sentences[at] = common + sentences[at]
        body = "".join(sentences)
        validity = rng.choices(["current", "repealed", "expired"], [85, 10, 5])[0]
        internal = rng.random() < 0.05
        township = int(path.strip("/").split("/")[1]) if path.count("/") > 2 else unit_id
        return {
            "key": f"bench:{n}",
            "unit_id": unit_id,
            "unit_path": path,
            "unit_name": unit_name,
            "title": title,
            "url": f"/info/bench/{n}/",
            "date": day,
            "catalog_item_id": rng.randint(1, 60),
            "catalog_item_name": "",
            "topic": rng.choice(TOPICS),
            "validity": validity,
            "audience": "internal" if internal else "public",
            "reader_unit_id": township if internal else None,
            "summary": sentences[0],
            "body": body,
            "tables": self.sentence() if rng.random() < 0.1 else "",
            "attachments": "".join(self.sentence() for _ in range(4)) if rng.random() < 0.1 else "",
        }


class Progress:
    """A progress bar on stderr: done/total, rate and time left, redrawn 4 times a second."""

    def __init__(self, label: str, total: int, start: int = 0) -> None:
        self.label, self.total, self.start = label, total, start
        self.started = time.perf_counter()
        self.drawn = 0.0
        self.update(start, force=True)

    def update(self, done: int, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self.drawn < 0.25 and done < self.total:
            return
        self.drawn = now
        elapsed = max(now - self.started, 1e-9)
        rate = (done - self.start) / elapsed
        left = f"{(self.total - done) / rate:,.0f} s left" if rate > 0 else "…"
        width = 30
        filled = int(width * done / self.total) if self.total else width
        bar = "█" * filled + "·" * (width - filled)
        print(
            f"\r  {self.label} [{bar}] {done:,}/{self.total:,} ({rate:,.0f}/s, {left})   ",
            end="",
            file=sys.stderr,
            flush=True,
        )

    def close(self) -> float:
        """End the line; the seconds since the bar started."""
        self.update(self.total, force=True)
        print(file=sys.stderr, flush=True)
        return time.perf_counter() - self.started


def corpus_path(seed: int) -> Path:
    return BENCH_DIR / f"corpus-{seed}.sqlite3"


def ensure_corpus(count: int, seed: int) -> Path:
    """The generated documents 1..count in var/bench/corpus-<seed>.sqlite3 (a plain table of
    JSON rows), generated once and extended when a larger size is asked for: the generator's
    state is saved with every batch, so document n is the same in every size and a stopped
    generation goes on where it stopped."""
    import json
    import pickle

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = corpus_path(seed)
    db = sqlite3.connect(path, timeout=60)
    db.execute("CREATE TABLE IF NOT EXISTS doc (n INTEGER PRIMARY KEY, fields TEXT NOT NULL)")
    db.execute("CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY, rng BLOB NOT NULL)")
    have = db.execute("SELECT coalesce(max(n), 0) FROM doc").fetchone()[0]
    if have >= count:
        db.close()
        return path
    generator = Generator(seed)
    state = db.execute("SELECT rng FROM state WHERE id = 1").fetchone()
    if have and state:
        generator.rng.setstate(pickle.loads(state[0]))
    elif have:
        raise SystemExit(f"{path} has documents but no generator state: delete it")
    bar = Progress(f"generating documents into {path.name}", count, have)
    n = have
    while n < count:
        rows = []
        first, n = n + 1, min(count, n + 2000)
        for number in range(first, n + 1):
            fields = generator.document(number)
            fields["date"] = fields["date"].isoformat()
            rows.append((number, json.dumps(fields, ensure_ascii=False)))
        with db:
            db.executemany("INSERT INTO doc VALUES (?, ?)", rows)
            db.execute(
                "INSERT OR REPLACE INTO state VALUES (1, ?)",
                [pickle.dumps(generator.rng.getstate())],
            )
        bar.update(n)
    bar.close()
    db.close()
    return path


def corpus_documents(count: int, seed: int, first: int = 1):
    """The documents first..count of the corpus, as dicts of index.Document's fields."""
    import json

    db = sqlite3.connect(corpus_path(seed), timeout=60)
    try:
        # Page by page, each read a short transaction: a generation that extends the
        # corpus meanwhile is never kept waiting.
        while first <= count:
            last = min(count, first + 4999)
            page = db.execute(
                "SELECT fields FROM doc WHERE n BETWEEN ? AND ? ORDER BY n", [first, last]
            ).fetchall()
            for (fields,) in page:
                values = json.loads(fields)
                values["date"] = date.fromisoformat(values["date"])
                yield values
            first = last + 1
    finally:
        db.close()


def _rolls(rng: random.Random, count: int) -> list[float]:
    return [rng.random() for _ in range(count)]


def _accumulate(values: list[float]):
    total = 0.0
    for value in values:
        total += value
        yield total


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _info() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_info (name TEXT PRIMARY KEY, value TEXT)")
        cursor.execute("SELECT name, value FROM bench_info")
        return dict(cursor.fetchall())


def _save_info(info: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_info (name, value) VALUES (%s, %s) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            list(info.items()),
        )


def build(count: int, seed: int) -> dict:
    """Index the corpus's documents 1..count through `index.index_documents`, in batches
    of a rebuild's size (index.REBUILD_BATCH, 2,000) each committed, so a stopped build
    goes on from the last batch. The time is the indexing alone (reading the kept corpus
    included, generating it not)."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from gongkai.search import index
    from gongkai.search.backends import get_backend

    call_command("migrate", "search", verbosity=0)
    info = _info()
    if info.get("complete") == "yes":
        return info
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A benchmark database can be rebuilt: trade durability for loading speed.
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
    from gongkai.search.models import SearchDocument

    have = SearchDocument.objects.count()
    cpu = float(info.get("cpu_seconds", 0))
    cpu_started = _cpu_seconds()
    begin_bulk = getattr(get_backend(), "begin_bulk", None)
    if begin_bulk is not None:
        begin_bulk()  # as `gongkai rebuild_search_index` does
    seconds = float(info.get("index_seconds", 0))
    chars = int(info.get("chars", 0))
    bar = Progress(f"indexing into {connection.vendor}", count, have)
    done = have
    started = time.perf_counter()

    def batches():
        nonlocal chars
        batch: list = []
        for fields in corpus_documents(count, seed, first=have + 1):
            chars += sum(len(fields[k]) for k in CONTENT)
            batch.append(index.Document(**fields))
            if len(batch) == index.REBUILD_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    # As `gongkai rebuild_search_index` does: the next batch is tokenized in a second
    # process while this one writes (its CPU time is counted below, once it has ended).
    children = _children_cpu_seconds()
    with index.Tokenizer() as tokenizer:
        for batch, prepared in tokenizer.ahead(batches()):
            # One transaction a batch, with how far the build has come, as a rebuild's.
            with transaction.atomic():
                done += index.index_documents(batch, prepared)
                _save_info(
                    {
                        "chars": str(chars),
                        "index_seconds": f"{seconds + time.perf_counter() - started:.1f}",
                        # This process's so far (the tokenizing process's is added at the end).
                        "cpu_seconds": f"{cpu + _cpu_seconds() - cpu_started:.1f}",
                    }
                )
            bar.update(done)
    tokenizer_cpu = _children_cpu_seconds() - children
    cpu += tokenizer_cpu
    bar.close()
    # The indexing's own time and CPU, then the merge's apart (each is reported).
    index_seconds = seconds + time.perf_counter() - started
    cpu += _cpu_seconds() - cpu_started
    print("  merging / analysing the index …", file=sys.stderr, flush=True)
    merge_started = time.perf_counter()
    merge_cpu_started = _cpu_seconds()
    get_backend().optimize()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    info = {
        "count": str(count),
        "seed": str(seed),
        "chars": str(chars),
        "index_seconds": f"{index_seconds:.1f}",
        "cpu_seconds": f"{cpu:.1f}",
        # Of which the tokenizing process's (the rest is the writer's).
        "tokenizer_cpu_seconds": f"{tokenizer_cpu:.1f}",
        "merge_seconds": f"{time.perf_counter() - merge_started:.1f}",
        "merge_cpu_seconds": f"{_cpu_seconds() - merge_cpu_started:.1f}",
        "load": f"{os.getloadavg()[0]:.1f}",
        "complete": "yes",
    }
    _save_info(info)
    return info


CONTENT = ("title", "summary", "body", "tables", "attachments")


def _children_cpu_seconds() -> float:
    """CPU seconds of this process's children that have ended (the tokenizing process)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_seconds() -> float:
    """CPU seconds spent indexing: this process's, and on PostgreSQL its server process's
    (read from /proc), so the rate can be told apart from the load of a shared machine."""
    from django.db import connection

    total = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def database_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    with connection.cursor() as cursor:
        # The write-ahead log of the build (gigabytes after the merge) is not the index.
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    name = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in name.parent.glob(name.name + "*"))


QUERIES = {
    "two characters": ["低保", "预算", "扶贫", "宅基", "公示", "补贴"],
    "four characters": ["城乡低保", "财政预算", "精准扶贫", "乡村振兴", "安全生产", "项目建设"],
    "phrase / document number": [
        "农村危房改造补助资金",
        "城乡居民基本医疗保险",
        "高标准农田建设",
        "娄星办发〔2023〕5号",
        "最低生活保障 对象",
    ],
    "common word (in ~10 % of documents)": ["村委会", "工作"],
    "common word + unit filter": ["村委会", "工作"],
    "common word, page 5": ["村委会", "工作"],
    "single character (a name)": ["张", "刘"],
}


def exact_count(query: str, filters=None) -> int:
    """How many documents a query really finds (the search stops counting at its cap)."""
    from django.db import connection

    from gongkai.search.backends import Filters, Query, get_backend
    from gongkai.search.text import parse_query

    if connection.vendor == "postgresql":
        from gongkai.search.backends import postgres as module
    else:
        from gongkai.search.backends import sqlite as module  # type: ignore[no-redef]
    plan = Query(
        terms=tuple(parse_query(query)),
        filters=filters or Filters(),
        scope=frozenset(),
        offset=0,
        limit=20,
    )
    cap = module.CAP
    module.CAP = 10**9
    try:
        return get_backend().find(plan)[1]
    finally:
        module.CAP = cap


def measure(runs: int) -> list[dict]:
    """Time every query `runs` times, taking the queries in turn (round robin), so that a
    moment when the shared machine is busy falls on every kind of query alike."""
    from gongkai.search import index
    from gongkai.search.backends import Filters

    township = 2  # the first township and its 23 offices and villages
    cases = []
    for label, queries in QUERIES.items():
        kwargs: dict = {}
        if "unit filter" in label:
            kwargs["filters"] = Filters(unit_id=township)
        if "page 5" in label:
            kwargs["page"] = 5
        for query in queries:
            results = index.search(query, **kwargs)  # warms the page cache
            shown = f"{results.total:,}" + ("" if results.total_exact else "+")
            cases.append((label, query, kwargs, shown, exact_count(query, kwargs.get("filters"))))
    times: dict[str, list[float]] = {label: [] for label in QUERIES}
    # CPU time (this process's and, on PostgreSQL, its server process's): what a query
    # costs, whatever else the shared machine is running meanwhile.
    cpu: dict[str, list[float]] = {label: [] for label in QUERIES}
    for _ in range(runs):
        for label, query, kwargs, _shown, _count in cases:
            cpu_started = _cpu_seconds()
            started = time.perf_counter()
            index.search(query, **kwargs)
            times[label].append((time.perf_counter() - started) * 1000)
            cpu[label].append((_cpu_seconds() - cpu_started) * 1000)
    rows = []
    for label, queries in QUERIES.items():
        mine = [case for case in cases if case[0] == label]
        totals = [case[4] for case in mine]
        ordered = sorted(times[label])
        rows.append(
            {
                "label": label,
                "queries": queries,
                "hits": (min(totals), max(totals)),
                "shown": [case[3] for case in mine],
                "p50": statistics.median(ordered),
                "p95": ordered[int(len(ordered) * 0.95) - 1],
                "n": len(ordered),
                # The server's CPU time is counted in clock ticks (10 ms): only its mean is
                # meaningful, over many runs.
                "cpu_mean": statistics.mean(cpu[label]),
            }
        )
        print(
            f"  {label}: p50 {rows[-1]['p50']:.1f} ms, p95 {rows[-1]['p95']:.1f} ms, "
            f"CPU {rows[-1]['cpu_mean']:.1f} ms",
            file=sys.stderr,
        )
    return rows


BAR_WIDTH = 30


def one(database: str, count: int, seed: int, runs: int) -> dict:
    """Build (or reuse) and measure one database at one size; runs in its own process."""
    setup_django()
    info = build(count, seed)
    print(f"Measuring search latency ({database}, {count:,} documents) …", file=sys.stderr)
    load_before = os.getloadavg()[0]
    rows = measure(runs)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        version = cursor.fetchone()[0]
    return {
        "database": database,
        "count": count,
        "info": info,
        "rows": rows,
        "size": database_size(),
        "version": version.split(" on ")[0]
        if connection.vendor == "postgresql"
        else f"SQLite {version}",
        "load": f"{load_before:.1f}–{os.getloadavg()[0]:.1f}",
        "measured": f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
    }


def sqlite_path(count: int) -> Path:
    return BENCH_DIR / f"search-sqlite-{count}.sqlite3"


def postgres_dir(count: int) -> Path:
    return BENCH_DIR / f"search-postgresql-{count}"


class Cluster:
    """A PostgreSQL cluster kept in var/bench/ (so a built index is reused), started for the
    run and stopped after it. As root its tools run as the `postgres` system user."""

    def __init__(self, folder: Path) -> None:
        sys.path.insert(0, str(ROOT / "tools"))
        from with_postgres import find_bindir, free_port

        self.bindir = find_bindir()
        if self.bindir is None:
            raise SystemExit("PostgreSQL (pg_ctl) is not installed")
        self.folder, self.data, self.port = folder, folder / "data", free_port()
        self.as_root = os.geteuid() == 0

    def pg(self, tool: str, *args: str) -> None:
        import subprocess

        command = [str(self.bindir / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def __enter__(self) -> str:
        import shutil

        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.folder, "postgres")
        if not (self.data / "PG_VERSION").exists():
            self.pg(
                "initdb",
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "-U",
                "postgres",
            )
        self.pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB "
            "-c work_mem=32MB -c maintenance_work_mem=512MB -c max_wal_size=4GB",
            "start",
        )
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = 'bench'").fetchone():
                db.execute("CREATE DATABASE bench")
        return f"postgres://postgres@127.0.0.1:{self.port}/bench"

    def __exit__(self, *exc) -> None:
        self.pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


def run_one(database: str, count: int, args) -> dict:
    import json
    import subprocess

    command = [
        sys.executable,
        __file__,
        "--one",
        f"{database}:{count}",
        "--seed",
        str(args.seed),
        "--runs",
        str(args.runs),
    ]
    env = dict(os.environ)
    if database == "sqlite":
        if args.regenerate:
            for path in BENCH_DIR.glob(sqlite_path(count).name + "*"):
                path.unlink()
        env["DATABASE_URL"] = f"sqlite:///{sqlite_path(count)}"
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
    else:
        if args.regenerate:
            import shutil

            shutil.rmtree(postgres_dir(count), ignore_errors=True)
        with Cluster(postgres_dir(count)) as url:
            env["DATABASE_URL"] = url
            result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


HOW = [
    "How: no query reads every hit. Results are in sort-key order (validity, then day, "
    "then id; hits in the title first) and hits are collected newest first up to 2,000 "
    '(100 pages of 20); past that the total is shown as a floor ("2,000+"). On SQLite the '
    "FTS5 rowid is the sort key, so `ORDER BY rowid DESC LIMIT n` stops after n. On "
    "PostgreSQL a GIN index cannot return rows in order, so every row carries bucket "
    "lexemes (one validity rank and 32 days, and 512 days) and the words are asked for a "
    "window of the newest buckets at a time, `tsv @@ (words) & ('k…' | 'kk…')`, sized from "
    "the planner's lexeme statistics so that a common word reads a few weeks of documents "
    "and a rare one the whole range in one query. Filters by unit, catalog item, topic and "
    "readers are tokens in the same index on both databases. A document number "
    "(娄星办发〔2023〕5号) has one exact token, so it is one lookup and not a phrase of tokens "
    "each shared by the whole series. On SQLite a single character (a name) is a prefix "
    "query, which the prefix index of one character's code (FTS5 `prefix='4'`) makes one "
    "list of documents, read newest first like a word's; on PostgreSQL every character and every "
    "run of 2, 3 and 4 characters is a lexeme without position, so a word of 1 to 4 "
    "characters is one lexeme that GIN answers with no recheck, and a longer word is the "
    "runs of 4 covering it, checked with `strpos` on the matching rows' runs kept as text.",
    "",
]

LABELS = {
    "sqlite": "SQLite (FTS5 over bigrams)",
    "postgresql": "PostgreSQL (GIN over lexemes of 1 to 4 characters)",
}


def kept_sections(text: str) -> dict[str, list[str]]:
    """The subsections of each database now in the report ("### SQLite …" to the next
    heading), so a run that measures one database leaves the other's figures as they are."""
    if START not in text or END not in text:
        return {}
    lines = text.split(START, 1)[1].split(END, 1)[0].splitlines()
    kept: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        if line.startswith("### ") or line.startswith("How:"):
            current = next(
                (
                    database
                    for database, label in LABELS.items()
                    if line.startswith("### " + label.split(" ")[0])
                ),
                None,
            )
            if current:
                kept[current] = []
        if current:
            kept[current].append(line)
    return kept


def report(results: list[dict], runs: int) -> str:
    sizes = sorted({r["count"] for r in results})
    lines = [
        START,
        "## Search",
        "",
        f"Measured by `tools/bench_search.py` (`make bench`) on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, a machine shared with other work (the load average is "
        "given with each figure). The documents are generated once (seed "
        f"{results[0]['info'].get('seed')}, about 550 characters each; 5 % internal, 15 % not "
        "current; 10 % with attachments' text) into var/bench/corpus-<seed>.sqlite3, and each "
        "database and size is built once into var/bench/ and reused (`--regenerate` builds "
        "again). Each figure times `gongkai.search.index.search()` as the search page calls "
        f"it for an anonymous reader: the total (counted up to 2,000), the page of 20 in rank "
        f"order and its highlighted snippets; {runs} runs of each query, taken in turn with the "
        "others, after one warm-up run. CPU is the mean CPU time of one search: the Python "
        "process's and, on PostgreSQL, its server process's, i.e. what a search costs whatever "
        "else the shared machine runs (under a heavy load the wall-clock time is mostly "
        "waiting for a core).",
        "",
    ]
    kept = kept_sections(REPORT.read_text("utf-8")) if REPORT.exists() else {}
    for database in ("sqlite", "postgresql"):
        mine = {r["count"]: r for r in results if r["database"] == database}
        if not mine:
            lines += kept.get(database, [])
            continue
        lines += [f"### {LABELS[database]}", ""]
        for count in sizes:
            r = mine.get(count)
            if r is None:
                continue
            info = r["info"]
            seconds = float(info["index_seconds"])
            merge = float(info["merge_seconds"])
            per_cpu = count / float(info["cpu_seconds"])
            # Builds kept from before the merge was timed apart counted it in both figures.
            merged_in = "merge_cpu_seconds" not in info
            if merged_in:
                seconds -= merge
            lines.append(
                f"- {count:,} documents ({int(info['chars']) / 1e6:,.0f} million characters), "
                f"{r['version']}: indexed in {seconds:,.0f} s ({count / seconds:,.0f} documents/s, "
                f"load {info.get('load', '?')} at the end; {per_cpu:,.0f} documents per CPU "
                f"second{', the merge included' if merged_in else ''}) plus {merge:,.0f} s "
                f"merging and analysing, {(seconds + merge) / 60:,.1f} min in all; "
                f"{r['size'] / 2**20:,.0f} MiB with the texts; measured "
                f"{r['measured']} UTC, load average {r['load']}."
            )
        header = "| queries | examples | " + " | ".join(
            f"found at {c:,} | p50 / p95 (ms) at {c:,} | CPU (ms) at {c:,}"
            for c in sizes
            if c in mine
        )
        lines += ["", header + " |", "|---|---|" + "---|---|---|" * len(mine)]
        first = next(iter(mine.values()))
        for i, row in enumerate(first["rows"]):
            cells = [row["label"], "、".join(row["queries"])]
            for c in sizes:
                if c not in mine:
                    continue
                other = mine[c]["rows"][i]
                low, high = other["hits"]
                cells.append(f"{low:,}" if low == high else f"{low:,}–{high:,}")
                cells.append(f"{other['p50']:.1f} / {other['p95']:.1f}")
                cells.append(f"{other['cpu_mean']:.1f}" if "cpu_mean" in other else "–")
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        for count in sizes:
            if count not in mine:
                continue
            worst = max(mine[count]["rows"], key=lambda row: row["p95"])
            costly = max(mine[count]["rows"], key=lambda row: row.get("cpu_mean", 0))
            verdict = "met" if worst["p95"] <= 20 else "missed"
            lines.append(
                f"At {count:,}: target p95 ≤ 20 ms for every class **{verdict}** (worst p95 "
                f"{worst['p95']:.1f} ms, {worst['label']}; the costliest class takes "
                f"{costly.get('cpu_mean', 0):.1f} ms of CPU, {costly['label']})."
            )
        lines.append("")
    lines += HOW
    lines.append(END)
    return "\n".join(lines)


def write_report(section: str) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text, "utf-8")


def main() -> int:
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--regenerate", action="store_true", help="build the databases again")
    parser.add_argument("--no-report", action="store_true", help="print, do not write the table")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write the table from the last results kept in var/bench/, measuring nothing",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        database, count = args.one.split(":")
        print(json.dumps(one(database, int(count), args.seed, args.runs)))
        return 0

    sizes = sorted(int(size) for size in args.sizes.split(","))
    results = []
    if args.report_only:
        for count in sizes:
            for database in args.databases.split(","):
                kept = BENCH_DIR / f"result-{database}-{count}.json"
                if kept.exists():
                    results.append(json.loads(kept.read_text()))
        first = results[0]["rows"][0]
        args.runs = first["n"] // len(first["queries"])
        sizes = []
    else:
        ensure_corpus(max(sizes), args.seed)
    for count in sizes:
        for database in args.databases.split(","):
            print(f"{database}, {count:,} documents:", file=sys.stderr)
            results.append(run_one(database, count, args))
            (BENCH_DIR / f"result-{database}-{count}.json").write_text(json.dumps(results[-1]))
    section = report(results, args.runs)
    if args.no_report:
        print(section)
    else:
        write_report(section)
        print(f"Wrote {REPORT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
