"""The Word files, laid out by LibreOffice, fit one A4 page like the PDFs."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

from gongkai.info_requests import documents

from .test_documents import A4_POINTS, _through_every_notice, town  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [documents.RECEIPT, documents.FEE])
def test_a_short_notice_in_word_is_one_a4_page(town, kind, tmp_path):
    req = _through_every_notice(town)
    source = tmp_path / f"{kind}.docx"
    source.write_bytes(documents.docx(documents.compose(req, kind)))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    reader = PdfReader(io.BytesIO((tmp_path / f"{kind}.pdf").read_bytes()))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A4_POINTS
