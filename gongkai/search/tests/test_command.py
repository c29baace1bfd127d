from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.search import index

from .conftest import keys, make_document


def test_rebuild_search_index_command_rebuilds_and_reports(add, monkeypatch):
    doc = add(title="村务公开目录")
    monkeypatch.setattr(index, "_SOURCES", {})
    index.register_source("test", lambda: [doc])
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert "1 documents" in out.getvalue()
    assert keys(index.search("村务")) == [doc.key]


class Stop(Exception):
    """Stands for the rebuild being stopped (Ctrl-C, a killed process)."""


def test_a_stopped_rebuild_goes_on_where_it_stopped(db, monkeypatch):
    docs = [make_document(title=f"村务公开第{n}期") for n in range(1, 8)]
    given: list[str] = []
    stop_after = {"count": 5}

    def documents(after: str = ""):
        start = next(i for i, doc in enumerate(docs) if doc.key == after) + 1 if after else 0
        for doc in docs[start:]:
            if len(given) == stop_after["count"]:
                raise Stop
            given.append(doc.key)
            yield doc

    monkeypatch.setattr(index, "REBUILD_BATCH", 2)
    monkeypatch.setattr(index, "_SOURCES", {})
    index.register_source("test", documents)
    with pytest.raises(Stop):
        call_command("rebuild_search_index", stdout=StringIO(), stderr=StringIO())
    # Two batches of two were committed before the stop; the fifth document was not.
    assert index.search("村务公开").total == 4

    stop_after["count"] = 100
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", "--resume", stdout=out, stderr=err)
    assert "Resuming after 4 documents" in err.getvalue()
    assert "3 documents" in out.getvalue()  # the rest, not all seven again
    assert given == [doc.key for doc in docs[:5]] + [doc.key for doc in docs[4:]]
    assert sorted(keys(index.search("村务公开"))) == sorted(doc.key for doc in docs)
    assert index.search("村务公开").total == 7
