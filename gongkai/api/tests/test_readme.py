"""The README's office-system example, performed request by request exactly as written there."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.core import tokens
from gongkai.publishing.models import Publication, Stage
from gongkai.publishing.tests import files

README = Path(__file__).resolve().parents[3] / "README.md"


def example() -> list[str]:
    """The shell statements of the API section's example, one per paragraph."""
    section = README.read_text(encoding="utf-8").split("## The JSON API", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [part.strip() for part in block.split("\n\n") if part.strip()]


def run_curl(client: Client, statement: str, variables: dict[str, str]):
    """One `curl` as the README writes it, through the test client; answers the response."""
    args = shlex.split(statement.replace("\\\n", " "))
    assert args[0] == "curl", statement
    method, url, headers, data, upload = "GET", "", {}, None, None
    form: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        if arg in ("-s", "-f", "-sf"):
            continue
        if arg == "-X":
            method = next(rest)
        elif arg == "-H":
            name, _colon, value = next(rest).partition(":")
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            data, method = next(rest), "POST"
        elif arg == "-F":
            field, _eq, value = next(rest).partition("=")
            if value.startswith("@"):
                upload, method = (field, value.removeprefix("@")), "POST"
            else:
                form[field] = value
        else:
            url = arg

    def expand(text: str) -> str:
        for name, value in variables.items():
            text = text.replace(f"${name}", value)
        return text

    url = expand(url)
    extra: dict[str, Any] = {
        f"HTTP_{name.upper().replace('-', '_')}": expand(value)
        for name, value in headers.items()
        if name.lower() != "content-type"
    }
    assert method == "POST"
    if upload is not None:
        field, name = upload
        pdf = files.pdf(name)
        sent = SimpleUploadedFile(name, pdf.read(), "application/pdf")
        return client.post(url, {field: sent, **form}, **extra)
    if data is not None:
        return client.post(
            url, expand(data).encode(), content_type=headers["Content-Type"], **extra
        )
    return client.generic("POST", url, b"", **extra)


def test_an_office_system_creates_a_draft_attaches_a_file_and_submits_it_as_the_readme_says(
    world,
):
    _token, key = tokens.issue(world.clerk, name="OA")
    variables = {"API": "/api/v1", "KEY": key, "UNIT": world.township.org_code}
    client = Client()
    create, attach, submit = [s for s in example() if "curl" in s]

    assert create.startswith("ID=$(") and create.endswith("| jq .id)")
    created = run_curl(client, create.removeprefix("ID=$(").removesuffix("| jq .id)"), variables)
    assert created.status_code == 201, created.content
    variables["ID"] = str(created.json()["id"])

    attached = run_curl(client, attach, variables)
    assert attached.status_code == 200, attached.content
    assert [(a["title"], a["name"]) for a in attached.json()["attachments"]] == [
        ("镇政府领导班子成员分工", "领导分工.pdf")
    ]

    submitted = run_curl(client, submit, variables)
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["stage"] == Stage.SUBMITTED

    publication = Publication.objects.get(pk=variables["ID"])
    assert publication.draft.title == "青山镇人民政府领导班子成员工作分工"
    assert publication.draft.attachments.get().name == "领导分工.pdf"


def test_a_client_written_before_titles_still_attaches_and_the_file_name_is_the_title(world):
    _token, key = tokens.issue(world.clerk, name="OA")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    client = Client()
    created = client.post(
        "/api/v1/staff/publications",
        {
            "unit": world.township.org_code,
            "item": "T01",
            "topic": "organisation",
            "title": "青山镇人民政府领导班子成员工作分工",
            "summary": "镇长、副镇长分管工作和联系村（社区）。",
            "body": "<p>镇长主持政府全面工作。</p>",
            "written_on": "2026-07-01",
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    attached = client.post(
        f"/api/v1/staff/publications/{created.json()['id']}/attachments",
        {"file": files.pdf("2026年领导分工.pdf")},
        **auth,
    )
    assert attached.status_code == 200, attached.content
    assert [(a["title"], a["name"]) for a in attached.json()["attachments"]] == [
        ("2026年领导分工", "2026年领导分工.pdf")
    ]
