from __future__ import annotations

import itertools
from datetime import date

import pytest

from gongkai.search import index

_keys = itertools.count(1)


def make_document(**fields) -> index.Document:
    """A document of the county /1/, township /1/2/; fields override the defaults."""
    n = next(_keys)
    values = {
        "key": f"test:{n}",
        "unit_id": 2,
        "unit_path": "/1/2/",
        "unit_name": "城关镇人民政府",
        "title": f"测试文件{n}",
        "url": f"/info/test/{n}/",
        "date": date(2024, 3, 1),
    }
    values.update(fields)
    return index.Document(**values)


@pytest.fixture
def add(db):
    """Index a document now and return it."""

    def add(**fields) -> index.Document:
        doc = make_document(**fields)
        index.index_document(doc)
        return doc

    return add


def keys(results: index.Results) -> list[str]:
    return [hit.key for hit in results.hits]
