"""The table layout is the official one, read from a faithful copy of the reference format."""

from __future__ import annotations

import hashlib
import json

from gongkai.info_requests import outcomes
from gongkai.reports import compute, layout

# SHA-256 of the official format (国办公开办函〔2021〕30号) as transcribed to JSON by the project;
# the copy the app reads must be that file, byte for byte.
REFERENCE_SHA256 = "67ad1ae12d8fad0015ae22a9aaaff864f8ff58ff86e1d4ee9250a692f939bd85"


def test_the_copy_of_the_format_is_the_reference_byte_for_byte():
    assert hashlib.sha256(layout.FORMAT_FILE.read_bytes()).hexdigest() == REFERENCE_SHA256
    assert json.loads(layout.FORMAT_FILE.read_text(encoding="utf-8")) == layout.FORMAT


def test_table3_has_25_data_rows_in_official_order_and_no_group_captions():
    assert len(layout.TABLE3_ROWS) == 25
    assert layout.T3_LABELS[0] == "一、本年新收政府信息公开申请数量"
    assert layout.T3_LABELS[1] == "二、上年结转政府信息公开申请数量"
    assert layout.T3_LABELS[2] == "（一）予以公开"
    assert layout.T3_LABELS[4] == "1.属于国家秘密"
    assert layout.T3_LABELS[23] == "（七）总计"
    assert layout.T3_LABELS[24] == "四、结转下年度继续办理"
    for caption in ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"):
        assert caption not in layout.T3_LABELS


def test_table3_columns_are_the_six_applicant_kinds_and_the_total():
    assert layout.T3_COLUMNS == (
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    )
    assert layout.T3_ORG_GROUP == "法人或其他组织"


def test_every_outcome_row_is_reached_by_exactly_one_reply_outcome():
    rows = sorted(compute.OUTCOME_ROW.values())
    assert rows == list(layout.T3_OUTCOME_ROWS)
    assert set(compute.APPLICANT_COLUMN.values()) == set(layout.T3_APPLICANT_COLUMNS)
    assert len(outcomes.OUTCOMES) == len(rows)


def test_table2_and_table4_labels():
    assert [sub.caption for sub in layout.TABLE2] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert layout.TABLE2[0].columns == ("本年制发件数", "本年废止件数", "现行有效件数")
    assert layout.TABLE2[0].rows == ("规章", "行政规范性文件")
    assert layout.T4_GROUPS == ("行政复议", "未经复议直接起诉", "复议后起诉")
    assert layout.T4_COLUMNS == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert len(layout.TABLE4_CELLS) == 15
