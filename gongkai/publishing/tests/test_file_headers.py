"""Files are served so that nothing in them can run on our origin: Word and Excel files as
downloads, PDFs and images shown inline only inside a sandbox, never sniffed; a file that is
really a web page is refused at upload."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.publishing import actions

from . import files
from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world):
    publication = world.draft(
        title="村级公益事业建设项目公示",
        files=actions.Uploads(
            attachments=[files.pdf("项目公示.pdf"), files.docx("项目明细.docx"), files.png()],
            attachment_titles=["项目公示", "项目明细", "现场照片"],
        ),
    )
    world.submit(publication)
    # The image and the file with no text are "check by hand": the reviewer looked at them.
    for finding in publication.draft.findings.filter(state="open"):
        actions.override(
            publication, finding.pk, by=world.reviewer, reason="已人工核对，无个人信息"
        )
    world.approve(publication)
    world.record_approvals(publication)
    actions.publish(
        publication, by=world.reviewer, version_number=publication.draft.number, today=TODAY
    )
    publication.refresh_from_db()
    return publication


def _served(client: Client, publication) -> dict[str, object]:
    base = publication.get_absolute_url()
    version = publication.current
    return {
        found.kind: client.get(f"{base}v{version.number}/files/{found.pk}/")
        for found in version.attachments.all()
    }


def _check(served: dict) -> None:
    for kind, response in served.items():
        assert response.status_code == 200, kind
        assert response["X-Content-Type-Options"] == "nosniff", kind
    assert served["docx"]["Content-Disposition"].startswith("attachment")
    for kind in ("pdf", "png"):
        assert served[kind]["Content-Disposition"].startswith("inline"), kind
        assert served[kind]["Content-Security-Policy"] == "sandbox", kind


def test_public_attachments_download_or_show_in_a_sandbox(client, published):
    _check(_served(client, published))


def test_the_staff_copy_of_an_attachment_has_the_same_headers(client, world, published):
    client.force_login(world.clerk)
    version = published.current
    served = {
        found.kind: client.get(f"/staff/publications/{published.pk}/files/{found.pk}/")
        for found in version.attachments.all()
    }
    _check(served)


@pytest.mark.parametrize(
    "name, content",
    [
        ("公告.html", b"<html><script>alert(document.cookie)</script></html>"),
        ("图标.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("公告.pdf", b"<html><script>alert(document.cookie)</script></html>"),
        ("照片.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ],
)
def test_a_web_page_is_refused_whatever_its_name(world, name, content):
    upload = SimpleUploadedFile(name, content, "text/html")
    with pytest.raises(ValidationError):
        world.draft(
            title="带网页的草稿",
            files=actions.Uploads(attachments=[upload], attachment_titles=["网页"]),
        )
