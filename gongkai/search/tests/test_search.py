"""What a reader finds, through the search interface. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.search import index
from gongkai.search.index import Audience, Filters, Validity

from .conftest import keys, make_document


def test_the_backend_follows_the_database(db):
    backend = type(index.get_backend()).__name__
    assert (
        backend == {"sqlite": "SQLiteBackend", "postgresql": "PostgresBackend"}[connection.vendor]
    )


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("低保", "二〇二四年第一季度城乡低保对象名单公示如下"),
        ("预算", "镇人大审议通过了本年度财政预算执行情况"),
        ("扶贫", "做好扶贫项目资产后续管理工作"),
        ("宅基", "农村宅基地审批结果公开"),
    ],
)
def test_a_two_character_word_finds_the_text_that_contains_it(add, word, text):
    wanted = add(body=text)
    add(body="关于做好秋季森林防火工作的通知")
    assert keys(index.search(word)) == [wanted.key]


def test_a_word_is_found_wherever_it_sits_in_a_run(add):
    start, middle, end = add(body="低保金发放"), add(body="城乡低保金"), add(body="发放城乡低保")
    assert set(keys(index.search("低保"))) == {start.key, middle.key, end.key}


@pytest.mark.parametrize("name", ["张", "三", "丰", "李"])
def test_a_single_character_of_a_name_finds_it(add, name):
    wanted = add(body="经村民小组推荐，张三丰、李同志为低保评议小组成员。")
    add(body="经村民小组推荐，王五为评议小组成员。")
    assert keys(index.search(name)) == [wanted.key]


def test_a_rare_character_outside_the_basic_plane_is_searchable(add):
    # 𠮷 (U+20BB7) is in a few family names; tokenizers built on older Unicode drop it.
    wanted = add(body="申请人𠮷祥（化名）的住房补贴已发放。")
    assert keys(index.search("𠮷")) == [wanted.key]
    assert keys(index.search("𠮷祥")) == [wanted.key]


@pytest.mark.parametrize(
    "query",
    ["娄星办发〔2023〕5号", "娄星办发[2023]5号", "娄星办发（2023）5号", "娄星办发〔２０２３〕５号"],
)
def test_a_document_number_finds_that_document_only(add, query):
    wanted = add(body="根据《娄星办发〔2023〕5号》文件精神，现将有关事项通知如下。")
    add(body="根据娄星办发〔2023〕15号文件精神")
    add(body="根据娄星办发〔2023〕51号文件精神")
    add(body="根据娄星办发〔2022〕5号文件精神")
    add(body="根据娄星政办发〔2023〕5号文件精神")
    assert keys(index.search(query)) == [wanted.key]


def test_part_of_a_document_number_finds_every_series_with_it(add):
    office = add(body="根据娄星办发〔2023〕5号文件")
    government = add(body="根据娄星政办发〔2023〕5号文件")
    add(body="根据娄星办发〔2023〕15号文件")
    assert set(keys(index.search("〔2023〕5号"))) == {office.key, government.key}


def test_a_phrase_is_found_only_where_its_words_stand_together(add):
    together = add(body="实施农村危房改造补助资金发放工作")
    apart = add(body="农村道路维修；危房改造补助资金另行下达")
    assert keys(index.search("农村危房改造")) == [together.key]
    assert set(keys(index.search("农村 危房改造"))) == {together.key, apart.key}


def test_a_long_word_is_not_found_in_a_text_that_holds_its_pieces_apart(add):
    # Every run of four characters of 城乡低保金 is in the text, never the whole word.
    apart = add(body="城乡低保对象名单，另有乡低保金发放情况")
    wanted = add(body="城乡低保金发放情况")
    assert keys(index.search("城乡低保金")) == [wanted.key]
    assert set(keys(index.search("乡低保金"))) == {wanted.key, apart.key}


def test_a_phrase_does_not_match_across_punctuation(add):
    add(body="名单见附件：低保，金额另附")
    assert index.search("保金").total == 0
    assert index.search("低保金").total == 0


def test_several_words_must_all_be_there(add):
    both = add(body="低保资金已发放", title="资金发放公示")
    add(body="低保对象名单")
    assert keys(index.search("低保 资金")) == [both.key]


def test_latin_letters_and_digits_ignore_case_and_width(add):
    wanted = add(attachments="附件：2024年GDP统计表（ＰＤＦ）")
    assert keys(index.search("gdp")) == [wanted.key]
    assert keys(index.search("pdf")) == [wanted.key]
    assert keys(index.search("２０２４")) == [wanted.key]


@pytest.mark.parametrize("field", ["title", "summary", "body", "tables", "attachments"])
def test_every_text_of_a_document_is_searched(add, field):
    wanted = add(**{field: "高标准农田建设项目验收结果"})
    assert keys(index.search("农田建设")) == [wanted.key]


def test_title_hits_come_before_body_hits_and_current_before_repealed(add):
    body_current = add(body="关于低保的规定", date=date(2025, 1, 1))
    body_repealed = add(body="关于低保的规定", validity=Validity.REPEALED, date=date(2025, 2, 1))
    title_repealed = add(title="低保办法", validity=Validity.REPEALED, date=date(2025, 3, 1))
    title_current = add(title="低保实施细则", date=date(2020, 1, 1))
    title_expired = add(title="低保暂行规定", validity=Validity.EXPIRED, date=date(2025, 3, 1))
    assert keys(index.search("低保")) == [
        title_current.key,
        title_expired.key,
        title_repealed.key,
        body_current.key,
        body_repealed.key,
    ]


def test_the_newest_comes_first_among_equals(add):
    old = add(body="扶贫项目", date=date(2019, 5, 1))
    new = add(body="扶贫项目", date=date(2024, 5, 1))
    middle = add(body="扶贫项目", date=date(2021, 5, 1))
    assert keys(index.search("扶贫")) == [new.key, middle.key, old.key]


def test_a_unit_filter_takes_in_its_subtree(add):
    county = add(body="预算公开", unit_id=1, unit_path="/1/")
    township = add(body="预算公开", unit_id=2, unit_path="/1/2/")
    village = add(body="预算公开", unit_id=7, unit_path="/1/2/7/")
    other = add(body="预算公开", unit_id=3, unit_path="/1/3/")
    assert set(keys(index.search("预算", filters=Filters(unit_id=2)))) == {
        township.key,
        village.key,
    }
    assert keys(index.search("预算", filters=Filters(unit_id=7))) == [village.key]
    assert len(keys(index.search("预算", filters=Filters(unit_id=1)))) == 4
    assert {county.key, other.key} & set(
        keys(index.search("预算", filters=Filters(unit_id=2)))
    ) == set()


def test_filters_by_catalog_item_topic_date_and_validity(add):
    a = add(body="补贴发放", catalog_item_id=5, topic="民政、扶贫、救灾", date=date(2023, 6, 1))
    b = add(body="补贴发放", catalog_item_id=6, topic="财政、金融、审计", date=date(2024, 6, 1))
    c = add(
        body="补贴发放",
        catalog_item_id=5,
        topic="财政、金融、审计",
        date=date(2024, 7, 1),
        validity=Validity.REPEALED,
    )

    def found(**filters) -> set[str]:
        return set(keys(index.search("补贴", filters=Filters(**filters))))

    assert found(catalog_item_id=5) == {a.key, c.key}
    assert found(topic="财政、金融、审计") == {b.key, c.key}
    assert found(date_from=date(2024, 1, 1)) == {b.key, c.key}
    assert found(date_to=date(2024, 6, 1)) == {a.key, b.key}
    assert found(date_from=date(2024, 6, 1), date_to=date(2024, 6, 1)) == {b.key}
    assert found(validity=frozenset({Validity.REPEALED})) == {c.key}
    assert found(validity=frozenset({Validity.CURRENT})) == {a.key, b.key}
    assert found(catalog_item_id=5, validity=frozenset({Validity.CURRENT})) == {a.key}


def test_filters_alone_list_documents_without_words(add):
    a = add(title="第一份", catalog_item_id=9, date=date(2024, 1, 1))
    b = add(title="第二份", catalog_item_id=9, date=date(2024, 2, 1))
    add(title="第三份", catalog_item_id=10)
    results = index.search("", filters=Filters(catalog_item_id=9))
    assert keys(results) == [b.key, a.key]
    assert results.total == 2


def test_nothing_is_searched_without_words_or_filters(add):
    add(title="低保")
    results = index.search("  ，。！  ")
    assert (results.searched, results.total, results.hits) == (False, 0, [])


def test_an_internal_document_is_found_only_by_those_entitled(add):
    public = add(body="公务接待费用明细")
    internal = add(body="公务接待费用明细（内部）", audience=Audience.INTERNAL, reader_unit_id=2)
    other_internal = add(
        body="公务接待费用明细（内部）", audience=Audience.INTERNAL, reader_unit_id=3
    )
    assert keys(index.search("接待")) == [public.key]
    assert set(keys(index.search("接待", user_scope={2}))) == {public.key, internal.key}
    assert set(keys(index.search("接待", user_scope={2, 3}))) == {
        public.key,
        internal.key,
        other_internal.key,
    }
    assert keys(index.search("接待", user_scope={9})) == [public.key]
    # Not even through a filter-only listing or the count.
    assert index.search("", filters=Filters(unit_id=2)).total == 1
    assert index.search("内部").total == 0


def test_reindexing_a_key_replaces_the_document(add):
    doc = add(title="关于低保的通知", body="低保")
    index.index_document(make_document(key=doc.key, title="关于预算的通知", body="预算"))
    assert index.search("低保").total == 0
    assert keys(index.search("预算")) == [doc.key]
    assert index.search("预算").hits[0].title == "关于预算的通知"


def test_a_changed_validity_moves_the_document(add):
    doc = add(title="宅基地管理办法")
    later = add(title="宅基地管理办法（修订）", date=date(2020, 1, 1))
    assert keys(index.search("宅基地")) == [doc.key, later.key]
    index.index_document(
        make_document(key=doc.key, title="宅基地管理办法", validity=Validity.REPEALED)
    )
    assert keys(index.search("宅基地")) == [later.key, doc.key]


def test_a_removed_document_is_no_longer_found(add):
    doc = add(title="扶贫资金公示")
    keep = add(title="扶贫资金公示（二）")
    index.remove_document(doc.key)
    index.remove_document("publication:does-not-exist")
    assert keys(index.search("扶贫")) == [keep.key]


def test_indexing_waits_for_the_commit(db, django_capture_on_commit_callbacks):
    doc = make_document(title="防汛抗旱应急预案")
    with django_capture_on_commit_callbacks(execute=True):
        index.index_on_commit(doc)
        assert index.search("防汛").total == 0
    assert keys(index.search("防汛")) == [doc.key]
    with django_capture_on_commit_callbacks(execute=True):
        index.remove_on_commit(doc.key)
    assert index.search("防汛").total == 0


def test_snippets_are_escaped_and_mark_the_hits(add):
    add(
        title="<b>低保</b>名单",
        body="前文" * 40 + "本次发放<script>alert(1)</script>低保金，共计3户低保户。" + "后文" * 40,
    )
    hit = index.search("低保").hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>低保</mark>&lt;/b&gt;名单"
    snippet = hit.snippets[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>低保</mark>金" in snippet
    assert "<script>" not in snippet
    assert snippet.count("<mark>") == 2
    assert snippet.startswith("…") and snippet.endswith("…")


def test_a_snippet_highlights_across_punctuation_and_width(add):
    add(body="依据娄星办发〔２０２３〕５号文件")
    hit = index.search("娄星办发[2023]5号").hits[0]
    assert "<mark>娄星办发〔２０２３〕５号</mark>" in hit.snippets[0]


def test_a_title_only_hit_shows_the_opening_of_the_text(add):
    add(title="预算公开", summary="本镇二〇二四年部门预算及“三公”经费预算。")
    hit = index.search("预算公开").hits[0]
    assert hit.snippets == ["本镇二〇二四年部门预算及“三公”经费预算。"]


def test_results_are_paged(add):
    docs = [add(body="村委会换届选举", date=date(2024, 1, day)) for day in range(1, 26)]
    newest_first = [doc.key for doc in reversed(docs)]
    first = index.search("村委会", page_size=10)
    third = index.search("村委会", page=3, page_size=10)
    assert (first.total, first.num_pages, first.has_next, first.has_previous) == (
        25,
        3,
        True,
        False,
    )
    assert keys(first) == newest_first[:10]
    assert keys(third) == newest_first[20:]
    assert not third.has_next
    assert index.search("村委会", page=4, page_size=10).hits == []


def test_paging_runs_from_title_hits_into_body_hits(add):
    titles = [add(title=f"工作简报第{n}期", date=date(2024, 1, n)) for n in range(1, 4)]
    bodies = [add(body="做好本月工作", date=date(2024, 2, n)) for n in range(1, 4)]
    order = [d.key for d in reversed(titles)] + [d.key for d in reversed(bodies)]
    pages = [keys(index.search("工作", page=p, page_size=2)) for p in (1, 2, 3)]
    assert pages == [order[0:2], order[2:4], order[4:6]]


def test_a_long_text_is_searchable_to_its_end(add):
    # Long enough to be cut into several chunks on PostgreSQL.
    filler = "按照上级部署，扎实推进各项重点任务。" * 400
    wanted = add(body=filler + "最后一段：生活垃圾分类处理设施建设。" + filler)
    assert keys(index.search("生活垃圾分类处理")) == [wanted.key]
    assert keys(index.search("重点任务")) == [wanted.key]


def test_rebuild_from_the_stored_texts_keeps_every_result(add, monkeypatch):
    monkeypatch.setattr(index, "_SOURCES", {})  # as when no app has registered a source
    a = add(title="低保公示", body="城乡低保")
    b = add(body="低保金发放", audience=Audience.INTERNAL, reader_unit_id=2)
    assert index.rebuild() == 2
    assert keys(index.search("低保")) == [a.key]
    assert set(keys(index.search("低保", user_scope={2}))) == {a.key, b.key}
    index.remove_document(a.key)  # deleting still works after the rebuild
    assert index.search("低保").total == 0


def test_rebuild_from_a_registered_source_drops_what_it_no_longer_has(add, monkeypatch):
    gone = add(title="已删除的低保公示")
    kept = make_document(title="低保公示")
    monkeypatch.setattr(index, "_SOURCES", {})
    index.register_source("test", lambda: [kept])
    assert index.rebuild() == 1
    assert keys(index.search("低保")) == [kept.key]
    assert gone.key not in keys(index.search("公示"))


def test_a_rebuild_over_indexed_documents_finds_each_once_by_its_texts_now(add, monkeypatch):
    # Batches of one: from the second on, the tokens come from the rebuild's second process,
    # and deleting an old row with unchanged texts uses them.
    same = [add(title=f"低保公示第{n}期", date=date(2024, 1, n)) for n in range(1, 4)]
    changed = add(title="低保公示", body="危房改造")
    now = dataclasses.replace(changed, body="农村饮水")
    monkeypatch.setattr(index, "_SOURCES", {})
    monkeypatch.setattr(index, "REBUILD_BATCH", 1)
    index.register_source("test", lambda: [*same, now])
    assert index.rebuild() == 4
    assert sorted(keys(index.search("低保公示"))) == sorted(doc.key for doc in [*same, now])
    assert index.search("低保公示").total == 4
    assert keys(index.search("农村饮水")) == [now.key]
    assert index.search("危房改造").total == 0


def test_a_document_must_say_who_may_read_it_when_internal():
    with pytest.raises(ValueError):
        make_document(audience=Audience.INTERNAL)
    with pytest.raises(ValueError):
        make_document(validity="cancelled")


def test_past_the_cap_the_total_is_a_floor_and_pages_still_follow(add, monkeypatch):
    from gongkai.search.backends import sqlite

    monkeypatch.setattr(sqlite, "CAP", 4)  # SQLite stops counting there; PostgreSQL counts all
    docs = [add(body="安全生产检查", date=date(2024, 4, day)) for day in range(1, 8)]
    first = index.search("安全生产", page_size=2)
    if first.total_exact:
        assert first.total == 7
    else:
        assert (first.total, first.num_pages) == (4, 2)
    listed = [
        key for page in (1, 2) for key in keys(index.search("安全生产", page=page, page_size=2))
    ]
    assert listed == [doc.key for doc in reversed(docs)][:4]


def test_sort_keys_order_by_validity_then_day_and_stay_small():
    from gongkai.search.models import sort_key

    newest_current = sort_key(Validity.CURRENT, date(2800, 12, 31), 2**30 - 1)
    oldest_current = sort_key(Validity.CURRENT, date(1, 1, 1), 1)
    newest_expired = sort_key(Validity.EXPIRED, date(2800, 12, 31), 2**30 - 1)
    newest_repealed = sort_key(Validity.REPEALED, date(2800, 12, 31), 2**30 - 1)
    assert newest_current > oldest_current > newest_expired > newest_repealed
    # Small keys: FTS5 in SQLite 3.40 lost rows in descending scans over keys near 10^17.
    assert sort_key(Validity.CURRENT, date(9999, 12, 31), 2**30 - 1) < 2**53
    with pytest.raises(OverflowError):
        sort_key(Validity.CURRENT, date(2024, 1, 1), 2**30)


def test_a_far_future_date_is_indexed_and_filtered(add):
    doc = add(title="远期规划", date=date(9999, 12, 31))
    assert keys(index.search("规划", filters=Filters(date_from=date(2030, 1, 1)))) == [doc.key]


def test_no_facet_token_can_be_mistaken_for_a_word_token():
    # Words are matched in every column, facets included; that is safe only because a
    # facet token of a word token's length (4 or 8) starts with a group that codes an
    # unassigned character, which never reaches the index or a query.
    def character(group: str) -> str | None:
        value = int(group, 36)
        return chr(value) if value <= 0x10FFFF else None

    starts = [f"c{n:03d}" for n in range(100, 1000)] + [f"ai{n:02d}" for n in range(10, 100)]
    for group in starts:
        ch = character(group)
        assert ch is None or not ch.isalnum(), group
    for prefix in ("u", "t"):
        assert character(prefix + "000") is None


def test_a_descending_scan_over_our_sort_keys_loses_no_row():
    # SQLite 3.40's FTS5 skipped rows of an AND query in ORDER BY rowid DESC when the
    # rowids were decimal keys near 10^17 (our first scheme; it reproduces with these 40,000
    # rows). The packed keys must keep every row.
    import random
    import sqlite3
    from datetime import timedelta

    from gongkai.search.models import sort_key

    rng = random.Random(1)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(a, b, content='', columnsize=0)")
    rows = []
    for pk in range(1, 40001):
        validity = rng.choices(list(Validity.values), [85, 5, 10])[0]
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(4300))
        words = ["xx"] * (rng.random() < 0.1) + ["zz"] * rng.randint(1, 3)
        rows.append((sort_key(validity, day, pk), " ".join(words), "w"))
    db.executemany("INSERT INTO f (rowid, a, b) VALUES (?, ?, ?)", rows)
    db.execute("INSERT INTO f (f) VALUES ('optimize')")
    expected = db.execute("SELECT count(*) FROM f WHERE f MATCH 'xx AND zz'").fetchone()[0]
    descending = db.execute(
        "SELECT rowid FROM f WHERE f MATCH 'xx AND zz' ORDER BY rowid DESC"
    ).fetchall()
    assert len(descending) == expected > 3000


def test_hits_read_window_by_window_come_in_the_same_order(add, monkeypatch):
    # On PostgreSQL a common word is read a window of 32-day buckets at a time; force that
    # on a small index (every query windowed) and the order and the total must not change.
    from datetime import timedelta

    from gongkai.search.backends import postgres

    # As if the index were large and every word common: each query starts with one bucket.
    big = postgres._Stats(rows=1e6, freqs={}, floor=0.5, read_at=0.0)
    monkeypatch.setattr(postgres, "_stats", lambda cursor, table: big)
    docs = []
    for n in range(36):
        docs.append(
            add(
                body="安全生产检查" if n % 3 else "森林防火",
                title="安全生产通知" if n % 7 == 0 else f"通知{n}",
                date=date(2023, 1, 1) + timedelta(days=41 * n),
                validity=Validity.REPEALED if n % 5 == 0 else Validity.CURRENT,
                unit_id=7 if n % 2 else 2,
                unit_path="/1/2/7/" if n % 2 else "/1/2/",
            )
        )
    rank = {Validity.CURRENT: 1, Validity.REPEALED: 0}
    found = [doc for doc in docs if "安全生产" in doc.body + doc.title]
    in_title = sorted(
        (doc for doc in found if "安全生产" in doc.title),
        key=lambda doc: (rank[doc.validity], doc.date),
        reverse=True,
    )
    rest = sorted(
        (doc for doc in found if doc not in in_title),
        key=lambda doc: (rank[doc.validity], doc.date),
        reverse=True,
    )
    with CaptureQueriesContext(connection) as queries:
        results = index.search("安全生产", page_size=50)
    if connection.vendor == "postgresql":  # read by windows indeed
        # More queries than the two validity ranks: the first is read in windows.
        assert sum("FROM search_chunk" in query["sql"] for query in queries) >= 3
    assert results.total == len(found)
    assert keys(results) == [doc.key for doc in in_title + rest]
    village = index.search("安全生产", filters=Filters(unit_id=7), page_size=50)
    assert keys(village) == [doc.key for doc in in_title + rest if doc.unit_id == 7]
