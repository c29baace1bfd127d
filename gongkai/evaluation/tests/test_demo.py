from __future__ import annotations

from gongkai.catalog import demo as catalog_demo
from gongkai.evaluation import demo as evaluation_demo
from gongkai.evaluation import reads
from gongkai.evaluation.models import (
    ErrorReport,
    EvaluationRound,
    Moderation,
    Rating,
    ReportStatus,
    RoundStatus,
)
from gongkai.info_requests import demo as info_requests_demo
from gongkai.publishing import demo as publishing_demo


def test_the_demo_has_moderated_comments_reports_and_a_closed_round(demo):
    catalog_demo.load()
    publishing_demo.load()
    info_requests_demo.load()
    assert evaluation_demo.load()["evaluations"] > 0
    assert Rating.objects.filter(moderation=Moderation.APPROVED).exclude(answer="").exists()
    assert Rating.objects.filter(moderation=Moderation.PENDING).exists()
    assert Rating.objects.filter(info_request__isnull=False).exists()
    assert set(ErrorReport.objects.values_list("status", flat=True)) == {
        ReportStatus.OPEN,
        ReportStatus.ANSWERED,
    }
    round_ = EvaluationRound.objects.get()
    assert round_.status == RoundStatus.CLOSED
    township = Rating.objects.first().unit
    found = reads.results(township, round_.year)
    assert found.ratings > 10 and found.evaluations == 1
    counts = (Rating.objects.count(), ErrorReport.objects.count())
    assert evaluation_demo.load() == {"ratings": 0, "error_reports": 0, "evaluations": 0}
    assert (Rating.objects.count(), ErrorReport.objects.count()) == counts
