"""The deputies' round: the county opens it, evaluators fill a form per unit, the county closes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.evaluation import actions, reads
from gongkai.evaluation.models import Evaluation, EvaluationRound, RoundStatus

from .conftest import signed_in

SCORES = {
    "completeness": "5",
    "timeliness": "4",
    "accuracy": "5",
    "convenience": "3",
    "responsiveness": "4",
    "remarks": "村务公开栏更新及时，建议网上公开增加办事指南。",
}


def test_the_county_opens_evaluators_fill_and_the_county_closes(world, supervisor, deputy):
    county = signed_in(supervisor)
    opened = county.post(
        "/staff/evaluation/rounds/",
        {
            "county": world.county.org_code,
            "year": "2026",
            "title": "2026年度政务公开评议",
            "scale": "5",
        },
    )
    assert opened.status_code == 302
    round_ = EvaluationRound.objects.get()
    assert round_.status == RoundStatus.OPEN
    evaluator = signed_in(deputy)
    forms = evaluator.get(f"/staff/evaluation/rounds/{round_.pk}/").content.decode()
    assert world.township.name in forms and world.office.name in forms
    url = f"/staff/evaluation/rounds/{round_.pk}/{world.township.org_code}/"
    assert evaluator.post(url, {**SCORES, "timeliness": "6"}).status_code == 200  # out of range
    assert evaluator.post(url, SCORES).status_code == 302
    # Filled again while open, the form is replaced, not doubled.
    assert evaluator.post(url, {**SCORES, "convenience": "4"}).status_code == 302
    assert Evaluation.objects.get().convenience == 4
    # Not counted until the round is closed.
    assert reads.results(world.township, 2026).evaluations == 0
    assert county.post(f"/staff/evaluation/rounds/{round_.pk}/close/").status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    found = reads.results(world.township, 2026)
    assert found.evaluations == 1
    assert found.scores["convenience"] == 4
    # Closed: no more forms.
    assert evaluator.post(url, SCORES).status_code == 200
    assert Evaluation.objects.count() == 1


def test_only_evaluators_fill_and_only_supervisors_open_and_close(world, supervisor, deputy):
    round_ = actions.open_round(
        world.county, by=supervisor, year=2026, title="2026年度评议", scale="100"
    )
    assert signed_in(world.clerk).get(f"/staff/evaluation/rounds/{round_.pk}/").status_code == 403
    assert signed_in(deputy).post(f"/staff/evaluation/rounds/{round_.pk}/close/").status_code == 403
    assert (
        signed_in(world.clerk)
        .post(
            "/staff/evaluation/rounds/",
            {"county": world.county.org_code, "year": "2025", "title": "x", "scale": "5"},
        )
        .status_code
        == 403
    )
    with pytest.raises(ValidationError):
        actions.open_round(world.county, by=supervisor, year=2026, title="again", scale="5")


def test_a_hundred_point_round_takes_scores_up_to_100(world, supervisor, deputy):
    round_ = actions.open_round(
        world.county, by=supervisor, year=2026, title="2026年度评议", scale="100"
    )
    scores = dict.fromkeys(actions.ASPECTS, 0) | {"accuracy": 100}
    evaluation = actions.submit_evaluation(
        round_, world.office, by=deputy, scores=scores, remarks=""
    )
    assert evaluation.accuracy == 100
    with pytest.raises(ValidationError):
        actions.submit_evaluation(round_, world.county, by=deputy, scores=scores, remarks="")


def test_an_evaluator_belongs_to_the_county_and_only_evaluates(world, deputy):
    from gongkai.core import access
    from gongkai.core.models import Membership, Role

    with pytest.raises(ValidationError):
        Membership(user=deputy, unit=world.township, role=Role.EVALUATOR).full_clean()
    assert access.can(deputy, access.Perm.EVALUATE, world.office)
    for perm in (access.Perm.READ_INTERNAL, access.Perm.DRAFT, access.Perm.HANDLE_FEEDBACK):
        assert not access.can(deputy, perm, world.township)
