"""A publication's period as a code (2026-H1), read from the free text its versions carry.

Published versions are sealed in the county's hash chain and the database refuses any change
to them, so their period text stays as it was; the code sits on the publication beside it.
Text that names no period (2026年第一批) leaves the code empty.
"""

import re

from django.db import migrations, models

_CN = {"一": 1, "二": 2, "三": 3, "四": 4}
_LABEL = re.compile(
    r"^(\d{4})(?:年(?:(度|全年)?|(上|下)半年(?:度)?|第([一二三四1-4])季度|(\d{1,2})月(?:份)?))?$"
)
_CODE = re.compile(r"^\d{4}(?:-(?:H[12]|Q[1-4]|M(?:0[1-9]|1[0-2])))?$")


def code_of(text):
    """A frozen copy of the period parser as it was when this migration was written."""
    text = re.sub(r"\s+", "", text or "")
    if _CODE.match(text):
        return text
    match = _LABEL.match(text)
    if not match or "年" not in text:
        return ""
    year, _whole, half, quarter, month = match.groups()
    if half:
        return f"{year}-H{1 if half == '上' else 2}"
    if quarter:
        return f"{year}-Q{_CN.get(quarter) or int(quarter)}"
    if month:
        return f"{year}-M{int(month):02d}" if 1 <= int(month) <= 12 else ""
    return year


def fill_codes(apps, schema_editor):
    Publication = apps.get_model("publishing", "Publication")
    Version = apps.get_model("publishing", "PublicationVersion")
    for publication in Publication.objects.all().only("pk", "current_id"):
        version = (
            Version.objects.filter(pk=publication.current_id).first()
            if publication.current_id
            else Version.objects.filter(publication=publication).order_by("-number").first()
        )
        code = code_of(version.period) if version else ""
        if code:
            Publication.objects.filter(pk=publication.pk).update(period_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0005_finding_attachment"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="period_code",
            field=models.CharField(
                blank=True, db_index=True, max_length=8, verbose_name="period code"
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
    ]
