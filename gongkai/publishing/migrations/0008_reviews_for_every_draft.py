"""Every draft has its review from the moment it is written; drafts written before reviews
existed get theirs here (at the writing stage), instead of on the first page that reads them."""

from django.db import migrations


def reviews_for_drafts(apps, schema_editor):
    PublicationVersion = apps.get_model("publishing", "PublicationVersion")
    Review = apps.get_model("publishing", "Review")
    missing = PublicationVersion.objects.filter(published_at__isnull=True, review__isnull=True)
    Review.objects.bulk_create(
        [Review(version_id=pk) for pk in missing.values_list("pk", flat=True).iterator()]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0007_attachment_title"),
    ]

    operations = [
        migrations.RunPython(reviews_for_drafts, migrations.RunPython.noop),
    ]
