"""API keys are the core's now (one mechanism for every staff API): copy the keys issued so
far into core.ApiToken, then drop this app's table. Only hashes were ever stored, so the keys
people hold keep working."""

from django.db import migrations


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("info_requests", "ApiToken")
    New = apps.get_model("core", "ApiToken")
    for token in Old.objects.all():
        New.objects.get_or_create(
            key_hash=token.key_hash,
            defaults={
                "user_id": token.user_id,
                "prefix": "",
                "name": token.name,
                "created_at": token.created_at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("info_requests", "0002_add_fee_steps"),
        ("core", "0003_api_tokens_with_revocation"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop),
        migrations.DeleteModel(name="ApiToken"),
    ]
