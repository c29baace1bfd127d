from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import actions
from gongkai.core.codes import make_credit_code
from gongkai.core.models import AuditEvent, Role, Unit, UnitKind

from .factories import county, member, office, township, village

pytestmark = pytest.mark.django_db


def code(serial: int) -> str:
    return make_credit_code("11", "431399", f"{serial:08d}1")


def test_a_township_is_created_under_its_county_with_an_audit_event():
    root = county()
    unit = actions.create_unit(
        by=None,
        kind=UnitKind.TOWNSHIP,
        parent=root,
        credit_code=code(1),
        name="示例县青山镇人民政府",
        short_name="青山镇",
    )
    assert unit.org_code == code(1)[8:17]
    assert unit.path == f"{root.path}{unit.pk}/"
    event = AuditEvent.objects.get(action="unit:created", target_id=str(unit.pk))
    assert event.data["credit_code"] == unit.credit_code


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [
        (UnitKind.VILLAGE, UnitKind.OFFICE),
        (UnitKind.OFFICE, UnitKind.COUNTY),
        (UnitKind.TOWNSHIP, UnitKind.TOWNSHIP),
        (UnitKind.VILLAGE, UnitKind.COUNTY),
    ],
)
def test_a_unit_under_the_wrong_kind_of_parent_is_refused_and_nothing_saved(kind, parent_kind):
    root = county()
    parents = {UnitKind.COUNTY: root}
    parents[UnitKind.TOWNSHIP] = township(root)
    parents[UnitKind.OFFICE] = office(parents[UnitKind.TOWNSHIP])
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as raised:
        actions.create_unit(
            by=None,
            kind=kind,
            parent=parents[parent_kind],
            credit_code=code(2),
            name="某单位",
            short_name="某",
        )
    assert "parent" in raised.value.message_dict
    assert Unit.objects.count() == before
    assert not AuditEvent.objects.filter(data__credit_code=code(2)).exists()


def test_a_county_has_no_parent():
    root = county()
    with pytest.raises(ValidationError):
        actions.create_unit(
            by=None,
            kind=UnitKind.COUNTY,
            parent=root,
            credit_code=code(3),
            name="另一县",
            short_name="另",
        )


def test_a_bad_credit_code_is_refused_and_nothing_saved():
    root = county()
    bad = code(4)[:-1] + ("0" if code(4)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as raised:
        actions.create_unit(
            by=None,
            kind=UnitKind.TOWNSHIP,
            parent=root,
            credit_code=bad,
            name="某镇",
            short_name="某镇",
        )
    assert "credit_code" in raised.value.message_dict
    assert not Unit.objects.filter(credit_code=bad).exists()


def test_a_duplicate_credit_code_is_refused():
    root = county()
    with pytest.raises(ValidationError):
        actions.create_unit(
            by=None,
            kind=UnitKind.TOWNSHIP,
            parent=root,
            credit_code=root.credit_code,
            name="某镇",
            short_name="某镇",
        )


def test_subtree_holds_the_unit_and_everything_below_it():
    root = county()
    town = township(root)
    other = township(root)
    station = office(town)
    hamlet = village(town)
    assert set(Unit.objects.subtree(town)) == {town, station, hamlet}
    assert other not in Unit.objects.subtree(town)
    assert station.township == town
    assert station.county == root
    assert list(hamlet.ancestors()) == [root, town, hamlet]


def test_only_an_administrator_of_the_parent_may_add_a_unit():
    root = county()
    town = township(root)
    clerk = member(town, Role.CLERK)
    with pytest.raises(PermissionDenied):
        actions.create_unit(
            by=clerk,
            kind=UnitKind.OFFICE,
            parent=town,
            credit_code=code(5),
            name="财政所",
            short_name="财政所",
        )
    admin = member(town, Role.UNIT_ADMIN)
    unit = actions.create_unit(
        by=admin,
        kind=UnitKind.OFFICE,
        parent=town,
        credit_code=code(5),
        name="财政所",
        short_name="财政所",
    )
    assert AuditEvent.objects.get(action="unit:created", target_id=str(unit.pk)).actor == admin


def test_contact_details_are_updated_with_the_old_and_new_values_recorded():
    root = county()
    town = township(root, phone="0738-1")
    admin = member(town, Role.UNIT_ADMIN)
    actions.update_unit(town, by=admin, phone="0738-8801001", fax="0738-8801002")
    town.refresh_from_db()
    assert town.phone == "0738-8801001"
    event = AuditEvent.objects.get(action="unit:updated")
    assert event.data["changes"]["phone"] == ["0738-1", "0738-8801001"]
