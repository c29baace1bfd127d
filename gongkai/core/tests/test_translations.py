"""Every user-facing string has a Chinese translation, and what ships is compiled from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from gongkai.conftest import missing_tool

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.sources
def test_every_app_is_translated_completely_and_compiled():
    if not shutil.which("msgfmt") or not shutil.which("xgettext"):
        missing_tool("GNU gettext is not installed (apt-get install gettext)")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Staff sign-in", "工作人员登录"),
        ("county supervisor", "县级监督员"),
        ("internal staff", "机关干部职工"),
    ],
)
def test_chinese_is_the_default_and_english_the_second_language(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese
    with translation.override("en"):
        assert translation.gettext(english) == english
