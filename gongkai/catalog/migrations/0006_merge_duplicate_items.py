"""Three matters were listed twice in the default catalog, once in the seed plan's village list
and once among the Art. 21 items, under different names. Each pair becomes one item: the
other item's publications, adoptions, obligations and oversight orders move to the one kept,
its own text joins the kept item's (where the county has not edited it), and it is retired
with `merged_into` set, so its old addresses lead to the item kept."""

from django.db import IntegrityError, migrations, models, transaction
import django.db.models.deletion

# (retired key, kept key): the keys of `gongkai.catalog.defaults.MERGED`, written out here so
# the migration never changes when the defaults do.
PAIRS = (("V04", "A05"), ("V07", "A08"), ("A04", "V05"))

PLAN = "乡政务公开工作实施方案"
# The kept items' text before and after the merge: updated only where it is still the default.
TEXT = {
    "A05": {
        "content": (
            "征收范围、土地现状、征收目的、补偿标准、安置方式、社会保障",
            "征收范围、土地现状、征收目的、补偿标准、安置方式、社会保障；"
            "征地补偿费、安置补助费的发放使用情况",
        ),
        "basis": (
            "《中华人民共和国政府信息公开条例》第二十一条；《中华人民共和国土地管理法》第四十七条",
            "《中华人民共和国政府信息公开条例》第二十一条；《中华人民共和国土地管理法》第四十七条；"
            + PLAN,
        ),
    },
    "A08": {
        "content": (
            "救助政策、对象（低保仅公开姓名、家庭人口和保障金额）、标准、资金发放情况",
            "救助政策、对象（低保仅公开姓名、家庭人口和保障金额）、标准、资金发放情况；"
            "扶贫救灾款物发放、优待抚恤情况",
        ),
        "basis": (
            "《中华人民共和国政府信息公开条例》第二十一条；"
            "《最低生活保障审核确认办法》（民发〔2021〕57号）第二十四条",
            "《中华人民共和国政府信息公开条例》第二十一条；"
            "《最低生活保障审核确认办法》（民发〔2021〕57号）第二十四条；" + PLAN,
        ),
    },
    # Homesteads are approved in batches: each within 20 working days, as Art. 21 asks.
    "V05": {
        "content": (
            "申请人、审批面积、位置、审批结果",
            "申请条件、审核程序、申请人、审批面积、位置、审批结果",
        ),
        "cadence": ("with_village", "timely"),
        "time_limit": ("与村务公开同步", "信息形成或者变更之日起20个工作日内"),
    },
}


def _move(model, field, old, new):
    """Point `field` of `model`'s rows from `old` to `new`; a row that would then repeat one
    the kept item already has (the same unit and period) stays where it is."""
    moved = 0
    for row in model.objects.filter(**{field: old}):
        setattr(row, field + "_id", new.pk)
        try:
            with transaction.atomic():
                row.save(update_fields=[field])
            moved += 1
        except IntegrityError:
            pass
    return moved


def merge(apps, schema_editor):
    Catalog = apps.get_model("catalog", "Catalog")
    Item = apps.get_model("catalog", "CatalogItem")
    Adoption = apps.get_model("catalog", "Adoption")
    Publication = apps.get_model("publishing", "Publication")
    Obligation = apps.get_model("obligations", "Obligation")
    Order = apps.get_model("obligations", "OversightOrder")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for catalog in Catalog.objects.all():
        items = {i.key: i for i in Item.objects.filter(catalog=catalog, key__in=sum(PAIRS, ()))}
        for old_key, new_key in PAIRS:
            old, new = items.get(old_key), items.get(new_key)
            if old is None or new is None or old.merged_into_id:
                continue
            for field, (before, after) in TEXT.get(new_key, {}).items():
                if getattr(new, field) == before:
                    setattr(new, field, after)
            new.is_active = True
            new.save()
            publications = Publication.objects.filter(item=old).update(item=new)
            # A unit that adopted the retired item adopts the kept one instead.
            adoptions = 0
            for adoption in Adoption.objects.filter(item=old):
                if Adoption.objects.filter(unit_id=adoption.unit_id, item=new).exists():
                    adoption.delete()
                else:
                    adoption.item = new
                    adoption.save(update_fields=["item"])
                    adoptions += 1
            obligations = _move(Obligation, "item", old, new)
            orders = Order.objects.filter(item=old).update(item=new)
            old.is_active = False
            old.merged_into = new
            old.save(update_fields=["is_active", "merged_into"])
            AuditEvent.objects.create(
                action="catalog_item:merged",
                unit_id=catalog.county_id,
                target_type="catalog.catalogitem",
                target_id=str(old.pk),
                data={
                    "key": old_key,
                    "into": new.pk,
                    "into_key": new_key,
                    "publications": publications,
                    "adoptions": adoptions,
                    "obligations": obligations,
                    "orders": orders,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_village_items"),
        ("core", "0008_unit_started_on"),
        ("obligations", "0003_order_deadline_passed"),
        ("publishing", "0007_attachment_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogitem",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.catalogitem",
                verbose_name="merged into",
            ),
        ),
        migrations.RunPython(merge, migrations.RunPython.noop),
    ]
