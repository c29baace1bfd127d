"""Counties that already have a scheme get a new version with the indicator of differences
with the villages' accounts left unexplained (村务对应). The versions before it, and every
result computed or published under them, stay exactly as they were."""

from decimal import Decimal

from django.db import migrations

KEY = "unexplained_village_differences"


def add_indicator(apps, schema_editor):
    Scheme = apps.get_model("assessment", "AssessmentScheme")
    Indicator = apps.get_model("assessment", "Indicator")
    GroupWeight = apps.get_model("assessment", "GroupWeight")
    counties = Scheme.objects.values_list("county_id", flat=True).distinct()
    for county_id in sorted(set(counties)):
        latest = Scheme.objects.filter(county_id=county_id).order_by("-version").first()
        if latest.indicators.filter(key=KEY).exists():
            continue
        scheme = Scheme.objects.create(
            county_id=county_id,
            version=latest.version + 1,
            full_score=latest.full_score,
            note="新增指标：村务对应差异未说明",
            created_by=None,
        )
        rows = list(latest.indicators.order_by("position", "pk"))
        for n, old in enumerate(rows):
            Indicator.objects.create(
                scheme=scheme,
                key=old.key,
                group=old.group,
                position=n,
                deduction=old.deduction,
                cap=old.cap,
                veto=old.veto,
            )
        Indicator.objects.create(
            scheme=scheme,
            key=KEY,
            group="results",
            position=len(rows),
            deduction=Decimal("1.0"),
            cap=Decimal("5.0"),
            veto=False,
        )
        for weight in latest.weights.all():
            GroupWeight.objects.create(scheme=scheme, group=weight.group, weight=weight.weight)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_group_weights"),
    ]

    operations = [migrations.RunPython(add_indicator, migrations.RunPython.noop)]
