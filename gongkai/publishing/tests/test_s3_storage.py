"""Attachments on an S3-compatible store (configured by the environment): uploaded into the
bucket, never made public there, and served through our own view with its headers, as on the
filesystem. The store is a real S3 server (moto's, in its own process)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import boto3
import pytest
from django.test import Client

from gongkai.publishing import actions
from gongkai.settings import media_storage

from . import files
from .conftest import TODAY

ENV = {
    "MEDIA_S3_BUCKET": "gongkai-media",
    "MEDIA_S3_REGION": "us-east-1",
    "MEDIA_S3_ACCESS_KEY_ID": "county-it-office",
    "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
    "MEDIA_S3_PREFIX": "media",
    "MEDIA_S3_ADDRESSING_STYLE": "path",
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """An S3-compatible server on a free port, for the module's tests."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def bucket(s3_endpoint, settings):
    env = {**ENV, "MEDIA_S3_ENDPOINT_URL": s3_endpoint}
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(env)}
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=env["MEDIA_S3_REGION"],
        aws_access_key_id=env["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["MEDIA_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=env["MEDIA_S3_BUCKET"])
    yield client
    listed = client.list_objects_v2(Bucket=env["MEDIA_S3_BUCKET"]).get("Contents", [])
    for found in listed:
        client.delete_object(Bucket=env["MEDIA_S3_BUCKET"], Key=found["Key"])
    client.delete_bucket(Bucket=env["MEDIA_S3_BUCKET"])


def test_the_default_is_the_filesystem():
    assert media_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_attachments_go_to_the_bucket_and_are_served_through_our_view(world, bucket, settings):
    publication = world.draft(
        title="村级公益事业建设项目公示",
        files=actions.Uploads(
            attachments=[files.pdf("项目公示.pdf"), files.docx("项目明细.docx")],
            attachment_titles=["项目公示", "项目明细"],
        ),
    )
    world.submit(publication)
    for finding in publication.draft.findings.filter(state="open"):
        actions.override(publication, finding.pk, by=world.reviewer, reason="已人工核对")
    world.approve(publication)
    world.record_approvals(publication)
    actions.publish(
        publication, by=world.reviewer, version_number=publication.draft.number, today=TODAY
    )
    publication.refresh_from_db()
    version = publication.current
    attachments = {found.kind: found for found in version.attachments.all()}

    keys = {
        found["Key"] for found in bucket.list_objects_v2(Bucket=ENV["MEDIA_S3_BUCKET"])["Contents"]
    }
    assert {f"media/{found.file.name}" for found in attachments.values()} <= keys
    assert not (settings.MEDIA_ROOT / attachments["pdf"].file.name).exists()
    # Private objects: no grant to everyone, so only our view can hand them out.
    for key in keys:
        acl = bucket.get_object_acl(Bucket=ENV["MEDIA_S3_BUCKET"], Key=key)
        assert not [
            grant
            for grant in acl["Grants"]
            if grant["Grantee"].get("URI", "").endswith(("AllUsers", "AuthenticatedUsers"))
        ]

    base = f"{publication.get_absolute_url()}v{version.number}/files/"
    reader = Client()
    pdf = reader.get(f"{base}{attachments['pdf'].pk}/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert pdf["Content-Disposition"].startswith("inline")
    assert pdf["Content-Security-Policy"] == "sandbox"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    word = reader.get(f"{base}{attachments['docx'].pk}/")
    assert word["Content-Disposition"].startswith("attachment")
    body = b"".join(word.streaming_content)
    assert len(body) == attachments["docx"].size
    assert not pdf.has_header("Location")  # the file itself, never a redirect to the bucket
