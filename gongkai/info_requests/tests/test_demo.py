from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gongkai.core.models import User
from gongkai.info_requests import access
from gongkai.info_requests import demo as requests_demo
from gongkai.info_requests.models import Filing, InfoRequest


@pytest.fixture
def loaded(demo):
    assert requests_demo.load() == {"applications": len(requests_demo.APPLICATIONS)}
    return demo


def test_the_demo_has_applications_in_every_state_and_loads_once(loaded):
    stages = set(InfoRequest.objects.values_list("stage", flat=True))
    assert stages == {"submitted", "received", "awaiting_correction", "consulting", "replied"}
    outcomes = set(InfoRequest.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert {"disclosed", "partly_disclosed", "not_held", "process_information"} <= outcomes
    assert InfoRequest.objects.reply_overdue(today=localdate()).count() == 1
    assert InfoRequest.objects.filter(events__type="extend").count() == 1
    assert Filing.objects.count() == 2
    assert requests_demo.load() == {"applications": 0}


def test_every_demo_application_opens_for_its_handlers_and_its_applicant(loaded, client):
    for req in InfoRequest.objects.select_related("unit", "unit__parent"):
        status = client.get(req.status_path(), follow=True)
        assert status.status_code == 200, req
        # Every application has someone to handle it, offices without staff included.
        handler = access.handlers(req.unit)[0]
        client.force_login(handler)
        assert (
            client.get(reverse("info_requests:detail", args=[req.tracking_code])).status_code == 200
        )
        if req.outcome:
            assert (
                client.get(
                    reverse("info_requests:letter_file", args=[req.tracking_code, "docx"])
                ).status_code
                == 200
            )
        client.logout()
    client.force_login(User.objects.get(username="county_supervisor"))
    page = client.get(reverse("info_requests:supervise")).content.decode()
    assert InfoRequest.objects.reply_overdue(today=localdate()).get().tracking_code in page
