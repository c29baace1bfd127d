from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from gongkai.search import index

from .conftest import keys


def test_rebuild_search_index_command_rebuilds_and_reports(add, monkeypatch):
    doc = add(title="村务公开目录")
    monkeypatch.setattr(index, "_SOURCES", {})
    index.register_source("test", lambda: [doc])
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert "1 documents" in out.getvalue()
    assert keys(index.search("村务")) == [doc.key]
